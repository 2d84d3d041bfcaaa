// OneDrive over Graph: the drive, items by id or by path ("root:/a/b:"), children, root delta
// (token=latest, timestamp tokens on business drives, the deleted facet, 410 resync), and
// /content's 302 to a pre-authenticated URL. The Personal Vault answers "ObjectHandle is Invalid",
// OneNote packages cannot be downloaded, and malware-flagged files are refused by /content.
import { SCOPES } from "./auth-check.js";
import { runDeltaRequest } from "./delta-paging.js";
import { renderDeletedDriveItem, renderDrive, renderDriveItem, driveCTag, driveETag, DRIVE_ITEM_PROPERTIES } from "./drive-resource.js";
import type { DriveItemRecord, DriveTombstone } from "./drive-store.js";
import { emptyResponse, jsonResponse, requireAccount, serviceRoot, type GraphRequestContext, type GraphResponse } from "./graph-context.js";
import { badRequest, driveItemNotFound, GraphError } from "./graph-errors.js";
import type { RouteDef } from "./graph-router.js";
import { listPage } from "./list-paging.js";
import { applySelect, parseSelect, queryOption } from "./odata-query.js";
import { userContextUrl, type RouteEnv } from "./route-env.js";

function vaultError(): GraphError {
  // What OneDrive answers for anything below the Personal Vault (rclone #8736, cyberduck #605).
  return new GraphError(400, "invalidRequest", "ObjectHandle is Invalid", { innerCode: "invalidResourceId" });
}

/** "/me/drive", "/users/{id}/drive" or "/drives/{id}": the base of this request's drive links. */
function driveBase(ctx: GraphRequestContext): string {
  const root = ctx.userRoot ?? "/me";
  return root.startsWith("/drives/") ? root : `${root}/drive`;
}

function insideVault(ctx: GraphRequestContext, item: DriveItemRecord): boolean {
  const drive = requireAccount(ctx).drive;
  for (let p = item.parent; p !== undefined; p = drive.bySerial(p)?.parent) if (drive.bySerial(p)?.kind === "vault") return true;
  return false;
}

function itemById(ctx: GraphRequestContext, id: string): DriveItemRecord {
  const item = requireAccount(ctx).drive.byId(id);
  if (!item) throw driveItemNotFound();
  if (item.hidden) {
    if (insideVault(ctx, item)) throw vaultError();
    throw driveItemNotFound();
  }
  return item;
}

function itemByPath(ctx: GraphRequestContext, path: string, from?: DriveItemRecord): DriveItemRecord {
  const drive = requireAccount(ctx).drive;
  // Walk step by step: the first hidden container on the way decides the error.
  let current: DriveItemRecord | undefined = from ?? drive.root();
  for (const part of path.split("/").filter((p) => p.length > 0)) {
    if (current.kind === "vault") throw vaultError();
    const next: DriveItemRecord | undefined = drive.byPath(part, current);
    if (!next || next.hidden) throw driveItemNotFound();
    current = next;
  }
  return current;
}

function downloadUrlFor(ctx: GraphRequestContext, env: RouteEnv) {
  const account = requireAccount(ctx);
  return (item: DriveItemRecord): string => env.downloads.issue(ctx.origin, account.account.oid, item.serial, item.id);
}

function renderItem(ctx: GraphRequestContext, env: RouteEnv, item: DriveItemRecord): GraphResponse {
  const account = requireAccount(ctx);
  const select = parseSelect(ctx.query, DRIVE_ITEM_PROPERTIES, "driveItem");
  const body = renderDriveItem(account, item, { delta: false, downloadUrl: downloadUrlFor(ctx, env) });
  return jsonResponse({ "@odata.context": userContextUrl(ctx, "drive/items/$entity"), ...applySelect(body, select) });
}

function children(ctx: GraphRequestContext, env: RouteEnv, item: DriveItemRecord): GraphResponse {
  const account = requireAccount(ctx);
  if (item.kind === "vault") throw vaultError();
  if (item.kind === "file") return jsonResponse({ "@odata.context": userContextUrl(ctx, "drive/items('" + item.id + "')/children"), value: [] });
  const select = parseSelect(ctx.query, DRIVE_ITEM_PROPERTIES, "driveItem");
  const list = account.drive.childrenOf(item).sort((a, b) => a.name.localeCompare(b.name));
  const render = downloadUrlFor(ctx, env);
  return listPage(ctx, list, (c) => applySelect(renderDriveItem(account, c, { delta: false, downloadUrl: render }), select), {
    defaultSize: 200,
    max: 1000,
    contextUrl: userContextUrl(ctx, `drive/items('${item.id}')/children`),
  });
}

function content(ctx: GraphRequestContext, env: RouteEnv, item: DriveItemRecord): GraphResponse {
  const account = requireAccount(ctx);
  if (item.kind === "vault") throw vaultError();
  if (item.kind === "notebook") throw new GraphError(400, "invalidRequest", "The item is a package and cannot be downloaded.", { innerCode: "notSupported" });
  if (item.kind !== "file") throw new GraphError(404, "itemNotFound", "The resource could not be found.");
  if (item.malware && (queryOption(ctx.query, "AVOverride") ?? "") !== "1") {
    throw new GraphError(403, "malwareDetected", "Malware detected in the file. Download is blocked.");
  }
  const inm = ctx.headers["if-none-match"];
  if (inm && (inm === driveETag(account, item) || inm === driveCTag(account, item))) return emptyResponse(304);
  return emptyResponse(302, { location: env.downloads.issue(ctx.origin, account.account.oid, item.serial, item.id) });
}

