// Outlook mail over Graph: the folder tree (well-known aliases, childFolders, hidden folders only
// with includeHiddenFolders, Recoverable Items reachable but never listed), mailFolders/delta,
// per-folder message delta, message lists and items, $value MIME (the stored .eml bytes, byte for
// byte), attachments, and the few writes a restore or a test needs (PATCH, move, DELETE).
import { SCOPES } from "./auth-check.js";
import type { LogEntry } from "./change-log.js";
import { runDeltaRequest, type FirstRequestOptions } from "./delta-paging.js";
import type { DeltaState } from "./delta-tokens.js";
import { bytesResponse, emptyResponse, jsonResponse, requireAccount, serviceRoot, type GraphRequestContext, type GraphResponse } from "./graph-context.js";
import { badRequest, GraphError, invalidIdMalformed, outlookFolderNotFound, outlookItemNotFound } from "./graph-errors.js";
import { listPage } from "./list-paging.js";
import type { MailFolderRecord, MailStore, MessageRecord, MessageState, MessageTombstone } from "./mail-store.js";
import { findAttachment, MESSAGE_PROPERTIES, renderAttachment, renderMessage } from "./message-resource.js";
import { parseExpand, parseSelect, queryOption } from "./odata-query.js";
import { userContextUrl, userLinkBase, type RouteEnv } from "./route-env.js";
import type { RouteDef } from "./graph-router.js";
import type { AccountData } from "./account-store.js";

const FOLDER_PROPERTIES: ReadonlySet<string> = new Set(["id", "displayName", "parentFolderId", "childFolderCount", "unreadItemCount", "totalItemCount", "sizeInBytes", "isHidden", "wellKnownName"]);

/** Outlook's maximum page for delta and lists (the real maximum for delta is undocumented). */
const MAX_PAGE = 1000;

function mail(ctx: GraphRequestContext): MailStore {
  return requireAccount(ctx).mail;
}

function looksLikeId(id: string): boolean {
  return /^[A-Za-z0-9\-_=]{16,}$/.test(id);
}

function folderOr404(ctx: GraphRequestContext, ref: string): MailFolderRecord {
  const f = mail(ctx).resolveFolder(ref);
  if (f) return f;
  if (!looksLikeId(ref) && !/^[a-z]+$/i.test(ref)) throw invalidIdMalformed();
  throw outlookFolderNotFound();
}

function messageOr404(ctx: GraphRequestContext, id: string): MessageRecord {
  const m = mail(ctx).messageById(id);
  if (m) return m;
  if (!looksLikeId(id)) throw invalidIdMalformed();
  throw outlookItemNotFound();
}

export function renderFolder(ctx: GraphRequestContext, store: MailStore, f: MailFolderRecord, select?: readonly string[]): Record<string, unknown> {
  const r: Record<string, unknown> = {
    id: store.folderId(f.serial),
    displayName: f.displayName,
    parentFolderId: f.parent !== undefined ? store.folderId(f.parent) : store.folderId(f.serial),
    childFolderCount: f.children.size,
    unreadItemCount: f.unread,
    totalItemCount: f.members.size,
    sizeInBytes: f.sizeBytes,
    isHidden: f.hidden,
  };
  if (ctx.version === "beta") r.wellKnownName = f.wellKnownName ?? null;
  if (!select) return r;
  const out: Record<string, unknown> = { id: r.id };
  for (const s of select) if (s in r) out[s] = r[s];
  return out;
}

function includeHidden(ctx: GraphRequestContext): boolean {
  return (queryOption(ctx.query, "includeHiddenFolders") ?? "").toLowerCase() === "true";
}

