import { promises as fsp } from "node:fs";
import path from "node:path";
import type { CatalogEntry } from "../../../../shared/archive-types.js";
import type { BackupSource, SourceRunContext, SourceRunResult } from "../../backup/backup-source.js";
import { LifeboatError } from "../../errors.js";

const READ_SIZE = 1 << 20;
const READ_DEPTH = 4;
// After the stat size, a small read checks whether the file grew while it was being read.
const GROWTH_PROBE = 64 << 10;
const growthScratch = Buffer.alloc(GROWTH_PROBE);
const SMALL_FILE = 4 << 20;
const PREFETCH_FILES = 16;
const PREFETCH_BYTES = 16 << 20;

interface Found {
  rel: string;
  abs: string;
  type: "file" | "dir" | "symlink";
  size: number;
  mtimeNs: string;
  ino: string;
  mode: number;
}

/**
 * Reads a file in pieces; memory stays flat whatever its size. Several reads are in flight at once
 * (a deeper queue is what makes cold disks and SSDs fast), while the caller hashes and encrypts.
 */
export async function* readFilePieces(abs: string, size: number): AsyncGenerator<Buffer> {
  const fh = await fsp.open(abs, "r");
  const inflight: Array<Promise<{ piece: Buffer; short: boolean }>> = [];
  let position = 0;
  const issue = (): void => {
    while (inflight.length < READ_DEPTH && position < size) {
      const at = position;
      const want = Math.min(size - at, READ_SIZE);
      position += want;
      const buf = Buffer.allocUnsafe(want);
      const p = fh.read(buf, 0, want, at).then(({ bytesRead }) => ({ piece: bytesRead === want ? buf : buf.subarray(0, bytesRead), short: bytesRead < want }));
      // Marked handled now: an error surfaces when this piece's turn comes, not as a crash.
      p.catch(() => undefined);
      inflight.push(p);
    }
  };
  try {
    issue();
    while (inflight.length > 0) {
      const { piece, short } = await inflight.shift()!;
      if (piece.length > 0) yield piece;
      // A short read inside the stat size: the file shrank while it was read; it ends here.
      if (short) return;
      issue();
    }
    // Past the stat size, small reads pick up what was appended while the file was read; the
    // scratch buffer is shared, so the common case (nothing was) allocates nothing.
    for (;;) {
      const { bytesRead } = await fh.read(growthScratch, 0, GROWTH_PROBE, position);
      if (bytesRead === 0) return;
      position += bytesRead;
      yield Buffer.from(growthScratch.subarray(0, bytesRead));
    }
  } finally {
    await Promise.allSettled(inflight);
    await fh.close();
  }
}

/**
 * A local folder as a source: files (original bytes, mtimes, permissions), symlinks and every
 * folder, empty ones included. Incremental: a file whose size, mtime and inode are those of the
 * previous snapshot is not read again.
 */
export class FolderSource implements BackupSource {
  readonly kind = "folder";
  constructor(
    readonly name: string,
    readonly location: string,
  ) {}

  private async walk(ctx: SourceRunContext, found: Found[]): Promise<void> {
    const stack: string[] = [""];
    while (stack.length > 0) {
      const rel = stack.pop()!;
      const absDir = path.join(this.location, rel);
      let names: string[];
      try {
        names = (await fsp.readdir(absDir)).sort();
      } catch (err) {
        if (rel === "") throw err;
        ctx.fail(rel, err);
        continue;
      }
      const subdirs: string[] = [];
      // lstat a whole folder at once: the thread pool runs them in parallel.
      const stats = await Promise.all(names.map((n) => fsp.lstat(path.join(absDir, n), { bigint: true }).catch((err: Error) => err)));
      names.forEach((n, i) => {
        const r = rel ? `${rel}/${n}` : n;
        const abs = path.join(absDir, n);
        const st = stats[i]!;
        if (st instanceof Error) {
          ctx.fail(r, st);
          return;
        }
        const base = { rel: r, abs, size: Number(st.size), mtimeNs: st.mtimeNs.toString(), ino: st.ino.toString(), mode: Number(st.mode & 0o7777n) };
        if (st.isDirectory()) {
          found.push({ ...base, type: "dir", size: 0 });
          subdirs.push(r);
        } else if (st.isFile()) found.push({ ...base, type: "file" });
        else if (st.isSymbolicLink()) found.push({ ...base, type: "symlink" });
        // Sockets, FIFOs and devices are not data; they are skipped like other backup tools do.
      });
      for (let i = subdirs.length - 1; i >= 0; i--) stack.push(subdirs[i]!);
    }
  }

