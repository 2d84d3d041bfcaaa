import { promises as fsp } from "node:fs";
import path from "node:path";
import type { BackupProgress, SourceConfig } from "../../../shared/archive-types.js";
import type { RunRecord, RunTrigger, ScheduleSettings } from "../../../shared/schedule-types.js";
import type { Archive } from "../archive/archive.js";
import { ArchiveLayout } from "../archive/archive-layout.js";
import { isStale, type LockInfo } from "../archive/archive-lock.js";
import { verifyArchive } from "../archive/verify.js";
import type { BackupResult } from "../backup/backup-run.js";
import { LifeboatError } from "../errors.js";
import type { SecretStore } from "../secrets/secret-store.js";
import type { SettingsStore } from "../settings/settings-store.js";
import { createSource } from "../sources/source-factory.js";
import { backupWithVault } from "../vault/vault-service.js";
import type { RunHistory } from "./run-history.js";
import { applyResult, emptyRunRecord } from "./run-record.js";
import type { LogValue, RunLog } from "./run-log.js";
import { scrubMessage } from "./scrub.js";

/** A full data verify is due when the last one is older than this. */
export const FULL_VERIFY_EVERY_MS = 30 * 24 * 3600_000;

export interface ScheduledRunOptions {
  archivePath: string;
  trigger: RunTrigger;
  runner: "cli" | "scheduler" | "app";
  /** Unlocks the archive (keychain, or the app's open session). */
  open: () => Promise<Archive>;
  sources: SourceConfig[];
  secrets: SecretStore | null;
  signal?: AbortSignal;
  onProgress?: (p: BackupProgress) => void;
  schedule: ScheduleSettings;
  history: RunHistory;
  now?: () => Date;
  /** Optional: the rotated run log. */
  log?: RunLog;
  /** Optional: keeps the per-source failure counters and the last full verify time. */
  settings?: SettingsStore;
  /** Checkpoint cadence (defaults: the engine's). */
  checkpointIntervalMs?: number;
  checkpointEveryPacks?: number;
  /** Called with the finished backup (for the CLI's own output). */
  onBackupResult?: (r: BackupResult) => void;
}


/** The live writer lock of another run, if there is one. */
async function otherWriter(archivePath: string): Promise<LockInfo | null> {
  const file = path.join(new ArchiveLayout(path.resolve(archivePath)).locksDir, "writer.lock");
  try {
    const info = JSON.parse(await fsp.readFile(file, "utf8")) as LockInfo;
    return isStale(info) ? null : info;
  } catch {
    return null;
  }
}

function busyReason(pid: number | string | null, op = "backup"): string {
  const what = op === "backup" ? "another backup is running" : `another operation (${op}) is using the archive`;
  return pid === null ? what : `${what} (pid ${pid})`;
}

/**
 * One unattended run: skips (and says why) when another run holds the archive's writer lock,
 * backs up every source (one needing sign-in is marked and the others still run), records the run
 * (its start first, so a run killed mid-way stays in the history), updates the failure counters,
 * then verifies a sample of the archive and, once a month, all of it.
 */
