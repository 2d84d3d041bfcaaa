// The IPC channel names (zod-free: the preload bundles this file).
import type { EventName } from "./app-api.js";

export const eventNames: readonly EventName[] = ["state", "job-progress", "job-finished"];

/** The IPC channel names the preload uses (one request channel, one event channel per event). */
export const IPC_INVOKE = "lifeboat:invoke";
export const ipcEventChannel = (e: EventName): string => `lifeboat:event:${e}`;

