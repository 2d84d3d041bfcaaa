// A baseline JPEG encoder (JFIF, YCbCr 4:2:0, the standard quantisation and Huffman tables of
// ITU-T T.81 Annex K), so the demo's photos are real JPEGs, as a phone would upload, without a new
// dependency. The DCT is the AAN factorisation libjpeg's float path uses, so the demo's few dozen
// megapixels encode in about a second.
import type { RgbImage } from "./png-image.js";

// T.81 Annex K.1, tables K.1 (luminance) and K.2 (chrominance), in natural (row-major) order.
const LUMA_Q = [
  16, 11, 10, 16, 24, 40, 51, 61, 12, 12, 14, 19, 26, 58, 60, 55, 14, 13, 16, 24, 40, 57, 69, 56, 14, 17, 22, 29, 51, 87, 80, 62,
  18, 22, 37, 56, 68, 109, 103, 77, 24, 35, 55, 64, 81, 104, 113, 92, 49, 64, 78, 87, 103, 121, 120, 101, 72, 92, 95, 98, 112, 100, 103, 99,
];
const CHROMA_Q = [
  17, 18, 24, 47, 99, 99, 99, 99, 18, 21, 26, 66, 99, 99, 99, 99, 24, 26, 56, 99, 99, 99, 99, 99, 47, 66, 99, 99, 99, 99, 99, 99,
  ...new Array<number>(32).fill(99),
];

