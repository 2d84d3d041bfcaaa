import { createHash } from "node:crypto";
import type { RunRecord, RunTrigger, ScheduleDecision, ScheduleSettings } from "../../../shared/schedule-types.js";
import { atLocalClock, inWindow, localDayKey, parseClock, windowEnd } from "./local-time.js";

const HOUR = 3600_000;
/** A run that starts this long after its slot was missed (asleep, off, quiet time) is a catch-up. */
export const CATCH_UP_AFTER_MS = HOUR;
/** After a failed run, try again this soon (or at the next slot, if that comes first). */
export const RETRY_AFTER_FAILURE_MS = HOUR;

export interface DecideInput {
  now: Date;
  schedule: ScheduleSettings;
  /** The newest run that was not skipped (any runner, manual runs included). */
  lastAttempt: RunRecord | null;
  lastSuccess: RunRecord | null;
  /** Makes the jitter differ between machines/archives but stay the same for one slot. */
  seed: string;
}

/** A delay in [0, jitterMinutes) derived from seed and slot, so asking twice gives the same answer. */
export function jitterMs(seed: string, slot: string, jitterMinutes: number): number {
  if (!(jitterMinutes > 0)) return 0;
  const h = createHash("sha256").update(`${seed}\0${slot}`).digest();
  return Math.floor((h.readUInt32BE(0) / 0x1_0000_0000) * jitterMinutes * 60_000);
}

/** The slot a run is owed at (jitter included), or null when none is owed yet (first run: now). */
function owedSlot(input: DecideInput): { slot: Date; next: Date } | { slot: null; next: Date } {
  const { now, schedule: s, lastAttempt, seed } = input;
  const last = lastAttempt ? new Date(lastAttempt.started) : null;
  if (s.mode === "interval") {
    const every = Math.max(1, s.everyHours) * HOUR;
    if (!last) return { slot: now, next: now };
    const slot = new Date(last.getTime() + every + jitterMs(seed, lastAttempt!.started, s.jitterMinutes));
    return slot.getTime() <= now.getTime() ? { slot, next: slot } : { slot: null, next: slot };
  }
  const at = parseClock(s.atTime);
  const slotOn = (dayOffset: number): Date => {
    const base = atLocalClock(now, at, dayOffset);
    return new Date(base.getTime() + jitterMs(seed, localDayKey(base), s.jitterMinutes));
  };
  // The newest slot at or before now (today's, or yesterday's if today's is still ahead).
  let latest = slotOn(0);
  if (latest.getTime() > now.getTime()) latest = slotOn(-1);
  if (!last || last.getTime() < latest.getTime()) return { slot: latest, next: latest };
  const today = slotOn(0);
  return { slot: null, next: today.getTime() > now.getTime() ? today : slotOn(1) };
}

/** Moves `t` out of the quiet window (to its end), if it is inside. */
function outOfQuiet(t: Date, s: ScheduleSettings): Date {
  if (!s.quiet) return t;
  const from = parseClock(s.quiet.from);
  const to = parseClock(s.quiet.to);
  return inWindow(t, from, to) ? windowEnd(t, to) : t;
}

/**
 * Whether a scheduled run is due now. Pure and deterministic: the same input gives the same answer.
 * Runs are owed per slot, not per missed slot: however many slots passed while the machine was off,
 * one run (a "catch-up") settles them, because the next slot is counted from that run.
 */
export function decideRun(input: DecideInput): ScheduleDecision {
  const { now, schedule: s, lastAttempt } = input;
  if (!s.enabled) return { due: false, reason: "disabled", trigger: null, nextRun: null };
  const quiet = s.quiet ? { from: parseClock(s.quiet.from), to: parseClock(s.quiet.to) } : null;
  const inQuiet = quiet !== null && inWindow(now, quiet.from, quiet.to);

  let due = false;
  let reason: string;
  let trigger: RunTrigger | null = null;
  let next: Date;

  const unfinished = lastAttempt && (lastAttempt.outcome === "interrupted" || lastAttempt.ended === null);
  const failed = lastAttempt && lastAttempt.outcome === "failed";
  const plan = owedSlot(input);
  if (!lastAttempt) {
    due = true;
    reason = "first run";
    trigger = "schedule";
    next = now;
  } else if (unfinished) {
    // Killed, shut down or put to sleep mid-way: resume from its checkpoint at the first chance.
    due = true;
    reason = "resume an interrupted run";
    trigger = "catch-up";
    next = now;
  } else if (plan.slot) {
    due = true;
    const late = now.getTime() - plan.slot.getTime() >= CATCH_UP_AFTER_MS;
    reason = late ? "catch-up (a run was missed)" : "due";
    trigger = late ? "catch-up" : "schedule";
    next = now;
  } else if (failed && now.getTime() - Date.parse(lastAttempt.started) >= RETRY_AFTER_FAILURE_MS) {
    due = true;
    reason = "retry after a failed run";
    trigger = "schedule";
    next = now;
  } else {
    reason = "not yet";
    next = plan.next;
    if (failed) {
      const retry = new Date(Date.parse(lastAttempt.started) + RETRY_AFTER_FAILURE_MS);
      if (retry.getTime() < next.getTime()) next = retry;
    }
  }
  if (due && inQuiet) {
    return { due: false, reason: "quiet time", trigger: null, nextRun: outOfQuiet(now, s).toISOString() };
  }
  return { due, reason, trigger, nextRun: outOfQuiet(next, s).toISOString() };
}
