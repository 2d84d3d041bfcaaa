// On Linux for real: `lifeboat schedule install` writes a systemd user timer and service that
// `systemd-analyze verify` accepts; then the service's own ExecStart (same argv, the unit's
// Environment=, no LIFEBOAT_PASSPHRASE) backs up the demo Microsoft account with only the OS
// keychain (the test runner's private D-Bus session with gnome-keyring). The run log and the
// history it leaves hold no passphrase, key, token, subject or file name.
import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { execFile, execFileSync, spawn } from "node:child_process";
import { promises as fsp } from "node:fs";
import path from "node:path";
import { promisify } from "node:util";
import type { OsScheduleStatus, RunRecord } from "../../shared/schedule-types.js";
import { writeDemoSeed } from "../emulators/demo/write-demo-seed.js";
import { startMicrosoftEmulators, type MicrosoftEmulators } from "../emulators/microsoft/start-microsoft-emulators.js";
import { cliAddMicrosoft } from "../helpers/cli-add-microsoft.js";
import { type CliResult, runCli, tempWorkspace } from "../helpers/cli-harness.js";

const run = promisify(execFile);
const hasAnalyze = ((): boolean => {
  try {
    execFileSync("sh", ["-c", "command -v systemd-analyze"], { stdio: "ignore" });
    return true;
  } catch {
    return false;
  }
})();

let ws: Awaited<ReturnType<typeof tempWorkspace>>;
let emu: MicrosoftEmulators;
let env: NodeJS.ProcessEnv;
let seedDir = "";
let caFile = "";
const passphrase = `timer test passphrase ${process.pid}`;

function expectCode(r: CliResult, code: number, what: string): void {
  assert.equal(r.code, code, `${what}: exit ${r.code}, expected ${code}\nstdout: ${r.stdout}\nstderr: ${r.stderr}`);
}

/** systemd's ExecStart= word splitting (double quotes with C escapes; %% and $$ for % and $). */
function splitExecStart(line: string): string[] {
  const words: string[] = [];
  let i = 0;
  while (i < line.length) {
    while (line[i] === " ") i++;
    if (i >= line.length) break;
    let w = "";
    const quoted = line[i] === '"';
    if (quoted) i++;
    while (i < line.length && (quoted ? line[i] !== '"' : line[i] !== " ")) {
      if (line[i] === "\\") {
        w += line[i + 1];
        i += 2;
      } else w += line[i++];
    }
    if (quoted) i++;
    words.push(w.replace(/%%/g, "%").replace(/\$\$/g, "$"));
  }
  return words;
}

before(async () => {
  ws = await tempWorkspace("lifeboat-schedule-systemd-");
  seedDir = path.join(ws.dir, "seed");
  await writeDemoSeed(seedDir);
  emu = await startMicrosoftEmulators({ seedDir });
  caFile = path.join(ws.dir, "emulator-ca.pem");
  await fsp.writeFile(caFile, emu.caCertPem);
  env = { ...ws.env, LIFEBOAT_PASSPHRASE: passphrase, LIFEBOAT_EXTRA_CA_CERTS: caFile, XDG_CONFIG_HOME: path.join(ws.dir, "xdg") };
  delete env.LIFEBOAT_NO_KEYCHAIN;
  expectCode(await runCli(["init", "--remember", "--json", "--scrypt-work-factor", "12"], env), 0, "init --remember");
  const personal = emu.accounts.find((a) => a.kind === "personal")!;
  const added = await cliAddMicrosoft(emu, { address: personal.address, password: personal.password }, env);
  assert.equal(added.code, 0, added.stderr);
});
after(async () => {
  await emu?.close();
  await ws?.cleanup();
});

