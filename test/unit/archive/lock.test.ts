// The archive's locks (archive-lock.ts): one writer at a time, readers that keep prune away, and
// stale locks (dead process on this host, or an old heartbeat from anywhere) taken over.
import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { promises as fsp } from "node:fs";
import os from "node:os";
import path from "node:path";
import { Archive } from "../../../electron/engine/archive/archive.js";
import { ArchiveLayout } from "../../../electron/engine/archive/archive-layout.js";
import { ArchiveLock, isStale, type LockInfo, STALE_MS } from "../../../electron/engine/archive/archive-lock.js";
import { pruneArchive } from "../../../electron/engine/archive/prune.js";
import { LifeboatError } from "../../../electron/engine/errors.js";
import { restoreSnapshot } from "../../../electron/engine/restore/restore-snapshot.js";

let base = "";
before(async () => {
  base = await fsp.mkdtemp(path.join(os.tmpdir(), "lifeboat-lock-test-"));
});
after(async () => {
  await fsp.rm(base, { recursive: true, force: true });
});

let counter = 0;
async function freshLayout(): Promise<ArchiveLayout> {
  const root = path.join(base, `a${counter++}`);
  await fsp.mkdir(path.join(root, "locks"), { recursive: true });
  return new ArchiveLayout(root);
}

const writerFile = (layout: ArchiveLayout): string => path.join(layout.locksDir, "writer.lock");

async function readInfo(file: string): Promise<LockInfo> {
  return JSON.parse(await fsp.readFile(file, "utf8")) as LockInfo;
}

async function plant(file: string, info: Partial<LockInfo>): Promise<void> {
  const now = new Date().toISOString();
  const full: LockInfo = { host: os.hostname(), pid: process.pid, op: "backup", started: now, heartbeat: now, ...info };
  await fsp.writeFile(file, JSON.stringify(full));
}

/** The pid of a process that has exited (and was reaped), so nothing runs under it now. */
async function deadPid(): Promise<number> {
  const child = spawn(process.execPath, ["-e", ""], { stdio: "ignore" });
  const pid = child.pid;
  await new Promise<void>((resolve) => child.on("exit", () => resolve()));
  assert.ok(pid, "spawned a child");
  assert.throws(() => process.kill(pid, 0), { code: "ESRCH" });
  return pid;
}

function isLocked(err: unknown): boolean {
  return err instanceof LifeboatError && err.code === "locked" && err.exitCode === 1;
}

async function exists(file: string): Promise<boolean> {
  return fsp.access(file).then(
    () => true,
    () => false,
  );
}

