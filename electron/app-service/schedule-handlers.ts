import path from "node:path";
import { fileURLToPath } from "node:url";
import { ApiError } from "../../shared/app-api.js";
import { headlessSpec } from "../engine/schedule/os-scheduler/headless-command.js";
import { osScheduler } from "../engine/schedule/os-scheduler/os-scheduler.js";
import { noArchive } from "./api-errors.js";
import type { Handlers } from "./handler-types.js";
import type { ServiceContext } from "./service-context.js";

/** The CLI beside this module in the compiled tree (dist/electron/cli/main.js). */
const OWN_CLI = path.join(path.dirname(fileURLToPath(import.meta.url)), "..", "cli", "main.js");

function scheduler(ctx: ServiceContext): ReturnType<typeof osScheduler> {
  return osScheduler({ home: ctx.settings.home, ...(ctx.host.osSchedulerActivate === false ? { activate: false } : {}) });
}

export const scheduleHandlers: Handlers = {
  "schedule:os-status": async (ctx) => scheduler(ctx).status(),

  "schedule:os-install": async (ctx) => {
    const root = ctx.session.root;
    if (!root) throw noArchive();
    // A run started by the OS has nobody to type the passphrase: it unlocks from the keychain only.
    if (!(await ctx.session.remembered())) {
      throw new ApiError("invalid", "Backups while Lifeboat is closed need the archive key in this computer's keychain. Lock the archive, then unlock it with “Remember on this computer” ticked, and try again.");
    }
    const headless = ctx.host.headless ?? { execPath: process.execPath, cliScript: OWN_CLI };
    const spec = headlessSpec(root, { execPath: headless.execPath, cliScript: headless.cliScript, env: { LIFEBOAT_HOME: ctx.settings.home } });
    return scheduler(ctx).install(spec, (await ctx.appSettings()).schedule);
  },

  "schedule:os-remove": async (ctx) => scheduler(ctx).remove(),
};
