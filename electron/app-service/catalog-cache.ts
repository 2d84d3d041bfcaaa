import type { Archive } from "../engine/archive/archive.js";
import type { SnapshotRecord } from "../engine/archive/snapshot-store.js";
import { CatalogIndex } from "./catalog-index.js";

/** How many snapshots' catalogs stay in memory (the newest and a couple being compared). */
const KEEP = 3;

/** Catalogs by snapshot id, each read and indexed once; dropped on lock. */
export class CatalogCache {
  private readonly map = new Map<string, Promise<CatalogIndex>>();

  get(archive: Archive, snapshot: SnapshotRecord): Promise<CatalogIndex> {
    let p = this.map.get(snapshot.id);
    if (p) {
      // Most recently used last, so the oldest goes first.
      this.map.delete(snapshot.id);
      this.map.set(snapshot.id, p);
      return p;
    }
    p = archive.catalog(snapshot).then((entries) => new CatalogIndex(entries));
    p.catch(() => this.map.delete(snapshot.id));
    this.map.set(snapshot.id, p);
    while (this.map.size > KEEP) this.map.delete(this.map.keys().next().value!);
    return p;
  }

  clear(): void {
    this.map.clear();
  }
}
