// The backup's content pipeline: worker threads digesting items into a shared ring must cut and
// name exactly the blobs the inline path does, keep each item's blobs in order, never deadlock when
// the caller holds blobs back, and fail one item (not the pool) when its file cannot be read.
import assert from "node:assert/strict";
import { createHash, createHmac, randomBytes } from "node:crypto";
import { promises as fsp } from "node:fs";
import os from "node:os";
import path from "node:path";
import { after, before, describe, test } from "node:test";
import { createRingMemory, RingReader, RingWriter } from "../../../electron/engine/backup/blob-ring.js";
import { ContentPool, ItemReadError, type PoolBlob } from "../../../electron/engine/backup/content-pool.js";
import type { DigestConfig } from "../../../electron/engine/backup/content-digest.js";

const KiB = 1024;
const MiB = 1024 * KiB;
const config: DigestConfig = {
  idKey: randomBytes(32),
  gearSeed: randomBytes(32),
  // Small chunks so a few MiB make many blobs and wrap the 16 MiB ring several times.
  chunker: { min: 64 * KiB, avg: 128 * KiB, max: 512 * KiB },
  smallLimit: 128 * KiB,
};
const SIZES = [0, 1, 100, 64 * KiB + 1, 128 * KiB, 128 * KiB + 1, 3 * MiB + 17, 40 * MiB + 5];

let dir: string;
const files = new Map<number, { path: string; data: Buffer }>();

before(async () => {
  dir = await fsp.mkdtemp(path.join(os.tmpdir(), "lifeboat-pool-"));
  for (const size of SIZES) {
    const data = randomBytes(size);
    // Some text, so the incompressibility probe answers both ways.
    if (size > 1000) data.fill(0x61, 0, Math.min(size, 200 * KiB));
    const p = path.join(dir, `f${size}.bin`);
    await fsp.writeFile(p, data);
    files.set(size, { path: p, data });
  }
});

after(async () => {
  await fsp.rm(dir, { recursive: true, force: true });
});

interface Stored {
  ids: string[];
  bytes: Buffer;
  size: number;
  sha256: string;
}

/** Stores each content through a pool; blobs are checked (id = HMAC of the bytes) and copied out before release. */
async function storeAll(pool: ContentPool, contents: Array<() => Parameters<ContentPool["store"]>[0]>, hold?: PoolBlob[]): Promise<Stored[]> {
  // The test's stream pieces are fresh copies: given away, so streams go to the workers too.
  const results: Array<Promise<Stored>> = [];
  for (const make of contents) {
    const parts: Buffer[] = [];
    const ids: string[] = [];
    const job = pool.store(make(), async (b) => {
      assert.equal(b.id, createHmac("sha256", Buffer.from(config.idKey)).update(b.data).digest("hex"), "blob id is the keyed hash of its bytes");
      ids.push(b.id);
      parts.push(Buffer.from(b.data));
      if (hold) hold.push(b);
      else b.release();
    }, { transfer: true });
    await job.handedOff;
    results.push(job.done.then((r) => ({ ids, bytes: Buffer.concat(parts), ...r })));
  }
  await pool.drain();
  return Promise.all(results);
}

function piecesOf(data: Buffer, step: number): AsyncIterable<Buffer> {
  return (async function* () {
    for (let i = 0; i < data.length; i += step) yield Buffer.from(data.subarray(i, i + step));
  })();
}

