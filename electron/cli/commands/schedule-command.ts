import type { Command } from "commander";
import { ExitCode } from "../../../shared/archive-types.js";
import type { ScheduleSettings } from "../../../shared/schedule-types.js";
import { Archive } from "../../engine/archive/archive.js";
import { NeedsPassphraseError, UsageError } from "../../engine/errors.js";
import { headlessSpec } from "../../engine/schedule/os-scheduler/headless-command.js";
import { osScheduler } from "../../engine/schedule/os-scheduler/os-scheduler.js";
import { runScheduledBackup } from "../../engine/schedule/scheduled-run.js";
import { decideNow, lastRuns, scheduleState } from "../../engine/schedule/schedule-state.js";
import { appHome } from "../../engine/settings/app-home.js";
import type { CliContext } from "../cli-context.js";
import { formatBytes, localTime } from "../format.js";
import { archiveKeyAccount } from "../../engine/secrets/archive-key-account.js";

/** The keychain entry CliContext keeps the archive key under (`--remember`). */

/** The archive key remembered in the keychain, or null (disabled, locked, missing, not answering). */
async function rememberedKey(c: CliContext, archivePath: string): Promise<string | null> {
  const kc = c.keychain();
  if (!kc) return null;
  const marker = await Archive.readMarker(archivePath);
  const timeout = new Promise<null>((resolve) => setTimeout(() => resolve(null), 5000).unref());
  return Promise.race([kc.get(archiveKeyAccount(marker.recipient)).catch(() => null), timeout]);
}

const NO_KEY =
  "The archive key is not in the OS keychain, so a scheduled run cannot unlock the archive (it has no passphrase). Run `lifeboat backup --remember` once (or any command with --remember) to keep the key there.";

/** Schedule options for `schedule install`, checked and turned into a settings patch. */
function schedulePatch(o: { every?: string; daily?: string; jitter?: string; quiet?: string | false; staleHours?: string; verifySample?: string }): Partial<ScheduleSettings> {
  const p: Partial<ScheduleSettings> = {};
  if (o.every !== undefined && o.daily !== undefined) throw new UsageError("Give either --every HOURS or --daily HH:MM, not both.");
  if (o.every !== undefined) Object.assign(p, { mode: "interval", everyHours: Number(o.every) });
  if (o.daily !== undefined) Object.assign(p, { mode: "daily", atTime: o.daily });
  if (o.jitter !== undefined) p.jitterMinutes = Number(o.jitter);
  if (o.staleHours !== undefined) p.staleHours = Number(o.staleHours);
  if (o.verifySample !== undefined) p.verifySamplePercent = Number(o.verifySample);
  if (o.quiet === false) p.quiet = null;
  else if (o.quiet !== undefined) {
    const m = /^(\d\d:\d\d)-(\d\d:\d\d)$/.exec(o.quiet);
    if (!m) throw new UsageError("--quiet takes a local time window like 09:00-17:00 (it may span midnight: 22:00-07:00).");
    p.quiet = { from: m[1]!, to: m[2]! };
  }
  p.enabled = true;
  return p;
}

function describe(s: ScheduleSettings): string {
  const when = s.mode === "interval" ? `every ${s.everyHours} hour(s)` : `daily at ${s.atTime}`;
  return `${when}, up to ${s.jitterMinutes} min later${s.quiet ? `, never between ${s.quiet.from} and ${s.quiet.to}` : ""}; stale after ${s.staleHours} h`;
}

