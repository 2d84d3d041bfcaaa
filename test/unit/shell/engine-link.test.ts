import { test } from "node:test";
import assert from "node:assert/strict";
import { EventEmitter } from "node:events";

import type { EventMap, EventName, Reply } from "../../../shared/app-api.js";
import type { AppState } from "../../../shared/app-types.js";
import { DEFAULT_SCHEDULE } from "../../../shared/schedule-types.js";
import type { AppServiceApi } from "../../../electron/app-service/app-service-host.js";
import { EngineLink } from "../../../electron/shell/engine-link/engine-link.js";
import type { EngineChild } from "../../../electron/shell/engine-link/engine-link.js";
import type { EngineToMain, HostRequest, MainToEngine } from "../../../electron/shell/engine-link/engine-protocol.js";
import { HostClient, serveEngine } from "../../../electron/shell/engine-link/engine-server.js";
import type { ParentPortLike } from "../../../electron/shell/engine-link/engine-server.js";

const state = (job: AppState["job"] = null, status: "none" | "locked" | "unlocked" = "unlocked"): AppState => ({
  archive: { status, path: "/a", sizeBytes: null, snapshots: 0, lastSnapshot: null, lastVerify: null, remembered: false },
  sources: [],
  job,
  settings: { schedule: { ...DEFAULT_SCHEDULE, enabled: false, everyHours: 24 }, retention: { keepLast: 1, keepDaily: 0, keepWeekly: 0, keepMonthly: 0, keepYearly: 0 }, notifications: { onFailure: true, onSuccess: false, whenStaleHours: 72 } },
});

/**
 * A real engine loop (serveEngine) on the far side of an in-memory "process": messages are
 * structured-cloned like postMessage does, and `crash()` makes the process exit.
 */
class LoopbackChild extends EventEmitter implements EngineChild {
  readonly received: MainToEngine[] = [];
  alive = true;
  private toEngine = new EventEmitter();

  constructor(service: AppServiceApi) {
    super();
    const port: ParentPortLike = {
      postMessage: (m: EngineToMain) => queueMicrotask(() => this.alive && this.emit("message", structuredClone(m))),
      onMessage: (listener) => this.toEngine.on("m", listener),
    };
    void serveEngine(port, new HostClient(port), service).then(() => this.exit(0));
  }
  postMessage(message: MainToEngine): void {
    if (!this.alive) throw new Error("process gone");
    this.received.push(message);
    const copy = structuredClone(message);
    queueMicrotask(() => this.toEngine.emit("m", copy));
  }
  kill(): boolean {
    this.exit(9);
    return true;
  }
  exit(code: number): void {
    if (!this.alive) return;
    this.alive = false;
    queueMicrotask(() => this.emit("exit", code));
  }
}

/** An app service stand-in whose answers the tests control. */
class ScriptedService implements AppServiceApi {
  listener: (<E extends EventName>(event: E, payload: EventMap[E]) => void) | null = null;
  closed = false;
  constructor(
    private readonly current: () => AppState,
    /** Channels left unanswered (shared by every engine the harness starts). */
    readonly hang: Set<string>,
  ) {}
  async handle(channel: string): Promise<Reply<unknown>> {
    if (this.hang.has(channel)) return new Promise(() => undefined);
    if (channel === "app:get-state") return { ok: true, value: this.current() };
    return { ok: false, error: { code: "invalid", message: `Unknown request: ${channel}` } };
  }
  subscribe(listener: <E extends EventName>(event: E, payload: EventMap[E]) => void): () => void {
    this.listener = listener;
    return () => (this.listener = null);
  }
  async close(): Promise<void> {
    this.closed = true;
  }
}

function harness(opts: { maxRestarts?: number } = {}) {
  const children: LoopbackChild[] = [];
  const services: ScriptedService[] = [];
  const events: Array<{ event: string; payload: unknown }> = [];
  const hostRequests: HostRequest[] = [];
  const notes: string[] = [];
  let nextState = state();
  const hang = new Set<string>();
  const link = new EngineLink({
    spawn: () => {
      const service = new ScriptedService(() => nextState, hang);
      services.push(service);
      const child = new LoopbackChild(service);
      children.push(child);
      return child;
    },
    onEvent: (event, payload) => events.push({ event, payload }),
    onHostRequest: async (request) => {
      hostRequests.push(request);
      if (!request.url.startsWith("https://login.microsoftonline.com/")) throw new Error("not allowed");
    },
    onNotify: (title, body) => notes.push(`${title}: ${body}`),
    ...(opts.maxRestarts !== undefined ? { maxRestarts: opts.maxRestarts } : {}),
  });
  link.start();
  return { link, children, services, events, hostRequests, notes, hang, setState: (s: AppState) => (nextState = s) };
}

