import { test } from "node:test";
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { createHash } from "node:crypto";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

import {
  TAR_BLOCK,
  readTarMembers,
  tarEnd,
  tarHeader,
  tarPadding,
  type TarMember,
} from "../../../electron/engine/archive/tar-format.js";

const SIZES = [0, 1, 511, 512, 513, 100_000];

function bytes(size: number, label: string): Buffer {
  const out = Buffer.alloc(size);
  let block = Buffer.alloc(0);
  for (let off = 0, i = 0; off < size; off += block.length, i++) {
    block = createHash("sha256").update(`${label}:${i}`).digest();
    block.copy(out, off);
  }
  return out;
}

interface Built {
  stream: Buffer;
  members: { name: string; data: Buffer; dataOffset: number }[];
}

function build(): Built {
  const parts: Buffer[] = [];
  const members: Built["members"] = [];
  let offset = 0;
  const add = (b: Buffer) => {
    parts.push(b);
    offset += b.length;
  };
  SIZES.forEach((size, i) => {
    const name = `b/${i}-${createHash("sha256").update(String(size)).digest("hex")}${i % 2 ? ".gz" : ""}`;
    const data = bytes(size, name);
    add(tarHeader(name, size, 1_700_000_000 + i));
    members.push({ name, data, dataOffset: offset });
    add(data);
    add(tarPadding(size));
    assert.equal(offset % TAR_BLOCK, 0);
  });
  add(tarEnd());
  return { stream: Buffer.concat(parts), members };
}

function reader(buf: Buffer) {
  return async (offset: number, length: number) => buf.subarray(offset, offset + length);
}

async function collect(buf: Buffer, total = buf.length): Promise<TarMember[]> {
  const out: TarMember[] = [];
  for await (const m of readTarMembers(reader(buf), total)) out.push(m);
  return out;
}

test("tarHeader / tarPadding / tarEnd produce blocks of the right shape", () => {
  const h = tarHeader("b/x", 1234, 5);
  assert.equal(h.length, TAR_BLOCK);
  assert.equal(h.toString("ascii", 257, 263), "ustar\0");
  assert.equal(h.toString("ascii", 263, 265), "00");
  assert.equal(h.toString("ascii", 124, 136), "00000002322\0");
  assert.equal(h.toString("ascii", 100, 108), "0000644\0");
  assert.equal(String.fromCharCode(h[156] as number), "0");
  assert.equal(h.toString("ascii", 265, 297), "\0".repeat(32));
  let sum = 0;
  for (let i = 0; i < TAR_BLOCK; i++) sum += i >= 148 && i < 156 ? 0x20 : (h[i] as number);
  assert.equal(parseInt(h.toString("ascii", 148, 154), 8), sum);
  assert.equal(tarHeader("b/x", 1).toString("ascii", 136, 148), "00000000000\0", "mtime defaults to 0");

  assert.equal(tarPadding(0).length, 0);
  assert.equal(tarPadding(1).length, 511);
  assert.equal(tarPadding(511).length, 1);
  assert.equal(tarPadding(512).length, 0);
  assert.equal(tarPadding(513).length, 511);
  assert.ok(tarPadding(1).every((b) => b === 0));
  assert.equal(tarEnd().length, 1024);
  assert.ok(tarEnd().every((b) => b === 0));
});

test("tarHeader rejects bad names and sizes", () => {
  assert.throws(() => tarHeader("a".repeat(101), 1), /longer than 100/);
  assert.doesNotThrow(() => tarHeader("a".repeat(100), 1));
  assert.throws(() => tarHeader("", 1), /non-empty/);
  assert.throws(() => tarHeader("b/é", 1), /ASCII/);
  assert.throws(() => tarHeader("b/a\0b", 1), /ASCII/);
  assert.throws(() => tarHeader("b/a\nb", 1), /ASCII/);
  assert.throws(() => tarHeader("/etc/passwd", 1), /relative/);
  assert.throws(() => tarHeader("b/../x", 1), /component/);
  assert.throws(() => tarHeader("b/", 1), /relative/);
  assert.throws(() => tarHeader("b/x", -1), /non-negative/);
  assert.throws(() => tarHeader("b/x", 1.5), /non-negative/);
  assert.doesNotThrow(() => tarHeader("b/x", 8 * 1024 ** 3 - 1));
  assert.throws(() => tarHeader("b/x", 8 * 1024 ** 3), /8 GiB/);
  assert.throws(() => tarHeader("b/x", 1, -1), /mtime/);
});

