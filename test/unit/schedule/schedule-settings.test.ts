// Per-archive schedule settings and failure counters in settings.json (settings-store.ts): defaults
// for files written before schedules existed, partial updates, validation.
import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { promises as fsp } from "node:fs";
import os from "node:os";
import path from "node:path";
import { DEFAULT_SCHEDULE } from "../../../shared/schedule-types.js";
import { LifeboatError } from "../../../electron/engine/errors.js";
import { SettingsStore } from "../../../electron/engine/settings/settings-store.js";

let dir = "";
before(async () => {
  dir = await fsp.mkdtemp(path.join(os.tmpdir(), "lifeboat-sched-settings-"));
});
after(async () => {
  await fsp.rm(dir, { recursive: true, force: true });
});

describe("schedule settings", () => {
  test("an older settings file (no schedule, no counters) reads with the defaults", async () => {
    const home = path.join(dir, "old");
    await fsp.mkdir(home);
    await fsp.writeFile(path.join(home, "settings.json"), JSON.stringify({ version: 1, defaultArchive: "/a", archives: { "/a": { sources: [] } } }));
    const s = new SettingsStore(home);
    assert.deepEqual(await s.schedule("/a"), DEFAULT_SCHEDULE);
    assert.deepEqual(await s.failures("/a"), {});
    assert.equal(await s.lastFullVerify("/a"), null);
  });

  test("setSchedule merges a patch and keeps the rest; counters go up and reset per source", async () => {
    const s = new SettingsStore(path.join(dir, "new"));
    const a = await s.setSchedule("/b", { mode: "daily", atTime: "03:15", quiet: { from: "22:00", to: "07:00" } });
    assert.deepEqual(a, { ...DEFAULT_SCHEDULE, mode: "daily", atTime: "03:15", quiet: { from: "22:00", to: "07:00" } });
    const b = await s.setSchedule("/b", { quiet: null, everyHours: 12 });
    assert.deepEqual([b.mode, b.atTime, b.quiet, b.everyHours], ["daily", "03:15", null, 12]);
    await s.recordSourceOutcomes("/b", { x: "failed", y: "ok" });
    await s.recordSourceOutcomes("/b", { x: "failed", y: "failed" });
    assert.deepEqual(await s.failures("/b"), { x: 2, y: 1 });
    await s.recordSourceOutcomes("/b", { x: "ok" });
    assert.deepEqual(await s.failures("/b"), { x: 0, y: 1 });
    assert.deepEqual((await s.sources("/b")), [], "no sources were invented");
  });

  test("invalid values are refused as usage errors and nothing is saved", async () => {
    const s = new SettingsStore(path.join(dir, "bad"));
    for (const patch of [{ atTime: "25:00" }, { everyHours: 0 }, { quiet: { from: "9:00", to: "17:00" } }, { verifySamplePercent: 101 }, { everyHours: Number.NaN }]) {
      await assert.rejects(s.setSchedule("/c", patch), (e: unknown) => e instanceof LifeboatError && e.exitCode === 2, JSON.stringify(patch));
    }
    assert.deepEqual(await s.schedule("/c"), DEFAULT_SCHEDULE);
  });
});
