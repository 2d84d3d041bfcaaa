// Restores in worker threads (restore-workers.ts): the same tree as the main thread's restore
// (content, mtimes, modes, empty folders, links, duplicates), a damaged blob fails exactly the
// files that use it while the rest restore, a cancel and a full disk stop every worker, and no
// restore leaves a temporary file behind.
import assert from "node:assert/strict";
import { promises as fsp } from "node:fs";
import path from "node:path";
import { after, before, describe, test } from "node:test";
import { Archive } from "../../electron/engine/archive/archive.js";
import { LifeboatError } from "../../electron/engine/errors.js";
import { compareTrees } from "../../electron/engine/restore/compare-trees.js";
import { loadSnapshotEntries, restoreSnapshot } from "../../electron/engine/restore/restore-snapshot.js";
import { runCli, tempWorkspace } from "../helpers/cli-harness.js";
import { ageCipherOffset, ageHeaderLength, flipBit, listTree, makeTree, mountSmallDisk, seededBytes, seededRandom } from "../helpers/robustness-util.js";

const MiB = 1024 * 1024;
let ws: Awaited<ReturnType<typeof tempWorkspace>>;
let src: string;

async function cli(args: string[], archive = ws.archive): Promise<void> {
  const r = await runCli(["--archive", archive, ...args, "--json"], ws.env);
  assert.equal(r.code, 0, `lifeboat ${args.join(" ")}: ${r.stderr}`);
}

function open(archive = ws.archive): Promise<Archive> {
  return Archive.open(archive, { passphrase: ws.env["LIFEBOAT_PASSPHRASE"]! });
}

/** Temporary files a restore left below `dir`. */
async function leftovers(dir: string): Promise<string[]> {
  return (await listTree(dir)).map((e) => e.rel).filter((rel) => path.basename(rel).startsWith(".lifeboat-restore-"));
}

async function modes(dir: string): Promise<Map<string, number>> {
  const out = new Map<string, number>();
  for (const e of await listTree(dir)) if (e.kind !== "link") out.set(e.rel, (await fsp.lstat(e.abs)).mode & 0o7777);
  return out;
}