// T.81 Annex K.3, tables K.3–K.6: code counts per length 1..16, then the symbols in code order.
const DC_LUMA_BITS = [0, 1, 5, 1, 1, 1, 1, 1, 1, 0, 0, 0, 0, 0, 0, 0];
const DC_CHROMA_BITS = [0, 3, 1, 1, 1, 1, 1, 1, 1, 1, 1, 0, 0, 0, 0, 0];
const DC_VALUES = [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11];
const AC_LUMA_BITS = [0, 2, 1, 3, 3, 2, 4, 3, 5, 5, 4, 4, 0, 0, 1, 0x7d];
const AC_LUMA_VALUES = [
  0x01, 0x02, 0x03, 0x00, 0x04, 0x11, 0x05, 0x12, 0x21, 0x31, 0x41, 0x06, 0x13, 0x51, 0x61, 0x07, 0x22, 0x71, 0x14, 0x32, 0x81, 0x91, 0xa1,
  0x08, 0x23, 0x42, 0xb1, 0xc1, 0x15, 0x52, 0xd1, 0xf0, 0x24, 0x33, 0x62, 0x72, 0x82, 0x09, 0x0a, 0x16, 0x17, 0x18, 0x19, 0x1a, 0x25, 0x26,
  0x27, 0x28, 0x29, 0x2a, 0x34, 0x35, 0x36, 0x37, 0x38, 0x39, 0x3a, 0x43, 0x44, 0x45, 0x46, 0x47, 0x48, 0x49, 0x4a, 0x53, 0x54, 0x55, 0x56,
  0x57, 0x58, 0x59, 0x5a, 0x63, 0x64, 0x65, 0x66, 0x67, 0x68, 0x69, 0x6a, 0x73, 0x74, 0x75, 0x76, 0x77, 0x78, 0x79, 0x7a, 0x83, 0x84, 0x85,
  0x86, 0x87, 0x88, 0x89, 0x8a, 0x92, 0x93, 0x94, 0x95, 0x96, 0x97, 0x98, 0x99, 0x9a, 0xa2, 0xa3, 0xa4, 0xa5, 0xa6, 0xa7, 0xa8, 0xa9, 0xaa,
  0xb2, 0xb3, 0xb4, 0xb5, 0xb6, 0xb7, 0xb8, 0xb9, 0xba, 0xc2, 0xc3, 0xc4, 0xc5, 0xc6, 0xc7, 0xc8, 0xc9, 0xca, 0xd2, 0xd3, 0xd4, 0xd5, 0xd6,
  0xd7, 0xd8, 0xd9, 0xda, 0xe1, 0xe2, 0xe3, 0xe4, 0xe5, 0xe6, 0xe7, 0xe8, 0xe9, 0xea, 0xf1, 0xf2, 0xf3, 0xf4, 0xf5, 0xf6, 0xf7, 0xf8, 0xf9,
  0xfa,
];
const AC_CHROMA_BITS = [0, 2, 1, 2, 4, 4, 3, 4, 7, 5, 4, 4, 0, 1, 2, 0x77];
const AC_CHROMA_VALUES = [
  0x00, 0x01, 0x02, 0x03, 0x11, 0x04, 0x05, 0x21, 0x31, 0x06, 0x12, 0x41, 0x51, 0x07, 0x61, 0x71, 0x13, 0x22, 0x32, 0x81, 0x08, 0x14, 0x42,
  0x91, 0xa1, 0xb1, 0xc1, 0x09, 0x23, 0x33, 0x52, 0xf0, 0x15, 0x62, 0x72, 0xd1, 0x0a, 0x16, 0x24, 0x34, 0xe1, 0x25, 0xf1, 0x17, 0x18, 0x19,
  0x1a, 0x26, 0x27, 0x28, 0x29, 0x2a, 0x35, 0x36, 0x37, 0x38, 0x39, 0x3a, 0x43, 0x44, 0x45, 0x46, 0x47, 0x48, 0x49, 0x4a, 0x53, 0x54, 0x55,
  0x56, 0x57, 0x58, 0x59, 0x5a, 0x63, 0x64, 0x65, 0x66, 0x67, 0x68, 0x69, 0x6a, 0x73, 0x74, 0x75, 0x76, 0x77, 0x78, 0x79, 0x7a, 0x82, 0x83,
  0x84, 0x85, 0x86, 0x87, 0x88, 0x89, 0x8a, 0x92, 0x93, 0x94, 0x95, 0x96, 0x97, 0x98, 0x99, 0x9a, 0xa2, 0xa3, 0xa4, 0xa5, 0xa6, 0xa7, 0xa8,
  0xa9, 0xaa, 0xb2, 0xb3, 0xb4, 0xb5, 0xb6, 0xb7, 0xb8, 0xb9, 0xba, 0xc2, 0xc3, 0xc4, 0xc5, 0xc6, 0xc7, 0xc8, 0xc9, 0xca, 0xd2, 0xd3, 0xd4,
  0xd5, 0xd6, 0xd7, 0xd8, 0xd9, 0xda, 0xe2, 0xe3, 0xe4, 0xe5, 0xe6, 0xe7, 0xe8, 0xe9, 0xea, 0xf2, 0xf3, 0xf4, 0xf5, 0xf6, 0xf7, 0xf8, 0xf9,
  0xfa,
];

/** ZIGZAG[k] = natural (row * 8 + column) index of the k-th coefficient in zig-zag order. */
const ZIGZAG: number[] = (() => {
  const order: number[] = [];
  for (let s = 0; s < 15; s++) {
    // Odd diagonals run down-left (row increasing), even ones up-right.
    const rows: number[] = [];
    for (let r = 0; r <= s; r++) if (r < 8 && s - r < 8) rows.push(r);
    if (s % 2 === 0) rows.reverse();
    for (const r of rows) order.push(r * 8 + (s - r));
  }
  return order;
})();

/**
 * The scale factors of the AAN (Arai–Agui–Nakajima) DCT below: its outputs are the true DCT
 * coefficients times 8 · AAN[u] · AAN[v], which quantisation divides out (libjpeg's jfdctflt.c).
 * AAN[0] = 1, AAN[k] = cos(kπ/16) · √2.
 */
const AAN = Array.from({ length: 8 }, (_, k) => (k === 0 ? 1 : Math.cos((k * Math.PI) / 16) * Math.SQRT2));

