import type { z } from "zod";
import type { RestoreSelectionSchema } from "../../shared/app-api.js";
import type { CatalogEntry } from "../../shared/archive-types.js";

export type RestoreSelection = z.output<typeof RestoreSelectionSchema>;

/**
 * Whether an item is in the selection: whole sources, or items (a path selects itself and
 * everything below it), then narrowed to the kinds asked for. Nothing chosen means everything.
 * Built as sets, so a selection of thousands of items over 100,000 entries stays linear.
 */
export function selectionFilter(sel: RestoreSelection): (e: CatalogEntry) => boolean {
  const sources = new Set(sel.sources ?? []);
  const items = new Map<string, Set<string>>();
  for (const i of sel.items ?? []) {
    const p = i.path.replace(/^\/+|\/+$/g, "");
    if (p === "") sources.add(i.source);
    else {
      let set = items.get(i.source);
      if (!set) items.set(i.source, (set = new Set()));
      set.add(p);
    }
  }
  const kinds = sel.kinds?.length ? new Set(sel.kinds) : null;
  const everything = sources.size === 0 && items.size === 0;
  const inItems = (e: CatalogEntry): boolean => {
    const set = items.get(e.source);
    if (!set) return false;
    // The item itself or any folder above it.
    for (let p = e.path; ; ) {
      if (set.has(p)) return true;
      const i = p.lastIndexOf("/");
      if (i < 0) return false;
      p = p.slice(0, i);
    }
  };
  return (e) => {
    if (!everything && !sources.has(e.source) && !inItems(e)) return false;
    return !kinds || kinds.has(e.kind ?? (e.type === "dir" ? "folder" : "file"));
  };
}
