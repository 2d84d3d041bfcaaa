// The backup's content worker, in a worker thread (engine-worker.ts): reads, hashes, chunks and
// names the blobs of items, so the backup uses more than one core (the main thread compresses
// through the thread pool, encrypts and writes). Blobs are cut straight into a ring of shared
// memory (blob-ring.ts). Started by content-pool.ts; protocol in content-protocol.ts.
import type { MessagePort } from "node:worker_threads";
import { type RingMemory, type RingSlot, RingWriter } from "./blob-ring.js";
import { ContentDigest, type DigestConfig, type DigestedBlob } from "./content-digest.js";
import type { FromWorker, ToWorker } from "./content-protocol.js";
import { readLocalFile, READ_PIECE } from "./local-file-reader.js";

/** What content-pool.ts starts a content worker with. */
export interface ContentWorkerInit {
  mode: "content";
  config: DigestConfig;
  ring: RingMemory;
}

export function runContentWorker(port: MessagePort, { config, ring: memory }: ContentWorkerInit): void {
  const post = (msg: FromWorker): void => port.postMessage(msg);
  const ring = new RingWriter(memory, () => post({ t: "full" }));
  const slots = new Map<Buffer, RingSlot>();
  const alloc = (n: number): Buffer => {
    const { slot, buf } = ring.alloc(n);
    slots.set(buf, slot);
    return buf;
  };
  const scratch = Buffer.allocUnsafe(READ_PIECE);
  const jobs = new Map<number, ContentDigest>();

  function sendBlobs(job: number, blobs: DigestedBlob[]): void {
    for (const b of blobs) {
      const slot = slots.get(b.data)!;
      slots.delete(b.data);
      post({ t: "blob", job, id: b.id, slot, incompressible: b.incompressible });
    }
  }

  port.on("message", (m: ToWorker) => {
    try {
      if (m.t === "piece") {
        let d = jobs.get(m.job);
        if (!d) jobs.set(m.job, (d = new ContentDigest(config, alloc)));
        // In slices, each sent before the next is cut: the blobs of one push hold ring slots that
        // only the main thread can free, so one push must never need more than the ring has.
        const data = Buffer.from(m.data.buffer, m.data.byteOffset, m.data.byteLength);
        for (let off = 0; off < data.length; off += READ_PIECE) sendBlobs(m.job, d.push(data.subarray(off, off + READ_PIECE)));
      } else if (m.t === "end") {
        const d = jobs.get(m.job) ?? new ContentDigest(config, alloc);
        jobs.delete(m.job);
        const { blobs, size, sha256 } = d.finish();
        sendBlobs(m.job, blobs);
        post({ t: "done", job: m.job, size, sha256 });
      } else if (m.t === "file") {
        const d = new ContentDigest(config, alloc, m.size);
        for (const piece of readLocalFile({ localPath: m.path, size: m.size }, scratch)) sendBlobs(m.job, d.push(piece));
        const { blobs, size, sha256 } = d.finish();
        sendBlobs(m.job, blobs);
        post({ t: "done", job: m.job, size, sha256 });
      } else {
        jobs.delete(m.job);
      }
    } catch (err) {
      jobs.delete(m.job);
      // Slots cut but not sent (none are expected) would hold the ring forever: hand them back.
      for (const [buf, slot] of slots) {
        slots.delete(buf);
        post({ t: "blob", job: 0, id: "", slot, incompressible: true });
      }
      const code = (err as NodeJS.ErrnoException).code;
      post({ t: "error", job: m.job, message: err instanceof Error ? err.message : String(err), ...(typeof code === "string" ? { code } : {}) });
    }
  });
}
