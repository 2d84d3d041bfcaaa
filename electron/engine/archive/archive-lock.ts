import { randomBytes } from "node:crypto";
import { promises as fsp } from "node:fs";
import os from "node:os";
import path from "node:path";
import { LifeboatError } from "../errors.js";
import type { ArchiveLayout } from "./archive-layout.js";

/**
 * Locks, restic-style. One writer at a time (`locks/writer.lock`, created with O_EXCL): backups
 * and passphrase changes take it. Readers (restore, verify, ls) take a shared lock file each, so
 * prune, which deletes packs, can wait for them. A lock is stale when its process is gone (same
 * host) or its heartbeat is older than STALE_MS (another host, or a frozen process).
 */
export const STALE_MS = 30 * 60 * 1000;
const HEARTBEAT_MS = 60 * 1000;

export interface LockInfo {
  host: string;
  pid: number;
  op: string;
  started: string;
  heartbeat: string;
}

function pidAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === "EPERM";
  }
}

export function isStale(info: LockInfo, now = Date.now()): boolean {
  if (info.host === os.hostname() && !pidAlive(info.pid)) return true;
  return now - Date.parse(info.heartbeat) > STALE_MS;
}

async function readLock(file: string): Promise<LockInfo | null> {
  try {
    return JSON.parse(await fsp.readFile(file, "utf8")) as LockInfo;
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === "ENOENT") return null;
    // A half-written lock (crash while creating it) counts as stale.
    return { host: os.hostname(), pid: -1, op: "unknown", started: new Date(0).toISOString(), heartbeat: new Date(0).toISOString() };
  }
}

/**
 * Creates `file` with its full content in one step, failing with EEXIST if it exists: the content
 * goes to a temporary file first, which is then hard-linked into place. So no other process can
 * ever read a lock that exists but is still empty (and take it for a crashed run's). Where the file
 * system has no hard links (FAT, exFAT), O_EXCL creation is the fallback.
 */
async function createComplete(file: string, content: string): Promise<void> {
  const tmp = `${file}.${randomBytes(6).toString("hex")}.new`;
  await fsp.writeFile(tmp, content, { mode: 0o600, flag: "wx" });
  try {
    await fsp.link(tmp, file);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code !== "EPERM" && code !== "ENOTSUP" && code !== "ENOSYS") throw err;
    const fh = await fsp.open(file, "wx", 0o600);
    try {
      await fh.writeFile(content);
      await fh.sync();
    } finally {
      await fh.close();
    }
  } finally {
    await fsp.unlink(tmp).catch(() => undefined);
  }
}

export class ArchiveLock {
  private timer: NodeJS.Timeout | null = null;
  private constructor(
    private readonly file: string,
    private readonly info: LockInfo,
  ) {
    this.timer = setInterval(() => void this.beat(), HEARTBEAT_MS);
    this.timer.unref();
  }

  private async beat(): Promise<void> {
    this.info.heartbeat = new Date().toISOString();
    const tmp = `${this.file}.${randomBytes(4).toString("hex")}`;
    try {
      await fsp.writeFile(tmp, JSON.stringify(this.info));
      await fsp.rename(tmp, this.file);
    } catch {
      await fsp.unlink(tmp).catch(() => undefined);
    }
  }

  async release(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    await fsp.unlink(this.file).catch(() => undefined);
  }

  static async writer(layout: ArchiveLayout, op: string): Promise<ArchiveLock> {
    await fsp.mkdir(layout.locksDir, { recursive: true });
    const file = path.join(layout.locksDir, "writer.lock");
    const now = new Date().toISOString();
    const info: LockInfo = { host: os.hostname(), pid: process.pid, op, started: now, heartbeat: now };
    for (let attempt = 0; attempt < 3; attempt++) {
      try {
        await createComplete(file, JSON.stringify(info));
        return new ArchiveLock(file, info);
      } catch (err) {
        if ((err as NodeJS.ErrnoException).code !== "EEXIST") throw err;
        const other = await readLock(file);
        if (other && !isStale(other)) {
          throw new LifeboatError(
            `The archive is busy: ${other.op} (pid ${other.pid} on ${other.host}) since ${other.started}. Wait for it to finish; a lock left by a crashed run is cleared automatically once that process is gone.`,
            1,
            "locked",
          );
        }
        await fsp.unlink(file).catch(() => undefined);
      }
    }
    throw new LifeboatError("Could not take the archive's lock. Try again.", 1, "locked");
  }

  static async reader(layout: ArchiveLayout, op: string): Promise<ArchiveLock> {
    await fsp.mkdir(layout.locksDir, { recursive: true });
    const writer = await readLock(path.join(layout.locksDir, "writer.lock"));
    if (writer && writer.op === "prune" && !isStale(writer)) {
      throw new LifeboatError(`The archive is being pruned (pid ${writer.pid} on ${writer.host}). Wait for it to finish.`, 1, "locked");
    }
    const now = new Date().toISOString();
    const info: LockInfo = { host: os.hostname(), pid: process.pid, op, started: now, heartbeat: now };
    const file = path.join(layout.locksDir, `reader-${randomBytes(8).toString("hex")}.lock`);
    await fsp.writeFile(file, JSON.stringify(info), { flag: "wx", mode: 0o600 });
    return new ArchiveLock(file, info);
  }

  /** Readers that are alive; prune refuses to delete data under them. Stale ones are removed. */
  static async liveReaders(layout: ArchiveLayout): Promise<LockInfo[]> {
    const names = await fsp.readdir(layout.locksDir).catch(() => [] as string[]);
    const live: LockInfo[] = [];
    for (const n of names.filter((n) => n.startsWith("reader-"))) {
      const f = path.join(layout.locksDir, n);
      const info = await readLock(f);
      if (!info) continue;
      if (isStale(info)) await fsp.unlink(f).catch(() => undefined);
      else live.push(info);
    }
    return live;
  }
}
