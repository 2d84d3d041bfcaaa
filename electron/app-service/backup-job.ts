import { ApiError } from "../../shared/app-api.js";
import type { BackupOutcome } from "../../shared/app-types.js";
import { summarize } from "../engine/archive/snapshot-store.js";
import { createSource } from "../engine/sources/source-factory.js";
import { backupWithVault } from "../engine/vault/vault-service.js";
import type { Handlers } from "./handler-types.js";
import type { JobResult } from "./job-runner.js";
import { formatBytes } from "../cli/format.js";
import type { BackupResult } from "../engine/backup/backup-run.js";
import { finishedRecord, startedRecord } from "./manual-run-record.js";

/** A long run writes a resumable checkpoint at least this often (as the CLI's default). */
const CHECKPOINT_MS = 10 * 60_000;

export const backupHandlers: Handlers = {
  "backup:start": async (ctx, req) => {
    const archive = ctx.session.require();
    const configs = await ctx.sources();
    if (configs.length === 0) throw new ApiError("invalid", "There is nothing to back up yet. Add an account or a folder first.");
    const unknown = (req.sources ?? []).filter((n) => !configs.some((s) => s.name === n));
    if (unknown.length) throw new ApiError("not-found", `Unknown account or folder: ${unknown.join(", ")}. Refresh the list.`);
    const chosen = req.sources?.length ? configs.filter((s) => req.sources!.includes(s.name)) : configs;
    const label = chosen.length === 1 ? `Backing up ${chosen[0]!.name}` : `Backing up ${chosen.length} accounts and folders`;
    const jobId = ctx.jobs.start("backup", label, async (job): Promise<JobResult> => {
      for (const c of chosen) ctx.backingUp.add(c.name);
      ctx.pushState();
      // Recorded in the archive's history like scheduled runs (the History screen, `lifeboat history`).
      const history = ctx.history();
      const record = startedRecord(ctx.clock.now());
      await history?.append(record).catch(() => undefined);
      let result: BackupResult | null = null;
      let failure: Error | null = null;
      try {
        const sources = await Promise.all(chosen.map((cfg) => createSource(cfg, { secrets: ctx.host.secrets, signal: job.signal })));
        const r = await backupWithVault(archive, sources, {
          signal: job.signal,
          checkpointIntervalMs: CHECKPOINT_MS,
          keepSources: configs.map((s) => s.name),
          onProgress: (p) => job.progress(p, p.source ? `Copying ${p.kind ?? "data"} of ${p.source}` : undefined),
        });
        result = r;
        const s = r.snapshot;
        const backup: BackupOutcome = { snapshot: s, failed: r.failed, interrupted: r.interrupted };
        const signIn = r.failed.filter((f) => f.code === "needs-sign-in");
        const settings = await ctx.appSettings();
        if (signIn.length && settings.notifications.onFailure) ctx.notify("Lifeboat: sign in again", `${[...new Set(signIn.map((f) => f.source))].join(", ")} asked for a new sign-in. Open Lifeboat to sign in; nothing already saved is lost.`);
        else if (r.failed.length && settings.notifications.onFailure) ctx.notify("Lifeboat: backup incomplete", `${r.failed.length} item(s) could not be copied; they keep their previous version.`);
        else if (!r.interrupted && settings.notifications.onSuccess) ctx.notify("Lifeboat: backup done", `Snapshot ${s.shortId}: ${s.stats.items} items.`);
        const summary = r.interrupted
          ? `Cancelled; checkpoint ${s.shortId} saved. The next backup resumes from it.`
          : `Snapshot ${s.shortId} saved: ${s.stats.items} items, ${formatBytes(s.stats.bytes)}${r.failed.length ? `; ${r.failed.length} could not be copied (they keep their previous version)` : ""}.`;
        return { ok: !r.interrupted && r.failed.length === 0, summary, backup, ...(r.interrupted ? { error: { code: "cancelled", message: summary } } : {}) };
      } catch (err) {
        failure = err instanceof Error ? err : new Error(String(err));
        const settings = await ctx.appSettings();
        if (settings.notifications.onFailure && !job.signal.aborted) ctx.notify("Lifeboat: backup failed", err instanceof Error ? err.message : String(err));
        throw err;
      } finally {
        await history?.update(finishedRecord(record, ctx.clock.now(), result, failure, chosen.map((c) => c.name))).catch(() => undefined);
        ctx.backingUp.clear();
        ctx.session.invalidate();
      }
    });
    return { jobId };
  },

  "snapshots:list": async (ctx) => (await ctx.session.snapshots()).map(summarize).reverse(),
};