describe("restore in worker threads", () => {
  before(async () => {
    ws = await tempWorkspace("lifeboat-restore-workers-");
    src = path.join(ws.dir, "src");
    const rand = seededRandom(20261125);
    // Many folders of small files (bundled), files of several MiB (chunked), and duplicates.
    await makeTree(src, rand, { files: 400, maxSmall: 60_000, big: [5 * MiB, 3 * MiB + 17, 9 * MiB], dirs: 6, bigInside: true });
    const dup = await fsp.readFile(path.join(src, "g0-d0", "sub0", "big0.bin"));
    await fsp.writeFile(path.join(src, "g0-d1", "copy-of-big0.bin"), dup);
    await fsp.writeFile(path.join(src, "g0-d2", "read-only.txt"), "keep me\n", { mode: 0o444 });
    await fsp.chmod(path.join(src, "g0-d1", "sub1"), 0o700);
    await fsp.writeFile(path.join(src, "g0-d4", "script.sh"), "#!/bin/sh\necho hi\n", { mode: 0o755 });
    await cli(["init", "--scrypt-work-factor", "12"]);
    await cli(["add", "folder", src, "--name", "docs"]);
    await cli(["backup"]);
  });
  after(async () => {
    await ws?.cleanup();
  });

  test("the same tree as the main thread's restore: content, mtimes, modes, folders, links", async () => {
    const archive = await open();
    try {
      const inWorkers = await restoreSnapshot(archive, "latest", path.join(ws.dir, "w2"), { workers: 2 });
      const inline = await restoreSnapshot(archive, "latest", path.join(ws.dir, "w0"), { workers: 0 });
      assert.equal(inWorkers.workers, 2, "two workers restored the files");
      assert.equal(inline.workers, 0);
      assert.deepEqual(inWorkers.failed, []);
      assert.deepEqual({ items: inWorkers.items, bytes: inWorkers.bytes }, { items: inline.items, bytes: inline.bytes });
      assert.deepEqual(await compareTrees(src, path.join(ws.dir, "w2", "docs")), []);
      assert.deepEqual(await compareTrees(src, path.join(ws.dir, "w0", "docs")), []);
      assert.deepEqual(await modes(path.join(ws.dir, "w2", "docs")), await modes(src));
      assert.deepEqual(await leftovers(path.join(ws.dir, "w2")), []);
    } finally {
      await archive.close();
    }
  });

  test("a damaged blob fails exactly the files that use it; every other file restores", async () => {
    const copy = path.join(ws.dir, "damaged-archive");
    await fsp.cp(ws.archive, copy, { recursive: true });
    let archive = await open(copy);
    const { entries } = await loadSnapshotEntries(archive, "latest");
    const big = entries.find((e) => e.path === "g0-d2/sub2/big2.bin")!;
    const blob = big.content![Math.floor(big.content!.length / 2)]!;
    const loc = (await archive.index()).get(blob)!;
    await archive.close();
    const pack = path.join(copy, "packs", loc.pack.slice(0, 2), `${loc.pack}.tar.age`);
    await flipBit(pack, ageCipherOffset(ageHeaderLength(await fsp.readFile(pack)), loc.offset + Math.floor(loc.length / 2)), 3);

    archive = await open(copy);
    try {
      const to = path.join(ws.dir, "from-damaged");
      const r = await restoreSnapshot(archive, "latest", to, { workers: 2 });
      assert.equal(r.workers, 2);
      const users = entries.filter((e) => e.content?.includes(blob)).map((e) => e.path);
      assert.deepEqual(users, ["g0-d2/sub2/big2.bin"]);
      assert.deepEqual(r.failed.map((f) => f.path), users);
      assert.match(r.failed[0]!.error, /verify --full/);
      await assert.rejects(fsp.stat(path.join(to, "docs", big.path)), "a file that failed is not there at all");
      const diffs = await compareTrees(src, path.join(to, "docs"));
      assert.deepEqual(diffs, [`missing: ${big.path}`]);
      assert.deepEqual(await leftovers(to), []);
    } finally {
      await archive.close();
    }
  });

  test("a cancel stops every worker between files; nothing half-written is left", async () => {
    const archive = await open();
    try {
      const to = path.join(ws.dir, "cancelled");
      const stop = new AbortController();
      // Cancelled once files are under way, whatever the timing: the restore asks `aborted` once
      // per folder, twice as the workers start, then after each batch of ended files. (Progress
      // reports come at most every 100 ms, so a cancel from onProgress could come too late here.)
      const folders = (await listTree(src)).filter((e) => e.kind === "dir").length + 1;
      let asked = 0;
      const signal = new Proxy(stop.signal, {
        get(target, key) {
          if (key === "aborted" && ++asked > folders + 3) stop.abort();
          const v: unknown = Reflect.get(target, key, target);
          return typeof v === "function" ? (v as (...a: unknown[]) => unknown).bind(target) : v;
        },
      });
      const run = restoreSnapshot(archive, "latest", to, { workers: 2, signal });
      await assert.rejects(run, (err: unknown) => err instanceof LifeboatError && err.code === "cancelled" && err.message.includes(to));
      const restored = (await listTree(path.join(to, "docs"))).filter((e) => e.kind === "file");
      assert.ok(restored.length > 0 && restored.length < 400, `${restored.length} files restored before the cancel`);
      for (const f of restored) {
        // Every file there is whole: it equals the source.
        assert.deepEqual(await fsp.readFile(f.abs), await fsp.readFile(path.join(src, f.rel)), f.rel);
      }
      assert.deepEqual(await leftovers(to), []);
    } finally {
      await archive.close();
    }
  });

  test("a full disk stops the restore with a clear error and leaves no partial file", async (t) => {
    const mnt = path.join(ws.dir, "small-disk");
    if (!(await mountSmallDisk(t, mnt, "4m"))) return;
    const archive = await open();
    try {
      await assert.rejects(restoreSnapshot(archive, "latest", path.join(mnt, "out"), { workers: 2 }), (err: unknown) => err instanceof LifeboatError && err.code === "disk-full" && /disk is full while restoring.*restore again/.test(err.message) && !/backup/.test(err.message));
      assert.deepEqual(await leftovers(mnt), []);
      // What is there is whole.
      for (const f of (await listTree(path.join(mnt, "out", "docs"))).filter((e) => e.kind === "file")) {
        assert.deepEqual(await fsp.readFile(f.abs), await fsp.readFile(path.join(src, f.rel)), f.rel);
      }
    } finally {
      await archive.close();
    }
    // The disk is usable again once the restore stopped: nothing of it holds space.
    await fsp.rm(path.join(mnt, "out"), { recursive: true, force: true });
    await fsp.writeFile(path.join(mnt, "after.bin"), seededBytes(seededRandom(1), 3 * MiB));
  });
});
