import type { ItemView } from "../../shared/app-types.js";
import type { CatalogIndex } from "./catalog-index.js";
import { itemView, SIDECAR_KINDS } from "./item-view.js";
import { queryWords } from "./search-text.js";

/**
 * Every item whose path, name or facts contain all the query's words (case and accents ignored),
 * optionally of the given kinds; the first `limit` as views, and how many there are in all.
 */
export function searchIndex(index: CatalogIndex, query: string, kinds: string[] | undefined, limit: number): { total: number; items: ItemView[] } {
  const words = queryWords(query);
  const wanted = kinds?.length ? new Set(kinds) : null;
  const items: ItemView[] = [];
  let total = 0;
  if (words.length === 0) return { total, items };
  const texts = index.searchTexts();
  for (let i = 0; i < index.entries.length; i++) {
    const e = index.entries[i]!;
    const kind = e.kind ?? (e.type === "dir" ? "folder" : "file");
    if (SIDECAR_KINDS.has(kind) || (wanted && !wanted.has(kind))) continue;
    const t = texts[i]!;
    if (!words.every((w) => t.includes(w))) continue;
    total++;
    if (items.length < limit) items.push(itemView(e));
  }
  return { total, items };
}
