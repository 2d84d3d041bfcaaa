// Small filesystem helpers for reading a seed folder: sorted directory walks (so ids are assigned
// in the same order on every run) and optional JSON sidecars validated with zod.
import { promises as fsp, type Dirent } from "node:fs";
import path from "node:path";
import type { z } from "zod";

export interface SeedFile {
  /** Path relative to the walked root, "/"-separated. */
  relative: string;
  absolute: string;
  mtimeMs: number;
  birthtimeMs: number;
}

export async function isDirectory(p: string): Promise<boolean> {
  try {
    return (await fsp.stat(p)).isDirectory();
  } catch {
    return false;
  }
}

/** Sorted names of the entries of a directory ([] when it does not exist). */
export async function listDir(dir: string): Promise<Array<{ name: string; isDir: boolean }>> {
  let entries: Dirent[];
  try {
    entries = await fsp.readdir(dir, { withFileTypes: true });
  } catch {
    return [];
  }
  return entries
    .filter((e) => e.isDirectory() || e.isFile())
    .map((e) => ({ name: e.name, isDir: e.isDirectory() }))
    .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
}

/** Every file below `root`, depth first, sorted by name at each level. */
export async function walkFiles(root: string, relative = ""): Promise<SeedFile[]> {
  const out: SeedFile[] = [];
  for (const e of await listDir(path.join(root, relative))) {
    const rel = relative ? `${relative}/${e.name}` : e.name;
    if (e.isDir) {
      out.push(...(await walkFiles(root, rel)));
    } else {
      const abs = path.join(root, rel);
      const st = await fsp.stat(abs);
      out.push({ relative: rel, absolute: abs, mtimeMs: st.mtimeMs, birthtimeMs: st.birthtimeMs });
    }
  }
  return out;
}

/** Reads and validates a JSON file; undefined when it does not exist. */
export async function readJsonIfPresent<T>(file: string, schema: z.ZodType<T>): Promise<T | undefined> {
  let text: string;
  try {
    text = await fsp.readFile(file, "utf8");
  } catch {
    return undefined;
  }
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (err) {
    throw new Error(`${file}: not valid JSON (${(err as Error).message})`);
  }
  const parsed = schema.safeParse(raw);
  if (!parsed.success) throw new Error(`${file}: ${parsed.error.message}`);
  return parsed.data;
}
