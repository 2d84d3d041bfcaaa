// A full disk during a backup: a clear message that says what happened and what to do (exit 1, no
// stack trace), earlier snapshots untouched (verify --full clean, byte-identical restore), nothing
// left in tmp/, and the next run completes. First with injected ENOSPC at many points of a run
// (LIFEBOAT_FAULT_ENOSPC_AFTER_BYTES, down to the index and the snapshot file of the commit), then
// with a real, small tmpfs holding the archive.
import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { promises as fsp } from "node:fs";
import path from "node:path";
import type { SnapshotSummary } from "../../shared/archive-types.js";
import { runCli, tempWorkspace, type CliResult } from "../helpers/cli-harness.js";
import { digestDiff, listTree, makeTree, mountSmallDisk, seededBytes, seededRandom, treeDigest } from "../helpers/robustness-util.js";

const MiB = 1024 * 1024;

let ws: Awaited<ReturnType<typeof tempWorkspace>>;
let src: string;
let base: string;
let s1: string;
let v1: Map<string, string>;
let v2: Map<string, string>;

interface BackupJson {
  snapshot: SnapshotSummary;
}

async function cli(args: string[], archive: string, extra: NodeJS.ProcessEnv = {}): Promise<CliResult> {
  return runCli(["--archive", archive, ...args], { ...ws.env, ...extra });
}

async function copyDir(from: string, to: string): Promise<void> {
  await fsp.rm(to, { recursive: true, force: true });
  await fsp.cp(from, to, { recursive: true, preserveTimestamps: true });
}

/** The sizes of the files a run added to packs/, index/ and snapshots/. */
async function newFiles(archive: string, before: Set<string>): Promise<Array<{ rel: string; size: number }>> {
  const out: Array<{ rel: string; size: number }> = [];
  for (const sub of ["packs", "index", "snapshots"]) {
    for (const e of await listTree(path.join(archive, sub))) {
      const rel = `${sub}/${e.rel}`;
      if (e.kind === "file" && !before.has(rel)) out.push({ rel, size: (await fsp.stat(e.abs)).size });
    }
  }
  return out;
}

async function archiveFileSet(archive: string): Promise<Set<string>> {
  const out = new Set<string>();
  for (const sub of ["packs", "index", "snapshots"]) for (const e of await listTree(path.join(archive, sub))) if (e.kind === "file") out.add(`${sub}/${e.rel}`);
  return out;
}

function assertDiskFullError(r: CliResult, what: string, json: boolean): void {
  assert.equal(r.code, 1, `${what}: exit ${r.code}: ${r.stderr}`);
  assert.match(r.stderr, /disk is full/i, what);
  assert.match(r.stderr, /free some space/i, `${what}: says what to do`);
  assert.match(r.stderr, /run the backup again/i, `${what}: says what to do`);
  assert.doesNotMatch(r.stderr, /looks like a bug|\n\s+at |ENOSPC:/, `${what}: no stack trace or raw error`);
  if (json) assert.equal((r.json as { error: { code: string } }).error.code, "disk-full", what);
}

async function assertIntact(archive: string, what: string): Promise<void> {
  const v = await cli(["verify", "--full", "--json"], archive);
  assert.equal(v.code, 0, `${what}: verify --full: ${v.stdout.slice(0, 1500)} ${v.stderr}`);
  const out = path.join(ws.dir, "restore-s1");
  const r = await cli(["restore", s1, "--to", out, "--json"], archive);
  assert.equal(r.code, 0, `${what}: restore of the first snapshot: ${r.stderr}`);
  assert.deepEqual(digestDiff(v1, await treeDigest(path.join(out, "docs"))), [], `${what}: the first snapshot restores byte-identically`);
  await fsp.rm(out, { recursive: true, force: true });
}

async function assertNextRunCompletes(archive: string, what: string, expected: Map<string, string>): Promise<BackupJson> {
  const r = await cli(["backup", "--json"], archive);
  assert.equal(r.code, 0, `${what}: the next run: ${r.stderr}`);
  assert.deepEqual(await fsp.readdir(path.join(archive, "tmp")), [], `${what}: tmp/ is empty after the next run`);
  const out = path.join(ws.dir, "restore-next");
  const rr = await cli(["restore", "latest", "--to", out, "--json"], archive);
  assert.equal(rr.code, 0, rr.stderr);
  assert.deepEqual(digestDiff(expected, await treeDigest(path.join(out, "docs"))), [], `${what}: the new snapshot restores byte-identically`);
  await fsp.rm(out, { recursive: true, force: true });
  const v = await cli(["verify", "--json"], archive);
  assert.equal(v.code, 0, `${what}: verify after the next run: ${v.stdout.slice(0, 1500)}`);
  return r.json as BackupJson;
}

before(async () => {
  ws = await tempWorkspace("lifeboat-full-");
  src = path.join(ws.dir, "src");
  base = path.join(ws.dir, "base-archive");
  const rand = seededRandom(99);
  await makeTree(src, rand, { files: 150, maxSmall: 20_000, big: [2 * MiB, Math.round(1.5 * MiB)], dirs: 3 });
  v1 = await treeDigest(src);
  const init = await runCli(["init", "--json", "--scrypt-work-factor", "12", "--pack-size-mib", "0.25"], ws.env);
  assert.equal(init.code, 0, init.stderr);
  assert.equal((await runCli(["add", "folder", src, "--name", "docs"], ws.env)).code, 0);
  const b = await runCli(["backup", "--json"], ws.env);
  assert.equal(b.code, 0, b.stderr);
  s1 = (b.json as BackupJson).snapshot.id;
  await copyDir(ws.archive, base);
  await makeTree(src, rand, { files: 40, maxSmall: 20_000, big: [2 * MiB, Math.round(1.5 * MiB)], prefix: "g1", dirs: 2 });
  v2 = await treeDigest(src);
});

