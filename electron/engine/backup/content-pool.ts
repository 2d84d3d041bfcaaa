import { Worker } from "node:worker_threads";
import { Sha256Service } from "../archive/offloaded-sha256.js";
import { createRingMemory, RingReader } from "./blob-ring.js";
import { ContentDigest, type DigestConfig, type DigestedBlob, digestWhole } from "./content-digest.js";
import { ownedBytes, type FromWorker, type ToWorker } from "./content-protocol.js";
import { backupWorkerCount, workerScriptPath } from "../worker-script.js";
import { isLocalFile, type LocalFile, READ_PIECE, readLocalFile } from "./local-file-reader.js";

/** Bytes handed to the pool whose blobs are not stored yet: the bound on work queued to workers. */
const MAX_OUTSTANDING = 16 << 20;
/**
 * Items handed over and not yet stored. Also bounds how far reading runs ahead of storing, which
 * keeps checkpoints (taken between items, after everything handed over is stored) close to what
 * was read.
 */
const MAX_JOBS = 8;
/** The first worker's ring of shared memory for the blobs it cuts (at least; see spawn()). */
const MIN_RING = 16 << 20;
/**
 * The ring of every further worker. Blobs are stored in the order items were handed over, so a
 * worker that runs ahead of a long item waits once its ring is full: with 32 MiB instead of 16
 * the bench's full backup was 5% faster in each of three alternating pairs. The first worker keeps
 * the small ring: a backup of one big file starts only that one, and must stay under 200 MiB
 * (with 32 MiB it peaked at 201–211 MiB).
 */
const MORE_RING = 32 << 20;
/**
 * Digesting inline runs at most this far ahead of storing: nothing runs in parallel to wait for,
 * and every MiB ahead is memory (a streamed 2 GiB download must stay under 200 MiB in all).
 */
const INLINE_OUTSTANDING = 2 << 20;
/** Contents given whole up to this size are digested on the main thread: a round trip costs more. */
const INLINE_LIMIT = 64 << 10;

/**
 * A worker that takes packs' SHA-256 off the main thread (the engine's worker script in its
 * "sha256" mode), started with the first pack for which `worthIt` says so (a run that stores
 * nothing starts none), or null where the worker script cannot be found (then packs are hashed
 * inline).
 */
export function startHashService(worthIt?: () => boolean): Sha256Service | null {
  const script = workerScriptPath();
  if (!script || backupWorkerCount() === 0) return null;
  return new Sha256Service(() => new Worker(script, { workerData: { mode: "sha256" }, name: "lifeboat-pack-hash", resourceLimits: { maxYoungGenerationSizeMb: 4 } }), worthIt);
}

/** A blob for the caller to store; `release` says its bytes are no longer needed (call it once). */
export type PoolBlob = DigestedBlob & { release: () => void };

export interface StoreOptions {
  /** The pieces are the caller's to give away: they may be moved to a worker without a copy. */
  transfer?: boolean;
  /** Called for each piece as it is handed over (progress). */
  onPiece?: (bytes: number) => void;
  /** Checked before each piece; throwing stops reading the item. */
  check?: () => void;
}

export interface StoreJob {
  /** Resolves once the content has been read to its end and handed over; rejects if reading failed. */
  handedOff: Promise<void>;
  /** Resolves once every blob of the content is stored (put), with its size and SHA-256. */
  done: Promise<{ size: number; sha256: string }>;
}

/**
 * One stored item's place in line. Blobs are stored in the order items were handed over, whatever
 * order the workers finish them in, so the same data gives the same packs (and a checkpoint holds
 * the items before it): an item's steps wait until every earlier item is through.
 */
interface Turn {
  steps: Array<() => void>;
  finished: boolean;
  reject: (err: Error) => void;
}

interface Job {
  turn: Turn;
  worker: WorkerSlot;
  onBlob: (b: PoolBlob) => Promise<void>;
  resolve: (r: { size: number; sha256: string }) => void;
  reject: (err: Error) => void;
  /** Bytes counted as outstanding for this item, and released so far by its stored blobs. */
  charged: number;
  released: number;
}

/** Reading an item's own bytes failed (gone, no permission, I/O error): that item fails, not the run. */
export class ItemReadError extends Error {
  constructor(
    message: string,
    readonly code: string,
  ) {
    super(message);
    this.name = "ItemReadError";
  }
}

