import { promisify } from "node:util";
import { deflateRawSync, gunzip, gzip, constants as zc } from "node:zlib";

const gzipAsync = promisify(gzip);
const gunzipAsync = promisify(gunzip);

const SAMPLE = 32 * 1024;

/**
 * Compress only where it pays: text (mail, calendars, contacts, documents) shrinks a lot, while
 * photos and videos are already compressed. A fast level-1 deflate of a sample decides, so
 * incompressible data costs almost nothing. gzip (not zstd) because every system can gunzip, which
 * keeps the manual recovery recipe standard.
 */
export async function maybeCompress(data: Buffer): Promise<{ stored: Buffer; gz: boolean }> {
  if (data.length < 128) return { stored: data, gz: false };
  const sample = data.length > SAMPLE ? data.subarray(0, SAMPLE) : data;
  const probe = deflateRawSync(sample, { level: 1 });
  if (probe.length > sample.length * 0.9) return { stored: data, gz: false };
  // zlib runs on the libuv thread pool, so it overlaps with reading and encrypting.
  const level = data.length > 1 << 20 ? 3 : 6;
  const compressed = await gzipAsync(data, { level, strategy: zc.Z_DEFAULT_STRATEGY });
  if (compressed.length >= data.length * 0.95) return { stored: data, gz: false };
  return { stored: compressed, gz: true };
}

export async function decompress(stored: Buffer, gz: boolean): Promise<Buffer> {
  return gz ? gunzipAsync(stored) : stored;
}
