// Outlook's per-mailbox concurrency cap: at most 4 requests to one mailbox in flight; the fifth
// gets 429 ApplicationThrottled "Application is over its MailboxConcurrency limit." (research §3.7,
// Corso issue #3695). Always on, as in the real service. Optionally also the 10,000 requests per
// 10 minutes budget, off by default so that benchmarks over 100k-message mailboxes are not slowed.
import type { EmulatorClock } from "../emulator-contract.js";
import { GraphError } from "./graph-errors.js";

export const MAILBOX_CONCURRENCY_LIMIT = 4;

export interface MailboxRateLimit {
  requests: number;
  windowMs: number;
}

export class MailboxConcurrency {
  private readonly inFlight = new Map<string, number>();
  private readonly recent = new Map<string, number[]>();
  limit = MAILBOX_CONCURRENCY_LIMIT;
  /** Retry-After of the concurrency 429, seconds (fractional, as Graph sends them). */
  retryAfterSeconds = 1;
  rateLimit: MailboxRateLimit | undefined;

  constructor(private readonly clock: EmulatorClock) {}

  /** Takes a slot or throws the 429 Exchange sends; call release() exactly once after a success. */
  acquire(mailbox: string): void {
    const current = this.inFlight.get(mailbox) ?? 0;
    if (current >= this.limit) {
      throw new GraphError(429, "ApplicationThrottled", "Application is over its MailboxConcurrency limit.", {
        headers: { "retry-after": String(this.retryAfterSeconds) },
      });
    }
    if (this.rateLimit) {
      const now = this.clock.now();
      const window = (this.recent.get(mailbox) ?? []).filter((t) => now - t < (this.rateLimit?.windowMs ?? 0));
      if (window.length >= this.rateLimit.requests) {
        const oldest = window[0] ?? now;
        const wait = Math.max(0.001, (oldest + this.rateLimit.windowMs - now) / 1000);
        this.recent.set(mailbox, window);
        throw new GraphError(429, "ApplicationThrottled", "Application is over its MailboxRequestRate limit.", {
          headers: { "retry-after": wait.toFixed(3) },
        });
      }
      window.push(now);
      this.recent.set(mailbox, window);
    }
    this.inFlight.set(mailbox, current + 1);
  }

  release(mailbox: string): void {
    const current = this.inFlight.get(mailbox) ?? 0;
    if (current <= 1) this.inFlight.delete(mailbox);
    else this.inFlight.set(mailbox, current - 1);
  }

  inFlightFor(mailbox: string): number {
    return this.inFlight.get(mailbox) ?? 0;
  }
}
