// Keyed FastCDC (content-defined chunking) for large files.
//
// Algorithm: FastCDC (Xia et al., USENIX ATC 2016) with a gear rolling hash `h = (h << 1) + gear[b]`
// over 32-bit integers, cut-point skipping (no hashing below `min`) and normalized chunking level 2:
// below `avg` a cut needs (log2(avg) + 2) zero bits, above it (log2(avg) - 2), so chunk sizes cluster
// around `avg`. A hard cut is made at `max`.
//
// The gear table is derived from a secret seed (as borg and restic key their chunkers) so that the
// chunk boundaries, and therefore the sizes visible to anyone who can see blob lengths, do not
// fingerprint known content.
//
// The mask tests the top bits of the hash: with a left-shifting gear hash, bit k depends on the last
// k + 1 bytes, so the top bits carry the widest window (32 bytes).

import { createHmac } from "node:crypto";

export interface ChunkerParams {
  min: number;
  avg: number;
  max: number;
}

const KiB = 1024;
const MiB = 1024 * KiB;

export const DEFAULT_CHUNKER: Readonly<ChunkerParams> = Object.freeze({ min: 512 * KiB, avg: 1 * MiB, max: 8 * MiB });

const GEAR_LABEL = Buffer.from("lifeboat-gear", "ascii");

/**
 * The 256-entry gear table derived from a secret 32-byte seed: entry i is the first four bytes
 * (big-endian) of HMAC-SHA-256(seed, "lifeboat-gear" || byte(i)).
 */
export function gearTable(seed: Uint8Array): Uint32Array {
  if (!(seed instanceof Uint8Array) || seed.length !== 32) {
    throw new Error(`gear seed must be 32 bytes, got ${seed instanceof Uint8Array ? seed.length : typeof seed}`);
  }
  const table = new Uint32Array(256);
  const msg = Buffer.alloc(GEAR_LABEL.length + 1);
  GEAR_LABEL.copy(msg, 0);
  for (let i = 0; i < 256; i++) {
    msg[GEAR_LABEL.length] = i;
    table[i] = createHmac("sha256", seed).update(msg).digest().readUInt32BE(0);
  }
  return table;
}

function validateParams(p: ChunkerParams): number {
  const { min, avg, max } = p;
  for (const [k, v] of Object.entries({ min, avg, max })) {
    if (!Number.isSafeInteger(v) || v <= 0) throw new Error(`chunker ${k} must be a positive integer, got ${v}`);
  }
  if (!(min <= avg && avg <= max)) throw new Error(`chunker params must satisfy min <= avg <= max, got ${min}/${avg}/${max}`);
  if (max > 1024 * MiB) throw new Error(`chunker max must be <= 1 GiB, got ${max}`);
  const bits = Math.round(Math.log2(avg));
  if (bits < 3 || bits > 29) throw new Error(`chunker avg must be between 8 bytes and 512 MiB, got ${avg}`);
  return bits;
}

/** Int32 mask selecting the top `bits` bits of a 32-bit hash. */
function topMask(bits: number): number {
  return bits >= 32 ? -1 : (~0 << (32 - bits)) | 0;
}

/**
 * Streaming chunker. Feed input with push(); it returns the chunks completed so far and keeps the
 * unfinished tail (< max bytes) internally. Call flush() at end of input for the last chunk.
 *
 * Boundaries depend only on the content and the seed, never on how the input is split across
 * push() calls. Every returned chunk is a buffer from `alloc` (by default freshly allocated) owned
 * by the caller; the chunker keeps no reference to the buffers passed to push() after it returns,
 * so callers may reuse them.
 */
