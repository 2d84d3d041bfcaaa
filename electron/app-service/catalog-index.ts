import type { CatalogEntry } from "../../shared/archive-types.js";
import { impliedFolder, SIDECAR_KINDS, sortTime, displayName } from "./item-view.js";
import { searchTextOf } from "./search-text.js";

const key = (source: string, folder: string): string => `${source}\0${folder}`;

function parentOf(p: string): string {
  const i = p.lastIndexOf("/");
  return i < 0 ? "" : p.slice(0, i);
}

/**
 * One snapshot's catalog arranged for the UI: the children of every folder (folders implied by
 * their items included), sorted once when first asked for, and a folded search text per item built
 * once, so paging a 100,000-message folder or searching every item costs no decryption.
 */
export class CatalogIndex {
  readonly sources: string[];
  private readonly children = new Map<string, CatalogEntry[]>();
  private readonly sorted = new Set<string>();
  private readonly byPath = new Map<string, CatalogEntry>();
  private texts: string[] | null = null;

  constructor(readonly entries: CatalogEntry[]) {
    const sources = new Set<string>();
    const dirs = new Set<string>();
    for (const e of entries) {
      sources.add(e.source);
      this.byPath.set(key(e.source, e.path), e);
      if (e.type === "dir") dirs.add(key(e.source, e.path));
    }
    for (const e of entries) {
      this.add(e);
      // Folders that have no entry of their own (e.g. "mail") appear through their items.
      let p = parentOf(e.path);
      while (p !== "" && !dirs.has(key(e.source, p))) {
        dirs.add(key(e.source, p));
        const implied = impliedFolder(e.source, p);
        this.byPath.set(key(e.source, p), implied);
        this.add(implied);
        p = parentOf(p);
      }
    }
    this.sources = [...sources].sort((a, b) => a.localeCompare(b));
  }

  private add(e: CatalogEntry): void {
    const k = key(e.source, parentOf(e.path));
    let list = this.children.get(k);
    if (!list) this.children.set(k, (list = []));
    list.push(e);
  }

  get(source: string, p: string): CatalogEntry | undefined {
    return this.byPath.get(key(source, p));
  }

  hasFolder(source: string, folder: string): boolean {
    return folder === "" ? this.sources.includes(source) : this.byPath.get(key(source, folder))?.type === "dir";
  }

  /** Direct children: folders first, then mail and events newest first, else by name; sidecars hidden. */
  childrenOf(source: string, folder: string): CatalogEntry[] {
    const k = key(source, folder);
    const all = this.children.get(k) ?? [];
    if (!this.sorted.has(k)) {
      const visible = all.filter((e) => !SIDECAR_KINDS.has(e.kind ?? ""));
      const list = visible.length > 0 ? visible : all;
      const times = new Map(list.map((e) => [e, sortTime(e)]));
      const names = new Map(list.map((e) => [e, displayName(e).toLowerCase()]));
      list.sort((a, b) => {
        const da = a.type === "dir" ? 0 : 1;
        const db = b.type === "dir" ? 0 : 1;
        if (da !== db) return da - db;
        const dated = a.kind === "email" || a.kind === "event";
        if (dated && b.kind === a.kind) {
          const t = times.get(b)! - times.get(a)!;
          if (t !== 0) return t;
        }
        const n = names.get(a)!.localeCompare(names.get(b)!);
        return n !== 0 ? n : a.path < b.path ? -1 : a.path > b.path ? 1 : 0;
      });
      this.children.set(k, list);
      this.sorted.add(k);
    }
    return this.children.get(k)!;
  }

  /** The folded search text of entry i (built for every entry on first use). */
  searchTexts(): string[] {
    this.texts ??= this.entries.map(searchTextOf);
    return this.texts;
  }
}
