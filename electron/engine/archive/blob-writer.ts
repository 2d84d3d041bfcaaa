import type { ArchiveSecrets } from "./archive-keys.js";
import type { ArchiveLayout } from "./archive-layout.js";
import { blobId } from "./blob-id.js";
import { type BlobIndex, type PackRecord, writeIndexFile } from "./blob-index.js";
import { BUNDLE_BLOB_LIMIT, BUNDLE_TARGET, type Bundle, BundleBuilder, bundleEntries } from "./bundle-format.js";
import { looksIncompressible, maybeCompress } from "./compression.js";
import type { FileHasher } from "./offloaded-sha256.js";
import { PackWriter } from "./pack-writer.js";

export type BlobKind = "data" | "meta";

// How much compression may run ahead of the pack writer: enough to keep the thread pool busy,
// little enough to keep memory flat.
const QUEUE_ITEMS = 64;
const QUEUE_BYTES = 8 << 20;
// A few closed bundles compress while the next one fills; more would only hold back the packs
// (and the checkpoints that follow them).
const QUEUE_BUNDLES = 3;

/** A blob, or a closed bundle of small ones, on its way to a pack. */
interface Queued {
  kind: BlobKind;
  /** Bytes it holds in memory until written. */
  rawLength: number;
  job: Promise<{ stored: Buffer; gz: boolean }>;
  id?: string;
  bundle?: Bundle;
  /** Called once the blob's bytes are no longer needed (they may live in a reused buffer). */
  release?: (() => void) | undefined;
}

/**
 * The write side of the blob store: dedup by keyed id, compress where it pays, append to the open
 * pack (data and catalog blobs go to separate packs, so listing a snapshot reads only small packs),
 * and write index files for sealed packs on request. Small data blobs are collected into bundles
 * (bundle-format.ts), each stored and compressed as one pack member.
 */
export class BlobWriter {
  private readonly writers: Record<BlobKind, PackWriter>;
  private readonly pending = new Set<string>(); // in an unsealed pack or the open bundle
  private sealedSinceIndex: PackRecord[] = [];
  private queue: Queued[] = [];
  /** A bundle is never larger than a pack (only tests use packs below 1 MiB). */
  private readonly bundleTarget: number;
  /**
   * The open bundles: one for blobs worth compressing, one for those that are not (the small tail
   * chunks of photos and videos), so no gzip time is spent on the latter.
   */
  private readonly bundles: Record<"gz" | "raw", BundleBuilder>;
  private queuedBytes = 0;
  private queuedBundles = 0;
  readonly stats = { newBlobs: 0, newBytesStored: 0, newBytesRaw: 0, packs: 0, indexes: 0 };

  constructor(
    private readonly layout: ArchiveLayout,
    private readonly secrets: ArchiveSecrets,
    private readonly index: BlobIndex,
    packTarget: number,
    /** Takes data packs' SHA-256 elsewhere (a backup's hashing worker); by default in this thread. */
    packHasher?: () => FileHasher,
  ) {
    this.bundleTarget = Math.min(BUNDLE_TARGET, packTarget);
    this.bundles = { gz: new BundleBuilder(this.bundleTarget), raw: new BundleBuilder(this.bundleTarget) };
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
   * pack in the order they were put, except that small data blobs enter with their bundle when it
   * closes (they are copied into it). `id` may be given when the caller computed it already (the
   * content workers do), and `incompressible` when the caller already knows gzip will not pay.
   * `release` is called once `data` is no longer needed (it may live in a reused buffer).
   */
  async put(data: Buffer, kind: BlobKind = "data", id = this.idOf(data), incompressible?: boolean, release?: () => void): Promise<string> {
    if (this.has(id)) {
      release?.();
      return id;
    }
    this.pending.add(id);
    // Catalog blobs stay members of their own: `catalogAt` hints and listing read them directly.
    if (kind === "data" && data.length < BUNDLE_BLOB_LIMIT) {
      const which = (incompressible ?? looksIncompressible(data)) ? "raw" : "gz";
      this.bundles[which].add(id, data);
      release?.(); // copied into the bundle
      if (this.bundles[which].size >= this.bundleTarget) this.closeBundle(which);
    } else {
      this.enqueue({ id, kind, rawLength: data.length, job: maybeCompress(data, incompressible), release });
    }
    while (this.queue.length > QUEUE_ITEMS || this.queuedBytes > QUEUE_BYTES || this.queuedBundles > QUEUE_BUNDLES) await this.drainOne();
    return id;
  }

  private enqueue(q: Queued): void {
    this.queue.push(q);
    this.queuedBytes += q.rawLength;
    if (q.bundle) this.queuedBundles++;
  }

  /** Queues an open bundle: compressed as a whole where that pays, or stored as it is. */
  private closeBundle(which: "gz" | "raw"): void {
    if (this.bundles[which].count === 0) return;
    const bundle = this.bundles[which].finish();
    this.bundles[which] = new BundleBuilder(this.bundleTarget);
    const job = which === "gz" ? maybeCompress(bundle.tar) : Promise.resolve({ stored: bundle.tar, gz: false });
    this.enqueue({ kind: "data", rawLength: bundle.tar.length, job, bundle });
  }

  private async drainOne(): Promise<void> {
    const q = this.queue.shift();
    if (!q) return;
    this.queuedBytes -= q.rawLength;
    if (q.bundle) this.queuedBundles--;
    let stored: Buffer;
    let gz: boolean;
    try {
      ({ stored, gz } = await q.job);
      const b = q.bundle;
      if (b) {
        const bytes = stored;
        const zipped = gz;
        await this.writers.data.addMember(gz ? `${b.name}.gz` : b.name, stored, (offset) => bundleEntries(b, offset, bytes.length, zipped));
        this.stats.newBlobs += b.blobs.length;
        this.stats.newBytesRaw += b.rawBytes;
      } else {
        await this.writers[q.kind].add(q.id!, stored, q.rawLength, gz);
        this.stats.newBlobs++;
        this.stats.newBytesRaw += q.rawLength;
      }
    } finally {
      q.release?.();
    }
    this.stats.newBytesStored += stored.length;
  }

  /** Stores an already-encoded blob as it is (prune's repacking copies without recompressing). */
  async putStored(id: string, stored: Buffer, rawLength: number, gz: boolean, kind: BlobKind): Promise<void> {
    if (this.pending.has(id)) return;
    this.pending.add(id);
    await this.writers[kind].add(id, stored, rawLength, gz);
  }

  /**
   * Stores every blob still waiting for compression, so their buffers are released (blobs in open
   * bundles are copies already).
   */
  async flushQueue(): Promise<void> {
    while (this.queue.length > 0) await this.drainOne();
  }

  async sealPacks(): Promise<void> {
    this.closeBundle("gz");
    this.closeBundle("raw");
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
    this.queuedBundles = 0;
    this.bundles.gz = new BundleBuilder(this.bundleTarget);
    this.bundles.raw = new BundleBuilder(this.bundleTarget);
    this.queuedBytes = 0;
    await Promise.allSettled(queued.map((q) => q.job));
    for (const q of queued) q.release?.();
    await this.writers.data.abort();
    await this.writers.meta.abort();
  }
}
