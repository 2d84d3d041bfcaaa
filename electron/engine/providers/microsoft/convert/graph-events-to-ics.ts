// One calendar's Graph events as an iCalendar file (RFC 5545), built with ical.js. The Graph JSON
// stays the source of truth in the archive; this file is the portable copy a person can open
// anywhere, so it favours standard properties and adds Microsoft's own X- properties only where a
// restore needs them.
//
// Input: the calendar's series masters and single instances, plus its exceptions (type
// "exception", from /instances or calendarView, or beta exceptionOccurrences). Deleted occurrences
// come from a master's beta cancelledOccurrences; without them, from the pattern dates that no
// given occurrence/exception covers, up to the last instance given (so pass a series' instances
// over its whole range, or none).
//
// Mapping (Graph -> iCalendar):
//   iCalUId -> UID (exceptions use their master's, as RECURRENCE-ID requires); id, changeKey,
//   seriesMasterId -> X-MICROSOFT-GRAPH-*; subject -> SUMMARY; body -> DESCRIPTION (plain text; HTML
//   bodies also kept whole in X-ALT-DESC;FMTTYPE=text/html, as Outlook exports them);
//   start/end -> DTSTART/DTEND with TZID = the IANA zone of originalStart/EndTimeZone (of
//   recurrenceTimeZone for series, so the RRULE is evaluated in the zone Outlook evaluates it in) and
//   a VTIMEZONE per zone from vtimezone-from-intl.ts; UTC and unknown ("tzone://Microsoft/Custom")
//   zones are written in UTC; all-day -> VALUE=DATE; recurrence -> RRULE; cancelledOccurrences ->
//   EXDATE; exceptions -> VEVENTs with RECURRENCE-ID = originalStart; attendees -> ATTENDEE with
//   CN, ROLE, PARTSTAT, RSVP (CUTYPE=RESOURCE for resources); organizer -> ORGANIZER; reminder ->
//   one DISPLAY VALARM; categories -> CATEGORIES; sensitivity -> CLASS; showAs -> TRANSP and
//   X-MICROSOFT-CDO-BUSYSTATUS; importance -> PRIORITY and X-MICROSOFT-CDO-IMPORTANCE; isCancelled ->
//   STATUS:CANCELLED; location -> LOCATION and GEO; file attachments (when expanded) -> ATTACH.

import ICAL from "ical.js";

import type { Attendee, GraphEvent, ResponseType } from "../../../../../shared/graph-types.js";
import { graphDateTimeToUtcMs, ianaForGraphZone } from "../../../../../shared/graph-date-time.js";
import { formatLocalDate, localToUtc, parseLocalIso, utcToLocal, type LocalDateTime } from "../../../../../shared/zone-offsets.js";
import { refold } from "./content-line-folding.js";
import { graphRecurrenceToRrule } from "./graph-recurrence-to-rrule.js";
import { htmlToText } from "./html-to-text.js";
import { vtimezoneFromIntl } from "./vtimezone-from-intl.js";

export const LIFEBOAT_PRODID = "-//Lifeboat//Lifeboat Microsoft Graph export//EN";

/** How a time is written: in an IANA zone (with VTIMEZONE), in UTC, or as a DATE. */
type TimeForm = { kind: "date" } | { kind: "utc" } | { kind: "zone"; iana: string };

const PARTSTAT: Record<ResponseType, string> = {
  none: "NEEDS-ACTION",
  notResponded: "NEEDS-ACTION",
  organizer: "ACCEPTED",
  accepted: "ACCEPTED",
  declined: "DECLINED",
  tentativelyAccepted: "TENTATIVE",
};

const BUSY: Record<string, string> = { free: "FREE", tentative: "TENTATIVE", busy: "BUSY", oof: "OOF", workingElsewhere: "WORKINGELSEWHERE" };

function formOf(zoneName: string | undefined, fallback: string | undefined, isAllDay: boolean): TimeForm {
  if (isAllDay) return { kind: "date" };
  const iana = ianaForGraphZone(zoneName) ?? ianaForGraphZone(fallback);
  if (!iana || iana === "UTC") return { kind: "utc" };
  return { kind: "zone", iana };
}