after(async () => {
  await ws?.cleanup();
});

describe("full disk", () => {
  test("injected ENOSPC anywhere in a backup, down to the commit's index and snapshot writes", async (t) => {
    // An uninterrupted run first: how many bytes it writes, and the sizes of its last two files.
    const before = await archiveFileSet(ws.archive);
    const scratch = (await assertNextRunCompletes(ws.archive, "reference run", v2)).snapshot;
    const written = await newFiles(ws.archive, before);
    const total = written.reduce((n, f) => n + f.size, 0);
    const snapshot = written.find((f) => f.rel.startsWith("snapshots/"))!.size;
    const index = written.filter((f) => f.rel.startsWith("index/"));
    assert.equal(index.length, 1, "one index file per run without checkpoints");
    t.diagnostic(`an uninterrupted second run writes ${total} B (index ${index[0]!.size} B, snapshot ${snapshot} B)`);

    const cases: Array<{ name: string; after: number; flags?: string[]; json?: boolean }> = [
      { name: "the very first write", after: 0 },
      { name: "after 1 byte", after: 1, json: false },
      { name: "inside the first packs", after: 100_000 },
      { name: "half way", after: Math.floor(total / 2) },
      { name: "writing the index file of the commit", after: total - snapshot - Math.floor(index[0]!.size / 2) },
      { name: "writing the snapshot file, the commit point", after: total - Math.floor(snapshot / 2) },
      // (past the first big file, so that a checkpoint holds it)
      { name: "three quarters in, checkpointing after every item", after: Math.floor(total * 0.75), flags: ["--checkpoint-minutes", "0"] },
    ];
    for (const c of cases) {
      const what = `ENOSPC ${c.name} (after ${c.after} B)`;
      await copyDir(base, ws.archive);
      const json = c.json ?? true;
      const r = await cli(["backup", ...(json ? ["--json"] : []), ...(c.flags ?? [])], ws.archive, { LIFEBOAT_FAULT_ENOSPC_AFTER_BYTES: String(c.after) });
      assertDiskFullError(r, what, json);
      assert.equal(await fsp.readFile(path.join(ws.archive, "locks", "writer.lock"), "utf8").catch(() => null), null, `${what}: the lock is released`);
      const snaps = (await cli(["snapshots", "--json"], ws.archive)).json as SnapshotSummary[];
      assert.deepEqual(snaps.filter((s) => s.complete).map((s) => s.id), [s1], `${what}: no new complete snapshot`);
      await assertIntact(ws.archive, what);
      const next = (await assertNextRunCompletes(ws.archive, what, v2)).snapshot;
      if (c.flags) {
        // The failed run's checkpoints are reused: the next run stores less than a run from the first snapshot.
        assert.ok(next.sources.docs!.unchangedItems > scratch.sources.docs!.unchangedItems, `${what}: the next run resumes from the checkpoints`);
        assert.ok(next.stats.newBytesStored < scratch.stats.newBytesStored, `${what}: ${next.stats.newBytesStored} B stored, ${scratch.stats.newBytesStored} B without checkpoints`);
      }
    }
  });

  test("a real full disk: a small tmpfs holding the archive", async (t) => {
    const mnt = path.join(ws.dir, "small-disk");
    if (!(await mountSmallDisk(t, mnt, "10m"))) return;
    const archive = path.join(mnt, "archive");
    const small = path.join(ws.dir, "src-small");
    const rand = seededRandom(5);
    await makeTree(small, rand, { files: 30, maxSmall: 20_000, big: [3 * MiB], dirs: 2 });
    const first = await treeDigest(small);
    assert.equal((await cli(["init", "--json", "--scrypt-work-factor", "12"], archive)).code, 0);
    assert.equal((await cli(["add", "folder", small, "--name", "docs"], archive)).code, 0);
    const b1 = await cli(["backup", "--json"], archive);
    assert.equal(b1.code, 0, b1.stderr);
    const firstId = (b1.json as BackupJson).snapshot.id;

    // More than the disk holds.
    for (let i = 0; i < 3; i++) await fsp.writeFile(path.join(small, `huge-${i}.bin`), seededBytes(rand, 3 * MiB));
    const full = await cli(["backup", "--json"], archive);
    assertDiskFullError(full, "a real full disk", true);
    assert.deepEqual(await fsp.readdir(path.join(archive, "tmp")), [], "the failed run's partial files are gone");

    const v = await cli(["verify", "--full", "--json"], archive);
    assert.equal(v.code, 0, `verify --full after the full disk: ${v.stdout.slice(0, 1500)} ${v.stderr}`);
    const out = path.join(ws.dir, "restore-small");
    const r = await cli(["restore", firstId, "--to", out, "--json"], archive);
    assert.equal(r.code, 0, r.stderr);
    assert.deepEqual(digestDiff(first, await treeDigest(path.join(out, "docs"))), [], "the first snapshot restores byte-identically");

    // With the extra data gone again, the next run fits and completes.
    for (let i = 0; i < 3; i++) await fsp.rm(path.join(small, `huge-${i}.bin`));
    await fsp.writeFile(path.join(small, "note.txt"), "one more file\n");
    const next = await cli(["backup", "--json"], archive);
    assert.equal(next.code, 0, `the next run on the small disk: ${next.stderr}`);
    assert.deepEqual(await fsp.readdir(path.join(archive, "tmp")), []);
    const v2s = await cli(["verify", "--json"], archive);
    assert.equal(v2s.code, 0, v2s.stdout.slice(0, 1500));
  });
});
