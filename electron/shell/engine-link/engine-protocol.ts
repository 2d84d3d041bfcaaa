import { eventNames } from "../../../shared/app-api.js";
import type { EventMap, EventName, Reply } from "../../../shared/app-api.js";
import type { PowerEvent } from "../../app-service/app-service-host.js";

const POWER_EVENTS: readonly string[] = ["suspend", "resume", "on-battery", "on-ac"] satisfies PowerEvent[];

/**
 * The messages between the main process and the engine's utility process (structured-clone over
 * `child.postMessage` / `process.parentPort`). Requests carry an id and are answered exactly once.
 */

/** Main → engine. */
export type MainToEngine =
  /** A UI request main already checked (sender) and validated (schema); the engine validates again. */
  | { type: "request"; id: number; channel: string; request: unknown }
  /** The answer to one of the engine's host requests. */
  | { type: "host-reply"; id: number; ok: boolean; message?: string }
  /** Close the archive and exit (the app is quitting). */
  | { type: "shutdown" }
  /** What the OS said about power (powerMonitor), and whether the machine now runs on battery. */
  | { type: "power"; event: PowerEvent; onBattery: boolean };

/** What the engine asks of its host (the main process, which owns the allowlist and the OS UI). */
export type HostRequest = { op: "open-external"; url: string };

/** Engine → main. */
export type EngineToMain =
  | { type: "ready" }
  | { type: "reply"; id: number; reply: Reply<unknown> }
  | { [E in EventName]: { type: "event"; event: E; payload: EventMap[E] } }[EventName]
  | { type: "host-request"; id: number; request: HostRequest }
  | { type: "notify"; title: string; body: string }
  | { type: "closed" };

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === "object" && v !== null;

/** Cheap shape check of what arrives from the other process (it is ours, but a bug must not crash main). */
export function isEngineToMain(v: unknown): v is EngineToMain {
  if (!isObject(v) || typeof v.type !== "string") return false;
  switch (v.type) {
    case "ready":
    case "closed":
      return true;
    case "reply":
      return typeof v.id === "number" && isObject(v.reply);
    case "event":
      return typeof v.event === "string" && (eventNames as readonly string[]).includes(v.event);
    case "host-request":
      return typeof v.id === "number" && isObject(v.request) && v.request.op === "open-external" && typeof v.request.url === "string";
    case "notify":
      return typeof v.title === "string" && typeof v.body === "string";
    default:
      return false;
  }
}

export function isMainToEngine(v: unknown): v is MainToEngine {
  if (!isObject(v) || typeof v.type !== "string") return false;
  switch (v.type) {
    case "request":
      return typeof v.id === "number" && typeof v.channel === "string";
    case "host-reply":
      return typeof v.id === "number" && typeof v.ok === "boolean";
    case "shutdown":
      return true;
    case "power":
      return typeof v.event === "string" && POWER_EVENTS.includes(v.event) && typeof v.onBattery === "boolean";
    default:
      return false;
  }
}
