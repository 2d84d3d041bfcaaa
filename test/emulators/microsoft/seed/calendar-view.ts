// calendarView: the instances of a calendar in a time window, as GET /me/calendarView returns them
// (single instances, occurrences of series, exceptions), and the beta series-master expansions
// exceptionOccurrences and cancelledOccurrences.
//
// Occurrences are not stored; they are made from the master on each request, with ids derived
// from the master id and the original start (Graph's occurrence ids likewise embed the master's id
// and the instance date, so they are stable across requests). An occurrence is the master with
// type "occurrence", seriesMasterId, originalStart, its own start/end, and no recurrence.

import type { GraphEvent } from "../../../../shared/graph-types.js";
import { formatGraphLocal, formatUtcOffset, graphDateTimeToUtcMs, ianaForGraphZone } from "../../../../shared/graph-date-time.js";
import { formatLocalDate, localToUtc, parseLocalIso, utcToLocal } from "../../../../shared/zone-offsets.js";
import { expandRecurrenceDates } from "./graph-recurrence-expand.js";

/** The id of the occurrence of `masterId` originally starting at `originalStartMs`. */
export function occurrenceEventId(masterId: string, originalStartMs: number): string {
  return `${masterId}_OCC${new Date(originalStartMs).toISOString().replace(/[-:]/g, "").replace(/\.\d{3}Z$/, "Z")}`;
}

/** Beta occurrenceId: "OID.{masterId}.{yyyy-mm-dd}" with the date in the recurrence zone. */
export function occurrenceIdOf(masterId: string, localDate: string): string {
  return `OID.${masterId}.${localDate}`;
}

function startMs(e: GraphEvent): number {
  if (e.isAllDay) {
    const t = parseLocalIso(e.start.dateTime);
    return Date.UTC(t.year, t.month - 1, t.day);
  }
  return graphDateTimeToUtcMs(e.start);
}

function endMs(e: GraphEvent): number {
  if (e.isAllDay) {
    const t = parseLocalIso(e.end.dateTime);
    return Date.UTC(t.year, t.month - 1, t.day);
  }
  return graphDateTimeToUtcMs(e.end);
}

/** Dates ("yyyy-mm-dd") of a master's deleted occurrences (beta cancelledOccurrences). */
export function cancelledOccurrences(master: GraphEvent): string[] {
  return (master.cancelledOccurrences ?? []).flatMap((oid) => {
    const m = /\.(\d{4}-\d{2}-\d{2})$/.exec(oid);
    return m?.[1] ? [m[1]] : [];
  });
}

/** The exceptions of a series among `events` (beta exceptionOccurrences). */
export function exceptionOccurrences(master: GraphEvent, events: GraphEvent[]): GraphEvent[] {
  return events.filter((e) => e.type === "exception" && e.seriesMasterId === master.id);
}

/** Every occurrence of a series (deleted and replaced ones left out) starting before `untilMs`. */
export function seriesOccurrences(master: GraphEvent, events: GraphEvent[], untilMs: number): GraphEvent[] {
  const rec = master.recurrence;
  if (!rec) return [];
  const zone = ianaForGraphZone(rec.range.recurrenceTimeZone) ?? "UTC";
  const first = startMs(master);
  const duration = endMs(master) - first;
  const wall = utcToLocal(master.isAllDay ? "UTC" : zone, first);
  const cancelled = new Set(cancelledOccurrences(master));
  const replaced = new Set(exceptionOccurrences(master, events).map((x) => (x.originalStart ? Date.parse(x.originalStart) : NaN)));
  const last = new Date(untilMs + 86_400_000);
  const dates = expandRecurrenceDates(rec, { year: last.getUTCFullYear(), month: last.getUTCMonth() + 1, day: last.getUTCDate() });
  const out: GraphEvent[] = [];
  for (const d of dates) {
    const s = master.isAllDay ? Date.UTC(d.year, d.month - 1, d.day) : localToUtc(zone, { ...wall, year: d.year, month: d.month, day: d.day });
    if (s >= untilMs) break;
    const date = formatLocalDate(d);
    if (cancelled.has(date) || replaced.has(s)) continue;
    const asGraph = (ms: number) => (master.isAllDay
      ? { dateTime: formatGraphLocal(utcToLocal("UTC", ms)), timeZone: master.start.timeZone }
      : { dateTime: formatGraphLocal(utcToLocal("UTC", ms)), timeZone: "UTC" });
    const occurrence: GraphEvent = {
      ...master,
      id: occurrenceEventId(master.id, s),
      type: "occurrence",
      seriesMasterId: master.id,
      recurrence: null,
      originalStart: formatUtcOffset(s),
      occurrenceId: occurrenceIdOf(master.id, date),
      start: asGraph(s),
      end: asGraph(s + duration),
    };
    delete occurrence.cancelledOccurrences;
    out.push(occurrence);
  }
  return out;
}

/**
 * What GET /calendarView?startDateTime=start&endDateTime=end returns for a calendar holding
 * `events` (masters, single instances, exceptions): every instance overlapping [start, end),
 * ordered by start. Times are in UTC, as without a Prefer: outlook.timezone header.
 */
export function expandCalendarView(events: GraphEvent[], start: Date, end: Date): GraphEvent[] {
  const from = start.getTime();
  const to = end.getTime();
  const overlaps = (e: GraphEvent): boolean => {
    const s = startMs(e);
    const en = endMs(e);
    return s < to && (en > from || (en === s && s >= from));
  };
  const out: GraphEvent[] = [];
  for (const e of events) {
    if (e.type === "seriesMaster") out.push(...seriesOccurrences(e, events, to).filter(overlaps));
    else if (e.type === "singleInstance" || e.type === "exception") {
      if (overlaps(e)) out.push(e);
    }
  }
  return out.sort((a, b) => startMs(a) - startMs(b) || a.id.localeCompare(b.id));
}
