// Turns the demo's event descriptions into iCalendar text with ical.js (the library the project's
// calendar code uses): series with RRULE, moved occurrences as RECURRENCE-ID overrides in the same
// file, cancelled ones as EXDATE, attendees, reminders, and the VTIMEZONE of every TZID used.
import ICAL from "ical.js";

import { VTIMEZONES } from "./demo-timezones.js";

/** A wall-clock time; `tz` an IANA zone with a VTIMEZONE, "UTC", or "floating" (no zone). */
export interface When {
  y: number;
  mo: number;
  d: number;
  h?: number;
  mi?: number;
  tz?: string;
}

export interface Party {
  name: string;
  email: string;
}

export interface Attendee extends Party {
  partstat?: "ACCEPTED" | "DECLINED" | "TENTATIVE" | "NEEDS-ACTION";
  role?: "REQ-PARTICIPANT" | "OPT-PARTICIPANT" | "CHAIR";
}

export interface Occurrence {
  start: When;
  end: When;
  summary?: string;
  location?: string;
  description?: string;
}

export interface EventSpec extends Occurrence {
  uid: string;
  summary: string;
  /** Dates without a time (all-day): `end` is the day after the last day, as RFC 5545 says. */
  allDay?: boolean;
  rrule?: string;
  /** Cancelled occurrences (their original start). */
  exdates?: When[];
  /** Moved or edited occurrences, keyed by their original start. */
  overrides?: Array<Occurrence & { recurrenceId: When }>;
  organizer?: Party;
  attendees?: Attendee[];
  /** Reminder, minutes before the start. */
  alarmMinutes?: number;
  status?: "CONFIRMED" | "TENTATIVE" | "CANCELLED";
  categories?: string[];
  privacy?: "PUBLIC" | "PRIVATE";
  transparent?: boolean;
  created: Date;
  /** Defaults to `created`. */
  modified?: Date;
  url?: string;
}

/** Every calendar object the demo writes carries the same DTSTAMP: same bytes every run. */
const DTSTAMP = new Date(Date.UTC(2025, 10, 30, 12, 0, 0));

function time(w: When, allDay: boolean): ICAL.Time {
  const data = allDay ? { year: w.y, month: w.mo, day: w.d, isDate: true } : { year: w.y, month: w.mo, day: w.d, hour: w.h ?? 0, minute: w.mi ?? 0, second: 0 };
  return w.tz === "UTC" && !allDay ? ICAL.Time.fromData(data, ICAL.Timezone.utcTimezone) : ICAL.Time.fromData(data);
}

function timeProperty(name: string, w: When, allDay: boolean): ICAL.Property {
  const p = new ICAL.Property(name);
  p.setValue(time(w, allDay));
  if (!allDay && w.tz && w.tz !== "UTC" && w.tz !== "floating") p.setParameter("tzid", w.tz);
  return p;
}

function utc(d: Date): ICAL.Time {
  return ICAL.Time.fromJSDate(d, true);
}

function party(name: string, p: Party): ICAL.Property {
  const prop = new ICAL.Property(name);
  prop.setParameter("cn", p.name);
  prop.setValue(`mailto:${p.email}`);
  return prop;
}

function eventComponent(spec: EventSpec, occurrence: Occurrence, recurrenceId?: When, sequence = 0): ICAL.Component {
  const allDay = spec.allDay ?? false;
  const ev = new ICAL.Component("vevent");
  ev.addPropertyWithValue("uid", spec.uid);
  ev.addPropertyWithValue("dtstamp", utc(DTSTAMP));
  ev.addPropertyWithValue("created", utc(spec.created));
  ev.addPropertyWithValue("last-modified", utc(spec.modified ?? spec.created));
  if (sequence > 0) ev.addPropertyWithValue("sequence", sequence);
  if (recurrenceId) ev.addProperty(timeProperty("recurrence-id", recurrenceId, allDay));
  ev.addProperty(timeProperty("dtstart", occurrence.start, allDay));
  ev.addProperty(timeProperty("dtend", occurrence.end, allDay));
  ev.addPropertyWithValue("summary", occurrence.summary ?? spec.summary);
  const location = occurrence.location ?? spec.location;
  if (location) ev.addPropertyWithValue("location", location);
  const description = occurrence.description ?? spec.description;
  if (description) ev.addPropertyWithValue("description", description);
  if (!recurrenceId) {
    if (spec.rrule) ev.addPropertyWithValue("rrule", ICAL.Recur.fromString(spec.rrule));
    for (const ex of spec.exdates ?? []) ev.addProperty(timeProperty("exdate", ex, allDay));
  }
  if (spec.organizer) ev.addProperty(party("organizer", spec.organizer));
  for (const a of spec.attendees ?? []) {
    const prop = party("attendee", a);
    prop.setParameter("role", a.role ?? "REQ-PARTICIPANT");
    prop.setParameter("partstat", a.partstat ?? "NEEDS-ACTION");
    prop.setParameter("rsvp", a.partstat === undefined || a.partstat === "NEEDS-ACTION" ? "TRUE" : "FALSE");
    ev.addProperty(prop);
  }
  if (spec.status) ev.addPropertyWithValue("status", spec.status);
  if (spec.categories?.length) {
    const cat = new ICAL.Property("categories");
    cat.setValues(spec.categories);
    ev.addProperty(cat);
  }
  if (spec.privacy) ev.addPropertyWithValue("class", spec.privacy);
  ev.addPropertyWithValue("transp", spec.transparent || allDay ? "TRANSPARENT" : "OPAQUE");
  if (spec.url) ev.addPropertyWithValue("url", spec.url);
  if (spec.alarmMinutes !== undefined) {
    const alarm = new ICAL.Component("valarm");
    alarm.addPropertyWithValue("action", "DISPLAY");
    alarm.addPropertyWithValue("description", "Reminder");
    alarm.addPropertyWithValue("trigger", ICAL.Duration.fromSeconds(-spec.alarmMinutes * 60));
    ev.addSubcomponent(alarm);
  }
  return ev;
}

function zonesOf(spec: EventSpec): string[] {
  const whens: When[] = [spec.start, spec.end, ...(spec.exdates ?? []), ...(spec.overrides ?? []).flatMap((o) => [o.start, o.end, o.recurrenceId])];
  return spec.allDay ? [] : whens.map((w) => w.tz).filter((tz): tz is string => !!tz && tz !== "UTC" && tz !== "floating");
}

/** One VCALENDAR (CRLF, final CRLF) holding the events, each series followed by its overrides. */
export function buildCalendar(events: readonly EventSpec[], method?: "REQUEST" | "PUBLISH"): string {
  const cal = new ICAL.Component(["vcalendar", [], []]);
  cal.addPropertyWithValue("prodid", "-//Lifeboat//Demo account//EN");
  cal.addPropertyWithValue("version", "2.0");
  cal.addPropertyWithValue("calscale", "GREGORIAN");
  if (method) cal.addPropertyWithValue("method", method);
  const zones = [...new Set(events.flatMap(zonesOf))].sort();
  for (const tz of zones) {
    const text = VTIMEZONES[tz];
    if (!text) throw new Error(`no VTIMEZONE for ${tz}`);
    cal.addSubcomponent(new ICAL.Component(ICAL.parse(text) as unknown[]));
  }
  for (const spec of events) {
    cal.addSubcomponent(eventComponent(spec, spec));
    for (const o of spec.overrides ?? []) cal.addSubcomponent(eventComponent(spec, o, o.recurrenceId, 1));
  }
  return cal.toString() + "\r\n";
}
