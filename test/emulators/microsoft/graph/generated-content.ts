// A OneDrive file whose bytes are produced while they are sent instead of held in memory, so a test
// can put a 10 GiB file on the drive. The bytes are the AES-256-CTR keystream of a key and nonce
// derived from a seed: deterministic on every machine, incompressible like a video, GB/s to
// produce, and seekable (the keystream at byte n starts from counter block n / 16), which is what
// Range requests need.
import { createCipheriv, createHash, type Cipher } from "node:crypto";
import { Readable } from "node:stream";
import { QuickXorHash } from "./quick-xor-hash.js";

const BLOCK = 16;
const PIECE = 1024 * 1024;
/** Fed to the cipher; its output is the keystream. Never written to. */
const ZEROS = Buffer.alloc(PIECE);
/** Hashing yields to the event loop after this many bytes, so a running emulator keeps answering. */
const YIELD_EVERY = 64 * 1024 * 1024;

export interface GeneratedHashes {
  quickXorHash: string;
  sha1Hash: string;
  sha256Hash: string;
}

export class GeneratedContent {
  private readonly key: Buffer;
  /** The counter block's first 8 bytes; the last 8 are the block number (no carry below 2^68 bytes). */
  private readonly nonce: Buffer;

  constructor(
    readonly seed: string,
    readonly size: number,
  ) {
    if (!Number.isSafeInteger(size) || size < 0) throw new Error(`a generated file needs a whole, non-negative size, not ${size}`);
    this.key = createHash("sha256").update(`lifeboat-generated-file-key\u0000${seed}`).digest();
    this.nonce = createHash("sha256").update(`lifeboat-generated-file-nonce\u0000${seed}`).digest().subarray(0, 8);
  }

  /** A keystream positioned at byte `offset`. */
  private cipherAt(offset: number): Cipher {
    const iv = Buffer.alloc(BLOCK);
    this.nonce.copy(iv, 0);
    iv.writeBigUInt64BE(BigInt(Math.floor(offset / BLOCK)), 8);
    const cipher = createCipheriv("aes-256-ctr", this.key, iv);
    const into = offset % BLOCK;
    if (into > 0) cipher.update(ZEROS.subarray(0, into));
    return cipher;
  }

  /** Bytes [start, end) in fresh buffers of at most `piece` bytes (memory stays at one piece). */
  *pieces(start = 0, end = this.size, piece = PIECE): Generator<Buffer> {
    const stop = Math.min(end, this.size);
    if (start >= stop) return;
    const cipher = this.cipherAt(start);
    const step = Math.min(piece, PIECE);
    for (let at = start; at < stop; ) {
      const n = Math.min(step, stop - at);
      yield cipher.update(ZEROS.subarray(0, n));
      at += n;
    }
  }

  /** Bytes [start, end) in one buffer: for small ranges (tests). */
  bytes(start: number, end: number): Buffer {
    return Buffer.concat([...this.pieces(start, end)]);
  }

  /** Bytes [start, end) as a stream that produces each piece when the reader wants it. */
  stream(start = 0, end = this.size): Readable {
    return Readable.from(this.pieces(start, end), { objectMode: false });
  }

  /** The drive's hashes of the whole file, in one streaming pass. */
  async hashes(): Promise<GeneratedHashes> {
    const qx = new QuickXorHash();
    const sha1 = createHash("sha1");
    const sha256 = createHash("sha256");
    let sinceYield = 0;
    for (const piece of this.pieces()) {
      qx.update(piece);
      sha1.update(piece);
      sha256.update(piece);
      sinceYield += piece.length;
      if (sinceYield >= YIELD_EVERY) {
        sinceYield = 0;
        await new Promise((resolve) => setImmediate(resolve));
      }
    }
    return {
      quickXorHash: qx.digest().toString("base64"),
      sha1Hash: sha1.digest("hex").toUpperCase(),
      sha256Hash: sha256.digest("hex").toUpperCase(),
    };
  }
}
