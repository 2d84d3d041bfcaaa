// The OS scheduler files (electron/engine/schedule/os-scheduler/), checked by independent parsers:
// systemd-analyze verify for the systemd units, Python's plistlib for the launchd plist and
// xml.etree for the Task Scheduler XML.
import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { execFile, execFileSync } from "node:child_process";
import { promises as fsp } from "node:fs";
import os from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { DEFAULT_SCHEDULE, type ScheduleSettings } from "../../../shared/schedule-types.js";
import { headlessSpec } from "../../../electron/engine/schedule/os-scheduler/headless-command.js";
import { LAUNCHD_LABEL, renderLaunchdPlist } from "../../../electron/engine/schedule/os-scheduler/launchd-agent.js";
import { renderSystemdService, renderSystemdTimer, systemdQuote } from "../../../electron/engine/schedule/os-scheduler/systemd-user-timer.js";
import { renderTaskXml, TASK_NAMESPACE, windowsQuote } from "../../../electron/engine/schedule/os-scheduler/windows-task.js";
import { CLI } from "../../helpers/cli-harness.js";

const run = promisify(execFile);
let dir = "";
// An archive path with a space, a quote, a % and a $: every format must keep it one argument.
let archive = "";
const daily: ScheduleSettings = { ...DEFAULT_SCHEDULE, mode: "daily", atTime: "03:15", jitterMinutes: 20 };

function hasCommand(cmd: string): boolean {
  try {
    execFileSync("sh", ["-c", `command -v ${cmd}`], { stdio: "ignore" });
    return true;
  } catch {
    return false;
  }
}

async function python(code: string, file: string): Promise<unknown> {
  const { stdout } = await run("python3", ["-c", code, file]);
  return JSON.parse(stdout);
}

before(async () => {
  dir = await fsp.mkdtemp(path.join(os.tmpdir(), "lifeboat-os-sched-"));
  archive = path.join(dir, `My "Life" boat 100% $HOME`);
});
after(async () => {
  await fsp.rm(dir, { recursive: true, force: true });
});

describe("systemd user timer", () => {
  const analyze = hasCommand("systemd-analyze");
  test("systemd-analyze verify accepts the service and timer (interval and daily)", { skip: analyze ? false : "systemd-analyze is not installed (run test/setup-debian.sh)" }, async () => {
    const unitDir = path.join(dir, "systemd");
    await fsp.mkdir(unitDir, { recursive: true });
    const runtime = path.join(dir, "runtime");
    await fsp.mkdir(runtime, { recursive: true, mode: 0o700 });
    const spec = headlessSpec(archive, { execPath: process.execPath, cliScript: CLI, env: { LIFEBOAT_HOME: path.join(dir, "home dir"), LIFEBOAT_PASSPHRASE: "must not appear" } });
    for (const schedule of [DEFAULT_SCHEDULE, daily]) {
      await fsp.writeFile(path.join(unitDir, "lifeboat-backup.service"), renderSystemdService(spec));
      await fsp.writeFile(path.join(unitDir, "lifeboat-backup.timer"), renderSystemdTimer(schedule));
      const r = await run("systemd-analyze", ["verify", "--user", path.join(unitDir, "lifeboat-backup.timer"), path.join(unitDir, "lifeboat-backup.service")], { env: { ...process.env, XDG_RUNTIME_DIR: runtime } }).then(
        (x) => ({ code: 0, err: x.stderr }),
        (e: { code: number; stderr: string }) => ({ code: e.code, err: e.stderr }),
      );
      assert.equal(r.code, 0, `systemd-analyze verify: ${r.err}`);
      assert.equal(r.err.trim(), "", "no warnings either");
    }
    // The check is real: a unit whose program does not exist is refused.
    await fsp.writeFile(path.join(unitDir, "lifeboat-backup.service"), renderSystemdService({ ...spec, command: ["/nonexistent/node", ...spec.command.slice(1)] }));
    await assert.rejects(run("systemd-analyze", ["verify", "--user", path.join(unitDir, "lifeboat-backup.service")], { env: { ...process.env, XDG_RUNTIME_DIR: runtime } }));
  });

  test("the units: Persistent, the calendar from the schedule, jitter as RandomizedDelaySec, the exact argv, no secrets", () => {
    const spec = headlessSpec(archive, { execPath: "/usr/bin/node", cliScript: "/opt/lifeboat/cli.js", env: { LIFEBOAT_HOME: "/h", LIFEBOAT_PASSPHRASE: "hunter2" } });
    const service = renderSystemdService(spec);
    const timer = renderSystemdTimer(daily);
    assert.match(timer, /^Persistent=true$/m);
    assert.match(timer, /^OnCalendar=\*-\*-\* 03:15:00$/m);
    assert.match(timer, /^OnCalendar=\*:0\/30$/m);
    assert.match(timer, /^RandomizedDelaySec=1200$/m);
    assert.match(timer, /^WantedBy=timers.target$/m);
    assert.doesNotMatch(renderSystemdTimer(DEFAULT_SCHEDULE), /03:15/);
    const exec = service.split("\n").find((l) => l.startsWith("ExecStart="))!;
    assert.equal(exec, `ExecStart=/usr/bin/node /opt/lifeboat/cli.js backup --scheduled --archive ${systemdQuote(archive)}`);
    assert.equal(systemdQuote(archive), `"${archive.replace(/"/g, '\\"').replace("%", "%%").replace("$", () => "$$")}"`);
    assert.match(service, /^Environment=LIFEBOAT_HOME=\/h$/m);
    const dollar = renderSystemdService({ ...spec, env: { LIFEBOAT_HOME: "/h/$x 5%" } });
    assert.match(dollar, /^Environment="LIFEBOAT_HOME=\/h\/\$x 5%%"$/m, "Environment= expands specifiers but not variables");
    assert.ok(!service.includes("hunter2") && !service.includes("PASSPHRASE"), "no passphrase in the unit");
  });
});

