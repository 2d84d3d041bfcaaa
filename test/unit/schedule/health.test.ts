// Health (electron/engine/schedule/health.ts) on a simulated clock: a source turns "stale" exactly
// when its last good copy passes staleHours, "failing" after repeated failed runs, "needs-sign-in"
// when its sign-in expired; `fresh` only when every source is ok.
import { describe, test } from "node:test";
import assert from "node:assert/strict";
import type { SnapshotSourceResult, SourceConfig } from "../../../shared/archive-types.js";
import { DEFAULT_SCHEDULE } from "../../../shared/schedule-types.js";
import type { SnapshotRecord } from "../../../electron/engine/archive/snapshot-store.js";
import { FAILING_AFTER, healthReport } from "../../../electron/engine/schedule/health.js";

const HOUR = 3600_000;
const T0 = Date.parse("2026-06-01T08:00:00Z");
const docs: SourceConfig = { name: "Documents", kind: "folder", path: "/home/u/Documents", added: "2026-01-01T00:00:00Z" };
const photos: SourceConfig = { name: "Photos", kind: "folder", path: "/home/u/Photos", added: "2026-01-01T00:00:00Z" };

const ok = (): SnapshotSourceResult => ({ kind: "folder", items: 1, bytes: 1, newItems: 0, changedItems: 0, unchangedItems: 1, failed: [] });
const failed = (code?: string): SnapshotSourceResult => ({ ...ok(), failed: [{ path: "", error: "cannot read", code }] });

let n = 0;
function snap(at: number, sources: Record<string, SnapshotSourceResult>): SnapshotRecord {
  const id = `${String(n++).padStart(4, "0")}${"cd".repeat(30)}`;
  const time = new Date(at).toISOString();
  return { id, file: `${time}-${id}.json.age`, data: { version: 1, time, host: "t", parent: null, complete: true, run: `r${n}`, sources, catalog: [], items: 1, bytes: 1, stats: { newBlobs: 0, newBytesStored: 0, packs: 0 } } };
}

describe("healthReport on a simulated clock", () => {
  test("stale appears exactly when the last good copy passes staleHours (hour by hour over 5 days, two limits)", () => {
    for (const staleHours of [72, 24]) {
      const schedule = { ...DEFAULT_SCHEDULE, staleHours };
      const snapshots = [snap(T0, { Documents: ok(), Photos: ok() }), snap(T0 + 30 * HOUR, { Documents: ok(), Photos: failed() })];
      const firstStale: Record<string, number | null> = { Documents: null, Photos: null };
      for (let h = 0; h <= 5 * 24; h++) {
        const now = new Date(T0 + 30 * HOUR + h * HOUR + 1);
        const r = healthReport({ configs: [docs], snapshots, schedule, failures: {}, lastRun: null, nextRun: null, now });
        const s = r.sources[0]!;
        if (s.state === "stale" && firstStale.Documents === null) firstStale.Documents = now.getTime() - Date.parse(s.lastGoodCopy!);
        assert.equal(r.fresh, s.state === "ok");
      }
      // The tick after the limit (ticks are hours + 1 ms after the snapshot).
      assert.equal(firstStale.Documents, staleHours * HOUR + 1, `stale after exactly ${staleHours} h`);
      const justBefore = healthReport({ configs: [docs], snapshots, schedule, failures: {}, lastRun: null, nextRun: null, now: new Date(T0 + 30 * HOUR + staleHours * HOUR) });
      assert.equal(justBefore.sources[0]!.state, "ok", "at exactly the limit it is still fresh");
      const justAfter = healthReport({ configs: [docs], snapshots, schedule, failures: {}, lastRun: null, nextRun: null, now: new Date(T0 + 30 * HOUR + staleHours * HOUR + 1) });
      assert.equal(justAfter.sources[0]!.state, "stale");
      assert.match(justAfter.sources[0]!.message!, new RegExp(`more than ${staleHours}`));
    }
  });

  test("needs sign-in, failing (last run failed, or FAILING_AFTER failed runs in a row), never; fresh only when all ok", () => {
    const now = new Date(T0 + 2 * HOUR);
    const schedule = DEFAULT_SCHEDULE;
    const signIn = healthReport({ configs: [docs], snapshots: [snap(T0, { Documents: failed("needs-sign-in") })], schedule, failures: { Documents: 1 }, lastRun: null, nextRun: null, now });
    assert.equal(signIn.sources[0]!.state, "needs-sign-in");
    assert.equal(signIn.fresh, false);
    const good = [snap(T0, { Documents: ok(), Photos: ok() })];
    const belowLimit = healthReport({ configs: [docs, photos], snapshots: good, schedule, failures: { Documents: FAILING_AFTER - 1 }, lastRun: null, nextRun: null, now });
    assert.deepEqual(belowLimit.sources.map((s) => s.state), ["ok", "ok"], "a couple of failed runs (e.g. the archive disk was away) do not alarm yet");
    assert.equal(belowLimit.fresh, true);
    const atLimit = healthReport({ configs: [docs, photos], snapshots: good, schedule, failures: { Documents: FAILING_AFTER }, lastRun: null, nextRun: null, now });
    assert.deepEqual(atLimit.sources.map((s) => [s.state, s.failures]), [["failing", FAILING_AFTER], ["ok", 0]]);
    assert.equal(atLimit.fresh, false);
    const lastFailed = healthReport({ configs: [photos], snapshots: [...good, snap(T0 + HOUR, { Photos: failed() })], schedule, failures: {}, lastRun: null, nextRun: "x", now });
    assert.equal(lastFailed.sources[0]!.state, "failing");
    assert.equal(lastFailed.nextRun, "x");
    const never = healthReport({ configs: [docs], snapshots: [], schedule, failures: {}, lastRun: null, nextRun: null, now });
    assert.deepEqual([never.sources[0]!.state, never.fresh], ["never", false]);
  });
});
