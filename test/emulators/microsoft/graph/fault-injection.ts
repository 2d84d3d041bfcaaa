// Failures a test turns on while the emulator runs: a 429 storm with fractional Retry-After, a 503
// with an empty body every Nth request, arbitrary error answers on a route, downloads whose
// connection drops part-way through the bytes, and "holds" that keep requests in flight until the
// test releases them (how the 4-request mailbox cap is exercised without timing). Rules are
// evaluated in the order they were added, for every request including each part of a $batch.
import { GraphError } from "./graph-errors.js";

export type Workload = "outlook" | "drive" | "download" | "directory" | "bitlocker" | "batch";

export interface RequestInfo {
  /** e.g. "GET /mailFolders/{id}/messages/delta" */
  routeKey: string;
  workload: Workload;
  method: string;
  inBatch: boolean;
}

/** Which requests a rule applies to: a route-key substring, a RegExp, workloads, or a predicate. */
export type RouteMatch = string | RegExp | Workload[] | ((info: RequestInfo) => boolean);

export function routeMatches(match: RouteMatch | undefined, info: RequestInfo): boolean {
  if (match === undefined) return true;
  if (typeof match === "string") return info.routeKey.includes(match);
  if (match instanceof RegExp) return match.test(info.routeKey);
  if (Array.isArray(match)) return match.includes(info.workload);
  return match(info);
}

export interface FaultHandle {
  /** How many requests this rule has failed so far. */
  readonly hits: number;
  remove(): void;
}

export interface ThrottleStormOptions {
  match?: RouteMatch;
  /** How many requests to throttle before the storm ends (default: until removed). */
  count?: number;
  /** Seconds, may be fractional like Graph's own sample "2.128" (default 2.128). */
  retryAfterSeconds?: number;
  /** Throttle every Nth matching request instead of every one (default 1). */
  every?: number;
}

export interface ServiceUnavailableOptions {
  match?: RouteMatch;
  /** Every Nth matching request fails (default 1 = every one). */
  every?: number;
  count?: number;
  /** Send Retry-After (seconds) — Outlook's empty-body 503s usually have none. */
  retryAfterSeconds?: number;
  /** Default true: Outlook's 503s carry no body at all. */
  emptyBody?: boolean;
}

export interface FailRouteOptions {
  match?: RouteMatch;
  status: number;
  code: string;
  message?: string;
  innerCode?: string;
  headers?: Record<string, string>;
  every?: number;
  count?: number;
}

export interface DropConnectionOptions {
  match?: RouteMatch;
  /** Body bytes sent before the connection is cut, counted from the start of this answer (a 206's too). */
  afterBytes: number;
  every?: number;
  /** Default 1: a download that breaks every time never completes. */
  count?: number;
}

interface DropRule {
  match: RouteMatch | undefined;
  afterBytes: number;
  every: number;
  remaining: number;
  seen: number;
  hits: number;
}

interface Rule {
  match: RouteMatch | undefined;
  every: number;
  remaining: number;
  seen: number;
  hits: number;
  make(): GraphError;
}

export interface Hold {
  /** Requests currently waiting on this hold. */
  readonly waiting: number;
  /** Resolves once at least n requests are waiting (so a test knows they are all in flight). */
  whenWaiting(n: number): Promise<void>;
  /** Lets every waiting request (and any later one) through, and removes the hold. */
  release(): void;
}

interface HoldState {
  match: RouteMatch | undefined;
  waiters: Array<() => void>;
  watchers: Array<{ n: number; resolve: () => void }>;
  released: boolean;
  /** Resolves the watchers whose count of waiting requests is reached. */
  notify: () => void;
}

export class FaultRules {
  private rules: Rule[] = [];
  private drops: DropRule[] = [];
  private holds: HoldState[] = [];

  private addRule(match: RouteMatch | undefined, every: number | undefined, count: number | undefined, make: () => GraphError): FaultHandle {
    const rule: Rule = { match, every: Math.max(1, every ?? 1), remaining: count ?? Number.POSITIVE_INFINITY, seen: 0, hits: 0, make };
    this.rules.push(rule);
    return {
      get hits() {
        return rule.hits;
      },
      remove: () => {
        this.rules = this.rules.filter((r) => r !== rule);
      },
    };
  }

