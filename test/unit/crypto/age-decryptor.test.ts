import assert from "node:assert/strict";
import { randomBytes, randomInt } from "node:crypto";
import { writeFile } from "node:fs/promises";
import { join } from "node:path";
import { describe, test } from "node:test";
import { generateIdentity, identityToRecipient } from "age-encryption";
import { encryptBytes, encryptWithPassphrase } from "../../../electron/engine/crypto/age-bytes.js";
import {
  AgeRandomAccessReader,
  AgeStreamDecryptor,
  decryptBytes,
  decryptFileChunks,
  parseHeaderLength,
} from "../../../electron/engine/crypto/age-decryptor.js";
import { AgeError } from "../../../electron/engine/crypto/age-errors.js";
import { allBackends, drain, expectAgeError, patternBytes, withTempDir } from "./crypto-test-helpers.js";

const CHUNK = 65536;
const ENC_CHUNK = 65552;

const identity = await generateIdentity();
const recipient = await identityToRecipient(identity);

function payloadStart(file: Buffer): number {
  const h = parseHeaderLength(file);
  assert.ok(h !== null);
  return h + 16;
}

describe("parseHeaderLength", () => {
  test("finds the end of the MAC line, or asks for more bytes", async () => {
    const file = await encryptBytes([recipient], Buffer.from("hello"));
    const end = file.indexOf("\n--- ") + 1 + 4 + 43 + 1;
    assert.equal(parseHeaderLength(file), end);
    assert.equal(parseHeaderLength(file.subarray(0, end)), end);
    for (const n of [0, 1, 10, 22, 23, 60, end - 1]) assert.equal(parseHeaderLength(file.subarray(0, n)), null, `prefix ${n}`);
  });

  test("rejects garbage, a wrong intro line, armor, and binary bytes with AgeError(header)", () => {
    const bad = [
      "hello world\n",
      "age-encryption.org/v2\n--- x\n",
      "age-encryption.org/v1\r\n",
      "-----BEGIN AGE ENCRYPTED FILE-----\nYWdl\n",
      "age-encryption.org/v1\n-> X25519 \u0001abc\n",
    ];
    for (const s of bad) {
      assert.throws(() => parseHeaderLength(Buffer.from(s, "latin1")), (e) => e instanceof AgeError && e.kind === "header", JSON.stringify(s));
    }
    assert.throws(() => parseHeaderLength(Buffer.from("-----BEGIN AGE ENCRYPTED FILE-----\n")), /armored/);
    const long = Buffer.alloc(1024 * 1024 + 10, "A");
    Buffer.from("age-encryption.org/v1\n").copy(long);
    assert.throws(() => parseHeaderLength(long), /longer than/);
  });
});

