/**
 * The sandboxed preload: the page's only way out. It exposes `window.lifeboat` (the contract's
 * LifeboatApi) and nothing else: no ipcRenderer, no Electron event objects. Bundled into one
 * CommonJS file, since sandboxed preloads cannot import.
 */
import { contextBridge, ipcRenderer } from "electron";
import type { IpcRendererEvent } from "electron";
import { ApiError, encodeApiErrorMessage } from "../../shared/api-error.js";
import { IPC_INVOKE, eventNames, ipcEventChannel } from "../../shared/ipc-channels.js";
import type { EventMap, EventName, LifeboatApi, Reply } from "../../shared/app-api.js";

const api = {
  transport: "electron",
  async invoke(channel, request) {
    const reply = (await ipcRenderer.invoke(IPC_INVOKE, channel, request)) as Reply<never>;
    if (reply.ok) return reply.value;
    // contextBridge keeps only an Error's message: the code travels in it (apiErrorFromUnknown).
    throw new ApiError(reply.error.code, encodeApiErrorMessage(reply.error));
  },
  on<E extends EventName>(event: E, listener: (payload: EventMap[E]) => void): () => void {
    if (!eventNames.includes(event)) throw new ApiError("invalid", `Unknown event: ${String(event).slice(0, 64)}`);
    if (typeof listener !== "function") throw new ApiError("invalid", "The listener must be a function.");
    const channel = ipcEventChannel(event);
    const wrapped = (_e: IpcRendererEvent, payload: EventMap[E]): void => listener(payload);
    ipcRenderer.on(channel, wrapped);
    return () => {
      ipcRenderer.removeListener(channel, wrapped);
    };
  },
} satisfies LifeboatApi;

contextBridge.exposeInMainWorld("lifeboat", api);
