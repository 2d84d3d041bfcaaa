import type { GraphClient } from "../graph/graph-client.js";
import { GraphError } from "../graph/graph-error.js";
import { QuickXorHash } from "../quick-xor-hash.js";

const RESUMES = 5;

/**
 * A OneDrive file's bytes as a stream of pieces, in flat memory whatever its size. A dropped
 * connection resumes with Range from the last byte received (a fresh pre-authenticated URL each
 * time); at the end the QuickXorHash and size must match what the drive reported, or the item fails
 * (and is retried next run) rather than storing wrong bytes.
 */
export async function* downloadDriveFile(graph: GraphClient, itemId: string, expect: { size?: number; quickXorHash?: string }, signal?: AbortSignal): AsyncGenerator<Buffer> {
  const qx = new QuickXorHash();
  let got = 0;
  let resumes = 0;
  for (;;) {
    let stream;
    let skip = 0;
    try {
      ({ stream, skip } = await graph.download(`/me/drive/items/${encodeURIComponent(itemId)}/content`, got));
    } catch (err) {
      if (err instanceof GraphError && err.has("malwareDetected")) throw new GraphError(err.status, "malwareDetected", "OneDrive flags this file as malware and will not hand it out.");
      throw err;
    }
    try {
      for await (const raw of stream) {
        if (signal?.aborted) throw new Error("interrupted");
        let piece = raw as Buffer;
        if (skip > 0) {
          // The server ignored Range and sent the whole file: drop what we already have.
          const drop = Math.min(skip, piece.length);
          skip -= drop;
          piece = piece.subarray(drop);
          if (piece.length === 0) continue;
        }
        qx.update(piece);
        got += piece.length;
        yield piece;
      }
      if (expect.size !== undefined && got < expect.size) throw Object.assign(new Error("the download ended early"), { code: "ECONNRESET" });
      break;
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code;
      if (signal?.aborted || resumes >= RESUMES || !(code === "ECONNRESET" || code === "ERR_STREAM_PREMATURE_CLOSE" || code === "ETIMEDOUT" || code === "EPIPE")) throw err;
      resumes++;
      stream.destroy();
    }
  }
  if (expect.size !== undefined && got !== expect.size) throw new Error(`OneDrive sent ${got} bytes for a file it lists as ${expect.size} bytes; it will be fetched again next run.`);
  const digest = qx.digest();
  if (expect.quickXorHash && digest !== expect.quickXorHash) throw new Error(`The downloaded bytes do not match OneDrive's QuickXorHash (${digest} ≠ ${expect.quickXorHash}); the file will be fetched again next run.`);
}
