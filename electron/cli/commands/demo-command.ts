import type { Command } from "commander";
import { promises as fsp } from "node:fs";
import os from "node:os";
import path from "node:path";
import { Archive } from "../../engine/archive/archive.js";
import { verifyArchive } from "../../engine/archive/verify.js";
import { runBackup } from "../../engine/backup/backup-run.js";
import { writeSampleFolder } from "../../engine/demo/sample-folder.js";
import { LifeboatError } from "../../engine/errors.js";
import { compareTrees } from "../../engine/restore/compare-trees.js";
import { restoreSnapshot } from "../../engine/restore/restore-snapshot.js";
import { FolderSource } from "../../engine/sources/folder/folder-source.js";
import type { CliContext } from "../cli-context.js";
import { formatBytes } from "../format.js";

const DEMO_PASSPHRASE = "lifeboat demo passphrase";

export function registerDemo(program: Command, ctx: () => CliContext): void {
  program
    .command("demo")
    .description("back up the built-in demo data (or --seed DIR) into a fresh demo archive, verify it, restore it and compare")
    .option("--seed <dir>", "back up this folder instead of the built-in sample")
    .action(async (o: { seed?: string }) => {
      const c = ctx();
      const work = await fsp.mkdtemp(path.join(os.tmpdir(), "lifeboat-demo-"));
      const root = path.resolve(c.opts.archive ?? path.join(work, "archive"));
      const passphrase = process.env.LIFEBOAT_PASSPHRASE ?? DEMO_PASSPHRASE;
      let seed = o.seed ? path.resolve(o.seed) : path.join(work, "My Files");
      const steps: string[] = [];
      const say = (s: string): void => {
        steps.push(s);
        c.note(s);
      };
      if (!o.seed) {
        const made = await writeSampleFolder(seed);
        say(`1. Wrote the built-in sample folder: ${made.files} files in ${seed}`);
      } else {
        const st = await fsp.stat(seed).catch(() => null);
        if (!st?.isDirectory()) throw new LifeboatError(`--seed ${o.seed} is not a folder.`, 2, "usage");
        seed = path.resolve(seed);
        say(`1. Using ${seed} as the demo source`);
      }
      const { archive, recoveryKey } = await Archive.init(root, passphrase, { scryptLogN: 16 });
      say(`2. Created an encrypted archive in ${root}`);
      const progress = c.progress("backup");
      const source = new FolderSource(path.basename(seed), seed);
      const first = await runBackup(archive, [source], { onProgress: progress.update });
      progress.stop();
      say(`3. First backup: snapshot ${first.snapshot.shortId}, ${first.snapshot.stats.items} items, ${formatBytes(first.snapshot.stats.bytes)} -> ${formatBytes(first.snapshot.stats.newBytesStored)} stored (deduplicated, compressed, encrypted)`);
      const second = await runBackup(archive, [source], {});
      const res = second.snapshot.sources[source.name]!;
      say(`4. Second backup (incremental): ${res.unchangedItems} unchanged items, none read again, ${formatBytes(second.snapshot.stats.newBytesStored)} new data`);
      const v = await verifyArchive(archive, { level: "data" });
      say(`5. Full verify: ${v.ok ? "no damage" : "DAMAGE FOUND"} (${v.checkedFiles} files, ${v.checkedBlobs} pieces decrypted and checked)`);
      const out = path.join(work, "restored");
      const r = await restoreSnapshot(archive, "latest", out);
      const diffs = await compareTrees(seed, path.join(out, source.name));
      say(`6. Restored ${r.items} items into ${out}: ${diffs.length === 0 ? "identical to the original (bytes, mtimes, empty folders, links)" : `${diffs.length} DIFFERENCES`}`);
      await archive.close();
      const ok = v.ok && diffs.length === 0 && r.failed.length === 0;
      c.result(
        { ok, archive: root, passphrase, recoveryKey, seed, restoredTo: out, snapshots: [first.snapshot, second.snapshot], verify: v, differences: diffs },
        () =>
          [
            ok ? "Demo complete: everything was backed up, verified and restored exactly." : "Demo finished with problems (see above).",
            "",
            `Archive:     ${root}`,
            `Passphrase:  ${passphrase}`,
            `Recovery key: ${recoveryKey}`,
            "",
            "Try it yourself:",
            `  export LIFEBOAT_ARCHIVE='${root}' LIFEBOAT_PASSPHRASE='${passphrase}'`,
            "  lifeboat snapshots",
            `  lifeboat ls latest '${source.name}'`,
            "  lifeboat restore latest --to /tmp/my-restore",
            "Or without Lifeboat (age, tar, gzip and jq only):",
            `  echo '${recoveryKey}' > key.txt && sh recover.sh '${root}' key.txt /tmp/my-restore`,
          ].join("\n"),
      );
      if (!ok) process.exitCode = 1;
    });
}
