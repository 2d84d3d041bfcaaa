import { createHash, randomBytes } from "node:crypto";
import path from "node:path";
import type { CatalogEntry } from "../../../shared/archive-types.js";
import type { BlobReader } from "../archive/blob-reader.js";
import { explainFsError, LifeboatError } from "../errors.js";
import { BufferPool } from "./buffer-pool.js";
import { asyncOutput, type OutputFs } from "./output-file.js";

/** What restoring one file needs of its catalog entry (all a restore worker is sent). */
export type FileEntry = Pick<CatalogEntry, "source" | "path" | "size" | "mtimeNs" | "mode" | "sha256" | "content">;

/** One file to restore: where it goes and what it is. */
export interface FileJob {
  abs: string;
  e: FileEntry;
}

/** How one file ended: its bytes, or why not (`fatal` stops the whole restore: disk full, read-only). */
export type FileOutcome = { ok: true; bytes: number } | { ok: false; message: string; code: string; exitCode: number; fatal: boolean };

/** Blobs read ahead of the one being written, per file. */
const PREFETCH = 4;
/** Files restored at once by one restorer, so reading, decrypting and writing overlap. */
export const PARALLEL_FILES = 8;

/** A failure that stops the whole restore (every later file would fail the same way): disk full, read-only. */
export function stopsRestore(ex: Error): ex is LifeboatError {
  return ex instanceof LifeboatError && (ex.code === "disk-full" || ex.code === "read-only");
}

/** Runs a clean-up step (sync or async) whose own failure must not hide the error being handled. */
async function quietly(step: () => unknown): Promise<void> {
  try {
    await step();
  } catch {
    // The original error is the one reported.
  }
}

export function nsToSeconds(ns: string | undefined): number | null {
  if (!ns) return null;
  const big = BigInt(ns);
  return Number(big / 1_000_000_000n) + Number(big % 1_000_000_000n) / 1e9;
}

/**
 * Restores files from one BlobReader: each into a temporary name beside it, created with its final
 * mode, checked against the recorded SHA-256 and size, given its mtime, then renamed into place
 * (a file is either whole or absent, never half-written). Runs on the main thread or inside a
 * restore worker (restore-worker-loop.ts); one instance keeps the folders it made and its buffers.
 */
export class FileRestorer {
  private readonly pool: BufferPool;
  /** Folders made so far: each file used to ask for its folder again (22k mkdir calls for 600 folders). */
  private readonly made = new Map<string, Promise<unknown>>();
  /** Temporary names: one random part per restorer and a counter ("wx" still refuses to clobber). */
  private readonly tmpPrefix = `.lifeboat-restore-${randomBytes(6).toString("hex")}`;
  private tmpCount = 0;
  /**
   * Per file mode: does creating a file with it give exactly it (the umask takes nothing away)?
   * Then no chmod is needed, which saves a system call for most of the files.
   */
  private readonly modeSticks = new Map<number, boolean>();

  constructor(
    private readonly reader: BlobReader,
    poolBytes: number,
    /** Bytes written so far, as they are written (progress of large files). */
    private readonly onBytes: (n: number) => void = () => undefined,
    /** How files are written: through the thread pool, or blocking (only off the main thread). */
    private readonly out: OutputFs = asyncOutput,
  ) {
    this.pool = new BufferPool(poolBytes);
  }

  private mkdirOnce(dir: string): Promise<unknown> {
    let p = this.made.get(dir);
    if (!p) {
      p = (async () => this.out.mkdirp(dir))();
      p.catch(() => this.made.delete(dir));
      this.made.set(dir, p);
    }
    return p;
  }

  /** Restores one file; never throws. */
  async restore(job: FileJob): Promise<FileOutcome> {
    try {
      return { ok: true, bytes: await this.write(job.abs, job.e) };
    } catch (err) {
      const ex = explainFsError(err, "restoring");
      return { ok: false, message: ex.message, code: ex instanceof LifeboatError ? ex.code : "failed", exitCode: ex instanceof LifeboatError ? ex.exitCode : 1, fatal: stopsRestore(ex) };
    }
  }

  private async write(abs: string, e: FileEntry): Promise<number> {
    await this.mkdirOnce(path.dirname(abs));
    // A short temporary name: the real name may already be near the 255-byte limit (NAME_MAX).
    const tmp = path.join(path.dirname(abs), `${this.tmpPrefix}-${(this.tmpCount++).toString(36)}.tmp`);
    const mode = e.mode === undefined ? undefined : e.mode & 0o7777;
    // Created with its final permission bits (special bits only ever by chmod); the open
    // descriptor may write even when they say read-only.
    const file = await this.out.create(tmp, mode === undefined ? 0o600 : mode & 0o777);
    const sha = createHash("sha256");
    let size = 0;
    try {
      const ids = e.content ?? [];
      const pending: Array<{ buf: Buffer; read: Promise<Buffer> }> = [];
      let next = 0;
      const fill = (): void => {
        while (pending.length < PREFETCH && next < ids.length) {
          const id = ids[next++]!;
          const buf = this.pool.take(this.reader.plainLength(id) ?? 0);
          // The whole file's SHA-256 is checked below, so a blob's own id needs no second hash.
          const read = this.reader.readInto(id, buf, !e.sha256);
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
        await file.write(data);
        this.pool.give(buf);
        this.onBytes(data.length);
      }
      if (mode !== undefined) {
        let sticks = this.modeSticks.get(mode);
        if (sticks === undefined) {
          sticks = mode === (await file.mode());
          this.modeSticks.set(mode, sticks);
        }
        if (!sticks) await file.chmod(mode);
      }
      const t = nsToSeconds(e.mtimeNs);
      if (t !== null) await file.utimes(t);
      await file.close();
    } catch (err) {
      await quietly(() => file.close());
      await quietly(() => this.out.unlink(tmp));
      throw err;
    }
    if ((e.sha256 && sha.digest("hex") !== e.sha256) || (e.size !== undefined && size !== e.size)) {
      await quietly(() => this.out.unlink(tmp));
      throw new LifeboatError(`${e.source}/${e.path}: restored bytes do not match the recorded hash`, 3, "damaged");
    }
    await this.out.rename(tmp, abs);
    return size;
  }
}
