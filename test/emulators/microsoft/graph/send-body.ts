// Writing a response body to the client: a buffer at once; a stream (a generated file of any size)
// one piece at a time, waiting for the socket to drain so memory stays flat however slow the
// client reads; and, for the dropped-connection fault, the first N bytes and then a closed socket.
import type { ServerResponse } from "node:http";
import { Readable } from "node:stream";

/** Resolves when the socket takes more, or is gone. */
function drained(res: ServerResponse): Promise<void> {
  return new Promise((resolve) => {
    const done = (): void => {
      res.off("drain", done);
      res.off("close", done);
      resolve();
    };
    res.on("drain", done);
    res.on("close", done);
  });
}

/** Sends `bytes`, waits until they are handed to the kernel (so the client gets them), then cuts. */
async function writeThenCut(res: ServerResponse, bytes: Buffer): Promise<void> {
  if (bytes.length > 0 && !res.destroyed) {
    await new Promise<void>((resolve) => {
      res.once("close", resolve);
      res.write(bytes, () => {
        res.off("close", resolve);
        resolve();
      });
    });
  }
  res.destroy();
}

/** Headers must have been written. `cutAfterBytes` drops the connection after that many body bytes. */
export async function sendBody(res: ServerResponse, body: Buffer | Readable | undefined, cutAfterBytes?: number): Promise<void> {
  if (!(body instanceof Readable)) {
    if (cutAfterBytes === undefined) res.end(body);
    else await writeThenCut(res, (body ?? Buffer.alloc(0)).subarray(0, cutAfterBytes));
    return;
  }
  let sent = 0;
  try {
    for await (const chunk of body as AsyncIterable<Buffer>) {
      if (res.destroyed) return; // the client went away; stop producing
      if (cutAfterBytes !== undefined && sent + chunk.length >= cutAfterBytes) {
        await writeThenCut(res, chunk.subarray(0, cutAfterBytes - sent));
        return;
      }
      sent += chunk.length;
      if (!res.write(chunk)) await drained(res);
    }
    res.end();
  } finally {
    body.destroy();
  }
}
