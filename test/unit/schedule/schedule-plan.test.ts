// The scheduler's decision (electron/engine/schedule/schedule-plan.ts) driven by a simulated clock
// over weeks: a tick every few minutes asks decideRun, and a due run is "run" (recorded). The
// machine can be off for days. Local-time cases pin TZ (Node re-reads process.env.TZ).
import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { DEFAULT_SCHEDULE, type RunRecord, type RunTrigger, type ScheduleSettings } from "../../../shared/schedule-types.js";
import { decideRun, jitterMs, CATCH_UP_AFTER_MS } from "../../../electron/engine/schedule/schedule-plan.js";

const MIN = 60_000;
const HOUR = 60 * MIN;
const DAY = 24 * HOUR;

function record(started: Date, outcome: RunRecord["outcome"] = "ok", trigger: RunTrigger = "schedule"): RunRecord {
  return {
    id: `r${started.getTime()}`,
    trigger,
    runner: "app",
    started: started.toISOString(),
    ended: outcome === "interrupted" ? null : new Date(started.getTime() + 5 * MIN).toISOString(),
    outcome,
    reason: null,
    snapshot: null,
    changes: { newItems: 0, changedItems: 0, unchangedItems: 0, newBytesStored: 0 },
    errors: [],
    verify: null,
  };
}

interface Sim {
  runs: Array<{ at: Date; trigger: RunTrigger | null; reason: string }>;
  /** nextRun announced just before each run (to check it was honest). */
  announced: Array<string | null>;
}

/** Ticks from `start` to `end` every `tickMin` minutes; a due run is recorded as done at once. */
function simulate(schedule: ScheduleSettings, start: Date, end: Date, opts: { tickMin?: number; on?: (t: Date) => boolean; seed?: string; history?: RunRecord[] } = {}): Sim {
  const tick = (opts.tickMin ?? 5) * MIN;
  const history: RunRecord[] = [...(opts.history ?? [])];
  const sim: Sim = { runs: [], announced: [] };
  let lastNext: string | null = null;
  for (let t = start.getTime(); t <= end.getTime(); t += tick) {
    const now = new Date(t);
    if (opts.on && !opts.on(now)) continue;
    const last = history[history.length - 1] ?? null;
    const d = decideRun({ now, schedule, lastAttempt: last, lastSuccess: last, seed: opts.seed ?? "seed-1" });
    if (schedule.enabled) assert.ok(d.nextRun, "nextRun is always filled when enabled");
    if (d.due) {
      sim.announced.push(lastNext);
      sim.runs.push({ at: now, trigger: d.trigger, reason: d.reason });
      history.push(record(now, "ok", d.trigger ?? "schedule"));
    }
    lastNext = d.nextRun;
  }
  return sim;
}

const interval = (over: Partial<ScheduleSettings> = {}): ScheduleSettings => ({ ...DEFAULT_SCHEDULE, mode: "interval", everyHours: 6, jitterMinutes: 10, quiet: null, ...over });
const daily = (over: Partial<ScheduleSettings> = {}): ScheduleSettings => ({ ...DEFAULT_SCHEDULE, mode: "daily", atTime: "12:30", jitterMinutes: 10, quiet: null, ...over });

let savedTz: string | undefined;
before(() => {
  savedTz = process.env.TZ;
  process.env.TZ = "Europe/Berlin";
});
after(() => {
  if (savedTz === undefined) delete process.env.TZ;
  else process.env.TZ = savedTz;
});

