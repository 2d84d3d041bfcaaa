import fs, { promises as fsp, type Stats } from "node:fs";
import path from "node:path";

/** One item the walk saw, with lstat's plain numbers (BigInt stats cost 3× the time, mostly in GC). */
export interface Seen {
  rel: string;
  abs: string;
  type: "file" | "dir" | "symlink";
  size: number;
  mtimeMs: number;
  ino: number;
  mode: number;
}

/** An item the walk could not look at: its path, and the error's message and errno code. */
export interface Unseen {
  rel: string;
  message: string;
  code?: string;
}

export interface Walk {
  found: Seen[];
  failed: Unseen[];
}

function unseen(rel: string, err: unknown): Unseen {
  const code = (err as NodeJS.ErrnoException).code;
  return { rel, message: err instanceof Error ? err.message : String(err), ...(typeof code === "string" ? { code } : {}) };
}

/** The walk's view of one lstat, or null for what is not data (sockets, FIFOs, devices: skipped like other backup tools do). */
function seenOf(rel: string, abs: string, st: Stats): Seen | null {
  const base = { rel, abs, size: st.size, mtimeMs: st.mtimeMs, ino: st.ino, mode: st.mode & 0o7777 };
  if (st.isDirectory()) return { ...base, type: "dir", size: 0 };
  if (st.isFile()) return { ...base, type: "file" };
  if (st.isSymbolicLink()) return { ...base, type: "symlink" };
  return null;
}

/**
 * Everything below `root`: each folder's entries (sorted by name) before the contents of its
 * subfolders. An unreadable root throws; anything else unreadable is listed in `failed`.
 * Blocking: for a worker thread (on a cold cache most of the time is waiting for the disk, and in
 * a worker that overlaps the main thread's unlocking and reading of the previous catalog).
 */
export function walkSync(root: string): Walk {
  const out: Walk = { found: [], failed: [] };
  const visit = (rel: string): void => {
    const absDir = path.join(root, rel);
    let names: string[];
    try {
      names = fs.readdirSync(absDir).sort();
    } catch (err) {
      if (rel === "") throw err;
      out.failed.push(unseen(rel, err));
      return;
    }
    const subdirs: string[] = [];
    for (const n of names) {
      const r = rel ? `${rel}/${n}` : n;
      const abs = path.join(absDir, n);
      let s: Seen | null;
      try {
        s = seenOf(r, abs, fs.lstatSync(abs));
      } catch (err) {
        out.failed.push(unseen(r, err));
        continue;
      }
      if (!s) continue;
      out.found.push(s);
      if (s.type === "dir") subdirs.push(r);
    }
    for (const d of subdirs) visit(d);
  };
  visit("");
  return out;
}

/** walkSync for the main thread: the same order and result, folders read in parallel through the thread pool. */
export async function walkAsync(root: string): Promise<Walk> {
  const failed: Unseen[] = [];
  const visit = async (rel: string): Promise<Seen[]> => {
    const absDir = path.join(root, rel);
    let names: string[];
    try {
      names = (await fsp.readdir(absDir)).sort();
    } catch (err) {
      if (rel === "") throw err;
      failed.push(unseen(rel, err));
      return [];
    }
    const stats = await Promise.all(names.map((n) => fsp.lstat(path.join(absDir, n)).catch((err: Error) => err)));
    const found: Seen[] = [];
    const subdirs: string[] = [];
    names.forEach((n, i) => {
      const r = rel ? `${rel}/${n}` : n;
      const st = stats[i]!;
      if (st instanceof Error) return void failed.push(unseen(r, st));
      const s = seenOf(r, path.join(absDir, n), st);
      if (!s) return;
      found.push(s);
      if (s.type === "dir") subdirs.push(r);
    });
    for (const below of await Promise.all(subdirs.map(visit))) for (const f of below) found.push(f);
    return found;
  };
  const found = await visit("");
  return { found, failed };
}
