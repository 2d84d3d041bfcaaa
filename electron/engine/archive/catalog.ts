import type { CatalogEntry } from "../../../shared/archive-types.js";
import type { BlobReader } from "./blob-reader.js";
import type { BlobWriter } from "./blob-writer.js";
import { Chunker } from "./chunker.js";

/**
 * The catalog lists every item of a snapshot as JSON Lines, sorted by source then path. It is cut
 * by content-defined chunking into small blobs, so the unchanged stretches of a large catalog are
 * shared between snapshots instead of stored again.
 */
const CATALOG_CHUNKS = { min: 16 * 1024, avg: 64 * 1024, max: 256 * 1024 };

export function compareEntries(a: CatalogEntry, b: CatalogEntry): number {
  return a.source < b.source ? -1 : a.source > b.source ? 1 : a.path < b.path ? -1 : a.path > b.path ? 1 : 0;
}

export async function writeCatalog(writer: BlobWriter, gearSeed: Buffer, entries: CatalogEntry[]): Promise<string[]> {
  const sorted = [...entries].sort(compareEntries);
  const chunker = new Chunker(gearSeed, CATALOG_CHUNKS);
  const ids: string[] = [];
  const put = async (chunks: Buffer[]): Promise<void> => {
    for (const c of chunks) ids.push(await writer.put(c, "meta"));
  };
  let batch: string[] = [];
  let batchLen = 0;
  for (const e of sorted) {
    const line = JSON.stringify(e) + "\n";
    batch.push(line);
    batchLen += line.length;
    if (batchLen > 256 * 1024) {
      await put(chunker.push(Buffer.from(batch.join(""))));
      batch = [];
      batchLen = 0;
    }
  }
  if (batch.length) await put(chunker.push(Buffer.from(batch.join(""))));
  const tail = chunker.flush();
  if (tail) await put([tail]);
  return ids;
}

export async function readCatalog(reader: BlobReader, ids: string[]): Promise<CatalogEntry[]> {
  const parts = await reader.readMany(ids);
  const text = Buffer.concat(parts).toString("utf8");
  const out: CatalogEntry[] = [];
  let start = 0;
  while (start < text.length) {
    let end = text.indexOf("\n", start);
    if (end < 0) end = text.length;
    if (end > start) out.push(JSON.parse(text.slice(start, end)) as CatalogEntry);
    start = end + 1;
  }
  return out;
}
