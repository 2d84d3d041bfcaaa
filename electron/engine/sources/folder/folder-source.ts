import { promises as fsp } from "node:fs";
import path from "node:path";
import type { CatalogEntry } from "../../../../shared/archive-types.js";
import type { BackupSource, SourceRunContext, SourceRunResult } from "../../backup/backup-source.js";
import { LifeboatError } from "../../errors.js";

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