describe("interval mode", () => {
  test("two weeks always on: a run every 6 h (plus at most jitter and one tick), never early, no catch-ups", () => {
    const start = new Date("2026-05-04T00:00:00Z");
    const sim = simulate(interval(), start, new Date(start.getTime() + 14 * DAY));
    assert.equal(sim.runs[0]!.reason, "first run");
    for (let i = 1; i < sim.runs.length; i++) {
      const gap = sim.runs[i]!.at.getTime() - sim.runs[i - 1]!.at.getTime();
      assert.ok(gap >= 6 * HOUR, `run ${i} came ${gap / MIN} min after the previous one (< 6 h)`);
      assert.ok(gap < 6 * HOUR + 10 * MIN + 5 * MIN, `run ${i} came ${gap / MIN} min after the previous one (> 6 h + jitter + tick)`);
      assert.equal(sim.runs[i]!.trigger, "schedule");
    }
    // 14 days at 6 h + up to 15 min: between 14*24/6.25 and 14*24/6 + 1 runs.
    assert.ok(sim.runs.length >= Math.floor((14 * 24) / 6.25) && sim.runs.length <= (14 * 24) / 6 + 1, `${sim.runs.length} runs`);
  });

  test("machine off for 3 days: ONE catch-up run when it comes back, then the normal rhythm", () => {
    const start = new Date("2026-05-04T00:00:00Z");
    const offFrom = start.getTime() + 2 * DAY + 1 * HOUR;
    const offTo = offFrom + 3 * DAY;
    const sim = simulate(interval(), start, new Date(start.getTime() + 10 * DAY), { on: (t) => t.getTime() < offFrom || t.getTime() >= offTo });
    const afterWake = sim.runs.filter((r) => r.at.getTime() >= offTo);
    assert.equal(afterWake[0]!.at.getTime(), offTo, "the catch-up runs at the first tick after waking");
    assert.equal(afterWake[0]!.trigger, "catch-up");
    const firstSixHours = afterWake.filter((r) => r.at.getTime() < offTo + 6 * HOUR);
    assert.equal(firstSixHours.length, 1, `missed runs are caught up once, not ${firstSixHours.length} times`);
    assert.equal(sim.runs.filter((r) => r.trigger === "catch-up").length, 1);
    assert.ok(afterWake[1]!.at.getTime() - offTo >= 6 * HOUR, "the next run is a full interval after the catch-up");
  });

  test("a run killed mid-way (no end) is resumed at the next tick; a failed one is retried after an hour", () => {
    const now = new Date("2026-05-04T10:00:00Z");
    const killed = decideRun({ now, schedule: interval(), lastAttempt: record(new Date(now.getTime() - 5 * MIN), "interrupted"), lastSuccess: null, seed: "s" });
    assert.deepEqual([killed.due, killed.trigger], [true, "catch-up"]);
    const failedRecently = decideRun({ now, schedule: interval(), lastAttempt: record(new Date(now.getTime() - 30 * MIN), "failed"), lastSuccess: null, seed: "s" });
    assert.equal(failedRecently.due, false);
    assert.equal(failedRecently.nextRun, new Date(now.getTime() + 30 * MIN).toISOString(), "the retry is announced");
    const failedAnHourAgo = decideRun({ now, schedule: interval(), lastAttempt: record(new Date(now.getTime() - HOUR), "failed"), lastSuccess: null, seed: "s" });
    assert.equal(failedAnHourAgo.due, true);
  });

  test("nextRun announced before a run is never later than the run itself", () => {
    const start = new Date("2026-05-04T00:00:00Z");
    const sim = simulate(interval(), start, new Date(start.getTime() + 3 * DAY), { tickMin: 1 });
    for (let i = 1; i < sim.runs.length; i++) {
      const announced = Date.parse(sim.announced[i]!);
      const at = sim.runs[i]!.at.getTime();
      assert.ok(announced <= at && at - announced < MIN, `announced ${sim.announced[i]}, ran ${sim.runs[i]!.at.toISOString()}`);
    }
  });
});

