import { randomUUID } from "node:crypto";
import type { IncomingMessage } from "node:http";
import https from "node:https";
import { DeltaExpiredError, GraphError, graphErrorFrom, isDeltaExpired, NeedsSignInError } from "./graph-error.js";
import { ConcurrencyGate } from "./concurrency-gate.js";
import { backoffMs, MAX_RETRY_AFTER_MS, parseRetryAfter, RETRYABLE_NET, RETRYABLE_STATUS, sleep } from "./retry-policy.js";

export interface GraphClientOptions {
  /** e.g. https://graph.microsoft.com/v1.0 (national clouds and the emulator differ only here). */
  baseUrl: string;
  /** An access token; `force` asks for a fresh one after Graph rejected the last. */
  getToken: (force: boolean) => Promise<string>;
  agent?: https.Agent;
  /** Requests in flight at once (Outlook's per-mailbox cap is 4). */
  maxConcurrency?: number;
  /** Attempts per request before the request (and so one item) is given up for this run. */
  maxAttempts?: number;
  userAgent?: string;
  signal?: AbortSignal;
  /** Seen on every wait caused by the service, for progress ("throttled, waiting 2.1 s"). */
  onWait?: (info: { status: number | string; ms: number; url: string }) => void;
  /** Socket inactivity timeout. */
  timeoutMs?: number;
}

export interface GraphPage<T> {
  value: T[];
  nextLink?: string;
  deltaLink?: string;
}

export interface RequestOptions {
  headers?: Record<string, string>;
  method?: string;
  body?: unknown;
}

interface RawResponse {
  status: number;
  headers: IncomingMessage["headers"];
  body: Buffer;
}

export interface GraphStats {
  requests: number;
  retries: number;
  throttled: number;
  /** Requests per kind of call, e.g. "GET /me/mailFolders/{id}/messages/delta". */
  byRoute: Record<string, number>;
}

const DEFAULT_UA = "Lifeboat/0.1 (personal backup; +https://github.com/lifeboat-backup)";

