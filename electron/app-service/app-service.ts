// The engine side of the desktop app: one handler per channel of shared/app-api.ts, in plain Node
// (the Electron shell hosts it in a utility process; the test bridge hosts it in a test). Every
// request is validated here, whoever sent it; answers never throw, errors come back as Reply.
import { ApiError, parseRequest, type Channel } from "../../shared/app-api.js";
import type { Reply } from "../../shared/app-api.js";
import { aboutHandlers } from "./about.js";
import { accountHandlers } from "./account-handlers.js";
import { toErrorInfo } from "./api-errors.js";
import type { AppServiceApi, AppServiceHost } from "./app-service-host.js";
import { archiveHandlers } from "./archive-handlers.js";
import { backupHandlers } from "./backup-job.js";
import { browseHandlers } from "./browse-handlers.js";
import { detailHandlers } from "./detail-view.js";
import type { Handler, Handlers } from "./handler-types.js";
import { historyHandlers } from "./history-handlers.js";
import { scheduleHandlers } from "./schedule-handlers.js";
import { startScheduler } from "./scheduler-wiring.js";
import { messageHandlers } from "./message-view.js";
import { restoreHandlers } from "./restore-job.js";
import { ServiceContext } from "./service-context.js";
import { settingsHandlers } from "./settings-handlers.js";
import { vaultHandlers } from "./vault-handlers.js";
import { vaultImportHandlers } from "./vault-import.js";
import { verifyHandlers } from "./verify-job.js";

const SHELL_ONLY = new Set<string>(["dialog:choose-folder", "dialog:save-file", "app:open-external", "app:get-autostart", "app:set-autostart"]);

/** After these succeed the scheduler re-decides (an archive became usable, sources or the schedule changed). */
const RESCHEDULE = /^(archive:(create|open|unlock|lock)|accounts:|settings:update$)/;

const HANDLERS: Handlers = {
  ...settingsHandlers,
  ...aboutHandlers,
  ...archiveHandlers,
  ...accountHandlers,
  ...backupHandlers,
  ...browseHandlers,
  ...messageHandlers,
  ...detailHandlers,
  ...restoreHandlers,
  ...verifyHandlers,
  ...vaultHandlers,
  ...vaultImportHandlers,
  ...historyHandlers,
  ...scheduleHandlers,
  "job:cancel": async (ctx, req) => ({ cancelled: ctx.jobs.cancel(req.id) }),
};

export function createAppService(host: AppServiceHost): AppServiceApi {
  const ctx = new ServiceContext(host);
  // Startup: the archive the settings name, unlocked at once when the keychain remembers its key.
  let scheduler: { stop(): void } | null = null;
  const ready = (async () => {
    await ctx.session.load();
    await ctx.session.unlockRemembered().catch(() => false);
  })()
    .catch(() => undefined)
    // Catch-up on start: the first decision runs right away, with the archive as it came up.
    .then(() => {
      if (host.scheduler) scheduler = startScheduler(ctx);
    });

  return {
    async handle(channel: string, request: unknown): Promise<Reply<unknown>> {
      try {
        const parsed = parseRequest(channel, request);
        if (SHELL_ONLY.has(parsed.channel)) throw new ApiError("invalid", `${channel} is answered by the app window itself, not the engine.`);
        await ready;
        const handler = HANDLERS[parsed.channel] as Handler<Channel> | undefined;
        if (!handler) throw new ApiError("invalid", `Unknown request: ${channel}`);
        const value = await handler(ctx, parsed.request as never);
        if (RESCHEDULE.test(parsed.channel)) ctx.pokeScheduler();
        return { ok: true, value };
      } catch (err) {
        return { ok: false, error: toErrorInfo(err) };
      }
    },
    subscribe: (listener) => ctx.events.subscribe(listener),
    async close(): Promise<void> {
      await ready;
      scheduler?.stop();
      await ctx.jobs.stop();
      await ctx.lock();
    },
  };
}
