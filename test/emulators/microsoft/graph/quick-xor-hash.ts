// OneDrive's QuickXorHash, the emulator's own implementation (the engine has its own; the two are
// tested against the same published vectors, so neither can drift into agreeing with a bug in
// the other).
//
// The algorithm: a 160-bit register; byte i of the input is XORed into it starting at bit
// (11·i) mod 160, wrapping around the end; finally the 64-bit little-endian input length is XORed
// into the last 8 bytes, and the register is sent as base64 of its 20 little-endian bytes.
// Because 11·160 ≡ 0 (mod 160), bytes whose positions are congruent mod 160 land on the same
// bits, so the input is first folded into 160 byte-wide accumulators and placed once at the end —
// one XOR per input byte.

const WIDTH_BITS = 160;
const WIDTH_BYTES = 20;
const SHIFT = 11;

export class QuickXorHash {
  private readonly lanes = new Uint8Array(WIDTH_BITS);
  private position = 0;
  private length = 0n;

  update(data: Uint8Array): this {
    const lanes = this.lanes;
    let lane = this.position;
    for (let i = 0; i < data.length; i++) {
      lanes[lane] = (lanes[lane] ?? 0) ^ (data[i] ?? 0);
      lane = lane === WIDTH_BITS - 1 ? 0 : lane + 1;
    }
    this.position = lane;
    this.length += BigInt(data.length);
    return this;
  }

  digest(): Buffer {
    const out = Buffer.alloc(WIDTH_BYTES);
    for (let k = 0; k < WIDTH_BITS; k++) {
      const value = this.lanes[k] ?? 0;
      if (value === 0) continue;
      const bit = (k * SHIFT) % WIDTH_BITS;
      const byte = bit >> 3;
      const offset = bit & 7;
      out[byte] = (out[byte] ?? 0) ^ ((value << offset) & 0xff);
      if (offset > 0) {
        const next = (byte + 1) % WIDTH_BYTES;
        out[next] = (out[next] ?? 0) ^ (value >> (8 - offset));
      }
    }
    let len = this.length;
    for (let i = 0; i < 8; i++) {
      const idx = WIDTH_BYTES - 8 + i;
      out[idx] = (out[idx] ?? 0) ^ Number(len & 0xffn);
      len >>= 8n;
    }
    return out;
  }
}

export function quickXorHashBase64(data: Uint8Array): string {
  return new QuickXorHash().update(data).digest().toString("base64");
}
