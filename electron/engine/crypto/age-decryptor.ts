// age decryption with a native AEAD for the STREAM payload: typage unwraps the file key from the
// header (and checks the header MAC); we derive the payload key and open chunks ourselves. Three
// shapes: a streaming generator over a file (flat memory), a random-access reader (seek by chunk,
// spec §Payload), and an in-memory fast path for small files.
import { open } from "node:fs/promises";
import type { FileHandle } from "node:fs/promises";
import { AeadAuthError, openInto, selectAeadBackend } from "./aead-backend.js";
import type { AeadBackend } from "./aead-backend.js";
import { AgeError, ageErrors, isAgeError } from "./age-errors.js";
import {
  CHUNK_SIZE,
  ENC_CHUNK_SIZE,
  MAX_HEADER_SIZE,
  PAYLOAD_NONCE_SIZE,
  TAG_SIZE,
  derivePayloadKey,
  parseHeaderLength,
  writeChunkNonce,
} from "./age-format.js";
import { unwrapFileKey } from "./age-header.js";
import type { AgeKeys } from "./age-header.js";

export { parseHeaderLength } from "./age-format.js";
export type { AgeKeys, AgePassphrases } from "./age-header.js";

/** Ciphertext read size for streaming: 16 chunks (~1 MiB), plus one byte to peek past a chunk. */
const READ_BUFFER_SIZE = 16 * ENC_CHUNK_SIZE + 1;

const nonceMissing = () => ageErrors.header("the file ends before the payload nonce (truncated)");
const headerIncomplete = () => ageErrors.header("the file ends inside its header (truncated, or not an age file)");

/** Opens the chunks of one file's payload, given its header and payload nonce. */
export class AgeStreamDecryptor {
  private readonly nonce = Buffer.alloc(12);

  private constructor(
    private readonly payloadKey: Buffer,
    private readonly backend: AeadBackend,
  ) {}

  /**
   * `headerBytes` is the header through its "--- <mac>\n" line; `nonce` the 16 bytes after it.
   * Throws AgeError "no-match" / "hmac" / "header".
   */
  static async open(
    headerBytes: Uint8Array,
    nonce: Uint8Array,
    identities: AgeKeys,
    backend: AeadBackend = selectAeadBackend(),
  ): Promise<AgeStreamDecryptor> {
    if (parseHeaderLength(headerBytes) !== headerBytes.length) {
      throw ageErrors.header("the header does not end with its MAC line where expected");
    }
    const fileKey = await unwrapFileKey(headerBytes, identities);
    try {
      if (nonce.length !== PAYLOAD_NONCE_SIZE) throw nonceMissing();
      return new AgeStreamDecryptor(derivePayloadKey(fileKey, nonce), backend);
    } finally {
      fileKey.fill(0);
    }
  }

  /**
   * Opens chunk `index` (sealed = ciphertext || tag). `last` says whether it is the final chunk.
   * Throws AgeError("payload") when it does not authenticate (with that flag), when a non-final
   * chunk is not full-size, or when a final chunk other than chunk 0 is empty.
   */
  openChunk(index: number, sealed: Uint8Array, last: boolean): Buffer {
    if (sealed.length > ENC_CHUNK_SIZE) throw new RangeError(`chunk ${index}: ${sealed.length} bytes is longer than a chunk`);
    if (!last && sealed.length !== ENC_CHUNK_SIZE) {
      throw new AgeError("payload", `the file is damaged or truncated: chunk ${index} is short but not the final chunk`);
    }
    writeChunkNonce(this.nonce, index, last);
    let plaintext: Buffer;
    try {
      plaintext = this.backend.open(this.payloadKey, this.nonce, sealed);
    } catch (e) {
      if (e instanceof AeadAuthError) throw last ? ageErrors.finalChunkAuth(index, e) : ageErrors.chunkAuth(index, e);
      throw e;
    }
    if (last && index > 0 && plaintext.length === 0) throw ageErrors.finalChunkEmpty(index);
    return plaintext;
  }

