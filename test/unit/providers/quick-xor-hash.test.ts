// QuickXorHash against published reference values and against a literal port of Microsoft's
// reference algorithm, streamed in odd-sized, misaligned pieces.
import { test } from "node:test";
import assert from "node:assert/strict";
import { createCipheriv, createHash } from "node:crypto";

import { QuickXorHash, quickXorHash } from "../../../electron/engine/providers/microsoft/quick-xor-hash.js";

// [input size, input (base64), expected quickXorHash (base64)], from rclone's test suite:
// rclone/rclone backend/onedrive/quickxorhash/quickxorhash_test.go (`testVectors`, at commit
// 0ce4363327d4e29202ea83ae777cc96101bf3572), which checks them against its port of Microsoft's
// C# QuickXorHash snippet. A subset: empty, every size 1..21, the 32/64-byte marks, and the
// inputs longer than 160 bytes (one full turn of the register).
const VECTORS: ReadonlyArray<readonly [number, string, string]> = [
  [0, "", "AAAAAAAAAAAAAAAAAAAAAAAAAAA="],
  [1, "Sg==", "SgAAAAAAAAAAAAAAAQAAAAAAAAA="],
  [2, "tbQ=", "taAFAAAAAAAAAAAAAgAAAAAAAAA="],
  [3, "0pZP", "0rDEEwAAAAAAAAAAAwAAAAAAAAA="],
  [4, "jRRDVA==", "jaDAEKgAAAAAAAAABAAAAAAAAAA="],
  [5, "eAV52qE=", "eChAHrQRCgAAAAAABQAAAAAAAAA="],
  [6, "luBZlaT6", "lgBHFipBCn0AAAAABgAAAAAAAAA="],
  [7, "qaApEj66lw==", "qQBFCiTgA11cAgAABwAAAAAAAAA="],
  [8, "/aNzzCFPS/A=", "/RjFHJgRgicsAR4ACAAAAAAAAAA="],
  [9, "n6Neh7p6fFgm", "nxiFFw6hCz3wAQsmCQAAAAAAAAA="],
  [10, "J9iPGCbfZSTNyw==", "J8DGIzBggm+UgQTNUgYAAAAAAAA="],
  [11, "i+UZyUGJKh+ISbk=", "iyhHBpIRhESo4AOIQ0IuAAAAAAA="],
  [12, "h490d57Pqz5q2rtT", "h3gEHe7giWeswgdq3MYupgAAAAA="],
  [13, "vPgoDjOfO6fm71RxLw==", "vMAHChwwg0/s4BTmdQcV4vACAAA="],
  [14, "XoJ1AsoR4fDYJrDqYs4=", "XhBEHQSgjAiEAx7YPgEs1CEGZwA="],
  [15, "gQaybEqS/4UlDc8e4IJm", "gDCALNigBEn8oxAlZ8AzPAAOQZg="],
  [16, "2fuxhBJXtpWFe8dOfdGeHw==", "O9tHLAghgSvYohKFyMMxnNCHaHg="],
  [17, "XBV6YKU9V7yMakZnFIxIkuU=", "HbplHsBQih5cgReMQYMRzkABRiA="],
  [18, "XJZSOiNO2bmfKnTKD7fztcQX", "/6ZArHQwAidkIxefQgEdlPGAW8w="],
  [19, "g8VtAh+2Kf4k0kY5tzji2i2zmA==", "wDNrgwHWAVukwB8kg4YRcnALHIg="],
  [20, "T6LYJIfDh81JrAK309H2JMJTXis=", "zBTHrspn3mEcohlJdIUAbjGNaNg="],
  [21, "DWAAX5/CIfrmErgZa8ot6ZraeSbu", "LR2Z0PjuRYGKQB/mhQAuMrAGZbQ="],
  [32, "NbYXsp5/K6mR+NmHwExjvWeWDJFnXTKWVlzYHoesp2E=", "wjuAuWDiq04qDt1R8hHWDDcwVoQ="],
  [
    64,
    "Mb7EGva2rEE5fENDL85P+BsapHEEjv2/siVhKjvAQe02feExVOQSkfmuYzU/kTF1MaKjPmKF/w+cbvwfdWL8aQ==",
    "n1anP5NfvD4XDYWIeRPW3ZkPv1Y=",
  ],
  [
    111,
    "jyibxJSzO6ZiZ0O1qe3tG/bvIAYssvukh9suIT5wEy1JBINVgPiqdsTW0cOpP0aUfP7mgqLfADkz" +
      "I/m/GgCuVhr8oFLrOCoTx1/psBOWwhltCbhUx51Icm9aH8tY4Z3ccU+6BKpYQkLCy0B/A9Zc",
    "hZfLIilSITC6N3e3tQ/iSgEzkto=",
  ],
  [
    128,
    "ikwCorI7PKWz17EI50jZCGbV9JU2E8bXVfxNMg5zdmqSZ2NlsQPp0kqYIPjzwTg1MBtfWPg53k0h" +
      "0P2naJNEVgrqpoHTfV2b3pJ4m0zYPTJmUX4Bg/lOxcnCxAYKU29Y5F0U8Quz7ZXFBEweftXxJ7RS" +
      "4r6N7BzJrPsLhY7hgck=",
    "imAoFvCWlDn4yVw3/oq1PDbbm6U=",
  ],
  [
    222,
    "PfxMcUd0vIW6VbHG/uj/Y0W6qEoKmyBD0nYebEKazKaKG+UaDqBEcmQjbfQeVnVLuodMoPp7P7TR" +
      "1htX5n2VnkHh22xDyoJ8C/ZQKiSNqQfXvh83judf4RVr9exJCud8Uvgip6aVZTaPrJHVjQhMCp/d" +
      "EnGvqg0oN5OVkM2qqAXvA0teKUDhgNM71sDBVBCGXxNOR2bpbD1iM4dnuT0ey4L+loXEHTL0fqMe" +
      "UcEi2asgImnlNakwenDzz0x57aBwyq3AspCFGB1ncX4yYCr/OaCcS5OKi/00WH+wNQU3",
    "QX/YEpG0gDsmhEpCdWhsxDzsfVE=",
  ],
  [
    256,
    "qwGf2ESubE5jOUHHyc94ORczFYYbc2OmEzo+hBIyzJiNwAzC8PvJqtTzwkWkSslgHFGWQZR2BV5+" +
      "uYTrYT7HVwRM40vqfj0dBgeDENyTenIOL1LHkjtDKoXEnQ0mXAHoJ8PjbNC93zi5TovVRXTNzfGE" +
      "s5dpWVqxUzb5lc7dwkyvOluBw482mQ4xrzYyIY1t+//OrNi1ObGXuUw2jBQOFfJVj2Y6BOyYmfB1" +
      "y36eBxi3zxeG5d5NYjm2GSh6e08QMAwu3zrINcqIzLOuNIiGXBtl7DjKt7b5wqi4oFiRpZsCyx2s" +
      "mhSrdrtK/CkdU6nDN+34vSR/M8rZpWQdBE7a8g==",
    "WYT9JY3JIo/pEBp+tIM6Gt2nyTM=",
  ],
  [
    333,
    "w0LGhqU1WXFbdavqDE4kAjEzWLGGzmTNikzqnsiXHx2KRReKVTxkv27u3UcEz9+lbMvYl4xFf2Z4" +
      "aE1xRBBNd1Ke5C0zToSaYw5o4B/7X99nKK2/XaUX1byLow2aju2XJl2OpKpJg+tSJ2fmjIJTkfuY" +
      "Uz574dFX6/VXxSxwGH/xQEAKS5TCsBK3CwnuG1p5SAsQq3gGVozDWyjEBcWDMdy8/AIFrj/y03Lf" +
      "c/RNRCQTAfZbnf2QwV7sluw4fH3XJr07UoD0YqN+7XZzidtrwqMY26fpLZnyZjnBEt1FAZWO7RnK" +
      "G5asg8xRk9YaDdedXdQSJAOy6bWEWlABj+tVAigBxavaluUH8LOj+yfCFldJjNLdi90fVHkUD/m4" +
      "Mr5OtmupNMXPwuG3EQlqWUVpQoYpUYKLsk7a5Mvg6UFkiH596y5IbJEVCI1Kb3D1",
    "e3+wo77iKcILiZegnzyUNcjCdoQ=",
  ],
];

