import { AgeRandomAccessReader } from "../crypto/age-decryptor.js";
import { LifeboatError } from "../errors.js";
import type { ArchiveLayout } from "./archive-layout.js";
import { blobId } from "./blob-id.js";
import type { BlobIndex, BlobLocation } from "./blob-index.js";
import { BundleCache } from "./bundle-cache.js";
import { decompress } from "./compression.js";
import { gunzipSized } from "./gunzip-sized.js";

const MAX_OPEN_PACKS = 8;
const MAX_GAP = 256 * 1024;
const MAX_SPAN = 16 << 20;

export class BlobDamagedError extends LifeboatError {
  constructor(
    readonly blob: string,
    readonly pack: string | null,
    reason: string,
  ) {
    super(`Stored data ${blob.slice(0, 12)}… ${reason}. Run \`lifeboat verify --full\` to see every affected item.`, 3, "damaged");
  }
}

/** A failed read of a blob's pack as the damage it is (a LifeboatError, e.g. a failed age chunk, as it is). */
function unreadable(id: string, loc: BlobLocation, err: unknown): LifeboatError {
  if (err instanceof LifeboatError) return err;
  const e = err as NodeJS.ErrnoException;
  if (e.code === "ENOENT") return new BlobDamagedError(id, loc.pack, `is in pack ${loc.pack.slice(0, 12)}…, which is missing`);
  return new BlobDamagedError(id, loc.pack, `could not be read from pack ${loc.pack.slice(0, 12)}… (${e.message})`);
}

/**
 * The read side of the blob store: random access into packs through the index, decompression,
 * and a check that the plaintext still hashes to the blob's id (so a flipped bit never slips
 * through a restore unnoticed).
 */
export class BlobReader {
  private readonly open = new Map<string, Promise<AgeRandomAccessReader>>();
  /** Reads in flight per reader: an evicted reader is closed only once it is idle. */
  private readonly inUse = new Map<Promise<AgeRandomAccessReader>, number>();
  private readonly evicted = new Set<Promise<AgeRandomAccessReader>>();
  private readonly bundles = new BundleCache(async (loc) => decompress(await this.readPack(loc.pack, loc.offset, loc.length), loc.gz));

  constructor(
    private readonly layout: ArchiveLayout,
    private readonly identity: string,
    private readonly idKey: Buffer,
    private readonly index: BlobIndex,
  ) {}

  private reader(pack: string): Promise<AgeRandomAccessReader> {
    let r = this.open.get(pack);
    if (r) {
      // refresh LRU position
      this.open.delete(pack);
      this.open.set(pack, r);
      return r;
    }
    r = AgeRandomAccessReader.open(this.layout.packPath(pack), [this.identity]);
    r.catch(() => this.open.delete(pack));
    this.open.set(pack, r);
    if (this.open.size > MAX_OPEN_PACKS) {
      const [oldest, p] = this.open.entries().next().value as [string, Promise<AgeRandomAccessReader>];
      this.open.delete(oldest);
      // Closing a reader another read is still using would fail that read as "damaged".
      if (this.inUse.has(p)) this.evicted.add(p);
      else void p.then((x) => x.close()).catch(() => undefined);
    }
    return r;
  }

  /**
   * Reads plaintext bytes of a pack (into `into` when given, at least `length` bytes), keeping its
   * reader open until the read is done.
   */
  private async readPack(pack: string, offset: number, length: number, into?: Buffer): Promise<Buffer> {
    const p = this.reader(pack);
    this.inUse.set(p, (this.inUse.get(p) ?? 0) + 1);
    try {
      const r = await p;
      if (!into) return await r.read(offset, length);
      await r.readInto(offset, length, into);
      return into.subarray(0, length);
    } finally {
      const n = this.inUse.get(p)! - 1;
      if (n > 0) this.inUse.set(p, n);
      else {
        this.inUse.delete(p);
        if (this.evicted.delete(p)) void p.then((x) => x.close()).catch(() => undefined);
      }
    }
  }

  /**
   * One blob's plaintext. `checkId` can be false only where the caller checks the bytes itself
   * against another hash (restore checks each whole file's SHA-256); age has already
   * authenticated every chunk either way.
   */
  async read(id: string, checkId = true): Promise<Buffer> {
    const loc = this.index.get(id);
    if (!loc) throw new BlobDamagedError(id, null, "is missing from the index");
    if (loc.inner !== undefined) return this.readBundled(id, loc, checkId);
    let data: Buffer;
    try {
      data = await decompress(await this.readPack(loc.pack, loc.offset, loc.length), loc.gz);
    } catch (err) {
      throw unreadable(id, loc, err);
    }
    this.check(id, loc, data, checkId);
    return data;
  }

  /** Throws unless `data` has the blob's recorded length and (with `checkId`) hashes to its id. */
  private check(id: string, loc: BlobLocation, data: Buffer, checkId: boolean): void {
    if (data.length !== loc.rawLength || (checkId && blobId(this.idKey, data) !== id)) {
      throw new BlobDamagedError(id, loc.pack, `in pack ${loc.pack.slice(0, 12)}… does not match its checksum`);
    }
  }

