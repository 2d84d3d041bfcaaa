// Deterministic randomness for the benchmark data: a small seeded PRNG (sfc32) for structure and
// text, and an AES-256-CTR keystream for incompressible bytes (GB/s, unlike a JS PRNG). Same seed
// and id, same bytes, on every machine.
import { createCipheriv, createHash } from "node:crypto";
import { open } from "node:fs/promises";

const MiB = 1024 * 1024;

function sha256(s: string): Buffer {
  return createHash("sha256").update(s).digest();
}

/** sfc32 (Chris Doty-Humphrey's Small Fast Counting RNG), seeded from SHA-256 of the parts. */
export class Rng {
  private a: number;
  private b: number;
  private c: number;
  private d: number;

  constructor(...parts: Array<string | number>) {
    const h = sha256(parts.join("\u0000"));
    this.a = h.readUInt32LE(0);
    this.b = h.readUInt32LE(4);
    this.c = h.readUInt32LE(8);
    this.d = h.readUInt32LE(12);
    for (let i = 0; i < 12; i++) this.u32();
  }

  u32(): number {
    const t = (((this.a + this.b) | 0) + this.d) | 0;
    this.d = (this.d + 1) | 0;
    this.a = this.b ^ (this.b >>> 9);
    this.b = (this.c + (this.c << 3)) | 0;
    this.c = (this.c << 21) | (this.c >>> 11);
    this.c = (this.c + t) | 0;
    return t >>> 0;
  }

  /** Uniform in [0, 1). */
  float(): number {
    return this.u32() / 4294967296;
  }

  /** Uniform integer in [lo, hi] (inclusive). */
  int(lo: number, hi: number): number {
    return lo + Math.floor(this.float() * (hi - lo + 1));
  }

  chance(p: number): boolean {
    return this.float() < p;
  }

  pick<T>(items: readonly T[]): T {
    const v = items[Math.floor(this.float() * items.length)];
    if (v === undefined) throw new Error("pick() from an empty list");
    return v;
  }

  /** Picks with a Zipf-like skew: early items much more often (power > 1 skews harder). */
  skewed<T>(items: readonly T[], power = 2.2): T {
    const v = items[Math.floor(Math.pow(this.float(), power) * items.length)];
    if (v === undefined) throw new Error("skewed() from an empty list");
    return v;
  }

  /** Picks by weight: `weighted([[item, w], ...])`. */
  weighted<T>(items: ReadonlyArray<readonly [T, number]>): T {
    const total = items.reduce((n, [, w]) => n + w, 0);
    let x = this.float() * total;
    for (const [item, w] of items) {
      x -= w;
      if (x < 0) return item;
    }
    const last = items[items.length - 1];
    if (!last) throw new Error("weighted() from an empty list");
    return last[0];
  }

  bytes(n: number): Buffer {
    const out = Buffer.allocUnsafe(n);
    for (let i = 0; i < n; i += 4) {
      const v = this.u32();
      for (let k = 0; k < 4 && i + k < n; k++) out[i + k] = (v >>> (8 * k)) & 0xff;
    }
    return out;
  }

  hex(chars: number): string {
    return this.bytes(Math.ceil(chars / 2)).toString("hex").slice(0, chars);
  }
}

/**
 * `size` incompressible bytes, deterministic from (seed, id): the AES-256-CTR keystream, yielded in
 * fresh buffers of at most `piece` bytes.
 */
export function* keystream(seed: string | number, id: string, size: number, piece = MiB): Generator<Buffer> {
  const key = sha256(`lifeboat-bench-key\u0000${seed}`);
  const iv = sha256(`lifeboat-bench-iv\u0000${id}`).subarray(0, 16);
  const cipher = createCipheriv("aes-256-ctr", key, iv);
  const zeros = Buffer.alloc(Math.min(piece, Math.max(size, 1)));
  for (let left = size; left > 0; ) {
    const n = Math.min(zeros.length, left);
    yield cipher.update(zeros.subarray(0, n));
    left -= n;
  }
}

/** Writes the pieces to `file` one after another (memory stays at one piece). Returns the size. */
export async function writePieces(file: string, pieces: Iterable<Uint8Array> | AsyncIterable<Uint8Array>): Promise<number> {
  const fh = await open(file, "w", 0o644);
  let total = 0;
  try {
    for await (const piece of pieces) {
      let off = 0;
      while (off < piece.length) {
        const { bytesWritten } = await fh.write(piece, off, piece.length - off);
        off += bytesWritten;
      }
      total += piece.length;
    }
  } finally {
    await fh.close();
  }
  return total;
}
