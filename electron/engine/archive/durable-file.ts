import { randomBytes } from "node:crypto";
import { constants, promises as fsp } from "node:fs";
import path from "node:path";
import { explainFsError } from "../errors.js";
import { type FileHasher, InlineSha256 } from "./offloaded-sha256.js";

/**
 * Write-once files: every archive file is written to `tmp/`, fsynced, renamed to its final name
 * and its directory fsynced. An existing file is never opened for writing, so a crash or a full
 * disk can only leave garbage in `tmp/`, never damage what is already there.
 */

// Fault injection for the crash and full-disk tests: after this many bytes written to archive files
// by this process, writes fail with ENOSPC as a full disk would. Read once; unset in normal use.
const MAX_INFLIGHT_BYTES = 8 << 20;

const enospcAfter = Number(process.env.LIFEBOAT_FAULT_ENOSPC_AFTER_BYTES ?? "NaN");
let bytesWrittenThisProcess = 0;

function injectFault(len: number): void {
  if (Number.isFinite(enospcAfter) && bytesWrittenThisProcess + len > enospcAfter) {
    const err = new Error("ENOSPC: no space left on device (injected)") as NodeJS.ErrnoException;
    err.code = "ENOSPC";
    throw err;
  }
  bytesWrittenThisProcess += len;
}

export async function fsyncDir(dir: string): Promise<void> {
  // Windows cannot FlushFileBuffers a directory (EPERM); there the rename is as durable as NTFS makes it.
  if (process.platform === "win32") return;
  const fh = await fsp.open(dir, constants.O_RDONLY);
  try {
    await fh.sync();
  } finally {
    await fh.close();
  }
}

export class DurableFile {
  private written = 0;
  private closed = false;
  private inflight: Array<Promise<void>> = [];
  private inflightBytes = 0;
  private failed: Error | null = null;

  private constructor(
    private readonly fh: fsp.FileHandle,
    readonly tmpPath: string,
    private readonly hash: FileHasher,
  ) {}

  /** `hasher` takes the SHA-256 of the bytes (in this thread unless one that offloads it is given). */
  static async create(tmpDir: string, hasher: () => FileHasher = () => new InlineSha256()): Promise<DurableFile> {
    await fsp.mkdir(tmpDir, { recursive: true });
    const tmpPath = path.join(tmpDir, `${Date.now().toString(36)}-${randomBytes(8).toString("hex")}.tmp`);
    const fh = await fsp.open(tmpPath, "wx", 0o600);
    return new DurableFile(fh, tmpPath, hasher());
  }

  get size(): number {
    return this.written;
  }

  /**
   * Queues bytes for writing. Writes are positional and several may be in flight, so the disk works
   * while the caller encrypts the next chunks; `commit` waits for all of them. The hash is taken
   * here, in order, so it always matches the file's bytes. `whenThrough` is called once the bytes
   * are no longer needed (written and hashed, or failed), so the caller may reuse its buffers.
   */
  async write(chunks: Buffer | Buffer[], whenThrough?: () => void): Promise<void> {
    const list = Array.isArray(chunks) ? chunks : [chunks];
    // The caller hears once the disk and the hash are both through with the bytes.
    let waits = list.length + 1;
    const through = (): void => {
      if (--waits === 0) whenThrough?.();
    };
    let len = 0;
    for (const c of list) {
      this.hash.update(c, through);
      len += c.length;
    }
    const onWritten = through;
    if (len === 0) {
      onWritten();
      return;
    }
    if (this.failed) {
      onWritten();
      throw this.failed;
    }
    try {
      injectFault(len);
    } catch (err) {
      onWritten();
      await this.abort();
      throw explainFsError(err, "writing to the archive");
    }
    const position = this.written;
    this.written += len;
    const p = writeAll(this.fh, list, position).then(
      () => {
        this.inflightBytes -= len;
        onWritten();
      },
      (err: unknown) => {
        this.inflightBytes -= len;
        this.failed ??= explainFsError(err, "writing to the archive");
        onWritten();
      },
    );
    this.inflight.push(p);
    this.inflightBytes += len;
    while (this.inflightBytes > MAX_INFLIGHT_BYTES) await this.inflight.shift();
    if (this.inflight.length > 64) this.inflight = this.inflight.slice(-32);
    if (this.failed) {
      const f = this.failed;
      await this.abort();
      throw f;
    }
  }

  private async settle(): Promise<void> {
    await Promise.all(this.inflight);
    this.inflight = [];
    if (this.failed) throw this.failed;
  }

  /**
   * Makes the file durable under `dir/<name>`, where `name` is derived from the SHA-256 of the
   * bytes written. Returns the final path and the hash. If a file of that name already exists it has
   * the same content (names are content hashes), so the new copy is simply discarded.
   */
  async commit(dir: string, name: (sha256: string) => string): Promise<{ path: string; sha256: string; size: number }> {
    let sha256: string;
    let finalPath: string;
    try {
      await this.settle();
      sha256 = await this.hash.digest();
      finalPath = path.join(dir, name(sha256));
      await this.fh.sync();
      await this.fh.close();
      this.closed = true;
      await fsp.mkdir(path.dirname(finalPath), { recursive: true });
      if (await exists(finalPath)) {
        await fsp.unlink(this.tmpPath);
      } else {
        await fsp.rename(this.tmpPath, finalPath);
        await fsyncDir(path.dirname(finalPath));
      }
    } catch (err) {
      await this.abort();
      throw explainFsError(err, "saving a file in the archive");
    }
    return { path: finalPath, sha256, size: this.written };
  }

  async abort(): Promise<void> {
    await Promise.allSettled(this.inflight);
    this.inflight = [];
    if (!this.closed) {
      this.closed = true;
      await this.fh.close().catch(() => undefined);
    }
    await fsp.unlink(this.tmpPath).catch(() => undefined);
  }
}

async function writeAll(fh: fsp.FileHandle, list: Buffer[], position: number): Promise<void> {
  let pending = list;
  // writev may write less than asked on some platforms; loop until everything is on disk.
  while (pending.length > 0) {
    const { bytesWritten } = await fh.writev(pending, position);
    position += bytesWritten;
    pending = dropBytes(pending, bytesWritten);
  }
}

function dropBytes(list: Buffer[], n: number): Buffer[] {
  const out: Buffer[] = [];
  for (const b of list) {
    if (n >= b.length) {
      n -= b.length;
      continue;
    }
    out.push(n > 0 ? b.subarray(n) : b);
    n = 0;
  }
  return out;
}

export async function exists(p: string): Promise<boolean> {
  try {
    await fsp.access(p);
    return true;
  } catch {
    return false;
  }
}

/** Writes a small file durably in one go. */
export async function writeOnce(tmpDir: string, dir: string, data: Buffer, name: (sha256: string) => string): Promise<{ path: string; sha256: string; size: number }> {
  const f = await DurableFile.create(tmpDir);
  await f.write(data);
  return f.commit(dir, name);
}
