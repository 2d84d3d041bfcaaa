import { execFile } from "node:child_process";
import { promises as fsp } from "node:fs";
import os from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import type { OsScheduleStatus, ScheduleSettings } from "../../../../shared/schedule-types.js";
import { parseClock } from "../local-time.js";
import { displayCommand, type HeadlessSpec } from "./headless-command.js";
import { POLL_MINUTES } from "./systemd-user-timer.js";

const run = promisify(execFile);
export const TASK_NAME = "Lifeboat\\Backup";
export const TASK_NAMESPACE = "http://schemas.microsoft.com/windows/2004/02/mit/task";

function xml(s: string): string {
  return s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");
}

/** Windows command-line quoting (CommandLineToArgvW rules) for one argument. */
export function windowsQuote(arg: string): string {
  if (arg !== "" && !/[\s"]/.test(arg)) return arg;
  return `"${arg.replace(/(\\*)"/g, '$1$1\\"').replace(/(\\+)$/, "$1$1")}"`;
}

/**
 * A Task Scheduler task: repeats every POLL_MINUTES (and at the daily time in daily mode); the run
 * decides whether a backup is due. StartWhenAvailable runs a start missed while the PC was off;
 * it also runs on battery, and a second instance is never started while one runs.
 */
export function renderTaskXml(spec: HeadlessSpec, schedule: ScheduleSettings, start = new Date()): string {
  const day = start.toISOString().slice(0, 10);
  const delay = `PT${Math.max(0, Math.round(schedule.jitterMinutes))}M`;
  const triggers = [
    "    <TimeTrigger>",
    "      <Repetition>",
    `        <Interval>PT${POLL_MINUTES}M</Interval>`,
    "        <StopAtDurationEnd>false</StopAtDurationEnd>",
    "      </Repetition>",
    `      <StartBoundary>${day}T00:00:00</StartBoundary>`,
    "      <Enabled>true</Enabled>",
    `      <RandomDelay>${delay}</RandomDelay>`,
    "    </TimeTrigger>",
  ];
  if (schedule.mode === "daily") {
    const m = parseClock(schedule.atTime);
    const hhmm = `${String(Math.floor(m / 60)).padStart(2, "0")}:${String(m % 60).padStart(2, "0")}`;
    triggers.push(
      "    <CalendarTrigger>",
      `      <StartBoundary>${day}T${hhmm}:00</StartBoundary>`,
      "      <Enabled>true</Enabled>",
      `      <RandomDelay>${delay}</RandomDelay>`,
      "      <ScheduleByDay>",
      "        <DaysInterval>1</DaysInterval>",
      "      </ScheduleByDay>",
      "    </CalendarTrigger>",
    );
  }
  const envNote = Object.entries(spec.env).map(([k, v]) => `${k}=${v}`).join("; ");
  return [
    '<?xml version="1.0" encoding="UTF-16"?>',
    `<Task version="1.2" xmlns="${TASK_NAMESPACE}">`,
    "  <RegistrationInfo>",
    `    <Description>${xml(`Lifeboat scheduled backup${envNote ? ` (${envNote})` : ""}`)}</Description>`,
    `    <URI>\\${xml(TASK_NAME)}</URI>`,
    "  </RegistrationInfo>",
    "  <Triggers>",
    ...triggers,
    "  </Triggers>",
    "  <Principals>",
    '    <Principal id="Author">',
    "      <LogonType>InteractiveToken</LogonType>",
    "      <RunLevel>LeastPrivilege</RunLevel>",
    "    </Principal>",
    "  </Principals>",
    "  <Settings>",
    "    <MultipleInstancesPolicy>IgnoreNew</MultipleInstancesPolicy>",
    "    <DisallowStartIfOnBatteries>false</DisallowStartIfOnBatteries>",
    "    <StopIfGoingOnBatteries>false</StopIfGoingOnBatteries>",
    "    <StartWhenAvailable>true</StartWhenAvailable>",
    "    <RunOnlyIfNetworkAvailable>false</RunOnlyIfNetworkAvailable>",
    "    <IdleSettings>",
    "      <StopOnIdleEnd>false</StopOnIdleEnd>",
    "      <RestartOnIdle>false</RestartOnIdle>",
    "    </IdleSettings>",
    "    <Enabled>true</Enabled>",
    "    <Hidden>false</Hidden>",
    "    <ExecutionTimeLimit>PT0S</ExecutionTimeLimit>",
    "    <Priority>7</Priority>",
    "  </Settings>",
    '  <Actions Context="Author">',
    "    <Exec>",
    `      <Command>${xml(spec.command[0]!)}</Command>`,
    `      <Arguments>${xml(spec.command.slice(1).map(windowsQuote).join(" "))}</Arguments>`,
    "    </Exec>",
    "  </Actions>",
    "</Task>",
    "",
  ].join("\r\n");
}

function taskFile(home: string): string {
  return path.join(home, "scheduler", "lifeboat-backup-task.xml");
}

async function schtasks(...args: string[]): Promise<{ ok: boolean; out: string }> {
  if (process.platform !== "win32") return { ok: false, out: "schtasks is only on Windows" };
  try {
    const { stdout } = await run("schtasks", args, { timeout: 30_000, windowsHide: true });
    return { ok: true, out: stdout.trim() };
  } catch (err) {
    const e = err as { stderr?: string; message: string };
    return { ok: false, out: (e.stderr || e.message).trim() };
  }
}

/**
 * Writes the task XML (kept under the app home so the user can inspect it; UTF-16 with a BOM, as
 * schtasks expects) and registers it with `schtasks /Create /XML`.
 */
export async function installWindowsTask(spec: HeadlessSpec, schedule: ScheduleSettings, appHomeDir: string, opts: { activate?: boolean } = {}): Promise<OsScheduleStatus> {
  const file = taskFile(appHomeDir);
  await fsp.mkdir(path.dirname(file), { recursive: true });
  await fsp.writeFile(file, Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(renderTaskXml(spec, schedule), "utf16le")]));
  let detail = `Written; register it with: schtasks /Create /TN "${TASK_NAME}" /XML "${file}" /F`;
  if (opts.activate !== false) {
    const r = await schtasks("/Create", "/TN", TASK_NAME, "/XML", file, "/F");
    if (r.ok) detail = `The task "${TASK_NAME}" is registered.`;
  }
  return { platform: "windows-task", installed: true, files: [file], command: displayCommand(spec.command), detail };
}

export async function removeWindowsTask(appHomeDir: string, opts: { activate?: boolean } = {}): Promise<OsScheduleStatus> {
  if (opts.activate !== false) await schtasks("/Delete", "/TN", TASK_NAME, "/F");
  await fsp.rm(taskFile(appHomeDir), { force: true });
  return { platform: "windows-task", installed: false, files: [], command: null, detail: "The task is removed." };
}

export async function statusWindowsTask(appHomeDir: string): Promise<OsScheduleStatus> {
  const file = taskFile(appHomeDir);
  const exists = await fsp.stat(file).then(() => true, () => false);
  const q = await schtasks("/Query", "/TN", TASK_NAME);
  if (!exists && !q.ok) return { platform: "windows-task", installed: false, files: [], command: null, detail: "No task installed. Run `lifeboat schedule install`." };
  return { platform: "windows-task", installed: q.ok || exists, files: exists ? [file] : [], command: null, detail: q.ok ? "registered" : `written, not registered (${os.platform()})` };
}
