// Crash safety and the writer lock, end to end through the CLI.
//
// A backup is killed with SIGKILL at many points, chosen by what is on disk (the n-th checkpoint
// written, a file being written to tmp/, an index written, a pack sealed), so every kill provably
// lands mid-run. After each kill: every earlier complete snapshot verifies clean (verify --full)
// and restores byte-identically; the killed process's writer lock does not block the next run;
// and the next run completes and reuses what the killed run had checkpointed (fewer new bytes
// stored than an uninterrupted run, and exactly the checkpointed items counted as unchanged).
// The data and the kill points derive from one seed (LIFEBOAT_CRASH_SEED to try another).
import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { promises as fsp } from "node:fs";
import path from "node:path";
import type { CatalogEntry, SnapshotSummary } from "../../shared/archive-types.js";
import { runCli, tempWorkspace } from "../helpers/cli-harness.js";
import {
  archiveState,
  type ArchiveState,
  digestDiff,
  makeTree,
  randInt,
  runCliFull,
  type Running,
  seededBytes,
  seededRandom,
  startCli,
  treeDigest,
  waitForState,
} from "../helpers/robustness-util.js";

const SEED = Number(process.env.LIFEBOAT_CRASH_SEED ?? 20261124);
const KILLS = 10;
const MiB = 1024 * 1024;
// The first backup checkpoints after every new pack; the incremental one after every stored item,
// so kill points can be spread over a run by counting checkpoints, whatever the machine's speed.
const FIRST_FLAGS = ["--json", "--checkpoint-every-packs", "1"];
const CYCLE_FLAGS = ["--json", "--checkpoint-minutes", "0"];

type Ws = Awaited<ReturnType<typeof tempWorkspace>>;
let ws: Ws;
let src: string;
let base: string; // a copy of the archive holding S0 and S1, the start of every kill cycle
let refArchive: string; // uninterrupted runs, for comparison
const digests: Record<string, Map<string, string>> = {};
const snapshotIds: Record<string, string> = {};
const live = new Set<Running>();