test("GNU tar lists and extracts the stream", (t) => {
  const { stream, members } = build();
  const dir = mkdtempSync(join(tmpdir(), "lifeboat-tar-"));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  const file = join(dir, "pack.tar");
  writeFileSync(file, stream);

  const listing = execFileSync("tar", ["-tvf", file], { encoding: "utf8", env: { ...process.env, LC_ALL: "C", TZ: "UTC" } });
  const lines = listing.trim().split("\n");
  assert.equal(lines.length, members.length, listing);
  lines.forEach((line, i) => {
    const m = members[i]!;
    const cols = line.trim().split(/\s+/);
    assert.equal(cols[0], "-rw-r--r--", line);
    assert.equal(cols[1], "0/0", line);
    assert.equal(Number(cols[2]), m.data.length, line);
    assert.equal(cols[cols.length - 1], m.name, line);
  });

  for (const m of members) {
    const out = execFileSync("tar", ["-xOf", file, m.name], { maxBuffer: 16 * 1024 * 1024 });
    assert.ok(out.equals(m.data), `tar -xOf ${m.name} returned different bytes`);
  }
  // GNU tar must not complain about the stream at all (no "lone zero block" etc.).
  execFileSync("tar", ["-tf", file], { stdio: ["ignore", "ignore", "pipe"] });
});

test("readTarMembers yields names, sizes and data offsets", async () => {
  const { stream, members } = build();
  const got = await collect(stream);
  assert.deepEqual(
    got,
    members.map((m) => ({ name: m.name, size: m.data.length, dataOffset: m.dataOffset })),
  );
  for (const [i, g] of got.entries()) {
    assert.ok(stream.subarray(g.dataOffset, g.dataOffset + g.size).equals(members[i]!.data));
  }
  // An empty archive is just the end marker.
  assert.deepEqual(await collect(tarEnd()), []);
});

test("readTarMembers reads a stream written by GNU tar", async (t) => {
  const dir = mkdtempSync(join(tmpdir(), "lifeboat-tar-"));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  writeFileSync(join(dir, "one"), bytes(700, "one"));
  writeFileSync(join(dir, "two"), Buffer.alloc(0));
  const out = execFileSync("tar", ["--format=ustar", "-cf", "-", "-C", dir, "one", "two"]);
  const got = await collect(out);
  assert.deepEqual(got, [
    { name: "one", size: 700, dataOffset: 512 },
    { name: "two", size: 0, dataOffset: 512 + 512 + 1024 },
  ]);
  assert.ok(out.subarray(512, 512 + 700).equals(bytes(700, "one")));
});

test("readTarMembers reports a corrupted header checksum", async () => {
  const { stream, members } = build();
  const bad = Buffer.from(stream);
  const headerAt = members[2]!.dataOffset - TAR_BLOCK;
  bad[headerAt + 5] = (bad[headerAt + 5] as number) ^ 0x01; // flip a bit in the name
  const seen: TarMember[] = [];
  await assert.rejects(async () => {
    for await (const m of readTarMembers(reader(bad), bad.length)) seen.push(m);
  }, new RegExp(`bad header checksum at offset ${headerAt}`));
  assert.equal(seen.length, 2, "members before the corruption are still yielded");

  const badSum = Buffer.from(stream);
  badSum.write("7", 148, "ascii"); // damage the stored checksum of the first header
  await assert.rejects(collect(badSum), /bad header checksum at offset 0/);
});

test("readTarMembers reports truncated streams", async () => {
  const { stream, members } = build();
  const last = members[members.length - 1]!;
  // Cut inside the last member's data.
  await assert.rejects(collect(stream.subarray(0, last.dataOffset + 10)), /truncated stream/);
  // Cut after the last member's padding: no end marker.
  const noEnd = stream.subarray(0, stream.length - 1024);
  await assert.rejects(collect(noEnd), /truncated stream/);
  // Only half of the end marker.
  await assert.rejects(collect(stream.subarray(0, stream.length - 512)), /truncated stream/);
  // A reader that returns short reads.
  await assert.rejects(
    async () => {
      for await (const _ of readTarMembers(async (o, l) => stream.subarray(o, o + Math.min(l, 100)), stream.length)) {
        // drain
      }
    },
    /short read/,
  );
  // Empty input.
  await assert.rejects(collect(Buffer.alloc(0)), /truncated stream/);
});