  async run(ctx: SourceRunContext): Promise<SourceRunResult> {
    try {
      const st = await fsp.stat(this.location);
      if (!st.isDirectory()) throw new LifeboatError(`${this.location} is not a folder.`);
    } catch (err) {
      if (err instanceof LifeboatError) throw err;
      throw new LifeboatError(`The folder ${this.location} of source "${this.name}" cannot be read (${(err as NodeJS.ErrnoException).code ?? (err as Error).message}). Is the disk mounted? Its files stay in the archive's earlier snapshots.`);
    }
    const found: Found[] = [];
    await this.walk(ctx, found);
    const unchanged = (f: Found, prev: CatalogEntry | undefined): prev is CatalogEntry =>
      !!prev && prev.type === "file" && prev.size === f.size && prev.mtimeNs === f.mtimeNs && prev.state?.ino === f.ino;
    ctx.plan(
      found.length,
      found.filter((f) => f.type === "file" && !unchanged(f, ctx.previous(f.rel))).reduce((n, f) => n + f.size, 0),
    );
    // Small changed files are read a few at a time ahead of the one being stored, so the disk (and
    // the thread pool) work while the main thread hashes, compresses and encrypts.
    const small = found.filter((f) => f.type === "file" && f.size <= SMALL_FILE && !unchanged(f, ctx.previous(f.rel)));
    const ahead = new Map<Found, Promise<Buffer | Error>>();
    let nextSmall = 0;
    let aheadBytes = 0;
    const prefetch = (): void => {
      while (ahead.size < PREFETCH_FILES && aheadBytes < PREFETCH_BYTES && nextSmall < small.length) {
        const f = small[nextSmall++]!;
        aheadBytes += f.size;
        ahead.set(f, fsp.readFile(f.abs).catch((err: Error) => err));
      }
    };
    for (const f of found) {
      if (ctx.signal.aborted) throw new LifeboatError("Backup interrupted.", 1, "interrupted");
      const common = { path: f.rel, mtimeNs: f.mtimeNs, mode: f.mode };
      // Folders and links whose metadata is as before count as unchanged, like unchanged files.
      const same = (prev: CatalogEntry | undefined, type: CatalogEntry["type"], target?: string): prev is CatalogEntry =>
        !!prev && prev.type === type && prev.mtimeNs === f.mtimeNs && prev.mode === f.mode && prev.target === target;
      if (f.type === "dir") {
        const prev = ctx.previous(f.rel);
        if (same(prev, "dir")) ctx.reuse(prev);
        else await ctx.addItem({ ...common, type: "dir" });
      } else if (f.type === "symlink") {
        try {
          const target = await fsp.readlink(f.abs);
          const prev = ctx.previous(f.rel);
          if (same(prev, "symlink", target)) ctx.reuse(prev);
          else await ctx.addItem({ ...common, type: "symlink", target });
        } catch (err) {
          // addItem may checkpoint: a full disk or an interruption there is the run's, not the link's.
          if (err instanceof LifeboatError) throw err;
          ctx.fail(f.rel, err);
        }
      } else {
        const prev = ctx.previous(f.rel);
        if (unchanged(f, prev)) {
          ctx.reuse(prev);
          continue;
        }
        prefetch();
        const pre = ahead.get(f);
        if (pre) {
          ahead.delete(f);
          aheadBytes -= f.size;
        }
        try {
          const content = pre ? await pre : readFilePieces(f.abs, f.size);
          if (content instanceof Error) throw content;
          await ctx.addItem({ ...common, type: "file", kind: "file", size: f.size, state: { ino: f.ino } }, content);
        } catch (err) {
          if (err instanceof LifeboatError) throw err;
          const code = (err as NodeJS.ErrnoException).code;
          if (code === "ENOENT" || code === "EACCES" || code === "EPERM" || code === "EISDIR" || code === "EIO") ctx.fail(f.rel, err);
          else throw err;
        }
      }
    }
    return {};
  }
}
