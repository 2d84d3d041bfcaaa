import { closeSync, openSync, readSync } from "node:fs";

/** A file on a local disk, given by a source to be read by the engine itself (in a content worker). */
export interface LocalFile {
  localPath: string;
  /** Its size when the source listed it; what is read decides the stored size. */
  size: number;
}

export function isLocalFile(x: unknown): x is LocalFile {
  return typeof x === "object" && x !== null && typeof (x as LocalFile).localPath === "string" && typeof (x as LocalFile).size === "number";
}

/** The read size; also the size of the scratch buffer callers pass in. */
export const READ_PIECE = 1 << 20;

/**
 * Reads a file as views of `scratch` (each valid until the next one is asked for), so reading
 * allocates nothing. Synchronous on purpose: it runs in a content worker, where blocking costs
 * nothing and no thread-pool round trip is paid per piece. The listed size is read first; a file
 * that shrank ends where its data ends, one that grew is read on to its new end.
 */
export function* readLocalFile(file: LocalFile, scratch: Buffer = Buffer.allocUnsafe(READ_PIECE)): Generator<Buffer> {
  const fd = openSync(file.localPath, "r");
  try {
    let position = 0;
    for (;;) {
      let got = 0;
      while (got < scratch.length) {
        const n = readSync(fd, scratch, got, scratch.length - got, position + got);
        if (n === 0) break;
        got += n;
      }
      if (got === 0) return;
      position += got;
      yield scratch.subarray(0, got);
      if (got < scratch.length) return;
    }
  } finally {
    closeSync(fd);
  }
}