/**
 * A literal, bit-by-bit rendering of the reference algorithm (Microsoft's snippet: input byte i is
 * XORed into the circular 160-bit register at bit 11*i mod 160; the length goes into the last 8
 * bytes). Slow and obviously right: the oracle for inputs the published vectors do not cover.
 */
function referenceQuickXor(data: Uint8Array): string {
  const reg = new Uint8Array(20);
  for (let i = 0; i < data.length; i++) {
    const start = (i * 11) % 160;
    for (let b = 0; b < 8; b++) {
      if ((data[i]! >> b) & 1) {
        const p = (start + b) % 160;
        reg[p >> 3]! ^= 1 << (p & 7);
      }
    }
  }
  let len = BigInt(data.length);
  for (let j = 0; j < 8; j++) {
    reg[12 + j]! ^= Number(len & 0xffn);
    len >>= 8n;
  }
  return Buffer.from(reg).toString("base64");
}

function prng(size: number, label: string): Buffer {
  const key = createHash("sha256").update(`key:${label}`).digest();
  const iv = createHash("sha256").update(`iv:${label}`).digest().subarray(0, 16);
  const c = createCipheriv("aes-256-ctr", key, iv);
  return Buffer.concat([c.update(Buffer.alloc(size)), c.final()]);
}

test("published vectors (rclone): one shot", () => {
  for (const [size, input, expected] of VECTORS) {
    const data = Buffer.from(input, "base64");
    assert.equal(data.length, size, `vector ${size} decodes to ${size} bytes`);
    assert.equal(quickXorHash(data), expected, `vector of ${size} bytes`);
    assert.equal(referenceQuickXor(data), expected, `reference port, vector of ${size} bytes`);
  }
});