/** In-place 8-point AAN forward DCT of block[o], block[o + step], …: 5 multiplications, not 64. */
function fdct8(b: Float64Array, o: number, step: number): void {
  const d0 = b[o]!, d1 = b[o + step]!, d2 = b[o + 2 * step]!, d3 = b[o + 3 * step]!;
  const d4 = b[o + 4 * step]!, d5 = b[o + 5 * step]!, d6 = b[o + 6 * step]!, d7 = b[o + 7 * step]!;
  const t0 = d0 + d7, t7 = d0 - d7, t1 = d1 + d6, t6 = d1 - d6;
  const t2 = d2 + d5, t5 = d2 - d5, t3 = d3 + d4, t4 = d3 - d4;
  // Even part.
  const t10 = t0 + t3, t13 = t0 - t3, t11 = t1 + t2, t12 = t1 - t2;
  b[o] = t10 + t11;
  b[o + 4 * step] = t10 - t11;
  const z1 = (t12 + t13) * 0.707106781;
  b[o + 2 * step] = t13 + z1;
  b[o + 6 * step] = t13 - z1;
  // Odd part.
  const u10 = t4 + t5, u11 = t5 + t6, u12 = t6 + t7;
  const z5 = (u10 - u12) * 0.382683433;
  const z2 = 0.5411961 * u10 + z5;
  const z4 = 1.306562965 * u12 + z5;
  const z3 = u11 * 0.707106781;
  const z11 = t7 + z3, z13 = t7 - z3;
  b[o + 5 * step] = z13 + z2;
  b[o + 3 * step] = z13 - z2;
  b[o + step] = z11 + z4;
  b[o + 7 * step] = z11 - z4;
}

interface HuffmanTable {
  code: Uint16Array;
  length: Uint8Array;
  bits: number[];
  values: number[];
}

function huffman(bits: number[], values: number[]): HuffmanTable {
  const code = new Uint16Array(256);
  const length = new Uint8Array(256);
  let next = 0;
  let k = 0;
  for (let len = 1; len <= 16; len++) {
    for (let i = 0; i < bits[len - 1]!; i++) {
      code[values[k]!] = next++;
      length[values[k]!] = len;
      k++;
    }
    next <<= 1;
  }
  return { code, length, bits, values };
}

const DC_LUMA = huffman(DC_LUMA_BITS, DC_VALUES);
const DC_CHROMA = huffman(DC_CHROMA_BITS, DC_VALUES);
const AC_LUMA = huffman(AC_LUMA_BITS, AC_LUMA_VALUES);
const AC_CHROMA = huffman(AC_CHROMA_BITS, AC_CHROMA_VALUES);

/** What the AAN DCT's outputs are divided by: the quantiser times the DCT's own scale. */
function divisorsOf(q: Uint8Array): Float64Array {
  return Float64Array.from(q, (v, n) => v * AAN[n >> 3]! * AAN[n & 7]! * 8);
}

function scaledTable(base: readonly number[], quality: number): Uint8Array {
  // libjpeg's quality scaling (jcparam.c), so "quality 85" means what it means elsewhere.
  const q = Math.min(100, Math.max(1, Math.round(quality)));
  const scale = q < 50 ? Math.floor(5000 / q) : 200 - 2 * q;
  return Uint8Array.from(base, (v) => Math.min(255, Math.max(1, Math.floor((v * scale + 50) / 100))));
}

/** Entropy-coded segment writer: MSB-first bits, a 0x00 stuffed after every 0xFF (T.81 F.1.2.3). */
class BitWriter {
  private buf = Buffer.alloc(1 << 16);
  private len = 0;
  private acc = 0;
  private nbits = 0;

