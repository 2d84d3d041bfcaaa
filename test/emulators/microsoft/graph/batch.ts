// JSON $batch (research §3.6): up to 20 requests with unique ids and relative URLs, run through the
// same pipeline as single requests (so throttling, faults and the mailbox cap apply per part and a
// throttled part carries its own Retry-After), `dependsOn` chains with 424 for dependents of a
// failed request, at most 4 parts in parallel (as Outlook runs them), 200 for the batch itself
// even when parts fail, and responses not in request order.
import { parsePrefer } from "./prefer-header.js";
import { jsonResponse, type GraphRequestContext, type GraphResponse } from "./graph-context.js";
import { badRequest, GraphError, graphErrorBody } from "./graph-errors.js";
import type { RouteDef } from "./graph-router.js";

export const BATCH_LIMIT = 20;
const PARALLEL_PARTS = 4;

interface BatchPart {
  id: string;
  method: string;
  url: string;
  headers: Record<string, string>;
  body?: unknown;
  dependsOn: string[];
}

interface PartResult {
  id: string;
  status: number;
  headers?: Record<string, string>;
  body?: unknown;
}

function parseParts(ctx: GraphRequestContext): BatchPart[] {
  let payload: unknown;
  try {
    payload = JSON.parse(ctx.body.toString("utf8"));
  } catch {
    throw badRequest("Invalid batch payload format.");
  }
  const requests = (payload as { requests?: unknown } | null)?.requests;
  if (!Array.isArray(requests) || requests.length === 0) throw badRequest("Invalid batch payload format.");
  if (requests.length > BATCH_LIMIT) throw badRequest(`Number of batch operations exceeds the limit of ${BATCH_LIMIT}.`);
  const parts: BatchPart[] = requests.map((raw: unknown) => {
    const r = (raw ?? {}) as Record<string, unknown>;
    if (typeof r.id !== "string" || r.id === "" || typeof r.method !== "string" || typeof r.url !== "string") throw badRequest("Invalid batch payload format.");
    const headers: Record<string, string> = {};
    if (r.headers && typeof r.headers === "object") for (const [k, v] of Object.entries(r.headers as Record<string, unknown>)) if (typeof v === "string") headers[k.toLowerCase()] = v;
    const dependsOn = Array.isArray(r.dependsOn) ? r.dependsOn.filter((d): d is string => typeof d === "string") : [];
    const part: BatchPart = { id: r.id, method: r.method.toUpperCase(), url: r.url, headers, dependsOn };
    if (r.body !== undefined) {
      if (!headers["content-type"]) throw badRequest("Content-Type header is required when a batch request has a body.");
      part.body = r.body;
    }
    return part;
  });
  const ids = new Set<string>();
  for (const p of parts) {
    if (ids.has(p.id)) throw badRequest(`Batch request contains duplicate request id '${p.id}'.`);
    ids.add(p.id);
  }
  for (const p of parts) for (const d of p.dependsOn) if (!ids.has(d) || d === p.id) throw badRequest(`Request '${p.id}' depends on unknown request '${d}'.`);
  return parts;
}

function partBody(part: BatchPart): Buffer {
  if (part.body === undefined) return Buffer.alloc(0);
  const type = part.headers["content-type"] ?? "";
  if (typeof part.body === "string" && !/json/i.test(type)) return Buffer.from(part.body, "base64");
  return Buffer.from(typeof part.body === "string" ? part.body : JSON.stringify(part.body), "utf8");
}

function toResult(id: string, res: GraphResponse): PartResult {
  const headers: Record<string, string> = {};
  for (const [k, v] of Object.entries(res.headers)) headers[k.toLowerCase() === "content-type" ? "Content-Type" : k.toLowerCase() === "retry-after" ? "Retry-After" : k] = v;
  const out: PartResult = { id, status: res.status, headers };
  if (res.json !== undefined) out.body = res.json;
  else if (res.body && res.body.length > 0) out.body = res.body.toString("base64");
  return out;
}

export type Dispatch = (ctx: GraphRequestContext) => Promise<GraphResponse>;

async function runBatch(outer: GraphRequestContext, dispatch: Dispatch): Promise<GraphResponse> {
  const parts = parseParts(outer);
  const results = new Map<string, PartResult>();
  const done = new Map<string, Promise<PartResult>>();
  let running = 0;
  const waiting: Array<() => void> = [];
  const slot = async (): Promise<void> => {
    while (running >= PARALLEL_PARTS) await new Promise<void>((resolve) => waiting.push(resolve));
    running += 1;
  };
  const free = (): void => {
    running -= 1;
    waiting.shift()?.();
  };
  const order: string[] = [];

  const runPart = async (part: BatchPart): Promise<PartResult> => {
    const deps = await Promise.all(part.dependsOn.map((d) => done.get(d) ?? Promise.resolve(undefined)));
    if (deps.some((d) => !d || d.status >= 400)) {
      const err = new GraphError(424, "FailedDependency", "The request failed because it depended on a request that failed.");
      return { id: part.id, status: 424, headers: { "Content-Type": "application/json" }, body: graphErrorBody(err, outer, outer.now) };
    }
    if (/^https?:\/\//i.test(part.url)) {
      const err = badRequest("Batch request URLs must be relative.");
      return { id: part.id, status: 400, headers: { "Content-Type": "application/json" }, body: graphErrorBody(err, outer, outer.now) };
    }
    await slot();
    try {
      const rel = part.url.startsWith("/") ? part.url : `/${part.url}`;
      const q = rel.indexOf("?");
      const headers: Record<string, string> = { ...part.headers };
      if (outer.headers["user-agent"] && !headers["user-agent"]) headers["user-agent"] = outer.headers["user-agent"];
      const sub: GraphRequestContext = {
        method: part.method,
        version: outer.version,
        path: q >= 0 ? rel.slice(0, q) : rel,
        query: new URLSearchParams(q >= 0 ? rel.slice(q + 1) : ""),
        headers,
        body: partBody(part),
        requestId: outer.requestId,
        clientRequestId: outer.clientRequestId,
        origin: outer.origin,
        prefer: parsePrefer(headers.prefer),
        now: outer.now,
        inBatch: true,
      };
      if (outer.grant) sub.grant = outer.grant;
      return toResult(part.id, await dispatch(sub));
    } finally {
      free();
    }
  };

  for (const part of parts) {
    const p = runPart(part).then((r) => {
      results.set(part.id, r);
      order.push(part.id);
      return r;
    });
    done.set(part.id, p);
  }
  await Promise.all(done.values());
  // Graph returns parts in no particular order; completion order reversed makes sure clients that
  // assume request order notice in tests.
  const responses = order.reverse().map((id) => results.get(id));
  return jsonResponse({ responses }, 200, { "content-type": "application/json" });
}

export function batchRoutes(dispatch: () => Dispatch): RouteDef[] {
  return [{ method: "POST", pattern: "/$batch", scope: "service", workload: "batch", handler: (ctx) => runBatch(ctx, dispatch()) }];
}