describe("content pool", () => {
  test("workers cut and name exactly the blobs the inline path does, for files, streams and buffers", async () => {
    const contents = SIZES.flatMap((size) => {
      const f = files.get(size)!;
      return [() => ({ localPath: f.path, size }), () => piecesOf(f.data, 300 * KiB + 7), () => Buffer.from(f.data)];
    });
    const inline = ContentPool.start(config, async () => undefined, 0);
    const pooled = ContentPool.start(config, async () => undefined, 2);
    try {
      const a = await storeAll(inline, contents);
      const b = await storeAll(pooled, contents);
      assert.equal(inline.workers, 0);
      assert.ok(pooled.workers >= 1 && pooled.workers <= 2, `${pooled.workers} workers`);
      for (const [i, r] of b.entries()) {
        const size = SIZES[Math.floor(i / 3)]!;
        const data = files.get(size)!.data;
        assert.equal(r.size, size);
        assert.equal(r.sha256, createHash("sha256").update(data).digest("hex"));
        assert.ok(r.bytes.equals(data), `content ${i} (size ${size}): the blobs in order are the content`);
        assert.deepEqual(r.ids, a[i]!.ids, `content ${i} (size ${size}): same blobs as inline`);
        if (size > 2 * config.chunker.max) assert.ok(r.ids.length > 1, "big content is chunked");
        else assert.equal(r.ids.length, size === 0 ? 0 : 1, "small content is one blob");
      }
    } finally {
      await inline.close();
      await pooled.close();
    }
  });

  test("a caller holding every blob back is asked to let go when a ring is full, and nothing deadlocks", async () => {
    const held: PoolBlob[] = [];
    let fullCalls = 0;
    const pool = ContentPool.start(config, async () => {
      fullCalls++;
      for (const b of held.splice(0)) b.release();
    }, 1);
    try {
      const f = files.get(40 * MiB + 5)!;
      const [r] = await storeAll(pool, [() => ({ localPath: f.path, size: f.data.length })], held);
      assert.ok(r!.bytes.equals(f.data));
      assert.ok(fullCalls > 0, "40 MiB held back cannot fit a 16 MiB ring without the caller letting go");
    } finally {
      for (const b of held) b.release();
      await pool.close();
    }
  });

  test("a file that cannot be read fails that item with its errno code; the pool goes on", async () => {
    const pool = ContentPool.start(config, async () => undefined, 2);
    try {
      for (const [target, code] of [[path.join(dir, "missing.bin"), "ENOENT"], [dir, "EISDIR"]] as const) {
        const job = pool.store({ localPath: target, size: 10 }, async (b) => b.release());
        await job.handedOff;
        await assert.rejects(job.done, (e: unknown) => e instanceof ItemReadError && e.code === code);
      }
      const f = files.get(3 * MiB + 17)!;
      const [r] = await storeAll(pool, [() => ({ localPath: f.path, size: f.data.length })]);
      assert.ok(r!.bytes.equals(f.data), "later items are stored normally");
    } finally {
      await pool.close();
    }
  });

  test("a stream that fails mid-way rejects its hand-off, and its blobs never clog the ring", async () => {
    const pool = ContentPool.start(config, async () => undefined, 1);
    try {
      const f = files.get(40 * MiB + 5)!;
      for (let round = 0; round < 3; round++) {
        const failing = (async function* () {
          yield Buffer.from(f.data.subarray(0, 6 * MiB));
          yield Buffer.from(f.data.subarray(6 * MiB, 12 * MiB));
          throw Object.assign(new Error("connection reset"), { code: "ECONNRESET" });
        })();
        const job = pool.store(failing, async (b) => b.release(), { transfer: true });
        await assert.rejects(job.handedOff, /connection reset/);
        await assert.rejects(job.done, /connection reset/);
      }
      // 3 x 12 MiB of abandoned pieces went through a 16 MiB ring: a whole file still fits after them.
      const [r] = await storeAll(pool, [() => ({ localPath: f.path, size: f.data.length })]);
      assert.ok(r!.bytes.equals(f.data));
    } finally {
      await pool.close();
    }
  });
});

describe("blob ring", () => {
  test("slots are contiguous, wrap at the end, and free space only returns in allocation order", () => {
    const memory = createRingMemory(100);
    let full = 0;
    const w = new RingWriter(memory, () => full++);
    const r = new RingReader(memory);
    const a = w.alloc(40);
    const b = w.alloc(40);
    assert.deepEqual([a.slot.offset, b.slot.offset], [0, 40]);
    a.buf.fill(1);
    b.buf.fill(2);
    const ta = r.take(a.slot);
    const tb = r.take(b.slot);
    assert.ok(ta.buf.every((x) => x === 1) && tb.buf.every((x) => x === 2), "the reader sees what the writer wrote");
    tb.release(); // out of order: nothing is free yet
    ta.release(); // now both are
    // 30 bytes do not fit the 20 left at the end: the slot wraps to 0 and its span covers the gap.
    const c = w.alloc(30);
    assert.deepEqual(c.slot, { offset: 0, length: 30, span: 50 });
    assert.equal(full, 0, "never had to wait");
    assert.throws(() => w.alloc(101), RangeError);
  });
});
