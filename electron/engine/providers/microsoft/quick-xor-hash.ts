// QuickXorHash, the content hash OneDrive reports for every file as `file.hashes.quickXorHash`
// (base64), the only hash guaranteed on both OneDrive for home and for work or school
// (research/microsoft.md §3.5). The provider feeds every downloaded byte through it, so it is
// written for throughput with flat memory.
//
// The algorithm (Microsoft's C# snippet, docs "code-snippets/quickxorhash"; rclone's port in
// backend/onedrive/quickxorhash): a 160-bit register; input byte number i is XORed in at bit
// (11 * i) mod 160, wrapping around the register's end; the digest is the register as 20
// little-endian bytes with the total length (64-bit little-endian) XORed into its last 8 bytes.
//
// Why this implementation does no per-bit or per-byte shifting while hashing: since 11 * 160 is a
// multiple of 160, bytes i and i + 160 land at the same bit offset. So it is enough to XOR the
// input, 160-byte block by 160-byte block, into a 160-byte accumulator (40 32-bit words at a time),
// and to spread the accumulator's 160 bytes over the 160-bit register once, in digest().

/** Input bytes per full turn of the 160-bit register (11 * 160 ≡ 0 mod 160). */
const PERIOD = 160;
const PERIOD_WORDS = PERIOD / 4;
const SHIFT = 11;
const DIGEST_BYTES = 20;
/** Misaligned input is copied through this many bytes of aligned scratch (a multiple of PERIOD). */
const SCRATCH_BYTES = PERIOD * 512;

export class QuickXorHash {
  /** XOR of all input bytes, by position mod 160; words are only ever XORed with words laid out the same way. */
  private readonly acc = new Uint32Array(PERIOD_WORDS);
  private readonly accBytes = new Uint8Array(this.acc.buffer);
  /** Total length mod 160: where the next byte goes in `acc`. */
  private pos = 0;
  /** Total bytes hashed (a Number is exact up to 2^53 bytes, far beyond any OneDrive file). */
  private length = 0;
  private scratch: Uint8Array | undefined;

  update(data: Uint8Array): this {
    const n = data.length;
    const accBytes = this.accBytes;
    let i = 0;
    // Finish the current 160-byte block byte by byte, so the body starts at position 0.
    let pos = this.pos;
    if (pos !== 0) {
      const end = Math.min(n, PERIOD - pos);
      for (; i < end; i++) accBytes[pos++]! ^= data[i]!;
      if (pos === PERIOD) pos = 0;
    }
    // Whole blocks: 32-bit words, straight from the caller's memory when it is 4-byte aligned,
    // else through an aligned scratch buffer (a memcpy, much cheaper than byte-wise XOR).
    const wholeBytes = Math.floor((n - i) / PERIOD) * PERIOD;
    if (wholeBytes > 0) {
      if ((data.byteOffset + i) % 4 === 0) {
        this.xorBlocks(new Uint32Array(data.buffer, data.byteOffset + i, wholeBytes / 4));
      } else {
        this.scratch ??= new Uint8Array(SCRATCH_BYTES);
        const scratchWords = new Uint32Array(this.scratch.buffer);
        for (let done = 0; done < wholeBytes; ) {
          const len = Math.min(SCRATCH_BYTES, wholeBytes - done);
          this.scratch.set(data.subarray(i + done, i + done + len));
          this.xorBlocks(len === SCRATCH_BYTES ? scratchWords : scratchWords.subarray(0, len / 4));
          done += len;
        }
      }
      i += wholeBytes;
    }
    for (; i < n; i++) accBytes[pos++]! ^= data[i]!;
    this.pos = pos;
    this.length += n;
    return this;
  }

  /** The 20-byte digest; the hash stays usable (more update() calls continue the same stream). */
  digestBytes(): Buffer {
    const out = Buffer.alloc(DIGEST_BYTES);
    const accBytes = this.accBytes;
    for (let k = 0; k < PERIOD; k++) {
      const b = accBytes[k]!;
      if (b === 0) continue;
      const bit = (k * SHIFT) % PERIOD;
      const at = bit >>> 3;
      // At most 8 + 7 bits wide: the low byte at `at`, the rest in the next byte, which wraps
      // from byte 19 to byte 0 because the register is circular.
      const v = b << (bit & 7);
      out[at]! ^= v & 0xff;
      out[(at + 1) % DIGEST_BYTES]! ^= v >>> 8;
    }
    let len = this.length;
    for (let j = 0; j < 8; j++) {
      out[DIGEST_BYTES - 8 + j]! ^= len % 256;
      len = Math.floor(len / 256);
    }
    return out;
  }

  /** Base64, exactly as Graph's `file.hashes.quickXorHash`. */
  digest(): string {
    return this.digestBytes().toString("base64");
  }

  private xorBlocks(words: Uint32Array): void {
    const acc = this.acc;
    for (let w = 0; w < words.length; w += PERIOD_WORDS) {
      for (let k = 0; k < PERIOD_WORDS; k++) acc[k]! ^= words[w + k]!;
    }
  }
}

/** QuickXorHash of one buffer, base64. */
export function quickXorHash(data: Uint8Array): string {
  return new QuickXorHash().update(data).digest();
}
