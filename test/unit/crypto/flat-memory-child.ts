// Child process for age-flat-memory.test.ts (not a test file). Generates a ~600 MiB plaintext by
// writing the same random 1 MiB block repeatedly, encrypts it with encryptFile, decrypts it with
// decryptFileChunks (hashing, never holding it), reads some ranges with AgeRandomAccessReader,
// and prints one JSON line with the hashes and this process's peak RSS.
// Runs only when LIFEBOAT_FLAT_MEMORY_CHILD=1, so a test runner that picks it up does nothing.
import { createHash, randomBytes } from "node:crypto";
import { open, rm } from "node:fs/promises";
import { join } from "node:path";
import { encryptFile, generateIdentity, identityToRecipient } from "../../../electron/engine/crypto/age-bytes.js";
import { AgeRandomAccessReader, decryptFileChunks } from "../../../electron/engine/crypto/age-decryptor.js";
import { selectAeadBackend } from "../../../electron/engine/crypto/aead-backend.js";

async function main(dir: string, mib: number): Promise<void> {
  const backend = selectAeadBackend(); // LIFEBOAT_AEAD picks it
  const identity = await generateIdentity();
  const recipient = await identityToRecipient(identity);
  const plainPath = join(dir, "plain.bin");
  const encPath = join(dir, "plain.bin.age");

  const block = randomBytes(1024 * 1024);
  const plainHash = createHash("sha256");
  const fh = await open(plainPath, "w");
  try {
    for (let i = 0; i < mib; i++) {
      await fh.write(block, 0, block.length);
      plainHash.update(block);
    }
  } finally {
    await fh.close();
  }
  // An odd tail, so the final chunk is short.
  const tail = block.subarray(0, 12345);
  await (async () => {
    const t = await open(plainPath, "a");
    try {
      await t.write(tail);
    } finally {
      await t.close();
    }
  })();
  plainHash.update(tail);
  const plaintextSize = mib * block.length + tail.length;

  await encryptFile([recipient], plainPath, encPath, backend);
  await rm(plainPath);

  const outHash = createHash("sha256");
  let decrypted = 0;
  for await (const chunk of decryptFileChunks(encPath, [identity], backend)) {
    outHash.update(chunk);
    decrypted += chunk.length;
  }

  const reader = await AgeRandomAccessReader.open(encPath, [identity], backend);
  let rangesOk = true;
  try {
    for (const offset of [0, 5 * 1024 * 1024 + 77, plaintextSize - 70_000]) {
      const got = await reader.read(offset, 70_000);
      const blockOffset = offset % block.length;
      const expected = Buffer.concat([block, block]).subarray(blockOffset, blockOffset + 70_000);
      if (!got.equals(expected)) rangesOk = false;
    }
  } finally {
    await reader.close();
  }
  await rm(encPath);

  process.stdout.write(
    JSON.stringify({
      backend: backend.name,
      plaintextSize,
      decrypted,
      plainHash: plainHash.digest("hex"),
      outHash: outHash.digest("hex"),
      rangesOk,
      maxRssKiB: process.resourceUsage().maxRSS,
    }) + "\n",
  );
}

if (process.env["LIFEBOAT_FLAT_MEMORY_CHILD"] === "1") {
  const [dir, mib] = process.argv.slice(2);
  if (!dir || !mib) throw new Error("usage: flat-memory-child.js <dir> <MiB>");
  await main(dir, Number(mib));
}