for (const backend of allBackends()) {
  describe(`decryption, ${backend.name} backend`, () => {
    test("stream, random access and bytes agree with the plaintext for edge sizes", async () => {
      await withTempDir(async (dir) => {
        for (const size of [0, 1, CHUNK - 1, CHUNK, CHUNK + 1, 3 * CHUNK, 3 * CHUNK + 17]) {
          const data = randomBytes(size);
          const file = await encryptBytes([recipient], data, backend);
          const path = join(dir, `f${size}.age`);
          await writeFile(path, file);
          assert.ok((await decryptBytes([identity], file, backend)).equals(data));
          const { released, ok, error } = await drain(decryptFileChunks(path, [identity], backend));
          assert.ok(ok, String(error));
          assert.ok(Buffer.concat(released).equals(data));
          for (const c of released) assert.ok(c.length > 0 && c.length <= CHUNK);
          const reader = await AgeRandomAccessReader.open(path, [identity], backend);
          try {
            assert.equal(reader.plaintextSize, size);
            assert.ok((await reader.read(0, size)).equals(data));
          } finally {
            await reader.close();
          }
        }
      });
    });

    test("random access: random ranges match the plaintext", async () => {
      await withTempDir(async (dir) => {
        const size = 20 * CHUNK + 12345;
        const data = patternBytes(size, 7);
        const path = join(dir, "ra.age");
        await writeFile(path, await encryptBytes([recipient], data, backend));
        const reader = await AgeRandomAccessReader.open(path, [identity], backend);
        try {
          assert.equal(reader.plaintextSize, size);
          const ranges: [number, number][] = [
            [0, 0], [0, 1], [CHUNK - 1, 2], [CHUNK, CHUNK], [size - 1, 1], [size, 0], [5, 17 * CHUNK + 3], [0, size],
          ];
          for (let i = 0; i < 300; i++) {
            const offset = randomInt(0, size);
            const maxLen = i % 10 === 0 ? size - offset : Math.min(size - offset, 200_000);
            ranges.push([offset, randomInt(0, maxLen + 1)]);
          }
          for (const [offset, length] of ranges) {
            const got = await reader.read(offset, length);
            assert.ok(got.equals(data.subarray(offset, offset + length)), `range ${offset}+${length}`);
          }
          // concurrent reads
          const concurrent = await Promise.all(ranges.slice(0, 50).map(([o, l]) => reader.read(o, l)));
          concurrent.forEach((got, i) => {
            const [o, l] = ranges[i] as [number, number];
            assert.ok(got.equals(data.subarray(o, o + l)));
          });
          await assert.rejects(reader.read(size, 1), RangeError);
          await assert.rejects(reader.read(-1, 1), RangeError);
          await assert.rejects(reader.read(1.5, 1), RangeError);
        } finally {
          await reader.close();
        }
        await assert.rejects(reader.read(0, 1), /closed/);
      });
    });

    test("random access into a caller's buffer: ranges match, nothing outside them is written", async () => {
      await withTempDir(async (dir) => {
        const size = 40 * CHUNK + 4321; // more than one 16-chunk read batch
        const data = patternBytes(size, 11);
        const path = join(dir, "into.age");
        await writeFile(path, await encryptBytes([recipient], data, backend));
        const reader = await AgeRandomAccessReader.open(path, [identity], backend);
        try {
          const ranges: [number, number][] = [[0, size], [0, CHUNK], [CHUNK, 3 * CHUNK], [CHUNK - 5, 2 * CHUNK + 10], [size - 4321, 4321], [size - 1, 1], [7, 0]];
          for (let i = 0; i < 100; i++) {
            const offset = randomInt(0, size);
            ranges.push([offset, randomInt(0, size - offset + 1)]);
          }
          for (const [offset, length] of ranges) {
            const out = Buffer.alloc(length + 9, 0xee);
            await reader.readInto(offset, length, out);
            assert.ok(out.subarray(0, length).equals(data.subarray(offset, offset + length)), `range ${offset}+${length}`);
            assert.ok(out.subarray(length).every((b) => b === 0xee), `range ${offset}+${length}: wrote past it`);
          }
          await assert.rejects(reader.readInto(0, 10, Buffer.alloc(9)), RangeError);
          await assert.rejects(reader.readInto(size - 1, 2, Buffer.alloc(2)), RangeError);
        } finally {
          await reader.close();
        }
      });
    });

    test("concurrent small reads in one chunk all get their bytes (one shared decryption)", async () => {
      await withTempDir(async (dir) => {
        const size = 4 * CHUNK;
        const data = patternBytes(size, 5);
        const path = join(dir, "small.age");
        await writeFile(path, await encryptBytes([recipient], data, backend));
        const reader = await AgeRandomAccessReader.open(path, [identity], backend);
        try {
          const ranges: [number, number][] = [];
          for (let k = 0; k < 4; k++) for (let j = 0; j < 12; j++) ranges.push([k * CHUNK + j * 5000, 4000]);
          const got = await Promise.all(ranges.map(([o, l]) => reader.read(o, l)));
          got.forEach((g, i) => {
            const [o, l] = ranges[i]!;
            assert.ok(g.equals(data.subarray(o, o + l)), `range ${o}+${l}`);
          });
          // Results are the caller's own: changing one does not change what the next read returns.
          got[0]!.fill(0);
          assert.ok((await reader.read(0, 4000)).equals(data.subarray(0, 4000)));
        } finally {
          await reader.close();
        }
      });
    });

    test("a damaged chunk fails readInto of any range touching it, leaving no plaintext of it in the output", async () => {
      await withTempDir(async (dir) => {
        const size = 20 * CHUNK + 77;
        const data = patternBytes(size, 9);
        const file = await encryptBytes([recipient], data, backend);
        const k = 3;
        const pos = payloadStart(file) + k * ENC_CHUNK + 500;
        file[pos] = (file[pos] as number) ^ 0x01;
        const path = join(dir, "dmg.age");
        await writeFile(path, file);
        const reader = await AgeRandomAccessReader.open(path, [identity], backend);
        try {
          const out = Buffer.alloc(size, 0xee);
          const e = await expectAgeError(() => reader.readInto(0, size, out), "payload", "whole range");
          assert.match(e.message, new RegExp(`chunk ${k} failed authentication`));
          const region = out.subarray(k * CHUNK, (k + 1) * CHUNK);
          assert.ok(region.every((b) => b === 0xee) || region.every((b) => b === 0), "the damaged chunk's bytes are not in the output");
          await expectAgeError(() => reader.readInto(k * CHUNK + 100, 10, Buffer.alloc(10)), "payload", "inside the chunk");
          // Ranges around it still read.
          const before = Buffer.alloc(k * CHUNK);
          await reader.readInto(0, k * CHUNK, before);
          assert.ok(before.equals(data.subarray(0, k * CHUNK)));
          const after = Buffer.alloc(size - (k + 1) * CHUNK);
          await reader.readInto((k + 1) * CHUNK, after.length, after);
          assert.ok(after.equals(data.subarray((k + 1) * CHUNK)));
        } finally {
          await reader.close();
        }
      });
    });

    test("a flipped bit in chunk k fails reads of chunk k only; stream stops there", async () => {
      await withTempDir(async (dir) => {
        const size = 6 * CHUNK + 999;
        const data = patternBytes(size, 3);
        const file = await encryptBytes([recipient], data, backend);
        const start = payloadStart(file);
        for (const k of [0, 2, 5]) {
          const bad = Buffer.from(file);
          const pos = start + k * ENC_CHUNK + 1234;
          bad[pos] = (bad[pos] as number) ^ 0x10;
          const path = join(dir, `flip${k}.age`);
          await writeFile(path, bad);

          const reader = await AgeRandomAccessReader.open(path, [identity], backend);
          try {
            const e = await expectAgeError(() => reader.read(k * CHUNK + 10, 5), "payload", `read in chunk ${k}`);
            assert.match(e.message, new RegExp(`chunk ${k} failed authentication`));
            await expectAgeError(() => reader.read(0, size), "payload", "read across chunk k");
            for (let j = 0; j <= 6; j++) {
              if (j === k) continue;
              const from = j * CHUNK;
              const len = Math.min(CHUNK, size - from);
              assert.ok((await reader.read(from, len)).equals(data.subarray(from, from + len)), `chunk ${j} still reads`);
            }
            // a range that touches chunk k only at its edge still fails
            if (k > 0) await expectAgeError(() => reader.read(k * CHUNK - 3, 4), "payload");
          } finally {
            await reader.close();
          }

          const { released, ok, error } = await drain(decryptFileChunks(path, [identity], backend));
          assert.ok(!ok && error instanceof AgeError && error.kind === "payload", String(error));
          assert.ok(Buffer.concat(released).equals(data.subarray(0, k * CHUNK)), "released exactly the chunks before k");
          await expectAgeError(() => decryptBytes([identity], bad, backend), "payload");
        }
      });
    });

    test("a damaged final chunk fails at open", async () => {
      await withTempDir(async (dir) => {
        const file = await encryptBytes([recipient], randomBytes(2 * CHUNK + 10), backend);
        const bad = Buffer.from(file);
        bad[bad.length - 3] = (bad[bad.length - 3] as number) ^ 1;
        const path = join(dir, "badfinal.age");
        await writeFile(path, bad);
        await expectAgeError(() => AgeRandomAccessReader.open(path, [identity], backend), "payload");
      });
    });

    test("truncation is detected: at open (random access), at the end (stream), up front (bytes)", async () => {
      await withTempDir(async (dir) => {
        const data = patternBytes(4 * CHUNK + 100, 9);
        const file = await encryptBytes([recipient], data, backend);
        const start = payloadStart(file);
        const cases: { name: string; cut: number; kinds: ("truncated" | "payload" | "header")[]; released: number }[] = [
          { name: "final chunk dropped (cut at a chunk boundary)", cut: start + 4 * ENC_CHUNK, kinds: ["truncated"], released: 4 * CHUNK },
          { name: "cut inside the final chunk", cut: file.length - 50, kinds: ["payload"], released: 4 * CHUNK },
          { name: "cut inside a middle chunk", cut: start + 2 * ENC_CHUNK + 500, kinds: ["payload"], released: 2 * CHUNK },
          { name: "cut inside a tag", cut: start + 3 * ENC_CHUNK + 7, kinds: ["payload", "truncated"], released: 3 * CHUNK },
          { name: "only header and nonce", cut: start, kinds: ["truncated"], released: 0 },
          { name: "cut inside the nonce", cut: start - 5, kinds: ["header"], released: 0 },
          { name: "cut inside the header", cut: 40, kinds: ["header"], released: 0 },
          { name: "empty file", cut: 0, kinds: ["header"], released: 0 },
        ];
        for (const c of cases) {
          const cutFile = file.subarray(0, c.cut);
          const path = join(dir, "cut.age");
          await writeFile(path, cutFile);
          const e = await expectAgeError(() => AgeRandomAccessReader.open(path, [identity], backend), c.kinds, `${c.name}: open`);
          if (c.kinds[0] !== "header") assert.match(e.message, /truncated/, `${c.name}: message says truncated`);
          const { released, ok, error } = await drain(decryptFileChunks(path, [identity], backend));
          assert.ok(!ok, `${c.name}: stream must fail`);
          assert.ok(error instanceof AgeError && c.kinds.includes(error.kind as never), `${c.name}: stream error ${String(error)}`);
          assert.ok(Buffer.concat(released).equals(data.subarray(0, c.released)), `${c.name}: released authentic prefix only`);
          await expectAgeError(() => decryptBytes([identity], cutFile, backend), c.kinds, `${c.name}: bytes`);
        }
      });
    });

    test("trailing data after the final chunk is an error", async () => {
      await withTempDir(async (dir) => {
        for (const size of [10, CHUNK, CHUNK + 10]) {
          const data = randomBytes(size);
          const file = Buffer.concat([await encryptBytes([recipient], data, backend), Buffer.from("trailing")]);
          const path = join(dir, "trailing.age");
          await writeFile(path, file);
          await expectAgeError(() => decryptBytes([identity], file, backend), ["payload", "truncated"]);
          await expectAgeError(() => AgeRandomAccessReader.open(path, [identity], backend), ["payload", "truncated"]);
          const { ok, error } = await drain(decryptFileChunks(path, [identity], backend));
          assert.ok(!ok && error instanceof AgeError && error.kind === "payload", String(error));
        }
      });
    });

    test("wrong key gives no-match on every path", async () => {
      await withTempDir(async (dir) => {
        const other = await generateIdentity();
        const file = await encryptBytes([recipient], randomBytes(1000), backend);
        const path = join(dir, "k.age");
        await writeFile(path, file);
        const e = await expectAgeError(() => decryptBytes([other], file, backend), "no-match");
        assert.match(e.message, /not encrypted to this key/);
        await expectAgeError(() => AgeRandomAccessReader.open(path, [other], backend), "no-match");
        await expectAgeError(() => drain(decryptFileChunks(path, [other], backend)).then((r) => { if (!r.ok) throw r.error; }), "no-match");
        // one matching identity among several is enough
        assert.equal((await decryptBytes([other, identity], file, backend)).length, 1000);
        // a passphrase file opened with a key says so
        const pfile = await encryptWithPassphrase("correct horse", Buffer.from("x"), 4);
        const pe = await expectAgeError(() => decryptBytes([identity], pfile, backend), "no-match");
        assert.match(pe.message, /passphrase/);
      });
    });

    test("a modified header gives hmac; a malformed one gives header", async () => {
      const file = await encryptBytes([recipient], randomBytes(100), backend);
      const macAt = file.indexOf("\n--- ") + 5;
      const badMac = Buffer.from(file);
      badMac[macAt] = badMac[macAt] === 0x41 ? 0x42 : 0x41; // another valid base64 char
      await expectAgeError(() => decryptBytes([identity], badMac, backend), "hmac");
      const badStanza = Buffer.from(file);
      badStanza.write("-> X25519 !", file.indexOf("-> X25519 "), "latin1");
      await expectAgeError(() => decryptBytes([identity], badStanza, backend), "header");
    });

    test("AgeStreamDecryptor.openChunk enforces the chunk rules", async () => {
      const data = randomBytes(2 * CHUNK);
      const file = await encryptBytes([recipient], data, backend);
      const h = parseHeaderLength(file) as number;
      const dec = await AgeStreamDecryptor.open(file.subarray(0, h), file.subarray(h, h + 16), [identity], backend);
      const c0 = file.subarray(h + 16, h + 16 + ENC_CHUNK);
      const c1 = file.subarray(h + 16 + ENC_CHUNK);
      assert.ok(dec.openChunk(0, c0, false).equals(data.subarray(0, CHUNK)));
      assert.ok(dec.openChunk(1, c1, true).equals(data.subarray(CHUNK)));
      assert.throws(() => dec.openChunk(1, c1, false), (e) => e instanceof AgeError && e.kind === "payload");
      assert.throws(() => dec.openChunk(0, c0, true), (e) => e instanceof AgeError && e.kind === "payload");
      assert.throws(() => dec.openChunk(2, c1, true), (e) => e instanceof AgeError && e.kind === "payload", "wrong index");
      assert.throws(() => dec.openChunk(0, c0.subarray(0, 100), false), /short but not the final/);
      await expectAgeError(() => AgeStreamDecryptor.open(file.subarray(0, h), file.subarray(h, h + 15), [identity], backend), "header");
    });
  });
}

test("invalid identities are rejected without echoing them", async () => {
  const file = await encryptBytes([recipient], Buffer.from("x"));
  await assert.rejects(decryptBytes(["AGE-SECRET-KEY-1NOTAKEY"], file), (e: Error) => e instanceof TypeError && !e.message.includes("NOTAKEY"));
  await assert.rejects(decryptBytes([], file), TypeError);
});