  /**
   * openChunk, but the plaintext goes into the start of `out` (at least sealed.length - 16 bytes)
   * instead of a new Buffer; returns its length. Same checks and errors as openChunk.
   */
  openChunkInto(index: number, sealed: Uint8Array, last: boolean, out: Uint8Array): number {
    if (sealed.length > ENC_CHUNK_SIZE) throw new RangeError(`chunk ${index}: ${sealed.length} bytes is longer than a chunk`);
    if (!last && sealed.length !== ENC_CHUNK_SIZE) {
      throw new AgeError("payload", `the file is damaged or truncated: chunk ${index} is short but not the final chunk`);
    }
    writeChunkNonce(this.nonce, index, last);
    let length: number;
    try {
      length = openInto(this.backend, this.payloadKey, this.nonce, sealed, out);
    } catch (e) {
      if (e instanceof AeadAuthError) throw last ? ageErrors.finalChunkAuth(index, e) : ageErrors.chunkAuth(index, e);
      throw e;
    }
    if (last && index > 0 && length === 0) throw ageErrors.finalChunkEmpty(index);
    return length;
  }

  /** Wipes the payload key; the decryptor is unusable afterwards. */
  dispose(): void {
    this.payloadKey.fill(0);
  }
}

/**
 * One step of streaming decryption (age.md §Payload, as the Go reference reads it): a short chunk
 * must be the final one; a full-size chunk is normally not final, but may be (payload of an exact
 * multiple of 64 KiB), so when it fails one way we try the other. `moreFollows` says whether the
 * file has bytes after this chunk (then we try "not final" first).
 */
function openStreamChunk(
  dec: AgeStreamDecryptor,
  index: number,
  sealed: Uint8Array,
  moreFollows: boolean,
): { plaintext: Buffer; last: boolean } {
  if (sealed.length < ENC_CHUNK_SIZE) return { plaintext: dec.openChunk(index, sealed, true), last: true };
  const firstTry = !moreFollows;
  try {
    return { plaintext: dec.openChunk(index, sealed, firstTry), last: firstTry };
  } catch (e) {
    if (!isAgeError(e, "payload")) throw e;
  }
  try {
    return { plaintext: dec.openChunk(index, sealed, !firstTry), last: !firstTry };
  } catch (e) {
    if (!isAgeError(e, "payload")) throw e;
    throw moreFollows ? ageErrors.chunkAuth(index, e) : ageErrors.finalChunkAuth(index, e);
  }
}

/** In-memory STREAM walk: yields plaintext chunks; throws like the file version. */
function* walkPayload(dec: AgeStreamDecryptor, payload: Uint8Array): Generator<Buffer> {
  let off = 0;
  for (let index = 0; ; index++) {
    const remaining = payload.length - off;
    if (remaining === 0) throw ageErrors.truncated(index === 0 ? "it has no payload chunks" : undefined);
    const len = Math.min(remaining, ENC_CHUNK_SIZE);
    const moreFollows = remaining > ENC_CHUNK_SIZE;
    const { plaintext, last } = openStreamChunk(dec, index, payload.subarray(off, off + len), moreFollows);
    off += len;
    if (plaintext.length > 0) yield plaintext;
    if (last) {
      if (moreFollows) throw ageErrors.trailingData();
      return;
    }
  }
}

/** Decrypts a whole age file held in memory (for small files). */
export async function decryptBytes(
  identities: AgeKeys,
  data: Uint8Array,
  backend: AeadBackend = selectAeadBackend(),
): Promise<Buffer> {
  const headerLength = parseHeaderLength(data);
  if (headerLength === null) throw headerIncomplete();
  const payloadStart = headerLength + PAYLOAD_NONCE_SIZE;
  const dec = await AgeStreamDecryptor.open(
    data.subarray(0, headerLength),
    data.subarray(headerLength, Math.min(payloadStart, data.length)),
    identities,
    backend,
  );
  try {
    const parts = [...walkPayload(dec, data.subarray(payloadStart))];
    if (parts.length === 1) return parts[0] as Buffer;
    return Buffer.concat(parts);
  } finally {
    dec.dispose();
  }
}

/** A read buffer over a FileHandle that reads ~1 MiB at a time and can peek ahead. */
class FileWindow {
  private readonly buf = Buffer.allocUnsafe(READ_BUFFER_SIZE);
  private start = 0;
  private end = 0;
  private position = 0;
  private eof = false;

  constructor(private readonly fh: FileHandle) {}

  get available(): number {
    return this.end - this.start;
  }

  /** The buffered, unconsumed bytes (a view, valid until the next fill). */
  view(length = this.available): Buffer {
    return this.buf.subarray(this.start, this.start + length);
  }

  skip(n: number): void {
    this.start += n;
  }

  /** Reads until at least `min` bytes are buffered or the file ends. */
  async fill(min: number): Promise<void> {
    while (this.available < min && !this.eof) await this.readMore();
  }