export function registerSchedule(program: Command, ctx: () => CliContext): void {
  const schedule = program.command("schedule").description("the OS scheduler entry that runs backups when the app is closed (install | remove | status)");
  schedule
    .command("install")
    .description("write and enable the OS scheduler entry (systemd user timer, launchd agent, Task Scheduler task) for this archive")
    .option("--every <hours>", "back up every HOURS (default 6)")
    .option("--daily <HH:MM>", "back up once a day at this local time")
    .option("--jitter <minutes>", "start up to this many minutes later, at random")
    .option("--quiet <HH:MM-HH:MM>", "never start a scheduled run inside this local window")
    .option("--no-quiet", "no quiet window")
    .option("--stale-hours <n>", "call a source stale after this many hours without a good copy")
    .option("--verify-sample <percent>", "after each run, verify this percentage of the archive (0 = off)")
    .option("--no-enable", "only write the files; do not ask the OS scheduler to load them")
    .action(async (o: { every?: string; daily?: string; jitter?: string; quiet?: string | false; staleHours?: string; verifySample?: string; enable: boolean }) => {
      const c = ctx();
      const archivePath = await c.archivePath();
      await Archive.readMarker(archivePath);
      const settings = await c.settings.setSchedule(archivePath, schedulePatch(o));
      const status = await osScheduler({ home: appHome(), activate: o.enable }).install(headlessSpec(archivePath), settings);
      const keyRemembered = (await rememberedKey(c, archivePath)) !== null;
      c.result({ ...status, schedule: settings, keyRemembered }, () =>
        [`Installed: ${describe(settings)}.`, ...status.files.map((f) => `  wrote ${f}`), `  runs: ${status.command}`, status.detail ?? ""].join("\n"),
      );
      if (!keyRemembered) c.note(`Warning: ${NO_KEY}`);
    });
  schedule
    .command("remove")
    .description("remove the OS scheduler entry (the app's own schedule is not affected)")
    .option("--no-enable", "only delete the files; do not ask the OS scheduler to unload them")
    .action(async (o: { enable: boolean }) => {
      const c = ctx();
      const status = await osScheduler({ home: appHome(), activate: o.enable }).remove();
      c.result(status, status.detail ?? "Removed.");
    });
  schedule
    .command("status")
    .description("whether the OS scheduler entry is installed, the schedule, and the next run")
    .option("--no-enable", "do not ask the OS scheduler itself")
    .action(async (o: { enable: boolean }) => {
      const c = ctx();
      const archivePath = await c.archivePath();
      const state = await scheduleState(c.settings, archivePath);
      const os = await osScheduler({ home: appHome(), activate: o.enable }).status();
      const decision = await decideNow(state);
      const { lastRun } = await lastRuns(state.history);
      const keyRemembered = await rememberedKey(c, archivePath).then((k) => k !== null, () => false);
      c.result({ os, schedule: state.schedule, decision, lastRun, keyRemembered }, () =>
        [
          os.installed ? `OS scheduler (${os.platform}): installed; ${os.detail ?? ""}` : `OS scheduler (${os.platform}): not installed. ${os.detail ?? ""}`,
          ...os.files.map((f) => `  ${f}`),
          os.command ? `  runs: ${os.command}` : "",
          `Schedule: ${state.schedule.enabled ? describe(state.schedule) : "off"}`,
          decision.due ? `A run is due now (${decision.reason}).` : decision.nextRun ? `Next run: around ${localTime(decision.nextRun)} (${decision.reason})` : `No run planned (${decision.reason}).`,
          lastRun ? `Last run: ${localTime(lastRun.started)}, ${lastRun.outcome}` : "No runs recorded yet.",
          keyRemembered ? "The archive key is in the keychain: headless runs can unlock it." : `Warning: ${NO_KEY}`,
        ]
          .filter(Boolean)
          .join("\n"),
      );
    });
}

/**
 * `lifeboat backup --scheduled`, what the OS timer starts: decides whether a run is due (exits 0
 * quietly when not), unlocks with the keychain only (never a prompt), runs, records the history.
 */
export async function runScheduledFromCli(c: CliContext, o: { checkpointMinutes: number; checkpointEveryPacks?: number; force?: boolean }): Promise<void> {
  const archivePath = await c.archivePath();
  const configs = await c.settings.sources(archivePath);
  const state = await scheduleState(c.settings, archivePath);
  const decision = await decideNow(state, new Date(), { osTimer: true });
  if (!o.force && (!decision.due || configs.length === 0)) {
    const reason = configs.length === 0 ? "no sources" : decision.reason;
    await state.log.write("not-due", { reason, next: decision.nextRun }).catch(() => undefined);
    c.result({ ran: false, reason, nextRun: decision.nextRun, run: null }, "");
    c.debug(`No backup due (${reason}).`);
    return;
  }
  const abort = new AbortController();
  const onSignal = (): void => abort.abort();
  process.once("SIGINT", onSignal);
  process.once("SIGTERM", onSignal);
  try {
    const run = await runScheduledBackup({
      archivePath,
      trigger: o.force ? "manual" : (decision.trigger ?? "schedule"),
      runner: "scheduler",
      open: async () => {
        // Unattended: a given passphrase (scripts) or the keychain; never a prompt.
        const given = await c.passphrase();
        const key = given === null ? await rememberedKey(c, archivePath) : null;
        if (given === null && key === null) throw new NeedsPassphraseError(NO_KEY);
        return Archive.open(archivePath, given !== null ? { passphrase: given } : { identity: key! });
      },
      sources: configs,
      secrets: c.keychain(),
      signal: abort.signal,
      schedule: state.schedule,
      history: state.history,
      log: state.log,
      settings: c.settings,
      checkpointIntervalMs: o.checkpointMinutes * 60_000,
      checkpointEveryPacks: o.checkpointEveryPacks,
    });
    c.result({ ran: true, reason: decision.reason, nextRun: null, run }, () =>
      run.outcome === "skipped"
        ? `Skipped: ${run.reason}.`
        : [`Scheduled run ${run.outcome}${run.snapshot ? `: snapshot ${run.snapshot.slice(0, 8)}` : ""}${run.reason ? ` (${run.reason})` : ""}.`, `  ${run.changes.newItems} new, ${run.changes.changedItems} changed, ${run.changes.unchangedItems} unchanged; ${formatBytes(run.changes.newBytesStored)} added`, ...run.errors.map((e) => `  ${e.source}: ${e.message}`)].join("\n"),
    );
    switch (run.outcome) {
      case "ok":
      case "skipped":
        break;
      case "partial":
        process.exitCode = run.errors.some((e) => e.code === "needs-sign-in") ? ExitCode.needsCredentials : ExitCode.partial;
        break;
      default:
        process.exitCode = run.errors.some((e) => e.code === "needs-passphrase" || e.code === "needs-sign-in") ? ExitCode.needsCredentials : ExitCode.failed;
    }
  } finally {
    process.off("SIGINT", onSignal);
    process.off("SIGTERM", onSignal);
  }
}