test("published vectors (rclone): every block size, like rclone's TestQuickXorHashByBlock", () => {
  for (const blockSize of [1, 2, 3, 4, 7, 8, 16, 32, 64, 128, 159, 160, 161, 256, 512]) {
    for (const [size, input, expected] of VECTORS) {
      const data = Buffer.from(input, "base64");
      const h = new QuickXorHash();
      for (let i = 0; i < data.length; i += blockSize) h.update(data.subarray(i, i + blockSize));
      assert.equal(h.digest(), expected, `vector of ${size} bytes in blocks of ${blockSize}`);
    }
  }
});

test("empty input and zero-length updates", () => {
  const h = new QuickXorHash();
  assert.equal(h.digest(), "AAAAAAAAAAAAAAAAAAAAAAAAAAA=");
  h.update(new Uint8Array(0)).update(Buffer.alloc(0));
  assert.equal(h.digest(), "AAAAAAAAAAAAAAAAAAAAAAAAAAA=");
  assert.equal(h.digestBytes().length, 20);
});

test("inputs around the 160-byte turn of the register match the reference", () => {
  const data = prng(1000, "boundary");
  for (const n of [159, 160, 161, 319, 320, 321, 479, 480, 481, 639, 640, 641, 999]) {
    assert.equal(quickXorHash(data.subarray(0, n)), referenceQuickXor(data.subarray(0, n)), `${n} bytes`);
  }
  // Zeros still count through the length, and a byte at 160 lands where byte 0 did.
  const a = Buffer.alloc(161);
  a[0] = 0x5a;
  const b = Buffer.alloc(161);
  b[160] = 0x5a;
  assert.equal(quickXorHash(a), quickXorHash(b));
  assert.equal(quickXorHash(a), referenceQuickXor(a));
});

test("large random data in odd-sized, misaligned updates equals one shot and the reference", () => {
  const size = 3 * 1024 * 1024 + 12345;
  // One spare byte in front, so subarray(1) is never 4-byte aligned: the scratch-copy path.
  const backing = prng(size + 1, "large");
  const data = backing.subarray(1);
  const oneShot = quickXorHash(data);
  assert.equal(oneShot, referenceQuickXor(data));
  assert.equal(quickXorHash(Buffer.from(data)), oneShot, "aligned copy of the same bytes");

  let seed = 12345;
  const nextPiece = (): number => {
    seed = (Math.imul(seed, 1103515245) + 12345) >>> 0;
    return [1, 3, 7, 159, 160, 161, 4093, 65537, 200_003, 1_000_001][seed % 10]!;
  };
  const h = new QuickXorHash();
  for (let i = 0; i < data.length; ) {
    const n = Math.min(nextPiece(), data.length - i);
    h.update(data.subarray(i, i + n));
    i += n;
  }
  assert.equal(h.digest(), oneShot);
});

test("digest does not end the stream", () => {
  const data = prng(5000, "continue");
  const h = new QuickXorHash().update(data.subarray(0, 1234));
  assert.equal(h.digest(), quickXorHash(data.subarray(0, 1234)));
  h.update(data.subarray(1234));
  assert.equal(h.digest(), quickXorHash(data));
});

test("throughput: word-wise, not bit-wise", (t) => {
  const data = prng(32 * 1024 * 1024, "speed");
  const h = new QuickXorHash();
  const start = process.hrtime.bigint();
  for (let round = 0; round < 2; round++) h.update(data);
  const seconds = Number(process.hrtime.bigint() - start) / 1e9;
  const mibPerSecond = 64 / seconds;
  t.diagnostic(`QuickXorHash: ${mibPerSecond.toFixed(0)} MiB/s`);
  // Loose on purpose (shared CI cores): a per-bit JS loop manages a few MiB/s, this needs ≥ 50.
  assert.ok(mibPerSecond > 50, `${mibPerSecond.toFixed(1)} MiB/s`);
});
