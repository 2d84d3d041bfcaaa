// Outlook calendars over Graph: calendars, events (masters and singles), instances, calendarView
// (instances in a window), calendarView/delta with the window sealed into its tokens and @removed
// for instances that left the window or the series (and, as the real service does, for events
// changed entirely outside the window), and beta's per-calendar events/delta (id/type/start/end).
import { SCOPES } from "./auth-check.js";
import type { EventRecord, EventSeries } from "./calendar-store.js";
import type { LogEntry } from "./change-log.js";
import { runDeltaRequest } from "./delta-paging.js";
import type { DeltaState } from "./delta-tokens.js";
import { instancesInWindow, type EventInstance } from "./event-instances.js";
import { EVENT_PROPERTIES, instanceId, parseInstanceId, renderEvent, type RenderEventOptions } from "./event-resource.js";
import { jsonResponse, requireAccount, serviceRoot, type GraphRequestContext, type GraphResponse } from "./graph-context.js";
import { badRequest, GraphError, invalidIdMalformed, outlookFolderNotFound, outlookItemNotFound } from "./graph-errors.js";
import type { RouteDef } from "./graph-router.js";
import { listPage } from "./list-paging.js";
import { parseExpand, parseSelect, queryOption } from "./odata-query.js";
import type { ContainerRecord, OutlookTombstone } from "./outlook-item-store.js";
import { userContextUrl, userLinkBase, type RouteEnv } from "./route-env.js";

const CALENDAR_PROPERTIES: ReadonlySet<string> = new Set(["id", "name", "color", "hexColor", "isDefaultCalendar", "changeKey", "canShare", "canViewPrivateItems", "canEdit", "allowedOnlineMeetingProviders", "defaultOnlineMeetingProvider", "isTallyingResponses", "isRemovable", "owner"]);

function looksLikeId(id: string): boolean {
  return /^[A-Za-z0-9\-_=]{16,}$/.test(id);
}

function calendarOr404(ctx: GraphRequestContext, ref: string): ContainerRecord {
  const c = requireAccount(ctx).calendar.resolveCalendar(ref);
  if (c) return c;
  if (!looksLikeId(ref)) throw invalidIdMalformed();
  throw outlookFolderNotFound();
}

function renderOpts(ctx: GraphRequestContext, extra: Partial<RenderEventOptions> = {}): RenderEventOptions {
  const opts: RenderEventOptions = { immutableIds: ctx.prefer.immutableIds, beta: ctx.version === "beta", ...extra };
  if (ctx.prefer.timeZone) opts.timeZone = ctx.prefer.timeZone;
  return opts;
}

function renderCalendar(ctx: GraphRequestContext, c: ContainerRecord): Record<string, unknown> {
  const account = requireAccount(ctx);
  const store = account.calendar.items;
  return {
    id: store.containerId(c.serial),
    name: c.name,
    color: "auto",
    hexColor: "",
    isDefaultCalendar: c.isDefault,
    changeKey: store.containerChangeKey(c),
    canShare: true,
    canViewPrivateItems: true,
    canEdit: true,
    allowedOnlineMeetingProviders: account.kind === "work" ? ["teamsForBusiness"] : ["skypeForConsumer"],
    defaultOnlineMeetingProvider: account.kind === "work" ? "teamsForBusiness" : "skypeForConsumer",
    isTallyingResponses: true,
    isRemovable: !c.isDefault,
    owner: { name: account.account.displayName, address: account.address },
  };
}

/** The window of calendarView/instances: both bounds required, as Graph insists. */
function windowOf(ctx: GraphRequestContext): [number, number] {
  const start = queryOption(ctx.query, "startDateTime");
  const end = queryOption(ctx.query, "endDateTime");
  if (!start || !end) {
    throw new GraphError(400, "ErrorInvalidParameter", "This request requires a time window specified by the query string parameters StartDateTime and EndDateTime.");
  }
  const s = Date.parse(start);
  const e = Date.parse(end);
  if (!Number.isFinite(s) || !Number.isFinite(e)) throw new GraphError(400, "ErrorInvalidParameter", "The value of StartDateTime or EndDateTime is not a valid date.");
  return [s, e];
}

