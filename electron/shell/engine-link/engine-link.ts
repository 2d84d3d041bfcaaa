import type { EventMap, EventName, Reply } from "../../../shared/app-api.js";
import type { AppState, JobOutcome } from "../../../shared/app-types.js";
import type { PowerEvent } from "../../app-service/app-service-host.js";
import { isReply } from "../ipc/reply.js";
import { isEngineToMain } from "./engine-protocol.js";
import type { EngineToMain, HostRequest, MainToEngine } from "./engine-protocol.js";

/** What main needs of a forked engine process (Electron's UtilityProcess has this shape). */
export interface EngineChild {
  postMessage(message: MainToEngine): void;
  on(event: "message", listener: (message: unknown) => void): unknown;
  on(event: "exit", listener: (code: number) => void): unknown;
  kill(): boolean;
}

export interface EngineLinkOptions {
  /** Starts a new engine process. */
  spawn(): EngineChild;
  /** An engine event, to forward to the window. */
  onEvent<E extends EventName>(event: E, payload: EventMap[E]): void;
  /** The engine asks for something only main may do (open a link); resolve = done, reject = refused. */
  onHostRequest(request: HostRequest): Promise<void>;
  onNotify(title: string, body: string): void;
  /** For the log: the engine died (and whether it is being restarted). */
  onCrash?(code: number, restarting: boolean): void;
  /** Crashes in a row (without one answered request between them) before giving up. */
  maxRestarts?: number;
}

const crashedJob = (job: NonNullable<AppState["job"]>): JobOutcome => ({
  id: job.id,
  kind: job.kind,
  ok: false,
  summary: `${job.label}: stopped because Lifeboat's engine stopped unexpectedly. Start it again.`,
  error: { code: "engine-crashed", message: "Lifeboat's engine stopped unexpectedly; it has been restarted. Start the job again." },
});

/**
 * Main's side of the engine process: sends requests with ids and matches the answers, forwards
 * events, and keeps the engine alive. When the engine dies, every open request is answered with an
 * error at once, a running job is reported finished (failed), the engine is restarted, and the UI
 * gets a fresh `state` from it, so the window never waits for an answer that cannot come.
 */
export class EngineLink {
  private child: EngineChild | null = null;
  private nextId = 1;
  private readonly pending = new Map<number, (reply: Reply<unknown>) => void>();
  private lastState: AppState | null = null;
  private crashesInARow = 0;
  private stopping = false;
  private failed = false;
  private exitWaiters: Array<() => void> = [];

  constructor(private readonly opts: EngineLinkOptions) {}

  start(): void {
    this.stopping = false;
    this.launch();
  }

  /** Whether the engine is up (false after it crashed too often, or after stop()). */
  get running(): boolean {
    return this.child !== null;
  }

  /** The newest state the engine pushed, for the tray. */
  get state(): AppState | null {
    return this.lastState;
  }

  request(channel: string, request: unknown): Promise<Reply<unknown>> {
    const child = this.child;
    if (!child) {
      const message = this.failed
        ? "Lifeboat's engine keeps stopping unexpectedly. Quit Lifeboat and open it again."
        : "Lifeboat's engine is not running.";
      return Promise.resolve({ ok: false, error: { code: "engine-unavailable", message } });
    }
    const id = this.nextId++;
    return new Promise((resolve) => {
      this.pending.set(id, resolve);
      try {
        child.postMessage({ type: "request", id, channel, request });
      } catch (err) {
        this.pending.delete(id);
        resolve({ ok: false, error: { code: "engine-unavailable", message: `Could not reach Lifeboat's engine: ${(err as Error).message}` } });
      }
    });
  }

  /**
   * Asks the engine to close the archive (checkpointing a running backup) and exit; resolves when it
   * has exited. The caller decides how long to wait before `kill()`.
   */
  stop(): Promise<void> {
    this.stopping = true;
    const child = this.child;
    if (!child) return Promise.resolve();
    const exited = new Promise<void>((resolve) => this.exitWaiters.push(resolve));
    try {
      child.postMessage({ type: "shutdown" });
    } catch {
      child.kill();
    }
    return exited;
  }

  /** Forwards an OS power event (the engine's scheduler acts on it); remembered for an engine restarted later. */
  power(event: PowerEvent, onBattery: boolean): void {
    this.onBattery = onBattery;
    if (this.child) this.post(this.child, { type: "power", event, onBattery });
  }

  private onBattery = false;

  /** Ends the engine now (after stop() took too long). */
  kill(): void {
    this.stopping = true;
    this.child?.kill();
  }

  private launch(): void {
    const child = this.opts.spawn();
    this.child = child;
    child.on("message", (message) => {
      if (this.child === child) this.receive(child, message);
    });
    child.on("exit", (code) => {
      if (this.child === child) this.exited(code);
    });
  }

  private receive(child: EngineChild, message: unknown): void {
    if (!isEngineToMain(message)) return;
    const m: EngineToMain = message;
    switch (m.type) {
      case "reply": {
        const resolve = this.pending.get(m.id);
        if (!resolve) return;
        this.pending.delete(m.id);
        this.crashesInARow = 0;
        resolve(isReply(m.reply) ? m.reply : { ok: false, error: { code: "failed", message: "The engine sent an answer Lifeboat cannot read." } });
        return;
      }
      case "event":
        if (m.event === "state") this.lastState = m.payload as AppState;
        this.opts.onEvent(m.event, m.payload);
        return;
      case "host-request":
        this.opts.onHostRequest(m.request).then(
          () => this.post(child, { type: "host-reply", id: m.id, ok: true }),
          (err: unknown) => this.post(child, { type: "host-reply", id: m.id, ok: false, message: err instanceof Error ? err.message : String(err) }),
        );
        return;
      case "notify":
        this.opts.onNotify(m.title, m.body);
        return;
      case "ready":
      case "closed":
        return;
    }
  }

  private post(child: EngineChild, message: MainToEngine): void {
    if (this.child !== child) return;
    try {
      child.postMessage(message);
    } catch {
      // The engine is gone; its exit handler answers what is open.
    }
  }

  private exited(code: number): void {
    this.child = null;
    const open = [...this.pending.values()];
    this.pending.clear();
    for (const resolve of this.exitWaiters.splice(0)) resolve();
    const restarting = !this.stopping && this.crashesInARow < (this.opts.maxRestarts ?? 3);
    if (!this.stopping) this.opts.onCrash?.(code, restarting);
    for (const resolve of open) {
      resolve({ ok: false, error: { code: "engine-crashed", message: "Lifeboat's engine stopped unexpectedly while working on this; it has been restarted. Try again." } });
    }
    if (this.stopping) return;
    const job = this.lastState?.job ?? null;
    if (job) this.opts.onEvent("job-finished", crashedJob(job));
    if (!restarting) {
      this.failed = true;
      return;
    }
    this.crashesInARow++;
    this.launch();
    if (this.onBattery) this.post(this.child!, { type: "power", event: "on-battery", onBattery: true });
    // The new engine starts with the archive locked: tell the UI, from the engine's own answer.
    void this.request("app:get-state", {}).then((reply) => {
      if (reply.ok) {
        this.lastState = reply.value as AppState;
        this.opts.onEvent("state", this.lastState);
      }
    });
  }
}
