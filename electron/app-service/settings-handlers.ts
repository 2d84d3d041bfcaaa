import type { Handlers } from "./handler-types.js";
import { mergeSettings } from "./app-settings.js";
import { buildState } from "./state-builder.js";

export const settingsHandlers: Handlers = {
  "app:get-state": async (ctx) => buildState(ctx),

  "settings:update": async (ctx, req) => {
    const next = mergeSettings(await ctx.appSettings(), req);
    await ctx.settings.update((s) => {
      // The app's own copy keeps the fields the first app version had.
      s.app = { ...next, schedule: { enabled: next.schedule.enabled, everyHours: next.schedule.everyHours } };
    });
    // The whole schedule is the archive's, where the CLI and the OS timer read it too.
    if (ctx.session.root) await ctx.settings.setSchedule(ctx.session.root, next.schedule);
    ctx.pushState();
    return ctx.appSettings();
  },
};
