// Shared helpers of the robustness tests (crash safety, full disk, bit flips, credentials): seeded
// test data, tree digests, a CLI runner that reports the killing signal, a watcher of the archive's
// directories for deterministic kill points, and age-format geometry for targeted bit flips.
import { execFile, spawn, type ChildProcess } from "node:child_process";
import { createHash } from "node:crypto";
import { promises as fsp } from "node:fs";
import path from "node:path";
import { CLI, type CliResult } from "./cli-harness.js";

/** mulberry32: a small, fast, seeded PRNG, so every run of a test uses the same "random" data. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export function randInt(rand: () => number, lo: number, hi: number): number {
  return lo + Math.floor(rand() * (hi - lo + 1));
}

/** Random bytes from the seeded generator (incompressible), or text-like bytes (compressible). */
export function seededBytes(rand: () => number, size: number, compressible = false): Buffer {
  const buf = Buffer.allocUnsafe(size);
  if (compressible) {
    const words = ["lifeboat", "archive", "mail", "calendar", "the", "a", "of", "snapshot", "restore", "\n"];
    let i = 0;
    while (i < size) {
      const w = words[Math.floor(rand() * words.length)]! + " ";
      i += buf.write(w, i, "latin1");
    }
    return buf;
  }
  let i = 0;
  for (; i + 4 <= size; i += 4) buf.writeUInt32LE(Math.floor(rand() * 4294967296), i);
  for (; i < size; i++) buf[i] = Math.floor(rand() * 256);
  return buf;
}

export interface TreeOptions {
  /** Number of small files. */
  files: number;
  maxSmall: number;
  /** Sizes of large (multi-chunk) random files. */
  big: number[];
  /** Prefix of the generated names, so later generations add new files. */
  prefix?: string;
  /** Top-level folders the small files are spread over (each with three subfolders). */
  dirs?: number;
  /** Put the big files among the small ones (in the subfolders) instead of at the top, where a backup reads them first. */
  bigInside?: boolean;
}

/** Writes a folder of small files in nested folders, a few big random files, an empty folder and a symlink. */
export async function makeTree(dir: string, rand: () => number, o: TreeOptions): Promise<void> {
  const prefix = o.prefix ?? "g0";
  await fsp.mkdir(path.join(dir, `${prefix}-empty`), { recursive: true });
  for (let i = 0; i < o.files; i++) {
    const sub = path.join(dir, `${prefix}-d${i % (o.dirs ?? 5)}`, `sub${i % 3}`);
    await fsp.mkdir(sub, { recursive: true });
    const size = i % 17 === 0 ? 0 : randInt(rand, 1, o.maxSmall);
    await fsp.writeFile(path.join(sub, `f${i}.${i % 2 ? "bin" : "txt"}`), seededBytes(rand, size, i % 2 === 0));
  }
  for (const [i, size] of o.big.entries()) {
    const file = o.bigInside ? path.join(dir, `${prefix}-d${i % (o.dirs ?? 5)}`, `sub${i % 3}`, `big${i}.bin`) : path.join(dir, `${prefix}-big${i}.bin`);
    await fsp.writeFile(file, seededBytes(rand, size));
  }
  await fsp.symlink(`${prefix}-d0/sub0`, path.join(dir, `${prefix}-link`)).catch(() => undefined);
}

/** Every file under `dir` (relative paths, "/"-separated), recursively. Folders and links are listed too. */
export async function listTree(dir: string): Promise<Array<{ rel: string; abs: string; kind: "file" | "dir" | "link" }>> {
  const out: Array<{ rel: string; abs: string; kind: "file" | "dir" | "link" }> = [];
  const walk = async (rel: string): Promise<void> => {
    const entries = await fsp.readdir(path.join(dir, rel), { withFileTypes: true }).catch(() => []);
    for (const e of entries.sort((a, b) => (a.name < b.name ? -1 : 1))) {
      const r = rel ? `${rel}/${e.name}` : e.name;
      const abs = path.join(dir, r);
      if (e.isSymbolicLink()) out.push({ rel: r, abs, kind: "link" });
      else if (e.isDirectory()) {
        out.push({ rel: r, abs, kind: "dir" });
        await walk(r);
      } else if (e.isFile()) out.push({ rel: r, abs, kind: "file" });
    }
  };
  await walk("");
  return out;
}

