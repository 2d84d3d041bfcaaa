// BitLocker recovery keys (research §3.9): work/school accounts only, delegated permissions, a
// User-Agent header required (400 invalid_request without one), $filter=deviceId eq '…' but no
// $top, and the key itself only with $select=key — never in the list.
import { hasAnyScope, SCOPES } from "./auth-check.js";
import type { BitLockerKeyRecord } from "./bitlocker-store.js";
import { jsonResponse, requireAccount, serviceRoot, type GraphRequestContext, type GraphResponse } from "./graph-context.js";
import { authorizationDenied, badRequest, GraphError } from "./graph-errors.js";
import type { RouteDef } from "./graph-router.js";
import { queryOption } from "./odata-query.js";

/** Keys per page; the list pages with $skiptoken like other directory collections. */
const PAGE = 20;

function checkCaller(ctx: GraphRequestContext): void {
  if (!ctx.headers["user-agent"]) {
    throw new GraphError(400, "invalid_request", "Parameter (User-Agent) is required but missing from headers");
  }
  // Personal Microsoft accounts have no API for their keys (they are only on account.microsoft.com).
  if (requireAccount(ctx).kind !== "work") throw authorizationDenied();
}

function metadata(k: BitLockerKeyRecord): Record<string, unknown> {
  return { id: k.id, createdDateTime: k.createdDateTime, volumeType: k.volumeType, deviceId: k.deviceId };
}

const DEVICE_FILTER = /^\s*deviceId\s+eq\s+'([^']*)'\s*$/i;

function list(ctx: GraphRequestContext): GraphResponse {
  checkCaller(ctx);
  if (queryOption(ctx.query, "$top") !== undefined) throw badRequest("The query specified in the URI is not valid. Query option 'Top' is not allowed. To allow it, set the 'AllowedQueryOptions' property on EnableQueryAttribute or QueryValidationSettings.");
  let keys = [...requireAccount(ctx).bitlocker.list()];
  const filter = queryOption(ctx.query, "$filter");
  if (filter !== undefined) {
    const m = DEVICE_FILTER.exec(filter);
    if (!m) throw badRequest("Invalid filter clause: only deviceId eq '<id>' is supported.");
    keys = keys.filter((k) => k.deviceId.toLowerCase() === (m[1] ?? "").toLowerCase());
  }
  const skipToken = queryOption(ctx.query, "$skiptoken");
  const start = skipToken ? Number(Buffer.from(skipToken, "base64url").toString("utf8").replace(/^skip:/, "")) || 0 : 0;
  const page = keys.slice(start, start + PAGE);
  const body: Record<string, unknown> = { "@odata.context": `${serviceRoot(ctx)}/$metadata#informationProtection/bitlocker/recoveryKeys` };
  if (start + PAGE < keys.length) {
    const token = Buffer.from(`skip:${start + PAGE}`).toString("base64url");
    const filterPart = filter !== undefined ? `$filter=${encodeURIComponent(filter)}&` : "";
    body["@odata.nextLink"] = `${serviceRoot(ctx)}/informationProtection/bitlocker/recoveryKeys?${filterPart}$skiptoken=${token}`;
  }
  body.value = page.map(metadata);
  return jsonResponse(body);
}

function get(ctx: GraphRequestContext, id: string): GraphResponse {
  checkCaller(ctx);
  const key = requireAccount(ctx).bitlocker.byId(id);
  if (!key) throw new GraphError(404, "Request_ResourceNotFound", `Resource '${id}' does not exist or one of its queried reference-property objects are not present.`);
  const select = (queryOption(ctx.query, "$select") ?? "").split(",").map((s) => s.trim().toLowerCase()).filter((s) => s.length > 0);
  if (select.includes("key")) {
    // Reading the key is audited and needs the stronger permission.
    if (!ctx.grant || !hasAnyScope(ctx.grant, SCOPES.bitlockerKey)) throw authorizationDenied();
    return jsonResponse({ "@odata.context": `${serviceRoot(ctx)}/$metadata#informationProtection/bitlocker/recoveryKeys(key)/$entity`, ...metadata(key), key: key.key });
  }
  return jsonResponse({ "@odata.context": `${serviceRoot(ctx)}/$metadata#informationProtection/bitlocker/recoveryKeys/$entity`, ...metadata(key) });
}

export function bitlockerRoutes(): RouteDef[] {
  const r = (pattern: string, handler: RouteDef["handler"]): RouteDef => ({ method: "GET", pattern, scope: "service", workload: "bitlocker", scopes: SCOPES.bitlockerBasic, handler });
  return [
    r("/informationProtection/bitlocker/recoveryKeys", (ctx) => list(ctx)),
    r("/informationProtection/bitlocker/recoveryKeys/{id}", (ctx, p) => get(ctx, p.id ?? "")),
  ];
}
