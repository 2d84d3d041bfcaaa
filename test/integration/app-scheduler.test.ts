// The desktop app's scheduler with a simulated clock, through the real app service (handle() and
// its events only) and a folder source: the first run starts by itself; a three-day sleep gives ONE
// catch-up run, not one per missed slot; a source going stale is told once, at the first check
// after the limit; a run while another process holds the archive's writer lock is skipped with
// the reason and writes nothing; a suspend cancels the running backup, which checkpoints, and the
// run after resume continues from that checkpoint.
import assert from "node:assert/strict";
import { spawn, type ChildProcess } from "node:child_process";
import { randomBytes } from "node:crypto";
import { promises as fsp } from "node:fs";
import os from "node:os";
import path from "node:path";
import { after, before, describe, test } from "node:test";
import type { AppState, JobOutcome } from "../../shared/app-types.js";
import type { RunRecord } from "../../shared/schedule-types.js";
import type { SchedulerClock } from "../../electron/app-service/app-scheduler.js";
import type { AppServiceApi, PowerEvent } from "../../electron/app-service/app-service-host.js";
import { createAppService } from "../../electron/app-service/app-service.js";
import { MemorySecretStore } from "../../electron/engine/secrets/memory-secret-store.js";
import { EventLog, ok } from "../bridge/service-calls.js";

const HOUR = 3600_000;
const MINUTE = 60_000;

/**
 * Simulated time: timers fire only when the test moves the clock. Every scheduler check ends by
 * setting its next timer, so `checked()` is the moment a decision (and any run it started) is done.
 */
class FakeClock implements SchedulerClock {
  private t: number;
  private timers = new Map<number, { at: number; fn: () => void }>();
  private nextId = 1;
  private setWaiters: Array<() => void> = [];

  constructor(start: number) {
    this.t = start;
  }

  now(): Date {
    return new Date(this.t);
  }

  setTimer(fn: () => void, ms: number): unknown {
    const id = this.nextId++;
    this.timers.set(id, { at: this.t + ms, fn });
    for (const w of this.setWaiters.splice(0)) w();
    return id;
  }

  clearTimer(h: unknown): void {
    this.timers.delete(h as number);
  }

  /** Resolves when the scheduler next sets a timer (its check is over). */
  checked(): Promise<void> {
    return new Promise((resolve) => this.setWaiters.push(resolve));
  }

  /** Moves time forward as a machine that stays awake: each timer due on the way fires, in order. */
  async advance(ms: number): Promise<void> {
    const end = this.t + ms;
    for (;;) {
      const due = [...this.timers.entries()].filter(([, x]) => x.at <= end).sort((a, b) => a[1].at - b[1].at)[0];
      if (!due) break;
      this.timers.delete(due[0]);
      this.t = Math.max(this.t, due[1].at);
      const done = this.checked();
      due[1].fn();
      await done;
    }
    // A caller that stopped waiting (the run was suspended) must not move time backwards later.
    this.t = Math.max(this.t, end);
  }

  /** Moves time forward as a machine that was asleep: no timer fires on the way. */
  jump(ms: number): void {
    this.t += ms;
  }
}

interface Harness {
  work: string;
  clock: FakeClock;
  service: AppServiceApi;
  log: EventLog;
  notices: Array<{ at: number; title: string; body: string }>;
  power(event: PowerEvent): void;
  onBattery: boolean;
  archive: string;
  close(): Promise<void>;
}

async function writeFiles(dir: string, count: number, bytes: number): Promise<void> {
  await fsp.mkdir(dir, { recursive: true });
  for (let i = 0; i < count; i++) await fsp.writeFile(path.join(dir, `file-${String(i).padStart(5, "0")}.bin`), randomBytes(bytes));
}

/** An app with a folder source and an archive, its scheduler on a simulated clock; the first run has been made. */
async function startApp(opts: { files: number; bytes: number; enabled: boolean }): Promise<Harness> {
  const work = await fsp.mkdtemp(path.join(os.tmpdir(), "lifeboat-app-scheduler-"));
  const folder = path.join(work, "Documents");
  await writeFiles(folder, opts.files, opts.bytes);
  const clock = new FakeClock(Date.now());
  const listeners = new Set<(e: PowerEvent) => void>();
  const notices: Harness["notices"] = [];
  const h = {} as Harness;
  h.onBattery = false;
  const service = createAppService({
    openExternal: async () => undefined,
    secrets: new MemorySecretStore(),
    home: path.join(work, "home"),
    scryptLogN: 12,
    scheduler: true,
    clock,
    isOnBatterySaver: () => h.onBattery,
    onPowerEvent: (l) => {
      listeners.add(l);
      return () => listeners.delete(l);
    },
    notify: (title, body) => notices.push({ at: clock.now().getTime(), title, body }),
  });
  const log = new EventLog(service);
  const archive = path.join(work, "Archive");
  await ok(service, "app:get-state", {});
  await ok(service, "archive:create", { path: archive, passphrase: "a long enough passphrase here", remember: false });
  await ok(service, "settings:update", { schedule: { enabled: opts.enabled, jitterMinutes: 0 } });
  // The first source makes the scheduler start the first run at once (when scheduling is on).
  await ok(service, "accounts:add-folder", { path: folder, name: "Documents" });
  if (opts.enabled) {
    await log.until(() => log.of("job-finished").find((o) => o.kind === "backup"));
    // The check after the run plans the next one.
    await clock.checked();
  }
  Object.assign(h, {
    work,
    clock,
    service,
    log,
    notices,
    archive,
    power: (e: PowerEvent) => {
      for (const l of listeners) l(e);
    },
    close: async () => {
      log.stop();
      await service.close();
      await fsp.rm(work, { recursive: true, force: true });
    },
  });
  return h;
}