export async function sha256File(file: string): Promise<string> {
  return createHash("sha256").update(await fsp.readFile(file)).digest("hex");
}

/** rel → "file <sha256>" / "dir" / "link <target>": what a byte-identical restore must reproduce. */
export async function treeDigest(dir: string): Promise<Map<string, string>> {
  const out = new Map<string, string>();
  for (const e of await listTree(dir)) {
    if (e.kind === "file") out.set(e.rel, `file ${await sha256File(e.abs)}`);
    else if (e.kind === "dir") out.set(e.rel, "dir");
    else out.set(e.rel, `link ${await fsp.readlink(e.abs)}`);
  }
  return out;
}

/** Human-readable differences between two digests (empty when identical). */
export function digestDiff(expected: Map<string, string>, actual: Map<string, string>, limit = 10): string[] {
  const diffs: string[] = [];
  for (const [k, v] of expected) {
    const a = actual.get(k);
    if (a === undefined) diffs.push(`missing ${k}`);
    else if (a !== v) diffs.push(`differs ${k}: ${v.slice(0, 20)} vs ${a.slice(0, 20)}`);
  }
  for (const k of actual.keys()) if (!expected.has(k)) diffs.push(`unexpected ${k}`);
  return diffs.slice(0, limit);
}

/** rel path → sha256 of every file under the given subfolders of `root`. */
export async function hashArchiveFiles(root: string, subdirs: string[]): Promise<Map<string, string>> {
  const out = new Map<string, string>();
  for (const sub of subdirs) {
    for (const e of await listTree(path.join(root, sub))) if (e.kind === "file") out.set(`${sub}/${e.rel}`, await sha256File(e.abs));
  }
  return out;
}

export async function flipBit(file: string, offset: number, bit: number): Promise<void> {
  const fh = await fsp.open(file, "r+");
  try {
    const b = Buffer.alloc(1);
    await fh.read(b, 0, 1, offset);
    b[0]! ^= 1 << bit;
    await fh.write(b, 0, 1, offset);
  } finally {
    await fh.close();
  }
}

export interface RunResult extends CliResult {
  signal: NodeJS.Signals | null;
}

export interface Running {
  child: ChildProcess;
  pid: number;
  /** Set once the process has exited (before `done` resolves with its output). */
  exited: boolean;
  done: Promise<RunResult>;
}

/** Starts the CLI with stdin closed; `done` reports the exit code or the signal that ended it. */
export function startCli(args: string[], env: NodeJS.ProcessEnv): Running {
  const child = spawn(process.execPath, [CLI, ...args], { env, stdio: ["pipe", "pipe", "pipe"] });
  let stdout = "";
  let stderr = "";
  child.stdout.on("data", (d: Buffer) => (stdout += d.toString()));
  child.stderr.on("data", (d: Buffer) => (stderr += d.toString()));
  child.stdin.end();
  const running: Running = { child, pid: child.pid!, exited: false, done: undefined as unknown as Promise<RunResult> };
  child.on("exit", () => (running.exited = true));
  running.done = new Promise((resolve, reject) => {
    child.on("error", reject);
    child.on("close", (code, signal) => {
      let json: unknown = undefined;
      try {
        json = JSON.parse(stdout);
      } catch {
        /* not JSON */
      }
      resolve({ code: code ?? -1, signal, stdout, stderr, json });
    });
  });
  return running;
}

export function runCliFull(args: string[], env: NodeJS.ProcessEnv): Promise<RunResult> {
  return startCli(args, env).done;
}

/** What a backup has written so far, as seen from outside. */
export interface ArchiveState {
  packs: number;
  indexes: number;
  snapshots: number;
  tmpFiles: number;
  tmpBytes: number;
}

/** Counting packs reads up to 256 folders, so it is done only when asked for (`packs` is -1 otherwise). */
export async function archiveState(archive: string, withPacks = true): Promise<ArchiveState> {
  const count = async (d: string): Promise<number> => (await fsp.readdir(d).catch(() => [])).length;
  let packs = withPacks ? 0 : -1;
  if (withPacks) for (const d of await fsp.readdir(path.join(archive, "packs")).catch(() => [] as string[])) packs += await count(path.join(archive, "packs", d));
  let tmpBytes = 0;
  const tmp = await fsp.readdir(path.join(archive, "tmp")).catch(() => [] as string[]);
  for (const f of tmp) tmpBytes += (await fsp.stat(path.join(archive, "tmp", f)).catch(() => ({ size: 0 }))).size;
  return { packs, indexes: await count(path.join(archive, "index")), snapshots: await count(path.join(archive, "snapshots")), tmpFiles: tmp.length, tmpBytes };
}

