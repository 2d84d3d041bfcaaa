// Which tray icon a state gets, and why (the tooltip's words), from the health the engine reports.
import assert from "node:assert/strict";
import { test } from "node:test";
import type { AppState } from "../../../shared/app-types.js";
import { DEFAULT_SCHEDULE, type HealthReport, type RunRecord } from "../../../shared/schedule-types.js";
import { inWords, trayState } from "../../../electron/shell/tray/tray-state.js";

type Health = HealthReport["sources"][number];
const source = (name: string, state: Health["state"], failures = 0): Health => ({ name, state, lastGoodCopy: null, failures, message: null });
const run = (outcome: RunRecord["outcome"], reason: string | null = null): RunRecord => ({
  id: "r",
  trigger: "schedule",
  runner: "app",
  started: "2026-03-10T06:00:00Z",
  ended: "2026-03-10T06:01:00Z",
  outcome,
  reason,
  snapshot: null,
  changes: { newItems: 0, changedItems: 0, unchangedItems: 0, newBytesStored: 0 },
  errors: [],
  verify: null,
});

function state(over: { status?: AppState["archive"]["status"]; health?: Health[]; lastRun?: RunRecord | null; job?: AppState["job"]; signInView?: boolean } = {}): AppState {
  return {
    archive: { status: over.status ?? "unlocked", path: "/a", sizeBytes: 1, snapshots: 1, lastSnapshot: null, lastVerify: null, remembered: true },
    sources: over.signInView ? [{ name: "m", type: "microsoft", location: "m@x", state: "needs-sign-in", lastGoodCopy: null, reason: "r", action: "sign-in", kinds: [] }] : [],
    job: over.job ?? null,
    settings: { schedule: DEFAULT_SCHEDULE, retention: { keepLast: 1, keepDaily: 0, keepWeekly: 0, keepMonthly: 0, keepYearly: 0 }, notifications: { onFailure: true, onSuccess: false, whenStaleHours: 72 } },
    health: over.health ? { fresh: over.health.every((s) => s.state === "ok"), checked: "2026-03-10T12:00:00Z", sources: over.health, lastRun: null, nextRun: null } : null,
    lastRun: over.lastRun ?? null,
    nextRun: null,
  };
}

test("ok when every source is fresh; running while a backup runs, whatever else is wrong", () => {
  assert.deepEqual(trayState(state({ health: [source("a", "ok"), source("b", "ok")] })), { icon: "ok", reason: null });
  assert.deepEqual(trayState(null), { icon: "ok", reason: null });
  const job = { id: "j", kind: "backup" as const, label: "Backing up", phase: "mail", items: 1, totalItems: 2, bytes: 0, totalBytes: null, rate: null, etaSeconds: null, started: "x" };
  assert.equal(trayState(state({ job, health: [source("a", "needs-sign-in")] })).icon, "running");
  assert.equal(trayState(state({ job: { ...job, kind: "verify" }, health: [source("a", "ok")] })).icon, "ok", "only backups show as running");
});

test("error: a source needs sign-in or keeps failing, or the last run failed; sign-in is named first", () => {
  assert.deepEqual(trayState(state({ health: [source("mail@x", "needs-sign-in"), source("Docs", "failing", 3)] })), { icon: "error", reason: "mail@x needs a new sign-in." });
  assert.deepEqual(trayState(state({ health: [source("Docs", "failing", 3), source("Pics", "failing", 4)] })), { icon: "error", reason: "Backups of Docs, Pics keep failing." });
  assert.deepEqual(trayState(state({ health: [source("Docs", "ok")], lastRun: run("failed", "disk full") })), { icon: "error", reason: "The last backup failed: disk full" });
  assert.equal(trayState(state({ status: "locked", signInView: true })).icon, "error", "locked: the per-source view still knows");
});

test("warning: stale or never copied, a locked archive, no archive; a skipped run is not a problem", () => {
  assert.deepEqual(trayState(state({ health: [source("Docs", "stale"), source("Pics", "ok")] })), { icon: "warning", reason: "Docs is out of date." });
  assert.deepEqual(trayState(state({ health: [source("Docs", "stale"), source("Pics", "stale")] })), { icon: "warning", reason: "Docs, Pics are out of date." });
  assert.deepEqual(trayState(state({ health: [source("Docs", "never")] })), { icon: "warning", reason: "1 source has no copy yet." });
  assert.equal(trayState(state({ status: "locked" })).icon, "warning");
  assert.match(trayState(state({ status: "locked" })).reason!, /locked/);
  assert.equal(trayState(state({ status: "none" })).icon, "warning");
  assert.equal(trayState(state({ health: [source("Docs", "ok")], lastRun: run("skipped", "another backup is running (pid 7)") })).icon, "ok");
});

test("the next run in words", () => {
  const now = new Date("2026-03-10T12:00:00Z");
  assert.equal(inWords("2026-03-10T15:20:00Z", now), "in 3 h 20 min");
  assert.equal(inWords("2026-03-10T12:05:00Z", now), "in 5 min");
  assert.equal(inWords("2026-03-10T14:00:00Z", now), "in 2 h");
  assert.equal(inWords("2026-03-10T12:00:10Z", now), "now");
  assert.equal(inWords("2026-03-14T12:00:00Z", now), "in 4 days");
});