describe("daily mode", () => {
  test("three weeks: exactly one run per day, at 12:30 local plus at most the jitter and a tick", () => {
    const start = new Date(2026, 4, 4, 13, 0); // after today's slot: the first run is the "first run"
    const sim = simulate(daily(), start, new Date(start.getTime() + 21 * DAY));
    const later = sim.runs.slice(1);
    assert.equal(later.length, 21);
    const days = new Set(later.map((r) => r.at.toDateString()));
    assert.equal(days.size, 21, "one run per local day");
    for (const r of later) {
      const m = r.at.getHours() * 60 + r.at.getMinutes();
      assert.ok(m >= 12 * 60 + 30 && m < 12 * 60 + 30 + 15, `ran at ${r.at.toString()}`);
      assert.equal(r.trigger, "schedule");
    }
  });

  test("machine off over three daily slots: one catch-up on return, then the next day's slot", () => {
    const start = new Date(2026, 4, 4, 13, 0);
    const offFrom = new Date(2026, 4, 5, 18, 0).getTime();
    const offTo = new Date(2026, 4, 9, 8, 0).getTime();
    const sim = simulate(daily(), start, new Date(2026, 4, 11, 0, 0), { on: (t) => t.getTime() < offFrom || t.getTime() >= offTo });
    const afterWake = sim.runs.filter((r) => r.at.getTime() >= offTo);
    assert.equal(afterWake[0]!.at.getTime(), offTo);
    assert.equal(afterWake[0]!.trigger, "catch-up");
    assert.equal(afterWake.filter((r) => r.at.getTime() < new Date(2026, 4, 9, 12, 30).getTime()).length, 1, "one catch-up, not three");
    assert.equal(afterWake[1]!.at.getDate(), 9, "that day's 12:30 slot still runs (it is after the catch-up)");
    assert.equal(afterWake[1]!.at.getHours(), 12);
  });

  test("DST (Europe/Berlin): spring forward with a slot at 02:30 that does not exist, fall back with one that exists twice: one run each day", () => {
    const springDay = (d: Date): boolean => d.getFullYear() === 2026 && d.getMonth() === 2 && d.getDate() === 29;
    const fallDay = (d: Date): boolean => d.getFullYear() === 2026 && d.getMonth() === 9 && d.getDate() === 25;
    const spring = simulate(daily({ atTime: "02:30", jitterMinutes: 0 }), new Date(2026, 2, 26, 12, 0), new Date(2026, 2, 31, 12, 0));
    assert.equal(spring.runs.filter((r) => springDay(r.at)).length, 1);
    assert.equal(spring.runs.find((r) => springDay(r.at))!.at.getHours(), 3, "the missing 02:30 runs at 03:30 (02:00 jumped to 03:00)");
    const fall = simulate(daily({ atTime: "02:30", jitterMinutes: 0 }), new Date(2026, 9, 22, 12, 0), new Date(2026, 9, 28, 12, 0));
    assert.equal(fall.runs.filter((r) => fallDay(r.at)).length, 1, "the repeated hour does not give a second run");
    // 12:30 stays 12:30 local on both sides of each change.
    const noon = simulate(daily({ jitterMinutes: 0 }), new Date(2026, 2, 27, 13, 0), new Date(2026, 2, 31, 13, 0)).runs.slice(1);
    assert.deepEqual(noon.map((r) => `${r.at.getDate()} ${r.at.getHours()}:${r.at.getMinutes()}`), ["28 12:30", "29 12:30", "30 12:30", "31 12:30"]);
    const noonUtc = noon.map((r) => r.at.getUTCHours());
    assert.deepEqual(noonUtc, [11, 10, 10, 10], "the UTC hour moves with the change, the local one does not");
  });

  test("interval mode across a DST change keeps real elapsed hours", () => {
    const sim = simulate(interval({ jitterMinutes: 0 }), new Date(2026, 2, 28, 20, 0), new Date(2026, 2, 29, 12, 0));
    for (let i = 1; i < sim.runs.length; i++) assert.equal(sim.runs[i]!.at.getTime() - sim.runs[i - 1]!.at.getTime(), 6 * HOUR);
  });
});