describe("the systemd user timer, installed and run as systemd runs it", () => {
  let service = "";
  let timer = "";

  test("schedule install writes the units under XDG_CONFIG_HOME, with the key in the keychain and no secret in them", async () => {
    const r = await runCli(["schedule", "install", "--no-enable", "--every", "4", "--json"], env);
    expectCode(r, 0, "schedule install");
    const st = r.json as OsScheduleStatus & { keyRemembered: boolean };
    const dir = path.join(ws.dir, "xdg", "systemd", "user");
    assert.equal(st.platform, "linux-systemd");
    assert.deepEqual(st.files.sort(), [path.join(dir, "lifeboat-backup.service"), path.join(dir, "lifeboat-backup.timer")]);
    assert.equal(st.keyRemembered, true, "install checks the key is in the keychain");
    service = await fsp.readFile(path.join(dir, "lifeboat-backup.service"), "utf8");
    timer = await fsp.readFile(path.join(dir, "lifeboat-backup.timer"), "utf8");
    assert.match(timer, /^Persistent=true$/m);
    assert.ok(!service.includes(passphrase) && !/PASSPHRASE/.test(service), "no passphrase in the unit");
    const status = await runCli(["schedule", "status", "--no-enable", "--json"], env);
    expectCode(status, 0, "schedule status");
    assert.equal((status.json as { os: OsScheduleStatus }).os.installed, true);
  });

  test("systemd-analyze verify accepts the installed units", { skip: hasAnalyze ? false : "systemd-analyze is not installed (test/setup-debian.sh installs it)" }, async () => {
    const dir = path.join(ws.dir, "xdg", "systemd", "user");
    const files = [path.join(dir, "lifeboat-backup.service"), path.join(dir, "lifeboat-backup.timer")];
    const runtime = path.join(ws.dir, "runtime");
    await fsp.mkdir(runtime, { recursive: true, mode: 0o700 });
    const v = await run("systemd-analyze", ["verify", "--user", ...files], { env: { ...process.env, XDG_RUNTIME_DIR: runtime } }).then(
      (x) => ({ code: 0, err: x.stderr }),
      (e: { code: number; stderr: string }) => ({ code: e.code, err: e.stderr }),
    );
    assert.equal(v.code, 0, `systemd-analyze verify: ${v.err}`);
    assert.equal(v.err.trim(), "");
  });

  test("the ExecStart, with the unit's environment and no passphrase, backs up the demo account through the keychain", async () => {
    assert.ok(service, "installed by the previous test");
    const argv = splitExecStart(service.split("\n").find((l) => l.startsWith("ExecStart="))!.slice("ExecStart=".length));
    assert.deepEqual(argv.slice(2), ["backup", "--scheduled", "--archive", ws.archive]);
    const unitEnv = Object.fromEntries(
      service
        .split("\n")
        .filter((l) => l.startsWith("Environment="))
        .map((l) => splitExecStart(l.slice("Environment=".length))[0]!.split(/=(.*)/s).slice(0, 2)),
    ) as Record<string, string>;
    assert.deepEqual(Object.keys(unitEnv), ["LIFEBOAT_HOME"]);
    // What a user manager gives a service: a PATH, HOME, the session bus; the CA stands in for the
    // public one Microsoft's servers chain to. No passphrase, no archive variable.
    const timerEnv: NodeJS.ProcessEnv = { PATH: process.env.PATH, HOME: process.env.HOME, DBUS_SESSION_BUS_ADDRESS: process.env.DBUS_SESSION_BUS_ADDRESS, LIFEBOAT_EXTRA_CA_CERTS: caFile, ...unitEnv };
    const r = await new Promise<{ code: number | null; stdout: string; stderr: string }>((resolve, reject) => {
      const child = spawn(argv[0]!, argv.slice(1), { env: timerEnv, stdio: ["ignore", "pipe", "pipe"] });
      let stdout = "";
      let stderr = "";
      child.stdout.on("data", (d: Buffer) => (stdout += d.toString()));
      child.stderr.on("data", (d: Buffer) => (stderr += d.toString()));
      child.on("error", reject);
      child.on("close", (code) => resolve({ code, stdout, stderr }));
    });
    assert.equal(r.code, 0, `headless run: ${r.stdout}\n${r.stderr}`);
    const history = (await runCli(["history", "--json"], env)).json as RunRecord[];
    assert.equal(history.length, 1);
    const h = history[0]!;
    assert.deepEqual([h.outcome, h.runner, h.trigger, h.errors], ["ok", "scheduler", "schedule", []]);
    assert.ok(h.changes.newItems > 100, `the demo account's items were copied (${h.changes.newItems})`);
    assert.equal(h.verify?.ok, true, "the post-run sample verify passed");
    const status = await runCli(["status", "--json"], env);
    expectCode(status, 0, "status after the headless run");
    // The timer fires again half an hour later: nothing is due, nothing is recorded.
    const again = await new Promise<number | null>((resolve) => spawn(argv[0]!, argv.slice(1), { env: timerEnv, stdio: "ignore" }).on("close", resolve));
    assert.equal(again, 0);
    assert.equal(((await runCli(["history", "--json"], env)).json as RunRecord[]).length, 1);
  });

  test("the log and the history hold no passphrase, key, token, subject or file name", async () => {
    const logs = path.join(ws.home, "logs");
    const logText = (await Promise.all((await fsp.readdir(logs)).map((f) => fsp.readFile(path.join(logs, f), "utf8")))).join("");
    const historyText = (await Promise.all((await fsp.readdir(path.join(ws.home, "history"))).map((f) => fsp.readFile(path.join(ws.home, "history", f), "utf8")))).join("");
    assert.match(logText, /run-start .* trigger=schedule runner=scheduler/);
    assert.match(logText, /run-end .* outcome=ok/);
    const text = logText + historyText;
    // Every secret the keychain holds for Lifeboat (archive key, token cache), and what is in it.
    const listed = await run("secret-tool", ["search", "--all", "service", "lifeboat"]).then((x) => x.stdout + x.stderr);
    const secrets = [...listed.matchAll(/^secret = (.+)$/gm)].map((m) => m[1]!);
    assert.ok(secrets.length >= 2, "the keychain holds the archive key and the sign-in");
    const needles = new Set<string>([passphrase]);
    for (const s of secrets) {
      needles.add(s.slice(0, 40));
      for (const m of s.matchAll(/"secret"\s*:\s*"([^"]{16,})"/g)) needles.add(m[1]!.slice(0, 32));
    }
    assert.ok(needles.size >= 4, "tokens found in the cache");
    // Subjects of the backed-up mail and names of the backed-up files.
    const subjects = new Set<string>();
    const names = new Set<string>();
    for (const f of await fsp.readdir(seedDir, { recursive: true })) {
      const p = path.join(seedDir, String(f));
      if (String(f).endsWith(".eml")) {
        const m = /^Subject: (.+)$/m.exec(await fsp.readFile(p, "utf8"));
        if (m && m[1]!.trim().length >= 8) subjects.add(m[1]!.trim());
      } else if (String(f).includes(`${path.sep}onedrive${path.sep}`) && path.basename(p).length >= 6) names.add(path.basename(p));
    }
    assert.ok(subjects.size > 20 && names.size > 5, `${subjects.size} subjects, ${names.size} file names to look for`);
    for (const n of [...needles, ...subjects, ...names]) assert.ok(!text.includes(n), `the log or history holds "${n.slice(0, 20)}…"`);
    assert.ok(!text.includes(ws.dir), "no paths of the user's data");
  });

  test("a sign-in that expired: the account is marked needs-sign-in, the other source still runs, exit 4", async () => {
    const folder = path.join(ws.dir, "Notes");
    await fsp.mkdir(folder);
    await fsp.writeFile(path.join(folder, "n.txt"), "note");
    expectCode(await runCli(["add", "folder", folder], env), 0, "add folder");
    // The sign-in goes from the keychain (revoked, or the keyring was reset); the archive key stays.
    const listed = await run("secret-tool", ["search", "--all", "service", "lifeboat"]).then((x) => x.stdout + x.stderr);
    const tokenEntries = [...listed.matchAll(/^attribute\.username = (.+)$/gm)].map((m) => m[1]!).filter((u) => !u.startsWith("archive-identity:"));
    assert.ok(tokenEntries.length >= 1);
    for (const u of tokenEntries) await run("secret-tool", ["clear", "service", "lifeboat", "username", u]);
    const noPass = { ...env };
    delete noPass.LIFEBOAT_PASSPHRASE;
    const r = await runCli(["backup", "--scheduled", "--force", "--json"], noPass);
    expectCode(r, 4, "scheduled run with an expired sign-in");
    const out = (r.json as { run: RunRecord }).run;
    assert.equal(out.outcome, "partial");
    assert.deepEqual(out.errors.map((e) => e.code), ["needs-sign-in"]);
    assert.equal(out.changes.newItems, 1, "the folder was still backed up");
    const status = await runCli(["status", "--json"], noPass);
    expectCode(status, 4, "status with a source needing sign-in");
    const states = Object.fromEntries((status.json as { sources: Array<{ name: string; state: string }> }).sources.map((x) => [x.name, x.state]));
    assert.equal(states.Notes, "ok");
    assert.ok(Object.entries(states).some(([n, st]) => n !== "Notes" && st === "needs-sign-in"), JSON.stringify(states));
  });
});
