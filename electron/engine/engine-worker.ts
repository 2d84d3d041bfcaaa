// The engine's worker thread script: one script for every kind of worker, so the packaged app
// bundles one worker entry (electron.vite.config.ts) and worker-script.ts finds it. What it does
// is chosen by workerData.mode, and only that mode's code is loaded (a worker starts in a
// cold process too):
// - "content": a backup's content worker (backup/content-worker-loop.ts, started by content-pool.ts);
// - "sha256": hashes packs as they are written (archive/sha256-worker-loop.ts);
// - "restore": restores files (restore/restore-worker-loop.ts, started by restore-workers.ts);
// - "walk": walks a folder once and posts what it saw (sources/folder/walk-worker.ts).
import { parentPort, workerData } from "node:worker_threads";
import type { ContentWorkerInit } from "./backup/content-worker-loop.js";
import type { RestoreWorkerInit } from "./restore/restore-protocol.js";
import type { WalkWorkerInit } from "./sources/folder/walk-worker.js";

const port = parentPort;
if (!port) throw new Error("engine-worker.js runs as a worker thread only");
const init = workerData as { mode: "sha256" } | ContentWorkerInit | RestoreWorkerInit | WalkWorkerInit;
if (init.mode === "sha256") (await import("./archive/sha256-worker-loop.js")).runSha256Worker(port);
else if (init.mode === "restore") (await import("./restore/restore-worker-loop.js")).runRestoreWorker(port, init);
else if (init.mode === "walk") {
  const { walkSync } = await import("./sources/folder/folder-walk.js");
  try {
    port.postMessage(walkSync(init.root));
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    port.postMessage({ error: { message: err instanceof Error ? err.message : String(err), ...(typeof code === "string" ? { code } : {}) } });
  }
} else (await import("./backup/content-worker-loop.js")).runContentWorker(port, init);
