import type { RunRecord } from "../../shared/schedule-types.js";
import type { BackupResult } from "../engine/backup/backup-run.js";
import { applyResult, emptyRunRecord } from "../engine/schedule/run-record.js";

/** A "Back up now" run as the history records it (scheduled runs get theirs from runScheduledBackup). */
export function startedRecord(started: Date): RunRecord {
  return emptyRunRecord("manual", "app", started);
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
  // The same bookkeeping as scheduled runs, so the history reads alike whoever started the run.
  const { outcome, reason } = applyResult(out, r, sources);
  out.outcome = outcome;
  out.reason = reason;
  return out;
}