/** A route name without ids or query, for request counts in reports and tests. */
export function routeOf(method: string, url: URL): string {
  const parts = url.pathname.split("/").map((p, i) => (i > 1 && (/[A-Za-z0-9_=-]{20,}/.test(p) || /^[0-9a-f-]{36}$/i.test(p) || /^\(.*\)$/.test(p) || /'/.test(p)) ? "{id}" : p));
  return `${method} ${parts.join("/")}`;
}

/**
 * Microsoft Graph over HTTPS: bearer auth with one forced refresh on 401, the 4-request
 * concurrency cap, Retry-After honoured (fractional seconds) with a pause shared by all requests,
 * exponential backoff for 5xx and network errors, errors parsed into GraphError, paging and delta
 * links, and downloads that follow the 302 to a pre-authenticated URL without sending the token.
 */
export class GraphClient {
  readonly stats: GraphStats = { requests: 0, retries: 0, throttled: 0, byRoute: {} };
  private readonly gate: ConcurrencyGate;
  private readonly base: URL;

  constructor(private readonly opts: GraphClientOptions) {
    this.gate = new ConcurrencyGate(opts.maxConcurrency ?? 4);
    this.base = new URL(opts.baseUrl.endsWith("/") ? opts.baseUrl : `${opts.baseUrl}/`);
  }

  /** Resolves "/me/..." against the base; absolute links (nextLink) must stay on Graph's host. */
  resolve(pathOrUrl: string): URL {
    if (/^https?:\/\//i.test(pathOrUrl)) {
      const u = new URL(pathOrUrl);
      if (u.origin !== this.base.origin) throw new Error(`Graph returned a link to another host (${u.host}); refusing to send the account's token there.`);
      return u;
    }
    return new URL(pathOrUrl.replace(/^\//, ""), this.base);
  }

  async json<T>(pathOrUrl: string, opts: RequestOptions = {}): Promise<T> {
    const res = await this.send(this.resolve(pathOrUrl), opts);
    try {
      return JSON.parse(res.body.toString("utf8")) as T;
    } catch {
      throw new GraphError(res.status, "malformedResponse", `Graph sent a response that is not JSON (${res.body.length} bytes).`);
    }
  }

  /** The body as bytes (e.g. a message's MIME from `$value`). */
  async bytes(pathOrUrl: string, opts: RequestOptions = {}): Promise<Buffer> {
    return (await this.send(this.resolve(pathOrUrl), opts)).body;
  }

  /**
   * Pages of a collection or delta query. Throws DeltaExpiredError when the token is no longer
   * valid (410 or syncStateNotFound and friends), so the caller can start a full enumeration.
   */
  async *pages<T>(pathOrUrl: string, opts: RequestOptions = {}): AsyncGenerator<GraphPage<T>> {
    let next: string | undefined = pathOrUrl;
    while (next) {
      let body: { value?: unknown; "@odata.nextLink"?: unknown; "@odata.deltaLink"?: unknown };
      try {
        body = await this.json(next, opts);
      } catch (err) {
        if (err instanceof GraphError && isDeltaExpired(err)) {
          const loc = err.headers.location;
          throw new DeltaExpiredError(err, typeof loc === "string" ? loc : undefined);
        }
        throw err;
      }
      if (!Array.isArray(body.value)) throw new GraphError(200, "malformedResponse", "Graph sent a page without a `value` array.");
      const nextLink = typeof body["@odata.nextLink"] === "string" ? body["@odata.nextLink"] : undefined;
      const deltaLink = typeof body["@odata.deltaLink"] === "string" ? body["@odata.deltaLink"] : undefined;
      yield { value: body.value as T[], nextLink, deltaLink };
      next = nextLink;
    }
  }

  /**
   * Starts a download at `offset`. `/content` answers 302 with a short-lived pre-authenticated URL
   * (which must not get the Authorization header); Range goes on that URL. A server may ignore
   * Range and send 200 with the whole file: the caller gets `skip` bytes to drop in that case.
   */
  async download(pathOrUrl: string, offset = 0): Promise<{ stream: IncomingMessage; skip: number }> {
    const url = this.resolve(pathOrUrl);
    for (let attempt = 1; ; attempt++) {
      const first = await this.gate.run(() => this.open(url, { method: "GET" }, true), this.opts.signal);
      let res = first;
      if (first.statusCode === 302 || first.statusCode === 301 || first.statusCode === 307) {
        first.resume();
        const loc = first.headers.location;
        if (!loc) throw new GraphError(first.statusCode, "malformedResponse", "Graph redirected a download without a Location.");
        const headers: Record<string, string> = offset > 0 ? { range: `bytes=${offset}-` } : {};
        res = await this.gate.run(() => this.openRaw(new URL(loc, url), { method: "GET", headers }), this.opts.signal);
      }
      const status = res.statusCode ?? 0;
      if (status === 200 || status === 206) {
        const skip = status === 200 ? offset : 0;
        return { stream: res, skip };
      }
      const body = await readAll(res);
      const err = graphErrorFrom(status, body, res.headers);
      // The pre-authenticated URL expired between the 302 and its use: /content gives a new one.
      if (res !== first && (status === 401 || status === 403) && attempt < 3) continue;
      const wait = this.retryWait(err, attempt);
      if (wait === undefined) throw err;
      await this.waitFor(err.status, wait, url);
    }
  }

  private retryWait(err: GraphError, attempt: number): number | undefined {
    // A 500 is usually about the item (Exchange's ErrorCorruptData, a bad global object id) and
    // will not heal in a minute: a couple of tries, then the item is reported and retried next run.
    // Throttling and 502/503/504 are the service catching its breath: those get the full patience.
    const max = err.status === 500 ? Math.min(3, this.opts.maxAttempts ?? 8) : (this.opts.maxAttempts ?? 8);
    if (attempt >= max) return undefined;
    // An expired pre-authenticated URL (401/403 from the download host) is fixed by asking again.
    if (!RETRYABLE_STATUS.has(err.status) && !err.has("ApplicationThrottled", "TooManyRequests", "activityLimitReached", "throttledRequest")) return undefined;
    const ra = parseRetryAfter(err.headers["retry-after"]);
    if (ra !== undefined && ra > MAX_RETRY_AFTER_MS) return undefined;
    return ra ?? backoffMs(attempt - 1);
  }

  private async waitFor(status: number | string, ms: number, url: URL): Promise<void> {
    this.stats.retries++;
    if (status === 429 || status === 503) {
      this.stats.throttled++;
      this.gate.pause(ms);
    }
    this.opts.onWait?.({ status, ms, url: `${url.origin}${url.pathname}` });
    await sleep(ms, this.opts.signal);
  }

  private async send(url: URL, opts: RequestOptions): Promise<RawResponse> {
    let refreshed = false;
    for (let attempt = 1; ; attempt++) {
      let res: RawResponse;
      try {
        res = await this.gate.run(async () => {
          const r = await this.open(url, opts, refreshed);
          return { status: r.statusCode ?? 0, headers: r.headers, body: await readAll(r) };
        }, this.opts.signal);
      } catch (err) {
        const code = (err as NodeJS.ErrnoException).code ?? "";
        if (this.opts.signal?.aborted || !RETRYABLE_NET.has(code) || attempt >= (this.opts.maxAttempts ?? 8)) throw err;
        await this.waitFor(code, backoffMs(attempt - 1), url);
        continue;
      }
      if (res.status >= 200 && res.status < 300) return res;
      const err = graphErrorFrom(res.status, res.body, res.headers);
      if (res.status === 401 && !refreshed) {
        // The access token expired or was revoked mid-run: one fresh token, then a real failure.
        refreshed = true;
        continue;
      }
      if (res.status === 401) throw new NeedsSignInError(`Microsoft no longer accepts this account's sign-in (${err.code}). Sign in again: \`lifeboat add microsoft\` or the app's Accounts page.`);
      const wait = this.retryWait(err, attempt);
      if (wait === undefined) throw err;
      await this.waitFor(res.status, wait, url);
    }
  }

  private async open(url: URL, opts: RequestOptions, forceToken: boolean): Promise<IncomingMessage> {
    const token = await this.opts.getToken(forceToken);
    const headers: Record<string, string> = {
      authorization: `Bearer ${token}`,
      accept: "application/json",
      "client-request-id": randomUUID(),
      ...opts.headers,
    };
    this.stats.requests++;
    const route = routeOf(opts.method ?? "GET", url);
    this.stats.byRoute[route] = (this.stats.byRoute[route] ?? 0) + 1;
    return this.openRaw(url, { ...opts, headers });
  }

  /** One HTTPS request, no auth added (download hosts get none). */
  private openRaw(url: URL, opts: RequestOptions): Promise<IncomingMessage> {
    return new Promise((resolve, reject) => {
      const body = opts.body === undefined ? undefined : Buffer.from(JSON.stringify(opts.body));
      const headers: Record<string, string> = { "user-agent": this.opts.userAgent ?? DEFAULT_UA, ...opts.headers };
      if (body) {
        headers["content-type"] = "application/json";
        headers["content-length"] = String(body.length);
      }
      const req = https.request(url, { method: opts.method ?? "GET", headers, agent: this.opts.agent, signal: this.opts.signal }, resolve);
      req.setTimeout(this.opts.timeoutMs ?? 120_000, () => req.destroy(Object.assign(new Error("Graph did not answer in time"), { code: "ETIMEDOUT" })));
      req.on("error", reject);
      req.end(body);
    });
  }
}

async function readAll(res: IncomingMessage): Promise<Buffer> {
  const parts: Buffer[] = [];
  for await (const c of res) parts.push(c as Buffer);
  return Buffer.concat(parts);
}

export { DeltaExpiredError, GraphError };
