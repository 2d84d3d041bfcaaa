import type { Command } from "commander";
import { ExitCode } from "../../../shared/archive-types.js";
import { UsageError } from "../../engine/errors.js";
import { restoreSnapshot } from "../../engine/restore/restore-snapshot.js";
import type { CliContext } from "../cli-context.js";
import { formatBytes } from "../format.js";

export function registerRestore(program: Command, ctx: () => CliContext): void {
  program
    .command("restore <snapshot> [paths...]")
    .description("restore a snapshot (or SOURCE / SOURCE/path within it) into a folder, in open formats")
    .requiredOption("--to <dir>", "the folder to restore into")
    .option("--mail-format <format>", "eml or mbox (for account sources)", "eml")
    .action(async (ref: string, paths: string[], o: { to: string; mailFormat: string }) => {
      const c = ctx();
      if (!["eml", "mbox"].includes(o.mailFormat)) throw new UsageError("--mail-format is eml or mbox.");
      const archive = await c.open();
      const progress = c.progress("restore");
      try {
        const r = await restoreSnapshot(archive, ref, o.to, { paths, onProgress: progress.update, mailFormat: o.mailFormat as "eml" | "mbox" });
        progress.stop();
        c.result(r, () =>
          [
            `Restored ${r.items} items (${formatBytes(r.bytes)}) from snapshot ${r.snapshot.slice(0, 8)} into ${r.to}`,
            ...r.failed.map((f) => `  FAILED ${f.source}/${f.path}: ${f.error}`),
          ].join("\n"),
        );
        if (r.failed.length) process.exitCode = r.failed.some((f) => /match|damaged/.test(f.error)) ? ExitCode.damaged : ExitCode.partial;
      } finally {
        progress.stop();
        await archive.close();
      }
    });
}
