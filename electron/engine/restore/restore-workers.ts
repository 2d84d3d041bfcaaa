import { Worker } from "node:worker_threads";
import { LifeboatError } from "../errors.js";
import type { FileJob, FileOutcome } from "./file-restorer.js";
import type { FromRestoreWorker, RestoreWorkerInit, ToRestoreWorker } from "./restore-protocol.js";

/** Groups a worker holds at once: the next is there when one ends, so no worker waits. */
const GROUPS_AHEAD = 2;

export interface WorkerRestore {
  script: string;
  workers: number;
  init: Omit<RestoreWorkerInit, "mode">;
  /** Files in groups, handed out whole in this order, each to the next worker with room. */
  groups: FileJob[][];
  /** Called once per file after it ended (in any order, a few at a time); must not throw. */
  done: (job: FileJob, outcome: FileOutcome) => void;
  /** Bytes written, as they are written. */
  progressed: (n: number) => void;
  /** Asked after every file: true starts no more files (the running ones end as usual). */
  stopped: () => boolean;
  /** Stops like `stopped`, without waiting for a file to end. */
  signal?: AbortSignal;
}

interface Slot {
  worker: Worker;
  /** Groups sent and not ended: group number → files still to end. */
  groups: Map<number, number>;
  stopped: boolean;
}

/**
 * Restores files in worker threads (restore-worker-loop.ts), each with its own reader of the
 * archive. Files go out in groups that share a pack (restore-snapshot.ts makes them), so a pack's
 * chunks and bundles are decrypted by one worker, not by each. Resolves once every file has ended,
 * or, after a stop, once the files running then have ended; rejects if a worker fails.
 */
export function restoreInWorkers(o: WorkerRestore): Promise<void> {
  return new Promise((resolve, reject) => {
    const slots: Slot[] = [];
    let next = 0;
    let stopping = false;
    let finished = false;
    const finish = (err?: Error): void => {
      if (finished) return;
      finished = true;
      o.signal?.removeEventListener("abort", stop);
      for (const s of slots) void s.worker.terminate();
      if (err) reject(err);
      else resolve();
    };
    const send = (s: Slot, m: ToRestoreWorker): void => s.worker.postMessage(m);
    const feed = (s: Slot): void => {
      while (!stopping && s.groups.size < GROUPS_AHEAD && next < o.groups.length) {
        const group = next++;
        s.groups.set(group, o.groups[group]!.length);
        send(s, { t: "files", group, files: o.groups[group]! });
      }
      if (!stopping && next >= o.groups.length && slots.every((x) => x.groups.size === 0)) finish();
    };
    function stop(): void {
      if (stopping || finished) return;
      stopping = true;
      for (const s of slots) send(s, { t: "stop" });
    }
    const onMessage = (s: Slot, m: FromRestoreWorker): void => {
      if (finished) return;
      if (m.t === "bytes") return o.progressed(m.n);
      if (m.t === "stopped") {
        s.stopped = true;
        if (slots.every((x) => x.stopped)) finish();
        return;
      }
      o.progressed(m.progressed);
      for (const [group, index, outcome] of m.files) {
        o.done(o.groups[group]![index]!, outcome);
        const left = s.groups.get(group)! - 1;
        if (left > 0) s.groups.set(group, left);
        else s.groups.delete(group);
      }
      if (o.stopped()) stop();
      else feed(s);
    };
    o.signal?.addEventListener("abort", stop);
    const count = Math.max(1, Math.min(o.workers, o.groups.length));
    for (let i = 0; i < count; i++) {
      const worker = new Worker(o.script, { workerData: { mode: "restore", ...o.init } satisfies RestoreWorkerInit, name: `lifeboat-restore-${i}` });
      const s: Slot = { worker, groups: new Map(), stopped: false };
      worker.on("message", (m: FromRestoreWorker) => onMessage(s, m));
      worker.on("error", (err) => finish(new LifeboatError(`A restore worker failed: ${err.message}. What was restored so far is complete; run the restore again.`)));
      worker.on("exit", (code) => finish(new LifeboatError(`A restore worker stopped unexpectedly (exit code ${code}). What was restored so far is complete; run the restore again.`)));
      slots.push(s);
    }
    if (o.signal?.aborted || o.stopped()) stop();
    else for (const s of slots) feed(s);
  });
}
