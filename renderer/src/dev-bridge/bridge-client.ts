// Test-only stand-in for the Electron preload: `window.lifeboat` over the bridge's loopback
// WebSocket (shared/bridge-protocol.ts). Loaded only in the "bridge" build, never in the app.
import { ApiError } from "../../../shared/api-error.js";
import type { EventMap, EventName, LifeboatApi } from "../../../shared/app-api.js";
import { BRIDGE_PATH, type BridgeInvoke, type BridgeServerMessage } from "../../../shared/bridge-protocol.js";

type Pending = { resolve: (v: unknown) => void; reject: (e: unknown) => void };

const RETRY_MS = [250, 500, 1000, 2000, 4000];

export function createBridgeClient(token: string): LifeboatApi {
  const url = `ws://${location.host}${BRIDGE_PATH}?token=${encodeURIComponent(token)}`;
  const pending = new Map<number, Pending>();
  const listeners = new Map<EventName, Set<(payload: never) => void>>();
  const queue: string[] = [];
  let nextId = 1;
  let socket: WebSocket | null = null;
  let attempts = 0;
  let connectedBefore = false;

  const connect = (): void => {
    const ws = new WebSocket(url);
    socket = ws;
    ws.addEventListener("open", () => {
      attempts = 0;
      for (const m of queue.splice(0)) ws.send(m);
      // Events pushed while the connection was down are lost: hand the page a fresh state.
      if (connectedBefore) {
        api.invoke("app:get-state", {}).then(
          (state) => {
            for (const l of listeners.get("state") ?? []) l(state as never);
          },
          () => undefined,
        );
      }
      connectedBefore = true;
    });
    ws.addEventListener("message", (e) => {
      let msg: BridgeServerMessage;
      try {
        msg = JSON.parse(String(e.data)) as BridgeServerMessage;
      } catch {
        return;
      }
      if (msg.type === "reply") {
        const p = pending.get(msg.id);
        if (!p) return;
        pending.delete(msg.id);
        if (msg.reply.ok) p.resolve(msg.reply.value);
        else p.reject(new ApiError(msg.reply.error.code, msg.reply.error.message));
      } else if (msg.type === "event") {
        for (const l of listeners.get(msg.event) ?? []) l(msg.payload as never);
      }
    });
    ws.addEventListener("close", () => {
      socket = null;
      // Requests in flight are lost with the connection: fail them so no screen waits forever.
      for (const [id, p] of pending) {
        p.reject(new ApiError("disconnected", "The connection to the engine was lost. Try again in a moment."));
        pending.delete(id);
      }
      const delay = RETRY_MS[Math.min(attempts, RETRY_MS.length - 1)]!;
      attempts++;
      setTimeout(connect, delay);
    });
  };
  const api = {
    transport: "bridge" as const,
    invoke(channel, request) {
      const id = nextId++;
      const body = JSON.stringify({ type: "invoke", id, channel, request } satisfies BridgeInvoke);
      return new Promise((resolve, reject) => {
        pending.set(id, { resolve: resolve as (v: unknown) => void, reject });
        if (socket?.readyState === WebSocket.OPEN) socket.send(body);
        else queue.push(body);
      });
    },
    on<E extends EventName>(event: E, listener: (payload: EventMap[E]) => void) {
      let set = listeners.get(event);
      if (!set) listeners.set(event, (set = new Set()));
      const l = listener as (payload: never) => void;
      set.add(l);
      return () => {
        set.delete(l);
      };
    },
  } satisfies LifeboatApi;
  connect();
  return api;
}

/** Installs `window.lifeboat` from the page's `#token=...` (the bridge prints that URL). */
export function installBridge(): void {
  const token = new URLSearchParams(location.hash.slice(1)).get("token") ?? "";
  window.lifeboat = createBridgeClient(token);
}