function timeValue(utcMs: number, form: TimeForm): ICAL.Time {
  if (form.kind === "date") {
    const d = new Date(utcMs);
    return ICAL.Time.fromData({ year: d.getUTCFullYear(), month: d.getUTCMonth() + 1, day: d.getUTCDate(), isDate: true });
  }
  if (form.kind === "utc") return ICAL.Time.fromJSDate(new Date(utcMs), true);
  const l = utcToLocal(form.iana, utcMs);
  return ICAL.Time.fromData({ ...l, isDate: false });
}

function addTime(c: ICAL.Component, name: string, utcMs: number, form: TimeForm): void {
  const p = new ICAL.Property(name);
  if (form.kind === "zone") p.setParameter("tzid", form.iana);
  if (form.kind === "date") p.resetType("date");
  p.setValue(timeValue(utcMs, form));
  c.addProperty(p);
}

/** The instant of an all-day value: its calendar date at midnight UTC (all-day times are floating). */
function allDayMs(dateTime: string): number {
  const t = parseLocalIso(dateTime);
  return Date.UTC(t.year, t.month - 1, t.day);
}

function startMs(e: GraphEvent): number {
  return e.isAllDay ? allDayMs(e.start.dateTime) : graphDateTimeToUtcMs(e.start);
}

function endMs(e: GraphEvent): number {
  return e.isAllDay ? allDayMs(e.end.dateTime) : graphDateTimeToUtcMs(e.end);
}

/**
 * ical.js escapes LF in TEXT but writes CR as is, which every reader takes for a line end; Outlook
 * bodies are CRLF, so line ends become LF before they are escaped.
 */
function lf(value: string): string {
  return value.replace(/\r\n?/g, "\n");
}

function text(c: ICAL.Component, name: string, value: string | undefined | null): void {
  if (value === undefined || value === null || value.length === 0) return;
  const p = new ICAL.Property(name);
  // X- properties default to an unescaped type in ical.js; these values are TEXT.
  p.resetType("text");
  p.setValue(lf(value));
  c.addProperty(p);
}

function parseUtc(s: string | undefined): number | undefined {
  if (!s) return undefined;
  const ms = Date.parse(/Z$|[+-]\d{2}:\d{2}$/.test(s) ? s : `${s}Z`);
  return Number.isFinite(ms) ? ms : undefined;
}

function attendeeProperty(a: Attendee, rsvp: boolean): ICAL.Property {
  const p = new ICAL.Property("attendee");
  const address = a.emailAddress.address ?? "";
  if (a.emailAddress.name) p.setParameter("cn", a.emailAddress.name);
  if (a.type === "resource") {
    p.setParameter("cutype", "RESOURCE");
    p.setParameter("role", "NON-PARTICIPANT");
  } else {
    p.setParameter("role", a.type === "optional" ? "OPT-PARTICIPANT" : "REQ-PARTICIPANT");
  }
  p.setParameter("partstat", PARTSTAT[a.status?.response ?? "none"] ?? "NEEDS-ACTION");
  p.setParameter("rsvp", rsvp ? "TRUE" : "FALSE");
  p.setValue(`mailto:${address}`);
  return p;
}

/** Zones used, with the years each needs a definition for. */
class ZoneUse {
  private readonly years = new Map<string, { from: number; to: number }>();
  add(form: TimeForm, utcMs: number, untilYear?: number): void {
    if (form.kind !== "zone") return;
    const y = new Date(utcMs).getUTCFullYear();
    const cur = this.years.get(form.iana) ?? { from: y, to: y };
    cur.from = Math.min(cur.from, y - 1);
    cur.to = Math.max(cur.to, y + 1, untilYear ?? y);
    this.years.set(form.iana, cur);
  }
  components(): ICAL.Component[] {
    return [...this.years.entries()].sort(([a], [b]) => a.localeCompare(b)).map(([iana, r]) => vtimezoneFromIntl(iana, r.from, r.to));
  }
}

/** Endless series get rules up to here, so the VTIMEZONE ends with the rules tzdata still applies. */
const ENDLESS_UNTIL_YEAR = 2037;