describe("writer lock", () => {
  test("is exclusive, records who holds it, and can be taken again after release", async () => {
    const layout = await freshLayout();
    const first = await ArchiveLock.writer(layout, "backup");
    try {
      const info = await readInfo(writerFile(layout));
      assert.equal(info.pid, process.pid);
      assert.equal(info.host, os.hostname());
      assert.equal(info.op, "backup");
      await assert.rejects(ArchiveLock.writer(layout, "prune"), (err: unknown) => {
        assert.ok(isLocked(err), String(err));
        assert.match((err as Error).message, /busy: backup \(pid \d+ on /);
        return true;
      });
      // The refused attempt did not disturb the holder's lock.
      assert.equal((await readInfo(writerFile(layout))).op, "backup");
    } finally {
      await first.release();
    }
    assert.equal(await exists(writerFile(layout)), false, "release removes the lock file");
    const second = await ArchiveLock.writer(layout, "passwd");
    assert.equal((await readInfo(writerFile(layout))).op, "passwd");
    await second.release();
  });

  test("creates the locks folder when it is missing", async () => {
    const layout = new ArchiveLayout(path.join(base, `no-locks-${counter++}`));
    await fsp.mkdir(layout.root, { recursive: true });
    const lock = await ArchiveLock.writer(layout, "backup");
    assert.equal(await exists(writerFile(layout)), true);
    await lock.release();
  });

  test("a stale lock of a dead process on this host is taken over", async () => {
    const layout = await freshLayout();
    const pid = await deadPid();
    // Its heartbeat is fresh: the dead pid alone makes it stale.
    await plant(writerFile(layout), { pid, op: "backup" });
    const lock = await ArchiveLock.writer(layout, "prune");
    try {
      const info = await readInfo(writerFile(layout));
      assert.equal(info.pid, process.pid);
      assert.equal(info.op, "prune");
    } finally {
      await lock.release();
    }
  });

  test("a live process's lock blocks while its heartbeat is fresh, and is stale (frozen) once it is older than STALE_MS", async () => {
    // A live process whose heartbeat stopped for longer than STALE_MS is frozen: its lock is stale.
    const layout = await freshLayout();
    await plant(writerFile(layout), { pid: process.pid, heartbeat: new Date(Date.now() - STALE_MS - 60_000).toISOString() });
    const lock = await ArchiveLock.writer(layout, "backup");
    await lock.release();
    // With a fresh heartbeat the same live pid blocks.
    await plant(writerFile(layout), { pid: process.pid });
    await assert.rejects(ArchiveLock.writer(layout, "backup"), isLocked);
    await fsp.unlink(writerFile(layout));
  });

  test("a lock from another host with an old heartbeat is stale and taken over", async () => {
    const layout = await freshLayout();
    const old = new Date(Date.now() - STALE_MS - 60_000).toISOString();
    // pid 1 is alive here, but it is not the other host's process: only the heartbeat counts.
    await plant(writerFile(layout), { host: `${os.hostname()}-elsewhere`, pid: 1, started: old, heartbeat: old });
    const lock = await ArchiveLock.writer(layout, "backup");
    try {
      assert.equal((await readInfo(writerFile(layout))).host, os.hostname());
    } finally {
      await lock.release();
    }
  });

  test("a fresh lock from another host blocks, even if its pid does not exist here", async () => {
    const layout = await freshLayout();
    const pid = await deadPid();
    await plant(writerFile(layout), { host: `${os.hostname()}-elsewhere`, pid, op: "backup" });
    await assert.rejects(ArchiveLock.writer(layout, "backup"), (err: unknown) => {
      assert.ok(isLocked(err));
      assert.match((err as Error).message, /-elsewhere/);
      return true;
    });
    // Still there, untouched.
    assert.equal((await readInfo(writerFile(layout))).pid, pid);
  });

  test("many writers racing: exactly one wins, every loser sees a complete lock, no temp files stay", async () => {
    const layout = await freshLayout();
    const results = await Promise.allSettled(Array.from({ length: 20 }, () => ArchiveLock.writer(layout, "backup")));
    const won = results.filter((r): r is PromiseFulfilledResult<ArchiveLock> => r.status === "fulfilled");
    assert.equal(won.length, 1);
    for (const r of results) if (r.status === "rejected") assert.ok(isLocked(r.reason), String(r.reason));
    assert.equal((await readInfo(writerFile(layout))).pid, process.pid);
    assert.deepEqual(await fsp.readdir(layout.locksDir), ["writer.lock"]);
    await won[0]!.value.release();
    assert.deepEqual(await fsp.readdir(layout.locksDir), []);
  });

  test("a half-written (unparseable) lock counts as stale", async () => {
    const layout = await freshLayout();
    await fsp.writeFile(writerFile(layout), '{"host":"x","pi');
    const lock = await ArchiveLock.writer(layout, "backup");
    assert.equal((await readInfo(writerFile(layout))).pid, process.pid);
    await lock.release();
  });
});

describe("isStale", () => {
  test("judges by pid on this host and by heartbeat age everywhere", async () => {
    const now = Date.now();
    const at = (ms: number): string => new Date(ms).toISOString();
    const here = os.hostname();
    const other = `${here}-elsewhere`;
    const dead = await deadPid();
    assert.equal(isStale({ host: here, pid: process.pid, op: "x", started: at(now), heartbeat: at(now) }, now), false);
    assert.equal(isStale({ host: here, pid: dead, op: "x", started: at(now), heartbeat: at(now) }, now), true);
    assert.equal(isStale({ host: other, pid: dead, op: "x", started: at(now), heartbeat: at(now) }, now), false);
    assert.equal(isStale({ host: other, pid: 1, op: "x", started: at(now), heartbeat: at(now - STALE_MS + 1000) }, now), false);
    assert.equal(isStale({ host: other, pid: 1, op: "x", started: at(now), heartbeat: at(now - STALE_MS - 1000) }, now), true);
    assert.equal(isStale({ host: here, pid: process.pid, op: "x", started: at(now), heartbeat: at(now - STALE_MS - 1000) }, now), true);
  });
});

describe("reader locks", () => {
  test("several readers at once, also while a backup holds the writer lock", async () => {
    const layout = await freshLayout();
    const backup = await ArchiveLock.writer(layout, "backup");
    const r1 = await ArchiveLock.reader(layout, "restore");
    const r2 = await ArchiveLock.reader(layout, "verify");
    try {
      const live = await ArchiveLock.liveReaders(layout);
      assert.deepEqual(live.map((r) => r.op).sort(), ["restore", "verify"]);
      assert.ok(live.every((r) => r.pid === process.pid));
    } finally {
      await r1.release();
      await r2.release();
      await backup.release();
    }
    assert.deepEqual(await ArchiveLock.liveReaders(layout), []);
    assert.deepEqual(await fsp.readdir(layout.locksDir), [], "releases leave no lock files behind");
  });

  test("prune's writer lock keeps new readers out; a backup's does not", async () => {
    const layout = await freshLayout();
    const prune = await ArchiveLock.writer(layout, "prune");
    try {
      await assert.rejects(ArchiveLock.reader(layout, "restore"), (err: unknown) => {
        assert.ok(isLocked(err));
        assert.match((err as Error).message, /being pruned/);
        return true;
      });
      assert.deepEqual(await ArchiveLock.liveReaders(layout), [], "the refused reader left no lock");
    } finally {
      await prune.release();
    }
    const reader = await ArchiveLock.reader(layout, "restore");
    await reader.release();
  });

  test("a stale prune lock (dead pid) does not keep readers out", async () => {
    const layout = await freshLayout();
    await plant(writerFile(layout), { pid: await deadPid(), op: "prune" });
    const reader = await ArchiveLock.reader(layout, "restore");
    await reader.release();
  });

  test("liveReaders drops stale reader locks and keeps live ones", async () => {
    const layout = await freshLayout();
    const staleFile = path.join(layout.locksDir, "reader-00000000deadbeef.lock");
    await plant(staleFile, { pid: await deadPid(), op: "restore" });
    const otherHostOld = path.join(layout.locksDir, "reader-00000000cafebabe.lock");
    const old = new Date(Date.now() - STALE_MS - 60_000).toISOString();
    await plant(otherHostOld, { host: "elsewhere", pid: 1, op: "verify", heartbeat: old });
    const otherHostFresh = path.join(layout.locksDir, "reader-00000000feedface.lock");
    await plant(otherHostFresh, { host: "elsewhere", pid: 1, op: "ls" });
    const live = await ArchiveLock.liveReaders(layout);
    assert.deepEqual(live.map((r) => r.op), ["ls"]);
    assert.equal(await exists(staleFile), false);
    assert.equal(await exists(otherHostOld), false);
    assert.equal(await exists(otherHostFresh), true);
  });
});

describe("prune and readers on a real archive", () => {
  test("a live reader makes prune refuse without deleting anything; prune's lock refuses a restore", async () => {
    const root = path.join(base, `archive-${counter++}`);
    const { archive } = await Archive.init(root, "lock test passphrase", { scryptLogN: 10 });
    try {
      const reader = await ArchiveLock.reader(archive.layout, "restore");
      try {
        await assert.rejects(pruneArchive(archive, { keepLast: 1 }), (err: unknown) => {
          assert.ok(isLocked(err), String(err));
          assert.match((err as Error).message, /being read \(restore, pid \d+\)/);
          return true;
        });
        assert.equal(await exists(writerFile(archive.layout)), false, "prune released its writer lock after refusing");
      } finally {
        await reader.release();
      }
      // Without the reader, prune goes ahead (nothing to forget in an empty archive).
      const report = await pruneArchive(archive, { keepLast: 1 });
      assert.deepEqual(report.forget, []);
      assert.equal(await exists(writerFile(archive.layout)), false);

      // While prune holds the writer lock, a restore cannot start reading.
      const pruning = await ArchiveLock.writer(archive.layout, "prune");
      try {
        await assert.rejects(restoreSnapshot(archive, "latest", path.join(root, "..", `out-${counter++}`)), isLocked);
      } finally {
        await pruning.release();
      }
      // And a second prune cannot run next to the first.
      const first = await ArchiveLock.writer(archive.layout, "prune");
      try {
        await assert.rejects(pruneArchive(archive, { keepLast: 1 }), isLocked);
      } finally {
        await first.release();
      }
    } finally {
      await archive.close();
    }
  });

  test("a dead reader's lock does not block prune", async () => {
    const root = path.join(base, `archive-${counter++}`);
    const { archive } = await Archive.init(root, "lock test passphrase", { scryptLogN: 10 });
    try {
      await plant(path.join(archive.layout.locksDir, "reader-0123456789abcdef.lock"), { pid: await deadPid(), op: "restore" });
      const report = await pruneArchive(archive, { keepLast: 1 });
      assert.equal(report.dryRun, false);
      assert.deepEqual(await fsp.readdir(archive.layout.locksDir), []);
    } finally {
      await archive.close();
    }
  });
});
