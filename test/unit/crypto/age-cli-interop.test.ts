// Interop with the reference age CLI (Go; Debian ships 1.1.1) in both directions.
import assert from "node:assert/strict";
import { randomBytes, randomInt } from "node:crypto";
import { readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { describe, test } from "node:test";
import {
  encryptBytes,
  encryptFile,
  generateIdentity,
  identityToRecipient,
} from "../../../electron/engine/crypto/age-bytes.js";
import {
  AgeRandomAccessReader,
  decryptBytes,
  decryptFileChunks,
} from "../../../electron/engine/crypto/age-decryptor.js";
import { allBackends, drain, run, withTempDir } from "./crypto-test-helpers.js";

const AGE = process.env["LIFEBOAT_AGE_CLI"] ?? "age";
const SIZES = [0, 1, 65535, 65536, 65537, 3 * 65536, 5 * 1024 * 1024 + 321];

async function ageVersion(): Promise<string | null> {
  try {
    return (await run(AGE, ["--version"])).stdout.toString().trim();
  } catch {
    return null;
  }
}

const version = await ageVersion();

describe("interop with the age CLI", { skip: version === null ? `no "${AGE}" binary on PATH (apt-get install age)` : false }, () => {
  test(`age CLI present (${version ?? "missing"})`, () => {
    assert.ok(version);
  });

  for (const backend of allBackends()) {
    test(`ours -> age -d, ${backend.name} backend`, async () => {
      await withTempDir(async (dir) => {
        const identity = await generateIdentity();
        const recipient = await identityToRecipient(identity);
        const keyFile = join(dir, "key.txt");
        await writeFile(keyFile, `# test key\n${identity}\n`, { mode: 0o600 });
        for (const size of SIZES) {
          const data = randomBytes(size);
          const enc = join(dir, `ours-${size}.age`);
          await writeFile(enc, await encryptBytes([recipient], data, backend));
          // stdout rather than -o: age 1.1.1 does not create the -o file for an empty plaintext
          const { stdout } = await run(AGE, ["-d", "-i", keyFile, enc]);
          assert.ok(stdout.equals(data), `size ${size} (encryptBytes)`);

          // the streaming file path, to two recipients
          const other = await identityToRecipient(await generateIdentity());
          const plain = join(dir, `plain-${size}`);
          await writeFile(plain, data);
          await encryptFile([other, recipient], plain, enc, backend);
          assert.ok((await run(AGE, ["-d", "-i", keyFile, enc])).stdout.equals(data), `size ${size} (encryptFile)`);
        }
      });
    });

    test(`age -e -> ours (bytes, stream, random access), ${backend.name} backend`, async () => {
      await withTempDir(async (dir) => {
        const identity = await generateIdentity();
        const recipient = await identityToRecipient(identity);
        for (const size of SIZES) {
          const data = randomBytes(size);
          const plain = join(dir, `plain-${size}`);
          const enc = join(dir, `cli-${size}.age`);
          await writeFile(plain, data);
          await run(AGE, ["-e", "-r", recipient, "-o", enc, plain]);
          const file = await readFile(enc);

          assert.ok((await decryptBytes([identity], file, backend)).equals(data), `size ${size}: decryptBytes`);

          const { released, ok, error } = await drain(decryptFileChunks(enc, [identity], backend));
          assert.ok(ok, `size ${size}: stream: ${String(error)}`);
          assert.ok(Buffer.concat(released).equals(data), `size ${size}: decryptFileChunks`);

          const reader = await AgeRandomAccessReader.open(enc, [identity], backend);
          try {
            assert.equal(reader.plaintextSize, size);
            assert.ok((await reader.read(0, size)).equals(data), `size ${size}: random access, whole`);
            for (let i = 0; i < 20 && size > 0; i++) {
              const offset = randomInt(0, size);
              const length = randomInt(0, Math.min(size - offset, 150_000) + 1);
              assert.ok((await reader.read(offset, length)).equals(data.subarray(offset, offset + length)), `size ${size}: range ${offset}+${length}`);
            }
          } finally {
            await reader.close();
          }
        }
      });
    });
  }
});
