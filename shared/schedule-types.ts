// Schedules, run history and health: the types the engine, the CLI (`schedule`, `status`,
// `history`) and the desktop app share. Times are ISO 8601 strings; clock times "HH:MM" are local.

/** When backups run on their own. Defaults suit a laptop (every 6 hours, catch up after sleep). */
export interface ScheduleSettings {
  enabled: boolean;
  /** "interval": every `everyHours`; "daily": once a day at `atTime`. */
  mode: "interval" | "daily";
  everyHours: number;
  /** "HH:MM", local time (daily mode). */
  atTime: string;
  /** A random delay of up to this many minutes, so many machines do not all start at once. */
  jitterMinutes: number;
  /** No scheduled run starts inside this local window (e.g. 09:00–17:00 on a work laptop); null = none. */
  quiet: { from: string; to: string } | null;
  /** The tray app skips scheduled runs while the OS says it is on battery saver / low power. */
  pauseOnBatterySaver: boolean;
  /** After each scheduled run, verify this percentage of the archive's packs (0 = off). */
  verifySamplePercent: number;
  /** A full data verify once a month. */
  monthlyFullVerify: boolean;
  /** A source with no good copy for this long is "stale" (default 72 hours). */
  staleHours: number;
}

export const DEFAULT_SCHEDULE: ScheduleSettings = {
  enabled: true,
  mode: "interval",
  everyHours: 6,
  atTime: "12:30",
  jitterMinutes: 10,
  quiet: null,
  pauseOnBatterySaver: true,
  verifySamplePercent: 3,
  monthlyFullVerify: true,
  staleHours: 72,
};

/** Why a run started. */
export type RunTrigger = "manual" | "schedule" | "catch-up" | "app";

export type RunOutcome = "ok" | "partial" | "failed" | "interrupted" | "skipped";

/** One recorded run (`lifeboat history`, the app's History screen). Never holds secrets or user content. */
export interface RunRecord {
  id: string;
  trigger: RunTrigger;
  /** Who ran it: "cli", "scheduler" (the OS timer), "app". */
  runner: "cli" | "scheduler" | "app";
  started: string;
  ended: string | null;
  outcome: RunOutcome;
  /** Why it was skipped or failed, in people's words ("another run holds the archive lock"...). */
  reason: string | null;
  snapshot: string | null;
  changes: { newItems: number; changedItems: number; unchangedItems: number; newBytesStored: number };
  errors: Array<{ source: string; code: string | null; message: string }>;
  /** The post-run verify, when one ran. */
  verify: { level: "sample" | "data"; ok: boolean; checkedPacks: number; problems: number } | null;
}

/** What the scheduler decided at a given moment. */
export interface ScheduleDecision {
  due: boolean;
  /** Why (for logs and `schedule status`): "due", "catch-up", "not yet", "quiet time", "disabled"... */
  reason: string;
  trigger: RunTrigger | null;
  /** The next time a run is planned (jitter included), ISO. */
  nextRun: string | null;
}

/** The OS scheduler entry for headless runs (`lifeboat schedule status`). */
export interface OsScheduleStatus {
  platform: "linux-systemd" | "macos-launchd" | "windows-task" | "unsupported";
  installed: boolean;
  /** The files written (unit/plist/task XML), for the user to inspect. */
  files: string[];
  /** The command the OS runs. */
  command: string | null;
  detail: string | null;
}

/** `lifeboat status --json` and the app: every source's health. */
export interface HealthReport {
  fresh: boolean;
  checked: string;
  sources: Array<{
    name: string;
    state: "ok" | "needs-sign-in" | "stale" | "failing" | "never";
    lastGoodCopy: string | null;
    /** Consecutive failed runs of this source. */
    failures: number;
    message: string | null;
  }>;
  lastRun: RunRecord | null;
  nextRun: string | null;
}
