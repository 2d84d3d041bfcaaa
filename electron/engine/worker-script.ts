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

/** LIFEBOAT_CONTENT_WORKERS when set: the number of workers for everything (0 = all on the main thread). */
function forcedCount(): number | null {
  const forced = process.env["LIFEBOAT_CONTENT_WORKERS"];
  if (forced === undefined || forced === "") return null;
  const n = Number(forced);
  if (!Number.isInteger(n) || n < 0 || n > 64) throw new Error(`LIFEBOAT_CONTENT_WORKERS must be a whole number from 0 to 64, not ${JSON.stringify(forced)}`);
  return n;
}

/** How many worker threads a restore starts: LIFEBOAT_CONTENT_WORKERS, else one per core, at most 4. */
export function workerCount(): number {
  return forcedCount() ?? Math.min(4, Math.max(1, os.availableParallelism()));
}

/**
 * How many content workers a backup starts: LIFEBOAT_CONTENT_WORKERS, else one more than the
 * cores, at most 4. A content worker waits now and then: on the disk (it reads its files itself)
 * and for its blobs to be stored (in the order the items were handed over). On 2 cores a third
 * worker made the bench's full backup 5% faster in each of five alternating pairs (peak RSS +75
 * MiB); a fourth gained nothing. A restore worker hardly waits, and a third one there was slower.
 */
export function backupWorkerCount(): number {
  return forcedCount() ?? Math.min(4, Math.max(1, os.availableParallelism()) + 1);
}
