import { randomBytes } from "node:crypto";
import type { RunRecord, RunTrigger } from "../../../shared/schedule-types.js";
import type { BackupResult } from "../backup/backup-run.js";

/** A run's first line in the history; a run killed mid-way stays like this (no end, "interrupted"). */
export function emptyRunRecord(trigger: RunTrigger, runner: RunRecord["runner"], started: Date): RunRecord {
  return {
    id: randomBytes(8).toString("hex"),
    trigger,
    runner,
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

/** Whole-source failures as errors; item failures summed up per source (no item names). */
export function errorsOf(r: BackupResult): RunRecord["errors"] {
  const out: RunRecord["errors"] = [];
  const items = new Map<string, { n: number; code: string | null; first: string }>();
  for (const f of r.failed) {
    if (f.path === "") {
      out.push({ source: f.source, code: f.code ?? null, message: f.error });
      continue;
    }
    const e = items.get(f.source) ?? { n: 0, code: f.code ?? null, first: f.error };
    e.n++;
    items.set(f.source, e);
  }
  for (const [source, e] of items) out.push({ source, code: e.code, message: `${e.n} item(s) could not be copied; the next run retries them (first error: ${e.first})` });
  return out;
}

/**
 * Fills `record` from a finished backup: snapshot, counts of the sources that ran, errors; returns
 * the outcome ("ok", "partial", "failed" when every source failed as a whole, "interrupted").
 */
export function applyResult(record: RunRecord, result: BackupResult, ran: string[]): { outcome: RunRecord["outcome"]; reason: string | null; wholeFailed: Set<string> } {
  const s = result.snapshot;
  record.snapshot = s.id;
  record.changes = { newItems: 0, changedItems: 0, unchangedItems: 0, newBytesStored: s.stats.newBytesStored };
  for (const [name, res] of Object.entries(s.sources)) {
    if (!ran.includes(name)) continue;
    record.changes.newItems += res.newItems;
    record.changes.changedItems += res.changedItems;
    record.changes.unchangedItems += res.unchangedItems;
  }
  record.errors = errorsOf(result);
  const wholeFailed = new Set(result.failed.filter((f) => f.path === "").map((f) => f.source));
  if (result.interrupted) return { outcome: "interrupted", reason: "stopped before the end; the next run resumes from its checkpoint", wholeFailed };
  const outcome: RunRecord["outcome"] = result.failed.length === 0 ? "ok" : ran.length > 0 && ran.every((n) => wholeFailed.has(n)) ? "failed" : "partial";
  const first = result.failed.find((f) => f.path === "");
  const reason = first ? `${[...wholeFailed].join(", ")}: ${first.code === "needs-sign-in" ? "needs sign-in" : "failed"}` : null;
  return { outcome, reason, wholeFailed };
}
