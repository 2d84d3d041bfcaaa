import { randomBytes } from "node:crypto";
import { promises as fsp } from "node:fs";
import path from "node:path";
import type { BackupProgress, CatalogEntry, SnapshotSourceResult, SnapshotSummary } from "../../../shared/archive-types.js";
import type { Archive } from "../archive/archive.js";
import { ArchiveLock } from "../archive/archive-lock.js";
import { BlobWriter } from "../archive/blob-writer.js";
import type { Sha256Service } from "../archive/offloaded-sha256.js";
import { readCatalog, writeCatalog } from "../archive/catalog.js";
import { type SnapshotRecord, summarize, writeSnapshot } from "../archive/snapshot-store.js";
import { LifeboatError } from "../errors.js";
import type { BackupSource, NewItem, SourceRunContext } from "./backup-source.js";
import { ContentPool, ItemReadError, startHashService } from "./content-pool.js";
import type { LocalFile } from "./local-file-reader.js";

export interface BackupOptions {
  /** Write a checkpoint (an incomplete snapshot) at least this often during a long run. */
  checkpointIntervalMs?: number;
  /** ...or after this many new packs, whichever comes first. */
  checkpointEveryPacks?: number;
  onProgress?: (p: BackupProgress) => void;
  signal?: AbortSignal;
  /**
   * Sources that are not part of this run but still configured: their items and cursor carry over
   * from the parent snapshot. Default: every source the parent has. A removed source is left out,
   * so its data stays only in older snapshots (and prune can free it).
   */
  keepSources?: string[];
}

export interface BackupResult {
  snapshot: SnapshotSummary;
  failed: Array<{ source: string; path: string; error: string; code?: string }>;
  /** The run was interrupted (signal) after writing a checkpoint; the next run resumes from it. */
  interrupted: boolean;
}

type PrevMap = Map<string, Map<string, CatalogEntry>>;

function byPath(entries: CatalogEntry[], usable: (e: CatalogEntry) => boolean, into: PrevMap = new Map()): PrevMap {
  for (const e of entries) {
    if (!usable(e)) continue;
    let m = into.get(e.source);
    if (!m) into.set(e.source, (m = new Map()));
    m.set(e.path, e);
  }
  return into;
}

/** Errors reading one local file that fail that item only (as the folder source treats them). */
const ITEM_READ_ERRORS = new Set(["ENOENT", "EACCES", "EPERM", "EISDIR", "EIO"]);

function drop<T>(list: T[], item: T): void {
  const i = list.lastIndexOf(item);
  if (i >= 0) list.splice(i, 1);
}