  /** Reads some more bytes; false at end of file. */
  async more(): Promise<boolean> {
    const before = this.available;
    while (this.available === before && !this.eof) await this.readMore();
    return this.available > before;
  }

  private async readMore(): Promise<void> {
    if (this.start > 0 && this.buf.length - this.end < ENC_CHUNK_SIZE + 1) {
      this.buf.copyWithin(0, this.start, this.end);
      this.end -= this.start;
      this.start = 0;
    }
    if (this.end === this.buf.length) throw new Error("FileWindow: buffer full");
    const { bytesRead } = await this.fh.read(this.buf, this.end, this.buf.length - this.end, this.position);
    if (bytesRead === 0) this.eof = true;
    this.position += bytesRead;
    this.end += bytesRead;
  }
}

/**
 * Streams the plaintext of the age file at `path` in flat memory (one ~1 MiB read buffer), one
 * Buffer per 64 KiB chunk, each owned by the caller. Plaintext is released chunk by chunk as it
 * authenticates, so on an error the caller has seen only authentic data, but must treat the
 * output as incomplete: truncation (no final chunk) is only known at the end.
 */
export async function* decryptFileChunks(
  path: string,
  identities: AgeKeys,
  backend: AeadBackend = selectAeadBackend(),
): AsyncGenerator<Buffer> {
  const fh = await open(path, "r");
  let dec: AgeStreamDecryptor | null = null;
  try {
    const win = new FileWindow(fh);
    let headerLength: number | null = null;
    while ((headerLength = parseHeaderLength(win.view())) === null) {
      if (!(await win.more())) throw headerIncomplete();
    }
    const headerBytes = Buffer.from(win.view(headerLength));
    win.skip(headerLength);
    await win.fill(PAYLOAD_NONCE_SIZE);
    const nonce = Buffer.from(win.view(Math.min(PAYLOAD_NONCE_SIZE, win.available)));
    win.skip(nonce.length);
    dec = await AgeStreamDecryptor.open(headerBytes, nonce, identities, backend);

    for (let index = 0; ; index++) {
      await win.fill(ENC_CHUNK_SIZE + 1);
      const available = win.available;
      if (available === 0) throw ageErrors.truncated(index === 0 ? "it has no payload chunks" : undefined);
      const len = Math.min(available, ENC_CHUNK_SIZE);
      const moreFollows = available > ENC_CHUNK_SIZE;
      const { plaintext, last } = openStreamChunk(dec, index, win.view(len), moreFollows);
      win.skip(len);
      if (plaintext.length > 0) yield plaintext;
      if (last) {
        if (moreFollows) throw ageErrors.trailingData();
        return;
      }
    }
  } finally {
    dec?.dispose();
    await fh.close();
  }
}

/** Reads exactly `length` bytes at `position`, or fewer only at end of file. */
async function readAt(fh: FileHandle, length: number, position: number): Promise<Buffer> {
  return readAtInto(fh, Buffer.allocUnsafe(length), length, position);
}

/** readAt into the start of `buf`; returns the view of the bytes read. */
async function readAtInto(fh: FileHandle, buf: Buffer, length: number, position: number): Promise<Buffer> {
  let got = 0;
  while (got < length) {
    const { bytesRead } = await fh.read(buf, got, length - got, position + got);
    if (bytesRead === 0) break;
    got += bytesRead;
  }
  return buf.subarray(0, got);
}

/** Max chunks fetched with one read() call by AgeRandomAccessReader for a multi-chunk range. */
const RA_BATCH_CHUNKS = 16;
const RA_BATCH_BYTES = RA_BATCH_CHUNKS * ENC_CHUNK_SIZE;

/**
 * Ciphertext read buffers (~1 MiB each), shared by all random-access readers and reused: a
 * restore reads gigabytes through them, and a fresh buffer per read kept the garbage collector
 * busy. A buffer is only ever used between a read and the synchronous decryption that follows.
 */
const sealedPool: Buffer[] = [];
const SEALED_POOL_MAX = 8;

function takeSealedBuffer(): Buffer {
  return sealedPool.pop() ?? Buffer.allocUnsafe(RA_BATCH_BYTES);
}

function giveSealedBuffer(buf: Buffer): void {
  if (sealedPool.length < SEALED_POOL_MAX) sealedPool.push(buf);
}

/**
 * Random access into an age file (age.md §Payload: seek by whole chunks, after first verifying
 * the final chunk). Opening checks the header, unwraps the file key and authenticates the final
 * chunk, which also authenticates the plaintext size. Each read() decrypts only the chunks it
 * covers; a damaged chunk fails only the reads that touch it. Safe for concurrent reads.
 */
