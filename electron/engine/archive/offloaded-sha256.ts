import { createHash, type Hash } from "node:crypto";
import type { Worker } from "node:worker_threads";

/** The SHA-256 of a file being written, fed in order; `done` is called once a chunk is hashed. */
export interface FileHasher {
  update(chunk: Buffer, done: () => void): void;
  digest(): Promise<string>;
}

/** Hashing in the calling thread (small files, or no worker available). */
export class InlineSha256 implements FileHasher {
  private readonly hash: Hash = createHash("sha256");
  update(chunk: Buffer, done: () => void): void {
    this.hash.update(chunk);
    done();
  }
  digest(): Promise<string> {
    return Promise.resolve(this.hash.digest("hex"));
  }
}

/** Messages of the hashing worker (sha256-worker-loop.ts). "begin" starts a new file's hash. */
export type ToHasher = { t: "begin" } | { t: "update"; seq: number; data: Uint8Array } | { t: "digest"; seq: number };
export type FromHasher = { t: "hashed"; seq: number } | { t: "digest"; seq: number; hex: string };

/**
 * Hashing in a worker thread, for packs: taking a pack's SHA-256 (its name) on the main thread cost
 * as much as encrypting it. One worker serves the files written one after another (each starts
 * with "begin", so an aborted file leaves nothing behind). Chunks in shared memory are hashed in
 * place; others are copied over. The caller must not reuse a chunk's bytes before its `done` (the
 * pack writer recycles its output buffers only once both the disk and the hash are through).
 */
export class Sha256Service {
  private seq = 0;
  private readonly waiting = new Map<number, (hex?: string) => void>();
  private failure: Error | null = null;

  private started: Worker | null = null;

  constructor(
    private readonly start: () => Worker,
    /** Asked at each new file: false hashes it inline (when a worker would cost more than it saves). */
    private readonly worthIt: () => boolean = () => true,
  ) {}

  private get worker(): Worker {
    if (this.started) return this.started;
    const worker = this.start();
    this.started = worker;
    worker.on("message", (m: FromHasher) => {
      const w = this.waiting.get(m.seq);
      this.waiting.delete(m.seq);
      w?.(m.t === "digest" ? m.hex : undefined);
    });
    worker.on("error", (err) => this.fail(err));
    worker.on("exit", () => this.fail(new Error("The hashing worker stopped.")));
    return worker;
  }

  /** A hasher for the next file. Files must be hashed one after another, not interleaved. */
  newFile(): FileHasher {
    if (this.failure || (!this.started && !this.worthIt())) return new InlineSha256();
    this.worker.postMessage({ t: "begin" } satisfies ToHasher);
    return {
      update: (chunk, done) => this.update(chunk, done),
      digest: () => this.digest(),
    };
  }

  async close(): Promise<void> {
    await this.started?.terminate();
  }

  private update(chunk: Buffer, done: () => void): void {
    if (this.failure) throw this.failure;
    const seq = ++this.seq;
    this.waiting.set(seq, () => done());
    const shared = chunk.buffer instanceof SharedArrayBuffer;
    const data = shared ? chunk : Uint8Array.prototype.slice.call(chunk);
    this.worker.postMessage({ t: "update", seq, data } satisfies ToHasher, shared ? [] : [data.buffer as ArrayBuffer]);
  }

  private digest(): Promise<string> {
    if (this.failure) return Promise.reject(this.failure);
    const seq = ++this.seq;
    return new Promise((resolve, reject) => {
      this.waiting.set(seq, (hex) => (hex ? resolve(hex) : reject(this.failure ?? new Error("The hashing worker gave no digest."))));
      this.worker.postMessage({ t: "digest", seq } satisfies ToHasher);
    });
  }

  private fail(err: Error): void {
    this.failure ??= err;
    // Chunks waiting are released (the file then fails at its digest); digests reject.
    for (const w of this.waiting.values()) w();
    this.waiting.clear();
  }
}