export function graphEventsToIcs(calendar: { name: string; id: string }, events: GraphEvent[]): string {
  const vcal = new ICAL.Component("vcalendar");
  vcal.addPropertyWithValue("version", "2.0");
  vcal.addPropertyWithValue("prodid", LIFEBOAT_PRODID);
  vcal.addPropertyWithValue("calscale", "GREGORIAN");
  text(vcal, "x-wr-calname", calendar.name);
  text(vcal, "x-microsoft-graph-calendar-id", calendar.id);

  const masters = new Map<string, GraphEvent>();
  for (const e of events) if (e.type === "seriesMaster") masters.set(e.id, e);
  const instancesOf = new Map<string, GraphEvent[]>();
  for (const e of events) {
    if ((e.type === "occurrence" || e.type === "exception") && e.seriesMasterId) {
      const list = instancesOf.get(e.seriesMasterId) ?? [];
      list.push(e);
      instancesOf.set(e.seriesMasterId, list);
    }
  }
  const zones = new ZoneUse();
  const vevents: ICAL.Component[] = [];
  for (const e of events) {
    if (e.type === "occurrence" && e.seriesMasterId && masters.has(e.seriesMasterId)) continue; // the master's RRULE makes it
    const master = e.seriesMasterId ? masters.get(e.seriesMasterId) : undefined;
    if (e.type === "exception" || e.type === "occurrence") {
      if (master && e.type === "exception") vevents.push(exceptionComponent(e, master, zones));
      else if (!master) vevents.push(eventComponent(e, zones, e.iCalUId ?? e.id, undefined));
      continue;
    }
    vevents.push(eventComponent(e, zones, e.iCalUId ?? e.id, e.type === "seriesMaster" ? instancesOf.get(e.id) ?? [] : undefined));
  }
  for (const tz of zones.components()) vcal.addSubcomponent(tz);
  for (const v of vevents) vcal.addSubcomponent(v);
  return refold(vcal.toString());
}

/** The form a series' times are written in: its recurrence zone, so RRULE expands like Outlook. */
function seriesForm(master: GraphEvent): TimeForm {
  return formOf(master.recurrence?.range.recurrenceTimeZone, master.originalStartTimeZone ?? master.start.timeZone, master.isAllDay);
}

function eventComponent(e: GraphEvent, zones: ZoneUse, uid: string, instances: GraphEvent[] | undefined): ICAL.Component {
  const v = new ICAL.Component("vevent");
  v.addPropertyWithValue("uid", uid);
  const s = startMs(e);
  const en = endMs(e);
  const startForm = e.type === "seriesMaster" ? seriesForm(e) : formOf(e.originalStartTimeZone, e.start.timeZone, e.isAllDay);
  const endForm = e.type === "seriesMaster" ? startForm : formOf(e.originalEndTimeZone ?? e.originalStartTimeZone, e.end.timeZone, e.isAllDay);
  let untilYear: number | undefined;
  if (e.recurrence) {
    const r = e.recurrence.range;
    untilYear = r.type === "noEnd" ? ENDLESS_UNTIL_YEAR : r.type === "endDate" ? parseLocalIso(r.endDate).year : new Date(s).getUTCFullYear() + Math.ceil(r.numberOfOccurrences / 12) + 1;
  }
  zones.add(startForm, s, untilYear);
  zones.add(endForm, en);
  stamps(v, e);
  addTime(v, "dtstart", s, startForm);
  addTime(v, "dtend", en, endForm);
  if (e.recurrence) {
    const parts = graphRecurrenceToRrule(e.recurrence);
    let rule = parts.rule;
    if (parts.count !== undefined) rule += `;COUNT=${parts.count}`;
    if (parts.endDate !== undefined) rule += `;UNTIL=${untilValue(parts.endDate, s, startForm)}`;
    v.addPropertyWithValue("rrule", ICAL.Recur.fromString(rule));
    for (const ex of exdatesOf(e, instances ?? [], startForm, s)) {
      addTime(v, "exdate", ex, startForm);
      zones.add(startForm, ex);
    }
  }
  describe(v, e);
  return v;
}