  /** The plaintext length of a blob as the index records it, so a caller can size a buffer. */
  plainLength(id: string): number | undefined {
    return this.locate(id)?.rawLength;
  }

  /** Where the index says a blob is. */
  locate(id: string): BlobLocation | undefined {
    return this.index.get(id);
  }

  /**
   * read() for bulk restores: a blob stored as it is is decrypted straight into `out` when it fits,
   * and the result is a view of `out`; a compressed one is read into `out` (when it fits) and
   * gunzipped into one new buffer of its known size. Anything else comes back from read(). A
   * restore reuses its buffers this way instead of allocating one (or, for gzip, dozens) per blob.
   */
  async readInto(id: string, out: Buffer, checkId = true): Promise<Buffer> {
    const loc = this.index.get(id);
    // In a bundle: copied out of the cached bundle into the caller's buffer.
    if (loc?.inner !== undefined) return this.readBundled(id, loc, checkId, out.length >= loc.rawLength ? out : undefined);
    // Otherwise only a blob that is a whole tar member of its own takes these paths: its member
    // data is the blob's plaintext, or the gzip of exactly it.
    if (!loc || (!loc.gz && (loc.length !== loc.rawLength || loc.rawLength > out.length))) return this.read(id, checkId);
    let data: Buffer;
    try {
      data = loc.gz
        ? await gunzipSized(await this.readPack(loc.pack, loc.offset, loc.length, loc.length <= out.length ? out : undefined), loc.rawLength)
        : await this.readPack(loc.pack, loc.offset, loc.length, out);
    } catch (err) {
      throw unreadable(id, loc, err);
    }
    this.check(id, loc, data, checkId);
    return data;
  }

  /** A blob inside a bundle: the whole bundle is read once and kept while its neighbours are read. */
  private async readBundled(id: string, loc: BlobLocation, checkId: boolean, out?: Buffer): Promise<Buffer> {
    let bundle: Buffer;
    try {
      bundle = await this.bundles.get(loc);
    } catch (err) {
      throw unreadable(id, loc, err);
    }
    const data = bundle.subarray(loc.inner, loc.inner! + loc.rawLength);
    this.check(id, loc, data, checkId);
    // A copy: the caller owns its buffer, and the cached bundle stays as it was read.
    if (!out) return Buffer.from(data);
    data.copy(out);
    return out.subarray(0, data.length);
  }

  /**
   * Reads many blobs, in order, with one decrypting read per stretch of a pack instead of one per
   * blob: a snapshot's catalog blobs sit next to each other in its catalog packs, so listing 100k
   * items is a handful of sequential reads.
   */
  async readMany(ids: string[]): Promise<Buffer[]> {
    const locs = ids.map((id) => {
      const loc = this.index.get(id);
      if (!loc) throw new BlobDamagedError(id, null, "is missing from the index");
      return { id, loc };
    });
    const byPack = new Map<string, Array<{ i: number; id: string; loc: BlobLocation }>>();
    const bundled: Array<{ i: number; id: string; loc: BlobLocation }> = [];
    locs.forEach(({ id, loc }, i) => {
      if (loc.inner !== undefined) return void bundled.push({ i, id, loc });
      const list = byPack.get(loc.pack) ?? [];
      list.push({ i, id, loc });
      byPack.set(loc.pack, list);
    });
    const out: Buffer[] = new Array<Buffer>(ids.length);
    for (const [pack, list] of byPack) {
      list.sort((a, b) => a.loc.offset - b.loc.offset);
      let k = 0;
      while (k < list.length) {
        // Coalesce members separated by small gaps (tar headers, other blobs) into one read.
        let end = k;
        while (end + 1 < list.length && list[end + 1]!.loc.offset - (list[end]!.loc.offset + list[end]!.loc.length) <= MAX_GAP && list[end + 1]!.loc.offset + list[end + 1]!.loc.length - list[k]!.loc.offset <= MAX_SPAN) end++;
        const start = list[k]!.loc.offset;
        const stop = list[end]!.loc.offset + list[end]!.loc.length;
        let span: Buffer;
        try {
          span = await this.readPack(pack, start, stop - start);
        } catch {
          // Fall back to single reads, so the error names the exact blob that is damaged.
          for (let j = k; j <= end; j++) out[list[j]!.i] = await this.read(list[j]!.id);
          k = end + 1;
          continue;
        }
        for (let j = k; j <= end; j++) {
          const { i, id, loc } = list[j]!;
          const data = await decompress(span.subarray(loc.offset - start, loc.offset - start + loc.length), loc.gz);
          this.check(id, loc, data, true);
          out[i] = data;
        }
        k = end + 1;
      }
    }
    // Bundled blobs in bundle order, so each bundle is read once.
    bundled.sort((a, b) => (a.loc.pack < b.loc.pack ? -1 : a.loc.pack > b.loc.pack ? 1 : a.loc.offset - b.loc.offset));
    for (const { i, id, loc } of bundled) out[i] = await this.readBundled(id, loc, true);
    return out;
  }

  async close(): Promise<void> {
    this.bundles.clear();
    const all = [...this.open.values(), ...this.evicted];
    this.open.clear();
    this.evicted.clear();
    await Promise.all(all.map((p) => p.then((r) => r.close()).catch(() => undefined)));
  }
}