interface WorkerSlot {
  worker: Worker;
  ring: RingReader;
  outstanding: number;
  jobs: Set<number>;
}

/**
 * Spreads the digesting of item contents (SHA-256, chunking, keyed blob ids: content-digest.ts)
 * over worker threads, several items at a time, while the caller goes on reading. Every blob is
 * handed to `onBlob` on the main thread, one at a time in arrival order (blob writing is not
 * re-entrant), and each item's blobs in content order. With no workers (LIFEBOAT_CONTENT_WORKERS=0,
 * or a runtime where the worker script cannot start) the same digesting runs inline.
 */
export class ContentPool {
  private readonly jobs = new Map<number, Job>();
  private readonly slots: WorkerSlot[] = [];
  /** Items not yet through, in hand-over order; the first one's steps run, the others' wait. */
  private readonly turns: Turn[] = [];
  private nextJob = 1;
  private chain: Promise<void> = Promise.resolve();
  private failure: Error | null = null;
  private outstanding = 0;
  private waiters: Array<() => void> = [];

  private constructor(
    private readonly config: DigestConfig,
    /** The worker script, or null to digest inline. */
    private readonly script: string | null,
    private readonly maxWorkers: number,
    /** Asked to store what it holds back when a worker's ring is full (see blob-ring.ts). */
    private readonly onFull: () => Promise<void>,
  ) {}

  static start(config: DigestConfig, onFull: () => Promise<void>, workers = backupWorkerCount()): ContentPool {
    const script = workerScriptPath();
    return new ContentPool(config, workers > 0 && script ? script : null, workers, onFull);
  }

  /**
   * The worker for a new item: an idle one, else a new one while fewer than the maximum run, else
   * the least busy. Workers start on demand, so a backup of one big file costs one worker's memory.
   */
  private pickWorker(): WorkerSlot {
    const idle = this.slots.find((s) => s.jobs.size === 0);
    if (idle) return idle;
    if (this.slots.length < this.maxWorkers) return this.spawn();
    return this.slots.reduce((a, b) => (b.outstanding < a.outstanding ? b : a));
  }

  private spawn(): WorkerSlot {
    // Room for the largest blob twice (wrap-around can waste up to one) plus one read piece's
    // worth of blobs cut before they are sent (content-worker-loop.ts).
    const ring = this.slots.length === 0 ? MIN_RING : MORE_RING;
    const memory = createRingMemory(Math.max(ring, 2 * this.config.chunker.max + READ_PIECE, 2 * this.config.smallLimit + READ_PIECE));
    const worker = new Worker(this.script!, {
      workerData: { mode: "content", config: this.config, ring: memory },
      name: `lifeboat-content-${this.slots.length}`,
      // A small young generation: the worker allocates little that lives, and memory is budgeted.
      resourceLimits: { maxYoungGenerationSizeMb: 4 },
    });
    const slot: WorkerSlot = { worker, ring: new RingReader(memory), outstanding: 0, jobs: new Set() };
    worker.on("message", (m: FromWorker) => this.onMessage(slot, m));
    worker.on("error", (err) => this.fail(new Error(`A backup worker failed: ${err.message}`)));
    worker.on("exit", (code) => {
      if (slot.jobs.size > 0) this.fail(new Error(`A backup worker stopped unexpectedly (exit code ${code}).`));
    });
    this.slots.push(slot);
    return slot;
  }

  /** Workers started so far (they start on demand, up to the maximum). */
  get workers(): number {
    return this.slots.length;
  }

  /** Reads `content` to its end, handing it over to be digested; see StoreJob. */
  store(content: AsyncIterable<Buffer> | Buffer | LocalFile, onBlob: (b: PoolBlob) => Promise<void>, opts: StoreOptions = {}): StoreJob {
    let resolve!: (r: { size: number; sha256: string }) => void;
    let reject!: (err: Error) => void;
    const done = new Promise<{ size: number; sha256: string }>((res, rej) => {
      resolve = res;
      reject = rej;
    });
    done.catch(() => undefined); // the caller may give up on it after a failed read
    const turn: Turn = { steps: [], finished: false, reject };
    this.turns.push(turn);
    // Workers take local files, whole buffers too big to digest here, and streams whose buffers the
    // source gives away. Other streams (downloads) are digested here: copying every small network
    // piece over to a worker cost more memory (a 2 GiB OneDrive file peaked at 238 MiB) than it
    // saved time, and a download is no faster than this thread anyway.
    const toWorker = isLocalFile(content) || (Buffer.isBuffer(content) ? content.length > INLINE_LIMIT : opts.transfer === true);
    const handedOff = this.script === null || !toWorker
      ? this.inline(turn, isLocalFile(content) ? readLocalFile(content) : content, onBlob, opts, resolve, reject)
      : this.toWorker(turn, content, onBlob, opts, resolve, reject);
    return { handedOff, done };
  }

