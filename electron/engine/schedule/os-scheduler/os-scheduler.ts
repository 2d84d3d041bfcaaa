import path from "node:path";
import type { OsScheduleStatus, ScheduleSettings } from "../../../../shared/schedule-types.js";
import type { HeadlessSpec } from "./headless-command.js";
import { installLaunchd, removeLaunchd, statusLaunchd } from "./launchd-agent.js";
import { installSystemd, removeSystemd, statusSystemd } from "./systemd-user-timer.js";
import { installWindowsTask, removeWindowsTask, statusWindowsTask } from "./windows-task.js";

export interface OsSchedulerOptions {
  /** The app home (logs, the Windows task XML). */
  home: string;
  /** false: write the files only, do not ask systemctl/launchctl/schtasks to load them. */
  activate?: boolean;
  platform?: NodeJS.Platform;
}

/** The OS's own scheduler for headless runs: systemd user timer, launchd agent or Task Scheduler. */
export function osScheduler(opts: OsSchedulerOptions): {
  install(spec: HeadlessSpec, schedule: ScheduleSettings): Promise<OsScheduleStatus>;
  remove(): Promise<OsScheduleStatus>;
  status(): Promise<OsScheduleStatus>;
} {
  const platform = opts.platform ?? process.platform;
  const a = { activate: opts.activate };
  switch (platform) {
    case "linux":
      return { install: (s, sch) => installSystemd(s, sch, a), remove: () => removeSystemd(a), status: () => statusSystemd(a) };
    case "darwin":
      return { install: (s, sch) => installLaunchd(s, sch, path.join(opts.home, "logs", "launchd.log"), a), remove: () => removeLaunchd(a), status: () => statusLaunchd() };
    case "win32":
      return { install: (s, sch) => installWindowsTask(s, sch, opts.home, a), remove: () => removeWindowsTask(opts.home, a), status: () => statusWindowsTask(opts.home) };
    default: {
      const none = async (): Promise<OsScheduleStatus> => ({ platform: "unsupported", installed: false, files: [], command: null, detail: `No OS scheduler support on ${platform}; keep the app open in the tray, or run \`lifeboat backup --scheduled\` from cron.` });
      return { install: none, remove: none, status: none };
    }
  }
}