interface FoundEvent {
  record: EventRecord;
  instance?: EventInstance;
}

function findEvent(ctx: GraphRequestContext, id: string): FoundEvent {
  const store = requireAccount(ctx).calendar.items;
  const record = store.byId(id);
  if (record) return { record };
  const parsed = parseInstanceId(id);
  if (parsed) {
    const master = store.byId(parsed.masterId);
    if (master) {
      const t = parsed.originalStart;
      const instance = instancesInWindow(master.data, t - 366 * 86_400_000, t + 366 * 86_400_000).find((i) => i.originalStart === t);
      if (instance) return { record: master, instance };
    }
    throw outlookItemNotFound();
  }
  if (!looksLikeId(id)) throw invalidIdMalformed();
  throw outlookItemNotFound();
}

function getEvent(ctx: GraphRequestContext, id: string): GraphResponse {
  const account = requireAccount(ctx);
  const found = findEvent(ctx, id);
  const select = parseSelect(ctx.query, EVENT_PROPERTIES, "event");
  const body: Record<string, unknown> = { "@odata.context": userContextUrl(ctx, "events/$entity"), ...renderEvent(account, found.record, found.instance, renderOpts(ctx, select ? { select } : {})) };
  if (ctx.version === "beta" && parseExpand(ctx.query).includes("exceptionoccurrences") && !found.instance) {
    body.exceptionOccurrences = found.record.data.exceptions.map((ex) => {
      const inst: EventInstance = { type: "exception", originalStart: ex.originalStart, start: 0, end: 0, event: ex.event };
      const [match] = instancesInWindow({ ...found.record.data, cancelled: [] }, ex.originalStart - 366 * 86_400_000, ex.originalStart + 366 * 86_400_000).filter((i) => i.originalStart === ex.originalStart);
      return renderEvent(account, found.record, match ?? inst, renderOpts(ctx));
    });
  }
  return jsonResponse(body);
}

function listEvents(ctx: GraphRequestContext, calendars: ContainerRecord[]): GraphResponse {
  const account = requireAccount(ctx);
  const store = account.calendar.items;
  const select = parseSelect(ctx.query, EVENT_PROPERTIES, "event");
  const records = calendars.flatMap((c) => [...store.itemsIn(c)]);
  return listPage(ctx, records, (r) => renderEvent(account, r, undefined, renderOpts(ctx, select ? { select } : {})), { defaultSize: 10, max: 1000, contextUrl: userContextUrl(ctx, "events") });
}

function calendarView(ctx: GraphRequestContext, calendar: ContainerRecord): GraphResponse {
  const account = requireAccount(ctx);
  const store = account.calendar.items;
  const [from, to] = windowOf(ctx);
  const select = parseSelect(ctx.query, EVENT_PROPERTIES, "event");
  const rows: Array<{ record: EventRecord; instance: EventInstance }> = [];
  for (const record of store.itemsIn(calendar)) for (const instance of instancesInWindow(record.data, from, to)) rows.push({ record, instance });
  rows.sort((a, b) => a.instance.start - b.instance.start);
  return listPage(ctx, rows, (row) => renderEvent(account, row.record, row.instance, renderOpts(ctx, select ? { select } : {})), { defaultSize: 10, max: 1000, contextUrl: userContextUrl(ctx, "calendarView") });
}

function instancesOf(ctx: GraphRequestContext, id: string): GraphResponse {
  const account = requireAccount(ctx);
  const found = findEvent(ctx, id);
  if (found.instance) throw badRequest("The event is not a series master.", "ErrorInvalidRequest");
  const [from, to] = windowOf(ctx);
  const rows = instancesInWindow(found.record.data, from, to);
  return listPage(ctx, rows, (instance) => renderEvent(account, found.record, instance, renderOpts(ctx)), { defaultSize: 10, max: 1000, contextUrl: userContextUrl(ctx, `events('${encodeURIComponent(id)}')/instances`) });
}

