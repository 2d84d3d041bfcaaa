// The engine's worker thread script: one script for every kind of worker, so the packaged app
// bundles one worker entry (electron.vite.config.ts) and worker-script.ts finds it. What it does
// is chosen by workerData.mode:
// - "content": a backup's content worker (backup/content-worker-loop.ts, started by content-pool.ts);
// - "sha256": hashes packs as they are written (archive/sha256-worker-loop.ts);
// - "restore": restores files (restore/restore-worker-loop.ts, started by restore-workers.ts).
import { parentPort, workerData } from "node:worker_threads";
import { runSha256Worker } from "./archive/sha256-worker-loop.js";
import { type ContentWorkerInit, runContentWorker } from "./backup/content-worker-loop.js";
import type { RestoreWorkerInit } from "./restore/restore-protocol.js";
import { runRestoreWorker } from "./restore/restore-worker-loop.js";

const port = parentPort;
if (!port) throw new Error("engine-worker.js runs as a worker thread only");
const init = workerData as { mode: "sha256" } | ContentWorkerInit | RestoreWorkerInit;
if (init.mode === "sha256") runSha256Worker(port);
else if (init.mode === "restore") runRestoreWorker(port, init);
else runContentWorker(port, init);
