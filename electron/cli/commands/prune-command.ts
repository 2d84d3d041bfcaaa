import type { Command } from "commander";
import { pruneArchive } from "../../engine/archive/prune.js";
import { UsageError } from "../../engine/errors.js";
import type { CliContext } from "../cli-context.js";
import { formatBytes } from "../format.js";

function count(v: string | undefined, flag: string): number | undefined {
  if (v === undefined) return undefined;
  const n = Number(v);
  if (!Number.isInteger(n) || n < 0) throw new UsageError(`${flag} takes a whole number.`);
  return n;
}

export function registerPrune(program: Command, ctx: () => CliContext): void {
  program
    .command("prune")
    .description("forget snapshots by rule and free their space (the newest complete snapshot always stays)")
    .option("--keep-last <n>")
    .option("--keep-daily <n>")
    .option("--keep-weekly <n>")
    .option("--keep-monthly <n>")
    .option("--keep-yearly <n>")
    .option("--dry-run", "show what would be removed, change nothing")
    .action(async (o: Record<string, string | boolean | undefined>) => {
      const c = ctx();
      const archive = await c.open();
      try {
        const r = await pruneArchive(archive, {
          keepLast: count(o.keepLast as string | undefined, "--keep-last"),
          keepDaily: count(o.keepDaily as string | undefined, "--keep-daily"),
          keepWeekly: count(o.keepWeekly as string | undefined, "--keep-weekly"),
          keepMonthly: count(o.keepMonthly as string | undefined, "--keep-monthly"),
          keepYearly: count(o.keepYearly as string | undefined, "--keep-yearly"),
          dryRun: !!o.dryRun,
        });
        c.result(r, () =>
          [
            `${r.dryRun ? "Would keep" : "Kept"} ${r.keep.length} snapshot(s); ${r.dryRun ? "would remove" : "removed"} ${r.forget.length}: ${r.forget.map((id) => id.slice(0, 8)).join(", ") || "none"}.`,
            r.dryRun ? "" : `Deleted ${r.deletedPacks} pack(s), repacked ${r.repackedPacks}, freed ${formatBytes(r.freedBytes)}.`,
          ].filter(Boolean).join("\n"),
        );
      } finally {
        await archive.close();
      }
    });
}