  /** Waits for every blob handed over so far to be stored. */
  async drain(): Promise<void> {
    await this.chain;
    if (this.failure) throw this.failure;
  }

  async close(): Promise<void> {
    await Promise.allSettled(this.slots.map((s) => s.worker.terminate()));
    this.slots.length = 0;
  }

  private async inline(
    turn: Turn,
    content: AsyncIterable<Buffer> | Iterable<Buffer> | Buffer,
    onBlob: (b: PoolBlob) => Promise<void>,
    opts: StoreOptions,
    resolve: (r: { size: number; sha256: string }) => void,
    reject: (err: Error) => void,
  ): Promise<void> {
    try {
      this.throwIfFailed();
      if (Buffer.isBuffer(content)) {
        opts.check?.();
        opts.onPiece?.(content.length);
        const r = digestWhole(this.config, content);
        await this.enqueue(turn, r.blobs, onBlob, reject);
        this.emit(turn, () => resolve({ size: r.size, sha256: r.sha256 }), reject);
        return;
      }
      const d = new ContentDigest(this.config);
      for await (const piece of content) {
        opts.check?.();
        opts.onPiece?.(piece.length);
        await this.enqueue(turn, d.push(piece), onBlob, reject);
      }
      const r = d.finish();
      await this.enqueue(turn, r.blobs, onBlob, reject);
      this.emit(turn, () => resolve({ size: r.size, sha256: r.sha256 }), reject);
    } catch (err) {
      reject(err as Error);
      throw err;
    } finally {
      this.finishTurn(turn);
    }
  }

  private async toWorker(
    turn: Turn,
    content: AsyncIterable<Buffer> | Buffer | LocalFile,
    onBlob: (b: PoolBlob) => Promise<void>,
    opts: StoreOptions,
    resolve: (r: { size: number; sha256: string }) => void,
    reject: (err: Error) => void,
  ): Promise<void> {
    try {
      this.throwIfFailed();
    } catch (err) {
      this.finishTurn(turn);
      throw err;
    }
    // The least busy worker takes the whole item: its blobs must come back in order.
    const slot = this.pickWorker();
    const id = this.nextJob++;
    const job: Job = { turn, worker: slot, onBlob, resolve, reject, charged: 0, released: 0 };
    const charge = (n: number): void => {
      job.charged += n;
      this.outstanding += n;
      slot.outstanding += n;
    };
    if (isLocalFile(content)) {
      try {
        opts.check?.();
        await this.room();
        this.throwIfFailed();
      } catch (err) {
        reject(err as Error);
        this.finishTurn(turn);
        throw err;
      }
      this.jobs.set(id, job);
      slot.jobs.add(id);
      charge(content.size);
      opts.onPiece?.(content.size);
      this.post(slot, { t: "file", job: id, path: content.localPath, size: content.size });
      return;
    }
    this.jobs.set(id, job);
    slot.jobs.add(id);
    const send = async (piece: Buffer): Promise<void> => {
      opts.check?.();
      await this.room();
      this.throwIfFailed();
      opts.onPiece?.(piece.length);
      if (piece.length === 0) return;
      const data = opts.transfer ? ownedBytes(piece) : Uint8Array.prototype.slice.call(piece);
      charge(data.byteLength);
      this.post(slot, { t: "piece", job: id, data }, [data.buffer as ArrayBuffer]);
    };
    try {
      if (Buffer.isBuffer(content)) await send(content);
      else for await (const piece of content) await send(piece);
    } catch (err) {
      // Blobs of pieces already sent may still arrive: they are dropped, and the item's bytes stop
      // counting as outstanding now.
      this.forget(id, job);
      this.post(slot, { t: "cancel", job: id });
      reject(err as Error);
      this.finishTurn(turn);
      throw err;
    }
    this.post(slot, { t: "end", job: id });
  }