describe("jitter", () => {
  test("stable for a seed and slot, within [0, jitterMinutes), different across slots and seeds", () => {
    const values = new Set<number>();
    for (let i = 0; i < 200; i++) {
      const slot = new Date(Date.UTC(2026, 0, 1) + i * 6 * HOUR).toISOString();
      const j = jitterMs("seed-a", slot, 10);
      assert.equal(j, jitterMs("seed-a", slot, 10), "same seed and slot, same jitter");
      assert.ok(j >= 0 && j < 10 * MIN, `${j} ms`);
      values.add(Math.floor(j / MIN));
    }
    assert.ok(values.size >= 8, `spread over the window (${values.size} distinct minutes of 10)`);
    assert.notEqual(jitterMs("seed-a", "x", 10), jitterMs("seed-b", "x", 10));
    assert.equal(jitterMs("seed-a", "x", 0), 0);
  });

  test("the same input gives the same decision", () => {
    const input = { now: new Date("2026-05-04T15:00:00Z"), schedule: interval(), lastAttempt: record(new Date("2026-05-04T08:00:00Z")), lastSuccess: null, seed: "s" };
    assert.deepEqual(decideRun(input), decideRun(structuredClone(input)));
  });
});

describe("quiet time and disabled", () => {
  test("a quiet window across midnight (22:00–07:00): no run starts inside it over a week; the postponed run starts at 07:00", () => {
    const quiet = { from: "22:00", to: "07:00" };
    const sim = simulate(interval({ everyHours: 3, quiet }), new Date(2026, 4, 4, 8, 0), new Date(2026, 4, 11, 8, 0));
    for (const r of sim.runs) {
      const m = r.at.getHours() * 60 + r.at.getMinutes();
      assert.ok(m >= 7 * 60 && m < 22 * 60, `a run started in quiet time at ${r.at.toString()}`);
    }
    const mornings = sim.runs.filter((r) => r.at.getHours() === 7 && r.at.getMinutes() === 0);
    assert.equal(mornings.length, 7, "each morning the run held back overnight starts when the window ends");
    assert.ok(mornings.every((r) => r.trigger === "catch-up"), "held back for hours, so it is a catch-up");
  });

  test("a daytime quiet window (09:00–17:00) announces its end as the next run", () => {
    const d = decideRun({ now: new Date(2026, 4, 4, 10, 0), schedule: interval({ quiet: { from: "09:00", to: "17:00" } }), lastAttempt: record(new Date(2026, 4, 4, 1, 0)), lastSuccess: null, seed: "s" });
    assert.deepEqual({ due: d.due, reason: d.reason }, { due: false, reason: "quiet time" });
    assert.equal(d.nextRun, new Date(2026, 4, 4, 17, 0).toISOString());
  });

  test("disabled: never due, no next run", () => {
    const sim = simulate(interval({ enabled: false }), new Date("2026-05-04T00:00:00Z"), new Date("2026-05-06T00:00:00Z"));
    assert.equal(sim.runs.length, 0);
    const d = decideRun({ now: new Date(), schedule: interval({ enabled: false }), lastAttempt: null, lastSuccess: null, seed: "s" });
    assert.deepEqual(d, { due: false, reason: "disabled", trigger: null, nextRun: null });
  });

  test("a slot run late by more than CATCH_UP_AFTER_MS is a catch-up, on time it is a scheduled run", () => {
    const last = record(new Date("2026-05-04T00:00:00Z"));
    const s = interval({ jitterMinutes: 0 });
    const onTime = decideRun({ now: new Date("2026-05-04T06:00:00Z"), schedule: s, lastAttempt: last, lastSuccess: last, seed: "s" });
    const late = decideRun({ now: new Date(Date.parse("2026-05-04T06:00:00Z") + CATCH_UP_AFTER_MS), schedule: s, lastAttempt: last, lastSuccess: last, seed: "s" });
    assert.deepEqual([onTime.due, onTime.trigger, late.due, late.trigger], [true, "schedule", true, "catch-up"]);
  });
});
