import { type SourceConfig, type SourceStatus, sourceLocation } from "../../../shared/archive-types.js";
import type { SnapshotRecord } from "../archive/snapshot-store.js";

export const DEFAULT_STALE_HOURS = 72;

/**
 * Health of each source from the snapshots: the last good copy is the newest complete snapshot in
 * which the source ran without a whole-source failure; "stale" once that is older than the limit.
 */
export function sourceStatuses(configs: SourceConfig[], snapshots: SnapshotRecord[], now = Date.now(), staleHours = DEFAULT_STALE_HOURS): SourceStatus[] {
  const complete = snapshots.filter((s) => s.data.complete);
  return configs.map((c) => {
    let lastGood: SnapshotRecord | null = null;
    let last: SnapshotRecord | null = null;
    for (const s of complete) {
      const r = s.data.sources[c.name];
      if (!r) continue;
      last = s;
      if (!r.failed.some((f) => f.path === "")) lastGood = s;
    }
    let state: SourceStatus["state"] = "ok";
    if (!last) state = "never";
    else if (last.data.sources[c.name]!.failed.some((f) => f.path === "" && f.code === "needs-sign-in")) state = "needs-sign-in";
    else if (last !== lastGood) state = "failing";
    else if (now - Date.parse(lastGood.data.time) > staleHours * 3600_000) state = "stale";
    return { name: c.name, kind: c.kind, location: sourceLocation(c), state, lastGoodCopy: lastGood?.data.time ?? null, lastSnapshot: last?.id ?? null };
  });
}
