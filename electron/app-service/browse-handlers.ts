import { ApiError } from "../../shared/app-api.js";
import type { ItemView } from "../../shared/app-types.js";
import type { Handlers } from "./handler-types.js";
import { impliedFolder, itemView } from "./item-view.js";
import { searchIndex } from "./search.js";

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
    const r = searchIndex(index, req.query, req.kinds, req.limit);
    return { ...r, elapsedMs: Math.round((performance.now() - started) * 100) / 100 };
  },
};