export async function runScheduledBackup(o: ScheduledRunOptions): Promise<RunRecord> {
  const now = o.now ?? (() => new Date());
  const record = emptyRunRecord(o.trigger, o.runner, now());
  const log = async (event: string, fields: Record<string, LogValue> = {}): Promise<void> => {
    await o.log?.write(event, { run: record.id, ...fields }).catch(() => undefined);
  };
  await o.history.append(record);
  await log("run-start", { trigger: o.trigger, runner: o.runner, sources: o.sources.length });
  const finish = async (outcome: RunRecord["outcome"], reason: string | null): Promise<RunRecord> => {
    record.outcome = outcome;
    record.reason = reason === null ? null : scrubMessage(reason);
    record.ended = now().toISOString();
    await o.history.update(record);
    await log("run-end", {
      outcome,
      reason: record.reason,
      snapshot: record.snapshot?.slice(0, 8) ?? null,
      new: record.changes.newItems,
      changed: record.changes.changedItems,
      unchanged: record.changes.unchangedItems,
      bytes: record.changes.newBytesStored,
      errors: record.errors.length,
    });
    for (const e of record.errors) await log("run-error", { source: e.source, code: e.code, message: e.message });
    return (await o.history.list()).find((r) => r.id === record.id) ?? record;
  };

  const busy = await otherWriter(o.archivePath);
  if (busy) return finish("skipped", busyReason(busy.pid, busy.op));

  let archive: Archive;
  try {
    archive = await o.open();
  } catch (err) {
    const e = err as Error;
    record.errors.push({ source: "*", code: err instanceof LifeboatError ? err.code : null, message: e.message });
    await o.settings?.recordSourceOutcomes(o.archivePath, Object.fromEntries(o.sources.map((s) => [s.name, "failed" as const])));
    return finish("failed", e.message);
  }
  try {
    let result: BackupResult;
    try {
      const sources = await Promise.all(o.sources.map((cfg) => createSource(cfg, { secrets: o.secrets, signal: o.signal })));
      result = await backupWithVault(archive, sources, {
        onProgress: o.onProgress,
        signal: o.signal,
        checkpointIntervalMs: o.checkpointIntervalMs,
        checkpointEveryPacks: o.checkpointEveryPacks,
        keepSources: o.sources.map((s) => s.name),
      });
    } catch (err) {
      if (err instanceof LifeboatError && err.code === "locked") {
        // Lost the race for the lock to a run that started at the same moment.
        return await finish("skipped", busyReason(/pid (\d+)/.exec(err.message)?.[1] ?? null));
      }
      const e = err as Error;
      record.errors.push({ source: "*", code: err instanceof LifeboatError ? err.code : null, message: e.message });
      await o.settings?.recordSourceOutcomes(o.archivePath, Object.fromEntries(o.sources.map((s) => [s.name, "failed" as const])));
      return await finish(o.signal?.aborted ? "interrupted" : "failed", e.message);
    }
    o.onBackupResult?.(result);
    const { outcome, reason, wholeFailed } = applyResult(record, result, o.sources.map((c) => c.name));
    if (outcome === "interrupted") return await finish(outcome, reason);
    await o.settings?.recordSourceOutcomes(o.archivePath, Object.fromEntries(o.sources.map((c) => [c.name, wholeFailed.has(c.name) ? ("failed" as const) : ("ok" as const)])));

    if (!o.signal?.aborted) record.verify = await postRunVerify(o, archive, now);
    if (record.verify && !record.verify.ok) return await finish("failed", `the post-run verify found ${record.verify.problems} problem(s): run \`lifeboat verify\``);
    return await finish(outcome, reason);
  } finally {
    await archive.close();
  }
}

async function postRunVerify(o: ScheduledRunOptions, archive: Archive, now: () => Date): Promise<RunRecord["verify"]> {
  let level: "sample" | "data" | null = o.schedule.verifySamplePercent > 0 ? "sample" : null;
  if (o.schedule.monthlyFullVerify && o.settings) {
    const last = await o.settings.lastFullVerify(o.archivePath);
    // The first run only starts the month; a fresh archive was just written and read back.
    if (last === null) await o.settings.setLastFullVerify(o.archivePath, now().toISOString());
    else if (now().getTime() - Date.parse(last) >= FULL_VERIFY_EVERY_MS) level = "data";
  }
  if (level === null) return null;
  try {
    const r = await verifyArchive(archive, { level: "data", samplePercent: level === "sample" ? o.schedule.verifySamplePercent : undefined });
    if (level === "data") await o.settings?.setLastFullVerify(o.archivePath, now().toISOString());
    return { level, ok: r.ok, checkedPacks: r.checkedPacks, problems: r.problems.length + r.damagedItems.length };
  } catch (err) {
    // A verify that could not run (a prune holds the archive) is not damage; say so in the log only.
    await o.log?.write("verify-skipped", { message: (err as Error).message }).catch(() => undefined);
    return null;
  }
}