const runs = (h: Harness): Promise<RunRecord[]> => ok<RunRecord[]>(h.service, "history:list", {});
const backupsFinished = (h: Harness): JobOutcome[] => h.log.of("job-finished").filter((o) => o.kind === "backup");

describe("app scheduler (simulated clock)", () => {
  let h: Harness;
  before(async () => {
    h = await startApp({ files: 20, bytes: 2000, enabled: true });
  });
  after(async () => h?.close());

  test("the first run starts by itself; a three-day sleep is caught up once, not once per missed slot", async () => {
    let history = await runs(h);
    assert.equal(history.length, 1, "adding the first source started the first scheduled run");
    assert.equal(history[0]!.outcome, "ok");
    assert.equal(history[0]!.runner, "app");
    assert.equal(backupsFinished(h).length, 1, "it ran as an app job the UI sees");
    const state = await ok<AppState>(h.service, "app:get-state", {});
    assert.equal(state.lastRun?.id, history[0]!.id);
    assert.equal(state.scheduler?.state, "waiting");
    const planned = Date.parse(state.nextRun!);
    assert.equal(planned, Date.parse(history[0]!.started) + 6 * HOUR, "every 6 hours by default, no jitter here");

    // Awake for five hours: nothing is due.
    await h.clock.advance(5 * HOUR);
    assert.equal((await runs(h)).length, 1);

    // Asleep for three days (12 slots missed), then the resume event.
    h.clock.jump(3 * 24 * HOUR);
    let checked = h.clock.checked();
    h.power("resume");
    await checked;
    history = await runs(h);
    assert.equal(history.length, 2, "exactly one catch-up run");
    assert.equal(history[0]!.trigger, "catch-up");
    assert.equal(history[0]!.outcome, "ok");
    // The post-run check of a sample of the archive (3 % by default) ran, and found nothing wrong.
    assert.deepEqual([history[0]!.verify?.level, history[0]!.verify?.ok, history[0]!.verify?.problems], ["sample", true, 0]);

    // Awake again for five hours: the missed slots are settled, nothing more runs.
    await h.clock.advance(5 * HOUR);
    assert.equal((await runs(h)).length, 2);
    // The next regular slot comes 6 hours after the catch-up.
    await h.clock.advance(1 * HOUR + 10 * MINUTE);
    history = await runs(h);
    assert.equal(history.length, 3);
    assert.equal(history[0]!.trigger, "schedule");

    // On battery with "pause on battery saver" (the default): the due run waits for mains power.
    h.onBattery = true;
    h.power("on-battery");
    await h.clock.advance(6 * HOUR + 10 * MINUTE);
    assert.equal((await runs(h)).length, 3, "no run on battery");
    const paused = await ok<AppState>(h.service, "app:get-state", {});
    assert.equal(paused.scheduler?.state, "paused");
    assert.match(paused.scheduler?.reason ?? "", /battery/);
    h.onBattery = false;
    checked = h.clock.checked();
    h.power("on-ac");
    await checked;
    assert.equal((await runs(h)).length, 4, "power back: the run starts");
  });

  test("a run while another process holds the writer lock is skipped with the reason, and nothing is written", async () => {
    // Another live process holds the archive's writer lock, as a run started by the OS timer would.
    const holder: ChildProcess = spawn(process.execPath, ["-e", "setInterval(() => {}, 1000)"], { stdio: "ignore" });
    try {
      const lockFile = path.join(h.archive, "locks", "writer.lock");
      const now = new Date().toISOString();
      const lock = JSON.stringify({ host: os.hostname(), pid: holder.pid, op: "backup", started: now, heartbeat: now });
      await fsp.mkdir(path.dirname(lockFile), { recursive: true });
      await fsp.writeFile(lockFile, lock);
      const snapshotsBefore = (await fsp.readdir(path.join(h.archive, "snapshots"))).sort();
      const before = (await runs(h)).length;
      const jobsBefore = backupsFinished(h).length;

      await h.clock.advance(6 * HOUR + 10 * MINUTE);
      const history = await runs(h);
      assert.equal(history.length, before + 1, `one attempt, not a retry loop: ${JSON.stringify(history.map((r) => [r.trigger, r.outcome, r.started, r.reason]))}`);
      assert.equal(history[0]!.outcome, "skipped");
      assert.match(history[0]!.reason ?? "", new RegExp(`another backup is running \\(pid ${holder.pid}\\)`));
      const job = backupsFinished(h).slice(jobsBefore);
      assert.equal(job.length, 1);
      assert.equal(job[0]!.ok, false);
      assert.equal(job[0]!.error?.code, "busy");
      assert.match(job[0]!.summary, /another backup is running/);
      assert.deepEqual((await fsp.readdir(path.join(h.archive, "snapshots"))).sort(), snapshotsBefore, "no second writer: no snapshot written");
      assert.equal(await fsp.readFile(lockFile, "utf8"), lock, "the other run's lock is untouched");

      // The checks that follow do not hammer the lock: it waits a quarter of an hour first.
      await h.clock.advance(4 * MINUTE);
      assert.equal((await runs(h)).length, before + 1);
      assert.equal((await ok<AppState>(h.service, "app:get-state", {})).scheduler?.reason, "Another backup is using the archive; trying again later.");
      // Once the other run is done, the next attempt (after the hold) backs up.
      await fsp.rm(lockFile);
      await h.clock.advance(15 * MINUTE);
      const after = await runs(h);
      assert.equal(after.length, before + 2);
      assert.equal(after[0]!.outcome, "ok");
    } finally {
      holder.kill();
    }
  });
});

