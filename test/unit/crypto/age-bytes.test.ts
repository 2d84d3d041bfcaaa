import assert from "node:assert/strict";
import { randomBytes } from "node:crypto";
import { readFile, readdir, stat, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { describe, test } from "node:test";
import { Decrypter } from "age-encryption";
import {
  decryptFile,
  decryptWithPassphrase,
  encryptBytes,
  encryptFile,
  encryptWithPassphrase,
  generateIdentity,
  identityToRecipient,
} from "../../../electron/engine/crypto/age-bytes.js";
import { decryptBytes } from "../../../electron/engine/crypto/age-decryptor.js";
import { allBackends, expectAgeError, patternBytes, withTempDir } from "./crypto-test-helpers.js";

const identity = await generateIdentity();
const recipient = await identityToRecipient(identity);

describe("passphrase files (scrypt, via typage)", () => {
  for (const backend of allBackends()) {
    test(`round trip and wrong passphrase, ${backend.name} backend`, async () => {
      const secret = Buffer.from(`${identity}\n`);
      const file = await encryptWithPassphrase("correct horse battery staple", secret, 10);
      assert.match(file.toString("latin1", 0, 120), /^age-encryption\.org\/v1\n-> scrypt [A-Za-z0-9+/]{22} 10\n/);
      assert.equal((file.toString("latin1").match(/\n-> /g) ?? []).length, 1, "scrypt is the only stanza");
      assert.ok((await decryptWithPassphrase("correct horse battery staple", file, backend)).equals(secret));
      const e = await expectAgeError(() => decryptWithPassphrase("Correct horse battery staple", file, backend), "no-match");
      assert.match(e.message, /wrong passphrase/);
      // typage itself reads it too
      const d = new Decrypter();
      d.addPassphrase("correct horse battery staple");
      assert.ok(Buffer.from(await d.decrypt(file)).equals(secret));
    });
  }

  test("a key-encrypted file opened with a passphrase is no-match", async () => {
    const file = await encryptBytes([recipient], Buffer.from("x"));
    const e = await expectAgeError(() => decryptWithPassphrase("pw", file), "no-match");
    assert.match(e.message, /wrong passphrase/);
  });

  test("work factor limits: 1..20 (typage cannot read above 20)", async () => {
    await assert.rejects(encryptWithPassphrase("pw", Buffer.from("x"), 21), RangeError);
    await assert.rejects(encryptWithPassphrase("pw", Buffer.from("x"), 0), RangeError);
    await assert.rejects(encryptWithPassphrase("pw", Buffer.from("x"), 10.5), RangeError);
    await assert.rejects(encryptWithPassphrase("", Buffer.from("x"), 10), TypeError);
  });
});

describe("file helpers", () => {
  for (const backend of allBackends()) {
    test(`encryptFile / decryptFile round trip, ${backend.name} backend`, async () => {
      await withTempDir(async (dir) => {
        for (const size of [0, 1, 65536, 3 * 65536 + 1, 1024 * 1024 + 7, 3 * 1024 * 1024]) {
          const data = patternBytes(size, size + 1);
          const src = join(dir, "plain");
          const enc = join(dir, "plain.age");
          const out = join(dir, "plain.out");
          await writeFile(src, data);
          const r = await encryptFile([recipient], src, enc, backend);
          assert.equal(r.plaintextSize, size);
          assert.equal((await stat(enc)).size, r.ciphertextSize);
          const file = await readFile(enc);
          assert.ok((await decryptBytes([identity], file, backend)).equals(data));
          assert.deepEqual(await decryptFile([identity], enc, out, backend), { plaintextSize: size });
          assert.ok((await readFile(out)).equals(data));
        }
        assert.deepEqual((await readdir(dir)).sort(), ["plain", "plain.age", "plain.out"], "no temp files left");
      });
    });

    test(`decryptFile of a damaged file leaves neither output nor temp file, ${backend.name} backend`, async () => {
      await withTempDir(async (dir) => {
        const data = randomBytes(5 * 65536);
        const file = await encryptBytes([recipient], data, backend);
        file[file.length - 70000] = (file[file.length - 70000] as number) ^ 1;
        await writeFile(join(dir, "bad.age"), file);
        await expectAgeError(() => decryptFile([identity], join(dir, "bad.age"), join(dir, "out"), backend), "payload");
        assert.deepEqual(await readdir(dir), ["bad.age"]);
      });
    });
  }
});
