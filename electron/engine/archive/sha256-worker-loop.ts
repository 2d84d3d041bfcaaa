import { createHash, type Hash } from "node:crypto";
import type { MessagePort } from "node:worker_threads";
import type { FromHasher, ToHasher } from "./offloaded-sha256.js";

/** The hashing worker's loop (see offloaded-sha256.ts): one running SHA-256, reset at each file. */
export function runSha256Worker(port: MessagePort): void {
  let hash: Hash = createHash("sha256");
  port.on("message", (m: ToHasher) => {
    if (m.t === "begin") {
      hash = createHash("sha256");
    } else if (m.t === "update") {
      hash.update(m.data);
      port.postMessage({ t: "hashed", seq: m.seq } satisfies FromHasher);
    } else {
      const hex = hash.digest("hex");
      hash = createHash("sha256");
      port.postMessage({ t: "digest", seq: m.seq, hex } satisfies FromHasher);
    }
  });
}