function viewDelta(ctx: GraphRequestContext, env: RouteEnv, calendar: ContainerRecord, linkPath: string): GraphResponse {
  const account = requireAccount(ctx);
  const cal = account.calendar;
  const store = cal.items;
  const hasToken = [...ctx.query.keys()].some((k) => /^\$(skip|delta)token$/i.test(k));
  const opts = renderOpts(ctx, { withType: true });
  const render = (entry: LogEntry<OutlookTombstone>, state: DeltaState): object[] => {
    const [fromIso = "", toIso = ""] = state.window ?? [];
    const from = Date.parse(fromIso);
    const to = Date.parse(toIso);
    const record = entry.removed ? undefined : store.bySerial(entry.key);
    const now: EventSeries | null = record ? record.data : null;
    const before: EventSeries | null = state.initial ? null : cal.seriesAt(entry.key, state.since);
    const masterId = entry.removed ? (ctx.prefer.immutableIds ? entry.removed.tombstone.immutableId : entry.removed.tombstone.restId) : record ? store.itemId(record, ctx.prefer.immutableIds) : "";
    const current = now ? instancesInWindow(now, from, to) : [];
    const previous = before ? instancesInWindow(before, from, to) : [];
    const idOf = (i: EventInstance): string => (i.type === "singleInstance" ? masterId : instanceId(masterId, i.originalStart));
    const out: object[] = [];
    if (record) for (const i of current) out.push(renderEvent(account, record, i, opts));
    const still = new Set(current.map(idOf));
    for (const i of previous) if (!still.has(idOf(i))) out.push({ "@odata.type": "#microsoft.graph.event", id: idOf(i), "@removed": { reason: "deleted" } });
    if (!state.initial && out.length === 0) {
      // Changed entirely outside the window: Graph still reports the event id as removed.
      out.push({ "@odata.type": "#microsoft.graph.event", id: masterId, "@removed": { reason: "deleted" } });
    }
    return out;
  };
  return runDeltaRequest<OutlookTombstone>({
    ctx,
    env: env.delta,
    scope: `calview:${calendar.serial}`,
    accountOid: account.account.oid,
    log: calendar.log,
    currentSeq: account.currentSeq(),
    linkBase: `${userLinkBase(ctx)}${linkPath}`,
    flavor: "outlook",
    contextUrl: `${serviceRoot(ctx)}/$metadata#Collection(event)`,
    defaultPageSize: 10,
    maxPageSize: 1000,
    firstRequest: () => {
      if (!hasToken) {
        for (const option of ["$select", "$expand", "$filter", "$orderby", "$search"]) {
          if (queryOption(ctx.query, option) !== undefined) throw badRequest(`The query parameter '${option}' is not supported with change tracking over the 'CalendarView' resource.`, "ErrorInvalidUrlQuery");
        }
      }
      const [from, to] = windowOf(ctx);
      return { window: [new Date(from).toISOString(), new Date(to).toISOString()] };
    },
    render,
  });
}

function eventsDelta(ctx: GraphRequestContext, env: RouteEnv, calendar: ContainerRecord, linkPath: string): GraphResponse {
  if (ctx.version !== "beta") throw badRequest("Parameter 'DeltaToken' not supported for this request.", "BadRequest");
  const account = requireAccount(ctx);
  const store = account.calendar.items;
  const opts = renderOpts(ctx, { withType: true, select: ["id", "type", "start", "end"] });
  return runDeltaRequest<OutlookTombstone>({
    ctx,
    env: env.delta,
    scope: `events:${calendar.serial}`,
    accountOid: account.account.oid,
    log: calendar.log,
    currentSeq: account.currentSeq(),
    linkBase: `${userLinkBase(ctx)}${linkPath}`,
    flavor: "outlook",
    contextUrl: `${serviceRoot(ctx)}/$metadata#Collection(event)`,
    defaultPageSize: 10,
    maxPageSize: 1000,
    firstRequest: () => ({}),
    render: (entry) => {
      if (entry.removed) {
        const t = entry.removed.tombstone;
        return [{ "@odata.type": "#microsoft.graph.event", id: ctx.prefer.immutableIds ? t.immutableId : t.restId, "@removed": { reason: entry.removed.reason } }];
      }
      const record = store.bySerial(entry.key);
      return record ? [renderEvent(account, record, undefined, opts)] : [];
    },
  });
}

