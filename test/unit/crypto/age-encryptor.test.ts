import assert from "node:assert/strict";
import { randomBytes } from "node:crypto";
import { describe, test } from "node:test";
import { Decrypter, generateHybridIdentity, generateIdentity, identityToRecipient } from "age-encryption";
import { AgeStreamEncryptor } from "../../../electron/engine/crypto/age-encryptor.js";
import { decryptBytes, parseHeaderLength } from "../../../electron/engine/crypto/age-decryptor.js";
import { encryptBytes } from "../../../electron/engine/crypto/age-bytes.js";
import { allBackends } from "./crypto-test-helpers.js";

const CHUNK = 65536;
const ENC_CHUNK = 65552;

/** typage's own (pure-JS, @noble) decryption: an independent check of our STREAM output. */
async function typageDecrypt(identity: string, file: Uint8Array): Promise<Buffer> {
  const d = new Decrypter();
  d.addIdentity(identity);
  return Buffer.from(await d.decrypt(file));
}

/** Feeds `data` to a new encryptor in pieces of the given sizes (cycled). */
async function encryptInPieces(
  recipients: string[],
  data: Buffer,
  pieces: number[],
  backend: Parameters<typeof AgeStreamEncryptor.create>[1],
): Promise<{ file: Buffer; chunks: Buffer[]; enc: AgeStreamEncryptor }> {
  const enc = await AgeStreamEncryptor.create(recipients, backend);
  const chunks: Buffer[] = [];
  let off = 0;
  for (let i = 0; off < data.length; i++) {
    const n = pieces[i % pieces.length] as number;
    const view = data.subarray(off, off + n);
    off += view.length;
    chunks.push(...enc.update(view));
  }
  chunks.push(enc.final());
  return { file: Buffer.concat([enc.header, ...chunks]), chunks, enc };
}

const identity = await generateIdentity();
const recipient = await identityToRecipient(identity);

describe("AgeStreamEncryptor", () => {
  for (const backend of allBackends()) {
    describe(`${backend.name} backend`, () => {
      test("header is a valid age header followed by the 16-byte nonce", async () => {
        const enc = await AgeStreamEncryptor.create([recipient], backend);
        const headerLength = parseHeaderLength(enc.header);
        assert.ok(headerLength !== null);
        assert.equal(enc.header.length, headerLength + 16);
        assert.match(enc.header.toString("latin1", 0, headerLength), /^age-encryption\.org\/v1\n-> X25519 [A-Za-z0-9+/]{43}\n[A-Za-z0-9+/]{43}\n--- [A-Za-z0-9+/]{43}\n$/);
        const other = await AgeStreamEncryptor.create([recipient], backend);
        assert.ok(!other.header.equals(enc.header), "fresh file key, share and nonce per file");
      });

      test("chunking: sizes, count, final flag placement, ciphertextSize", async () => {
        for (const size of [0, 1, CHUNK - 1, CHUNK, CHUNK + 1, 2 * CHUNK, 3 * CHUNK, 3 * CHUNK + 5]) {
          const data = randomBytes(size);
          for (const pieces of [[size || 1], [1], [7, 65535, 3], [CHUNK], [CHUNK + 1, 10]]) {
            if (pieces[0] === 1 && size > 2 * CHUNK + 1) continue; // byte-by-byte is slow to no purpose
            const { file, chunks, enc } = await encryptInPieces([recipient], data, pieces, backend);
            const expectedChunks = Math.max(1, Math.ceil(size / CHUNK));
            assert.equal(chunks.length, expectedChunks, `size ${size}, pieces ${pieces.join(",")}`);
            for (const c of chunks.slice(0, -1)) assert.equal(c.length, ENC_CHUNK);
            const finalPlain = size === 0 ? 0 : size - (expectedChunks - 1) * CHUNK;
            assert.equal(chunks.at(-1)?.length, finalPlain + 16, "final chunk size (full when size is a multiple of 64 KiB)");
            assert.equal(file.length, AgeStreamEncryptor.ciphertextSize(enc.header.length, size));
            assert.ok((await typageDecrypt(identity, file)).equals(data), "typage decrypts it");
            assert.ok((await decryptBytes([identity], file, backend)).equals(data), "we decrypt it");
          }
        }
      });

      test("does not keep a reference to the caller's buffer", async () => {
        const enc = await AgeStreamEncryptor.create([recipient], backend);
        const data = randomBytes(1000);
        const copy = Buffer.from(data);
        const out = enc.update(data);
        data.fill(0);
        const file = Buffer.concat([enc.header, ...out, enc.final()]);
        assert.ok((await decryptBytes([identity], file, backend)).equals(copy));
      });

      test("update()/final() after final() throw", async () => {
        const enc = await AgeStreamEncryptor.create([recipient], backend);
        enc.final();
        assert.throws(() => enc.update(Buffer.from("x")), /after final/);
        assert.throws(() => enc.final(), /twice/);
      });

      test("multiple recipients: each identity decrypts", async () => {
        const ids = [identity, await generateIdentity(), await generateIdentity()];
        const recipients = await Promise.all(ids.map((i) => identityToRecipient(i)));
        const data = randomBytes(100_000);
        const file = await encryptBytes(recipients, data, backend);
        for (const id of ids) assert.ok((await decryptBytes([id], file, backend)).equals(data));
      });

      test("hybrid post-quantum recipients (age1pq1…) via typage", async () => {
        const pqIdentity = await generateHybridIdentity();
        const pqRecipient = await identityToRecipient(pqIdentity);
        assert.ok(pqRecipient.startsWith("age1pq1"));
        const data = randomBytes(70_000);
        const file = await encryptBytes([pqRecipient], data, backend);
        assert.match(file.toString("latin1", 0, 200), /\n-> mlkem768x25519 /);
        assert.ok((await decryptBytes([pqIdentity], file, backend)).equals(data));
        assert.ok((await typageDecrypt(pqIdentity, file)).equals(data));
      });
    });
  }

  test("rejects no recipients, malformed recipients, and PQ mixed with classic", async () => {
    await assert.rejects(AgeStreamEncryptor.create([]), TypeError);
    await assert.rejects(AgeStreamEncryptor.create(["age1notarecipient"]), TypeError);
    await assert.rejects(AgeStreamEncryptor.create(["ssh-ed25519 AAAA"]), TypeError);
    const pq = await identityToRecipient(await generateHybridIdentity());
    await assert.rejects(AgeStreamEncryptor.create([pq, recipient]), /mix post-quantum/);
  });

  test("ciphertextSize", () => {
    assert.equal(AgeStreamEncryptor.ciphertextSize(100, 0), 116);
    assert.equal(AgeStreamEncryptor.ciphertextSize(100, 1), 117);
    assert.equal(AgeStreamEncryptor.ciphertextSize(100, CHUNK), 100 + ENC_CHUNK);
    assert.equal(AgeStreamEncryptor.ciphertextSize(100, CHUNK + 1), 100 + ENC_CHUNK + 17);
    assert.equal(AgeStreamEncryptor.ciphertextSize(0, 10 * CHUNK), 10 * ENC_CHUNK);
  });
});
