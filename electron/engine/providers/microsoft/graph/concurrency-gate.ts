import { sleep } from "./retry-policy.js";

/**
 * At most `limit` requests in flight (Outlook allows 4 concurrent requests per app and mailbox,
 * and answers a fifth with `ApplicationThrottled`), plus a shared pause: when the service says
 * "retry after N s", every request waits, not only the one that was told.
 */
export class ConcurrencyGate {
  private active = 0;
  private readonly waiting: Array<() => void> = [];
  private pausedUntil = 0;

  constructor(
    private readonly limit: number,
    private readonly now: () => number = Date.now,
  ) {}

  async run<T>(fn: () => Promise<T>, signal?: AbortSignal): Promise<T> {
    await this.acquire();
    try {
      const wait = this.pausedUntil - this.now();
      if (wait > 0) await sleep(wait, signal);
      return await fn();
    } finally {
      this.release();
    }
  }

  /** Everyone waits until at least `ms` from now. */
  pause(ms: number): void {
    this.pausedUntil = Math.max(this.pausedUntil, this.now() + ms);
  }

  private acquire(): Promise<void> {
    if (this.active < this.limit) {
      this.active++;
      return Promise.resolve();
    }
    return new Promise((resolve) => this.waiting.push(resolve));
  }

  private release(): void {
    const next = this.waiting.shift();
    if (next) next();
    else this.active--;
  }
}