function errorText(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

/**
 * The backup orchestrator, written once for every kind of source: takes the writer lock, plans
 * the incremental run from the newest complete snapshot (and the checkpoint of an interrupted run),
 * streams items into packs, checkpoints periodically, and commits one snapshot at the end.
 */
export async function runBackup(archive: Archive, sources: BackupSource[], opts: BackupOptions = {}): Promise<BackupResult> {
  const layout = archive.layout;
  for (const s of sources) s.prepare?.();
  const lock = await ArchiveLock.writer(layout, "backup");
  const runId = randomBytes(8).toString("hex");
  let writer: BlobWriter | null = null;
  let pool: ContentPool | null = null;
  let hashService: Sha256Service | null = null;
  try {
    // Nothing else writes while we hold the lock, so anything in tmp/ is a crashed run's garbage.
    for (const f of await fsp.readdir(layout.tmpDir).catch(() => [] as string[])) await fsp.rm(path.join(layout.tmpDir, f), { force: true, recursive: true });
    archive.reloadIndex();
    const index = await archive.index();
    const reader = await archive.reader();
    const { snapshots } = await archive.snapshots();
    const completes = snapshots.filter((s) => s.data.complete);
    const parent: SnapshotRecord | undefined = completes[completes.length - 1];
    const resumable = snapshots.filter((s) => !s.data.complete && (!parent || s.data.time > parent.data.time));
    const resumeFrom = resumable[resumable.length - 1];

    // Only once content workers run (local files, big buffers): a download-bound run's main thread
    // has time to hash, and one more thread is memory a streamed huge file cannot spare.
    hashService = startHashService(() => (pool?.workers ?? 0) > 0);
    const hashes = hashService;
    const w = new BlobWriter(layout, archive.secrets, index, archive.marker.packTarget, hashes ? () => hashes.newFile() : undefined);
    writer = w;
    const usable = (e: CatalogEntry): boolean => (e.content ?? []).every((id) => w.has(id));
    const parentEntries = parent ? await readCatalog(reader, parent.data.catalog) : [];
    const previous = byPath(parentEntries, usable);
    // Items a checkpoint of an interrupted run already stored count as "previous" too, so the
    // resumed run does not read them again.
    const reusable = resumeFrom ? byPath(await readCatalog(reader, resumeFrom.data.catalog), usable, byPath(parentEntries, usable)) : previous;

    const entries: CatalogEntry[] = [];
    const results: Record<string, SnapshotSourceResult> = {};
    const failed: BackupResult["failed"] = [];
    const progress: BackupProgress = { phase: "scan", items: 0, bytes: 0, totalItems: 0, totalBytes: 0 };
    let lastProgress = 0;
    const report = (force = false): void => {
      const now = Date.now();
      if (!opts.onProgress || (!force && now - lastProgress < 100)) return;
      lastProgress = now;
      opts.onProgress({ ...progress });
    };
    const checkpoints: SnapshotRecord[] = [];
    let lastCheckpoint = Date.now();
    let packsAtCheckpoint = 0;
    const interval = opts.checkpointIntervalMs ?? 10 * 60 * 1000;
    const everyPacks = opts.checkpointEveryPacks ?? 64;
    const ranSources = new Set(sources.map((s) => s.name));

    // Sources not part of this run keep their items and cursor from the parent snapshot, so every
    // snapshot is a complete view of the archive's sources.
    const carries = (name: string): boolean => !ranSources.has(name) && (!opts.keepSources || opts.keepSources.includes(name));
    const carried = parentEntries.filter((e) => carries(e.source));
    const carriedResults = Object.fromEntries(Object.entries(parent?.data.sources ?? {}).filter(([name]) => carries(name)));

    const commit = async (complete: boolean): Promise<SnapshotRecord> => {
      progress.phase = complete ? "commit" : "checkpoint";
      report(true);
      await settleStoring();
      const all = [...carried, ...entries];
      const catalog = await writeCatalog(w, archive.secrets.gearSeed, all);
      await w.writeIndex();
      const catalogAt = catalog.map((id): [string, number, number, number, 0 | 1] => {
        const l = index.get(id)!;
        return [l.pack, l.offset, l.length, l.rawLength, l.gz ? 1 : 0];
      });
      const rec = await writeSnapshot(layout, archive.secrets.recipient, {
        time: new Date().toISOString(),
        parent: parent?.id ?? null,
        complete,
        run: runId,
        sources: { ...carriedResults, ...results },
        catalog,
        catalogAt,
        items: all.length,
        bytes: all.reduce((n, e) => n + (e.size ?? 0), 0),
        stats: { newBlobs: w.stats.newBlobs, newBytesStored: w.stats.newBytesStored, packs: w.stats.packs },
      });
      lastCheckpoint = Date.now();
      packsAtCheckpoint = w.stats.packs;
      progress.phase = "copy";
      return rec;
    };
    const maybeCheckpoint = async (): Promise<void> => {
      if (Date.now() - lastCheckpoint >= interval || w.stats.packs - packsAtCheckpoint >= everyPacks) {
        checkpoints.push(await commit(false));
      }
    };

    // Hashing, chunking and naming blobs run in worker threads (several items at a time); this
    // thread reads, stores (compress, encrypt, write) and keeps the catalog in order.
    const { smallFileLimit, min, avg, max } = archive.marker.chunker;
    pool = ContentPool.start({ idKey: archive.secrets.idKey, gearSeed: archive.secrets.gearSeed, chunker: { min, avg, max }, smallLimit: smallFileLimit }, () => w.flushQueue());
    const contentPool = pool;
    /** Items whose content is handed over but not yet stored: a checkpoint or commit waits for them. */
    const storing = new Set<Promise<void>>();
    const settleStoring = async (): Promise<void> => {
      while (storing.size > 0) await Promise.all(storing);
      await contentPool.drain();
    };
    const storeContent = async (
      entry: CatalogEntry,
      content: AsyncIterable<Buffer> | Buffer | LocalFile,
      transfer: boolean,
      onReadError: (err: ItemReadError) => void,
    ): Promise<void> => {
      const ids: string[] = [];
      const job = contentPool.store(content, async (b) => void ids.push(await w.put(b.data, "data", b.id, b.incompressible, b.release)), {
        transfer,
        check: () => {
          if (opts.signal?.aborted) throw new LifeboatError("Backup interrupted.", 1, "interrupted");
        },
        onPiece: (n) => {
          progress.bytes += n;
          report();
        },
      });
      await job.handedOff;
      const stored = job.done.then(
        ({ size, sha256 }) => {
          entry.size = size;
          entry.sha256 = sha256;
          entry.content = ids;
        },
        (err: unknown) => {
          // A worker reading a local file hit a problem with that file: the item fails, the run goes on.
          if (err instanceof ItemReadError && ITEM_READ_ERRORS.has(err.code)) onReadError(err);
          else throw err;
        },
      );
      storing.add(stored);
      void stored.then(
        () => storing.delete(stored),
        () => storing.delete(stored),
      );
    };

    let interrupted = false;
    for (const source of sources) {
      const prev = previous.get(source.name) ?? new Map<string, CatalogEntry>();
      const reuseMap = reusable.get(source.name) ?? new Map<string, CatalogEntry>();
      const result: SnapshotSourceResult = { kind: source.kind, items: 0, bytes: 0, newItems: 0, changedItems: 0, unchangedItems: 0, failed: [] };
      const sourceEntries: CatalogEntry[] = [];
      const failedPaths = new Set<string>();
      progress.source = source.name;
      progress.kind = undefined;
      progress.phase = "scan";
      report(true);
      const ctx: SourceRunContext = {
        source: source.name,
        signal: opts.signal ?? new AbortController().signal,
        previousCursor: parent?.data.sources[source.name]?.cursor,
        previous: (p) => reuseMap.get(p),
        previousEntries: () => reuseMap.values(),
        plan: (items, bytes) => {
          progress.totalItems! += items;
          progress.totalBytes! += bytes;
          progress.phase = "copy";
          report(true);
        },
        addItem: async (item: NewItem, content, addOpts) => {
          const entry: CatalogEntry = { ...item, source: source.name };
          if (item.type === "file") {
            await storeContent(entry, content ?? Buffer.alloc(0), addOpts?.transfer ?? false, (err) => {
              // Read by a worker after addItem returned: undone as if it had failed at once.
              drop(entries, entry);
              drop(sourceEntries, entry);
              if (prev.has(item.path)) result.changedItems--;
              else result.newItems--;
              ctx.fail(item.path, err);
            });
          }
          if (prev.has(item.path)) result.changedItems++;
          else result.newItems++;
          sourceEntries.push(entry);
          entries.push(entry);
          progress.items++;
          progress.currentPath = item.path;
          report();
          await maybeCheckpoint();
        },
        reuse: (e, state) => {
          const entry: CatalogEntry = state ? { ...e, state } : e;
          sourceEntries.push(entry);
          entries.push(entry);
          result.unchangedItems++;
          progress.items++;
          report();
        },
        skip: (p, reason) => {
          (result.skipped ??= []).push({ path: p, reason });
        },
        readPrevious: async (e) => {
          const ids = e.content ?? [];
          return ids.length === 0 ? Buffer.alloc(0) : Buffer.concat(await reader.readMany(ids));
        },
        setKind: (kind) => {
          progress.kind = kind;
          report(true);
        },
        fail: (p, err) => {
          failedPaths.add(p);
          result.failed.push({ path: p, error: errorText(err) });
          failed.push({ source: source.name, path: p, error: errorText(err) });
          const old = prev.get(p);
          if (old) {
            sourceEntries.push(old);
            entries.push(old);
          }
        },
      };
      try {
        const out = await source.run(ctx);
        result.cursor = out.cursor;
      } catch (err) {
        if (opts.signal?.aborted) {
          interrupted = true;
          break;
        }
        if (err instanceof LifeboatError && err.code === "disk-full") throw err;
        // The whole source failed (folder gone, provider down): keep everything it had, so a
        // snapshot never loses data because a source was unreachable.
        const have = new Set(sourceEntries.map((e) => e.path));
        for (const old of prev.values()) {
          if (have.has(old.path)) continue;
          sourceEntries.push(old);
          entries.push(old);
        }
        const code = err instanceof LifeboatError ? err.code : undefined;
        result.failed.push({ path: "", error: errorText(err), ...(code ? { code } : {}) });
        failed.push({ source: source.name, path: "", error: errorText(err), ...(code ? { code } : {}) });
        result.cursor = parent?.data.sources[source.name]?.cursor;
      }
      // Sizes and hashes of the last items land once their content is stored.
      await settleStoring();
      for (const e of sourceEntries) {
        result.items++;
        result.bytes += e.size ?? 0;
      }
      results[source.name] = result;
    }

    if (interrupted) {
      checkpoints.push(await commit(false));
      return { snapshot: summarize(checkpoints[checkpoints.length - 1]!), failed, interrupted: true };
    }
    const final = await commit(true);
    // The committed snapshot supersedes this run's checkpoints and those of interrupted runs.
    for (const c of [...checkpoints, ...resumable]) await fsp.unlink(path.join(layout.snapshotsDir, c.file)).catch(() => undefined);
    progress.phase = "done";
    report(true);
    return { snapshot: summarize(final), failed, interrupted: false };
  } catch (err) {
    await pool?.drain().catch(() => undefined);
    await writer?.abort();
    throw err;
  } finally {
    await pool?.close();
    await hashService?.close();
    await lock.release();
  }
}
