// What the desktop app's UI sees of the engine: plain, serialisable views that cross the IPC
// boundary (Electron IPC in the app, a loopback WebSocket in the browser tests). Secrets (OTP
// seeds, BitLocker recovery passwords, the passphrase, tokens) never appear in these types except
// in the one answer the user explicitly asked for (`vault:reveal-bitlocker`).
import type { SnapshotSummary, SourceState } from "./archive-types.js";
import type { HealthReport, RunRecord, ScheduleSettings } from "./schedule-types.js";

export type ArchiveStatus = "none" | "locked" | "unlocked";

/** The archive the app works on, and what is known about it without reading data. */
export interface ArchiveView {
  status: ArchiveStatus;
  /** Absolute path; null when no archive is chosen yet (first run). */
  path: string | null;
  /** Sum of the archive's files on disk (bytes), when unlocked. */
  sizeBytes: number | null;
  snapshots: number;
  /** ISO time of the newest complete snapshot. */
  lastSnapshot: string | null;
  /** The newest verify run (from this app), if any. */
  lastVerify: { time: string; level: "files" | "structure" | "data"; ok: boolean; problems: number } | null;
  /** Whether the archive key is remembered in the OS keychain (unlocks without the passphrase). */
  remembered: boolean;
}

/** One data kind of an account (mail, calendars, contacts, files, bitlocker) or a whole folder. */
export interface KindView {
  kind: string;
  /** Items of this kind in the newest snapshot. */
  items: number;
  bytes: number;
  /** Items that failed in the newest run (kept at their previous version). */
  failed: number;
}

/** An account or folder being backed up, with its state for the dashboard. */
export interface SourceView {
  name: string;
  type: "folder" | "microsoft" | "vault";
  /** Folder path or account address. */
  location: string;
  /** For accounts: "personal" or "work". */
  accountType?: "personal" | "work";
  state: SourceState | "backing-up";
  /** ISO time of the newest snapshot holding a good copy of this source. */
  lastGoodCopy: string | null;
  /** Why it is not "ok", in words, and what to do about it. */
  reason: string | null;
  action: "sign-in" | "back-up" | "none";
  kinds: KindView[];
}

export type JobKind = "backup" | "restore" | "verify" | "import" | "sign-in";

/** Long work in progress: what it is doing, how far, and how long it still takes. */
export interface JobView {
  id: string;
  kind: JobKind;
  /** One line for people: "Copying mail of malik@outlook.com". */
  label: string;
  phase: string;
  source?: string;
  dataKind?: string;
  items: number;
  totalItems: number | null;
  bytes: number;
  totalBytes: number | null;
  /** Bytes per second over the last seconds. */
  rate: number | null;
  /** Seconds left, when it can be estimated. */
  etaSeconds: number | null;
  currentPath?: string;
  started: string;
}

/** What a finished job reports (pushed as `job-finished`). */
export interface JobOutcome {
  id: string;
  kind: JobKind;
  ok: boolean;
  /** People's words: "Snapshot 1a2b3c4d saved: 412 items, 23 MiB." */
  summary: string;
  error?: ApiErrorInfo;
  backup?: BackupOutcome;
  restore?: RestoreReport;
  verify?: VerifyOutcome;
}

export interface BackupOutcome {
  snapshot: SnapshotSummary;
  failed: Array<{ source: string; path?: string; error: string; code?: string }>;
  interrupted: boolean;
}

export interface VerifyOutcome {
  level: "files" | "structure" | "data";
  ok: boolean;
  problems: Array<{ file: string; problem: string }>;
  damagedItems: Array<{ snapshot: string; source: string; path: string; reason: string }>;
}

/** Settings the app keeps (beside the archive list the CLI shares). */
export interface AppSettings {
  /** When backups run on their own (widened from { enabled, everyHours }, which keep their meaning). */
  schedule: ScheduleSettings;
  retention: { keepLast: number; keepDaily: number; keepWeekly: number; keepMonthly: number; keepYearly: number };
  notifications: { onFailure: boolean; onSuccess: boolean; whenStaleHours: number };
}

