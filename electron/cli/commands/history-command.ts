import type { Command } from "commander";
import type { RunRecord } from "../../../shared/schedule-types.js";
import { UsageError } from "../../engine/errors.js";
import { scheduleState } from "../../engine/schedule/schedule-state.js";
import type { CliContext } from "../cli-context.js";
import { formatBytes, localTime, table } from "../format.js";

function changes(r: RunRecord): string {
  if (r.outcome === "skipped") return "";
  const ch = r.changes;
  return `${ch.newItems} new, ${ch.changedItems} changed, ${ch.unchangedItems} unchanged, +${formatBytes(ch.newBytesStored)}`;
}

export function registerHistory(program: Command, ctx: () => CliContext): void {
  program
    .command("history")
    .description("past backup runs, newest first: when, why, outcome, what changed, errors")
    .option("--limit <n>", "show at most N runs", "20")
    .action(async (o: { limit: string }) => {
      const c = ctx();
      const limit = Number(o.limit);
      if (!(Number.isInteger(limit) && limit >= 1)) throw new UsageError("--limit must be a whole number, 1 or more.");
      // The history lives in the app home: no unlock needed.
      const { history } = await scheduleState(c.settings, await c.archivePath());
      const runs = await history.list({ limit });
      c.result(runs, () => {
        if (runs.length === 0) return "No runs recorded yet.";
        const rows = [["STARTED", "BY", "TRIGGER", "OUTCOME", "SNAPSHOT", "CHANGES"], ...runs.map((r) => [localTime(r.started), r.runner, r.trigger, r.ended === null && r.outcome === "interrupted" ? "interrupted (no end recorded)" : r.outcome, r.snapshot?.slice(0, 8) ?? "-", changes(r)])];
        const notes: string[] = [];
        for (const r of runs) {
          if (r.reason) notes.push(`  ${localTime(r.started)}: ${r.reason}`);
          for (const e of r.errors) notes.push(`  ${localTime(r.started)}: ${e.source}${e.code ? ` [${e.code}]` : ""}: ${e.message}`);
          if (r.verify) notes.push(`  ${localTime(r.started)}: verify (${r.verify.level}) ${r.verify.ok ? "ok" : `found ${r.verify.problems} problem(s)`}, ${r.verify.checkedPacks} pack(s) read`);
        }
        return table(rows) + (notes.length ? "\n\n" + notes.join("\n") : "");
      });
    });
}
