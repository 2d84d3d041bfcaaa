import type { BlobLocation } from "../archive/blob-index.js";
import type { FileJob, FileOutcome } from "./file-restorer.js";

// Messages between a restore's main thread (restore-workers.ts) and its restore workers
// (restore-worker-loop.ts). A worker reads, decrypts, checks and writes whole files itself; only
// the list of files goes in and how each ended comes back, so no file byte crosses threads.

/** What a restore worker starts with: enough to read the archive's blobs on its own. */
export interface RestoreWorkerInit {
  mode: "restore";
  /** The archive's root folder. */
  root: string;
  /** The archive's age identity (in memory only: workerData is never written anywhere). */
  identity: string;
  idKey: Uint8Array;
  /** Where each blob the restore needs is (a part of the index). */
  blobs: Array<[string, BlobLocation]>;
}

export type ToRestoreWorker =
  /** A group of files (those whose content starts in one pack), numbered by the main thread. */
  | { t: "files"; group: number; files: FileJob[] }
  /** Start no more files; answer "stopped" once the running ones have ended. */
  | { t: "stop" };

export type FromRestoreWorker =
  /**
   * Files that have ended, as [group, index in the group, outcome] (sent a few at a time: one
   * message per file was 4% of a worker's time); `progressed` is bytes written not yet reported.
   */
  | { t: "ended"; files: Array<[number, number, FileOutcome]>; progressed: number }
  /** Bytes written so far that no "file" message reported yet (progress within large files). */
  | { t: "bytes"; n: number }
  | { t: "stopped" };
