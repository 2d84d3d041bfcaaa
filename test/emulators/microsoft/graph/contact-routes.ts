// Outlook contacts over Graph: the default folder (/contacts), child contact folders, per-folder
// contact delta and contactFolders/delta. Graph has no vCard endpoint; clients get JSON.
import { SCOPES } from "./auth-check.js";
import type { ContactRecord } from "./contact-store.js";
import { runDeltaRequest } from "./delta-paging.js";
import { bytesResponse, jsonResponse, requireAccount, serviceRoot, type GraphRequestContext, type GraphResponse } from "./graph-context.js";
import { GraphError, invalidIdMalformed, outlookFolderNotFound, outlookItemNotFound } from "./graph-errors.js";
import { weakEtag } from "./graph-ids.js";
import type { RouteDef } from "./graph-router.js";
import { listPage } from "./list-paging.js";
import { applySelect, parseSelect } from "./odata-query.js";
import type { ContainerRecord, OutlookTombstone } from "./outlook-item-store.js";
import { userContextUrl, userLinkBase, type RouteEnv } from "./route-env.js";
import { outlookTime7 } from "./store-context.js";

const CONTACT_PROPERTIES: ReadonlySet<string> = new Set([
  "id", "createdDateTime", "lastModifiedDateTime", "changeKey", "categories", "parentFolderId", "birthday", "fileAs", "displayName", "givenName", "initials",
  "middleName", "nickName", "surname", "title", "yomiGivenName", "yomiSurname", "yomiCompanyName", "generation", "imAddresses", "jobTitle", "companyName",
  "department", "officeLocation", "profession", "businessHomePage", "assistantName", "manager", "homePhones", "mobilePhone", "businessPhones", "spouseName",
  "personalNotes", "children", "emailAddresses", "homeAddress", "businessAddress", "otherAddress",
]);
const FOLDER_PROPERTIES: ReadonlySet<string> = new Set(["id", "displayName", "parentFolderId"]);

function looksLikeId(id: string): boolean {
  return /^[A-Za-z0-9\-_=]{16,}$/.test(id);
}

function folderOr404(ctx: GraphRequestContext, ref: string): ContainerRecord {
  const f = requireAccount(ctx).contacts.resolveFolder(ref);
  if (f) return f;
  if (!looksLikeId(ref) && !/^[a-z]+$/i.test(ref)) throw invalidIdMalformed();
  throw outlookFolderNotFound();
}

function contactOr404(ctx: GraphRequestContext, id: string): ContactRecord {
  const c = requireAccount(ctx).contacts.items.byId(id);
  if (c) return c;
  if (!looksLikeId(id)) throw invalidIdMalformed();
  throw outlookItemNotFound();
}

export function renderContact(ctx: GraphRequestContext, c: ContactRecord, opts: { select?: readonly string[]; withType?: boolean } = {}): Record<string, unknown> {
  const store = requireAccount(ctx).contacts.items;
  const changeKey = store.changeKey(c);
  const r: Record<string, unknown> = {};
  if (opts.withType) r["@odata.type"] = "#microsoft.graph.contact";
  r["@odata.etag"] = weakEtag(changeKey);
  r.id = store.itemId(c, ctx.prefer.immutableIds);
  r.createdDateTime = outlookTime7(c.createdAt);
  r.lastModifiedDateTime = outlookTime7(c.modifiedAt);
  r.changeKey = changeKey;
  r.categories = c.data.categories;
  r.parentFolderId = store.containerId(c.container);
  Object.assign(r, { ...c.data, categories: c.data.categories });
  return applySelect(r, opts.select);
}

function renderFolder(ctx: GraphRequestContext, f: ContainerRecord): Record<string, unknown> {
  const account = requireAccount(ctx);
  const store = account.contacts.items;
  return {
    id: store.containerId(f.serial),
    displayName: f.name,
    parentFolderId: f.parent !== undefined ? store.containerId(f.parent) : account.mail.folderId(account.mail.rootSerial),
  };
}

function listContacts(ctx: GraphRequestContext, f: ContainerRecord): GraphResponse {
  const store = requireAccount(ctx).contacts.items;
  const select = parseSelect(ctx.query, CONTACT_PROPERTIES, "contact");
  const opts = select ? { select } : {};
  return listPage(ctx, [...store.itemsIn(f)], (c) => renderContact(ctx, c, opts), {
    defaultSize: 10,
    max: 1000,
    contextUrl: userContextUrl(ctx, f.isDefault ? "contacts" : `contactFolders('${store.containerId(f.serial)}')/contacts`),
  });
}

