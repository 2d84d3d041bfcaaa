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
export const LAUNCHD_LABEL = "app.lifeboat.backup";

function xml(s: string): string {
  return s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");
}

/**
 * A LaunchAgent: launchd starts it every POLL_MINUTES (and at the daily time in daily mode) and,
 * unlike cron, once on wake when a start was missed during sleep; the run decides if a backup is due.
 */
export function renderLaunchdPlist(spec: HeadlessSpec, schedule: ScheduleSettings, logFile: string): string {
  const lines = [
    '<?xml version="1.0" encoding="UTF-8"?>',
    '<!DOCTYPE plist PUBLIC "-//Apple//DTD PLIST 1.0//EN" "http://www.apple.com/DTDs/PropertyList-1.0.dtd">',
    '<plist version="1.0">',
    "<dict>",
    "  <key>Label</key>",
    `  <string>${LAUNCHD_LABEL}</string>`,
    "  <key>ProgramArguments</key>",
    "  <array>",
    ...spec.command.map((a) => `    <string>${xml(a)}</string>`),
    "  </array>",
    "  <key>StartInterval</key>",
    `  <integer>${POLL_MINUTES * 60}</integer>`,
  ];
  if (schedule.mode === "daily") {
    const m = parseClock(schedule.atTime);
    lines.push("  <key>StartCalendarInterval</key>", "  <dict>", "    <key>Hour</key>", `    <integer>${Math.floor(m / 60)}</integer>`, "    <key>Minute</key>", `    <integer>${m % 60}</integer>`, "  </dict>");
  }
  if (Object.keys(spec.env).length) {
    lines.push("  <key>EnvironmentVariables</key>", "  <dict>");
    for (const [k, v] of Object.entries(spec.env)) lines.push(`    <key>${xml(k)}</key>`, `    <string>${xml(v)}</string>`);
    lines.push("  </dict>");
  }
  lines.push(
    "  <key>RunAtLoad</key>",
    "  <true/>",
    "  <key>ProcessType</key>",
    "  <string>Background</string>",
    "  <key>LowPriorityIO</key>",
    "  <true/>",
    "  <key>StandardOutPath</key>",
    `  <string>${xml(logFile)}</string>`,
    "  <key>StandardErrorPath</key>",
    `  <string>${xml(logFile)}</string>`,
    "</dict>",
    "</plist>",
    "",
  );
  return lines.join("\n");
}

export function launchAgentFile(home = os.homedir()): string {
  return path.join(home, "Library", "LaunchAgents", `${LAUNCHD_LABEL}.plist`);
}

async function launchctl(...args: string[]): Promise<boolean> {
  if (process.platform !== "darwin") return false;
  return run("launchctl", args, { timeout: 15_000 }).then(() => true, () => false);
}

const domain = (): string => `gui/${process.getuid?.() ?? 501}`;

export async function installLaunchd(spec: HeadlessSpec, schedule: ScheduleSettings, logFile: string, opts: { activate?: boolean; home?: string } = {}): Promise<OsScheduleStatus> {
  const file = launchAgentFile(opts.home);
  await fsp.mkdir(path.dirname(file), { recursive: true });
  await fsp.writeFile(file, renderLaunchdPlist(spec, schedule, logFile), { mode: 0o644 });
  let detail = `Written; load it with: launchctl bootstrap ${domain()} ${file}`;
  if (opts.activate !== false) {
    await launchctl("bootout", `${domain()}/${LAUNCHD_LABEL}`);
    if (await launchctl("bootstrap", domain(), file)) detail = "The launch agent is loaded.";
  }
  return { platform: "macos-launchd", installed: true, files: [file], command: displayCommand(spec.command), detail };
}

export async function removeLaunchd(opts: { activate?: boolean; home?: string } = {}): Promise<OsScheduleStatus> {
  const file = launchAgentFile(opts.home);
  if (opts.activate !== false) await launchctl("bootout", `${domain()}/${LAUNCHD_LABEL}`);
  await fsp.rm(file, { force: true });
  return { platform: "macos-launchd", installed: false, files: [], command: null, detail: "The launch agent is removed." };
}

export async function statusLaunchd(opts: { home?: string } = {}): Promise<OsScheduleStatus> {
  const file = launchAgentFile(opts.home);
  const text = await fsp.readFile(file, "utf8").catch(() => null);
  if (text === null) return { platform: "macos-launchd", installed: false, files: [], command: null, detail: "No launch agent installed. Run `lifeboat schedule install`." };
  const args = [...(/<key>ProgramArguments<\/key>\s*<array>([\s\S]*?)<\/array>/.exec(text)?.[1] ?? "").matchAll(/<string>([^<]*)<\/string>/g)].map((m) => m[1]!.replace(/&lt;/g, "<").replace(/&gt;/g, ">").replace(/&quot;/g, '"').replace(/&amp;/g, "&"));
  const loaded = await launchctl("print", `${domain()}/${LAUNCHD_LABEL}`);
  return { platform: "macos-launchd", installed: true, files: [file], command: args.length ? displayCommand(args) : null, detail: loaded ? "loaded" : "written (not loaded in this session)" };
}
