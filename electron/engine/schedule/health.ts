import type { SourceConfig, SourceStatus } from "../../../shared/archive-types.js";
import type { HealthReport, RunRecord, ScheduleSettings } from "../../../shared/schedule-types.js";
import type { SnapshotRecord } from "../archive/snapshot-store.js";
import { sourceStatuses } from "../backup/source-status.js";

/** This many failed runs in a row make a source "failing" even if an older snapshot still has it. */
export const FAILING_AFTER = 3;

export interface HealthInput {
  configs: SourceConfig[];
  snapshots: SnapshotRecord[];
  schedule: ScheduleSettings;
  /** Consecutive failed runs per source (SettingsStore.failures). */
  failures: Record<string, number>;
  lastRun: RunRecord | null;
  nextRun: string | null;
  now?: Date;
}

export type SourceHealth = HealthReport["sources"][number] & Pick<SourceStatus, "kind" | "location" | "lastSnapshot">;

function hoursAgo(iso: string, now: Date): number {
  return Math.floor((now.getTime() - Date.parse(iso)) / 3600_000);
}

/**
 * Every source's health at `now`: "needs-sign-in" (its sign-in expired), "failing" (its last run
 * failed as a whole, or FAILING_AFTER runs in a row did), "stale" (no good copy for
 * `schedule.staleHours`), "never" (no copy yet) or "ok". `fresh` only when all are "ok".
 */
export function healthReport(input: HealthInput): HealthReport & { sources: SourceHealth[] } {
  const now = input.now ?? new Date();
  const statuses = sourceStatuses(input.configs, input.snapshots, now.getTime(), input.schedule.staleHours);
  const sources = statuses.map((s): SourceHealth => {
    const failures = input.failures[s.name] ?? 0;
    let state: SourceHealth["state"] = s.state;
    if (failures >= FAILING_AFTER && state !== "needs-sign-in") state = "failing";
    let message: string | null = null;
    switch (state) {
      case "needs-sign-in":
        message = `Its sign-in expired: sign in again (lifeboat add ${s.kind} to reconnect) and the next run copies it.`;
        break;
      case "failing":
        message = failures > 1 ? `The last ${failures} runs failed for this source.` : "The last run failed for this source.";
        if (input.lastRun?.errors.some((e) => e.source === s.name)) message += ` Last error: ${input.lastRun.errors.find((e) => e.source === s.name)!.message}`;
        break;
      case "stale":
        message = `No good copy for ${hoursAgo(s.lastGoodCopy!, now)} hours (more than ${input.schedule.staleHours}).`;
        break;
      case "never":
        message = "Not backed up yet.";
        break;
    }
    return { name: s.name, kind: s.kind, location: s.location, state, lastGoodCopy: s.lastGoodCopy, lastSnapshot: s.lastSnapshot, failures, message };
  });
  return {
    fresh: sources.every((s) => s.state === "ok"),
    checked: now.toISOString(),
    sources,
    lastRun: input.lastRun,
    nextRun: input.nextRun,
  };
}
