// The schedule in the UI, in a browser through the test bridge, against the real app service with
// a folder source: Settings → Backups saves every schedule field in the engine and shows them again
// after a reload (the OS scheduler's status and the login item's state are shown too); History
// lists the archive's runs newest first, as the engine recorded them; and when the clock says the
// last good copy is four days old, the dashboard says so loudly, with the action. Axe-clean,
// screenshotted (settings-schedule, history, dashboard-stale).
import assert from "node:assert/strict";
import { randomBytes } from "node:crypto";
import { promises as fsp } from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { after, before, test } from "node:test";
import type { AppState } from "../../shared/app-types.js";
import type { RunRecord } from "../../shared/schedule-types.js";
import type { SchedulerClock } from "../../electron/app-service/app-scheduler.js";
import { createAppService } from "../../electron/app-service/app-service.js";
import type { AppServiceApi } from "../../electron/app-service/app-service-host.js";
import { MemorySecretStore } from "../../electron/engine/secrets/memory-secret-store.js";
import { startBridge, type Bridge } from "../bridge/bridge-server.js";
import { EventLog, ok } from "../bridge/service-calls.js";
import { checkScreen, goTo, openApp } from "../helpers/browser-app.js";
import type { BrowserPage } from "../helpers/browser-page.js";

const DAY = 24 * 3600_000;
const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..", "..", "..");

let work: string;
let service: AppServiceApi;
let log: EventLog;
let bridge: Bridge;
let bp: BrowserPage;
/** The app's clock runs ahead by this much (the stale test moves it; nothing else reads it). */
let ahead = 0;
const clock: SchedulerClock = {
  now: () => new Date(Date.now() + ahead),
  setTimer: (fn, ms) => setTimeout(fn, ms),
  clearTimer: (h) => clearTimeout(h as NodeJS.Timeout),
};

before(async () => {
  work = await fsp.mkdtemp(path.join(os.tmpdir(), "lifeboat-schedule-e2e-"));
  const folder = path.join(work, "Family photos");
  await fsp.mkdir(folder);
  for (let i = 0; i < 12; i++) await fsp.writeFile(path.join(folder, `photo-${i}.jpg`), randomBytes(3000));
  service = createAppService({ openExternal: async () => undefined, secrets: new MemorySecretStore(), home: path.join(work, "home"), scryptLogN: 12, clock, osSchedulerActivate: false });
  log = new EventLog(service);
  await ok(service, "archive:create", { path: path.join(work, "Archive"), passphrase: "a long enough passphrase here", remember: false });
  await ok(service, "accounts:add-folder", { path: folder, name: "Family photos" });
  const { jobId } = await ok<{ jobId: string }>(service, "backup:start", {});
  assert.equal((await log.finished(jobId)).ok, true);
  bridge = await startBridge({ service, staticDir: path.join(repoRoot, "dist", "ui-bridge") });
  bp = await openApp(bridge.url);
});

after(async () => {
  await bp?.close();
  await bridge?.close();
  log?.stop();
  await service?.close();
  await fsp.rm(work, { recursive: true, force: true });
});