function exceptionComponent(e: GraphEvent, master: GraphEvent, zones: ZoneUse): ICAL.Component {
  const v = new ICAL.Component("vevent");
  v.addPropertyWithValue("uid", master.iCalUId ?? master.id);
  const form = seriesForm(master);
  const original = e.originalStart ? parseUtc(e.originalStart) : undefined;
  const rid = original ?? startMs(e);
  const s = startMs(e);
  const en = endMs(e);
  const startForm = formOf(e.originalStartTimeZone ?? master.originalStartTimeZone, e.start.timeZone, e.isAllDay);
  const endForm = formOf(e.originalEndTimeZone ?? e.originalStartTimeZone, e.end.timeZone, e.isAllDay);
  zones.add(form, rid);
  zones.add(startForm, s);
  zones.add(endForm, en);
  addTime(v, "recurrence-id", master.isAllDay ? allDayMs(new Date(rid).toISOString()) : rid, form);
  stamps(v, e);
  addTime(v, "dtstart", s, startForm);
  addTime(v, "dtend", en, endForm);
  text(v, "x-microsoft-graph-seriesmasterid", master.id);
  if (e.iCalUId && e.iCalUId !== master.iCalUId) text(v, "x-microsoft-graph-icaluid", e.iCalUId);
  describe(v, e);
  return v;
}

/** UNTIL for an inclusive end date: the series' start time on that date (UTC), or the DATE itself. */
function untilValue(endDate: string, seriesStartMs: number, form: TimeForm): string {
  const d = parseLocalIso(endDate);
  if (form.kind === "date") return formatLocalDate(d).replace(/-/g, "");
  const iana = form.kind === "zone" ? form.iana : "UTC";
  const t = utcToLocal(iana, seriesStartMs);
  const local: LocalDateTime = { ...t, year: d.year, month: d.month, day: d.day };
  return new Date(localToUtc(iana, local)).toISOString().replace(/[-:]/g, "").replace(/\.\d{3}Z$/, "Z");
}

/** Deleted occurrences: beta cancelledOccurrences, else pattern dates no given instance covers. */
function exdatesOf(master: GraphEvent, instances: GraphEvent[], form: TimeForm, seriesStart: number): number[] {
  const iana = form.kind === "zone" ? form.iana : "UTC";
  const onDate = (date: string): number => {
    const d = parseLocalIso(date);
    if (form.kind === "date") return Date.UTC(d.year, d.month - 1, d.day);
    const t = utcToLocal(iana, seriesStart);
    return localToUtc(iana, { ...t, year: d.year, month: d.month, day: d.day });
  };
  if (master.cancelledOccurrences) {
    return master.cancelledOccurrences.flatMap((oid) => {
      const m = /\.(\d{4}-\d{2}-\d{2})$/.exec(oid);
      return m?.[1] ? [onDate(m[1])] : [];
    });
  }
  if (instances.length === 0) return [];
  // v1.0 only: every pattern date up to the last instance seen that has no instance was deleted.
  const covered = new Set(instances.map((i) => {
    const ms = i.originalStart ? parseUtc(i.originalStart) : undefined;
    return ms === undefined ? "" : formatLocalDate(form.kind === "date" ? utcToLocal("UTC", ms) : utcToLocal(iana, ms));
  }));
  const last = [...covered].sort().pop() ?? "";
  return patternDates(master, last).filter((d) => !covered.has(d)).map(onDate);
}

/** Pattern dates of a series up to `lastDate` ("yyyy-mm-dd"), by walking the RRULE with ical.js. */
function patternDates(master: GraphEvent, lastDate: string): string[] {
  if (!master.recurrence) return [];
  const parts = graphRecurrenceToRrule(master.recurrence);
  const rule = ICAL.Recur.fromString(parts.count !== undefined ? `${parts.rule};COUNT=${parts.count}` : parts.rule);
  const start = parseLocalIso(master.recurrence.range.startDate);
  const it = rule.iterator(ICAL.Time.fromData({ year: start.year, month: start.month, day: start.day, isDate: true }));
  const out: string[] = [];
  for (let i = 0; i < 100_000; i++) {
    const n = it.next();
    if (!n) break;
    const d = formatLocalDate(n);
    if (d > lastDate || (parts.endDate !== undefined && d > parts.endDate)) break;
    out.push(d);
  }
  return out;
}

