// The folder source's walk and its change detection: the walk in a worker (walkSync) and on the
// main thread (walkAsync) see the same items in the same order (FIFOs skipped); an unchanged run
// reuses every item on plain-number lstats, while an mtime moved by a single millisecond (same size,
// same inode) or a changed mode of a folder is still seen, and the catalog then holds the exact
// nanosecond mtime of the file.
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { promises as fsp } from "node:fs";
import path from "node:path";
import { after, before, describe, test } from "node:test";
import type { SnapshotSummary } from "../../shared/archive-types.js";
import { Archive } from "../../electron/engine/archive/archive.js";
import { loadSnapshotEntries } from "../../electron/engine/restore/restore-snapshot.js";
import { walkAsync, walkSync } from "../../electron/engine/sources/folder/folder-walk.js";
import { runCli, tempWorkspace } from "../helpers/cli-harness.js";
import { makeTree, seededRandom } from "../helpers/robustness-util.js";

let ws: Awaited<ReturnType<typeof tempWorkspace>>;
let src: string;

async function backup(env: NodeJS.ProcessEnv = {}): Promise<SnapshotSummary> {
  const r = await runCli(["--archive", ws.archive, "backup", "--json"], { ...ws.env, ...env });
  assert.equal(r.code, 0, r.stderr);
  return (r.json as { snapshot: SnapshotSummary }).snapshot;
}

describe("folder walk and change detection", () => {
  before(async () => {
    ws = await tempWorkspace("lifeboat-folder-walk-");
    src = path.join(ws.dir, "src");
    await makeTree(src, seededRandom(7), { files: 120, maxSmall: 5000, big: [300_000], dirs: 4 });
    execFileSync("mkfifo", [path.join(src, "g0-d1", "a-fifo")]);
    for (const args of [["init", "--scrypt-work-factor", "12"], ["add", "folder", src, "--name", "docs"]]) {
      const r = await runCli(["--archive", ws.archive, ...args, "--json"], ws.env);
      assert.equal(r.code, 0, r.stderr);
    }
  });
  after(async () => {
    await ws?.cleanup();
  });

  test("the worker's walk and the main thread's walk see the same, in the same order; a FIFO is no item", async () => {
    const a = walkSync(src);
    const b = await walkAsync(src);
    assert.deepEqual(a, b);
    assert.ok(a.found.length > 120);
    assert.ok(!a.found.some((f) => f.rel.endsWith("a-fifo")));
    // Each folder's own entries come before what is inside its subfolders.
    const rels = a.found.map((f) => f.rel);
    assert.ok(rels.indexOf("g0-d3") < rels.indexOf("g0-d0/sub0"), "top-level entries first");
    await assert.rejects(async () => walkSync(path.join(src, "missing")), /ENOENT/);
    await assert.rejects(walkAsync(path.join(src, "missing")), /ENOENT/);
  });

  test("unchanged items are reused; a 1 ms mtime change or a folder's new mode is seen, with exact nanoseconds", async () => {
    const first = await backup();
    assert.equal(first.sources["docs"]!.unchangedItems, 0);
    const again = await backup();
    assert.equal(again.sources["docs"]!.newItems + again.sources["docs"]!.changedItems, 0, "nothing changed");

    const file = path.join(src, "g0-d2", "sub2", "f2.txt");
    const st = await fsp.stat(file, { bigint: true });
    // One millisecond later (and a sub-millisecond part the double of mtimeMs keeps as well).
    const later = Number(st.mtimeNs + 1_000_000n) / 1e9;
    await fsp.utimes(file, later, later);
    const exact = (await fsp.stat(file, { bigint: true })).mtimeNs;
    await fsp.chmod(path.join(src, "g0-d3"), 0o750);
    // The same with the main thread's walk as with the worker's.
    const third = await backup({ LIFEBOAT_CONTENT_WORKERS: "0" });
    assert.equal(third.sources["docs"]!.changedItems, 2, "the file and the folder");
    const archive = await Archive.open(ws.archive, { passphrase: ws.env["LIFEBOAT_PASSPHRASE"]! });
    try {
      const { entries } = await loadSnapshotEntries(archive, third.id);
      const e = entries.find((x) => x.path === "g0-d2/sub2/f2.txt")!;
      assert.equal(e.mtimeNs, exact.toString());
      assert.equal(entries.find((x) => x.path === "g0-d3")!.mode, 0o750);
    } finally {
      await archive.close();
    }
    const fourth = await backup();
    assert.equal(fourth.sources["docs"]!.changedItems + fourth.sources["docs"]!.newItems, 0, "and then it is unchanged again");
  });
});