test("Settings → Backups: the schedule is saved by the engine and shown again after a reload", async () => {
  const { page } = bp;
  await goTo(page, "Settings");
  await page.getByLabel("Once a day").check();
  await page.getByLabel("At (local time)").fill("07:45");
  await page.getByLabel("Quiet hours").check();
  await page.getByLabel("Quiet from").fill("22:00");
  await page.getByLabel("Quiet until").fill("06:30");
  await page.getByLabel("Random delay of up to (minutes)").fill("5");
  await page.getByLabel("Pause while on battery power").uncheck();
  await page.getByLabel("Check a sample of the archive (%)").fill("5");
  await page.getByLabel("Check everything once a month").uncheck();
  await page.getByLabel("Warn when no backup for (hours)").fill("48");
  await page.getByRole("button", { name: "Save settings" }).click();
  await page.getByText("Saved.").waitFor();

  const saved = (await ok<AppState>(service, "app:get-state", {})).settings.schedule;
  assert.deepEqual(
    { mode: saved.mode, atTime: saved.atTime, quiet: saved.quiet, jitter: saved.jitterMinutes, battery: saved.pauseOnBatterySaver, sample: saved.verifySamplePercent, monthly: saved.monthlyFullVerify, stale: saved.staleHours },
    { mode: "daily", atTime: "07:45", quiet: { from: "22:00", to: "06:30" }, jitter: 5, battery: false, sample: 5, monthly: false, stale: 48 },
  );
  // Saved where the CLI and the OS timer read the schedule: the archive's own settings.
  const file = JSON.parse(await fsp.readFile(path.join(work, "home", "settings.json"), "utf8")) as { archives: Record<string, { schedule?: { mode?: string; atTime?: string } }> };
  assert.deepEqual(Object.values(file.archives).map((a) => [a.schedule?.mode, a.schedule?.atTime]), [["daily", "07:45"]]);

  await page.reload();
  await goTo(page, "Settings");
  assert.equal(await page.getByLabel("Once a day").isChecked(), true);
  assert.equal(await page.getByLabel("At (local time)").inputValue(), "07:45");
  assert.equal(await page.getByLabel("Quiet from").inputValue(), "22:00");
  assert.equal(await page.getByLabel("Quiet until").inputValue(), "06:30");
  assert.equal(await page.getByLabel("Pause while on battery power").isChecked(), false);
  assert.equal(await page.getByLabel("Check a sample of the archive (%)").inputValue(), "5");
  // The background section: the OS scheduler entry's status, and the login item (not in a browser).
  const osStatus = page.getByTestId("os-schedule");
  await osStatus.waitFor();
  assert.match((await osStatus.textContent()) ?? "", /Not installed/);
  assert.equal(await page.getByLabel("Run backups when the app is closed").isChecked(), false);
  assert.equal(await page.getByLabel("Start Lifeboat when I log in").isDisabled(), true);
  assert.match((await page.getByTestId("autostart-detail").textContent()) ?? "", /Only in the desktop app/);
  await page.getByRole("heading", { name: "When Lifeboat is closed" }).scrollIntoViewIfNeeded();
  await checkScreen(bp, "settings-schedule");
  assert.deepEqual(bp.errors, []);
});

test("History lists the archive's runs, newest first, as the engine recorded them", async () => {
  const { page } = bp;
  await goTo(page, "Dashboard");
  await page.getByRole("button", { name: "Back up now" }).click();
  await page.getByText(/Snapshot [0-9a-f]{8} saved/).waitFor();
  const runs = await ok<RunRecord[]>(service, "history:list", {});
  assert.equal(runs.length, 2);
  assert.ok(runs.every((r) => r.outcome === "ok" && r.trigger === "manual" && r.runner === "app"));
  assert.ok(runs[0]!.started > runs[1]!.started);

  await page.getByRole("navigation", { name: "Main" }).getByRole("button", { name: "History", exact: true }).click();
  await page.getByRole("heading", { name: "History", level: 1 }).waitFor();
  const rows = page.getByTestId("run-row");
  await rows.nth(1).waitFor();
  assert.equal(await rows.count(), runs.length);
  const first = (await rows.first().textContent()) ?? "";
  assert.match(first, /Done/);
  assert.match(first, /Started by you/);
  assert.match(first, new RegExp(`${runs[0]!.changes.newItems} new, ${runs[0]!.changes.changedItems} changed`));
  const second = (await rows.nth(1).textContent()) ?? "";
  assert.match(second, new RegExp(`${runs[1]!.changes.newItems} new`));
  assert.equal(runs[1]!.changes.newItems, 12, "the first run copied the 12 photos");
  await checkScreen(bp, "history");
  assert.deepEqual(bp.errors, []);
});

test("a stale source: the dashboard banner says which and offers the backup", async () => {
  const { page } = bp;
  await goTo(page, "Dashboard");
  assert.equal(await page.getByTestId("health-banner").count(), 0, "all fresh: no banner");
  // Four days later (more than the 48 hours saved above) with no new copy.
  ahead = 4 * DAY;
  await ok(service, "settings:update", {});
  const banner = page.getByTestId("health-banner");
  await banner.waitFor();
  const text = (await banner.textContent()) ?? "";
  assert.match(text, /One source needs attention/);
  assert.match(text, /Family photos is out of date/);
  assert.match(text, /No good copy for 9\d hours \(more than 48\)/);
  await banner.getByRole("button", { name: "Back up these now" }).waitFor();
  const state = await ok<AppState>(service, "app:get-state", {});
  assert.equal(state.health?.sources[0]?.state, "stale");
  assert.equal(state.sources[0]?.state, "stale");
  await checkScreen(bp, "dashboard-stale");
  assert.deepEqual(bp.errors, []);
});
