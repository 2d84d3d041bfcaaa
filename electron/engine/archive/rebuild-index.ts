import { promises as fsp } from "node:fs";
import path from "node:path";
import { AgeRandomAccessReader } from "../crypto/age-decryptor.js";
import { type ArchiveLayout, parsePackFileName } from "./archive-layout.js";
import type { BlobIndex, PackRecord } from "./blob-index.js";
import { BUNDLE_MEMBER, bundleEntries, readBundleTable } from "./bundle-format.js";
import { decompress } from "./compression.js";
import { readTarMembers } from "./tar-format.js";

/** Every pack file on disk, by id, with its size. */
export async function listPackFiles(layout: ArchiveLayout): Promise<Map<string, number>> {
  const out = new Map<string, number>();
  const dirs = await fsp.readdir(layout.packsDir).catch(() => [] as string[]);
  for (const d of dirs) {
    const names = await fsp.readdir(path.join(layout.packsDir, d)).catch(() => [] as string[]);
    for (const n of names) {
      const id = parsePackFileName(n);
      if (id && id.startsWith(d)) out.set(id, (await fsp.stat(path.join(layout.packsDir, d, n))).size);
    }
  }
  return out;
}

const MEMBER = /^b\/([0-9a-f]{64})(\.gz)?$/;

/**
 * Rebuilds a pack's index record from the tar headers inside it (and inside its bundles): the index
 * is a cache of what the packs already say, so a damaged or missing index file loses no data.
 */
export async function readPackRecord(layout: ArchiveLayout, identity: string, packId: string, size: number): Promise<PackRecord> {
  const r = await AgeRandomAccessReader.open(layout.packPath(packId), [identity]);
  try {
    const blobs: PackRecord["blobs"] = [];
    for await (const m of readTarMembers((o, l) => r.read(o, l), r.plaintextSize)) {
      const bundle = BUNDLE_MEMBER.exec(m.name);
      if (bundle) {
        const tar = await decompress(await r.read(m.dataOffset, m.size), !!bundle[2]);
        blobs.push(...bundleEntries({ blobs: await readBundleTable(tar) }, m.dataOffset, m.size, !!bundle[2]));
        continue;
      }
      const match = MEMBER.exec(m.name);
      if (!match) continue;
      // The plaintext length of a compressed member is only known after gunzip.
      const rawLength = match[2] ? (await decompress(await r.read(m.dataOffset, m.size), true)).length : m.size;
      blobs.push([match[1]!, m.dataOffset, m.size, rawLength, match[2] ? 1 : 0]);
    }
    return { id: packId, size, blobs };
  } finally {
    await r.close();
  }
}

/** Packs on disk that no readable index file describes (a crash before the index, or a damaged index). */
export async function unindexedPacks(layout: ArchiveLayout, index: BlobIndex): Promise<Map<string, number>> {
  const onDisk = await listPackFiles(layout);
  for (const id of index.packs.keys()) onDisk.delete(id);
  return onDisk;
}
