import { createHash } from "node:crypto";
import type { BlobEntry } from "./blob-index.js";
import { TAR_BLOCK, readTarMembers, tarEnd, tarHeader, tarPadding } from "./tar-format.js";

// Bundles (FORMAT.md, section 6): small data blobs are not stored one tar member each (a 512-byte
// header and up to 511 bytes of padding per mail of 3 KB, and gzip starting from scratch for
// each) but many to one member `g/<bundle id>.tar` or `g/<bundle id>.tar.gz`, whose content is
// itself a plain ustar stream of members `b/<blob id>`. A bundle therefore describes itself:
// `tar -x` of it gives the same files a pack gives, so rebuilding the index and recovering with
// standard tools need no side table. The inner headers compress to a few dozen bytes each.

/** Data blobs below this raw size go into bundles. */
export const BUNDLE_BLOB_LIMIT = 128 * 1024;
/** A bundle is closed once its tar stream reaches this size (about 1 MiB, so reading one blob costs little). */
export const BUNDLE_TARGET = 1 << 20;

/** A bundle's member name in a pack: group 1 is the bundle id, group 2 `.gz` when compressed. */
export const BUNDLE_MEMBER = /^g\/([0-9a-f]{64})\.tar(\.gz)?$/;
const INNER_MEMBER = /^b\/([0-9a-f]{64})$/;

/** A closed bundle: its tar stream, and for each blob its id, data offset in that stream and length. */
export interface Bundle {
  /** The member name without `.gz` (the writer adds it when it compresses the bundle). */
  name: string;
  tar: Buffer;
  blobs: Array<[id: string, inner: number, rawLength: number]>;
  /** Sum of the blobs' lengths. */
  rawBytes: number;
}

/**
 * Collects small blobs into one bundle's tar stream. Each blob is copied in as it is added, so the
 * caller may reuse its buffer, and the stream needs no concatenation when the bundle closes.
 */
export class BundleBuilder {
  private readonly buf: Buffer;
  private pos = 0;
  private rawBytes = 0;
  private readonly blobs: Bundle["blobs"] = [];
  // The bundle id names its content: the SHA-256 of its blob ids in order (free to compute, and
  // equal bundles get equal names, so two copies unpacked into one folder are harmless).
  private readonly ids = createHash("sha256");

  /** `target`: the size at which the owner closes the bundle (it may overshoot by one blob). */
  constructor(target = BUNDLE_TARGET) {
    this.buf = Buffer.allocUnsafe(target + 2 * TAR_BLOCK + BUNDLE_BLOB_LIMIT + 2 * TAR_BLOCK);
  }

  get count(): number {
    return this.blobs.length;
  }

  /** Bytes of tar stream so far (without the end-of-archive blocks). */
  get size(): number {
    return this.pos;
  }

  /** Appends a blob below BUNDLE_BLOB_LIMIT; call only while `size` is below the target. */
  add(id: string, data: Buffer): void {
    const padding = tarPadding(data.length).length;
    tarHeader(`b/${id}`, data.length).copy(this.buf, this.pos);
    data.copy(this.buf, this.pos + TAR_BLOCK);
    this.buf.fill(0, this.pos + TAR_BLOCK + data.length, this.pos + TAR_BLOCK + data.length + padding);
    this.blobs.push([id, this.pos + TAR_BLOCK, data.length]);
    this.pos += TAR_BLOCK + data.length + padding;
    this.rawBytes += data.length;
    this.ids.update(Buffer.from(id, "hex"));
  }

  finish(): Bundle {
    tarEnd().copy(this.buf, this.pos);
    return { name: `g/${this.ids.digest("hex")}.tar`, tar: this.buf.subarray(0, this.pos + 2 * TAR_BLOCK), blobs: this.blobs, rawBytes: this.rawBytes };
  }
}

/** The index entries of a bundle stored at `offset` of a pack as `length` bytes. */
export function bundleEntries(bundle: Pick<Bundle, "blobs">, offset: number, length: number, gz: boolean): BlobEntry[] {
  return bundle.blobs.map(([id, inner, rawLength]): BlobEntry => [id, offset, length, rawLength, gz ? 1 : 0, inner]);
}

/**
 * The blobs a bundle's (decompressed) tar stream lists, from its own headers: what rebuilding the
 * index and `verify` rely on, and what `tar -x` of the bundle gives.
 */
export async function readBundleTable(tar: Buffer): Promise<Bundle["blobs"]> {
  const out: Bundle["blobs"] = [];
  const read = (o: number, l: number): Promise<Buffer> => Promise.resolve(tar.subarray(o, o + l));
  for await (const m of readTarMembers(read, tar.length)) {
    const match = INNER_MEMBER.exec(m.name);
    if (match) out.push([match[1]!, m.dataOffset, m.size]);
  }
  return out;
}
