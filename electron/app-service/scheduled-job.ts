import type { RunRecord, RunTrigger } from "../../shared/schedule-types.js";
import { formatBytes } from "../cli/format.js";
import { archiveIdFor } from "../engine/schedule/run-history.js";
import { RunLog } from "../engine/schedule/run-log.js";
import { runScheduledBackup } from "../engine/schedule/scheduled-run.js";
import type { JobResult } from "./job-runner.js";
import type { ServiceContext } from "./service-context.js";

/** A RunRecord in the words the job's outcome line uses. */
export function runSummary(r: RunRecord): string {
  const c = r.changes;
  switch (r.outcome) {
    case "skipped":
      return `Scheduled backup skipped: ${r.reason ?? "another backup is running"}.`;
    case "interrupted":
      return `Backup paused${r.reason ? ` (${r.reason})` : ""}; the next run resumes from its checkpoint.`;
    case "failed":
      return `Backup failed: ${r.reason ?? r.errors[0]?.message ?? "unknown error"}.`;
    default: {
      const verify = r.verify ? `; ${r.verify.level === "data" ? "full" : "sample"} check ${r.verify.ok ? "passed" : `found ${r.verify.problems} problem(s)`}` : "";
      const errors = r.errors.length ? `; ${r.errors.length} problem(s): ${[...new Set(r.errors.map((e) => e.source))].join(", ")}` : "";
      return `Snapshot ${r.snapshot?.slice(0, 8) ?? "?"} saved: ${c.newItems} new, ${c.changedItems} changed, ${formatBytes(c.newBytesStored)} stored${errors}${verify}.`;
    }
  }
}

/**
 * Starts a backup as an app job through the engine's scheduled run (the writer lock and the history
 * are shared with the OS timer and the CLI). Resolves with the job id and, later, its RunRecord.
 */
export function startRecordedBackup(ctx: ServiceContext, trigger: RunTrigger, label: string): { jobId: string; record: Promise<RunRecord | null> } {
  const archive = ctx.session.require();
  const root = ctx.session.root!;
  let resolveRecord!: (r: RunRecord | null) => void;
  const record = new Promise<RunRecord | null>((r) => (resolveRecord = r));
  let jobId: string;
  try {
    jobId = ctx.jobs.start("backup", label, async (job): Promise<JobResult> => {
      let rec: RunRecord | null = null;
      try {
        const configs = await ctx.sources();
        const schedule = (await ctx.appSettings()).schedule;
        for (const c of configs) ctx.backingUp.add(c.name);
        ctx.pushState();
        rec = await runScheduledBackup({
          archivePath: root,
          trigger,
          runner: "app",
          // The app holds the unlocked archive already; the run must not close it.
          open: async () => archive,
          sources: configs,
          secrets: ctx.host.secrets,
          signal: job.signal,
          onProgress: (p) => job.progress(p, p.source ? `Copying ${p.kind ?? "data"} of ${p.source}` : undefined),
          schedule,
          history: ctx.history()!,
          // The same log, failure counters and monthly-verify date the OS timer's runs keep.
          log: new RunLog(ctx.settings.home, archiveIdFor(root)),
          settings: ctx.settings,
          now: () => ctx.clock.now(),
        });
        const ok = rec.outcome === "ok";
        const summary = runSummary(rec);
        const error =
          rec.outcome === "skipped"
            ? { code: "busy", message: summary }
            : rec.outcome === "interrupted"
              ? { code: "cancelled", message: summary }
              : rec.outcome === "failed"
                ? { code: "failed", message: summary }
                : null;
        return { ok, summary, ...(error ? { error } : {}) };
      } finally {
        ctx.backingUp.clear();
        ctx.session.invalidate();
        resolveRecord(rec);
      }
    });
  } catch (err) {
    resolveRecord(null);
    throw err;
  }
  return { jobId, record };
}