describe("launchd agent", () => {
  test("plistlib parses it; Label, ProgramArguments (one argument per item), StartInterval, StartCalendarInterval", { skip: hasCommand("python3") ? false : "python3 is missing" }, async () => {
    const spec = headlessSpec(archive, { execPath: "/usr/local/bin/node", cliScript: "/Applications/Lifeboat & Co/cli.js", env: { LIFEBOAT_HOME: "/Users/m/Library/Application Support/Lifeboat" } });
    const file = path.join(dir, "agent.plist");
    await fsp.writeFile(file, renderLaunchdPlist(spec, daily, "/tmp/l.log"));
    const p = (await python("import plistlib,sys,json; print(json.dumps(plistlib.load(open(sys.argv[1],'rb'))))", file)) as Record<string, unknown>;
    assert.equal(p.Label, LAUNCHD_LABEL);
    assert.deepEqual(p.ProgramArguments, ["/usr/local/bin/node", "/Applications/Lifeboat & Co/cli.js", "backup", "--scheduled", "--archive", archive]);
    assert.equal(p.StartInterval, 1800);
    assert.deepEqual(p.StartCalendarInterval, { Hour: 3, Minute: 15 });
    assert.deepEqual(p.EnvironmentVariables, { LIFEBOAT_HOME: "/Users/m/Library/Application Support/Lifeboat" });
    assert.equal(p.RunAtLoad, true);
    const interval = path.join(dir, "interval.plist");
    await fsp.writeFile(interval, renderLaunchdPlist(spec, DEFAULT_SCHEDULE, "/tmp/l.log"));
    const q = (await python("import plistlib,sys,json; print(json.dumps(plistlib.load(open(sys.argv[1],'rb'))))", interval)) as Record<string, unknown>;
    assert.equal(q.StartCalendarInterval, undefined);
  });
});

describe("Windows Task Scheduler", () => {
  test("xml.etree parses it in the task namespace with StartWhenAvailable, DisallowStartIfOnBatteries=false, IgnoreNew, the triggers and the command", { skip: hasCommand("python3") ? false : "python3 is missing" }, async () => {
    const spec = headlessSpec("C:\\Users\\Malik\\Lifeboat Archive", { execPath: "C:\\Program Files\\Lifeboat\\Lifeboat.exe", cliScript: null, env: {} });
    const file = path.join(dir, "task.xml");
    // Written as schtasks wants it: UTF-16 LE with a BOM (the declaration says UTF-16).
    await fsp.writeFile(file, Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(renderTaskXml(spec, daily, new Date("2026-05-04T10:00:00Z")), "utf16le")]));
    const code = `
import sys, json, xml.etree.ElementTree as ET
ns = {"t": "${TASK_NAMESPACE}"}
root = ET.parse(sys.argv[1]).getroot()
s = root.find("t:Settings", ns)
print(json.dumps({
  "tag": root.tag,
  "version": root.get("version"),
  "settings": {c.tag.split("}")[1]: c.text for c in s if len(c) == 0},
  "triggers": [c.tag.split("}")[1] for c in root.find("t:Triggers", ns)],
  "interval": root.find("t:Triggers/t:TimeTrigger/t:Repetition/t:Interval", ns).text,
  "daily": root.find("t:Triggers/t:CalendarTrigger/t:StartBoundary", ns).text,
  "delay": root.find("t:Triggers/t:CalendarTrigger/t:RandomDelay", ns).text,
  "days": root.find("t:Triggers/t:CalendarTrigger/t:ScheduleByDay/t:DaysInterval", ns).text,
  "command": root.find("t:Actions/t:Exec/t:Command", ns).text,
  "arguments": root.find("t:Actions/t:Exec/t:Arguments", ns).text,
}))`;
    const x = (await python(code, file)) as { tag: string; version: string; settings: Record<string, string>; triggers: string[]; interval: string; daily: string; delay: string; days: string; command: string; arguments: string };
    assert.equal(x.tag, `{${TASK_NAMESPACE}}Task`);
    assert.equal(x.version, "1.2");
    assert.equal(x.settings.StartWhenAvailable, "true");
    assert.equal(x.settings.DisallowStartIfOnBatteries, "false");
    assert.equal(x.settings.StopIfGoingOnBatteries, "false");
    assert.equal(x.settings.MultipleInstancesPolicy, "IgnoreNew");
    assert.deepEqual(x.triggers, ["TimeTrigger", "CalendarTrigger"]);
    assert.equal(x.interval, "PT30M");
    assert.equal(x.daily, "2026-05-04T03:15:00");
    assert.equal(x.delay, "PT20M");
    assert.equal(x.days, "1");
    assert.equal(x.command, "C:\\Program Files\\Lifeboat\\Lifeboat.exe");
    assert.equal(x.arguments, `--headless backup --scheduled --archive "C:\\Users\\Malik\\Lifeboat Archive"`);
  });

  test("windowsQuote follows CommandLineToArgvW (quotes, trailing backslashes)", () => {
    assert.equal(windowsQuote("plain"), "plain");
    assert.equal(windowsQuote("a b"), '"a b"');
    assert.equal(windowsQuote('say "hi"'), '"say \\"hi\\""');
    assert.equal(windowsQuote("C:\\dir with space\\"), '"C:\\dir with space\\\\"');
    assert.equal(windowsQuote(""), '""');
  });
});
