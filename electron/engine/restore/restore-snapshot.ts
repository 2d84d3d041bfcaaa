import { createHash, randomBytes } from "node:crypto";
import { promises as fsp } from "node:fs";
import path from "node:path";
import type { BackupProgress, CatalogEntry, ExitCode } from "../../../shared/archive-types.js";
import type { Archive } from "../archive/archive.js";
import { ArchiveLock } from "../archive/archive-lock.js";
import type { BlobLocation } from "../archive/blob-index.js";
import type { BlobReader } from "../archive/blob-reader.js";
import { resolveSnapshot, type SnapshotRecord } from "../archive/snapshot-store.js";
import { explainFsError, LifeboatError, UsageError } from "../errors.js";
import { workerCount, workerScriptPath } from "../worker-script.js";
import { type FileJob, type FileOutcome, FileRestorer, nsToSeconds, stopsRestore } from "./file-restorer.js";
import { mboxrdMessage } from "./mbox-writer.js";
import { RestoreQueue } from "./restore-queue.js";
import { restoreInWorkers } from "./restore-workers.js";

export interface RestoreOptions {
  /** "SOURCE" or "SOURCE/path" selections; everything when empty. */
  paths?: string[];
  onProgress?: (p: BackupProgress) => void;
  /** "eml" (default): one file per message; "mbox": one mboxrd file per account mail folder. */
  mailFormat?: "eml" | "mbox";
  /** Chooses the items instead of `paths` (the app's selections: items, kinds, sources). */
  select?: (e: CatalogEntry) => boolean;
  /** Stops between items (what is restored stays; no file is left half-written). */
  signal?: AbortSignal;
  /** Worker threads for the files (0: all on the main thread); by default one per core for large restores. */
  workers?: number;
}

export interface RestoreResult {
  snapshot: string;
  to: string;
  items: number;
  bytes: number;
  failed: Array<{ source: string; path: string; error: string }>;
  /** Worker threads that restored the files (0: the main thread did). */
  workers: number;
}

/** Idle plaintext buffers kept for reuse when files are restored on the main thread. */
const POOL_BYTES = 64 << 20;
/** Restores with at least this many files, or bytes, use worker threads (starting them costs ~50 ms). */
const WORKER_MIN_FILES = 200;
const WORKER_MIN_BYTES = 32 << 20;

/** Rejects catalog paths that would escape the restore folder (a damaged or hostile catalog). */
export function safeJoin(root: string, source: string, rel: string): string {
  // The source name is split too: a source "../x" must not pass as one harmless-looking part.
  const parts = [...source.split("/"), ...rel.split("/")];
  if (parts.some((p) => p === "" || p === "." || p === ".." || p.includes("\\") || p.includes("\0"))) {
    throw new LifeboatError(`Refusing to restore an item with an unsafe path: ${source}/${rel}`);
  }
  return path.join(root, ...parts);
}

export function selectEntries(entries: CatalogEntry[], paths: string[] | undefined): CatalogEntry[] {
  if (!paths || paths.length === 0) return entries;
  const sel = paths.map((p) => p.replace(/^\/+|\/+$/g, ""));
  const chosen = entries.filter((e) => {
    const full = `${e.source}/${e.path}`;
    return sel.some((s) => s === e.source || full === s || full.startsWith(s + "/"));
  });
  if (chosen.length === 0) throw new UsageError(`Nothing in the snapshot matches ${paths.join(", ")}. See \`lifeboat ls SNAPSHOT\` for what it holds.`);
  return chosen;
}

/**
 * Files grouped by the pack their content starts in, largest group first (so the last groups to
 * end are short ones). A group goes to one restore worker, which then decrypts that pack's chunks
 * and bundles once for all of them.
 */
function groupByPack(files: FileJob[], reader: BlobReader): FileJob[][] {
  const groups = new Map<string, { jobs: FileJob[]; bytes: number }>();
  for (const f of files) {
    const first = f.e.content?.[0];
    const key = (first && reader.locate(first)?.pack) ?? "";
    let g = groups.get(key);
    if (!g) groups.set(key, (g = { jobs: [], bytes: 0 }));
    g.jobs.push(f);
    g.bytes += (f.e.size ?? 0) + 4096;
  }
  return [...groups.values()].sort((a, b) => b.bytes - a.bytes).map((g) => g.jobs);
}

