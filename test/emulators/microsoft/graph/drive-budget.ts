// OneDrive's throttling by resource units (research §3.5): each request costs units (1 for a
// single item, a delta with a token or a download; 2 for a delta without a token or a listing),
// an app has a budget per minute, RateLimit-Limit/-Remaining/-Reset headers appear once 80 % of it
// is used, and beyond it requests get 429 with Retry-After. Off until a test sets a budget.
import type { EmulatorClock } from "../emulator-contract.js";
import { GraphError } from "./graph-errors.js";

const WINDOW_MS = 60_000;

export interface DriveBudgetOptions {
  unitsPerMinute: number;
  /** 429 (default) or 503: SharePoint answers either when it sheds load. */
  status?: 429 | 503;
}

/** Resource units of a drive request, by route key and whether it carries a delta token. */
export function resourceUnits(routeKey: string, hasToken: boolean): number {
  if (routeKey.endsWith("/root/delta")) return hasToken ? 1 : 2;
  if (routeKey.endsWith("/children") || routeKey === "GET /drives") return 2;
  return 1;
}

export class DriveBudget {
  options: DriveBudgetOptions | undefined;
  private readonly spent = new Map<string, Array<{ at: number; units: number }>>();

  constructor(private readonly clock: EmulatorClock) {}

  /** Charges a request; returns the RateLimit headers to add, or throws the throttling error. */
  charge(account: string, units: number): Record<string, string> {
    const opts = this.options;
    if (!opts) return {};
    const now = this.clock.now();
    const recent = (this.spent.get(account) ?? []).filter((e) => now - e.at < WINDOW_MS);
    const used = recent.reduce((sum, e) => sum + e.units, 0);
    const oldest = recent[0]?.at ?? now;
    const resetSeconds = Math.max(1, Math.ceil((oldest + WINDOW_MS - now) / 1000));
    if (used + units > opts.unitsPerMinute) {
      this.spent.set(account, recent);
      throw new GraphError(opts.status ?? 429, "activityLimitReached", "The request has been throttled", {
        innerCode: "throttledRequest",
        headers: {
          "retry-after": String(resetSeconds),
          "ratelimit-limit": String(opts.unitsPerMinute),
          "ratelimit-remaining": "0",
          "ratelimit-reset": String(resetSeconds),
        },
      });
    }
    recent.push({ at: now, units });
    this.spent.set(account, recent);
    const after = used + units;
    if (after < opts.unitsPerMinute * 0.8) return {};
    return {
      "ratelimit-limit": String(opts.unitsPerMinute),
      "ratelimit-remaining": String(Math.max(0, opts.unitsPerMinute - after)),
      "ratelimit-reset": String(resetSeconds),
    };
  }

  reset(): void {
    this.options = undefined;
    this.spent.clear();
  }
}