function contactDelta(ctx: GraphRequestContext, env: RouteEnv, f: ContainerRecord, linkPath: string): GraphResponse {
  const account = requireAccount(ctx);
  const store = account.contacts.items;
  const select = parseSelect(ctx.query, CONTACT_PROPERTIES, "contact");
  return runDeltaRequest<OutlookTombstone>({
    ctx,
    env: env.delta,
    scope: `contacts:${f.serial}`,
    accountOid: account.account.oid,
    log: f.log,
    currentSeq: account.currentSeq(),
    linkBase: `${userLinkBase(ctx)}${linkPath}`,
    flavor: "outlook",
    contextUrl: `${serviceRoot(ctx)}/$metadata#Collection(contact)`,
    defaultPageSize: 10,
    maxPageSize: 1000,
    firstRequest: () => (select ? { select } : {}),
    render: (entry, state) => {
      if (entry.removed) {
        const t = entry.removed.tombstone;
        return [{ "@odata.type": "#microsoft.graph.contact", id: ctx.prefer.immutableIds ? t.immutableId : t.restId, "@removed": { reason: entry.removed.reason } }];
      }
      const c = store.bySerial(entry.key);
      if (!c) return [];
      const opts: { select?: readonly string[]; withType: boolean } = { withType: true };
      if (state.select) opts.select = state.select;
      return [renderContact(ctx, c, opts)];
    },
  });
}

function folderDelta(ctx: GraphRequestContext, env: RouteEnv): GraphResponse {
  const account = requireAccount(ctx);
  const store = account.contacts.items;
  return runDeltaRequest<{ id: string }>({
    ctx,
    env: env.delta,
    scope: "contactFolders",
    accountOid: account.account.oid,
    log: store.containerLog,
    currentSeq: account.currentSeq(),
    linkBase: `${userLinkBase(ctx)}/contactFolders/delta`,
    flavor: "outlook",
    contextUrl: `${serviceRoot(ctx)}/$metadata#Collection(contactFolder)`,
    defaultPageSize: 10,
    maxPageSize: 1000,
    firstRequest: () => ({}),
    render: (entry) => {
      if (entry.removed) return [{ id: entry.removed.tombstone.id, "@removed": { reason: entry.removed.reason } }];
      const f = store.containers.get(entry.key);
      return f ? [renderFolder(ctx, f)] : [];
    },
  });
}

function getContact(ctx: GraphRequestContext, id: string): GraphResponse {
  const select = parseSelect(ctx.query, CONTACT_PROPERTIES, "contact");
  const c = contactOr404(ctx, id);
  return jsonResponse({ "@odata.context": userContextUrl(ctx, "contacts/$entity"), ...renderContact(ctx, c, select ? { select } : {}) }, 200, ctx.prefer.immutableIds ? { "preference-applied": 'IdType="ImmutableId"' } : {});
}

export function contactRoutes(env: RouteEnv): RouteDef[] {
  const r = (pattern: string, handler: RouteDef["handler"]): RouteDef => ({ method: "GET", pattern, scope: "user", workload: "outlook", scopes: SCOPES.contactsRead, handler });
  const childFolders = (ctx: GraphRequestContext, parent: ContainerRecord): GraphResponse => {
    const store = requireAccount(ctx).contacts.items;
    const list = [...parent.children].map((s) => store.containers.get(s)).filter((c): c is ContainerRecord => c !== undefined);
    const select = parseSelect(ctx.query, FOLDER_PROPERTIES, "contactFolder");
    return listPage(ctx, list, (f) => applySelect(renderFolder(ctx, f), select), { defaultSize: 10, max: 1000, contextUrl: userContextUrl(ctx, "contactFolders") });
  };
  return [
    r("/contacts", (ctx) => listContacts(ctx, requireAccount(ctx).contacts.root)),
    r("/contacts/delta", (ctx) => contactDelta(ctx, env, requireAccount(ctx).contacts.root, "/contacts/delta")),
    r("/contacts/{id}", (ctx, p) => getContact(ctx, p.id ?? "")),
    r("/contacts/{id}/photo/$value", (ctx, p) => {
      const photo = requireAccount(ctx).contacts.photoOf(contactOr404(ctx, p.id ?? ""));
      if (!photo) throw new GraphError(404, "ErrorItemNotFound", "The photo wasn't found.");
      return bytesResponse(Buffer.from(photo.bytes), photo.contentType);
    }),
    r("/contactFolders", (ctx) => childFolders(ctx, requireAccount(ctx).contacts.root)),
    r("/contactFolders/delta", (ctx) => folderDelta(ctx, env)),
    r("/contactFolders/{folder}", (ctx, p) => jsonResponse({ "@odata.context": userContextUrl(ctx, "contactFolders/$entity"), ...renderFolder(ctx, folderOr404(ctx, p.folder ?? "")) })),
    r("/contactFolders/{folder}/childFolders", (ctx, p) => childFolders(ctx, folderOr404(ctx, p.folder ?? ""))),
    r("/contactFolders/{folder}/contacts", (ctx, p) => listContacts(ctx, folderOr404(ctx, p.folder ?? ""))),
    r("/contactFolders/{folder}/contacts/delta", (ctx, p) => {
      const f = folderOr404(ctx, p.folder ?? "");
      return contactDelta(ctx, env, f, `/contactFolders('${requireAccount(ctx).contacts.items.containerId(f.serial)}')/contacts/delta`);
    }),
    r("/contactFolders/{folder}/contacts/{id}", (ctx, p) => getContact(ctx, p.id ?? "")),
  ];
}