function delta(ctx: GraphRequestContext, env: RouteEnv): GraphResponse {
  const account = requireAccount(ctx);
  const drive = account.drive;
  const select = parseSelect(ctx.query, DRIVE_ITEM_PROPERTIES, "driveItem");
  const token = ctx.query.get("token");
  const spec: Parameters<typeof runDeltaRequest<DriveTombstone>>[0] = {
    ctx,
    env: env.delta,
    scope: "drive",
    accountOid: account.account.oid,
    log: drive.log,
    currentSeq: account.currentSeq(),
    linkBase: `${serviceRoot(ctx)}${driveBase(ctx)}/root/delta`,
    flavor: "drive",
    contextUrl: `${serviceRoot(ctx)}/$metadata#Collection(driveItem)`,
    defaultPageSize: 200,
    maxPageSize: 1000,
    firstRequest: () => {
      const opts: { select?: string[]; top?: number } = {};
      if (select) opts.select = select;
      const top = queryOption(ctx.query, "$top");
      if (top !== undefined) {
        const n = Number(top);
        if (!Number.isInteger(n) || n < 1) throw badRequest(`Invalid value '${top}' for $top query option found.`);
        opts.top = n;
      }
      return opts;
    },
    initialEnumeration: (after, limit) => drive.serialsAfter(after, limit),
    render: (entry, state) => {
      if (entry.removed) return [renderDeletedDriveItem(account, entry.removed.tombstone)];
      const item = drive.bySerial(entry.key);
      if (!item || item.hidden) return [];
      const render = (it: DriveItemRecord): object => applySelect(renderDriveItem(account, it, { delta: true, downloadUrl: downloadUrlFor(ctx, env) }), state.select);
      // Parents before children: an ancestor the client cannot know yet (created after its last
      // round, or later in this round's order after a move) is listed first; it repeats later,
      // which delta allows ("use the last occurrence").
      const unknown = drive.ancestorsOf(item).filter((a) => (state.initial ? a.serial > item.serial : a.createdSeq > state.since));
      return [...unknown.map(render), render(item)];
    },
  };
  if (token === "latest") {
    spec.startAtLatest = true;
  } else if (token && /^\d{4}-\d{2}-\d{2}T/.test(token)) {
    // Timestamp tokens exist only on OneDrive for Business and SharePoint.
    if (drive.driveType === "personal") throw new GraphError(400, "invalidRequest", "Invalid token.", { innerCode: "invalidToken" });
    const at = Date.parse(token);
    if (!Number.isFinite(at)) throw new GraphError(400, "invalidRequest", "Invalid token.", { innerCode: "invalidToken" });
    spec.startAtSeq = drive.log.seqAtTime(at);
  }
  return runDeltaRequest(spec);
}

export function driveRoutes(env: RouteEnv): RouteDef[] {
  const r = (pattern: string, handler: RouteDef["handler"]): RouteDef => ({ method: "GET", pattern, scope: "user", workload: "drive", scopes: SCOPES.filesRead, handler });
  const root = (ctx: GraphRequestContext): DriveItemRecord => requireAccount(ctx).drive.root();
  return [
    r("/drive", (ctx) => jsonResponse({ "@odata.context": userContextUrl(ctx, "drive/$entity"), ...renderDrive(requireAccount(ctx)) })),
    r("/drives", (ctx) => jsonResponse({ "@odata.context": userContextUrl(ctx, "drives"), value: [renderDrive(requireAccount(ctx))] })),
    r("/drive/root", (ctx) => renderItem(ctx, env, root(ctx))),
    r("/drive/root/children", (ctx) => children(ctx, env, root(ctx))),
    r("/drive/root/delta", (ctx) => delta(ctx, env)),
    r("/drive/root/content", () => {
      throw new GraphError(404, "itemNotFound", "The resource could not be found.");
    }),
    r("/drive/root/{path:path}", (ctx, p) => renderItem(ctx, env, itemByPath(ctx, p.path ?? ""))),
    r("/drive/root/{path:path}/children", (ctx, p) => children(ctx, env, itemByPath(ctx, p.path ?? ""))),
    r("/drive/root/{path:path}/content", (ctx, p) => content(ctx, env, itemByPath(ctx, p.path ?? ""))),
    r("/drive/items/{id}", (ctx, p) => renderItem(ctx, env, itemById(ctx, p.id ?? ""))),
    r("/drive/items/{id}/children", (ctx, p) => children(ctx, env, itemById(ctx, p.id ?? ""))),
    r("/drive/items/{id}/content", (ctx, p) => content(ctx, env, itemById(ctx, p.id ?? ""))),
    r("/drive/items/{id}/{path:path}", (ctx, p) => renderItem(ctx, env, itemByPath(ctx, p.path ?? "", itemById(ctx, p.id ?? "")))),
    r("/drive/items/{id}/{path:path}/children", (ctx, p) => children(ctx, env, itemByPath(ctx, p.path ?? "", itemById(ctx, p.id ?? "")))),
    r("/drive/items/{id}/{path:path}/content", (ctx, p) => content(ctx, env, itemByPath(ctx, p.path ?? "", itemById(ctx, p.id ?? "")))),
  ];
}
