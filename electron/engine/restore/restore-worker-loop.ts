import type { MessagePort } from "node:worker_threads";
import { ArchiveLayout } from "../archive/archive-layout.js";
import { BlobIndex } from "../archive/blob-index.js";
import { BlobReader } from "../archive/blob-reader.js";
import { type FileJob, type FileOutcome, FileRestorer } from "./file-restorer.js";
import type { FromRestoreWorker, RestoreWorkerInit, ToRestoreWorker } from "./restore-protocol.js";
import { syncOutput } from "./output-file.js";
import { RestoreQueue } from "./restore-queue.js";

/** Idle plaintext buffers a worker keeps for reuse. */
const POOL_BYTES = 32 << 20;
/** Progress within files is reported every this many bytes. */
const REPORT_BYTES = 8 << 20;

/** Ended files are reported in one message when this many have ended, or after FLUSH_MS. */
const FLUSH_FILES = 64;
const FLUSH_MS = 25;

type WorkerJob = FileJob & { group: number; index: number; last: number };

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
  const progressed = (n: number): void => {
    unreported += n;
    if (unreported >= REPORT_BYTES) {
      post({ t: "bytes", n: unreported });
      unreported = 0;
    }
  };
  const restorer = new FileRestorer(reader, POOL_BYTES, progressed, syncOutput);
  let ended: Array<[number, number, FileOutcome]> = [];
  let timer: NodeJS.Timeout | null = null;
  const flush = (): void => {
    if (timer) clearTimeout(timer);
    timer = null;
    if (ended.length === 0) return;
    post({ t: "ended", files: ended, progressed: unreported });
    ended = [];
    unreported = 0;
  };
  const queue = new RestoreQueue<WorkerJob>(restorer, (job, outcome) => {
    ended.push([job.group, job.index, outcome]);
    // Soon, not at once: small files end by the hundred per second. A failure or a group's last
    // file goes at once (the main thread stops, or sends the next group, on it).
    if (!outcome.ok || ended.length >= FLUSH_FILES || job.index === job.last) flush();
    else timer ??= setTimeout(flush, FLUSH_MS);
  });
  port.on("message", (m: ToRestoreWorker) => {
    if (m.t === "files") {
      queue.add(m.files.map((f, index) => ({ ...f, group: m.group, index, last: m.files.length - 1 })));
    } else {
      queue.stop();
      void queue
        .idle()
        .then(() => reader.close())
        .then(() => {
          flush();
          post({ t: "stopped" });
        });
    }
  });
}
