import type { Command } from "commander";
import { summarize } from "../../engine/archive/snapshot-store.js";
import type { CliContext } from "../cli-context.js";
import { formatBytes, localTime, table } from "../format.js";

export function registerSnapshots(program: Command, ctx: () => CliContext): void {
  program
    .command("snapshots")
    .description("snapshots, newest last: id, time, sources, counts, complete")
    .action(async () => {
      const c = ctx();
      const archive = await c.open();
      const { snapshots, unreadable } = await archive.snapshots();
      for (const u of unreadable) c.note(`warning: ${u.file} cannot be read (${u.error}); run \`lifeboat verify\``);
      const list = snapshots.map(summarize);
      c.result(list, () =>
        list.length === 0
          ? "No snapshots yet. Run: lifeboat backup"
          : table([
              ["ID", "TIME", "ITEMS", "SIZE", "SOURCES", ""],
              ...list.map((s) => [s.shortId, localTime(s.time), String(s.stats.items), formatBytes(s.stats.bytes), Object.keys(s.sources).join(", "), s.complete ? "" : "(checkpoint, incomplete)"]),
            ]),
      );
    });
}