function env(extra: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv {
  return { ...ws.env, ...extra };
}

function start(args: string[], archive = ws.archive): Running {
  const r = startCli(["--archive", archive, ...args], env());
  live.add(r);
  void r.done.then(() => live.delete(r));
  return r;
}

async function cli(args: string[], archive = ws.archive): Promise<Awaited<Running["done"]>> {
  return runCliFull(["--archive", archive, ...args], env());
}

async function copyDir(from: string, to: string): Promise<void> {
  await fsp.rm(to, { recursive: true, force: true });
  await fsp.cp(from, to, { recursive: true, preserveTimestamps: true, verbatimSymlinks: true });
}

interface BackupJson {
  snapshot: SnapshotSummary;
  failed: unknown[];
  interrupted: boolean;
}

async function backupOk(flags: string[], archive = ws.archive): Promise<BackupJson> {
  const r = await cli(["backup", ...flags], archive);
  assert.equal(r.code, 0, `backup failed (${r.code}, ${r.signal}): ${r.stderr}`);
  const j = r.json as BackupJson;
  assert.equal(j.snapshot.complete, true);
  assert.deepEqual(j.failed, []);
  return j;
}

async function snapshots(archive = ws.archive): Promise<SnapshotSummary[]> {
  const r = await cli(["snapshots", "--json"], archive);
  assert.equal(r.code, 0, r.stderr);
  return r.json as SnapshotSummary[];
}

async function items(id: string, archive = ws.archive): Promise<CatalogEntry[]> {
  const r = await cli(["ls", id, "-r", "--json"], archive);
  assert.equal(r.code, 0, r.stderr);
  return (r.json as { items: CatalogEntry[] }).items;
}

/** Restores snapshot `id` and compares it with the source tree it was taken of. */
async function assertRestores(id: string, expected: Map<string, string>, label: string, archive = ws.archive): Promise<void> {
  const out = path.join(ws.dir, `restore-${Math.random().toString(36).slice(2)}`);
  try {
    const r = await cli(["restore", id, "--to", out, "--json"], archive);
    assert.equal(r.code, 0, `${label}: restore of ${id.slice(0, 8)} failed: ${r.stderr} ${r.stdout.slice(0, 2000)}`);
    const diffs = digestDiff(expected, await treeDigest(path.join(out, "docs")));
    assert.deepEqual(diffs, [], `${label}: snapshot ${id.slice(0, 8)} does not restore byte-identically`);
  } finally {
    await fsp.rm(out, { recursive: true, force: true });
  }
}

async function assertVerifiesClean(label: string, full = true): Promise<void> {
  const r = await cli(["verify", ...(full ? ["--full"] : []), "--json"]);
  assert.equal(r.code, 0, `${label}: verify${full ? " --full" : ""} exit ${r.code}: ${r.stdout.slice(0, 2000)} ${r.stderr}`);
  assert.equal((r.json as { ok: boolean }).ok, true);
}

async function writerLock(archive = ws.archive): Promise<{ pid: number; op: string } | null> {
  const text = await fsp.readFile(path.join(archive, "locks", "writer.lock"), "utf8").catch(() => null);
  return text === null ? null : (JSON.parse(text) as { pid: number; op: string });
}

interface Stage {
  until: (s: ArchiveState, prev: ArchiveState) => boolean;
  /** The condition counts packs (costly to poll, so only then). */
  packs?: boolean;
}

/**
 * Starts a backup and kills it with SIGKILL once `stages` (each a condition on the archive's
 * directories, checked in turn) have all been met. Fails if the backup ended first.
 */
async function killAt(label: string, flags: string[], stages: Stage[]): Promise<number> {
  const r = start(["backup", ...flags]);
  let prev = await archiveState(ws.archive);
  for (const [i, stage] of stages.entries()) {
    const at = prev;
    const reached = await waitForState(r, ws.archive, (s) => stage.until(s, at), !!stage.packs);
    if (!reached) {
      const res = await r.done;
      assert.fail(`${label}: the backup ended (exit ${res.code}) before kill stage ${i + 1}: ${res.stderr}`);
    }
    prev = reached;
  }
  r.child.kill("SIGKILL");
  const res = await r.done;
  assert.equal(res.signal, "SIGKILL", `${label}: the backup was not killed mid-run (exit ${res.code}): ${res.stderr}`);
  return r.pid;
}

/** Stages of a kill point: after the n-th new checkpoint, then one of four moments. */
function killStages(checkpointsBefore: number, n: number, variant: number): Stage[] {
  const first: Stage = { until: (s) => s.snapshots >= checkpointsBefore + n, packs: variant % 4 === 3 };
  switch (variant % 4) {
    case 0: // right after the n-th checkpoint's snapshot file appeared
      return [first];
    case 1: // while a pack (or an index or a snapshot) is being written to tmp/
      return [first, { until: (s) => s.tmpFiles > 0 && s.tmpBytes > 0 }];
    case 2: // after the next checkpoint's index file, around its snapshot write
      return [first, { until: (s, p) => s.indexes > p.indexes }];
    default: // right after a pack was sealed (renamed into packs/), before any index names it
      return [first, { until: (s, p) => s.packs > p.packs, packs: true }];
  }
}

/** The items a checkpoint stored itself: new or different from the parent snapshot's entries. */
function storedBy(checkpoint: CatalogEntry[], parent: CatalogEntry[]): number {
  const old = new Map(parent.map((e) => [`${e.source}/${e.path}`, JSON.stringify(e)]));
  return checkpoint.filter((e) => old.get(`${e.source}/${e.path}`) !== JSON.stringify(e)).length;
}

async function mutate(rand: () => number, gen: string, o: { modify: number; remove: number; add: number; dirs: number; big: number[]; bigEdit?: boolean; bigInside?: boolean }): Promise<void> {
  const files = (await fsp.readdir(src, { recursive: true, withFileTypes: true }))
    .filter((e) => e.isFile() && !e.name.includes("big"))
    .map((e) => path.join(e.parentPath ?? e.path, e.name))
    .sort();
  const later = Date.now() / 1000 + 60;
  for (let i = 0; i < o.modify; i++) {
    const f = files.splice(randInt(rand, 0, files.length - 1), 1)[0]!;
    await fsp.writeFile(f, seededBytes(rand, randInt(rand, 1, 30_000)));
    await fsp.utimes(f, later + i, later + i);
  }
  for (let i = 0; i < o.remove; i++) await fsp.rm(files.splice(randInt(rand, 0, files.length - 1), 1)[0]!);
  await makeTree(src, rand, { files: o.add, maxSmall: 30_000, big: o.big, prefix: gen, dirs: o.dirs, bigInside: o.bigInside });
  if (o.bigEdit) {
    // Change 64 KiB in the middle of a big file: content-defined chunking stores only the chunks around it.
    const f = path.join(src, "g0-big0.bin");
    const fh = await fsp.open(f, "r+");
    await fh.write(seededBytes(rand, 64 * 1024), 0, 64 * 1024, 1_500_000);
    await fh.close();
    await fsp.utimes(f, later + 1000, later + 1000);
  }
}

before(async () => {
  ws = await tempWorkspace("lifeboat-crash-");
  src = path.join(ws.dir, "src");
  base = path.join(ws.dir, "base-archive");
  refArchive = path.join(ws.dir, "ref-archive");
  const rand = seededRandom(SEED);
  await makeTree(src, rand, { files: 300, maxSmall: 24_000, big: [3 * MiB, Math.round(2.5 * MiB), 2 * MiB] });
  digests.v0 = await treeDigest(src);
  for (const archive of [ws.archive, refArchive]) {
    const init = await runCli(["--archive", archive, "init", "--json", "--scrypt-work-factor", "12", "--pack-size-mib", "0.0625"], ws.env);
    assert.equal(init.code, 0, init.stderr);
    const add = await runCli(["--archive", archive, "add", "folder", src, "--name", "docs", "--json"], ws.env);
    assert.equal(add.code, 0, add.stderr);
  }
});

after(async () => {
  for (const r of live) {
    r.child.kill("SIGCONT");
    r.child.kill("SIGKILL");
    await r.done.catch(() => undefined);
  }
  if (process.env.LIFEBOAT_KEEP_TEST_DIR) console.error(`kept ${ws?.dir}`);
  else await ws?.cleanup();
});

describe("crash safety (SIGKILL during backup)", () => {
  test("a first backup killed twice leaves a clean archive, and the next run resumes from its checkpoints", async () => {
    const scratch = await backupOk(FIRST_FLAGS, refArchive); // what an uninterrupted first run stores
    const before = await archiveState(ws.archive);
    const pid1 = await killAt("first backup, kill 1", FIRST_FLAGS, killStages(before.snapshots, 2, 0));
    assert.equal((await writerLock())?.pid, pid1, "the killed run's lock is left behind (it is the stale-lock case)");
    await assertVerifiesClean("after kill 1 of the first backup");

    const mid = await archiveState(ws.archive);
    const pid2 = await killAt("first backup, kill 2", FIRST_FLAGS, killStages(mid.snapshots, 1, 3));
    assert.notEqual(pid2, pid1);
    assert.equal((await writerLock())?.pid, pid2, "the second run took over the dead run's lock");
    await assertVerifiesClean("after kill 2 of the first backup");

    const list = await snapshots();
    assert.ok(list.length >= 3 && list.every((s) => !s.complete), "only checkpoints so far");
    const last = list[list.length - 1]!;
    const checkpointed = await items(last.id);

    const resumed = await backupOk(FIRST_FLAGS);
    const st = resumed.snapshot.stats;
    assert.ok(last.stats.newBytesStored > 0);
    assert.ok(st.newBytesStored < scratch.snapshot.stats.newBytesStored * 0.95, `resumed run stored ${st.newBytesStored} B, an uninterrupted one ${scratch.snapshot.stats.newBytesStored} B`);
    assert.equal(resumed.snapshot.sources.docs!.unchangedItems, checkpointed.length, "every checkpointed item is reused, not read again");
    assert.deepEqual((await snapshots()).map((s) => s.complete), [true], "the commit removed the interrupted runs' checkpoints");
    assert.deepEqual(await fsp.readdir(path.join(ws.archive, "tmp")), [], "no leftovers in tmp/");
    assert.equal(await writerLock(), null);
    snapshotIds.s0 = resumed.snapshot.id;
    await assertRestores(snapshotIds.s0, digests.v0!, "S0");

    await mutate(seededRandom(SEED + 1), "g1", { modify: 15, remove: 5, add: 20, dirs: 2, big: [] });
    digests.v1 = await treeDigest(src);
    snapshotIds.s1 = (await backupOk(["--json"])).snapshot.id;
    await copyDir(ws.archive, base);
  });

  test(`${KILLS} kills during an incremental backup: earlier snapshots stay intact, the next run reuses the checkpoints`, async (t) => {
    assert.ok(snapshotIds.s1, "needs the first test's archive");
    await mutate(seededRandom(SEED + 2), "g2", { modify: 6, remove: 3, add: 25, dirs: 1, big: [Math.round(2.5 * MiB), 2 * MiB, Math.round(1.5 * MiB)], bigEdit: true, bigInside: true });
    digests.v2 = await treeDigest(src);
    const s1Items = await items(snapshotIds.s1);

    // The uninterrupted reference run from the same start, watched to learn how many checkpoints it writes.
    await copyDir(base, refArchive);
    const refBefore = await archiveState(refArchive);
    const ref = startCli(["--archive", refArchive, "backup", ...CYCLE_FLAGS], env());
    let maxCheckpoints = 0;
    await waitForState(
      ref,
      refArchive,
      (s) => {
        maxCheckpoints = Math.max(maxCheckpoints, s.snapshots - refBefore.snapshots);
        return false;
      },
      false,
    );
    const refRes = await ref.done;
    assert.equal(refRes.code, 0, refRes.stderr);
    const scratch = (refRes.json as BackupJson).snapshot;
    const scratchBytes = scratch.stats.newBytesStored;
    const scratchUnchanged = scratch.sources.docs!.unchangedItems;
    t.diagnostic(`seed ${SEED}: uninterrupted run stores ${scratchBytes} B in ${scratch.stats.packs} packs with ~${maxCheckpoints} checkpoints`);
    assert.ok(maxCheckpoints >= 2 * KILLS, `the run must write enough checkpoints to spread ${KILLS} kill points (saw ${maxCheckpoints})`);

    const rand = seededRandom(SEED + 3);
    const reach = Math.max(1, Math.floor(maxCheckpoints * 0.7));
    for (let i = 0; i < KILLS; i++) {
      const label = `kill ${i + 1}/${KILLS}`;
      await copyDir(base, ws.archive);
      const n = 1 + Math.floor((i * (reach - 1)) / (KILLS - 1));
      const variant = randInt(rand, 0, 3);
      const start0 = await archiveState(ws.archive);
      const pid = await killAt(`${label} (checkpoint ${n}, variant ${variant})`, CYCLE_FLAGS, killStages(start0.snapshots, n, variant));
      assert.equal((await writerLock())?.pid, pid, `${label}: the dead run's lock is still there`);
      if (i % 3 === 2) {
        // Kill the resumed run too: checkpoints of two interrupted runs, and a second stale lock.
        const again = await archiveState(ws.archive);
        const pid2 = await killAt(`${label}, resumed run`, CYCLE_FLAGS, killStages(again.snapshots, 3, variant + 1));
        assert.equal((await writerLock())?.pid, pid2, `${label}: the resumed run took the stale lock over`);
      }

      await assertVerifiesClean(label);
      await assertRestores(snapshotIds.s0!, digests.v0!, `${label} S0`);
      await assertRestores(snapshotIds.s1, digests.v1!, `${label} S1`);

      const list = await snapshots();
      const checkpoints = list.filter((s) => !s.complete);
      assert.ok(checkpoints.length >= n, `${label}: ${checkpoints.length} checkpoints on disk`);
      const last = checkpoints[checkpoints.length - 1]!;
      const stored = storedBy(await items(last.id), s1Items);
      assert.ok(stored > 0 && last.stats.newBytesStored > 0, `${label}: the checkpoint holds new items`);

      const resumed = await backupOk(CYCLE_FLAGS);
      const got = resumed.snapshot;
      t.diagnostic(`${label}: checkpoint ${n} variant ${variant}: killed run checkpointed ${last.stats.newBytesStored} B / ${stored} items; resumed run stored ${got.stats.newBytesStored} B (uninterrupted: ${scratchBytes} B)`);
      assert.ok(got.stats.newBytesStored < scratchBytes, `${label}: the resumed run stored ${got.stats.newBytesStored} B, no fewer than an uninterrupted run (${scratchBytes} B)`);
      assert.ok(
        got.stats.newBytesStored <= scratchBytes - last.stats.newBytesStored + 0.05 * scratchBytes,
        `${label}: the resumed run stored ${got.stats.newBytesStored} B although ${last.stats.newBytesStored} B were checkpointed (uninterrupted: ${scratchBytes} B)`,
      );
      assert.equal(got.sources.docs!.unchangedItems, scratchUnchanged + stored, `${label}: the ${stored} checkpointed items are reused, not read again`);
      assert.equal((await fsp.readdir(path.join(ws.archive, "snapshots"))).length, 3, `${label}: the commit removed the checkpoints (S0, S1 and the new snapshot are left)`);
      assert.deepEqual(await fsp.readdir(path.join(ws.archive, "tmp")), [], `${label}: tmp/ is empty after a successful run`);
      assert.equal(await writerLock(), null, `${label}: the lock is released`);
      await assertRestores(got.id, digests.v2!, `${label} resumed snapshot`);
      if (i === KILLS - 1) await assertVerifiesClean(`${label}, after the resumed run`);
      else await assertVerifiesClean(`${label}, after the resumed run`, false);
    }
  });

  test("a second backup while one runs fails at once with 'archive is busy' and harms nothing", async () => {
    assert.ok(digests.v2, "needs the previous tests' data");
    await copyDir(base, ws.archive);
    const before = await archiveState(ws.archive);
    const first = start(["backup", ...CYCLE_FLAGS]);
    // Wait until the first run holds the lock and has written a checkpoint, then freeze it: the
    // second run meets a live lock whatever the machine's speed.
    const reached = await waitForState(first, ws.archive, (s) => s.snapshots > before.snapshots, false);
    assert.ok(reached, "the first backup ended before it could be paused");
    first.child.kill("SIGSTOP");
    try {
      assert.equal(first.exited, false, "the first backup was paused mid-run");
      assert.equal((await writerLock())?.pid, first.pid);
      const second = await cli(["backup", "--json"]);
      assert.equal(second.code, 1, second.stderr);
      assert.match(second.stderr, /archive is busy/i);
      assert.match(second.stderr, new RegExp(`pid ${first.pid}`));
      assert.equal((second.json as { error: { code: string } }).error.code, "locked");
      assert.doesNotMatch(second.stderr, /\n\s+at /, "no stack trace");
      assert.equal(first.exited, false, "the second run did not wait for the first");
      assert.equal((await writerLock())?.pid, first.pid, "the second run left the first run's lock alone");
      const during = await cli(["verify", "--json"]);
      assert.equal(during.code, 0, `verify while a backup runs: ${during.stdout}`);
    } finally {
      first.child.kill("SIGCONT");
    }
    const res = await first.done;
    assert.equal(res.code, 0, res.stderr);
    await assertVerifiesClean("after the concurrent attempt");
    await assertRestores(snapshotIds.s1!, digests.v1!, "S1 after the concurrent attempt");
    await assertRestores((res.json as BackupJson).snapshot.id, digests.v2!, "the first run's snapshot");
  });
});
