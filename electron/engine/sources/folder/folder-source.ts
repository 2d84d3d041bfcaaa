import { promises as fsp } from "node:fs";
import type { CatalogEntry } from "../../../../shared/archive-types.js";
import type { BackupSource, SourceRunContext, SourceRunResult } from "../../backup/backup-source.js";
import { LifeboatError } from "../../errors.js";
import { type Seen, type Walk } from "./folder-walk.js";
import { walkFolder } from "./walk-worker.js";

interface Found {
  rel: string;
  abs: string;
  type: "file" | "dir" | "symlink";
  size: number;
  mtimeNs: string;
  ino: string;
  mode: number;
}

/** mtimeMs as Node computes it from the same seconds and nanoseconds (sec * 1e3 + nsec / 1e6). */
function msOfNs(ns: string): number {
  const b = BigInt(ns);
  let sec = b / 1_000_000_000n;
  let nsec = b % 1_000_000_000n;
  if (nsec < 0n) {
    sec -= 1n;
    nsec += 1_000_000_000n;
  }
  return Number(sec) * 1e3 + Number(nsec) / 1e6;
}

/**
 * Whether the walk's numbers say the item is as the previous snapshot has it. The double mtime is
 * exact to about 250 ns; a change that keeps size and inode and moves the mtime by less than that
 * (the kernel stamps writes with its coarse clock, milliseconds apart) is the only one it misses.
 * An inode number above 2^53 never matches here: such an item gets the exact, BigInt check.
 */
function looksUnchanged(f: Seen, prev: CatalogEntry | undefined): prev is CatalogEntry {
  if (!prev || prev.type !== f.type || prev.mtimeNs === undefined || msOfNs(prev.mtimeNs) !== f.mtimeMs) return false;
  if (f.type === "file") return prev.size === f.size && prev.state?.ino === String(f.ino);
  return f.type === "dir" && prev.mode === f.mode && prev.target === undefined;
}

/** Exact lstats of new or changed items in flight ahead of the one being stored. */
const EXACT_AHEAD = 64;

/** The item again, with BigInt lstat: nanosecond mtime and the full inode number. */
async function exactly(seen: Seen): Promise<Found> {
  const st = await fsp.lstat(seen.abs, { bigint: true });
  const type = st.isDirectory() ? "dir" : st.isSymbolicLink() ? "symlink" : "file";
  if (type === "file" && !st.isFile()) throw Object.assign(new Error(`${seen.abs} is no longer a file, folder or link`), { code: "ENOENT" });
  return { rel: seen.rel, abs: seen.abs, type, size: type === "dir" ? 0 : Number(st.size), mtimeNs: st.mtimeNs.toString(), ino: st.ino.toString(), mode: Number(st.mode & 0o7777n) };
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

  private walking: Promise<Walk> | null = null;

  /**
   * Starts the walk (in a worker thread), so it overlaps the engine's locking, reading of the index
   * and of the previous catalog: on an unchanged folder, the walk was a third of the run.
   */
  prepare(): void {
    this.walking ??= walkFolder(this.location);
    // Seen (and reported) by run().
    this.walking.catch(() => undefined);
  }

  async run(ctx: SourceRunContext): Promise<SourceRunResult> {
    const walking = this.walking ?? walkFolder(this.location);
    walking.catch(() => undefined);
    this.walking = null;
    try {
      const st = await fsp.stat(this.location);
      if (!st.isDirectory()) throw new LifeboatError(`${this.location} is not a folder.`);
    } catch (err) {
      if (err instanceof LifeboatError) throw err;
      throw new LifeboatError(`The folder ${this.location} of source "${this.name}" cannot be read (${(err as NodeJS.ErrnoException).code ?? (err as Error).message}). Is the disk mounted? Its files stay in the archive's earlier snapshots.`);
    }
    const { found, failed } = await walking;
    for (const u of failed) ctx.fail(u.rel, Object.assign(new Error(u.message), u.code ? { code: u.code } : {}));
    const unchanged = (f: Found, prev: CatalogEntry | undefined): prev is CatalogEntry =>
      !!prev && prev.type === "file" && prev.size === f.size && prev.mtimeNs === f.mtimeNs && prev.state?.ino === f.ino;
    // New or changed items (and links) are looked at again, exactly: the times and inode as the
    // catalog records them. Those lstats run ahead of the loop, EXACT_AHEAD at a time, so a first
    // backup does not wait for 22k of them one by one.
    const changed = found.map((f) => !looksUnchanged(f, ctx.previous(f.rel)));
    ctx.plan(
      found.length,
      found.filter((f, i) => f.type === "file" && changed[i]).reduce((n, f) => n + f.size, 0),
    );
    const exact = new Map<number, Promise<Found>>();
    let next = 0;
    for (const [i, seen] of found.entries()) {
      if (ctx.signal.aborted) throw new LifeboatError("Backup interrupted.", 1, "interrupted");
      for (; next < found.length && next < i + EXACT_AHEAD; next++) {
        if (!changed[next]) continue;
        const p = exactly(found[next]!);
        p.catch(() => undefined);
        exact.set(next, p);
      }
      if (!changed[i]) {
        ctx.reuse(ctx.previous(seen.rel)!);
        continue;
      }
      let f: Found;
      try {
        f = await exact.get(i)!;
      } catch (err) {
        ctx.fail(seen.rel, err);
        continue;
      } finally {
        exact.delete(i);
      }
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
        try {
          // The engine reads the file itself, in a worker, several at a time.
          await ctx.addItem({ ...common, type: "file", kind: "file", size: f.size, state: { ino: f.ino } }, { localPath: f.abs, size: f.size });
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
