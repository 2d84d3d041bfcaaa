import type { RunRecord, RunTrigger, ScheduleDecision, ScheduleSettings } from "../../shared/schedule-types.js";

/** Time, injectable: the real clock in the app, a simulated one in tests. */
export interface SchedulerClock {
  now(): Date;
  setTimer(fn: () => void, ms: number): unknown;
  clearTimer(handle: unknown): void;
}

export const realClock: SchedulerClock = {
  now: () => new Date(),
  setTimer: (fn, ms) => {
    const t = setTimeout(fn, ms);
    // A waiting scheduler must not keep a closing process alive.
    t.unref();
    return t;
  },
  clearTimer: (h) => clearTimeout(h as NodeJS.Timeout),
};

/**
 * Never sleep longer than this in one go: a timer counts monotonic time, so after the machine slept
 * or the clock jumped it fires late; waking up every few minutes re-reads the wall clock.
 */
export const MAX_SLEEP_MS = 5 * 60_000;
/** After a run was skipped because another held the archive, wait this long before trying again. */
export const RETRY_AFTER_SKIP_MS = 15 * 60_000;

export type SchedulerStateName = "idle" | "waiting" | "running" | "paused" | "off";

export interface SchedulerStatus {
  state: SchedulerStateName;
  reason: string | null;
  nextRun: string | null;
}

export interface AppSchedulerDeps {
  clock: SchedulerClock;
  /** The schedule as the settings say now. */
  schedule(): Promise<ScheduleSettings>;
  /** Whether backups can run now (an archive is open and unlocked, with sources). Null = yes, else why not. */
  blocked(): Promise<string | null>;
  /** The archive's recorded runs, newest first (shared with the OS timer and the CLI). */
  history(): Promise<RunRecord[]>;
  /** Stable per archive, so the jitter is too. */
  seed(): string;
  decide(input: { now: Date; schedule: ScheduleSettings; lastAttempt: RunRecord | null; lastSuccess: RunRecord | null; seed: string }): ScheduleDecision;
  /** Another job (a restore, a manual backup...) is running: wait for it. */
  busy(): boolean;
  isOnBatterySaver(): boolean;
  /** Starts the run as an app job; resolves when it has finished. */
  run(trigger: RunTrigger): Promise<RunRecord | null>;
  /** The status changed (the app pushes its state). */
  onChange(): void;
  /** Called at every wake-up (at least every MAX_SLEEP_MS): health that changes with time alone (stale) is re-read. */
  tick?(): Promise<void>;
  /** For the log. */
  log?(message: string): void;
}

const SUCCESS = new Set(["ok", "partial"]);

/**
 * Runs backups while the app is open: asks the schedule when the next run is due, sleeps until
 * then, and starts it as an ordinary app job (so the UI shows it, and the writer lock and history
 * are shared with the OS timer). One check at a time and one run at a time; every wake-up (timer,
 * power event, unlock, a job ending, a settings change) just re-decides from the wall clock and
 * the history, which is why a long sleep gives one catch-up run and not one per missed slot.
 */
export class AppScheduler {
  private timer: unknown = null;
  private checking: Promise<void> | null = null;
  private again = false;
  private stopped = false;
  private running: Promise<unknown> | null = null;
  private current: SchedulerStatus = { state: "idle", reason: null, nextRun: null };
  /** Set when a run was skipped (another writer): no new attempt before this time. */
  private holdUntil = 0;
  private suspended = false;

  constructor(private readonly deps: AppSchedulerDeps) {}

  get status(): SchedulerStatus {
    return { ...this.current };
  }

  /** Re-decide now (start, unlock, resume, power source change, settings saved, a job ended). */
  poke(): void {
    if (this.stopped) return;
    if (this.checking) {
      this.again = true;
      return;
    }
    this.checking = this.check()
      .catch((err: unknown) => this.deps.log?.(`scheduler: ${err instanceof Error ? err.message : String(err)}`))
      .finally(() => {
        this.checking = null;
        if (this.again) {
          this.again = false;
          this.poke();
        }
      });
  }

