import type { EventMap, EventName, Reply } from "../../shared/app-api.js";
import type { SecretStore } from "../engine/secrets/secret-store.js";
import type { SchedulerClock } from "./app-scheduler.js";

/** What the OS says about power (Electron's powerMonitor, forwarded by the shell). */
export type PowerEvent = "suspend" | "resume" | "on-battery" | "on-ac";

/**
 * What the engine's app service needs from whoever hosts it: the Electron shell (in a
 * utilityProcess) or the test bridge (plain Node). Everything platform-specific comes in here, so
 * the service itself stays plain Node and testable.
 */
export interface AppServiceHost {
  /** Opens a sign-in page in the user's browser (Electron: shell.openExternal behind an allowlist). */
  openExternal(url: string): Promise<void>;
  /** The OS keychain (tokens, the remembered archive key); null when there is none. */
  secrets: SecretStore | null;
  /** A desktop notification (backup failed, account needs sign-in...); optional. */
  notify?(title: string, body: string): void;
  /** Where settings live (defaults to the CLI's app home, so the CLI and the app share sources). */
  home?: string;
  /** Where "archive:default-path" points (default: ~/Lifeboat Archive). */
  defaultArchiveDir?: string;
  /** Where new Microsoft accounts sign in (default Microsoft's own; tests: the emulators). */
  microsoft?: { authority?: string; graphEndpoint?: string; clientId?: string };
  /** scrypt work factor (log2 N) for new archives and passphrases (default the CLI's; tests use less). */
  scryptLogN?: number;
  /** The clock and timers the in-app scheduler uses (default the real ones; tests simulate time). */
  clock?: SchedulerClock;
  /** Whether the computer runs on battery / battery saver now (scheduled runs pause if the user wants). */
  isOnBatterySaver?(): boolean;
  /** Power events: suspend cancels a running backup (it checkpoints), resume and power changes re-check the schedule. */
  onPowerEvent?(listener: (event: PowerEvent) => void): () => void;
  /**
   * What the OS scheduler entry ("Run backups when the app is closed") starts: a program and, in a
   * development or npm install, the CLI script it runs (null: the packaged app with --headless).
   * Default: this Node and the CLI beside this module.
   */
  headless?: { execPath: string; cliScript: string | null };
  /** false: the OS scheduler entry's files are written but systemctl/launchctl/schtasks are not asked (tests). */
  osSchedulerActivate?: boolean;
  /**
   * Whether the in-app scheduler runs backups on its own (the desktop app: true). Default false, so a
   * host that drives every job itself (the browser tests' app) sees no job it did not start.
   */
  scheduler?: boolean;
}

/** The engine side of the app's API: one handler for every channel of shared/app-api.ts. */
export interface AppServiceApi {
  /** Validates `request` against the channel's schema, runs it, and never throws: errors come back as Reply. */
  handle(channel: string, request: unknown): Promise<Reply<unknown>>;
  /** Push events (state, job progress, job finished). Returns the unsubscribe function. */
  subscribe(listener: <E extends EventName>(event: E, payload: EventMap[E]) => void): () => void;
  /** Cancels running jobs (checkpointing backups) and closes the archive. */
  close(): Promise<void>;
}