  /** Appends the low `count` bits of `value` (up to 26: a Huffman code and its magnitude bits). */
  bits(value: number, count: number): void {
    if (count > 16) {
      this.bits(value >>> 16, count - 16);
      this.bits(value & 0xffff, 16);
      return;
    }
    // At most 7 pending bits plus 16 new ones: the accumulator stays well inside 32 bits.
    this.acc = (this.acc << count) | (value & ((1 << count) - 1));
    this.nbits += count;
    while (this.nbits >= 8) {
      this.nbits -= 8;
      const byte = (this.acc >>> this.nbits) & 0xff;
      this.byte(byte);
      if (byte === 0xff) this.byte(0);
    }
    this.acc &= (1 << this.nbits) - 1;
  }

  /** Pads the last byte with 1 bits, as T.81 F.1.2.3 asks. */
  finish(): Buffer {
    if (this.nbits > 0) this.bits(0x7f, 8 - this.nbits);
    return this.buf.subarray(0, this.len);
  }

  private byte(b: number): void {
    if (this.len === this.buf.length) {
      const bigger = Buffer.alloc(this.buf.length * 2);
      this.buf.copy(bigger);
      this.buf = bigger;
    }
    this.buf[this.len++] = b;
  }
}

/** The magnitude category (bit length of |v|), T.81 F.1.2.1. */
function category(v: number): number {
  return 32 - Math.clz32(v < 0 ? -v : v);
}

/** Forward DCT, quantisation and Huffman coding of one 8×8 block; returns the new DC predictor. */
function encodeBlock(out: BitWriter, block: Float64Array, zz: Int32Array, divisors: Float64Array, prevDc: number, dc: HuffmanTable, ac: HuffmanTable): number {
  // Rows, then columns (the 2-D DCT is separable).
  for (let r = 0; r < 8; r++) fdct8(block, r * 8, 1);
  for (let c = 0; c < 8; c++) fdct8(block, c, 8);
  for (let k = 0; k < 64; k++) {
    const n = ZIGZAG[k]!;
    const q = Math.round(block[n]! / divisors[n]!);
    // AC magnitudes are capped at category 10, the largest the AC tables code (DC goes to 11).
    zz[k] = k === 0 ? q : q > 1023 ? 1023 : q < -1023 ? -1023 : q;
  }
  const diff = zz[0]! - prevDc;
  const dcCat = category(diff);
  // Code and magnitude bits in one call: negative values are sent as diff - 1 (ones' complement).
  out.bits((dc.code[dcCat]! << dcCat) | ((diff < 0 ? diff - 1 : diff) & ((1 << dcCat) - 1)), dc.length[dcCat]! + dcCat);
  let run = 0;
  for (let k = 1; k < 64; k++) {
    const v = zz[k]!;
    if (v === 0) {
      run++;
      continue;
    }
    while (run > 15) {
      out.bits(ac.code[0xf0]!, ac.length[0xf0]!);
      run -= 16;
    }
    const cat = category(v);
    const sym = (run << 4) | cat;
    out.bits((ac.code[sym]! << cat) | ((v < 0 ? v - 1 : v) & ((1 << cat) - 1)), ac.length[sym]! + cat);
    run = 0;
  }
  if (run > 0) out.bits(ac.code[0]!, ac.length[0]!);
  return zz[0]!;
}

function segment(marker: number, body: Uint8Array): Buffer {
  const head = Buffer.alloc(4);
  head[0] = 0xff;
  head[1] = marker;
  head.writeUInt16BE(body.length + 2, 2);
  return Buffer.concat([head, body]);
}

function dht(tableClassAndId: number, t: HuffmanTable): Buffer {
  return segment(0xc4, Buffer.from([tableClassAndId, ...t.bits, ...t.values]));
}