  /** Resolves once the pending check (and a run it started) are done: for tests and shutdown. */
  async settled(): Promise<void> {
    while (this.checking || this.running) {
      await this.checking;
      await this.running;
    }
  }

  /** The machine is going to sleep: start nothing until it wakes. */
  suspend(): void {
    this.suspended = true;
    this.clearTimer();
  }

  /** The machine woke up: re-decide from the wall clock (a missed run is caught up once). */
  resume(): void {
    this.suspended = false;
    this.poke();
  }

  stop(): void {
    this.stopped = true;
    this.clearTimer();
  }

  private clearTimer(): void {
    if (this.timer !== null) this.deps.clock.clearTimer(this.timer);
    this.timer = null;
  }

  private sleep(ms: number): void {
    this.clearTimer();
    this.timer = this.deps.clock.setTimer(
      () => {
        this.timer = null;
        this.poke();
      },
      Math.max(1000, Math.min(ms, MAX_SLEEP_MS)),
    );
  }

  private set(state: SchedulerStateName, reason: string | null, nextRun: string | null): void {
    const changed = state !== this.current.state || reason !== this.current.reason || nextRun !== this.current.nextRun;
    this.current = { state, reason, nextRun };
    if (changed) this.deps.onChange();
  }

  private async check(): Promise<void> {
    if (this.running) return;
    if (this.suspended) return this.set("paused", "The computer is going to sleep.", this.current.nextRun);
    const { clock } = this.deps;
    await this.deps.tick?.();
    const schedule = await this.deps.schedule();
    if (!schedule.enabled) {
      // Still wakes now and then: a source can go stale with no backups scheduled.
      this.sleep(MAX_SLEEP_MS);
      return this.set("off", "Scheduled backups are off.", null);
    }
    const blocked = await this.deps.blocked();
    if (blocked) {
      // Unlocking (or adding a source) pokes the scheduler again.
      this.sleep(MAX_SLEEP_MS);
      return this.set("off", blocked, null);
    }
    const history = await this.deps.history();
    const now = clock.now();
    const decision = this.deps.decide({
      now,
      schedule,
      // A run skipped because another held the lock did not attempt anything.
      lastAttempt: history.find((r) => r.outcome !== "skipped") ?? null,
      lastSuccess: history.find((r) => SUCCESS.has(r.outcome)) ?? null,
      seed: this.deps.seed(),
    });
    if (!decision.due || !decision.trigger) {
      const wait = decision.nextRun ? Date.parse(decision.nextRun) - now.getTime() : MAX_SLEEP_MS;
      this.sleep(wait);
      return this.set("waiting", decision.reason, decision.nextRun);
    }
    if (now.getTime() < this.holdUntil) {
      this.sleep(this.holdUntil - now.getTime());
      return this.set("waiting", "Another backup is using the archive; trying again later.", new Date(this.holdUntil).toISOString());
    }
    if (schedule.pauseOnBatterySaver && this.deps.isOnBatterySaver()) {
      // Power coming back ("on-ac") pokes the scheduler; the timer is only a fallback.
      this.sleep(MAX_SLEEP_MS);
      return this.set("paused", "Paused while the computer runs on battery (change this in Settings → Schedule).", decision.nextRun);
    }
    if (this.deps.busy()) {
      // The job's end pokes the scheduler.
      this.sleep(MAX_SLEEP_MS);
      return this.set("waiting", "Waiting for the running job to finish.", decision.nextRun);
    }
    this.clearTimer();
    this.set("running", decision.trigger === "catch-up" ? "Catching up a backup missed while Lifeboat was closed or the computer slept." : "Scheduled backup.", null);
    this.running = this.deps
      .run(decision.trigger)
      .then((record) => {
        if (record?.outcome === "skipped") this.holdUntil = clock.now().getTime() + RETRY_AFTER_SKIP_MS;
      })
      .catch((err: unknown) => this.deps.log?.(`scheduled run: ${err instanceof Error ? err.message : String(err)}`))
      .finally(() => {
        this.running = null;
        this.set("idle", null, null);
        this.poke();
      });
  }
}
