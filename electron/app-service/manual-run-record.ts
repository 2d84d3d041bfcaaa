import { randomBytes } from "node:crypto";
import type { RunRecord } from "../../shared/schedule-types.js";
import type { BackupResult } from "../engine/backup/backup-run.js";

/** A "Back up now" run as the history records it (scheduled runs get theirs from runScheduledBackup). */
export function startedRecord(started: Date): RunRecord {
  return {
    id: randomBytes(8).toString("hex"),
    trigger: "manual",
    runner: "app",
    started: started.toISOString(),
    ended: null,
    outcome: "interrupted",
    reason: null,
    snapshot: null,
    changes: { newItems: 0, changedItems: 0, unchangedItems: 0, newBytesStored: 0 },
    errors: [],
    verify: null,
  };
}

/** The record once the run ended: what changed and what failed (counts and messages, no item names). */
export function finishedRecord(rec: RunRecord, ended: Date, r: BackupResult | null, error: Error | null, sources: string[]): RunRecord {
  const out: RunRecord = { ...rec, ended: ended.toISOString(), changes: { ...rec.changes }, errors: [] };
  if (!r) {
    out.outcome = "failed";
    out.reason = error?.message ?? "the backup stopped";
    out.errors = [{ source: "*", code: null, message: out.reason }];
    return out;
  }
  const s = r.snapshot;
  out.snapshot = s.id;
  for (const name of sources) {
    const res = s.sources[name];
    if (!res) continue;
    out.changes.newItems += res.newItems;
    out.changes.changedItems += res.changedItems;
    out.changes.unchangedItems += res.unchangedItems;
  }
  out.changes.newBytesStored = s.stats.newBytesStored;
  const items = new Map<string, number>();
  for (const f of r.failed) {
    if (f.path === "") out.errors.push({ source: f.source, code: f.code ?? null, message: f.error });
    else items.set(f.source, (items.get(f.source) ?? 0) + 1);
  }
  for (const [source, n] of items) out.errors.push({ source, code: null, message: `${n} item(s) could not be copied; the next run retries them` });
  const whole = new Set(r.failed.filter((f) => f.path === "").map((f) => f.source));
  if (r.interrupted) {
    out.outcome = "interrupted";
    out.reason = "cancelled; the next run resumes from its checkpoint";
  } else if (r.failed.length === 0) out.outcome = "ok";
  else if (sources.length > 0 && sources.every((n) => whole.has(n))) out.outcome = "failed";
  else out.outcome = "partial";
  if (whole.size && !out.reason) out.reason = [...whole].map((n) => `${n}: ${r.failed.find((f) => f.source === n && f.path === "")?.code === "needs-sign-in" ? "needs sign-in" : "failed"}`).join(", ");
  return out;
}
