import type { Handlers } from "./handler-types.js";
import { mergeSettings } from "./app-settings.js";
import { buildState } from "./state-builder.js";

export const settingsHandlers: Handlers = {
  "app:get-state": async (ctx) => buildState(ctx),

  "settings:update": async (ctx, req) => {
    const next = mergeSettings(await ctx.appSettings(), req);
    await ctx.settings.update((s) => {
      s.app = next;
    });
    ctx.pushState();
    return next;
  },
};