function listFolders(ctx: GraphRequestContext, parent: MailFolderRecord): GraphResponse {
  const store = mail(ctx);
  const select = parseSelect(ctx.query, FOLDER_PROPERTIES, "mailFolder");
  const hidden = includeHidden(ctx);
  const children = [...parent.children]
    .map((s) => store.folders.get(s))
    .filter((f): f is MailFolderRecord => f !== undefined && (hidden || !f.hidden));
  const suffix = parent.serial === store.rootSerial ? "mailFolders" : `mailFolders('${store.folderId(parent.serial)}')/childFolders`;
  return listPage(ctx, children, (f) => renderFolder(ctx, store, f, select), { defaultSize: 10, max: MAX_PAGE, contextUrl: userContextUrl(ctx, suffix) });
}

function renderOptions(ctx: GraphRequestContext, account: AccountData, select: string[] | undefined, extra: { withType?: boolean; expandAttachments?: boolean } = {}) {
  const opts: Parameters<typeof renderMessage>[3] = { immutableIds: ctx.prefer.immutableIds, accountSeed: account.account.oid, ...extra };
  if (select) opts.select = select;
  if (ctx.prefer.bodyContentType) opts.bodyContentType = ctx.prefer.bodyContentType;
  return opts;
}

function preferenceHeaders(ctx: GraphRequestContext): Record<string, string> {
  return ctx.prefer.immutableIds ? { "preference-applied": 'IdType="ImmutableId"' } : {};
}

/** Lists sort newest first, as Outlook does; the order is cached per folder set and mailbox state. */
const sortCache = new WeakMap<MailStore, { key: string; serials: number[] }>();

function sortedMembers(store: MailStore, folders: MailFolderRecord[], seq: number): number[] {
  const key = `${seq}:${folders.map((f) => f.serial).join(",")}`;
  const cached = sortCache.get(store);
  if (cached && cached.key === key) return cached.serials;
  const received = (serial: number): number => {
    const m = store.messageBySerial(serial);
    return m ? store.receivedAt(m) : 0;
  };
  const serials = folders.flatMap((f) => [...f.members]).sort((a, b) => received(b) - received(a) || b - a);
  sortCache.set(store, { key, serials });
  return serials;
}

function listMessages(ctx: GraphRequestContext, folders: MailFolderRecord[], contextSuffix: string): GraphResponse {
  const account = requireAccount(ctx);
  const store = account.mail;
  const select = parseSelect(ctx.query, MESSAGE_PROPERTIES, "message");
  const expand = parseExpand(ctx.query);
  const serials = sortedMembers(store, folders, account.currentSeq());
  const opts = renderOptions(ctx, account, select, { expandAttachments: expand.includes("attachments") });
  return listPage(
    ctx,
    serials,
    (serial) => {
      const m = store.messageBySerial(serial);
      return m ? renderMessage(store, m, account.ids.changeKey("message", m.serial, m.version), opts) : {};
    },
    { defaultSize: 10, max: MAX_PAGE, contextUrl: userContextUrl(ctx, contextSuffix), headers: preferenceHeaders(ctx) },
  );
}

function getMessage(ctx: GraphRequestContext, id: string): GraphResponse {
  const account = requireAccount(ctx);
  const m = messageOr404(ctx, id);
  const select = parseSelect(ctx.query, MESSAGE_PROPERTIES, "message");
  const expand = parseExpand(ctx.query);
  const body = {
    "@odata.context": userContextUrl(ctx, "messages/$entity"),
    ...renderMessage(account.mail, m, account.ids.changeKey("message", m.serial, m.version), renderOptions(ctx, account, select, { expandAttachments: expand.includes("attachments") })),
  };
  return jsonResponse(body, 200, preferenceHeaders(ctx));
}

function mimeOf(ctx: GraphRequestContext, id: string): GraphResponse {
  const m = messageOr404(ctx, id);
  // The exact bytes the mailbox holds: a backup must be able to verify signatures (DKIM, S/MIME).
  return bytesResponse(mail(ctx).content(m).mime, "text/plain", 200, preferenceHeaders(ctx));
}

const RECEIVED_FILTER = /^\s*receivedDateTime\s+(ge|gt)\s+(\S+)\s*$/i;

