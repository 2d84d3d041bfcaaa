import { execFile } from "node:child_process";
import { promises as fsp } from "node:fs";
import os from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import type { OsScheduleStatus, ScheduleSettings } from "../../../../shared/schedule-types.js";
import { parseClock } from "../local-time.js";
import { displayCommand, type HeadlessSpec } from "./headless-command.js";

const run = promisify(execFile);
export const SYSTEMD_UNIT = "lifeboat-backup";
/** How often the timer wakes the headless run, which then decides (decideRun) whether one is due. */
export const POLL_MINUTES = 30;

/**
 * systemd's quoting for one ExecStart word: double quotes, C escapes, % doubled (specifiers) and
 * $ doubled (variable expansion). Environment= has specifiers but no variable expansion: `env`.
 */
export function systemdQuote(word: string, opts: { env?: boolean } = {}): string {
  let escaped = word.replace(/\\/g, "\\\\").replace(/"/g, '\\"').replace(/%/g, "%%");
  if (!opts.env) escaped = escaped.replace(/\$/g, "$$$$");
  return /^[\w@+=:,./-]+$/.test(word) ? escaped : `"${escaped}"`;
}

export function renderSystemdService(spec: HeadlessSpec): string {
  const lines = [
    "[Unit]",
    "Description=Lifeboat scheduled backup",
    "",
    "[Service]",
    "Type=oneshot",
    `ExecStart=${spec.command.map((w) => systemdQuote(w)).join(" ")}`,
    ...Object.entries(spec.env).map(([k, v]) => `Environment=${systemdQuote(`${k}=${v}`, { env: true })}`),
    // A backup should not slow down the user's work.
    "Nice=10",
    "IOSchedulingClass=idle",
    "",
  ];
  return lines.join("\n");
}

/**
 * The timer wakes every POLL_MINUTES (and at the daily time in daily mode); the run itself decides
 * whether a backup is due, so interval, quiet time and catch-up follow the same rules as in the
 * app. Persistent=true fires once at boot when a wake-up was missed while the machine was off.
 */
export function renderSystemdTimer(schedule: ScheduleSettings): string {
  const calendars = [`OnCalendar=*:0/${POLL_MINUTES}`];
  if (schedule.mode === "daily") {
    const m = parseClock(schedule.atTime);
    calendars.push(`OnCalendar=*-*-* ${String(Math.floor(m / 60)).padStart(2, "0")}:${String(m % 60).padStart(2, "0")}:00`);
  }
  return [
    "[Unit]",
    "Description=Lifeboat backups on schedule",
    "",
    "[Timer]",
    ...calendars,
    "Persistent=true",
    `RandomizedDelaySec=${Math.max(0, Math.round(schedule.jitterMinutes * 60))}`,
    "AccuracySec=1min",
    `Unit=${SYSTEMD_UNIT}.service`,
    "",
    "[Install]",
    "WantedBy=timers.target",
    "",
  ].join("\n");
}

export function systemdUserDir(env: NodeJS.ProcessEnv = process.env): string {
  return path.join(env.XDG_CONFIG_HOME || path.join(os.homedir(), ".config"), "systemd", "user");
}

async function systemctl(...args: string[]): Promise<{ ok: boolean; out: string }> {
  try {
    const { stdout } = await run("systemctl", ["--user", ...args], { timeout: 15_000 });
    return { ok: true, out: stdout.trim() };
  } catch (err) {
    const e = err as { stdout?: string; stderr?: string; message: string };
    return { ok: false, out: (e.stdout || e.stderr || e.message).trim() };
  }
}

/** Whether a user systemd manager answers (not in containers, SSH sessions without linger...). */
async function userManagerReachable(): Promise<boolean> {
  return (await systemctl("show-environment")).ok;
}

export interface InstallOptions {
  /** Run `systemctl --user daemon-reload && enable --now` when a user manager answers (default true). */
  activate?: boolean;
  env?: NodeJS.ProcessEnv;
}

const ENABLE_HINT = `systemctl --user daemon-reload && systemctl --user enable --now ${SYSTEMD_UNIT}.timer`;

export async function installSystemd(spec: HeadlessSpec, schedule: ScheduleSettings, opts: InstallOptions = {}): Promise<OsScheduleStatus> {
  const dir = systemdUserDir(opts.env);
  await fsp.mkdir(dir, { recursive: true });
  const service = path.join(dir, `${SYSTEMD_UNIT}.service`);
  const timer = path.join(dir, `${SYSTEMD_UNIT}.timer`);
  await fsp.writeFile(service, renderSystemdService(spec), { mode: 0o644 });
  await fsp.writeFile(timer, renderSystemdTimer(schedule), { mode: 0o644 });
  let detail: string;
  if (opts.activate !== false && (await userManagerReachable())) {
    await systemctl("daemon-reload");
    const en = await systemctl("enable", "--now", `${SYSTEMD_UNIT}.timer`);
    detail = en.ok ? `The timer is enabled (systemctl --user list-timers ${SYSTEMD_UNIT}.timer). It runs while you are logged in; \`loginctl enable-linger\` lets it run when you are not.` : `The unit files are written but enabling failed (${en.out}). Enable them with: ${ENABLE_HINT}`;
  } else {
    detail = `The unit files are written; no user systemd answered here, so enable them in your session with: ${ENABLE_HINT}`;
  }
  return { platform: "linux-systemd", installed: true, files: [service, timer], command: displayCommand(spec.command), detail };
}

export async function removeSystemd(opts: InstallOptions = {}): Promise<OsScheduleStatus> {
  const dir = systemdUserDir(opts.env);
  const files = [path.join(dir, `${SYSTEMD_UNIT}.timer`), path.join(dir, `${SYSTEMD_UNIT}.service`)];
  const reachable = opts.activate !== false && (await userManagerReachable());
  if (reachable) await systemctl("disable", "--now", `${SYSTEMD_UNIT}.timer`);
  for (const f of files) await fsp.rm(f, { force: true });
  if (reachable) await systemctl("daemon-reload");
  return { platform: "linux-systemd", installed: false, files: [], command: null, detail: "The timer and its service are removed." };
}

/** ExecStart back from a written service file, for `schedule status`. */
function execStartOf(service: string): string | null {
  const line = service.split("\n").find((l) => l.startsWith("ExecStart="));
  return line ? line.slice("ExecStart=".length) : null;
}

export async function statusSystemd(opts: InstallOptions = {}): Promise<OsScheduleStatus> {
  const dir = systemdUserDir(opts.env);
  const service = path.join(dir, `${SYSTEMD_UNIT}.service`);
  const timer = path.join(dir, `${SYSTEMD_UNIT}.timer`);
  const text = await fsp.readFile(service, "utf8").catch(() => null);
  const hasTimer = await fsp.stat(timer).then(() => true, () => false);
  if (text === null || !hasTimer) return { platform: "linux-systemd", installed: false, files: [], command: null, detail: "No timer installed. Run `lifeboat schedule install`." };
  let detail = "The unit files are in place.";
  if (opts.activate !== false && (await userManagerReachable())) {
    const enabled = await systemctl("is-enabled", `${SYSTEMD_UNIT}.timer`);
    const active = await systemctl("is-active", `${SYSTEMD_UNIT}.timer`);
    detail = `timer ${enabled.out || "unknown"}, ${active.out || "unknown"}`;
  } else {
    detail += " (no user systemd answered here to say whether the timer is enabled)";
  }
  return { platform: "linux-systemd", installed: true, files: [service, timer], command: execStartOf(text), detail };
}
