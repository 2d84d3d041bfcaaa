import { existsSync } from "node:fs";
import os from "node:os";
import { fileURLToPath } from "node:url";

// Where the engine's worker threads' script is (engine-worker.ts) and how many to start. One script
// for every kind of worker, so the packaged app bundles one worker entry.

/** Beside this module when the engine runs from dist/; the packaged app's bundle points it at its own copy. */
let script: URL = new URL("./engine-worker.js", import.meta.url);

export function setWorkerScript(url: URL): void {
  script = url;
}

/** The worker script's path, or null where it cannot be found (then the work runs on the main thread). */
export function workerScriptPath(): string | null {
  const p = script.protocol === "file:" ? fileURLToPath(script) : null;
  return p && existsSync(p) ? p : null;
}

/**
 * How many worker threads a backup or a restore starts: LIFEBOAT_CONTENT_WORKERS (0 = everything on
 * the main thread), else one per core, at most 4.
 */
export function workerCount(): number {
  const forced = process.env["LIFEBOAT_CONTENT_WORKERS"];
  if (forced !== undefined && forced !== "") {
    const n = Number(forced);
    if (!Number.isInteger(n) || n < 0 || n > 64) throw new Error(`LIFEBOAT_CONTENT_WORKERS must be a whole number from 0 to 64, not ${JSON.stringify(forced)}`);
    return n;
  }
  return Math.min(4, Math.max(1, os.availableParallelism()));
}
