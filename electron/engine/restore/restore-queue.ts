import { type FileJob, type FileOutcome, type FileRestorer, PARALLEL_FILES } from "./file-restorer.js";

/**
 * Files waiting to be restored by one FileRestorer, PARALLEL_FILES at a time (so reading,
 * decrypting and writing overlap), each reported as it ends, in any order. Files can be added
 * while others run (a restore worker gets its groups one by one).
 */
export class RestoreQueue<J extends FileJob> {
  private readonly waiting: J[] = [];
  private head = 0;
  private running = 0;
  private stopped = false;
  private idleWaiters: Array<() => void> = [];

  constructor(
    private readonly restorer: FileRestorer,
    /** Called once per file, as it ends; must not throw. */
    private readonly done: (job: J, outcome: FileOutcome) => void,
  ) {}

  add(jobs: readonly J[]): void {
    for (const j of jobs) this.waiting.push(j);
    this.pump();
  }

  /** Starts no more files; the running ones end as usual (none is left half-written). */
  stop(): void {
    this.stopped = true;
    this.waiting.length = 0;
    this.head = 0;
    this.settle();
  }

  /** Resolves once nothing runs and nothing waits. */
  idle(): Promise<void> {
    if (this.running === 0 && this.head >= this.waiting.length) return Promise.resolve();
    return new Promise((resolve) => this.idleWaiters.push(resolve));
  }

  private pump(): void {
    while (!this.stopped && this.running < PARALLEL_FILES && this.head < this.waiting.length) {
      const job = this.waiting[this.head++]!;
      this.running++;
      void this.restorer.restore(job).then((outcome) => {
        this.running--;
        this.done(job, outcome);
        this.pump();
        this.settle();
      });
    }
    // Drop what was started, so a long queue does not keep every job alive.
    if (this.head > 1024 && this.head * 2 > this.waiting.length) {
      this.waiting.splice(0, this.head);
      this.head = 0;
    }
  }

  private settle(): void {
    if (this.running > 0 || this.head < this.waiting.length) return;
    const waiters = this.idleWaiters;
    this.idleWaiters = [];
    for (const w of waiters) w();
  }
}
