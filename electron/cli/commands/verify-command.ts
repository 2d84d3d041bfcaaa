import type { Command } from "commander";
import { ExitCode, type VerifyReport } from "../../../shared/archive-types.js";
import { verifyArchive, verifyFiles } from "../../engine/archive/verify.js";
import { LifeboatError, UsageError } from "../../engine/errors.js";
import type { CliContext } from "../cli-context.js";

function describe(r: VerifyReport): string {
  const lines = [
    `Checked ${r.checkedFiles} files${r.level !== "files" ? `, read ${r.checkedBlobs} pieces in ${r.checkedPacks} packs` : ""} (level: ${r.level}).`,
  ];
  if (r.ok) lines.push("No damage found.");
  for (const p of r.problems) lines.push(`  DAMAGED ${p.file}: ${p.problem}`);
  if (r.damagedItems.length) {
    lines.push(`Affected items (${r.damagedItems.length}):`);
    for (const d of r.damagedItems) lines.push(`  snapshot ${d.snapshot}: ${d.source}/${d.path} — ${d.reason}`);
    lines.push("Items that still exist in their source are stored again by the next backup.");
  }
  return lines.join("\n");
}

export function registerVerify(program: Command, ctx: () => CliContext): void {
  program
    .command("verify")
    .description("check the archive; names damaged items; exit 3 on damage")
    .option("--full", "decrypt and check every stored piece")
    .option("--sample <percent>", "decrypt and check this percentage of packs")
    .option("--files-only", "only check file hashes against their names (needs no key)")
    .action(async (o: { full?: boolean; sample?: string; filesOnly?: boolean }) => {
      const c = ctx();
      if (o.full && o.sample) throw new UsageError("Use --full or --sample, not both.");
      const sample = o.sample === undefined ? undefined : Number(o.sample);
      if (sample !== undefined && !(sample > 0 && sample <= 100)) throw new UsageError("--sample takes a percentage between 0 and 100.");
      const progress = c.progress("verify");
      let report: VerifyReport;
      try {
        // A damaged key file or lifeboat-archive.json can keep the archive from opening. Then the
        // key-less check still names the damaged file, which is what verify is for (exit 3).
        const archive = o.filesOnly
          ? null
          : await c.open().catch(async (err: unknown) => {
              if (!(err instanceof LifeboatError) || err.exitCode === ExitCode.usage || err.code === "no-archive") throw err;
              if ((await verifyFiles(await c.archivePath(), undefined, { keysOnly: true })).ok) throw err;
              c.note(`The archive cannot be opened (${err.message}); only its files were checked.`);
              return null;
            });
        if (archive) {
          report = await verifyArchive(archive, { level: o.full || sample !== undefined ? "data" : "structure", samplePercent: sample, onProgress: progress.update });
          await archive.close();
        } else {
          const { badFiles: _bad, ...r } = await verifyFiles(await c.archivePath(), progress.update);
          report = r;
        }
      } finally {
        progress.stop();
      }
      c.result(report, () => describe(report));
      if (!report.ok) process.exitCode = ExitCode.damaged;
    });
}
