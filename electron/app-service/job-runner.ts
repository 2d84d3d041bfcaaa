import { randomBytes } from "node:crypto";
import { ApiError } from "../../shared/app-api.js";
import type { BackupProgress } from "../../shared/archive-types.js";
import type { JobKind, JobOutcome, JobView } from "../../shared/app-types.js";
import { toErrorInfo } from "./api-errors.js";
import type { EventHub } from "./event-hub.js";
import { ProgressRate } from "./progress-rate.js";

/** Progress events at most this often (about four a second). */
const PROGRESS_INTERVAL_MS = 250;

export interface JobContext {
  readonly id: string;
  readonly signal: AbortSignal;
  /** Reports progress; sent throttled, with rate and ETA worked out here. */
  progress(p: BackupProgress, label?: string): void;
}

/** What a job's body returns: the outcome without id and kind. */
export type JobResult = Omit<JobOutcome, "id" | "kind">;

/**
 * Long work, one job at a time: a second start is refused with what is running. Every job gets an
 * id, throttled `job-progress` events and one `job-finished` with its outcome.
 */
export class JobRunner {
  private current: { view: JobView; abort: AbortController; done: Promise<void> } | null = null;

  constructor(
    private readonly events: EventHub,
    /** Called when a job starts and ends (the app state shows it). */
    private readonly onChange: () => void,
  ) {}

  get running(): JobView | null {
    return this.current ? { ...this.current.view } : null;
  }

  start(kind: JobKind, label: string, body: (ctx: JobContext) => Promise<JobResult>, extra: Partial<JobView> = {}): string {
    if (this.current) throw new ApiError("busy", `Lifeboat is busy: ${this.current.view.label}. Wait for it to finish or cancel it first.`);
    const id = `${kind}-${randomBytes(6).toString("hex")}`;
    const abort = new AbortController();
    const view: JobView = { id, kind, label, phase: "starting", items: 0, totalItems: null, bytes: 0, totalBytes: null, rate: null, etaSeconds: null, started: new Date().toISOString(), ...extra };
    const rate = new ProgressRate();
    let lastSent = 0;
    const ctx: JobContext = {
      id,
      signal: abort.signal,
      progress: (p, newLabel) => {
        const now = Date.now();
        rate.sample(now, p.bytes, p.items);
        view.phase = p.phase;
        view.items = p.items;
        view.bytes = p.bytes;
        view.totalItems = p.totalItems ?? null;
        view.totalBytes = p.totalBytes ?? null;
        view.rate = rate.rate === null ? null : Math.round(rate.rate);
        view.etaSeconds = rate.eta(p.bytes, view.totalBytes, p.items, view.totalItems);
        if (p.source !== undefined) view.source = p.source;
        if (p.kind !== undefined) view.dataKind = p.kind;
        if (p.currentPath !== undefined) view.currentPath = p.currentPath;
        if (newLabel) view.label = newLabel;
        if (now - lastSent < PROGRESS_INTERVAL_MS) return;
        lastSent = now;
        this.events.emit("job-progress", { ...view });
      },
    };
    const done = (async () => {
      let outcome: JobOutcome;
      try {
        outcome = { id, kind, ...(await body(ctx)) };
      } catch (err) {
        const info = toErrorInfo(err);
        const error = abort.signal.aborted && info.code !== "cancelled" ? { code: "cancelled", message: `${label}: cancelled. Nothing already saved was lost.` } : info;
        outcome = { id, kind, ok: false, summary: error.message, error };
      }
      this.current = null;
      this.events.emit("job-finished", outcome);
      this.onChange();
    })();
    this.current = { view, abort, done };
    this.events.emit("job-progress", { ...view });
    this.onChange();
    return id;
  }

  /**
   * Work the request itself waits for (a sign-in in the browser), shown as a job meanwhile so the
   * UI can offer Cancel and nothing else starts; its answer goes back to the request.
   */
  async runInline<T>(kind: JobKind, label: string, body: (ctx: JobContext) => Promise<T>, summary: (t: T) => string): Promise<T> {
    let result!: T;
    let failure: unknown = null;
    const id = this.start(kind, label, async (ctx) => {
      try {
        result = await body(ctx);
        return { ok: true, summary: summary(result) };
      } catch (err) {
        failure = err;
        throw err;
      }
    });
    await this.finishedJob(id);
    if (failure !== null) throw this.cancelledId === id ? new ApiError("cancelled", `${label}: cancelled. Nothing was saved.`) : failure;
    return result;
  }

  private cancelledId: string | null = null;

  private finishedJob(id: string): Promise<void> {
    return new Promise((resolve) => {
      const off = this.events.subscribe((event, payload) => {
        if (event === "job-finished" && (payload as JobOutcome).id === id) {
          off();
          resolve();
        }
      });
    });
  }

  cancel(id: string): boolean {
    if (!this.current || this.current.view.id !== id) return false;
    this.cancelledId = id;
    this.current.abort.abort();
    return true;
  }

  /** Cancels whatever runs and waits for it to end (a backup writes its checkpoint first). */
  async stop(): Promise<void> {
    const c = this.current;
    if (!c) return;
    c.abort.abort();
    await c.done;
  }
}
