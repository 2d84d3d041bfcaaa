// BlobReader.readInto, the read path of restores: plain blobs decrypted into the caller's buffer,
// gzip blobs gunzipped to their recorded size, both byte-identical to read() and to the source,
// and a damaged chunk still reported as that blob being damaged (never as wrong bytes).
import assert from "node:assert/strict";
import { randomBytes } from "node:crypto";
import { promises as fsp } from "node:fs";
import path from "node:path";
import { after, before, test } from "node:test";
import type { CatalogEntry } from "../../shared/archive-types.js";
import { Archive } from "../../electron/engine/archive/archive.js";
import { BlobDamagedError } from "../../electron/engine/archive/blob-reader.js";
import { parseHeaderLength } from "../../electron/engine/crypto/age-format.js";
import { loadSnapshotEntries } from "../../electron/engine/restore/restore-snapshot.js";
import { initArchive, runCli, tempWorkspace } from "../helpers/cli-harness.js";

const CHUNK = 65536;
const ENC_CHUNK = CHUNK + 16;
let ws: Awaited<ReturnType<typeof tempWorkspace>>;
const source = new Map<string, Buffer>();

before(async () => {
  ws = await tempWorkspace("lifeboat-read-into-");
  await initArchive(ws.env);
  const dir = path.join(ws.dir, "src");
  await fsp.mkdir(dir);
  const lines: string[] = [];
  for (let i = 0, n = 0; n < 3 << 20; i++) {
    lines.push(`line ${i}: the quick brown fox ${i % 97} jumps over ${i % 13} lazy dogs\n`);
    n += lines[i]!.length;
  }
  source.set("text.txt", Buffer.from(lines.join(""))); // compressible: gzip blobs
  source.set("random.bin", randomBytes(3 << 20)); // incompressible: plain blobs
  source.set("small.txt", Buffer.from("a small note ".repeat(200)));
  source.set("tiny.bin", randomBytes(300));
  for (const [name, data] of source) await fsp.writeFile(path.join(dir, name), data);
  assert.equal((await runCli(["add", "folder", dir, "--name", "src"], ws.env)).code, 0);
  const b = await runCli(["backup", "--json", "--no-progress"], ws.env);
  assert.equal(b.code, 0, b.stderr);
});

after(async () => {
  await ws?.cleanup();
});

async function open(): Promise<{ archive: Archive; files: CatalogEntry[] }> {
  const archive = await Archive.open(ws.archive, { passphrase: ws.env["LIFEBOAT_PASSPHRASE"]! });
  const { entries } = await loadSnapshotEntries(archive, "latest");
  return { archive, files: entries.filter((e) => e.type === "file") };
}

test("readInto returns each blob's plaintext: plain ones inside the caller's buffer, gzip ones gunzipped", async () => {
  const { archive, files } = await open();
  const reader = await archive.reader();
  const index = await archive.index();
  let plain = 0;
  let gz = 0;
  for (const e of files) {
    const parts: Buffer[] = [];
    for (const id of e.content ?? []) {
      const loc = index.get(id)!;
      const out = Buffer.alloc(reader.plainLength(id)! + 100, 0xee);
      const data = await reader.readInto(id, out, true);
      assert.ok(data.equals(await reader.read(id)), `${e.path}: readInto and read agree`);
      if (loc.gz) gz++;
      else {
        plain++;
        assert.equal(data.buffer, out.buffer, `${e.path}: a plain blob is decrypted into the given buffer`);
        assert.ok(out.subarray(data.length).every((x) => x === 0xee), `${e.path}: nothing written past the blob`);
      }
      // A buffer too small for a plain blob is not an error: the blob comes back in a new buffer.
      assert.ok((await reader.readInto(id, Buffer.alloc(0), false)).equals(data));
      parts.push(Buffer.from(data));
    }
    assert.ok(Buffer.concat(parts).equals(source.get(e.path)!), `${e.path}: blobs make up the file`);
  }
  assert.ok(plain >= 3 && gz >= 3, `both kinds were read (plain ${plain}, gzip ${gz})`);
  await reader.close();
});

test("a flipped bit in a blob's chunk makes readInto fail with BlobDamagedError for that blob only", async () => {
  const { archive, files } = await open();
  const index = await archive.index();
  const blobsOf = (name: string): string[] => files.find((e) => e.path === name)!.content!;
  // One plain and one gzip blob, each in the middle of a multi-blob file.
  const targets = [blobsOf("random.bin")[1]!, blobsOf("text.txt")[0]!];
  for (const id of targets) {
    const loc = index.get(id)!;
    const packPath = archive.layout.packPath(loc.pack);
    const file = await fsp.readFile(packPath);
    const at = loc.offset + Math.floor(loc.length / 2);
    const pos = parseHeaderLength(file)! + 16 + Math.floor(at / CHUNK) * ENC_CHUNK + (at % CHUNK);
    await fsp.chmod(packPath, 0o644);
    file[pos]! ^= 0x04;
    await fsp.writeFile(packPath, file);
  }
  const damaged = await Archive.open(ws.archive, { passphrase: ws.env["LIFEBOAT_PASSPHRASE"]! });
  const reader = await damaged.reader();
  for (const id of targets) {
    for (const checkId of [true, false]) {
      await assert.rejects(reader.readInto(id, Buffer.alloc(16 << 20), checkId), (err: unknown) => {
        assert.ok(err instanceof BlobDamagedError, String(err));
        assert.equal(err.blob, id);
        assert.equal(err.code, "damaged");
        return true;
      });
    }
  }
  // The blob just before the damaged plain one ends at least 256 KiB (chunker minimum / 2) before
  // the flip, so in other chunks: it still reads, byte-identically.
  const first = blobsOf("random.bin")[0]!;
  const firstData = await reader.readInto(first, Buffer.alloc(16 << 20));
  assert.ok(firstData.equals(source.get("random.bin")!.subarray(0, firstData.length)));
  await reader.close();
});
