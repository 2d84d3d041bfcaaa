import type { Command } from "commander";
import { ExitCode } from "../../../shared/archive-types.js";
import { healthReport, type SourceHealth } from "../../engine/schedule/health.js";
import { decideNow, lastRuns, scheduleState } from "../../engine/schedule/schedule-state.js";
import type { CliContext } from "../cli-context.js";
import { localTime } from "../format.js";

function line(s: SourceHealth): string {
  const mark = s.state === "ok" ? "ok " : "!! ";
  const when = s.lastGoodCopy ? `, last good copy ${localTime(s.lastGoodCopy)}` : "";
  return `  ${mark} ${s.name} (${s.kind}): ${s.state}${when}${s.message && s.state !== "ok" ? `\n        ${s.message}` : ""}`;
}

export function registerStatus(program: Command, ctx: () => CliContext): void {
  program
    .command("status")
    .description("health of every source; exit 0 only when all are fresh (4: a sign-in expired, 6: stale, failing or never copied)")
    .action(async () => {
      const c = ctx();
      const archivePath = await c.archivePath();
      const configs = await c.settings.sources(archivePath);
      const state = await scheduleState(c.settings, archivePath);
      const archive = await c.open();
      let snapshots;
      try {
        snapshots = (await archive.snapshots()).snapshots;
      } finally {
        await archive.close();
      }
      const { lastRun } = await lastRuns(state.history);
      const decision = await decideNow(state);
      const report = healthReport({ configs, snapshots, schedule: state.schedule, failures: await c.settings.failures(archivePath), lastRun, nextRun: decision.nextRun });
      // `healthy` is the pre-schedule field name; kept for scripts written against it.
      c.result({ healthy: report.fresh, ...report }, () =>
        [
          report.sources.length === 0 ? "No sources yet. Add one with: lifeboat add folder PATH" : report.fresh ? "All sources are safe." : "Some sources need attention:",
          ...report.sources.map(line),
          lastRun ? `Last run: ${localTime(lastRun.started)}, ${lastRun.outcome}${lastRun.reason ? ` (${lastRun.reason})` : ""}` : "No runs recorded yet.",
          report.nextRun ? `Next scheduled run: around ${localTime(report.nextRun)}` : "Scheduled runs are off.",
        ].join("\n"),
      );
      if (!report.fresh) process.exitCode = report.sources.some((s) => s.state === "needs-sign-in") ? ExitCode.needsCredentials : ExitCode.unhealthy;
    });
}
