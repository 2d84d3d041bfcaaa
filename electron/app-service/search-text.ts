import type { CatalogEntry } from "../../shared/archive-types.js";

/** Lower case without accents: "Café" and "cafe" match each other. */
export function foldText(s: string): string {
  return s.normalize("NFD").replace(/\p{M}+/gu, "").toLowerCase();
}

/** Everything a search looks at for one item: path, name, and every meta value. */
export function searchTextOf(e: CatalogEntry): string {
  const parts = [e.source, e.path];
  for (const v of Object.values(e.meta ?? {})) parts.push(Array.isArray(v) ? v.join(" ") : String(v));
  return foldText(parts.join("\n"));
}

/** The words a query must all contain. */
export function queryWords(q: string): string[] {
  return foldText(q).split(/\s+/).filter((w) => w.length > 0);
}
