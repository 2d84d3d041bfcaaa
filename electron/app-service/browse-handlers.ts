import { ApiError } from "../../shared/app-api.js";
import type { ItemView } from "../../shared/app-types.js";
import type { Handlers } from "./handler-types.js";
import { impliedFolder, itemView, SIDECAR_KINDS } from "./item-view.js";
import { queryWords } from "./search-text.js";

export const browseHandlers: Handlers = {
  "browse:list": async (ctx, req) => {
    const { index } = await ctx.index(req.snapshot);
    if (req.source === undefined) {
      // The top level: one folder per account or folder source.
      const items: ItemView[] = index.sources.map((s) => ({ ...itemView(impliedFolder(s, "")), name: s, kind: "source" }));
      return { total: items.length, offset: req.offset, items: items.slice(req.offset, req.offset + req.limit) };
    }
    const folder = req.path.replace(/^\/+|\/+$/g, "");
    if (!index.hasFolder(req.source, folder)) throw new ApiError("not-found", `${req.source}/${folder} is not a folder in this snapshot. It may exist only in another snapshot.`);
    const all = index.childrenOf(req.source, folder);
    return { total: all.length, offset: req.offset, items: all.slice(req.offset, req.offset + req.limit).map(itemView) };
  },

  "browse:search": async (ctx, req) => {
    const started = performance.now();
    const { index } = await ctx.index(req.snapshot);
    const words = queryWords(req.query);
    const kinds = req.kinds?.length ? new Set(req.kinds) : null;
    const texts = index.searchTexts();
    const items: ItemView[] = [];
    let total = 0;
    if (words.length > 0) {
      for (let i = 0; i < index.entries.length; i++) {
        const e = index.entries[i]!;
        const kind = e.kind ?? (e.type === "dir" ? "folder" : "file");
        if (SIDECAR_KINDS.has(kind) || (kinds && !kinds.has(kind))) continue;
        const t = texts[i]!;
        let all = true;
        for (const w of words) {
          if (!t.includes(w)) {
            all = false;
            break;
          }
        }
        if (!all) continue;
        total++;
        if (items.length < req.limit) items.push(itemView(e));
      }
    }
    return { total, items, elapsedMs: Math.round((performance.now() - started) * 100) / 100 };
  },
};
