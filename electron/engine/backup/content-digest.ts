import { createHash, type Hash } from "node:crypto";
import { blobId } from "../archive/blob-id.js";
import { Chunker, type ChunkerParams } from "../archive/chunker.js";
import { looksIncompressible } from "../archive/compression.js";

/** What a digester needs from the archive: the keyed secrets and how to cut content into blobs. */
export interface DigestConfig {
  idKey: Uint8Array;
  gearSeed: Uint8Array;
  chunker: ChunkerParams;
  /** Content up to this size is one blob; bigger content goes through the chunker. */
  smallLimit: number;
}

/** One blob of an item's content, in order: its keyed id, its bytes, and whether gzip may pay. */
export interface DigestedBlob {
  id: string;
  data: Buffer;
  incompressible: boolean;
}

const fresh = (n: number): Buffer => Buffer.allocUnsafe(n);

/**
 * The CPU-heavy part of storing an item, for one item at a time: the SHA-256 of the whole content,
 * content-defined chunking once it outgrows `smallLimit`, and each blob's keyed id. It runs in the
 * content workers (content-worker-loop.ts), and in the main thread when workers cannot be used, so both
 * paths cut and name blobs identically. Blob bytes go into buffers from `alloc` (a shared ring in
 * the workers); pieces pushed are copied where they must be kept, so callers may reuse them.
 */
export class ContentDigest {
  private readonly sha: Hash = createHash("sha256");
  private readonly idKey: Buffer;
  /** The content so far while it is small enough to be one blob (a reused, growing buffer). */
  private head: Buffer = Buffer.alloc(0);
  private headLen = 0;
  private chunker: Chunker | null = null;
  private size = 0;

  constructor(
    private readonly config: DigestConfig,
    private readonly alloc: (n: number) => Buffer = fresh,
    /** The expected size, when known: content that will be chunked anyway skips the head copy. */
    expected?: number,
  ) {
    this.idKey = Buffer.from(config.idKey.buffer, config.idKey.byteOffset, config.idKey.byteLength);
    if (expected !== undefined && expected > config.smallLimit) this.chunker = new Chunker(config.gearSeed, config.chunker, alloc);
  }

  /** Feeds the next piece; returns the blobs completed by it. The piece is not kept after return. */
  push(piece: Buffer): DigestedBlob[] {
    this.sha.update(piece);
    this.size += piece.length;
    if (this.chunker) return this.chunker.push(piece).map((c) => this.blob(c));
    const need = this.headLen + piece.length;
    if (need <= this.config.smallLimit) {
      if (need > this.head.length) {
        const grown = Buffer.allocUnsafe(Math.min(this.config.smallLimit, Math.max(need, this.head.length * 2, 64 * 1024)));
        this.head.copy(grown, 0, 0, this.headLen);
        this.head = grown;
      }
      piece.copy(this.head, this.headLen);
      this.headLen = need;
      return [];
    }
    // Outgrew one blob: the head so far, then this piece, go through the chunker.
    this.chunker = new Chunker(this.config.gearSeed, this.config.chunker, this.alloc);
    const out = this.headLen > 0 ? this.chunker.push(this.head.subarray(0, this.headLen)) : [];
    this.head = Buffer.alloc(0);
    this.headLen = 0;
    return [...out, ...this.chunker.push(piece)].map((c) => this.blob(c));
  }

  /** Ends the content: the last blobs, the size and the SHA-256 of everything pushed. */
  finish(): { blobs: DigestedBlob[]; size: number; sha256: string } {
    const blobs: DigestedBlob[] = [];
    if (this.chunker) {
      const tail = this.chunker.flush();
      if (tail) blobs.push(this.blob(tail));
    } else if (this.headLen > 0) {
      const whole = this.alloc(this.headLen);
      this.head.copy(whole, 0, 0, this.headLen);
      blobs.push(this.blob(whole));
    }
    this.head = Buffer.alloc(0);
    return { blobs, size: this.size, sha256: this.sha.digest("hex") };
  }

  private blob(data: Buffer): DigestedBlob {
    return { id: blobId(this.idKey, data), data, incompressible: looksIncompressible(data) };
  }
}

/** A whole item in one call, for small contents where a round trip to a worker costs more than the work. */
export function digestWhole(config: DigestConfig, data: Buffer): { blobs: DigestedBlob[]; size: number; sha256: string } {
  if (data.length > config.smallLimit) {
    const d = new ContentDigest(config, fresh, data.length);
    const blobs = d.push(data);
    const end = d.finish();
    return { ...end, blobs: [...blobs, ...end.blobs] };
  }
  // Small and given whole: the caller's buffer is the blob, no copy.
  const sha256 = createHash("sha256").update(data).digest("hex");
  const idKey = Buffer.from(config.idKey.buffer, config.idKey.byteOffset, config.idKey.byteLength);
  const blobs = data.length ? [{ id: blobId(idKey, data), data, incompressible: looksIncompressible(data) }] : [];
  return { blobs, size: data.length, sha256 };
}