function deltaFirstRequest(ctx: GraphRequestContext): FirstRequestOptions {
  const opts: FirstRequestOptions = {};
  const select = parseSelect(ctx.query, MESSAGE_PROPERTIES, "message");
  if (select) opts.select = select;
  const changeType = queryOption(ctx.query, "changeType");
  if (changeType !== undefined) {
    const ct = changeType.toLowerCase();
    if (!["created", "updated", "deleted"].includes(ct)) throw badRequest(`Invalid changeType '${changeType}'.`, "ErrorInvalidUrlQuery");
    opts.changeType = ct;
  }
  const filter = queryOption(ctx.query, "$filter");
  if (filter !== undefined) {
    const f = RECEIVED_FILTER.exec(filter);
    if (!f || !Number.isFinite(Date.parse(f[2] ?? ""))) throw badRequest("The only supported $filter in a message delta query is receivedDateTime ge|gt {value}.", "ErrorInvalidUrlQuery");
    opts.filter = [(f[1] ?? "ge").toLowerCase(), f[2] ?? ""];
  }
  if (queryOption(ctx.query, "$search") !== undefined) throw badRequest("$search is not supported in a delta query.", "ErrorInvalidUrlQuery");
  const top = queryOption(ctx.query, "$top");
  if (top !== undefined) {
    const n = Number(top);
    if (!Number.isInteger(n) || n < 1) throw badRequest(`Invalid value '${top}' for $top query option found.`);
    opts.top = n;
  }
  return opts;
}

function messageDelta(ctx: GraphRequestContext, folderRef: string, env: RouteEnv): GraphResponse {
  const account = requireAccount(ctx);
  const store = account.mail;
  const folder = store.resolveFolder(folderRef);
  if (!folder) {
    if (!looksLikeId(folderRef) && !/^[a-z]+$/i.test(folderRef)) throw invalidIdMalformed();
    throw new GraphError(404, "ErrorSyncFolderNotFound", "The folder to synchronize was not found.");
  }
  const folderId = store.folderId(folder.serial);
  const include = (entry: LogEntry<MessageTombstone>, state: DeltaState): boolean => {
    const m = entry.removed ? undefined : store.messageBySerial(entry.key);
    if (state.filter && m) {
      const t = Date.parse(state.filter[1]);
      const received = store.content(m).receivedAt;
      if (state.filter[0] === "gt" ? !(received > t) : !(received >= t)) return false;
    }
    if (state.initial || !state.changeType) return true;
    if (state.changeType === "deleted") return entry.removed !== undefined;
    if (!m) return false;
    return state.changeType === "created" ? m.enteredSeq > state.since : m.enteredSeq <= state.since;
  };
  const render = (entry: LogEntry<MessageTombstone>, state: DeltaState): object[] => {
    if (entry.removed) {
      const t = entry.removed.tombstone;
      return [{ "@odata.type": "#microsoft.graph.message", id: ctx.prefer.immutableIds ? t.immutableId : t.restId, "@removed": { reason: entry.removed.reason } }];
    }
    const m = store.messageBySerial(entry.key);
    if (!m) return [];
    return [renderMessage(store, m, account.ids.changeKey("message", m.serial, m.version), renderOptions(ctx, account, state.select, { withType: true }))];
  };
  return runDeltaRequest<MessageTombstone>({
    ctx,
    env: env.delta,
    scope: `mail:${folder.serial}`,
    accountOid: account.account.oid,
    log: folder.log,
    currentSeq: account.currentSeq(),
    linkBase: `${userLinkBase(ctx)}/mailFolders('${folderId}')/messages/delta`,
    flavor: "outlook",
    contextUrl: `${serviceRoot(ctx)}/$metadata#Collection(message)`,
    defaultPageSize: 10,
    maxPageSize: MAX_PAGE,
    firstRequest: () => deltaFirstRequest(ctx),
    include,
    render,
  });
}

