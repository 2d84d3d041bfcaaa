// Streaming age encryption in flat memory: typage builds the header (recipient stanzas, HMAC), the
// STREAM payload is sealed by a native AEAD backend, 64 KiB at a time.
//
// Usage: write `enc.header` first, then every Buffer returned by `update()`, then `final()`.
import type { Recipient, Stanza } from "age-encryption";
import { Encrypter } from "age-encryption";
import { selectAeadBackend } from "./aead-backend.js";
import type { AeadBackend } from "./aead-backend.js";
import {
  CHUNK_SIZE,
  FILE_KEY_SIZE,
  PAYLOAD_NONCE_SIZE,
  TAG_SIZE,
  derivePayloadKey,
  parseHeaderLength,
  streamSize,
  writeChunkNonce,
} from "./age-format.js";

/**
 * A pass-through recipient that only captures the file key typage generated; it adds no stanza.
 * Only ever used on a private Encrypter, for exactly one encrypt() call.
 */
class FileKeyCapture implements Recipient {
  fileKey: Uint8Array | null = null;
  wrapFileKey(fileKey: Uint8Array): Stanza[] {
    this.fileKey = Uint8Array.from(fileKey);
    return [];
  }
}

function checkRecipients(recipients: readonly string[]): void {
  if (recipients.length === 0) throw new TypeError("no recipient given");
  const pq = recipients.filter((r) => r.startsWith("age1pq1") || r.startsWith("age1tagpq1")).length;
  if (pq !== 0 && pq !== recipients.length) {
    // age.md: a file SHOULD NOT be encrypted to both post-quantum and classic recipients, since
    // the classic one would undo the post-quantum protection. Go age refuses it too.
    throw new TypeError("cannot mix post-quantum (age1pq1…) and classic recipients in one file");
  }
}

export class AgeStreamEncryptor {
  /** The full age header including the 16-byte payload nonce: write it first. */
  readonly header: Buffer;

  private readonly backend: AeadBackend;
  private readonly payloadKey: Buffer;
  private readonly nonce = Buffer.alloc(12);
  private readonly pending = Buffer.allocUnsafe(CHUNK_SIZE);
  private pendingLength = 0;
  private chunkIndex = 0;
  private finished = false;

  private constructor(header: Buffer, payloadKey: Buffer, backend: AeadBackend) {
    this.header = header;
    this.payloadKey = payloadKey;
    this.backend = backend;
  }

  /**
   * Recipients are "age1…" (X25519) or "age1pq1…" (hybrid post-quantum; needs age ≥ 1.3 to decrypt
   * with the CLI), not mixed.
   */
  static async create(recipients: readonly string[], backend: AeadBackend = selectAeadBackend()): Promise<AgeStreamEncryptor> {
    checkRecipients(recipients);
    const encrypter = new Encrypter();
    for (const r of recipients) {
      try {
        encrypter.addRecipient(r);
      } catch (e) {
        throw new TypeError(`invalid age recipient ${JSON.stringify(r.slice(0, 80))}`, { cause: e });
      }
    }
    const capture = new FileKeyCapture();
    encrypter.addRecipient(capture);

    // typage encrypts an empty payload: header || nonce || tag of an empty final chunk 0. We keep
    // header || nonce and drop the tag. That tag was computed under the same (key, chunk-0 nonce)
    // we may use for our own final chunk 0, so it must never leave this process: it is zeroed here
    // and never written anywhere.
    const empty = await encrypter.encrypt(new Uint8Array(0));
    const fileKey = capture.fileKey;
    try {
      if (!fileKey || fileKey.length !== FILE_KEY_SIZE) throw new Error("age header: failed to capture the file key");
      const headerLength = parseHeaderLength(empty);
      if (headerLength === null || headerLength + PAYLOAD_NONCE_SIZE + TAG_SIZE !== empty.length) {
        throw new Error("age header: unexpected layout of typage's output");
      }
      const header = Buffer.from(empty.subarray(0, headerLength + PAYLOAD_NONCE_SIZE));
      const nonce = empty.subarray(headerLength, headerLength + PAYLOAD_NONCE_SIZE);
      const payloadKey = derivePayloadKey(fileKey, nonce);
      return new AgeStreamEncryptor(header, payloadKey, backend);
    } finally {
      empty.fill(0);
      fileKey?.fill(0);
    }
  }

  /** Total size of the age file: `headerLength` is `header.length` (it includes the nonce). */
  static ciphertextSize(headerLength: number, plaintextSize: number): number {
    return headerLength + streamSize(plaintextSize);
  }

  /**
   * Feeds plaintext; returns the sealed 65,552-byte chunks that are now complete (possibly none).
   * The last full chunk is held back until more data arrives, because only then do we know it is
   * not the final one. `data` is not retained after the call returns.
   */
  update(data: Uint8Array): Buffer[] {
    const out: Buffer[] = [];
    this.updateTo(data, (n) => {
      const b = Buffer.allocUnsafe(n);
      out.push(b);
      return b;
    });
    return out;
  }

  /**
   * As update(), but each sealed chunk is written into the buffer `slot(n)` returns (exactly n
   * bytes, n = 65,552), so a caller can keep a few output buffers and reuse them.
   */
  updateTo(data: Uint8Array, slot: (n: number) => Uint8Array): void {
    if (this.finished) throw new Error("AgeStreamEncryptor: update() after final()");
    let off = 0;
    while (off < data.length) {
      if (this.pendingLength === CHUNK_SIZE) {
        this.sealTo(this.pending, false, slot);
        this.pendingLength = 0;
      }
      if (this.pendingLength === 0) {
        // Seal straight from the caller's bytes while more than one chunk remains.
        while (data.length - off > CHUNK_SIZE) {
          this.sealTo(data.subarray(off, off + CHUNK_SIZE), false, slot);
          off += CHUNK_SIZE;
        }
      }
      const n = Math.min(CHUNK_SIZE - this.pendingLength, data.length - off);
      this.pending.set(data.subarray(off, off + n), this.pendingLength);
      this.pendingLength += n;
      off += n;
    }
  }

  /** Seals and returns the final chunk (empty plaintext only if the whole payload was empty). */
  final(): Buffer {
    if (this.finished) throw new Error("AgeStreamEncryptor: final() called twice");
    this.finished = true;
    const last = this.seal(this.pending.subarray(0, this.pendingLength), true);
    this.pending.fill(0);
    this.payloadKey.fill(0);
    return last;
  }

  private seal(plaintext: Uint8Array, last: boolean): Buffer {
    writeChunkNonce(this.nonce, this.chunkIndex, last);
    const sealed = this.backend.seal(this.payloadKey, this.nonce, plaintext);
    this.chunkIndex++;
    return sealed;
  }

  private sealTo(plaintext: Uint8Array, last: boolean, slot: (n: number) => Uint8Array): void {
    writeChunkNonce(this.nonce, this.chunkIndex, last);
    this.backend.sealInto(this.payloadKey, this.nonce, plaintext, slot(plaintext.byteLength + TAG_SIZE));
    this.chunkIndex++;
  }
}
