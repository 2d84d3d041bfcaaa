import { parseRequest } from "../../../shared/app-api.js";
import type { Channel, Reply, RequestOf, ResultOf } from "../../../shared/app-api.js";
import type { IpcSenderLike, SenderVerdict } from "../security/trusted-sender.js";
import { errorReply } from "./reply.js";

/** The channels main answers itself (native dialogs, the browser); all others go to the engine. */
export const MAIN_CHANNELS = ["dialog:choose-folder", "dialog:save-file", "app:open-external", "app:get-autostart", "app:set-autostart"] as const satisfies readonly Channel[];
export type MainChannel = (typeof MAIN_CHANNELS)[number];

export type MainHandlers = { [C in MainChannel]: (request: RequestOf<C>) => Promise<ResultOf<C>> };

export interface InvokeHandlerDeps {
  /** The sender check bound to our window (see trusted-sender.ts). */
  checkSender(event: IpcSenderLike): SenderVerdict;
  main: MainHandlers;
  /** Forwards a validated request to the engine; answers a Reply, never throws. */
  engine(channel: string, request: unknown): Promise<Reply<unknown>>;
  log?(message: string): void;
}

const isMainChannel = (c: string): c is MainChannel => (MAIN_CHANNELS as readonly string[]).includes(c);

/**
 * The one `ipcMain.handle(IPC_INVOKE, ...)` handler: checks who is asking, validates the request
 * against the contract's schema, answers main's own channels here and forwards the rest to the
 * engine. It always resolves a Reply: a throw would reach the page as an Error whose text Electron
 * decorates, and a refused sender learns nothing beyond "refused".
 */
export function createInvokeHandler(deps: InvokeHandlerDeps): (event: IpcSenderLike, channel: unknown, request: unknown) => Promise<Reply<unknown>> {
  return async (event, channel, request) => {
    try {
      const verdict = deps.checkSender(event);
      if (!verdict.trusted) {
        deps.log?.(`IPC refused: ${verdict.reason}`);
        return { ok: false, error: { code: "forbidden", message: "This request is not allowed from here." } };
      }
      if (typeof channel !== "string") return { ok: false, error: { code: "invalid", message: "The request has no channel name." } };
      const parsed = parseRequest(channel, request);
      if (isMainChannel(parsed.channel)) {
        const handler = deps.main[parsed.channel] as (r: unknown) => Promise<unknown>;
        return { ok: true, value: await handler(parsed.request) };
      }
      return await deps.engine(parsed.channel, parsed.request);
    } catch (err) {
      return errorReply(err);
    }
  };
}