function folderDelta(ctx: GraphRequestContext, env: RouteEnv): GraphResponse {
  const account = requireAccount(ctx);
  const store = account.mail;
  const select = parseSelect(ctx.query, FOLDER_PROPERTIES, "mailFolder");
  return runDeltaRequest<{ id: string }>({
    ctx,
    env: env.delta,
    scope: "mailFolders",
    accountOid: account.account.oid,
    log: store.folderLog,
    currentSeq: account.currentSeq(),
    linkBase: `${userLinkBase(ctx)}/mailFolders/delta`,
    flavor: "outlook",
    contextUrl: `${serviceRoot(ctx)}/$metadata#Collection(mailFolder)`,
    defaultPageSize: 10,
    maxPageSize: MAX_PAGE,
    firstRequest: () => (select ? { select } : {}),
    render: (entry, state) => {
      if (entry.removed) return [{ id: entry.removed.tombstone.id, "@removed": { reason: entry.removed.reason } }];
      const f = store.folders.get(entry.key);
      return f ? [renderFolder(ctx, store, f, state.select)] : [];
    },
  });
}

function listAttachments(ctx: GraphRequestContext, id: string): GraphResponse {
  const account = requireAccount(ctx);
  const store = account.mail;
  const m = messageOr404(ctx, id);
  const expand = parseExpand(ctx.query);
  const expandItem = expand.some((e) => e.endsWith("itemattachment/item") || e === "item");
  const value = store.content(m).attachments.map((a) =>
    renderAttachment(store, m, a, { withContent: true, ...(a.isItem && expandItem ? { expandItem: { "@odata.type": "#microsoft.graph.message", subject: a.name, body: { contentType: "text", content: a.content.toString("utf8") } } } : {}) }),
  );
  return jsonResponse({ "@odata.context": userContextUrl(ctx, `messages('${encodeURIComponent(id)}')/attachments`), value }, 200, preferenceHeaders(ctx));
}

function getAttachment(ctx: GraphRequestContext, id: string, attachmentId: string, raw: boolean): GraphResponse {
  const store = mail(ctx);
  const m = messageOr404(ctx, id);
  const a = findAttachment(store, m, attachmentId);
  if (!a) throw outlookItemNotFound();
  if (raw) return bytesResponse(a.content, a.isItem ? "text/plain" : a.contentType);
  return jsonResponse({ "@odata.context": userContextUrl(ctx, `messages('${encodeURIComponent(id)}')/attachments/$entity`), ...renderAttachment(store, m, a, { withContent: true }) });
}

function parseJsonBody(ctx: GraphRequestContext): Record<string, unknown> {
  try {
    const parsed = JSON.parse(ctx.body.toString("utf8")) as unknown;
    if (parsed && typeof parsed === "object" && !Array.isArray(parsed)) return parsed as Record<string, unknown>;
  } catch {
    /* fall through */
  }
  throw badRequest("Empty Payload. JSON content expected.", "ErrorInvalidRequest");
}

function patchMessage(ctx: GraphRequestContext, id: string): GraphResponse {
  const account = requireAccount(ctx);
  const m = messageOr404(ctx, id);
  const body = parseJsonBody(ctx);
  const patch: Partial<MessageState> = {};
  if (typeof body.isRead === "boolean") patch.isRead = body.isRead;
  if (Array.isArray(body.categories)) patch.categories = body.categories.filter((c): c is string => typeof c === "string");
  if (body.flag && typeof body.flag === "object") patch.flag = body.flag as MessageState["flag"];
  if (body.importance === "low" || body.importance === "normal" || body.importance === "high") patch.importance = body.importance;
  account.mail.updateMessage(account.mail.immutableId(m), patch);
  return getMessage(ctx, account.mail.messageId(m, ctx.prefer.immutableIds));
}

