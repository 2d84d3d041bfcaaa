import { test } from "node:test";
import assert from "node:assert/strict";
import { createCipheriv, createHash } from "node:crypto";

import { Chunker, DEFAULT_CHUNKER, gearTable, type ChunkerParams } from "../../../electron/engine/archive/chunker.js";

const KiB = 1024;
const MiB = 1024 * KiB;

/** Deterministic pseudo-random bytes (AES-256-CTR keystream of a label). */
function prng(size: number, label: string): Buffer {
  const key = createHash("sha256").update(`key:${label}`).digest();
  const iv = createHash("sha256").update(`iv:${label}`).digest().subarray(0, 16);
  const c = createCipheriv("aes-256-ctr", key, iv);
  return Buffer.concat([c.update(Buffer.alloc(size)), c.final()]);
}

/** Small deterministic integer generator (mulberry32) for piece sizes. */
function rng(seed: number): (n: number) => number {
  let a = seed >>> 0;
  return (n: number) => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return (((t ^ (t >>> 14)) >>> 0) % n);
  };
}

function seedOf(label: string): Buffer {
  return createHash("sha256").update(`seed:${label}`).digest();
}

function chunkAll(data: Buffer, seed: Uint8Array, params?: ChunkerParams): Buffer[] {
  const c = new Chunker(seed, params);
  const out = c.push(data);
  const tail = c.flush();
  if (tail) out.push(tail);
  return out;
}

function chunkPieces(data: Buffer, seed: Uint8Array, pieceSize: () => number, params?: ChunkerParams): Buffer[] {
  const c = new Chunker(seed, params);
  const out: Buffer[] = [];
  let off = 0;
  while (off < data.length) {
    const n = Math.min(data.length - off, Math.max(0, pieceSize()));
    out.push(...c.push(data.subarray(off, off + n)));
    off += n;
  }
  const tail = c.flush();
  if (tail) out.push(tail);
  return out;
}

function lengths(chunks: Buffer[]): number[] {
  return chunks.map((c) => c.length);
}

function assertBounds(chunks: Buffer[], p: ChunkerParams): void {
  chunks.forEach((c, i) => {
    assert.ok(c.length > 0, `chunk ${i} is empty`);
    assert.ok(c.length <= p.max, `chunk ${i} is ${c.length} > max ${p.max}`);
    if (i < chunks.length - 1) assert.ok(c.length >= p.min, `chunk ${i} is ${c.length} < min ${p.min}`);
  });
}

test("gearTable is deterministic, seed-dependent, and requires a 32-byte seed", () => {
  const a = gearTable(seedOf("a"));
  assert.equal(a.length, 256);
  assert.deepEqual(gearTable(seedOf("a")), a);
  const b = gearTable(seedOf("b"));
  assert.notDeepEqual(b, a);
  assert.ok(new Set(a).size > 250, "gear entries should be essentially distinct");
  assert.throws(() => gearTable(new Uint8Array(16)), /32 bytes/);
  assert.throws(() => gearTable(new Uint8Array(33)), /32 bytes/);
});

test("constructor validates params", () => {
  const s = seedOf("p");
  assert.throws(() => new Chunker(s, { min: 0, avg: 1024, max: 4096 }), /positive integer/);
  assert.throws(() => new Chunker(s, { min: 2048, avg: 1024, max: 4096 }), /min <= avg <= max/);
  assert.throws(() => new Chunker(s, { min: 512, avg: 1024, max: 1000 }), /min <= avg <= max/);
  assert.throws(() => new Chunker(s, { min: 1, avg: 2.5, max: 8 }), /positive integer/);
  assert.deepEqual({ ...DEFAULT_CHUNKER }, { min: 512 * KiB, avg: 1 * MiB, max: 8 * MiB });
});

test("reassembly equals input and boundaries do not depend on push sizes (default params)", () => {
  const seed = seedOf("reassembly");
  const p = DEFAULT_CHUNKER;
  const sizes = [0, 1, 1000, p.min - 1, p.min, p.min + 1, p.max, p.max + 1, 3 * MiB + 7, 20 * MiB + 12345];
  const r = rng(42);
  for (const size of sizes) {
    const data = prng(size, `reassembly-${size}`);
    const whole = chunkAll(data, seed);
    assert.ok(Buffer.concat(whole).equals(data), `size ${size}: whole-push reassembly`);
    assertBounds(whole, p);
    if (size === 0) assert.equal(whole.length, 0);

    // Random piece sizes mixing tiny, medium and large pieces.
    const pieces = chunkPieces(data, seed, () => {
      const k = r(4);
      return k === 0 ? 1 + r(100) : k === 1 ? 1 + r(64 * KiB) : k === 2 ? 1 + r(MiB) : 1 + r(9 * MiB);
    });
    assert.ok(Buffer.concat(pieces).equals(data), `size ${size}: pieced reassembly`);
    assert.deepEqual(lengths(pieces), lengths(whole), `size ${size}: boundaries must not depend on push sizes`);
  }
});

