// "Run backups when the app is closed" through the app service: refused (with what to do) while
// the archive key is not in the keychain, since the OS starts the run with nobody to type a
// passphrase; then installed as a systemd user timer whose service runs this CLI's
// `backup --scheduled` for the app's archive and home, with no secret in the files, accepted by
// `systemd-analyze verify`; status reads it back; remove takes it away. Linux only.
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { promises as fsp } from "node:fs";
import os from "node:os";
import path from "node:path";
import { after, before, test } from "node:test";
import type { OsScheduleStatus } from "../../shared/schedule-types.js";
import type { AppServiceApi } from "../../electron/app-service/app-service-host.js";
import { createAppService } from "../../electron/app-service/app-service.js";
import { MemorySecretStore } from "../../electron/engine/secrets/memory-secret-store.js";
import { fails, ok } from "../bridge/service-calls.js";

const PASSPHRASE = "a long enough passphrase here";
const linux = process.platform === "linux";
let work: string;
let service: AppServiceApi;
let archive: string;
const savedXdg = process.env.XDG_CONFIG_HOME;

before(async () => {
  work = await fsp.mkdtemp(path.join(os.tmpdir(), "lifeboat-app-os-"));
  // The unit files go under XDG_CONFIG_HOME/systemd/user: a private one here.
  process.env.XDG_CONFIG_HOME = path.join(work, "config");
  service = createAppService({ openExternal: async () => undefined, secrets: new MemorySecretStore(), home: path.join(work, "home"), scryptLogN: 12, osSchedulerActivate: false });
  archive = path.join(work, "My Archive");
  await ok(service, "archive:create", { path: archive, passphrase: PASSPHRASE, remember: false });
});

after(async () => {
  await service?.close();
  if (savedXdg === undefined) delete process.env.XDG_CONFIG_HOME;
  else process.env.XDG_CONFIG_HOME = savedXdg;
  await fsp.rm(work, { recursive: true, force: true });
});

test("install, status and remove of the OS scheduler entry", { skip: linux ? false : "systemd user timers are Linux only" }, async () => {
  const before = await ok<OsScheduleStatus>(service, "schedule:os-status", {});
  assert.deepEqual([before.platform, before.installed, before.files], ["linux-systemd", false, []]);

  const refused = await fails(service, "schedule:os-install", {}, "invalid");
  assert.match(refused, /keychain/);
  assert.match(refused, /Remember/);
  await assert.rejects(fsp.stat(path.join(work, "config", "systemd", "user")), /ENOENT/, "nothing written when refused");

  await ok(service, "archive:lock", {});
  await ok(service, "archive:unlock", { passphrase: PASSPHRASE, remember: true });
  const installed = await ok<OsScheduleStatus>(service, "schedule:os-install", {});
  assert.equal(installed.installed, true);
  const unitDir = path.join(work, "config", "systemd", "user");
  assert.deepEqual([...installed.files].sort(), [path.join(unitDir, "lifeboat-backup.service"), path.join(unitDir, "lifeboat-backup.timer")]);
  const serviceText = await fsp.readFile(path.join(unitDir, "lifeboat-backup.service"), "utf8");
  const timerText = await fsp.readFile(path.join(unitDir, "lifeboat-backup.timer"), "utf8");
  const exec = serviceText.split("\n").find((l) => l.startsWith("ExecStart="))!;
  assert.ok(exec.includes(process.execPath), exec);
  assert.ok(exec.includes(path.join("electron", "cli", "main.js")), "this CLI runs the backup");
  assert.ok(exec.includes("backup --scheduled --archive"), exec);
  assert.ok(exec.includes(`"${archive}"`), "the archive path, quoted for its space");
  assert.match(serviceText, new RegExp(`^Environment="?LIFEBOAT_HOME=${path.join(work, "home").replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}"?$`, "m"));
  assert.match(timerText, /^Persistent=true$/m);
  for (const text of [serviceText, timerText]) assert.ok(!text.includes(PASSPHRASE), "no secret in the unit files");
  assert.equal(installed.command?.includes("backup --scheduled"), true);

  const verify = spawnSync("systemd-analyze", ["verify", "--user", ...installed.files], { encoding: "utf8", env: { ...process.env } });
  if (verify.error) assert.fail(`systemd-analyze could not run: ${verify.error.message}`);
  assert.equal(verify.status, 0, `systemd-analyze verify: ${verify.stderr}`);

  const status = await ok<OsScheduleStatus>(service, "schedule:os-status", {});
  assert.equal(status.installed, true);
  assert.equal(status.command, exec.slice("ExecStart=".length));

  const removed = await ok<OsScheduleStatus>(service, "schedule:os-remove", {});
  assert.equal(removed.installed, false);
  assert.deepEqual(await fsp.readdir(unitDir), []);
  assert.equal((await ok<OsScheduleStatus>(service, "schedule:os-status", {})).installed, false);
});