/** The index entries the files' blobs need (what a restore worker is given instead of the whole index). */
function neededBlobs(files: FileJob[], reader: BlobReader): Array<[string, BlobLocation]> {
  const out = new Map<string, BlobLocation>();
  for (const f of files) {
    for (const id of f.e.content ?? []) {
      if (out.has(id)) continue;
      const loc = reader.locate(id);
      if (loc) out.set(id, loc);
    }
  }
  return [...out];
}

export async function loadSnapshotEntries(archive: Archive, ref: string): Promise<{ snapshot: SnapshotRecord; entries: CatalogEntry[] }> {
  const { snapshots } = await archive.snapshots();
  const snapshot = resolveSnapshot(snapshots, ref);
  const entries = await archive.catalog(snapshot);
  return { snapshot, entries };
}

export async function restoreSnapshot(archive: Archive, ref: string, to: string, opts: RestoreOptions = {}): Promise<RestoreResult> {
  const lock = await ArchiveLock.reader(archive.layout, "restore");
  try {
    const { snapshot, entries: all } = await loadSnapshotEntries(archive, ref);
    const entries = opts.select ? all.filter(opts.select) : selectEntries(all, opts.paths);
    if (opts.select && entries.length === 0) throw new UsageError("Nothing in the snapshot matches the selection.");
    const reader = await archive.reader();
    const root = path.resolve(to);
    await fsp.mkdir(root, { recursive: true });
    const result: RestoreResult = { snapshot: snapshot.id, to: root, items: 0, bytes: 0, failed: [], workers: 0 };
    const progress: BackupProgress = {
      phase: "copy",
      items: 0,
      bytes: 0,
      totalItems: entries.length,
      totalBytes: entries.reduce((n, e) => n + (e.type === "file" ? (e.size ?? 0) : 0), 0),
    };
    let last = 0;
    const report = (force = false): void => {
      if (!opts.onProgress || (!force && Date.now() - last < 100)) return;
      last = Date.now();
      opts.onProgress({ ...progress });
    };
    const dirs: Array<{ abs: string; e: CatalogEntry }> = [];
    const links: Array<{ abs: string; e: CatalogEntry }> = [];
    const files: FileJob[] = [];
    const refuse = (e: { source: string; path: string }, err: unknown): void => {
      result.failed.push({ source: e.source, path: e.path, error: (err as Error).message });
      progress.items++;
    };
    // An item that could not be made: recorded, unless the failure stops the whole restore.
    const recordFailure = (source: string, itemPath: string, err: unknown): void => {
      const ex = explainFsError(err, "restoring");
      if (stopsRestore(ex)) throw ex;
      result.failed.push({ source, path: itemPath, error: ex.message });
    };

    // With --mail-format mbox, each account mail folder's messages become one mbox file instead.
    const mbox = new Map<string, CatalogEntry[]>();
    for (const e of entries) {
      if (opts.mailFormat === "mbox" && e.kind === "email" && e.type === "file" && e.path.startsWith("mail/")) {
        const key = `${e.source}\0${e.path.slice(0, e.path.lastIndexOf("/"))}`;
        mbox.set(key, [...(mbox.get(key) ?? []), e]);
        continue;
      }
      let abs: string;
      try {
        abs = safeJoin(root, e.source, e.path);
      } catch (err) {
        refuse(e, err);
        continue;
      }
      if (e.type === "dir") dirs.push({ abs, e });
      else if (e.type === "symlink") links.push({ abs, e });
      else files.push({ abs, e: { source: e.source, path: e.path, size: e.size, mtimeNs: e.mtimeNs, mode: e.mode, sha256: e.sha256, content: e.content } });
    }
    const cancelled = (): LifeboatError => new LifeboatError(`Restore cancelled; what was restored so far is in ${root}.`, 1, "cancelled");

    // Folders first (empty ones too: every file also makes its own folder).
    for (const { abs, e } of dirs) {
      if (opts.signal?.aborted) throw cancelled();
      try {
        await fsp.mkdir(abs, { recursive: true });
        result.items++;
      } catch (err) {
        recordFailure(e.source, e.path, err);
      }
      progress.items++;
      report();
    }

    // Then files, in worker threads when there are enough to gain from them.
    let fatal: LifeboatError | null = null;
    const done = (job: FileJob, outcome: FileOutcome): void => {
      if (outcome.ok) {
        result.items++;
        result.bytes += outcome.bytes;
      } else {
        if (outcome.fatal) fatal ??= new LifeboatError(outcome.message, outcome.exitCode as ExitCode, outcome.code);
        result.failed.push({ source: job.e.source, path: job.e.path, error: outcome.message });
      }
      progress.items++;
      report();
    };
    const progressed = (n: number): void => {
      progress.bytes += n;
      report();
    };
    const stopped = (): boolean => fatal !== null || opts.signal?.aborted === true;
    const script = workerScriptPath();
    const workers = script ? (opts.workers ?? (files.length >= WORKER_MIN_FILES || progress.totalBytes! >= WORKER_MIN_BYTES ? workerCount() : 0)) : 0;
    if (files.length > 0 && workers > 0 && script) {
      const groups = groupByPack(files, reader);
      result.workers = Math.min(workers, groups.length);
      await restoreInWorkers({ script, workers, init: { root: archive.root, identity: archive.secrets.identity, idKey: archive.secrets.idKey, blobs: neededBlobs(files, reader) }, groups, done, progressed, stopped, signal: opts.signal });
    } else if (files.length > 0) {
      const queue = new RestoreQueue(new FileRestorer(reader, POOL_BYTES, progressed), (job, outcome) => {
        done(job, outcome);
        if (stopped()) queue.stop();
      });
      const stop = (): void => queue.stop();
      opts.signal?.addEventListener("abort", stop);
      queue.add(files);
      await queue.idle();
      opts.signal?.removeEventListener("abort", stop);
    }
    if (fatal) throw fatal;
    if (opts.signal?.aborted) throw cancelled();

    // Links last, so no file is ever written through a link the restore made.
    for (const { abs, e } of links) {
      try {
        await fsp.mkdir(path.dirname(abs), { recursive: true });
        await fsp.rm(abs, { force: true });
        await fsp.symlink(e.target ?? "", abs);
        const t = nsToSeconds(e.mtimeNs);
        if (t !== null) await fsp.lutimes(abs, t, t).catch(() => undefined);
        result.items++;
      } catch (err) {
        recordFailure(e.source, e.path, err);
      }
      progress.items++;
      report();
    }

    for (const [key, list] of mbox) {
      if (opts.signal?.aborted) throw cancelled();
      const [source, folder] = key.split("\0") as [string, string];
      const abs = safeJoin(root, source, `${folder}.mbox`);
      try {
        await fsp.mkdir(path.dirname(abs), { recursive: true });
        const tmp = path.join(path.dirname(abs), `.lifeboat-restore-${randomBytes(6).toString("hex")}.tmp`);
        const fh = await fsp.open(tmp, "wx", 0o600);
        try {
          for (const e of list.sort((a, b) => (a.path < b.path ? -1 : 1))) {
            const data = Buffer.concat(await reader.readMany(e.content ?? []));
            if (e.sha256 && createHash("sha256").update(data).digest("hex") !== e.sha256) throw new LifeboatError(`${e.source}/${e.path}: restored bytes do not match the recorded hash`, 3, "damaged");
            const date = typeof e.meta?.date === "string" ? new Date(e.meta.date) : undefined;
            await fh.write(mboxrdMessage(data, date));
            result.bytes += data.length;
            result.items++;
            progress.items++;
            progress.bytes += data.length;
            report();
          }
        } finally {
          await fh.close();
        }
        await fsp.rename(tmp, abs);
      } catch (err) {
        recordFailure(source, `${folder}.mbox`, err);
      }
    }
    // Folder times last (and deepest first): creating their contents changed them.
    dirs.sort((a, b) => b.abs.length - a.abs.length);
    for (const { abs, e } of dirs) {
      if (e.mode !== undefined) await fsp.chmod(abs, e.mode & 0o7777).catch(() => undefined);
      const t = nsToSeconds(e.mtimeNs);
      if (t !== null) await fsp.utimes(abs, t, t).catch(() => undefined);
    }
    progress.phase = "done";
    report(true);
    return result;
  } finally {
    await lock.release();
  }
}
