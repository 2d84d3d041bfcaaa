import type { AppServiceApi, PowerEvent } from "../../app-service/app-service-host.js";
import { errorReply } from "../ipc/reply.js";
import { isMainToEngine } from "./engine-protocol.js";
import type { EngineToMain, HostRequest } from "./engine-protocol.js";

/** The utility process's end of the link (process.parentPort, adapted). */
export interface ParentPortLike {
  postMessage(message: EngineToMain): void;
  onMessage(listener: (message: unknown) => void): void;
}

/**
 * The engine's side of the link: asks main for what only main may do, with ids, and answers
 * `host-reply` messages. Created before the service, since the service's host needs it.
 */
export class HostClient {
  private nextId = 1;
  private readonly pending = new Map<number, { resolve: () => void; reject: (e: Error) => void }>();

  constructor(private readonly port: ParentPortLike) {}

  ask(request: HostRequest): Promise<void> {
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      this.pending.set(id, { resolve, reject });
      this.port.postMessage({ type: "host-request", id, request });
    });
  }

  notify(title: string, body: string): void {
    this.port.postMessage({ type: "notify", title, body });
  }

  /** Settles the host request `id`; false when it is not one of ours. */
  settle(id: number, ok: boolean, message?: string): boolean {
    const p = this.pending.get(id);
    if (!p) return false;
    this.pending.delete(id);
    if (ok) p.resolve();
    else p.reject(new Error(message ?? "The app refused."));
    return true;
  }
}

/** Main's power messages, as the app service's host hears them (isOnBatterySaver, onPowerEvent). */
export class PowerRelay {
  private battery = false;
  private readonly listeners = new Set<(event: PowerEvent) => void>();

  get onBattery(): boolean {
    return this.battery;
  }

  receive(event: PowerEvent, onBattery: boolean): void {
    this.battery = onBattery;
    for (const l of this.listeners) l(event);
  }

  subscribe(listener: (event: PowerEvent) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }
}

/**
 * Serves main's requests with the app service and pushes its events. Resolves when main asked for
 * shutdown and the service closed (the caller then exits).
 */
export function serveEngine(port: ParentPortLike, host: HostClient, service: AppServiceApi, power?: PowerRelay): Promise<void> {
  service.subscribe((event, payload) => {
    port.postMessage({ type: "event", event, payload } as EngineToMain);
  });
  return new Promise((resolveShutdown) => {
    let closing = false;
    port.onMessage((message) => {
      if (!isMainToEngine(message)) return;
      switch (message.type) {
        case "request": {
          const { id, channel, request } = message;
          service.handle(channel, request).then(
            (reply) => port.postMessage({ type: "reply", id, reply }),
            (err: unknown) => port.postMessage({ type: "reply", id, reply: errorReply(err) }),
          );
          return;
        }
        case "host-reply":
          host.settle(message.id, message.ok, message.message);
          return;
        case "power":
          power?.receive(message.event, message.onBattery);
          return;
        case "shutdown":
          if (closing) return;
          closing = true;
          service
            .close()
            .catch(() => undefined)
            .then(() => {
              port.postMessage({ type: "closed" });
              resolveShutdown();
            });
          return;
      }
    });
    port.postMessage({ type: "ready" });
  });
}