export function calendarRoutes(env: RouteEnv): RouteDef[] {
  const r = (pattern: string, handler: RouteDef["handler"]): RouteDef => ({ method: "GET", pattern, scope: "user", workload: "outlook", scopes: SCOPES.calendarsRead, handler });
  const def = (ctx: GraphRequestContext): ContainerRecord => requireAccount(ctx).calendar.defaultCalendar;
  const calId = (ctx: GraphRequestContext, c: ContainerRecord): string => requireAccount(ctx).calendar.items.containerId(c.serial);
  return [
    r("/calendars", (ctx) => {
      const store = requireAccount(ctx).calendar.items;
      const select = parseSelect(ctx.query, CALENDAR_PROPERTIES, "calendar");
      const list = [...store.containers.values()];
      return listPage(ctx, list, (c) => {
        const rendered = renderCalendar(ctx, c);
        return select ? Object.fromEntries(Object.entries(rendered).filter(([k]) => k === "id" || select.includes(k))) : rendered;
      }, { defaultSize: 10, max: 1000, contextUrl: userContextUrl(ctx, "calendars") });
    }),
    r("/calendar", (ctx) => jsonResponse({ "@odata.context": userContextUrl(ctx, "calendars/$entity"), ...renderCalendar(ctx, def(ctx)) })),
    r("/calendars/{cal}", (ctx, p) => jsonResponse({ "@odata.context": userContextUrl(ctx, "calendars/$entity"), ...renderCalendar(ctx, calendarOr404(ctx, p.cal ?? "")) })),
    r("/events", (ctx) => listEvents(ctx, [def(ctx)])),
    r("/events/delta", (ctx) => eventsDelta(ctx, env, def(ctx), "/events/delta")),
    r("/events/{id}", (ctx, p) => getEvent(ctx, p.id ?? "")),
    r("/events/{id}/instances", (ctx, p) => instancesOf(ctx, p.id ?? "")),
    r("/calendar/events", (ctx) => listEvents(ctx, [def(ctx)])),
    r("/calendar/events/delta", (ctx) => eventsDelta(ctx, env, def(ctx), "/calendar/events/delta")),
    r("/calendar/events/{id}", (ctx, p) => getEvent(ctx, p.id ?? "")),
    r("/calendars/{cal}/events", (ctx, p) => listEvents(ctx, [calendarOr404(ctx, p.cal ?? "")])),
    r("/calendars/{cal}/events/delta", (ctx, p) => {
      const c = calendarOr404(ctx, p.cal ?? "");
      return eventsDelta(ctx, env, c, `/calendars('${calId(ctx, c)}')/events/delta`);
    }),
    r("/calendars/{cal}/events/{id}", (ctx, p) => getEvent(ctx, p.id ?? "")),
    r("/calendarView", (ctx) => calendarView(ctx, def(ctx))),
    r("/calendarView/delta", (ctx) => viewDelta(ctx, env, def(ctx), "/calendarView/delta")),
    r("/calendar/calendarView", (ctx) => calendarView(ctx, def(ctx))),
    r("/calendar/calendarView/delta", (ctx) => viewDelta(ctx, env, def(ctx), "/calendar/calendarView/delta")),
    r("/calendars/{cal}/calendarView", (ctx, p) => calendarView(ctx, calendarOr404(ctx, p.cal ?? ""))),
    r("/calendars/{cal}/calendarView/delta", (ctx, p) => {
      const c = calendarOr404(ctx, p.cal ?? "");
      return viewDelta(ctx, env, c, `/calendars('${calId(ctx, c)}')/calendarView/delta`);
    }),
  ];
}