  /** 429 TooManyRequests with a (fractional) Retry-After, shaped like Graph's documented sample. */
  throttleStorm(opts: ThrottleStormOptions = {}): FaultHandle {
    const retryAfter = opts.retryAfterSeconds ?? 2.128;
    return this.addRule(opts.match, opts.every, opts.count, () =>
      new GraphError(429, "TooManyRequests", "Please retry again later.", {
        innerCode: "429",
        innerExtra: { message: "Please retry after", status: "429" },
        headers: { "retry-after": String(retryAfter) },
      }),
    );
  }

  /** 503 Service Unavailable, with an empty body unless told otherwise. */
  serviceUnavailable(opts: ServiceUnavailableOptions = {}): FaultHandle {
    return this.addRule(opts.match, opts.every, opts.count, () => {
      const headers: Record<string, string> = {};
      if (opts.retryAfterSeconds !== undefined) headers["retry-after"] = String(opts.retryAfterSeconds);
      return new GraphError(503, "serviceNotAvailable", "The service is temporarily unavailable.", { headers, emptyBody: opts.emptyBody ?? true });
    });
  }

  /** Any Graph-shaped error on matching requests. */
  failRoute(opts: FailRouteOptions): FaultHandle {
    return this.addRule(opts.match, opts.every, opts.count, () => {
      const options: { innerCode?: string; headers?: Record<string, string> } = {};
      if (opts.innerCode) options.innerCode = opts.innerCode;
      if (opts.headers) options.headers = opts.headers;
      return new GraphError(opts.status, opts.code, opts.message ?? opts.code, options);
    });
  }

  /**
   * Pre-authenticated downloads (the only answers it is checked for) send `afterBytes` of their
   * body, then the connection is closed under them, as a flaky network or a restarted front end
   * does mid-file.
   */
  dropConnection(opts: DropConnectionOptions): FaultHandle {
    const rule: DropRule = { match: opts.match, afterBytes: Math.max(0, opts.afterBytes), every: Math.max(1, opts.every ?? 1), remaining: opts.count ?? 1, seen: 0, hits: 0 };
    this.drops.push(rule);
    return {
      get hits() {
        return rule.hits;
      },
      remove: () => {
        this.drops = this.drops.filter((r) => r !== rule);
      },
    };
  }

  /** How many body bytes to send before cutting the connection, if a drop rule takes this answer. */
  checkDrop(info: RequestInfo): number | undefined {
    for (const rule of this.drops) {
      if (rule.remaining <= 0 || !routeMatches(rule.match, info)) continue;
      rule.seen += 1;
      if (rule.seen % rule.every !== 0) continue;
      rule.remaining -= 1;
      rule.hits += 1;
      return rule.afterBytes;
    }
    return undefined;
  }

  /** The error an injected rule wants this request to fail with, if any. */
  check(info: RequestInfo): GraphError | undefined {
    for (const rule of this.rules) {
      if (rule.remaining <= 0 || !routeMatches(rule.match, info)) continue;
      rule.seen += 1;
      if (rule.seen % rule.every !== 0) continue;
      rule.remaining -= 1;
      rule.hits += 1;
      return rule.make();
    }
    return undefined;
  }

  /** Keeps matching requests in flight (after they took their mailbox slot) until released. */
  hold(match?: RouteMatch): Hold {
    const state: HoldState = {
      match,
      waiters: [],
      watchers: [],
      released: false,
      notify: () => {
        state.watchers = state.watchers.filter((w) => {
          if (state.waiters.length >= w.n) {
            w.resolve();
            return false;
          }
          return true;
        });
      },
    };
    this.holds.push(state);
    return {
      get waiting() {
        return state.waiters.length;
      },
      whenWaiting: (n: number) =>
        new Promise<void>((resolve) => {
          state.watchers.push({ n, resolve });
          state.notify();
        }),
      release: () => {
        state.released = true;
        this.holds = this.holds.filter((h) => h !== state);
        const waiters = state.waiters;
        state.waiters = [];
        for (const w of waiters) w();
      },
    };
  }

  /** Waits while a hold matches this request. */
  async passHolds(info: RequestInfo): Promise<void> {
    for (const state of this.holds) {
      if (state.released || !routeMatches(state.match, info)) continue;
      await new Promise<void>((resolve) => {
        state.waiters.push(resolve);
        state.notify();
      });
    }
  }

  clear(): void {
    this.rules = [];
    this.drops = [];
    for (const h of [...this.holds]) {
      h.released = true;
      for (const w of h.waiters) w();
      h.waiters = [];
    }
    this.holds = [];
  }
}