/** Lets queued microtasks and timers run (the loopback delivers messages asynchronously). */
const settle = () => new Promise((r) => setImmediate(r));

test("requests are answered by id through a real engine loop; events are forwarded", async () => {
  const h = harness();
  const [a, b] = await Promise.all([h.link.request("app:get-state", {}), h.link.request("nope:x", {})]);
  assert.equal(a.ok, true);
  assert.deepEqual(b, { ok: false, error: { code: "invalid", message: "Unknown request: nope:x" } });
  const s = state({ id: "j1", kind: "backup", label: "Copying mail", phase: "mail", items: 1, totalItems: 4, bytes: 0, totalBytes: null, rate: null, etaSeconds: null, started: "2026-01-01T00:00:00Z" });
  h.services[0]!.listener!("state", s);
  await settle();
  assert.deepEqual(h.events, [{ event: "state", payload: s }]);
  assert.deepEqual(h.link.state, s);
});

test("the engine's host requests go through main's check and are answered", async () => {
  const h = harness();
  const port = h.children[0]!;
  // Reach the child's HostClient the way the real engine does: through serveEngine's port.
  const client = new HostClient({ postMessage: (m) => port.emit("message", structuredClone(m)), onMessage: () => undefined });
  const asked = client.ask({ op: "open-external", url: "https://evil.example/" });
  await settle();
  // Main answered with a host-reply to the child; hand it to our client as the engine loop would.
  const reply = port.received.find((m) => m.type === "host-reply");
  assert.ok(reply && reply.type === "host-reply");
  assert.equal(reply.ok, false);
  client.settle(reply.id, reply.ok, reply.message);
  await assert.rejects(asked, /not allowed/);
  assert.deepEqual(h.hostRequests, [{ op: "open-external", url: "https://evil.example/" }]);
});

test("when the engine dies: open requests fail at once, a running job is reported, it restarts, and the UI gets a state", async () => {
  const h = harness();
  const job = { id: "j7", kind: "backup" as const, label: "Copying files", phase: "files", items: 3, totalItems: 10, bytes: 0, totalBytes: null, rate: null, etaSeconds: null, started: "2026-01-01T00:00:00Z" };
  h.services[0]!.listener!("state", state(job));
  await settle();
  h.hang.add("backup:start");
  const open = h.link.request("backup:start", {});
  await settle();
  h.setState(state(null, "locked"));
  h.children[0]!.kill();
  assert.deepEqual(await open, { ok: false, error: { code: "engine-crashed", message: "Lifeboat's engine stopped unexpectedly while working on this; it has been restarted. Try again." } });
  await settle();
  await settle();
  assert.equal(h.children.length, 2, "a new engine was started");
  const finished = h.events.find((e) => e.event === "job-finished");
  assert.ok(finished, "the running job was reported finished");
  assert.equal((finished.payload as { id: string; ok: boolean }).id, "j7");
  assert.equal((finished.payload as { ok: boolean }).ok, false);
  const last = h.events.at(-1)!;
  assert.equal(last.event, "state");
  assert.equal((last.payload as AppState).archive.status, "locked");
  // And the new engine answers.
  assert.equal((await h.link.request("app:get-state", {})).ok, true);
});

test("an engine that keeps dying is given up on, and requests answer instead of hanging", async () => {
  const h = harness({ maxRestarts: 2 });
  // No engine ever answers, so no crash is followed by a sign of life.
  h.hang.add("app:get-state");
  for (let i = 0; i < 3; i++) {
    h.children[i]!.kill();
    await settle();
    await settle();
  }
  assert.equal(h.children.length, 3);
  assert.equal(h.link.running, false);
  const reply = await h.link.request("app:get-state", {});
  assert.equal(reply.ok, false);
  if (!reply.ok) assert.equal(reply.error.code, "engine-unavailable");
});

test("stop() closes the service and resolves when the engine has exited; no restart follows", async () => {
  const h = harness();
  await h.link.stop();
  assert.equal(h.services[0]!.closed, true);
  assert.equal(h.children[0]!.alive, false);
  await settle();
  assert.equal(h.children.length, 1);
  assert.equal(h.link.running, false);
});

test("notifications from the engine reach main's notifier", async () => {
  const h = harness();
  const port = h.children[0]!;
  port.emit("message", { type: "notify", title: "Backup failed", body: "The disk is full." });
  port.emit("message", { type: "notify", title: 42 });
  assert.deepEqual(h.notes, ["Backup failed: The disk is full."]);
});