/** Everything the dashboard draws; pushed as `state` whenever it changes. */
export interface AppState {
  archive: ArchiveView;
  sources: SourceView[];
  job: JobView | null;
  settings: AppSettings;
  /** Every source's health (stale / needs sign-in / failing); null while the archive is locked or absent. */
  health?: HealthReport | null;
  /** The newest recorded run (any runner: app, OS timer, CLI). */
  lastRun?: RunRecord | null;
  /** When the app's scheduler plans the next backup (ISO); null when none is planned. */
  nextRun?: string | null;
  /** What the in-app scheduler is doing, in people's words ("Paused: on battery power"), or null. */
  scheduler?: { state: "idle" | "waiting" | "running" | "paused" | "off"; reason: string | null } | null;
}

/** "Start Lifeboat when I log in" (XDG autostart on Linux, a login item on macOS and Windows). */
export interface AutostartView {
  supported: boolean;
  enabled: boolean;
  /** Where it is set (the .desktop file), or why it cannot be. */
  detail: string | null;
}

export interface ApiErrorInfo {
  /** Stable, for code: "locked", "wrong-passphrase", "not-found", "invalid", "needs-sign-in", "busy", "failed"... */
  code: string;
  /** For people: what went wrong and what to do. */
  message: string;
}

/** One item as listed while browsing or searching a snapshot. */
export interface ItemView {
  source: string;
  path: string;
  /** Last path segment, or the display name the source recorded. */
  name: string;
  type: "file" | "dir" | "symlink";
  /** "email", "event", "contact", "file", "folder", "mail-folder", "calendar", "address-book", "bitlocker-key"... */
  kind: string;
  size: number | null;
  /** ISO time. */
  modified: string | null;
  /** Display facts: subject, from, date, start, location, email... (strings only). */
  facts: Record<string, string>;
}

export interface ItemPage {
  total: number;
  offset: number;
  items: ItemView[];
}

export interface SearchResult {
  total: number;
  items: ItemView[];
  /** How long the engine took, for the UI's "412 results in 0.03 s". */
  elapsedMs: number;
}

/** A message opened for reading. `html` is the message's own HTML, NOT sanitised: the renderer must sanitise it. */
export interface MessageView {
  subject: string;
  from: string;
  to: string[];
  cc: string[];
  date: string | null;
  html: string | null;
  text: string | null;
  attachments: Array<{ name: string; contentType: string; size: number; inline: boolean }>;
}

/** A calendar event, contact or other structured item, as label/value rows. */
export interface DetailView {
  kind: string;
  title: string;
  rows: Array<{ label: string; value: string }>;
}

/** A restore's final account: what came back, what did not, and why. */
export interface RestoreReport {
  to: string;
  snapshot: string;
  restoredItems: number;
  restoredBytes: number;
  failed: Array<{ source: string; path: string; reason: string }>;
}

export interface OtpView {
  id: string;
  issuer: string;
  account: string;
  type: "totp" | "hotp" | "steam";
  digits: number;
  period: number;
}

export interface OtpCode {
  id: string;
  code: string;
  /** Epoch ms when this code stops being valid (TOTP, Steam); null for HOTP. */
  validUntil: number | null;
  /** The code after this one, so the UI can switch without a round trip. */
  next: string | null;
}

export interface BitLockerView {
  /** The key protector id (upper case GUID). */
  keyId: string;
  device: string | null;
  volume: string | null;
  volumeType: string | null;
  created: string | null;
  origin: string | null;
}

export interface VaultView {
  otp: OtpView[];
  bitlocker: BitLockerView[];
  /** The snapshot the vault was read from. */
  snapshot: string | null;
}

export interface ImportReport {
  /** "otp" or "bitlocker", and the format detected ("aegis-encrypted", "windows-txt"...). */
  what: "otp" | "bitlocker";
  format: string;
  added: number;
  updated: number;
  unchanged: number;
  skipped: Array<{ name: string; reason: string }>;
  /** The snapshot the vault was saved in. */
  snapshot: string;
}

export interface AboutView {
  version: string;
  versions: Record<string, string>;
  licences: Array<{ name: string; version: string; license: string }>;
}