export class AgeRandomAccessReader {
  /** Authenticated plaintext size in bytes. */
  readonly plaintextSize: number;

  private cachedIndex: number;
  private cachedPlaintext: Buffer;
  private readonly inflight = new Map<number, Promise<Buffer>>();
  private closed = false;

  private constructor(
    private readonly fh: FileHandle,
    private readonly dec: AgeStreamDecryptor,
    private readonly payloadStart: number,
    private readonly chunkCount: number,
    finalPlaintext: Buffer,
  ) {
    this.plaintextSize = (chunkCount - 1) * CHUNK_SIZE + finalPlaintext.length;
    this.cachedIndex = chunkCount - 1;
    this.cachedPlaintext = finalPlaintext;
  }

  static async open(path: string, identities: AgeKeys, backend: AeadBackend = selectAeadBackend()): Promise<AgeRandomAccessReader> {
    const fh = await open(path, "r");
    let dec: AgeStreamDecryptor | null = null;
    try {
      const { size } = await fh.stat();
      let prefix = await readAt(fh, Math.min(size, 4096), 0);
      let headerLength: number | null;
      while ((headerLength = parseHeaderLength(prefix)) === null) {
        if (prefix.length >= size) throw headerIncomplete();
        prefix = await readAt(fh, Math.min(size, MAX_HEADER_SIZE + 1, prefix.length * 4), 0);
      }
      const nonce = await readAt(fh, PAYLOAD_NONCE_SIZE, headerLength);
      dec = await AgeStreamDecryptor.open(prefix.subarray(0, headerLength), nonce, identities, backend);

      const payloadStart = headerLength + PAYLOAD_NONCE_SIZE;
      const payloadLength = size - payloadStart;
      if (payloadLength === 0) throw ageErrors.truncated("it has no payload chunks");
      if (payloadLength < TAG_SIZE) throw ageErrors.truncated("its payload is shorter than one chunk");
      const chunkCount = Math.ceil(payloadLength / ENC_CHUNK_SIZE);
      const finalIndex = chunkCount - 1;
      const finalLength = payloadLength - finalIndex * ENC_CHUNK_SIZE;
      if (finalLength < TAG_SIZE) {
        throw ageErrors.truncated(`its length does not match whole chunks (chunk ${finalIndex} is cut short)`);
      }
      const finalSealed = await readAt(fh, finalLength, payloadStart + finalIndex * ENC_CHUNK_SIZE);
      if (finalSealed.length !== finalLength) throw ageErrors.truncated("it changed size while being opened");

      let finalPlaintext: Buffer;
      try {
        finalPlaintext = dec.openChunk(finalIndex, finalSealed, true);
      } catch (e) {
        if (isAgeError(e, "payload") && finalLength === ENC_CHUNK_SIZE && opensAsNonFinal(dec, finalIndex, finalSealed)) {
          throw ageErrors.truncated(`it ends after chunk ${finalIndex}, which is not the final chunk`);
        }
        throw e;
      }
      return new AgeRandomAccessReader(fh, dec, payloadStart, chunkCount, finalPlaintext);
    } catch (e) {
      dec?.dispose();
      await fh.close();
      throw e;
    }
  }

  /**
   * Returns plaintext bytes [offset, offset + length). Throws RangeError past the end, and
   * AgeError("payload") if a chunk in the range is damaged.
   */
  async read(offset: number, length: number): Promise<Buffer> {
    this.checkRange(offset, length);
    if (length === 0) return Buffer.alloc(0);
    const out = Buffer.allocUnsafe(length);
    await this.readInto(offset, length, out);
    return out;
  }

