// A PNG encoder (8-bit RGB, zlib from Node), enough for the demo's generated pictures: photos sent
// by mail, contact photos, screenshots, scans. No dependency, and the bytes depend only on the
// pixels and the zlib level.
import { crc32, deflateSync } from "node:zlib";

const SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

export interface RgbImage {
  width: number;
  height: number;
  /** width * height * 3 bytes, rows top to bottom. */
  rgb: Uint8Array;
}

function chunk(type: string, data: Uint8Array): Buffer {
  const head = Buffer.alloc(8);
  head.writeUInt32BE(data.length, 0);
  head.write(type, 4, "ascii");
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(data, crc32(head.subarray(4))) >>> 0);
  return Buffer.concat([head, data, crc]);
}

/**
 * `level` 0 stores the pixels uncompressed (big, instant: the scans in the large archive); 6–9 make
 * the small files a camera or screenshot tool would. `pngText` adds tEXt chunks (keyword → value).
 */
export function encodePng(img: RgbImage, level = 6, pngText: Record<string, string> = {}): Buffer {
  const { width, height, rgb } = img;
  const stride = width * 3;
  const raw = Buffer.alloc((stride + 1) * height);
  for (let y = 0; y < height; y++) {
    const row = y * (stride + 1);
    // Filter "Sub" (1) for compressible images: smooth gradients become runs of small deltas.
    const filter = level === 0 ? 0 : 1;
    raw[row] = filter;
    const src = y * stride;
    if (filter === 0) {
      raw.set(rgb.subarray(src, src + stride), row + 1);
    } else {
      for (let x = 0; x < stride; x++) {
        const left = x >= 3 ? rgb[src + x - 3]! : 0;
        raw[row + 1 + x] = (rgb[src + x]! - left) & 0xff;
      }
    }
  }
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(width, 0);
  ihdr.writeUInt32BE(height, 4);
  ihdr[8] = 8; // bit depth
  ihdr[9] = 2; // colour type: truecolour
  const texts = Object.entries(pngText).map(([k, v]) => chunk("tEXt", Buffer.from(`${k}\0${v}`, "latin1")));
  return Buffer.concat([SIGNATURE, chunk("IHDR", ihdr), ...texts, chunk("IDAT", deflateSync(raw, { level })), chunk("IEND", Buffer.alloc(0))]);
}
