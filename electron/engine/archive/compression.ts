import { promisify } from "node:util";
import { deflateRawSync, gunzip, gunzipSync, gzip } from "node:zlib";

const gzipAsync = promisify(gzip);
const gunzipAsync = promisify(gunzip);

const SAMPLE = 16 * 1024;

// Signatures of formats that are compressed already (JPEG, PNG, GIF, WebP/RIFF, zip and its
// offspring (docx, xlsx, epub...), gzip, 7z, xz, bzip2, PDF streams are mixed so not listed).
const COMPRESSED_MAGIC: number[][] = [
  [0xff, 0xd8, 0xff],
  [0x89, 0x50, 0x4e, 0x47],
  [0x47, 0x49, 0x46, 0x38],
  [0x52, 0x49, 0x46, 0x46],
  [0x50, 0x4b, 0x03, 0x04],
  [0x1f, 0x8b],
  [0x37, 0x7a, 0xbc, 0xaf],
  [0xfd, 0x37, 0x7a, 0x58],
  [0x42, 0x5a, 0x68],
];

function alreadyCompressed(data: Buffer): boolean {
  if (COMPRESSED_MAGIC.some((m) => m.every((b, i) => data[i] === b))) return true;
  // ISO media (mp4, mov, heic): "ftyp" at offset 4.
  return data.length > 12 && data.toString("latin1", 4, 8) === "ftyp";
}
const ASYNC_ABOVE = 1 << 20;

/**
 * The cheap test before gzip: a known compressed format, or a level-1 deflate of a sample that
 * barely shrinks. Small pieces are always worth trying. The content workers run it, so the main
 * thread only compresses what may pay.
 */
export function looksIncompressible(data: Buffer): boolean {
  if (data.length <= SAMPLE) return false;
  if (alreadyCompressed(data)) return true;
  const sample = data.subarray(0, SAMPLE);
  // Byte entropy first (a tenth of a deflate's cost): near 8 bits a byte is random-looking (the
  // body of a photo or video), well below is text; only what is in between is deflated to decide.
  const h = byteEntropy(sample);
  if (h > 7.95) return true;
  if (h < 7) return false;
  return deflateRawSync(sample, { level: 1 }).length > SAMPLE * 0.9;
}

/** Shannon entropy of the bytes, in bits per byte (0 to 8). */
function byteEntropy(bytes: Uint8Array): number {
  const counts = new Uint32Array(256);
  for (let i = 0; i < bytes.length; i++) counts[bytes[i]!]!++;
  let h = 0;
  for (let i = 0; i < 256; i++) {
    const c = counts[i]!;
    if (c === 0) continue;
    const p = c / bytes.length;
    h -= p * Math.log2(p);
  }
  return h;
}

/**
 * Compress only where it pays: text (mail, calendars, contacts, documents) shrinks a lot, while
 * photos and videos are already compressed. For pieces above a few KiB a fast level-1 deflate of a
 * sample decides, so incompressible data costs almost nothing. gzip (not zstd or brotli) because
 * every system can gunzip, which keeps the manual recovery recipe standard. The work runs on the
 * libuv thread pool, so it overlaps with hashing and encrypting on the main thread.
 */
export async function maybeCompress(data: Buffer, knownIncompressible?: boolean): Promise<{ stored: Buffer; gz: boolean }> {
  if (data.length < 128) return { stored: data, gz: false };
  if (knownIncompressible ?? looksIncompressible(data)) return { stored: data, gz: false };
  // Level 4: within 2% of level 6's size on mail, a third faster.
  // An output buffer as large as the input: one round trip to the thread pool instead of one per 16 KiB.
  const compressed = await gzipAsync(data, { level: 4, chunkSize: Math.max(16 * 1024, Math.min(data.length, 8 << 20)) });
  if (compressed.length >= data.length * 0.95) return { stored: data, gz: false };
  return { stored: compressed, gz: true };
}

export async function decompress(stored: Buffer, gz: boolean): Promise<Buffer> {
  if (!gz) return stored;
  // Large output chunks: with the default 16 KiB, gunzipping a 1 MiB bundle costs three times as
  // much, mostly in per-chunk callbacks on the main thread.
  return stored.length > ASYNC_ABOVE / 4 ? gunzipAsync(stored, { chunkSize: 1 << 18 }) : gunzipSync(stored);
}
