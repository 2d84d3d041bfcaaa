// A source hands the engine local files to read in its content workers, so addItem returns before
// the file is read. When the read then fails (the file vanished, or is a folder now), the item must
// still fail exactly as if addItem had thrown: recorded with its errno, its previous version kept,
// no half-stored entry in the snapshot, and the rest of the run unaffected.
import assert from "node:assert/strict";
import { createHash } from "node:crypto";
import { promises as fsp } from "node:fs";
import os from "node:os";
import path from "node:path";
import { after, before, test } from "node:test";
import { Archive } from "../../electron/engine/archive/archive.js";
import type { BackupSource, SourceRunContext } from "../../electron/engine/backup/backup-source.js";
import { runBackup } from "../../electron/engine/backup/backup-run.js";
import { loadSnapshotEntries } from "../../electron/engine/restore/restore-snapshot.js";

let dir: string;
let archive: Archive;

/** A source that adds the given local files (name -> path on disk, which may not exist). */
function source(files: Record<string, string>): BackupSource {
  return {
    name: "docs",
    kind: "test",
    location: "test",
    async run(ctx: SourceRunContext) {
      for (const [name, p] of Object.entries(files)) {
        const size = await fsp.stat(p).then((s) => s.size, () => 10);
        await ctx.addItem({ path: name, type: "file", kind: "file", size, mtimeNs: "1", mode: 0o644 }, { localPath: p, size });
      }
      return {};
    },
  };
}

const sha = (b: Buffer): string => createHash("sha256").update(b).digest("hex");

before(async () => {
  dir = await fsp.mkdtemp(path.join(os.tmpdir(), "lifeboat-late-"));
  ({ archive } = await Archive.init(path.join(dir, "archive"), "pw", { scryptLogN: 10 }));
});

after(async () => {
  await fsp.rm(dir, { recursive: true, force: true });
});

test("a local file that cannot be read after addItem returned fails that item only, keeping its previous version", async () => {
  const a1 = Buffer.alloc(3 << 20, "first version of a ");
  const b = Buffer.alloc(200_000, "b");
  await fsp.writeFile(path.join(dir, "a"), a1);
  await fsp.writeFile(path.join(dir, "b"), b);
  const first = await runBackup(archive, [source({ "a.txt": path.join(dir, "a"), "b.txt": path.join(dir, "b") })]);
  assert.deepEqual(first.failed, []);

  // Second run: a.txt is gone, c.txt is a folder, d.txt is new and fine.
  const d = Buffer.alloc(5 << 20, "d");
  await fsp.writeFile(path.join(dir, "d"), d);
  const second = await runBackup(archive, [source({ "a.txt": path.join(dir, "gone"), "c.txt": dir, "b.txt": path.join(dir, "b"), "d.txt": path.join(dir, "d") })]);
  assert.deepEqual(second.failed.map((f) => [f.path, /ENOENT|EISDIR/.exec(f.error)?.[0]]).sort(), [["a.txt", "ENOENT"], ["c.txt", "EISDIR"]]);
  assert.equal(second.interrupted, false);
  const src = second.snapshot.sources["docs"]!;
  assert.equal(src.newItems, 1, "only d.txt is new (c.txt failed)");
  assert.equal(src.changedItems, 1, "b.txt counts as changed (re-added), a.txt does not");

  const { entries } = await loadSnapshotEntries(archive, second.snapshot.id);
  const byPath = new Map(entries.map((e) => [e.path, e]));
  assert.deepEqual([...byPath.keys()].sort(), ["a.txt", "b.txt", "d.txt"], "no entry for the failed new item, the previous a.txt kept");
  assert.equal(byPath.get("a.txt")!.sha256, sha(a1), "a.txt is its previous version");
  assert.equal(byPath.get("d.txt")!.sha256, sha(d));
  assert.equal(entries.length, new Set(entries.map((e) => e.path)).size, "no duplicate entries");
  for (const e of entries) {
    const content = Buffer.concat(await (await archive.reader()).readMany(e.content ?? []));
    assert.equal(sha(content), e.sha256, `${e.path} reads back`);
  }
});