describe("stale warnings (simulated clock)", () => {
  let h: Harness;
  before(async () => {
    // Scheduled runs off: nothing refreshes the copy, so it goes stale after 72 hours.
    h = await startApp({ files: 5, bytes: 1000, enabled: false });
  });
  after(async () => h?.close());

  test("a source turning stale is told once, at the first check after the limit", async () => {
    const { jobId } = await ok<{ jobId: string }>(h.service, "backup:start", {});
    assert.equal((await h.log.finished(jobId)).ok, true);
    const copied = Date.parse((await ok<AppState>(h.service, "app:get-state", {})).archive.lastSnapshot!);
    const limit = copied + 72 * HOUR;

    await h.clock.advance(limit - h.clock.now().getTime() - MINUTE);
    assert.equal(h.notices.length, 0, "nothing to say before the limit");
    const fresh = await ok<AppState>(h.service, "app:get-state", {});
    assert.equal(fresh.health?.sources[0]?.state, "ok");

    await h.clock.advance(2 * 24 * HOUR);
    const stale = h.notices.filter((n) => /out of date/.test(n.title));
    assert.equal(stale.length, 1, `one notification over two days of checks: ${JSON.stringify(h.notices)}`);
    assert.ok(stale[0]!.at > limit && stale[0]!.at <= limit + 5 * MINUTE + 1000, `told within one check interval of the limit (${stale[0]!.at - limit} ms after)`);
    assert.match(stale[0]!.body, /Documents has had no good copy for more than 3 days/);
    const state = await ok<AppState>(h.service, "app:get-state", {});
    assert.equal(state.health?.fresh, false);
    assert.equal(state.health?.sources[0]?.state, "stale");
    assert.equal(state.sources[0]?.state, "stale");
  });
});

describe("suspend (simulated clock)", () => {
  let h: Harness;
  before(async () => {
    h = await startApp({ files: 1, bytes: 100, enabled: true });
  });
  after(async () => h?.close());

  test("a suspend cancels the running backup, which checkpoints; after resume the next run continues from it", async () => {
    // Enough new data that the next scheduled run is still copying when the machine goes to sleep.
    const folder = path.join(h.work, "Documents");
    await writeFiles(path.join(folder, "big"), 400, 256 * 1024);
    const jobsBefore = backupsFinished(h).length;
    const progressBefore = h.log.of("job-progress").length;
    void h.clock.advance(6 * HOUR + 10 * MINUTE);
    // Suspend once the run has copied something.
    await h.log.until(() => h.log.of("job-progress").slice(progressBefore).find((p) => p.kind === "backup" && p.items >= 20));
    h.power("suspend");
    const cancelled = await h.log.until(() => backupsFinished(h)[jobsBefore]);
    assert.equal(cancelled.ok, false);
    assert.equal(cancelled.error?.code, "cancelled");
    let history = await runs(h);
    assert.equal(history[0]!.outcome, "interrupted");
    const stateAsleep = await ok<AppState>(h.service, "app:get-state", {});
    assert.equal(stateAsleep.scheduler?.state, "paused", "nothing starts while going to sleep");

    h.clock.jump(8 * HOUR);
    const checked = h.clock.checked();
    h.power("resume");
    await checked;
    history = await runs(h);
    const resumed = history[0]!;
    assert.equal(resumed.outcome, "ok");
    assert.notEqual(resumed.id, history[1]!.id);
    // What the interrupted run checkpointed counts as unchanged: only the rest was copied now.
    assert.ok(resumed.changes.unchangedItems >= 20, `items kept from the checkpoint: ${JSON.stringify(resumed.changes)}`);
    assert.ok(resumed.changes.newBytesStored < 400 * 256 * 1024, "not everything was stored again");
    const state = await ok<AppState>(h.service, "app:get-state", {});
    const docs = state.sources.find((s) => s.name === "Documents")!;
    assert.equal(docs.kinds.find((k) => k.kind === "files")?.items, 401, "every file is in the archive");
  });
});