function moveMessage(ctx: GraphRequestContext, id: string): GraphResponse {
  const account = requireAccount(ctx);
  const m = messageOr404(ctx, id);
  const body = parseJsonBody(ctx);
  const destination = typeof body.destinationId === "string" ? body.destinationId : "";
  folderOr404(ctx, destination);
  account.mail.moveMessage(account.mail.immutableId(m), destination);
  const moved = getMessage(ctx, account.mail.messageId(m, ctx.prefer.immutableIds));
  return { ...moved, status: 201 };
}

function deleteMessage(ctx: GraphRequestContext, id: string): GraphResponse {
  const account = requireAccount(ctx);
  const m = messageOr404(ctx, id);
  account.mail.deleteMessage(account.mail.immutableId(m));
  return emptyResponse(204);
}

export function mailRoutes(env: RouteEnv): RouteDef[] {
  const read = SCOPES.mailRead;
  const body = SCOPES.mailReadBody;
  const write = SCOPES.mailWrite;
  const r = (method: RouteDef["method"], pattern: string, scopes: readonly string[], handler: RouteDef["handler"]): RouteDef => ({ method, pattern, scope: "user", workload: "outlook", scopes, handler });
  return [
    r("GET", "/mailFolders", read, (ctx) => listFolders(ctx, folderOr404(ctx, "msgfolderroot"))),
    r("GET", "/mailFolders/delta", read, (ctx) => folderDelta(ctx, env)),
    r("GET", "/mailFolders/{folder}", read, (ctx, p) => {
      const store = mail(ctx);
      const f = folderOr404(ctx, p.folder ?? "");
      return jsonResponse({ "@odata.context": userContextUrl(ctx, "mailFolders/$entity"), ...renderFolder(ctx, store, f, parseSelect(ctx.query, FOLDER_PROPERTIES, "mailFolder")) });
    }),
    r("GET", "/mailFolders/{folder}/childFolders", read, (ctx, p) => listFolders(ctx, folderOr404(ctx, p.folder ?? ""))),
    r("GET", "/mailFolders/{folder}/messages", read, (ctx, p) => {
      const f = folderOr404(ctx, p.folder ?? "");
      return listMessages(ctx, [f], `mailFolders('${mail(ctx).folderId(f.serial)}')/messages`);
    }),
    r("GET", "/mailFolders/{folder}/messages/delta", read, (ctx, p) => messageDelta(ctx, p.folder ?? "", env)),
    r("GET", "/mailFolders/{folder}/messages/{id}", read, (ctx, p) => getMessage(ctx, p.id ?? "")),
    r("GET", "/mailFolders/{folder}/messages/{id}/$value", body, (ctx, p) => mimeOf(ctx, p.id ?? "")),
    r("GET", "/messages", read, (ctx) => {
      const store = mail(ctx);
      const folders = [...store.folders.values()].filter((f) => !f.outsideTree && f.serial !== store.rootSerial);
      return listMessages(ctx, folders, "messages");
    }),
    r("GET", "/messages/{id}", read, (ctx, p) => getMessage(ctx, p.id ?? "")),
    r("PATCH", "/messages/{id}", write, (ctx, p) => patchMessage(ctx, p.id ?? "")),
    r("DELETE", "/messages/{id}", write, (ctx, p) => deleteMessage(ctx, p.id ?? "")),
    r("POST", "/messages/{id}/move", write, (ctx, p) => moveMessage(ctx, p.id ?? "")),
    r("GET", "/messages/{id}/$value", body, (ctx, p) => mimeOf(ctx, p.id ?? "")),
    r("GET", "/messages/{id}/attachments", body, (ctx, p) => listAttachments(ctx, p.id ?? "")),
    r("GET", "/messages/{id}/attachments/{attachment}", body, (ctx, p) => getAttachment(ctx, p.id ?? "", p.attachment ?? "", false)),
    r("GET", "/messages/{id}/attachments/{attachment}/$value", body, (ctx, p) => getAttachment(ctx, p.id ?? "", p.attachment ?? "", true)),
  ];
}
