// The Microsoft Graph emulator: an HTTPS server (Node's https, nothing else) in front of the
// account store, serving /v1.0 and /beta, plus the pre-authenticated download URLs. It returns a
// control object through which tests change data, inject faults and read request counts while
// it runs.
import { randomUUID } from "node:crypto";
import https from "node:https";
import type { AddressInfo } from "node:net";
import type { IncomingMessage, ServerResponse } from "node:http";
import { systemClock, type AccessTokenVerifier, type EmulatorClock } from "../emulator-contract.js";
import type { AccountStore } from "./account-store.js";
import { batchRoutes, type Dispatch } from "./batch.js";
import { bitlockerRoutes } from "./bitlocker-routes.js";
import { calendarRoutes } from "./calendar-routes.js";
import { contactRoutes } from "./contact-routes.js";
import { NO_QUIRKS, type DeltaEnvironment, type DeltaQuirks, type ExpiredTokenStyle } from "./delta-paging.js";
import { DeltaTokenCodec } from "./delta-tokens.js";
import { DownloadUrls } from "./download-urls.js";
import { DriveBudget, type DriveBudgetOptions } from "./drive-budget.js";
import { driveETag } from "./drive-resource.js";
import { driveRoutes } from "./drive-routes.js";
import { FaultRules, type RequestInfo } from "./fault-injection.js";
import { jsonResponse, type GraphRequestContext, type GraphResponse, type GraphVersion } from "./graph-context.js";
import { GraphError, graphErrorBody } from "./graph-errors.js";
import { GraphRouter } from "./graph-router.js";
import { GraphService } from "./graph-service.js";
import { MailboxConcurrency } from "./mailbox-concurrency.js";
import { mailRoutes } from "./mail-routes.js";
import { parsePrefer } from "./prefer-header.js";
import { RequestCounter } from "./request-counter.js";
import { sendBody } from "./send-body.js";
import type { RouteEnv } from "./route-env.js";
import { userRoutes } from "./user-routes.js";

export interface GraphEmulatorOptions {
  accounts: AccountStore;
  verifier: AccessTokenVerifier;
  tls: { certPem: string; keyPem: string };
  clock?: EmulatorClock;
  /** Default 0: any free port. */
  port?: number;
  /** Default 127.0.0.1. */
  host?: string;
}

export interface GraphEmulatorControl {
  /** The data; mutate it while the emulator runs. */
  readonly store: AccountStore;
  /** 429 storms, 503s with empty bodies, arbitrary failures, holds. */
  readonly faults: FaultRules;
  /** Requests per route ("GET /mailFolders/{folder}/messages/delta"). */
  readonly requests: RequestCounter;
  /** The always-on 4-request cap per mailbox, and the optional request-rate budget. */
  readonly mailbox: MailboxConcurrency;
  /** Pre-authenticated download URLs: lifetimeMs, ignoreRange, and the byte ranges served. */
  readonly downloads: DownloadUrls;
  /** Every delta/skip token issued so far stops working (the service dropped its sync state). */
  expireDeltaTokens(style?: ExpiredTokenStyle): void;
  /** Tokens older than this (emulator clock) are expired; Infinity turns the rule off. */
  setDeltaTokenMaxAge(ms: number): void;
  /** How an expired Outlook token is answered: 410 SyncStateNotFound (default) or 410 + Location. */
  setOutlookExpiryStyle(style: ExpiredTokenStyle): void;
  /** Empty pages, replays and duplicates in delta responses. */
  setDeltaQuirks(quirks: Partial<DeltaQuirks>): void;
  /** OneDrive's resource-unit budget per account and minute (RateLimit-* headers, then 429); undefined turns it off. */
  setDriveBudget(options: DriveBudgetOptions | undefined): void;
  /** Back to a well-behaved service: no faults, no quirks, counters zeroed. */
  reset(): void;
}

export interface GraphEmulator {
  /** "https://127.0.0.1:PORT" — Graph's endpoint without the version (the client appends /v1.0). */
  url: string;
  control: GraphEmulatorControl;
  close(): Promise<void>;
}

const MAX_BODY = 16 * 1024 * 1024;

function readBody(req: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on("data", (c: Buffer) => {
      size += c.length;
      if (size > MAX_BODY) {
        reject(new GraphError(413, "RequestEntityTooLarge", "The request body is too large."));
        req.destroy();
        return;
      }
      chunks.push(c);
    });
    req.on("end", () => resolve(Buffer.concat(chunks)));
    req.on("error", reject);
  });
}

function lowerHeaders(req: IncomingMessage): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(req.headers)) if (v !== undefined) out[k.toLowerCase()] = Array.isArray(v) ? v.join(", ") : v;
  return out;
}