export class Chunker {
  private readonly gear: Int32Array;
  private readonly min: number;
  private readonly avg: number;
  private readonly max: number;
  private readonly maskS: number;
  private readonly maskL: number;
  /**
   * The current chunk's bytes received in earlier push() calls, copied into one buffer (grown on
   * demand, at most `max`) that is reused for every chunk, so cutting allocates only the chunks.
   */
  private pending: Buffer = Buffer.alloc(0);
  /** Length of the current (unfinished) chunk, i.e. the bytes used in `pending`. */
  private n = 0;
  /** Where each chunk's bytes go: a fresh buffer by default, or the caller's (a shared ring). */
  private readonly alloc: (n: number) => Buffer;
  /** Rolling hash state of the current chunk. */
  private h = 0;

  constructor(seed: Uint8Array, params: ChunkerParams = DEFAULT_CHUNKER, alloc: (n: number) => Buffer = (n) => Buffer.allocUnsafe(n)) {
    const bits = validateParams(params);
    this.alloc = alloc;
    this.min = params.min;
    this.avg = params.avg;
    this.max = params.max;
    this.maskS = topMask(bits + 2);
    this.maskL = topMask(bits - 2);
    // Int32 view: keeps every table value a small integer for V8 (uint32 values above 2^31 would be
    // heap numbers and slow the hot loop down).
    const table = gearTable(seed);
    this.gear = new Int32Array(table.buffer, table.byteOffset, 256);
  }

  push(data: Buffer): Buffer[] {
    const out: Buffer[] = [];
    const len = data.length;
    if (len === 0) return out;
    const bytes: Uint8Array = data;
    const gear = this.gear;
    const min = this.min;
    const avg = this.avg;
    const max = this.max;
    const maskS = this.maskS;
    const maskL = this.maskL;
    let h = this.h;
    // Position in the current chunk = base + index into `bytes`.
    let base = this.n;
    let start = 0; // index in `bytes` where the current chunk's part of this input begins
    let i = 0;

    for (;;) {
      const minEnd = min - base;
      if (minEnd >= len) {
        i = len;
        break;
      }
      if (i < minEnd) i = minEnd;
      let cut = -1;

      const avgEnd = avg - base < len ? avg - base : len;
      while (i < avgEnd) {
        h = ((h << 1) + (gear[bytes[i]!] as number)) | 0;
        i++;
        if ((h & maskS) === 0) {
          cut = i;
          break;
        }
      }
      if (cut < 0) {
        const maxAt = max - base;
        const maxEnd = maxAt < len ? maxAt : len;
        while (i < maxEnd) {
          h = ((h << 1) + (gear[bytes[i]!] as number)) | 0;
          i++;
          if ((h & maskL) === 0) {
            cut = i;
            break;
          }
        }
        if (cut < 0) {
          if (i === maxAt) cut = i;
          else break; // input exhausted inside the chunk
        }
      }

      out.push(this.take(data, start, cut));
      start = cut;
      base = -cut;
      h = 0;
    }

    if (start < len) this.keep(data, start, len);
    this.n = base + len;
    this.h = h;
    return out;
  }

  /** The remaining tail at end of input (shorter than `min` is possible), or null if empty. Resets the chunker. */
  flush(): Buffer | null {
    const n = this.n;
    this.n = 0;
    this.h = 0;
    if (n === 0) return null;
    const chunk = this.alloc(n);
    this.pending.copy(chunk, 0, 0, n);
    return chunk;
  }

  /** Appends data[start, end) to the pending bytes of the current chunk. */
  private keep(data: Buffer, start: number, end: number): void {
    const need = this.n + (end - start);
    if (need > this.pending.length) {
      const grown = Buffer.allocUnsafe(Math.min(this.max, Math.max(need, this.pending.length * 2, 64 * 1024)));
      this.pending.copy(grown, 0, 0, this.n);
      this.pending = grown;
    }
    data.copy(this.pending, this.n, start, end);
  }

  /** Completes the current chunk: pending bytes followed by data[start, end), in a buffer from `alloc`. */
  private take(data: Buffer, start: number, end: number): Buffer {
    const n = this.n;
    const chunk = this.alloc(n + (end - start));
    if (n > 0) this.pending.copy(chunk, 0, 0, n);
    data.copy(chunk, n, start, end);
    this.n = 0;
    return chunk;
  }
}