test("streaming with tiny params and 1-byte pushes matches one big push", () => {
  const seed = seedOf("tiny");
  const p: ChunkerParams = { min: 64, avg: 256, max: 1024 };
  const r = rng(7);
  for (const size of [0, 1, 63, 64, 65, 1023, 1024, 1025, 5000, 200_000]) {
    const data = prng(size, `tiny-${size}`);
    const whole = chunkAll(data, seed, p);
    assert.ok(Buffer.concat(whole).equals(data));
    assertBounds(whole, p);
    const ones = chunkPieces(data, seed, () => 1, p);
    assert.deepEqual(lengths(ones), lengths(whole), `size ${size}: 1-byte pushes`);
    const mixed = chunkPieces(data, seed, () => r(3000), p); // includes empty pushes
    assert.deepEqual(lengths(mixed), lengths(whole), `size ${size}: mixed pushes`);
    assert.ok(Buffer.concat(mixed).equals(data));
  }
});

test("returned chunks stay valid when the caller reuses its push buffer", () => {
  const seed = seedOf("reuse");
  const p: ChunkerParams = { min: 64, avg: 256, max: 1024 };
  const data = prng(100_000, "reuse");
  const expected = chunkAll(data, seed, p);
  const c = new Chunker(seed, p);
  const scratch = Buffer.alloc(777);
  const got: Buffer[] = [];
  for (let off = 0; off < data.length; off += scratch.length) {
    const n = data.copy(scratch, 0, off, Math.min(data.length, off + scratch.length));
    got.push(...c.push(scratch.subarray(0, n)));
    scratch.fill(0xa5); // clobber: nothing the chunker returned or holds may alias it
  }
  const tail = c.flush();
  if (tail) got.push(tail);
  assert.equal(got.length, expected.length);
  got.forEach((g, i) => assert.ok(g.equals(expected[i] as Buffer), `chunk ${i} differs`));
  assert.equal(c.flush(), null, "flush resets the chunker");
});

test("every chunk except the last is within [min, max]; average size is near avg (64 MiB random)", () => {
  const seed = seedOf("avg");
  const p = DEFAULT_CHUNKER;
  const data = prng(64 * MiB, "avg");
  const chunks = chunkPieces(data, seed, () => 4 * MiB);
  assertBounds(chunks, p);
  const body = chunks.slice(0, -1);
  const mean = body.reduce((s, c) => s + c.length, 0) / body.length;
  assert.ok(mean >= p.avg / 2 && mean <= p.avg * 2, `mean chunk size ${mean} not within [avg/2, 2*avg]`);
  assert.ok(body.some((c) => c.length !== body[0]?.length), "chunk sizes should vary");
});

test("low-entropy input is cut at max", () => {
  const p: ChunkerParams = { min: 1024, avg: 4096, max: 16384 };
  // An all-zero input gives a constant hash after 32 bytes; with a random gear table it is
  // overwhelmingly unlikely to satisfy the mask, so every chunk is max-sized.
  const chunks = chunkAll(Buffer.alloc(100_000), seedOf("zeros"), p);
  assert.ok(Buffer.concat(chunks).equals(Buffer.alloc(100_000)));
  assertBounds(chunks, p);
});

test("a 1-byte insertion near the start leaves most chunks shared (32 MiB)", () => {
  const seed = seedOf("shift");
  const a = prng(32 * MiB, "shift");
  const b = Buffer.concat([a.subarray(0, 1000), Buffer.from([0x42]), a.subarray(1000)]);
  const sha = (c: Buffer) => createHash("sha256").update(c).digest("hex");
  const ha = chunkAll(a, seed).map(sha);
  const hb = new Set(chunkAll(b, seed).map(sha));
  const shared = ha.filter((h) => hb.has(h)).length;
  assert.ok(ha.length >= 10, `expected a meaningful number of chunks, got ${ha.length}`);
  assert.ok(shared / ha.length > 0.8, `only ${shared}/${ha.length} chunks shared`);
});

test("different seeds give different boundaries; the same seed gives identical ones", () => {
  const data = prng(16 * MiB, "seeds");
  const a1 = lengths(chunkAll(data, seedOf("one")));
  const a2 = lengths(chunkAll(data, seedOf("one")));
  const b = lengths(chunkAll(data, seedOf("two")));
  assert.deepEqual(a1, a2);
  assert.notDeepEqual(b, a1);
});
