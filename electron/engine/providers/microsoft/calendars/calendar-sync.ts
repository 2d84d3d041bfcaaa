import type { CatalogEntry } from "../../../../../shared/archive-types.js";
import type { GraphEvent } from "../../../../../shared/graph-types.js";
import { graphDateTimeToUtcMs } from "../../../../../shared/graph-date-time.js";
import { graphEventsToIcs } from "../convert/graph-events-to-ics.js";
import { deltaRound } from "../delta-round.js";
import { GraphError } from "../graph/graph-error.js";
import { numberedName, numberOf } from "../item-names.js";
import type { KindContext, KindSync } from "../kind-sync.js";
import { orderedPrefetch } from "../ordered-prefetch.js";
import { listCalendars, type Calendar } from "./calendar-list.js";
import { deltaWindowAt, needsReanchor, type ViewWindow } from "./calendar-view-window.js";
import { withAttachments } from "./event-attachments.js";
import { readSeries } from "./series-reader.js";
import { parseStoredEvent, storedEventJson } from "./stored-event.js";

// Immutable ids for events: an event moved to another calendar keeps its id. Times come in UTC
// (no Prefer: outlook.timezone): instants are exact whatever the mailbox's zone, and the zones the
// converter writes TZIDs in stay in originalStartTimeZone and recurrence.range.recurrenceTimeZone.
const PREFER_IDS = 'IdType="ImmutableId"';
const PAGE_SIZE = 500;
const FETCHES_IN_FLIGHT = 4;
/** Enough to tell what changed when the delta round cannot say (see `unknownRemoved`). */
const LIGHT_SELECT = "id,changeKey,type,seriesMasterId";

export interface CalendarsCursor {
  v: 1;
  /** Per calendar id: the calendarView/delta link and the fixed window its round covers. */
  calendars: Record<string, { link: string; window: ViewWindow }>;
  /** Events and series whose change was seen but whose read failed: read by id next run. */
  retry: Array<{ id: string; calendarId: string }>;
}

type EventType = "singleInstance" | "seriesMaster" | "exception";
type DeltaEvent = GraphEvent & { "@removed"?: { reason?: string } };

interface Previous {
  entry: CatalogEntry;
  calendarId: string;
  changeKey: string;
  n?: number;
}

interface Held {
  id: string;
  calendarId: string;
  type: EventType;
  seriesMasterId?: string;
  /** New or changed in this run; absent when unchanged. */
  event?: GraphEvent;
}

function mtimeNsOf(ms: number): string | undefined {
  return Number.isFinite(ms) && ms > 0 ? (BigInt(ms) * 1_000_000n).toString() : undefined;
}

/** An event's start or end as an instant (all-day: its date), for search and display. */
function whenOf(e: GraphEvent, which: "start" | "end"): string {
  const t = e[which];
  if (!t) return "";
  if (e.isAllDay) return t.dateTime.slice(0, 10);
  try {
    return new Date(graphDateTimeToUtcMs(t)).toISOString().replace(/\.\d{3}Z$/, "Z");
  } catch {
    return t.dateTime;
  }
}

function metaOf(e: GraphEvent, cal: Calendar): NonNullable<CatalogEntry["meta"]> {
  return {
    subject: e.subject ?? "",
    start: whenOf(e, "start"),
    end: whenOf(e, "end"),
    calendar: cal.name,
    location: e.location?.displayName ?? "",
    organizer: e.organizer?.emailAddress?.address ?? "",
    type: e.type,
  };
}

/**
 * Calendars: every calendar as `calendars/<calendar>.ics` (graph-events-to-ics.ts) plus
 * `calendars/<calendar>/<n>-<subject>.json` per single event, series master and exception: the
 * Graph JSON, the source of truth (stored-event.ts; masters carry their deleted dates).
 *
 * Change detection is v1.0 calendarView/delta per calendar over a fixed window of just under five
 * years (calendar-view-window.ts), so a run with no changes costs one request per calendar plus the
 * calendar list. A changed series (any of its instances reported) is read again exactly: master,
 * then its instances over all its dates (series-reader.ts), which gives exceptions and deletions.
 * Events outside the window surface as `@removed` ids: a known id is read again (404: deleted); an
 * unknown one (a deleted occurrence, or an event added outside the window) makes the sync list that
 * calendar's masters and single events with their change keys, one light request per 1000 events,
 * and read what changed. A full round (first run, expired token, or a window that is due to move
 * on) lists the calendar's events whole, so events outside the window are backed up too; unchanged
 * ones (same change key) are not read again. A calendar's .ics is rebuilt only when one of its
 * events changed, from the stored JSON of the others.
 */
