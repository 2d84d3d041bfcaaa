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
import { messageHandlers } from "./message-view.js";
import { restoreHandlers } from "./restore-job.js";
import { ServiceContext } from "./service-context.js";
import { settingsHandlers } from "./settings-handlers.js";
import { vaultHandlers } from "./vault-handlers.js";
import { vaultImportHandlers } from "./vault-import.js";
import { verifyHandlers } from "./verify-job.js";

const SHELL_ONLY = new Set<string>(["dialog:choose-folder", "dialog:save-file", "app:open-external"]);

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
  "job:cancel": async (ctx, req) => ({ cancelled: ctx.jobs.cancel(req.id) }),
};

export function createAppService(host: AppServiceHost): AppServiceApi {
  const ctx = new ServiceContext(host);
  // Startup: the archive the settings name, unlocked at once when the keychain remembers its key.
  const ready = (async () => {
    await ctx.session.load();
    await ctx.session.unlockRemembered().catch(() => false);
  })().catch(() => undefined);

  return {
    async handle(channel: string, request: unknown): Promise<Reply<unknown>> {
      try {
        const parsed = parseRequest(channel, request);
        if (SHELL_ONLY.has(parsed.channel)) throw new ApiError("invalid", `${channel} is answered by the app window itself, not the engine.`);
        await ready;
        const handler = HANDLERS[parsed.channel] as Handler<Channel> | undefined;
        if (!handler) throw new ApiError("invalid", `Unknown request: ${channel}`);
        return { ok: true, value: await handler(ctx, parsed.request as never) };
      } catch (err) {
        return { ok: false, error: toErrorInfo(err) };
      }
    },
    subscribe: (listener) => ctx.events.subscribe(listener),
    async close(): Promise<void> {
      await ready;
      await ctx.jobs.stop();
      await ctx.lock();
    },
  };
}
