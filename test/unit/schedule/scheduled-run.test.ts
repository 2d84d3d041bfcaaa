// One scheduled run in the engine (scheduled-run.ts), with a real archive and folder source: the
// run is recorded (start, then end), skipped when another writer holds the lock, failing sources
// raise their counter, and the post-run verify is a sample or, once a month, the full data check.
import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { promises as fsp } from "node:fs";
import os from "node:os";
import path from "node:path";
import type { SourceConfig } from "../../../shared/archive-types.js";
import { DEFAULT_SCHEDULE } from "../../../shared/schedule-types.js";
import { Archive } from "../../../electron/engine/archive/archive.js";
import { ArchiveLock } from "../../../electron/engine/archive/archive-lock.js";
import { RunHistory } from "../../../electron/engine/schedule/run-history.js";
import { FULL_VERIFY_EVERY_MS, runScheduledBackup } from "../../../electron/engine/schedule/scheduled-run.js";
import { SettingsStore } from "../../../electron/engine/settings/settings-store.js";

const PASS = "scheduled run test";
let dir = "";
let root = "";
let settings: SettingsStore;
let history: RunHistory;
let folder: SourceConfig;

before(async () => {
  dir = await fsp.mkdtemp(path.join(os.tmpdir(), "lifeboat-sched-run-"));
  root = path.join(dir, "archive");
  const { archive } = await Archive.init(root, PASS, { scryptLogN: 10 });
  await archive.close();
  const src = path.join(dir, "Docs");
  await fsp.mkdir(src);
  for (let i = 0; i < 5; i++) await fsp.writeFile(path.join(src, `f${i}.txt`), `file ${i} `.repeat(1000));
  folder = { name: "Docs", kind: "folder", path: src, added: new Date().toISOString() };
  settings = new SettingsStore(path.join(dir, "home"));
  await settings.addSource(root, folder);
  history = new RunHistory(path.join(dir, "home"), "test");
});
after(async () => {
  await fsp.rm(dir, { recursive: true, force: true });
});

const base = () => ({ archivePath: root, trigger: "schedule" as const, runner: "app" as const, open: () => Archive.open(root, { passphrase: PASS }), secrets: null, history, settings });

describe("runScheduledBackup", () => {
  test("a run: recorded with its counts and a sample verify; the first run starts the month for the full verify", async () => {
    const r = await runScheduledBackup({ ...base(), sources: [folder], schedule: DEFAULT_SCHEDULE });
    assert.equal(r.outcome, "ok");
    assert.equal(r.changes.newItems, 5);
    assert.ok(r.ended && r.snapshot);
    assert.deepEqual(r.verify && { level: r.verify.level, ok: r.verify.ok }, { level: "sample", ok: true });
    assert.ok(await settings.lastFullVerify(root), "the month starts now");
    assert.deepEqual((await history.list()).map((x) => x.id), [r.id]);
    assert.deepEqual(await settings.failures(root), { Docs: 0 });
  });

  test("another writer holds the lock: skipped, with its pid, nothing written", async () => {
    const archive = await Archive.open(root, { passphrase: PASS });
    const lock = await ArchiveLock.writer(archive.layout, "backup");
    try {
      const before = (await archive.snapshots()).snapshots.length;
      const r = await runScheduledBackup({ ...base(), sources: [folder], schedule: DEFAULT_SCHEDULE });
      assert.equal(r.outcome, "skipped");
      assert.equal(r.reason, `another backup is running (pid ${process.pid})`);
      assert.equal((await archive.snapshots()).snapshots.length, before);
    } finally {
      await lock.release();
      await archive.close();
    }
  });

  test("a month after the last full verify, the post-run verify reads every pack", async () => {
    const now = Date.now();
    await settings.setLastFullVerify(root, new Date(now - FULL_VERIFY_EVERY_MS - 1000).toISOString());
    const r = await runScheduledBackup({ ...base(), sources: [folder], schedule: DEFAULT_SCHEDULE });
    assert.equal(r.verify?.level, "data");
    assert.equal(r.verify?.ok, true);
    assert.ok(Date.parse((await settings.lastFullVerify(root))!) >= now, "the month starts again");
    const off = await runScheduledBackup({ ...base(), sources: [folder], schedule: { ...DEFAULT_SCHEDULE, verifySamplePercent: 0 } });
    assert.equal(off.verify, null, "no verify when the sample is 0 and the full one is not due");
  });

  test("a source that cannot be read: failed, its counter goes up run after run; the wrong key: failed, nothing opened", async () => {
    const gone: SourceConfig = { ...folder, name: "Gone", path: path.join(dir, "missing") } as SourceConfig;
    await settings.addSource(root, gone);
    const r1 = await runScheduledBackup({ ...base(), sources: [gone], schedule: { ...DEFAULT_SCHEDULE, verifySamplePercent: 0 } });
    const r2 = await runScheduledBackup({ ...base(), sources: [gone, folder], schedule: { ...DEFAULT_SCHEDULE, verifySamplePercent: 0 } });
    assert.equal(r1.outcome, "failed");
    assert.equal(r2.outcome, "partial", "the other source still ran");
    assert.deepEqual(await settings.failures(root), { Docs: 0, Gone: 2 });
    const locked = await runScheduledBackup({ ...base(), open: () => Archive.open(root, { passphrase: "wrong" }), sources: [folder], schedule: DEFAULT_SCHEDULE });
    assert.equal(locked.outcome, "failed");
    assert.equal(locked.snapshot, null);
    assert.deepEqual(await settings.failures(root), { Docs: 1, Gone: 2 }, "every source of that run failed; the others are untouched");
  });
});
