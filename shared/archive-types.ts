import type { MicrosoftAccountSettings } from "./microsoft-account.js";

// Types that cross the engine's API boundary: the CLI's --json output, and (later) the desktop
// app's IPC. They describe what the archive holds, never how it is stored.

/** One item in a snapshot's catalog: a file, folder or (later) a message, event, contact or key. */
export interface CatalogEntry {
  /** The source (folder or account) the item belongs to. */
  source: string;
  /** Path inside the source, "/"-separated, never starting with "/". */
  path: string;
  type: "file" | "dir" | "symlink";
  /** What the item is, for display and search: "file", "email", "event", "contact", ... */
  kind?: string;
  /** Plaintext size in bytes (files). */
  size?: number;
  /** Modification time in nanoseconds since the epoch, as a decimal string (exact, no float loss). */
  mtimeNs?: string;
  /** POSIX permission bits, where the source has them. */
  mode?: number;
  /** Link target (symlinks). */
  target?: string;
  /** SHA-256 of the whole plaintext (files): checked again on restore. */
  sha256?: string;
  /** Blob ids whose concatenated plaintexts are the content. */
  content?: string[];
  /** Searchable facts: subject, sender, date, names... */
  meta?: Record<string, string | number | boolean | string[]>;
  /** The source's own bookkeeping for incremental runs (inode, provider ids, etags...). */
  state?: Record<string, string | number | boolean>;
}

export interface FolderSourceConfig {
  name: string;
  kind: "folder";
  path: string;
  added: string;
}

/** A Microsoft account; `name` is its address, which is also its folder in a restore. */
export interface MicrosoftSourceConfig {
  name: string;
  kind: "microsoft";
  added: string;
  account: MicrosoftAccountSettings;
}

export type SourceConfig = FolderSourceConfig | MicrosoftSourceConfig;

/** Where a source lives, for display: a folder's path or an account's address. */
export function sourceLocation(c: SourceConfig): string {
  return c.kind === "folder" ? c.path : (c.account.username ?? c.name);
}

export interface SnapshotSourceResult {
  kind: string;
  items: number;
  bytes: number;
  newItems: number;
  changedItems: number;
  unchangedItems: number;
  /** Items (or, with path "", the whole source) that failed; `code` says why ("needs-sign-in"...). */
  failed: Array<{ path: string; error: string; code?: string }>;
  /** Items that cannot be copied by design (e.g. a OneDrive Personal Vault), with the reason. */
  skipped?: Array<{ path: string; reason: string }>;
  cursor?: unknown;
}

export interface SnapshotSummary {
  id: string;
  shortId: string;
  time: string;
  host: string;
  parent: string | null;
  complete: boolean;
  sources: Record<string, SnapshotSourceResult>;
  stats: { items: number; bytes: number; newBlobs: number; newBytesStored: number; packs: number };
}

export type SourceState = "ok" | "needs-sign-in" | "stale" | "failing" | "never";

export interface SourceStatus {
  name: string;
  kind: string;
  location: string;
  state: SourceState;
  lastGoodCopy: string | null;
  lastSnapshot: string | null;
}

export interface BackupProgress {
  phase: "scan" | "copy" | "checkpoint" | "commit" | "done";
  source?: string;
  /** The part of an account being copied: "mail", "calendars", "contacts", "files", "bitlocker". */
  kind?: string;
  items: number;
  totalItems?: number;
  bytes: number;
  totalBytes?: number;
  currentPath?: string;
}

export interface DamagedItem {
  snapshot: string;
  source: string;
  path: string;
  reason: string;
}

export interface VerifyReport {
  level: "files" | "structure" | "data";
  checkedFiles: number;
  checkedPacks: number;
  checkedBlobs: number;
  problems: Array<{ file: string; problem: string }>;
  damagedItems: DamagedItem[];
  ok: boolean;
}

export interface PruneReport {
  dryRun: boolean;
  keep: string[];
  forget: string[];
  deletedPacks: number;
  repackedPacks: number;
  freedBytes: number;
}

/** Exit codes of the CLI (../CLI contract). */
export const ExitCode = {
  ok: 0,
  failed: 1,
  usage: 2,
  damaged: 3,
  needsCredentials: 4,
  partial: 5,
  /** `status`: some source is stale, failing or not backed up yet (4 when one needs sign-in). */
  unhealthy: 6,
} as const;
export type ExitCode = (typeof ExitCode)[keyof typeof ExitCode];
