import type { MessagePort } from "node:worker_threads";
import { ArchiveLayout } from "../archive/archive-layout.js";
import { BlobIndex } from "../archive/blob-index.js";
import { BlobReader } from "../archive/blob-reader.js";
import { type FileJob, FileRestorer } from "./file-restorer.js";
import type { FromRestoreWorker, RestoreWorkerInit, ToRestoreWorker } from "./restore-protocol.js";
import { syncOutput } from "./output-file.js";
import { RestoreQueue } from "./restore-queue.js";

/** Idle plaintext buffers a worker keeps for reuse. */
const POOL_BYTES = 32 << 20;
/** Progress within files is reported every this many bytes. */
const REPORT_BYTES = 8 << 20;

type WorkerJob = FileJob & { group: number; index: number };

/**
 * A restore worker, in a worker thread (engine-worker.ts): restores the groups of files it is sent
 * with its own reader of the archive, so decrypting, hashing and writing run on every core.
 */
export function runRestoreWorker(port: MessagePort, init: RestoreWorkerInit): void {
  const post = (m: FromRestoreWorker): void => port.postMessage(m);
  const index = new BlobIndex();
  for (const [id, loc] of init.blobs) index.blobs.set(id, loc);
  const idKey = Buffer.from(init.idKey.buffer, init.idKey.byteOffset, init.idKey.byteLength);
  const reader = new BlobReader(new ArchiveLayout(init.root), init.identity, idKey, index);
  let unreported = 0;
  const restorer = new FileRestorer(reader, POOL_BYTES, (n) => {
    unreported += n;
    if (unreported >= REPORT_BYTES) {
      post({ t: "bytes", n: unreported });
      unreported = 0;
    }
  }, syncOutput);
  const queue = new RestoreQueue<WorkerJob>(restorer, (job, outcome) => {
    post({ t: "file", group: job.group, index: job.index, outcome, progressed: unreported });
    unreported = 0;
  });
  port.on("message", (m: ToRestoreWorker) => {
    if (m.t === "files") {
      queue.add(m.files.map((f, index) => ({ ...f, group: m.group, index })));
    } else {
      queue.stop();
      void queue
        .idle()
        .then(() => reader.close())
        .then(() => post({ t: "stopped" }));
    }
  });
}