  /** Drops an item: whatever it still counted as outstanding is released. */
  private forget(id: number, job: Job): void {
    if (!this.jobs.delete(id)) return;
    job.worker.jobs.delete(id);
    const rest = job.charged - job.released;
    this.outstanding -= rest;
    job.worker.outstanding -= rest;
    job.released = job.charged;
    this.wake();
  }

  private post(slot: WorkerSlot, msg: ToWorker, transfer: ArrayBuffer[] = []): void {
    slot.worker.postMessage(msg, transfer);
  }

  private onMessage(slot: WorkerSlot, m: FromWorker): void {
    if (m.t === "full") {
      this.then(() => this.onFull(), (err) => this.fail(err));
      return;
    }
    // Every slot is taken in the order the worker cut it, even for a dropped item, so the ring
    // releases in order.
    const taken = m.t === "blob" ? slot.ring.take(m.slot) : null;
    const job = this.jobs.get(m.job);
    if (!job) {
      taken?.release();
      return; // cancelled
    }
    if (m.t === "blob") {
      const { buf: data, release } = taken!;
      this.emit(job.turn, () => job.onBlob({ id: m.id, data, incompressible: m.incompressible, release }), job.reject, () => {
        if (!this.jobs.has(m.job)) return;
        job.released += data.length;
        this.outstanding -= data.length;
        slot.outstanding -= data.length;
        this.wake();
      });
    } else if (m.t === "done") {
      this.emit(job.turn, () => {
        this.forget(m.job, job);
        job.resolve({ size: m.size, sha256: m.sha256 });
      }, job.reject);
      this.finishTurn(job.turn);
    } else if (m.code) {
      // After the blobs it did send: they are stored, unreferenced, and cost nothing later.
      this.emit(job.turn, () => {
        this.forget(m.job, job);
        job.reject(new ItemReadError(m.message, m.code!));
      }, job.reject);
      this.finishTurn(job.turn);
    } else {
      this.forget(m.job, job);
      this.fail(new Error(`A backup worker could not process an item: ${m.message}`));
    }
  }

  /** Appends blobs (digested inline) to the chain, counting them as outstanding until stored. */
  private async enqueue(turn: Turn, blobs: DigestedBlob[], onBlob: (b: PoolBlob) => Promise<void>, reject: (err: Error) => void): Promise<void> {
    for (const b of blobs) {
      this.outstanding += b.data.length;
      this.emit(turn, () => onBlob({ ...b, release: () => undefined }), reject, () => {
        this.outstanding -= b.data.length;
        this.wake();
      });
    }
    await this.room(INLINE_OUTSTANDING);
    this.throwIfFailed();
  }

  /** Runs `step` in its item's turn (see Turn). */
  private emit(turn: Turn, step: () => unknown, reject: (err: Error) => void, always?: () => void): void {
    const run = (): void => this.then(step, reject, always);
    if (this.turns[0] === turn) run();
    else turn.steps.push(run);
  }

  /** The item has emitted its last step: once it is first in line, the next item's steps run. */
  private finishTurn(turn: Turn): void {
    turn.finished = true;
    while (this.turns.length > 0 && this.turns[0]!.finished) {
      this.turns.shift();
      const next = this.turns[0];
      if (next) for (const run of next.steps.splice(0)) run();
    }
  }

  /** Runs `step` after everything queued before it; a failure fails the pool (and the run). */
  private then(step: () => unknown, reject: (err: Error) => void, always?: () => void): void {
    this.chain = this.chain.then(async () => {
      try {
        if (this.failure) throw this.failure;
        await step();
      } catch (err) {
        const e = err as Error;
        reject(e);
        this.fail(e);
      } finally {
        always?.();
      }
    });
  }

  /** Waits while too many bytes are in flight (several items may be read at once). */
  private async room(limit = MAX_OUTSTANDING): Promise<void> {
    while ((this.outstanding > limit || this.jobs.size >= MAX_JOBS) && !this.failure) await new Promise<void>((r) => this.waiters.push(r));
  }

  private wake(): void {
    const w = this.waiters;
    this.waiters = [];
    for (const r of w) r();
  }

  private fail(err: Error): void {
    if (!this.failure) this.failure = err;
    // Items waiting for their turn never get it: they fail with the pool.
    for (const t of this.turns.splice(0)) t.reject(this.failure);
    for (const [id, job] of this.jobs) {
      job.reject(this.failure);
      this.jobs.delete(id);
    }
    this.wake();
  }

  private throwIfFailed(): void {
    if (this.failure) throw this.failure;
  }
}