  /**
   * read(), into the start of `out` (at least `length` bytes), so a caller can reuse its buffers.
   * Whole chunks inside the range are decrypted straight into `out`. On an error `out` holds no
   * unauthenticated plaintext, but may hold part of the range.
   */
  async readInto(offset: number, length: number, out: Buffer): Promise<void> {
    this.checkRange(offset, length);
    if (out.length < length) throw new RangeError(`readInto: the output holds ${out.length} bytes, the range ${length}`);
    if (length === 0) return;

    const firstChunk = Math.floor(offset / CHUNK_SIZE);
    const lastChunk = Math.floor((offset + length - 1) / CHUNK_SIZE);
    if (firstChunk === lastChunk) {
      const plain = await this.chunk(firstChunk);
      const from = offset - firstChunk * CHUNK_SIZE;
      plain.copy(out, 0, from, from + length);
      return;
    }

    let written = 0;
    for (let batchStart = firstChunk; batchStart <= lastChunk; batchStart += RA_BATCH_CHUNKS) {
      const batchEnd = Math.min(lastChunk, batchStart + RA_BATCH_CHUNKS - 1);
      const buf = takeSealedBuffer();
      try {
        const sealed = await this.readSealed(batchStart, batchEnd, buf);
        for (let i = batchStart; i <= batchEnd; i++) {
          const at = (i - batchStart) * ENC_CHUNK_SIZE;
          const from = i === firstChunk ? offset - i * CHUNK_SIZE : 0;
          const to = Math.min(this.chunkPlainLength(i), offset + length - i * CHUNK_SIZE);
          if (i === this.cachedIndex) {
            written += this.cachedPlaintext.copy(out, written, from, to);
            continue;
          }
          const last = i === this.chunkCount - 1;
          const chunkSealed = sealed.subarray(at, at + ENC_CHUNK_SIZE);
          if (from === 0 && to === this.chunkPlainLength(i)) {
            written += this.dec.openChunkInto(i, chunkSealed, last, out.subarray(written));
          } else {
            // A chunk cut by the range: keep it, the next read (the neighbouring blob) starts in it.
            const plain = this.dec.openChunk(i, chunkSealed, last);
            written += plain.copy(out, written, from, to);
            this.cache(i, plain);
          }
        }
      } finally {
        giveSealedBuffer(buf);
      }
    }
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    this.dec.dispose();
    this.cachedPlaintext = Buffer.alloc(0);
    this.cachedIndex = -1;
    await this.fh.close();
  }

  private checkRange(offset: number, length: number): void {
    if (this.closed) throw new Error("AgeRandomAccessReader is closed");
    if (!Number.isSafeInteger(offset) || offset < 0 || !Number.isSafeInteger(length) || length < 0) {
      throw new RangeError(`invalid read range (offset ${offset}, length ${length})`);
    }
    if (offset + length > this.plaintextSize) {
      throw new RangeError(`read of [${offset}, ${offset + length}) is past the end (${this.plaintextSize} bytes)`);
    }
  }

  private chunkPlainLength(index: number): number {
    return index === this.chunkCount - 1 ? this.plaintextSize - index * CHUNK_SIZE : CHUNK_SIZE;
  }

  /**
   * One chunk's plaintext. Concurrent reads of small blobs in the same chunk (a restore writes
   * several small files at once) share one read and one decryption instead of each doing its own.
   */
  private chunk(index: number): Promise<Buffer> {
    if (index === this.cachedIndex) return Promise.resolve(this.cachedPlaintext);
    let p = this.inflight.get(index);
    if (!p) {
      p = this.loadChunk(index).finally(() => this.inflight.delete(index));
      this.inflight.set(index, p);
    }
    return p;
  }

  private async loadChunk(index: number): Promise<Buffer> {
    const buf = takeSealedBuffer();
    try {
      const sealed = await this.readSealed(index, index, buf);
      const plain = this.dec.openChunk(index, sealed, index === this.chunkCount - 1);
      this.cache(index, plain);
      return plain;
    } finally {
      giveSealedBuffer(buf);
    }
  }

  private cache(index: number, plaintext: Buffer): void {
    if (this.closed) return;
    this.cachedIndex = index;
    this.cachedPlaintext = plaintext;
  }

  /** The sealed bytes of chunks first..last (inclusive, at most RA_BATCH_CHUNKS), read into `buf` with one call. */
  private async readSealed(first: number, last: number, buf: Buffer): Promise<Buffer> {
    const start = this.payloadStart + first * ENC_CHUNK_SIZE;
    const fullLength = (last - first + 1) * ENC_CHUNK_SIZE;
    const finalSealedLength = this.plaintextSize - (this.chunkCount - 1) * CHUNK_SIZE + TAG_SIZE;
    const expected = last === this.chunkCount - 1 ? fullLength - ENC_CHUNK_SIZE + finalSealedLength : fullLength;
    const sealed = await readAtInto(this.fh, buf, expected, start);
    if (sealed.length !== expected) throw ageErrors.truncated("it became shorter while being read");
    return sealed;
  }
}

function opensAsNonFinal(dec: AgeStreamDecryptor, index: number, sealed: Uint8Array): boolean {
  try {
    dec.openChunk(index, sealed, false);
    return true;
  } catch {
    return false;
  }
}
