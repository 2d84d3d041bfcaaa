// Packs are named by their SHA-256, taken in a worker thread during a backup: the digest must be
// exactly the bytes written, in order, for files hashed one after another, also after one that was
// abandoned half way, for chunks in shared memory (hashed in place) and in ordinary buffers.
import assert from "node:assert/strict";
import { createHash, randomBytes } from "node:crypto";
import { test } from "node:test";
import { startHashService } from "../../../electron/engine/backup/content-pool.js";

test("the hashing worker's digests equal node:crypto's, file after file, whatever the buffers", async () => {
  const service = startHashService();
  assert.ok(service, "the worker script is built beside content-pool.js");
  try {
    // An abandoned file first: its bytes must not leak into the next digest.
    const abandoned = service.newFile();
    abandoned.update(randomBytes(1000), () => undefined);
    for (const sizes of [[0], [1, 2, 3], [1 << 20, 65552, 7, 3 << 20]]) {
      const hasher = service.newFile();
      const expected = createHash("sha256");
      let through = 0;
      for (const [i, n] of sizes.entries()) {
        const bytes = randomBytes(n);
        // Every other chunk in shared memory, as the pack writer's output buffers are.
        const chunk = i % 2 === 0 ? Buffer.from(new SharedArrayBuffer(n + 10), 5, n) : bytes;
        if (i % 2 === 0) bytes.copy(chunk);
        expected.update(bytes);
        hasher.update(chunk, () => through++);
      }
      assert.equal(await hasher.digest(), expected.digest("hex"), `chunks of ${sizes.join(", ")} bytes`);
      assert.equal(through, sizes.length, "every chunk was reported hashed before the digest");
    }
  } finally {
    await service.close();
  }
});