export class CalendarSync implements KindSync<CalendarsCursor> {
  readonly kind = "calendars";

  async run(ctx: KindContext, cursor: CalendarsCursor | undefined): Promise<CalendarsCursor> {
    const { graph, run } = ctx;
    const now = Date.now();
    const calendars = await listCalendars(graph);
    const calById = new Map(calendars.map((c) => [c.id, c]));

    const prevById = new Map<string, Previous>();
    const prevIcs = new Map<string, CatalogEntry>();
    const held = new Map<string, Held>();
    for (const e of ctx.previousEntries()) {
      const id = e.state?.id;
      if (typeof id !== "string") continue;
      if (e.kind === "calendar") {
        prevIcs.set(id, e);
        continue;
      }
      if (e.kind !== "event" || typeof e.state?.calendarId !== "string") continue;
      const type = String(e.state.type ?? "singleInstance") as EventType;
      prevById.set(id, { entry: e, calendarId: e.state.calendarId, changeKey: String(e.state.changeKey ?? ""), n: numberOf(e.path.slice(e.path.lastIndexOf("/") + 1)) });
      const seriesMasterId = typeof e.state.seriesMasterId === "string" ? e.state.seriesMasterId : undefined;
      held.set(id, { id, calendarId: e.state.calendarId, type, ...(seriesMasterId ? { seriesMasterId } : {}) });
    }

    const dirty = new Set<string>();
    const seriesQueue = new Map<string, { calendarId: string; master?: GraphEvent }>();
    const recheck = new Map<string, string>();
    const windows = new Map<string, ViewWindow>();
    const newCursor: CalendarsCursor = { v: 1, calendars: {}, retry: [] };

    const unchanged = (id: string, calendarId: string, changeKey: string | undefined): boolean => {
      const h = held.get(id);
      const p = prevById.get(id);
      return !!h && !h.event && h.calendarId === calendarId && !!p && p.calendarId === calendarId && p.changeKey !== "" && p.changeKey === changeKey;
    };
    const removeEvent = (id: string): void => {
      const h = held.get(id);
      if (!h) return;
      held.delete(id);
      dirty.add(h.calendarId);
      if (h.type === "seriesMaster") {
        for (const x of [...held.values()]) {
          if (x.seriesMasterId !== id) continue;
          held.delete(x.id);
          dirty.add(x.calendarId);
        }
      }
    };
    const takeSingle = (e: GraphEvent, calendarId: string): void => {
      if (unchanged(e.id, calendarId, e.changeKey)) return;
      const h = held.get(e.id);
      if (h?.type === "seriesMaster") removeEvent(e.id);
      else if (h) dirty.add(h.calendarId);
      held.set(e.id, { id: e.id, calendarId, type: "singleInstance", event: e });
      dirty.add(calendarId);
    };
    const queueSeries = (masterId: string, calendarId: string, master?: GraphEvent): void => {
      const q = seriesQueue.get(masterId);
      if (q) {
        if (master && !q.master) q.master = master;
        return;
      }
      seriesQueue.set(masterId, { calendarId, ...(master ? { master } : {}) });
    };

    // 1. One delta round per calendar.
    const listing = new Map<string, "whole" | "light">();
    const headers = { prefer: `${PREFER_IDS}, odata.maxpagesize=${PAGE_SIZE}` };
    for (const cal of calendars) {
      if (run.signal.aborted) throw new Error("interrupted");
      const state = cursor?.calendars[cal.id];
      const link = state && !needsReanchor(state.window, now) ? state.link : undefined;
      const fresh = deltaWindowAt(now);
      const q = `startDateTime=${fresh.start}&endDateTime=${fresh.end}`;
      // v1.0 documents calendarView/delta for the default calendar; the per-calendar form is the
      // same resource under /calendars/{id} (documented in beta, served by v1.0).
      const start = cal.isDefault ? `/me/calendarView/delta?${q}` : `/me/calendars/${encodeURIComponent(cal.id)}/calendarView/delta?${q}`;
      try {
        const round = await deltaRound<DeltaEvent>(graph, start, link, headers);
        const window = round.full ? fresh : state!.window;
        windows.set(cal.id, window);
        newCursor.calendars[cal.id] = { link: round.deltaLink, window };
        if (round.full) {
          // The whole calendar is listed below, events outside the window included.
          listing.set(cal.id, "whole");
          continue;
        }
        for (const item of round.items) {
          if (item["@removed"]) {
            const h = held.get(item.id);
            if (!h) listing.set(cal.id, listing.get(cal.id) ?? "light");
            else if (h.type === "exception" && h.seriesMasterId) queueSeries(h.seriesMasterId, h.calendarId);
            else {
              // A calendar the event was not in reporting it means it moved there (outside the
              // window); that report wins over the one from the calendar it left.
              const other = recheck.get(item.id);
              if (other === undefined || other === h.calendarId) recheck.set(item.id, cal.id);
            }
            continue;
          }
          if (item.type === "singleInstance") takeSingle(item, cal.id);
          else if (item.type === "seriesMaster") queueSeries(item.id, cal.id, item);
          else if (item.seriesMasterId) queueSeries(item.seriesMasterId, cal.id);
        }
      } catch (err) {
        if (run.signal.aborted || (err instanceof GraphError && err.status === 401)) throw err;
        // The calendar keeps its previous events and its old delta link.
        if (state) newCursor.calendars[cal.id] = state;
        windows.set(cal.id, state?.window ?? fresh);
        run.fail(`calendars/${cal.path}`, err);
      }
    }

    // 2. Listings: whole after a full round; light (ids and change keys) when the round named an
    // id this archive never had.
    for (const [calId, kind] of listing) {
      if (run.signal.aborted) throw new Error("interrupted");
      const cal = calById.get(calId)!;
      const listed = new Map<string, GraphEvent>();
      const url = `/me/calendars/${encodeURIComponent(calId)}/events?$top=${kind === "whole" ? 250 : 1000}${kind === "light" ? `&$select=${LIGHT_SELECT}` : ""}`;
      try {
        for await (const page of graph.pages<GraphEvent>(url, { headers: { prefer: PREFER_IDS } })) for (const e of page.value) if (e && typeof e.id === "string") listed.set(e.id, e);
      } catch (err) {
        if (run.signal.aborted || (err instanceof GraphError && err.status === 401)) throw err;
        // Without the listing the round's news is incomplete: the next run starts this calendar again.
        const state = cursor?.calendars[calId];
        if (state && kind === "light") newCursor.calendars[calId] = state;
        else delete newCursor.calendars[calId];
        run.fail(`calendars/${cal.path}`, err);
        continue;
      }
      // Missing from the listing: deleted, unless something else this run says where it went (a
      // move shows as a removal here and news elsewhere; those are settled below).
      for (const h of [...held.values()]) {
        if (h.calendarId === calId && h.type !== "exception" && !h.event && !listed.has(h.id) && !recheck.has(h.id) && !seriesQueue.has(h.id)) removeEvent(h.id);
      }
      for (const e of listed.values()) {
        if (unchanged(e.id, calId, e.changeKey)) continue;
        if (held.get(e.id)?.event) continue; // already taken from this run's round
        if (e.type === "seriesMaster") queueSeries(e.id, calId, kind === "whole" ? e : undefined);
        else if (kind === "whole") takeSingle(e, calId);
        else recheck.set(e.id, calId);
      }
    }

    // 3. Known events the rounds reported as removed (deleted, moved out of the window, or changed
    // outside it), and reads that failed in an earlier run.
    // A retried series is read again even if its master did not change since: the run that saw the
    // change may have stored the master and failed on one of its exceptions.
    const forced = new Set<string>();
    for (const r of cursor?.retry ?? []) {
      forced.add(r.id);
      if (calById.has(r.calendarId) && !recheck.has(r.id)) recheck.set(r.id, r.calendarId);
    }
    for (const [id, calId] of recheck) {
      if (run.signal.aborted) throw new Error("interrupted");
      if (held.get(id)?.event || seriesQueue.has(id)) continue;
      try {
        const e = await graph.json<GraphEvent>(`/me/events/${encodeURIComponent(id)}`, { headers: { prefer: PREFER_IDS } });
        if (e.type === "seriesMaster") queueSeries(e.id, calId, e);
        else if (e.type === "singleInstance") takeSingle(e, calId);
        else if (e.seriesMasterId) queueSeries(e.seriesMasterId, calId);
      } catch (err) {
        if (err instanceof GraphError && err.status === 404) {
          removeEvent(id);
          continue;
        }
        if (run.signal.aborted || (err instanceof GraphError && err.status === 401)) throw err;
        newCursor.retry.push({ id, calendarId: calId });
        run.fail(`calendars/${calById.get(calId)?.path ?? calId}/(event ${id.slice(0, 12)}…)`, err);
      }
    }

    // 4. Changed series, read exactly (a few at a time: a long series takes several requests).
    const reads = orderedPrefetch([...seriesQueue], FETCHES_IN_FLIGHT, async ([masterId, q]) => {
      const master = q.master ?? (await graph.json<GraphEvent>(`/me/events/${encodeURIComponent(masterId)}`, { headers: { prefer: PREFER_IDS } }));
      if (master.type !== "seriesMaster") return { master };
      // A replay, or instances re-reported without a change: the master's change key moves with
      // any change to the series (its exceptions and deletions are stored in the master item).
      if (!forced.has(masterId) && unchanged(masterId, q.calendarId, master.changeKey)) return { master, same: true };
      const window = windows.get(q.calendarId) ?? deltaWindowAt(now);
      return { master, series: await readSeries(graph, master, Date.parse(window.end)) };
    });
    for await (const r of reads) {
      if (run.signal.aborted) throw new Error("interrupted");
      const [masterId, q] = r.item;
      if (r.error !== undefined) {
        const err = r.error;
        if (err instanceof GraphError && err.status === 404) {
          removeEvent(masterId);
          continue;
        }
        if (err instanceof GraphError && err.status === 401) throw err;
        newCursor.retry.push({ id: masterId, calendarId: q.calendarId });
        run.fail(`calendars/${calById.get(q.calendarId)?.path ?? q.calendarId}/(series ${masterId.slice(0, 12)}…)`, err);
        continue;
      }
      const { master, series: s } = r.result!;
      if (master.type === "singleInstance") takeSingle(master, q.calendarId);
      if (!s) continue;
      const before = held.get(masterId);
      if (before && before.calendarId !== q.calendarId) dirty.add(before.calendarId);
      const keep = new Set(s.exceptions.map((x) => x.id));
      for (const x of [...held.values()]) {
        if (x.seriesMasterId !== masterId || keep.has(x.id)) continue;
        held.delete(x.id);
        dirty.add(x.calendarId);
      }
      held.set(masterId, { id: masterId, calendarId: q.calendarId, type: "seriesMaster", event: s.master });
      for (const x of s.exceptions) held.set(x.id, { id: x.id, calendarId: q.calendarId, type: "exception", seriesMasterId: masterId, event: x });
      dirty.add(q.calendarId);
    }

    // Events of calendars that are gone are gone.
    for (const h of [...held.values()]) if (!calById.has(h.calendarId)) held.delete(h.id);

    // 5. Numbers (stable while an event stays in its calendar), then the event files.
    const nextN = new Map<string, number>();
    for (const p of prevById.values()) if (p.n !== undefined) nextN.set(p.calendarId, Math.max(nextN.get(p.calendarId) ?? 0, p.n));
    type Item = { h: Held; cal: Calendar; base: string; n: number; prev?: Previous };
    const items: Item[] = [];
    for (const h of held.values()) {
      const cal = calById.get(h.calendarId)!;
      const prev = prevById.get(h.id);
      let n = prev?.calendarId === h.calendarId ? prev.n : undefined;
      if (n === undefined) {
        n = (nextN.get(h.calendarId) ?? 0) + 1;
        nextN.set(h.calendarId, n);
      }
      const subject = h.event ? (h.event.subject ?? "") : String(prev?.entry.meta?.subject ?? "");
      items.push({ h, cal, base: `calendars/${cal.path}/${numberedName(n, subject, "(no subject)")}`, n, prev });
    }
    items.sort((a, b) => (a.cal.path < b.cal.path ? -1 : a.cal.path > b.cal.path ? 1 : a.n - b.n));
    const changed = items.filter((i) => i.h.event);
    ctx.plan(changed.length + dirty.size, 0);

    const fresh = new Map<string, GraphEvent>();
    const failed = new Set<string>();
    // Single events that say they have attachments get them now (series got theirs when read).
    const ready = orderedPrefetch(changed, FETCHES_IN_FLIGHT, (i) => (i.h.event!.attachments ? Promise.resolve(i.h.event!) : withAttachments(graph, i.h.event!)));
    for await (const r of ready) {
      if (run.signal.aborted) throw new Error("interrupted");
      const { h, cal, base, prev } = r.item;
      if (r.error !== undefined) {
        if (r.error instanceof GraphError && r.error.status === 401) throw r.error;
        failed.add(h.id);
        newCursor.retry.push({ id: h.type === "exception" && h.seriesMasterId ? h.seriesMasterId : h.id, calendarId: h.calendarId });
        if (!prev || prev.entry.path === `${base}.json`) run.fail(`${base}.json`, r.error);
        else {
          run.reuse({ ...prev.entry, path: `${base}.json` });
          run.fail(`calendars/${cal.path}/(event ${h.id.slice(0, 12)}…)`, r.error);
        }
        continue;
      }
      const e = r.result!;
      fresh.set(h.id, e);
      const state: NonNullable<CatalogEntry["state"]> = { id: h.id, calendarId: h.calendarId, type: h.type, changeKey: e.changeKey ?? "" };
      if (h.seriesMasterId) state.seriesMasterId = h.seriesMasterId;
      await run.addItem({ path: `${base}.json`, type: "file", kind: "event", mtimeNs: mtimeNsOf(Date.parse(e.lastModifiedDateTime ?? "")), meta: metaOf(e, cal), state }, storedEventJson(e));
    }
    for (const i of items) {
      if (i.h.event || !i.prev) continue;
      run.reuse({ ...i.prev.entry, path: `${i.base}.json`, meta: { ...(i.prev.entry.meta ?? {}), calendar: i.cal.name } });
    }

    // 6. Calendar files: rebuilt when an event came, went or changed, or the calendar was renamed
    // (its name is inside the file); else kept under the calendar's current path.
    for (const cal of calendars) {
      if (run.signal.aborted) throw new Error("interrupted");
      const path = `calendars/${cal.path}.ics`;
      const old = prevIcs.get(cal.id);
      if (old && !dirty.has(cal.id) && old.meta?.name === cal.name) {
        if (old.path === path) run.reuse(old);
        else run.reuse({ ...old, path });
        continue;
      }
      try {
        const events: GraphEvent[] = [];
        let newest = 0;
        for (const i of items) {
          if (i.h.calendarId !== cal.id) continue;
          let e = fresh.get(i.h.id);
          if (!e && i.prev && (!i.h.event || failed.has(i.h.id))) e = parseStoredEvent(await run.readPrevious(i.prev.entry));
          if (!e) continue;
          events.push(e);
          newest = Math.max(newest, Date.parse(e.lastModifiedDateTime ?? "") || 0);
        }
        await run.addItem(
          { path, type: "file", kind: "calendar", mtimeNs: mtimeNsOf(newest), meta: { name: cal.name, events: events.length }, state: { id: cal.id } },
          Buffer.from(graphEventsToIcs({ name: cal.name, id: cal.id }, events)),
        );
      } catch (err) {
        if (run.signal.aborted) throw err;
        run.fail(path, err);
      }
    }
    return newCursor;
  }
}