function stamps(v: ICAL.Component, e: GraphEvent): void {
  const modified = parseUtc(e.lastModifiedDateTime) ?? parseUtc(e.createdDateTime) ?? 0;
  v.addPropertyWithValue("dtstamp", ICAL.Time.fromJSDate(new Date(modified), true));
  const created = parseUtc(e.createdDateTime);
  if (created !== undefined) v.addPropertyWithValue("created", ICAL.Time.fromJSDate(new Date(created), true));
  if (e.lastModifiedDateTime) v.addPropertyWithValue("last-modified", ICAL.Time.fromJSDate(new Date(modified), true));
}

/** Everything but identity and times. */
function describe(v: ICAL.Component, e: GraphEvent): void {
  text(v, "summary", e.subject);
  const body = e.body?.content ?? "";
  if (e.body?.contentType === "html") {
    text(v, "description", htmlToText(body));
    if (body.length > 0) {
      const p = new ICAL.Property("x-alt-desc");
      p.setParameter("fmttype", "text/html");
      // Unknown to ical.js, so it would be written unescaped; it is TEXT (newlines must be \n).
      p.resetType("text");
      p.setValue(lf(body));
      v.addProperty(p);
    }
  } else {
    text(v, "description", body);
  }
  text(v, "location", e.location?.displayName);
  const c = e.location?.coordinates;
  if (c && typeof c.latitude === "number" && typeof c.longitude === "number") v.addPropertyWithValue("geo", [c.latitude, c.longitude]);
  if (e.organizer?.emailAddress.address) {
    const p = new ICAL.Property("organizer");
    if (e.organizer.emailAddress.name) p.setParameter("cn", e.organizer.emailAddress.name);
    p.setValue(`mailto:${e.organizer.emailAddress.address}`);
    v.addProperty(p);
  }
  for (const a of e.attendees ?? []) v.addProperty(attendeeProperty(a, e.responseRequested !== false));
  if (e.categories?.length) {
    const p = new ICAL.Property("categories");
    p.setValues(e.categories.map(lf));
    v.addProperty(p);
  }
  v.addPropertyWithValue("class", e.sensitivity === "private" || e.sensitivity === "personal" ? "PRIVATE" : e.sensitivity === "confidential" ? "CONFIDENTIAL" : "PUBLIC");
  v.addPropertyWithValue("transp", e.showAs === "free" ? "TRANSPARENT" : "OPAQUE");
  const busy = BUSY[e.showAs];
  if (busy) v.addPropertyWithValue("x-microsoft-cdo-busystatus", busy);
  v.addPropertyWithValue("priority", e.importance === "high" ? 1 : e.importance === "low" ? 9 : 5);
  v.addPropertyWithValue("x-microsoft-cdo-importance", e.importance === "high" ? "2" : e.importance === "low" ? "0" : "1");
  if (e.isCancelled) v.addPropertyWithValue("status", "CANCELLED");
  if (e.allowNewTimeProposals === false) v.addPropertyWithValue("x-microsoft-disallow-counter", "TRUE");
  text(v, "x-microsoft-graph-id", e.id);
  text(v, "x-microsoft-graph-changekey", e.changeKey);
  for (const a of e.attachments ?? []) {
    if (a["@odata.type"] !== "#microsoft.graph.fileAttachment" || typeof a.contentBytes !== "string") continue;
    const p = new ICAL.Property("attach");
    p.setParameter("fmttype", a.contentType || "application/octet-stream");
    p.setParameter("encoding", "BASE64");
    p.setParameter("x-filename", a.name);
    p.resetType("binary");
    p.setValue(a.contentBytes);
    v.addProperty(p);
  }
  if (e.isReminderOn) {
    const alarm = new ICAL.Component("valarm");
    alarm.addPropertyWithValue("action", "DISPLAY");
    alarm.addPropertyWithValue("description", "Reminder");
    const trigger = new ICAL.Property("trigger");
    trigger.setValue(ICAL.Duration.fromSeconds(-Math.max(0, e.reminderMinutesBeforeStart) * 60));
    alarm.addProperty(trigger);
    v.addSubcomponent(alarm);
  }
}
