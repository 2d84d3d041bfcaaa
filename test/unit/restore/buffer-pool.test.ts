import assert from "node:assert/strict";
import { test } from "node:test";
import { BufferPool } from "../../../electron/engine/restore/buffer-pool.js";

test("BufferPool hands out big-enough buffers and reuses returned ones by size class", () => {
  const pool = new BufferPool(4 << 20);
  const a = pool.take(1_000_000);
  assert.equal(a.length, 1 << 20);
  assert.ok(pool.take(0).length >= 1 && pool.take(10).length === 65536);
  pool.give(a);
  const b = pool.take(600_000);
  assert.equal(b, a, "the returned buffer of the same class is reused");
  assert.notEqual(pool.take(600_000), a, "and handed out only once");
  const big = pool.take((3 << 20) + 1);
  assert.equal(big.length, 4 << 20);
});

test("BufferPool keeps at most maxBytes idle and ignores buffers it did not size", () => {
  const pool = new BufferPool(2 << 20);
  const bufs = [pool.take(1 << 20), pool.take(1 << 20), pool.take(1 << 20)];
  for (const b of bufs) pool.give(b);
  const again = [pool.take(1 << 20), pool.take(1 << 20), pool.take(1 << 20)];
  assert.equal(again.filter((b) => bufs.includes(b)).length, 2, "only two 1 MiB buffers were kept");
  pool.give(Buffer.alloc(1000));
  assert.equal(pool.take(1000).length, 65536, "a foreign-sized buffer is not pooled");
});