/**
 * Polls the archive until `until` holds (returns that state) or the process exits first (returns
 * null). Polling, not timing: the kill point is defined by what is on disk.
 */
export async function waitForState(running: Running, archive: string, until: (s: ArchiveState) => boolean, withPacks = true): Promise<ArchiveState | null> {
  for (;;) {
    if (running.exited) return null;
    const s = await archiveState(archive, withPacks);
    if (until(s)) return running.exited ? null : s;
    await new Promise((r) => setTimeout(r, 5));
  }
}

/** Runs a command-line tool; resolves with its exit code and output (stdout as bytes). */
export function runTool(cmd: string, args: string[], input?: Buffer | string): Promise<{ code: number; stdout: Buffer; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = execFile(cmd, args, { encoding: "buffer", maxBuffer: 1 << 30 }, (err, stdout, stderr) => {
      const code = err ? (typeof (err as { code?: unknown }).code === "number" ? ((err as { code: number }).code) : -1) : 0;
      if (err && code === -1) return reject(err);
      resolve({ code, stdout, stderr: stderr.toString() });
    });
    // A tool that exits without reading its input (mount refused at once) closes the pipe first:
    // that EPIPE is not the test's failure, the exit code says what happened.
    child.stdin?.on("error", () => undefined);
    child.stdin?.end(input ?? "");
  });
}

/**
 * Mounts a small tmpfs of `size` (e.g. "4m") at the new folder `mnt`, unmounted when the test ends:
 * a real full disk. False (and the test skipped) where mounting is not allowed (not root).
 */
export async function mountSmallDisk(t: { skip: (msg: string) => void; after: (fn: () => Promise<void>) => void }, mnt: string, size: string): Promise<boolean> {
  await fsp.mkdir(mnt);
  const mount = await runTool("mount", ["-t", "tmpfs", "-o", `size=${size},mode=0700`, "lifeboat-test", mnt]).catch((err: Error) => ({ code: -1, stdout: Buffer.alloc(0), stderr: err.message }));
  if (mount.code !== 0) {
    t.skip(`cannot mount a tmpfs here (needs root and mount permission): ${mount.stderr.trim()}`);
    return false;
  }
  t.after(async () => {
    const u = await runTool("umount", [mnt]);
    if (u.code !== 0) await runTool("umount", ["-l", mnt]);
  });
  return true;
}

// ---- age format geometry (age-encryption.org/v1): header, 16-byte nonce, 64 KiB STREAM chunks + 16-byte tags ----
export const AGE_CHUNK = 64 * 1024;
export const AGE_TAG = 16;
export const AGE_NONCE = 16;

/** Length of an age file's header: up to and including the "--- MAC" line. */
export function ageHeaderLength(file: Buffer): number {
  const mac = file.indexOf("\n--- ");
  if (mac < 0) throw new Error("not an age file");
  return file.indexOf("\n", mac + 1) + 1;
}

/**
 * Where a byte of an age file sits: in the header or nonce (the whole file is unreadable), or in
 * payload chunk `chunk` (of `chunks`). Random access reads authenticate the final chunk on open, so
 * a flip there also makes every byte unreadable.
 */
export function ageLocate(fileSize: number, headerLength: number, offset: number): { chunk: number | "all"; chunks: number } {
  const payloadStart = headerLength + AGE_NONCE;
  const chunks = Math.ceil((fileSize - payloadStart) / (AGE_CHUNK + AGE_TAG));
  if (offset < payloadStart) return { chunk: "all", chunks };
  const chunk = Math.floor((offset - payloadStart) / (AGE_CHUNK + AGE_TAG));
  return { chunk: chunk === chunks - 1 ? "all" : chunk, chunks };
}

/** File offset of plaintext byte `plainOffset` of an age file. */
export function ageCipherOffset(headerLength: number, plainOffset: number): number {
  const chunk = Math.floor(plainOffset / AGE_CHUNK);
  return headerLength + AGE_NONCE + chunk * (AGE_CHUNK + AGE_TAG) + (plainOffset % AGE_CHUNK);
}
