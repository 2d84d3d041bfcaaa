import { promisify } from "node:util";
import { gunzip, gunzipSync } from "node:zlib";

const gunzipAsync = promisify(gunzip);

/** Above this many stored bytes the work goes to the libuv thread pool (as in compression.ts). */
const ASYNC_ABOVE = 256 * 1024;
/** A blob is at most the chunker's 8 MiB; a larger recorded length is damage, not a reason to allocate. */
const MAX_CHUNK_SIZE = 16 << 20;

/**
 * gunzip of a blob whose plaintext length the index records: zlib's default 16 KiB output pieces
 * cost a callback and an allocation each, then a concatenating copy (over half the CPU time of
 * decompressing a 1 MiB mail-archive piece); one output buffer of the expected size costs neither.
 * The result's length is whatever the data holds: the caller still compares it to `rawLength`.
 */
export function gunzipSized(stored: Buffer, rawLength: number): Promise<Buffer> {
  const chunkSize = Math.min(MAX_CHUNK_SIZE, Math.max(64, rawLength));
  if (stored.length <= ASYNC_ABOVE) return Promise.resolve().then(() => gunzipSync(stored, { chunkSize }));
  return gunzipAsync(stored, { chunkSize });
}
