import { type Command, Option } from "commander";
import { ExitCode } from "../../../shared/archive-types.js";
import { backupWithVault } from "../../engine/vault/vault-service.js";
import { UsageError } from "../../engine/errors.js";
import { createSource } from "../../engine/sources/source-factory.js";
import type { CliContext } from "../cli-context.js";
import { formatBytes } from "../format.js";
import { runScheduledFromCli } from "./schedule-command.js";
import { applyResult, emptyRunRecord } from "../../engine/schedule/run-record.js";
import { scheduleState } from "../../engine/schedule/schedule-state.js";

export function registerBackup(program: Command, ctx: () => CliContext): void {
  program
    .command("backup [sources...]")
    .description("back up all sources (or the named ones) into one new snapshot")
    .option("--checkpoint-minutes <n>", "write a resumable checkpoint at least this often", "10")
    // Hidden: the crash tests checkpoint every few packs to resume deterministically.
    .addOption(new Option("--checkpoint-every-packs <n>", "also write a checkpoint after this many new packs").hideHelp())
    .option("--scheduled", "what the OS scheduler runs: back up only when the schedule says a run is due, unlock with the keychain only (never ask), record the run in `lifeboat history`")
    // Hidden: run now even if not due (still keychain-only and recorded), for testing a timer by hand.
    .addOption(new Option("--force", "with --scheduled: run even when no run is due").hideHelp())
    .action(async (names: string[], o: { checkpointMinutes: string; checkpointEveryPacks?: string; scheduled?: boolean; force?: boolean }) => {
      const c = ctx();
      if (o.scheduled) {
        if (names.length) throw new UsageError("--scheduled backs up every source; leave out the source names.");
        const minutes = Number(o.checkpointMinutes);
        const everyPacks = o.checkpointEveryPacks === undefined ? undefined : Number(o.checkpointEveryPacks);
        if (!(minutes >= 0)) throw new UsageError("--checkpoint-minutes must be a number of minutes (0 or more).");
        if (everyPacks !== undefined && !(Number.isInteger(everyPacks) && everyPacks >= 1)) throw new UsageError("--checkpoint-every-packs must be a whole number, 1 or more.");
        return runScheduledFromCli(c, { checkpointMinutes: minutes, checkpointEveryPacks: everyPacks, force: o.force });
      }
      const configs = await c.settings.sources(await c.archivePath());
      if (configs.length === 0) throw new UsageError("There is nothing to back up yet. Add a source first: lifeboat add folder PATH");
      const unknown = names.filter((n) => !configs.some((s) => s.name === n));
      const minutes = Number(o.checkpointMinutes);
      const everyPacks = o.checkpointEveryPacks === undefined ? undefined : Number(o.checkpointEveryPacks);
      if (!(minutes >= 0)) throw new UsageError("--checkpoint-minutes must be a number of minutes (0 or more).");
      if (everyPacks !== undefined && !(Number.isInteger(everyPacks) && everyPacks >= 1)) throw new UsageError("--checkpoint-every-packs must be a whole number, 1 or more.");
      if (unknown.length) throw new UsageError(`Unknown source(s): ${unknown.join(", ")}. See \`lifeboat sources\`.`);
      const chosen = names.length ? configs.filter((s) => names.includes(s.name)) : configs;
      const abort = new AbortController();
      const sources = await Promise.all(chosen.map((cfg) => createSource(cfg, { secrets: c.keychain(), signal: abort.signal, onWait: (w) => c.debug(`waiting ${(w.ms / 1000).toFixed(1)} s (${w.status}) before retrying ${w.url}`) })));
      // A folder's walk needs no key: it runs while the archive is unlocked.
      for (const s of sources) s.prepare?.();
      const archive = await c.open();
      // Manual runs go into the history too (and count for the schedule: the next run is due after them).
      const { history } = await scheduleState(c.settings, archive.root);
      const record = emptyRunRecord("manual", "cli", new Date());
      await history.append(record);
      const progress = c.progress("backup");
      const onSignal = (): void => {
        c.note("\nInterrupted: saving a checkpoint so the next run resumes...");
        abort.abort();
      };
      process.once("SIGINT", onSignal);
      process.once("SIGTERM", onSignal);
      try {
        const r = await backupWithVault(archive, sources, {
          onProgress: progress.update,
          signal: abort.signal,
          checkpointIntervalMs: minutes * 60_000,
          checkpointEveryPacks: everyPacks,
          keepSources: configs.map((s) => s.name),
        });
        progress.stop();
        const done = applyResult(record, r, chosen.map((x) => x.name));
        Object.assign(record, { outcome: done.outcome, reason: done.reason, ended: new Date().toISOString() });
        await history.update(record);
        if (!r.interrupted) await c.settings.recordSourceOutcomes(archive.root, Object.fromEntries(chosen.map((x) => [x.name, done.wholeFailed.has(x.name) ? ("failed" as const) : ("ok" as const)])));
        const s = r.snapshot;
        c.result({ snapshot: s, failed: r.failed, interrupted: r.interrupted }, () => {
          const lines = [
            r.interrupted ? `Interrupted; checkpoint ${s.shortId} saved. Run \`lifeboat backup\` again to resume.` : `Snapshot ${s.shortId} saved: ${s.stats.items} items, ${formatBytes(s.stats.bytes)}.`,
          ];
          for (const [name, res] of Object.entries(s.sources)) {
            if (!chosen.some((x) => x.name === name)) continue;
            lines.push(`  ${name}: ${res.newItems} new, ${res.changedItems} changed, ${res.unchangedItems} unchanged${res.failed.length ? `, ${res.failed.length} failed` : ""}`);
          }
          lines.push(`  added to the archive: ${formatBytes(s.stats.newBytesStored)} in ${s.stats.newBlobs} new pieces`);
          for (const [name, res] of Object.entries(s.sources)) {
            if (!chosen.some((x) => x.name === name)) continue;
            for (const k of res.skipped ?? []) lines.push(`  skipped ${name}/${k.path}: ${k.reason}`);
          }
          for (const f of r.failed) lines.push(`  FAILED ${f.source}${f.path ? "/" + f.path : ""}: ${f.error}`);
          if (r.failed.length) lines.push("  Failed items keep their previous version; the next run retries them.");
          return lines.join("\n");
        });
        if (r.interrupted) process.exitCode = ExitCode.failed;
        else if (r.failed.some((f) => f.code === "needs-sign-in")) process.exitCode = ExitCode.needsCredentials;
        else if (r.failed.length) process.exitCode = ExitCode.partial;
      } catch (err) {
        if (record.ended === null) await history.update({ ...record, outcome: abort.signal.aborted ? "interrupted" : "failed", reason: (err as Error).message, ended: new Date().toISOString() }).catch(() => undefined);
        throw err;
      } finally {
        progress.stop();
        process.off("SIGINT", onSignal);
        process.off("SIGTERM", onSignal);
        await archive.close();
      }
    });
}
