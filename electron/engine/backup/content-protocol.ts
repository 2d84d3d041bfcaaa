import type { RingSlot } from "./blob-ring.js";

// Messages between the backup's main thread (content-pool.ts) and its content workers
// (content-worker-loop.ts). Bytes go to a worker as transferred ArrayBuffers (never copied by the
// structured clone, which would copy a view's whole backing buffer) and come back in the shared
// ring (blob-ring.ts), named by their slot.

export type ToWorker =
  | { t: "piece"; job: number; data: Uint8Array }
  | { t: "end"; job: number }
  /** A whole local file the worker reads itself, so its bytes never pass through the main thread. */
  | { t: "file"; job: number; path: string; size: number }
  /** The main thread gave up on the item (its source failed mid-read): forget it. */
  | { t: "cancel"; job: number };

export type FromWorker =
  | { t: "blob"; job: number; id: string; slot: RingSlot; incompressible: boolean }
  /** The worker waits for room in its ring: blobs the main thread holds back should be stored now. */
  | { t: "full" }
  | { t: "done"; job: number; size: number; sha256: string }
  /** `code` is the errno code when reading a local file failed (that item fails, not the run). */
  | { t: "error"; job: number; message: string; code?: string };


/**
 * The bytes as a Uint8Array that alone owns its ArrayBuffer, so it can be transferred: the view
 * itself when it already spans its whole buffer (and that buffer is not Node's shared pool of
 * small Buffers, which never spans exactly one view), else a copy.
 */
export function ownedBytes(b: Uint8Array): Uint8Array {
  if (b.byteOffset === 0 && b.byteLength === b.buffer.byteLength && b.buffer instanceof ArrayBuffer) {
    return new Uint8Array(b.buffer, 0, b.byteLength);
  }
  const copy = new Uint8Array(b.byteLength);
  copy.set(b);
  return copy;
}
