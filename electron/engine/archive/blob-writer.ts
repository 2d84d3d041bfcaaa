import type { ArchiveSecrets } from "./archive-keys.js";
import type { ArchiveLayout } from "./archive-layout.js";
import { blobId } from "./blob-id.js";
import { type BlobIndex, type PackRecord, writeIndexFile } from "./blob-index.js";
import { maybeCompress } from "./compression.js";
import type { FileHasher } from "./offloaded-sha256.js";
import { PackWriter } from "./pack-writer.js";

export type BlobKind = "data" | "meta";

// How much compression may run ahead of the pack writer: enough to keep the thread pool busy,
// little enough to keep memory flat.
const QUEUE_ITEMS = 64;
const QUEUE_BYTES = 8 << 20;

/**
 * The write side of the blob store: dedup by keyed id, compress where it pays, append to the open
 * pack (data and catalog blobs go to separate packs, so listing a snapshot reads only small packs),
 * and write index files for sealed packs on request.
 */
export class BlobWriter {
  private readonly writers: Record<BlobKind, PackWriter>;
  private readonly pending = new Set<string>(); // in an unsealed pack
  private sealedSinceIndex: PackRecord[] = [];
  private queue: Array<{ id: string; kind: BlobKind; rawLength: number; job: Promise<{ stored: Buffer; gz: boolean }>; release?: (() => void) | undefined }> = [];
  private queuedBytes = 0;
  readonly stats = { newBlobs: 0, newBytesStored: 0, newBytesRaw: 0, packs: 0, indexes: 0 };

  constructor(
    private readonly layout: ArchiveLayout,
    private readonly secrets: ArchiveSecrets,
    private readonly index: BlobIndex,
    packTarget: number,
    /** Takes data packs' SHA-256 elsewhere (a backup's hashing worker); by default in this thread. */
    packHasher?: () => FileHasher,
  ) {
    const onSealed = (p: PackRecord): void => {
      this.index.addPack(p);
      for (const [id] of p.blobs) this.pending.delete(id);
      this.sealedSinceIndex.push(p);
      this.stats.packs++;
    };
    this.writers = {
      data: new PackWriter(layout, secrets.recipient, packTarget, onSealed, packHasher),
      // Catalog packs stay small so a listing decrypts little.
      meta: new PackWriter(layout, secrets.recipient, Math.min(packTarget, 8 << 20), onSealed),
    };
  }

  idOf(data: Uint8Array): string {
    return blobId(this.secrets.idKey, data);
  }

  has(id: string): boolean {
    return this.index.has(id) || this.pending.has(id);
  }

  /**
   * Stores `data` unless an identical blob exists; returns its id. Compression of the last few
   * blobs runs in the background (thread pool) while the caller goes on; blobs still enter the
   * pack in the order they were put. `id` may be given when the caller computed it already (the
   * content workers do), and `incompressible` when the caller already knows gzip will not pay.
   * `release` is called once `data` is no longer needed (it may live in a reused buffer).
   */
  async put(data: Buffer, kind: BlobKind = "data", id = this.idOf(data), incompressible?: boolean, release?: () => void): Promise<string> {
    if (this.has(id)) {
      release?.();
      return id;
    }
    this.pending.add(id);
    this.queue.push({ id, kind, rawLength: data.length, job: maybeCompress(data, incompressible), release });
    this.queuedBytes += data.length;
    while (this.queue.length > QUEUE_ITEMS || this.queuedBytes > QUEUE_BYTES) await this.drainOne();
    return id;
  }

  private async drainOne(): Promise<void> {
    const q = this.queue.shift();
    if (!q) return;
    this.queuedBytes -= q.rawLength;
    let stored: Buffer;
    let gz: boolean;
    try {
      ({ stored, gz } = await q.job);
      await this.writers[q.kind].add(q.id, stored, q.rawLength, gz);
    } finally {
      q.release?.();
    }
    this.stats.newBlobs++;
    this.stats.newBytesStored += stored.length;
    this.stats.newBytesRaw += q.rawLength;
  }

  /** Stores an already-encoded blob as it is (prune's repacking copies without recompressing). */
  async putStored(id: string, stored: Buffer, rawLength: number, gz: boolean, kind: BlobKind): Promise<void> {
    if (this.pending.has(id)) return;
    this.pending.add(id);
    await this.writers[kind].add(id, stored, rawLength, gz);
  }

  /** Stores every blob still waiting for compression (so their buffers are released). */
  async flushQueue(): Promise<void> {
    while (this.queue.length > 0) await this.drainOne();
  }

  async sealPacks(): Promise<void> {
    await this.flushQueue();
    await this.writers.data.seal();
    await this.writers.meta.seal();
  }

  /** Seals open packs and writes one index file for every pack sealed since the last call. */
  async writeIndex(supersedes: string[] = []): Promise<string | null> {
    await this.sealPacks();
    if (this.sealedSinceIndex.length === 0 && supersedes.length === 0) return null;
    const packs = this.sealedSinceIndex;
    const id = await writeIndexFile(this.layout, this.secrets.recipient, packs, supersedes);
    this.sealedSinceIndex = [];
    this.index.files.push(id);
    this.stats.indexes++;
    return id;
  }

  async abort(): Promise<void> {
    const queued = this.queue;
    this.queue = [];
    this.queuedBytes = 0;
    await Promise.allSettled(queued.map((q) => q.job));
    for (const q of queued) q.release?.();
    await this.writers.data.abort();
    await this.writers.meta.abort();
  }
}
