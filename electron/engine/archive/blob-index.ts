import { promises as fsp } from "node:fs";
import path from "node:path";
import { gunzipSync, gzipSync } from "node:zlib";
import { decryptBytes } from "../crypto/age-decryptor.js";
import { encryptBytes } from "../crypto/age-bytes.js";
import { LifeboatError } from "../errors.js";
import { type ArchiveLayout, indexFileName, isSha256, parseIndexFileName } from "./archive-layout.js";
import { writeOnce } from "./durable-file.js";

/** Where a blob lives: a byte range of a pack's tar stream (the plaintext of the pack file). */
export interface BlobLocation {
  pack: string;
  /** Offset of the member's data in the pack's tar stream. */
  offset: number;
  /** Stored length (after compression). */
  length: number;
  /** Plaintext length before compression. */
  rawLength: number;
  gz: boolean;
  /**
   * Set for a blob inside a bundle (bundle-format.ts): `offset`, `length` and `gz` then describe
   * the bundle's member, `rawLength` is still the blob's own, and its bytes start at `inner` in
   * the decompressed bundle.
   */
  inner?: number;
}

/**
 * One index entry: `[id, offset, length, rawLength, gz]` for a blob stored as its own member, with a
 * sixth field `inner` for a blob inside a bundle (see BlobLocation).
 */
export type BlobEntry = [id: string, offset: number, length: number, rawLength: number, gz: 0 | 1, inner?: number];

export interface PackRecord {
  id: string;
  /** Size of the pack file on disk (ciphertext). */
  size: number;
  blobs: BlobEntry[];
}

export interface IndexFile {
  version: 1;
  /** Index files this one replaces (written by prune after repacking). */
  supersedes: string[];
  packs: PackRecord[];
}

export class BlobIndex {
  readonly blobs = new Map<string, BlobLocation>();
  readonly packs = new Map<string, PackRecord>();
  /** Index files in force (not superseded). */
  readonly files: string[] = [];
  /** Index files that could not be read: their packs are still on disk and `verify` rebuilds them. */
  readonly unreadable: Array<{ file: string; error: string }> = [];

  has(id: string): boolean {
    return this.blobs.has(id);
  }
  get(id: string): BlobLocation | undefined {
    return this.blobs.get(id);
  }
  addPack(p: PackRecord): void {
    this.packs.set(p.id, p);
    for (const [id, offset, length, rawLength, gz, inner] of p.blobs) {
      if (this.blobs.has(id)) continue;
      const loc: BlobLocation = { pack: p.id, offset, length, rawLength, gz: gz === 1 };
      if (inner !== undefined) loc.inner = inner;
      this.blobs.set(id, loc);
    }
  }
}

export function parseIndexFile(data: Buffer, name: string): IndexFile {
  let parsed: unknown;
  try {
    parsed = JSON.parse(gunzipSync(data).toString("utf8"));
  } catch (err) {
    throw new LifeboatError(`Index file ${name} is not valid (${(err as Error).message}).`);
  }
  const f = parsed as IndexFile;
  const ok =
    f && f.version === 1 && Array.isArray(f.supersedes) && Array.isArray(f.packs) &&
    f.packs.every((p) => isSha256(p.id) && Number.isInteger(p.size) && Array.isArray(p.blobs) &&
      p.blobs.every((b) => Array.isArray(b) && (b.length === 5 || (b.length === 6 && Number.isInteger(b[5]))) && isSha256(b[0]) && Number.isInteger(b[1]) && Number.isInteger(b[2]) && Number.isInteger(b[3])));
  if (!ok) throw new LifeboatError(`Index file ${name} has an unexpected structure.`);
  return f;
}

export async function listIndexFiles(layout: ArchiveLayout): Promise<string[]> {
  const names = await fsp.readdir(layout.indexDir).catch(() => [] as string[]);
  return names.filter((n) => parseIndexFileName(n) !== null).sort();
}

/** Loads every index file, honouring `supersedes`, into one in-memory map. */
export async function loadBlobIndex(layout: ArchiveLayout, identity: string): Promise<BlobIndex> {
  const names = await listIndexFiles(layout);
  const files = await Promise.all(
    names.map(async (n) => {
      try {
        return { name: n, file: parseIndexFile(await decryptBytes([identity], await fsp.readFile(path.join(layout.indexDir, n))), n) };
      } catch (err) {
        return { name: n, error: (err as Error).message };
      }
    }),
  );
  const superseded = new Set<string>();
  for (const f of files) if ("file" in f && f.file) for (const s of f.file.supersedes) superseded.add(s);
  const index = new BlobIndex();
  for (const f of files) {
    const id = parseIndexFileName(f.name)!;
    if (superseded.has(id)) continue;
    if ("error" in f && f.error !== undefined) {
      index.unreadable.push({ file: `index/${f.name}`, error: f.error });
      continue;
    }
    index.files.push(id);
    for (const p of f.file!.packs) index.addPack(p);
  }
  return index;
}

export async function writeIndexFile(layout: ArchiveLayout, recipient: string, packs: PackRecord[], supersedes: string[] = []): Promise<string> {
  const body: IndexFile = { version: 1, supersedes, packs };
  const data = await encryptBytes([recipient], gzipSync(Buffer.from(JSON.stringify(body))));
  await fsp.mkdir(layout.indexDir, { recursive: true });
  const written = await writeOnce(layout.tmpDir, layout.indexDir, data, indexFileName);
  return written.sha256;
}
