import type { CatalogEntry } from "../../../shared/archive-types.js";
import type { LocalFile } from "./local-file-reader.js";

/**
 * The seam every source implements (folder now; Microsoft and Google accounts later). A source
 * lists what changed since its cursor, hands each item's metadata and bytes to the context, reuses
 * unchanged items without reading them, and returns its new cursor. The cursor is committed only
 * with the snapshot that holds its items, so a crash never skips data on the next run.
 */
export interface SourceRunContext {
  readonly source: string;
  readonly signal: AbortSignal;
  /** The cursor committed with the newest complete snapshot, or undefined on a first run. */
  readonly previousCursor: unknown;
  /** The item at `path` in the newest complete snapshot (or the newer checkpoint of an interrupted run). */
  previous(path: string): CatalogEntry | undefined;
  /** All previous items of this source (for sources whose API only reports changes). */
  previousEntries(): Iterable<CatalogEntry>;
  /** Announces how much work the run has, for progress and ETA. */
  plan(items: number, bytes: number): void;
  /**
   * Stores a new or changed item; `content` is its bytes, streamed in pieces. It resolves once the
   * content has been read to its end (the rest of the work may still run; the snapshot waits for
   * it). With `transfer` the source gives its buffers away: it must not use them afterwards, and
   * they reach a worker thread without a copy. A `LocalFile` is read by the engine itself (in a
   * worker); a problem reading it (gone, no permission, I/O error) is recorded as that item's
   * failure, with its previous version kept, as `fail` does.
   */
  addItem(entry: NewItem, content?: AsyncIterable<Buffer> | Buffer | LocalFile, opts?: { transfer?: boolean }): Promise<void>;
  /** Keeps an unchanged item as it was, without reading it again. */
  reuse(entry: CatalogEntry, state?: CatalogEntry["state"]): void;
  /** Records an item that could not be read; its previous version (if any) is kept. */
  fail(path: string, error: unknown): void;
  /**
   * Records an item that cannot be backed up by design (a OneDrive Personal Vault, a OneNote
   * package): reported, not retried, and not a failure of the run.
   */
  skip(path: string, reason: string): void;
  /** The bytes of a previous item (e.g. to rebuild a calendar file when one event changed). */
  readPrevious(entry: CatalogEntry): Promise<Buffer>;
  /** Which part of the source is being copied now ("mail", "files"...), for per-kind progress. */
  setKind(kind: string): void;
}

export type NewItem = Omit<CatalogEntry, "source" | "content" | "sha256">;

export interface SourceRunResult {
  cursor?: unknown;
}

export interface BackupSource {
  readonly name: string;
  readonly kind: string;
  /** Where the source lives, for display (a path, an account address). */
  readonly location: string;
  run(ctx: SourceRunContext): Promise<SourceRunResult>;
  /**
   * Starts what needs nothing from the archive (a folder's walk), so it overlaps unlocking the
   * archive and reading the previous catalog; run() then uses it.
   */
  prepare?(): void;
}
