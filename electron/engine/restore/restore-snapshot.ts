import { createHash, randomBytes } from "node:crypto";
import { promises as fsp } from "node:fs";
import path from "node:path";
import type { BackupProgress, CatalogEntry } from "../../../shared/archive-types.js";
import type { Archive } from "../archive/archive.js";
import { ArchiveLock } from "../archive/archive-lock.js";
import { resolveSnapshot, type SnapshotRecord } from "../archive/snapshot-store.js";
import { explainFsError, LifeboatError, UsageError } from "../errors.js";
import { BufferPool } from "./buffer-pool.js";
import { mboxrdMessage } from "./mbox-writer.js";

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
}

export interface RestoreResult {
  snapshot: string;
  to: string;
  items: number;
  bytes: number;
  failed: Array<{ source: string; path: string; error: string }>;
}

const PREFETCH = 4;
const PARALLEL_FILES = 8;
/** Idle plaintext buffers kept for reuse (in use at once: up to PARALLEL_FILES * PREFETCH blobs). */
const POOL_BYTES = 64 << 20;

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

function nsToSeconds(ns: string | undefined): number | null {
  if (!ns) return null;
  const big = BigInt(ns);
  return Number(big / 1_000_000_000n) + Number(big % 1_000_000_000n) / 1e9;
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
    const result: RestoreResult = { snapshot: snapshot.id, to: root, items: 0, bytes: 0, failed: [] };
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

    const pool = new BufferPool(POOL_BYTES);
    // Folders made so far: each file used to ask for its folder again (22k mkdir calls for 600 folders).
    const made = new Map<string, Promise<unknown>>();
    const mkdirOnce = (dir: string): Promise<unknown> => {
      let p = made.get(dir);
      if (!p) {
        p = fsp.mkdir(dir, { recursive: true });
        p.catch(() => made.delete(dir));
        made.set(dir, p);
      }
      return p;
    };
    // Temporary names: one random part per restore and a counter ("wx" still refuses to clobber).
    const tmpPrefix = `.lifeboat-restore-${randomBytes(6).toString("hex")}`;
    let tmpCount = 0;

    // Per file mode: does creating a file with it give exactly it (the umask takes nothing away)?
    // Then no chmod is needed, which saves a system call for most of the files.
    const modeSticks = new Map<number, boolean>();

    const restoreFile = async (abs: string, e: CatalogEntry): Promise<void> => {
      await mkdirOnce(path.dirname(abs));
      // A short temporary name: the real name may already be near the 255-byte limit (NAME_MAX).
      const tmp = path.join(path.dirname(abs), `${tmpPrefix}-${(tmpCount++).toString(36)}.tmp`);
      const mode = e.mode === undefined ? undefined : e.mode & 0o7777;
      // Created with its final permission bits (special bits only ever by chmod); the open
      // descriptor may write even when they say read-only.
      const fh = await fsp.open(tmp, "wx", mode === undefined ? 0o600 : mode & 0o777);
      const sha = createHash("sha256");
      let size = 0;
      try {
        const ids = e.content ?? [];
        const pending: Array<{ buf: Buffer; read: Promise<Buffer> }> = [];
        let next = 0;
        const fill = (): void => {
          while (pending.length < PREFETCH && next < ids.length) {
            const id = ids[next++]!;
            const buf = pool.take(reader.plainLength(id) ?? 0);
            const read = reader.readInto(id, buf, !e.sha256);
            // Prefetched reads still pending when an earlier one fails are never awaited: mark them
            // handled, or their rejection would crash the process instead of failing this item.
            // (Their buffers are not given back: a read may still be writing into one.)
            read.catch(() => undefined);
            pending.push({ buf, read });
          }
        };
        fill();
        while (pending.length > 0) {
          const { buf, read } = pending.shift()!;
          const data = await read;
          fill();
          sha.update(data);
          size += data.length;
          await fh.write(data);
          pool.give(buf);
          progress.bytes += data.length;
          report();
        }
        if (mode !== undefined) {
          let sticks = modeSticks.get(mode);
          if (sticks === undefined) {
            sticks = mode === ((await fh.stat()).mode & 0o7777);
            modeSticks.set(mode, sticks);
          }
          if (!sticks) await fh.chmod(mode);
        }
        const t = nsToSeconds(e.mtimeNs);
        if (t !== null) await fh.utimes(t, t);
        await fh.close();
      } catch (err) {
        await fh.close().catch(() => undefined);
        await fsp.unlink(tmp).catch(() => undefined);
        throw err;
      }
      if ((e.sha256 && sha.digest("hex") !== e.sha256) || (e.size !== undefined && size !== e.size)) {
        await fsp.unlink(tmp).catch(() => undefined);
        throw new LifeboatError(`${e.source}/${e.path}: restored bytes do not match the recorded hash`, 3, "damaged");
      }
      await fsp.rename(tmp, abs);
      result.bytes += size;
    };

    const restoreEntry = async (e: CatalogEntry): Promise<void> => {
      try {
        const abs = safeJoin(root, e.source, e.path);
        if (e.type === "dir") {
          await mkdirOnce(abs);
          dirs.push({ abs, e });
        } else if (e.type === "symlink") {
          await fsp.mkdir(path.dirname(abs), { recursive: true });
          await fsp.rm(abs, { force: true });
          await fsp.symlink(e.target ?? "", abs);
          const t = nsToSeconds(e.mtimeNs);
          if (t !== null) await fsp.lutimes(abs, t, t).catch(() => undefined);
        } else {
          await restoreFile(abs, e);
        }
        result.items++;
      } catch (err) {
        const ex = explainFsError(err, "restoring");
        if (ex instanceof LifeboatError && (ex.code === "disk-full" || ex.code === "read-only")) throw ex;
        result.failed.push({ source: e.source, path: e.path, error: ex.message });
      }
      progress.items++;
      report();
    };

    // With --mail-format mbox, each account mail folder's messages become one mbox file instead.
    const mbox = new Map<string, CatalogEntry[]>();
    const asFiles: CatalogEntry[] = [];
    for (const e of entries) {
      if (opts.mailFormat === "mbox" && e.kind === "email" && e.type === "file" && e.path.startsWith("mail/")) {
        const key = `${e.source}\0${e.path.slice(0, e.path.lastIndexOf("/"))}`;
        mbox.set(key, [...(mbox.get(key) ?? []), e]);
      } else asFiles.push(e);
    }

    // Files are restored a few at a time, so reading, decrypting and writing overlap. Folders and
    // links are made in catalog order as they come (every file also creates its own folder).
    const running = new Set<Promise<void>>();
    let fatal: unknown = null;
    const cancelled = (): LifeboatError => new LifeboatError(`Restore cancelled; what was restored so far is in ${root}.`, 1, "cancelled");
    for (const e of asFiles) {
      if (fatal) break;
      if (opts.signal?.aborted) {
        fatal = cancelled();
        break;
      }
      if (e.type !== "file") {
        await restoreEntry(e);
        continue;
      }
      const task: Promise<void> = restoreEntry(e)
        .catch((err: unknown) => {
          fatal ??= err;
        })
        .finally(() => running.delete(task));
      running.add(task);
      if (running.size >= PARALLEL_FILES) await Promise.race(running);
    }
    await Promise.all(running);
    if (fatal) throw fatal;
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
        const ex = explainFsError(err, "restoring");
        if (ex instanceof LifeboatError && (ex.code === "disk-full" || ex.code === "read-only")) throw ex;
        result.failed.push({ source, path: `${folder}.mbox`, error: ex.message });
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
