import type { BlobLocation } from "./blob-index.js";

/** Enough for restore's parallel files and browsing neighbours; each entry is about 1 MiB. */
const MAX_BUNDLES = 8;

/**
 * The last few decompressed bundles (bundle-format.ts) a reader used. Neighbouring small items
 * share a bundle, and restore and browsing read neighbours, so a bundle is decrypted and gunzipped
 * once for all its blobs rather than once per blob. Reads of a bundle in flight are shared too.
 */
export class BundleCache {
  private readonly bundles = new Map<string, Promise<Buffer>>();

  constructor(
    /** Reads and decompresses the bundle member at `loc` (its pack, offset, length and gz). */
    private readonly load: (loc: BlobLocation) => Promise<Buffer>,
    private readonly max = MAX_BUNDLES,
  ) {}

  /** The decompressed bundle that holds the blob at `loc`. */
  get(loc: BlobLocation): Promise<Buffer> {
    const key = `${loc.pack}:${loc.offset}`;
    let p = this.bundles.get(key);
    if (p) {
      // Most recently used last.
      this.bundles.delete(key);
      this.bundles.set(key, p);
      return p;
    }
    const loading = this.load(loc);
    p = loading;
    // A failed read is not kept: the caller reports it, and a later read tries again.
    loading.catch(() => {
      if (this.bundles.get(key) === loading) this.bundles.delete(key);
    });
    this.bundles.set(key, p);
    if (this.bundles.size > this.max) this.bundles.delete(this.bundles.keys().next().value as string);
    return p;
  }

  clear(): void {
    this.bundles.clear();
  }
}