export async function startGraphEmulator(opts: GraphEmulatorOptions): Promise<GraphEmulator> {
  const clock = opts.clock ?? systemClock;
  const store = opts.accounts;
  const codec = new DeltaTokenCodec();
  const deltaEnv: DeltaEnvironment = { codec, quirks: { ...NO_QUIRKS }, outlookExpiry: "syncStateNotFound" };
  const downloads = new DownloadUrls(clock);
  const env: RouteEnv = { delta: deltaEnv, downloads };
  const faults = new FaultRules();
  const counter = new RequestCounter();
  const concurrency = new MailboxConcurrency(clock);
  const driveBudget = new DriveBudget(clock);
  // $batch dispatches its parts through the service that the router (holding the batch route) is part of.
  const late: { service?: GraphService } = {};
  const dispatch: Dispatch = (ctx) => {
    if (!late.service) throw new Error("graph service not started");
    return late.service.dispatch(ctx);
  };
  const router = new GraphRouter([
    ...userRoutes(),
    ...mailRoutes(env),
    ...contactRoutes(env),
    ...calendarRoutes(env),
    ...driveRoutes(env),
    ...bitlockerRoutes(),
    ...batchRoutes(() => dispatch),
  ]);
  const svc = new GraphService({ store, verifier: opts.verifier, router, faults, counter, concurrency, driveBudget });
  late.service = svc;

  const ids = (req: IncomingMessage): { requestId: string; clientRequestId: string } => {
    const requestId = randomUUID();
    const given = req.headers["client-request-id"];
    return { requestId, clientRequestId: typeof given === "string" && given.length > 0 ? given : requestId };
  };

  const write = async (res: ServerResponse, r: GraphResponse, idPair: { requestId: string; clientRequestId: string }): Promise<void> => {
    const headers: Record<string, string> = {
      "request-id": idPair.requestId,
      "client-request-id": idPair.clientRequestId,
      "x-ms-ags-diagnostic": JSON.stringify({ ServerInfo: { DataCenter: "Emulator", Slice: "E", Ring: "5", ScaleUnit: "000", RoleInstance: "LIFEBOAT-EMU" } }),
      "strict-transport-security": "max-age=31536000",
      "cache-control": "no-store",
      date: new Date(clock.now()).toUTCString(),
      ...r.headers,
    };
    let payload: Buffer | undefined;
    if (r.json !== undefined) {
      payload = Buffer.from(JSON.stringify(r.json), "utf8");
      if ((headers["content-type"] ?? "").startsWith("application/json;odata")) headers["odata-version"] = "4.0";
    } else if (r.body) {
      payload = r.body;
    }
    headers["content-length"] = String(r.stream ? r.stream.length : (payload?.length ?? 0));
    res.writeHead(r.status, headers);
    await sendBody(res, r.stream ? r.stream.open() : payload, r.cutAfterBytes);
  };

  const serveDownload = (req: IncomingMessage, url: URL, headers: Record<string, string>): GraphResponse => {
    counter.record("GET /download");
    const info: RequestInfo = { routeKey: "GET /download", workload: "download", method: req.method ?? "GET", inBatch: false };
    const injected = faults.check(info);
    if (injected) {
      if (injected.options.emptyBody) return { status: injected.status, headers: { ...(injected.options.headers ?? {}) } };
      return jsonResponse({ error: { code: injected.code, message: injected.message } }, injected.status, { ...(injected.options.headers ?? {}), "content-type": "application/json" });
    }
    const claims = downloads.verify(url.searchParams.get("tempauth"));
    if (claims === "expired" || claims === "invalid") return DownloadUrls.refused(claims);
    const account = store.list().find((a) => a.account.oid === claims.acc);
    const item = account?.drive.bySerial(claims.item);
    if (!account || !item || item.kind !== "file" || (!item.content && !item.generated)) {
      return jsonResponse({ error: { code: "itemNotFound", message: "The resource could not be found." } }, 404, { "content-type": "application/json" });
    }
    let budgetHeaders: Record<string, string>;
    try {
      budgetHeaders = driveBudget.charge(account.address.toLowerCase(), 1);
    } catch (err) {
      if (!(err instanceof GraphError)) throw err;
      return jsonResponse({ error: { code: err.code, message: err.message } }, err.status, { ...(err.options.headers ?? {}), "content-type": "application/json" });
    }
    const target = { content: item.generated ?? item.content ?? Buffer.alloc(0), name: item.name, mimeType: item.mimeType ?? "application/octet-stream", eTag: driveETag(account, item) };
    const served = downloads.serve(item.malware ? { ...target, malware: item.malware } : target, headers.range, headers["if-none-match"]);
    const withBudget = { ...served, headers: { ...served.headers, ...budgetHeaders } };
    const cut = served.status === 200 || served.status === 206 ? faults.checkDrop(info) : undefined;
    return cut === undefined ? withBudget : { ...withBudget, cutAfterBytes: cut };
  };

  const server = https.createServer({ cert: opts.tls.certPem, key: opts.tls.keyPem, keepAlive: true }, (req, res) => {
    const idPair = ids(req);
    void (async () => {
      const headers = lowerHeaders(req);
      const url = new URL(req.url ?? "/", `https://${headers.host ?? "localhost"}`);
      let response: GraphResponse;
      try {
        const body = await readBody(req);
        if (/^\/_layouts\/15\/download\.aspx$/i.test(url.pathname)) {
          await faults.passHolds({ routeKey: "GET /download", workload: "download", method: req.method ?? "GET", inBatch: false });
          response = serveDownload(req, url, headers);
        } else {
          const m = /^\/(v1\.0|beta)(\/.*)?$/i.exec(url.pathname);
          if (!m) {
            response = jsonResponse({ error: { code: "BadRequest", message: "Invalid version.", innerError: { date: new Date(clock.now()).toISOString().slice(0, 19), "request-id": idPair.requestId, "client-request-id": idPair.clientRequestId } } }, 400, { "content-type": "application/json" });
          } else {
            // Keep the raw path (percent-encoding included) for the router; URL normalizes "." segments only.
            const rawPath = (req.url ?? "/").split("?")[0] ?? "/";
            const after = rawPath.replace(/^\/(v1\.0|beta)/i, "");
            const ctx: GraphRequestContext = {
              method: (req.method ?? "GET").toUpperCase(),
              version: (m[1] ?? "v1.0").toLowerCase() === "beta" ? "beta" : ("v1.0" as GraphVersion),
              path: after === "" ? "/" : after,
              query: url.searchParams,
              headers,
              body,
              requestId: idPair.requestId,
              clientRequestId: idPair.clientRequestId,
              origin: `https://${headers.host ?? "localhost"}`,
              prefer: parsePrefer(headers.prefer),
              now: clock.now(),
              inBatch: false,
            };
            response = await svc.dispatch(ctx);
          }
        }
      } catch (err) {
        const e = err instanceof GraphError ? err : new GraphError(500, "InternalServerError", String(err));
        response = jsonResponse(graphErrorBody(e, idPair, clock.now()), e.status, { "content-type": "application/json" });
      }
      if (!res.destroyed) await write(res, response, idPair).catch(() => res.destroy());
    })();
  });
  server.keepAliveTimeout = 30_000;

  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(opts.port ?? 0, opts.host ?? "127.0.0.1", () => {
      server.off("error", reject);
      resolve();
    });
  });
  const address = server.address() as AddressInfo;
  const host = opts.host ?? "127.0.0.1";

  const control: GraphEmulatorControl = {
    store,
    faults,
    requests: counter,
    mailbox: concurrency,
    downloads,
    expireDeltaTokens(style?: ExpiredTokenStyle) {
      if (style) deltaEnv.outlookExpiry = style;
      codec.expireAll();
    },
    setDeltaTokenMaxAge(ms: number) {
      codec.maxAgeMs = ms;
    },
    setOutlookExpiryStyle(style: ExpiredTokenStyle) {
      deltaEnv.outlookExpiry = style;
    },
    setDriveBudget(options: DriveBudgetOptions | undefined) {
      driveBudget.reset();
      driveBudget.options = options;
    },
    setDeltaQuirks(quirks: Partial<DeltaQuirks>) {
      const next = { ...deltaEnv.quirks, ...quirks };
      if ((next.emptyPageEvery !== 0 && next.emptyPageEvery < 2) || (next.replayEvery !== 0 && next.replayEvery < 2)) {
        throw new Error("emptyPageEvery and replayEvery must be 0 (off) or at least 2, or a round would never end");
      }
      deltaEnv.quirks = next;
    },
    reset() {
      faults.clear();
      deltaEnv.quirks = { ...NO_QUIRKS };
      deltaEnv.outlookExpiry = "syncStateNotFound";
      codec.maxAgeMs = Number.POSITIVE_INFINITY;
      downloads.ignoreRange = false;
      downloads.served.length = 0;
      concurrency.rateLimit = undefined;
      driveBudget.reset();
      counter.reset();
    },
  };

  return {
    url: `https://${host.includes(":") ? `[${host}]` : host}:${address.port}`,
    control,
    close: () =>
      new Promise<void>((resolve) => {
        faults.clear();
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
