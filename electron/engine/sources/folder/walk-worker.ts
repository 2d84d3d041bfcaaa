import { Worker } from "node:worker_threads";
import { workerCount, workerScriptPath } from "../../worker-script.js";
import { type Walk, walkAsync } from "./folder-walk.js";

/** What a walk worker starts with (engine-worker.ts runs walkSync and posts the Walk, or { error }). */
export interface WalkWorkerInit {
  mode: "walk";
  root: string;
}

/**
 * Walks a folder in a worker thread, so the walk (mostly waiting for the disk on a cold cache, and
 * garbage collection) runs beside the main thread's work instead of before it; on the main thread
 * where workers cannot be used.
 */
export function walkFolder(root: string): Promise<Walk> {
  const script = workerScriptPath();
  if (!script || workerCount() === 0) return walkAsync(root);
  return new Promise((resolve, reject) => {
    // A small young generation, as for the content workers: a worker's heap stays with the process
    // after it ends (a backup of one 2 GiB file, which must stay under 200 MiB, counts it).
    const worker = new Worker(script, { workerData: { mode: "walk", root } satisfies WalkWorkerInit, name: "lifeboat-walk", resourceLimits: { maxYoungGenerationSizeMb: 4 } });
    let settled = false;
    worker.once("message", (m: Walk | { error: { message: string; code?: string } }) => {
      settled = true;
      if ("error" in m) reject(Object.assign(new Error(m.error.message), m.error.code ? { code: m.error.code } : {}));
      else resolve(m);
      void worker.terminate();
    });
    worker.once("error", (err) => {
      settled = true;
      reject(err);
    });
    worker.once("exit", (code) => {
      if (!settled) reject(new Error(`The folder walk stopped unexpectedly (exit code ${code}).`));
    });
  });
}