/** Encodes an RGB image as a baseline JFIF JPEG with 2×2 chroma subsampling. */
export function encodeJpeg(img: RgbImage, quality = 85, comment = "Lifeboat demo account"): Buffer {
  const { width, height, rgb } = img;
  if (width < 1 || height < 1 || width > 65535 || height > 65535) throw new Error(`JPEG size out of range: ${width}x${height}`);
  const lq = scaledTable(LUMA_Q, quality);
  const cq = scaledTable(CHROMA_Q, quality);

  const jfif = Buffer.from([0x4a, 0x46, 0x49, 0x46, 0x00, 1, 1, 1, 0, 72, 0, 72, 0, 0]); // "JFIF\0" v1.01, 72 dpi, no thumbnail
  const dqt = Buffer.concat([Buffer.from([0x00]), Buffer.from(ZIGZAG.map((n) => lq[n]!)), Buffer.from([0x01]), Buffer.from(ZIGZAG.map((n) => cq[n]!))]);
  const sof = Buffer.alloc(15);
  sof[0] = 8;
  sof.writeUInt16BE(height, 1);
  sof.writeUInt16BE(width, 3);
  sof[5] = 3;
  sof.set([1, 0x22, 0, 2, 0x11, 1, 3, 0x11, 1], 6); // Y 2×2 with table 0; Cb, Cr 1×1 with table 1
  const sos = Buffer.from([3, 1, 0x00, 2, 0x11, 3, 0x11, 0, 63, 0]);

  const ld = divisorsOf(lq);
  const cd = divisorsOf(cq);
  const out = new BitWriter();
  const block = new Float64Array(64);
  const zz = new Int32Array(64);
  const cb = new Float64Array(256);
  const cr = new Float64Array(256);
  const yv = new Float64Array(256);
  let dcY = 0;
  let dcCb = 0;
  let dcCr = 0;
  for (let my = 0; my < height; my += 16) {
    for (let mx = 0; mx < width; mx += 16) {
      // Colour conversion of one 16×16 MCU (T.81 / JFIF), edges repeat the last row or column.
      for (let j = 0; j < 16; j++) {
        const sy = Math.min(my + j, height - 1);
        for (let i = 0; i < 16; i++) {
          const sx = Math.min(mx + i, width - 1);
          const p = (sy * width + sx) * 3;
          const r = rgb[p]!;
          const g = rgb[p + 1]!;
          const b = rgb[p + 2]!;
          yv[j * 16 + i] = 0.299 * r + 0.587 * g + 0.114 * b - 128;
          cb[j * 16 + i] = -0.168736 * r - 0.331264 * g + 0.5 * b;
          cr[j * 16 + i] = 0.5 * r - 0.418688 * g - 0.081312 * b;
        }
      }
      for (const [ox, oy] of [[0, 0], [8, 0], [0, 8], [8, 8]] as const) {
        for (let j = 0; j < 8; j++) for (let i = 0; i < 8; i++) block[j * 8 + i] = yv[(oy + j) * 16 + ox + i]!;
        dcY = encodeBlock(out, block, zz, ld, dcY, DC_LUMA, AC_LUMA);
      }
      for (const [plane, which] of [[cb, 0], [cr, 1]] as const) {
        for (let j = 0; j < 8; j++) {
          for (let i = 0; i < 8; i++) {
            const a = (2 * j) * 16 + 2 * i;
            block[j * 8 + i] = (plane[a]! + plane[a + 1]! + plane[a + 16]! + plane[a + 17]!) / 4;
          }
        }
        if (which === 0) dcCb = encodeBlock(out, block, zz, cd, dcCb, DC_CHROMA, AC_CHROMA);
        else dcCr = encodeBlock(out, block, zz, cd, dcCr, DC_CHROMA, AC_CHROMA);
      }
    }
  }
  return Buffer.concat([
    Buffer.from([0xff, 0xd8]),
    segment(0xe0, jfif),
    segment(0xfe, Buffer.from(comment, "utf8")),
    segment(0xdb, dqt),
    segment(0xc0, sof),
    dht(0x00, DC_LUMA),
    dht(0x10, AC_LUMA),
    dht(0x01, DC_CHROMA),
    dht(0x11, AC_CHROMA),
    segment(0xda, sos),
    out.finish(),
    Buffer.from([0xff, 0xd9]),
  ]);
}
