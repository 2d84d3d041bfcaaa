import type { Handlers } from "./handler-types.js";

export const historyHandlers: Handlers = {
  // Without an archive there is no history yet: an empty list, not an error.
  "history:list": async (ctx, req) => ctx.runs(req.limit ?? 500),
};
