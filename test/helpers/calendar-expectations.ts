// Turns the Python reading of a calendar file into the comparable form the round-trip test checks:
// per UID, the list of instances a calendar app would show (recurrences expanded, EXDATEs removed,
// RECURRENCE-ID overrides applied), each with the fields Graph can hold, spelled one way. The same
// function reads the fixture and the exported file, so equivalent spellings (a series vs. split
// instances, TZID vs. UTC, CLASS absent vs. PUBLIC) compare equal and nothing else does.
//
// Projections (what "the same" means where iCalendar says more than Graph can hold; the losses they
// cause are listed per fixture by `lossesOf`, and the test requires each one to be allow-listed):
//   - times: instants (UTC); floating times are read in the mailbox zone, UTC in these tests;
//   - ATTENDEE: email, CN (the address when absent), role class (required / optional / resource),
//     PARTSTAT (ACCEPTED, DECLINED, TENTATIVE, else NEEDS-ACTION). RSVP is per event in Graph and is
//     not compared per attendee;
//   - VALARM: the first DISPLAY/AUDIO alarm as minutes before the start (none if after the start);
//   - CLASS: PUBLIC unless PRIVATE or CONFIDENTIAL; TRANSP: X-MICROSOFT-CDO-BUSYSTATUS, else FREE for
//     TRANSPARENT, else BUSY; PRIORITY: high (1-4) / normal / low (6-9), X-MICROSOFT-CDO-IMPORTANCE
//     first; STATUS: cancelled or not;
//   - DESCRIPTION: whitespace runs collapsed (HTML bodies re-flow lines);
//   - ATTACH: inline bodies by SHA-256.

import type { PyAlarm, PyAttendee, PyCalendarFile, PyEvent, PyTime } from "./pim-normalise.js";

const DAY_MS = 86_400_000;
/** Ten years of 366 days: the horizon up to which the emulator writes out endless series it expands. */
export const WINDOW_MS = 10 * 366 * DAY_MS;

export interface Instance {
  start: string;
  end: string;
  fromOverride: boolean;
  summary: string;
  description: string;
  location: string;
  cancelled: boolean;
  attendees: Array<{ email: string; cn: string; role: string; partstat: string }>;
  organizer: { email: string; cn: string } | null;
  reminderMinutes: number | null;
  categories: string[];
  class: string;
  showAs: string;
  importance: string;
  geo: string | null;
  attachments: string[];
}

/** "2017-10-09T18:30:00Z" or "2017-10-09" (dates stay dates: all-day is floating in Graph too). */
export function timeKey(t: PyTime): string {
  if (t.kind === "date") return t.value;
  if (t.kind === "floating") return `${t.value}Z`;
  return t.value;
}

function msOf(key: string): number {
  return Date.parse(key.length === 10 ? `${key}T00:00:00Z` : key);
}

function keyOfMs(ms: number, isDate: boolean): string {
  const iso = new Date(ms).toISOString();
  return isDate ? iso.slice(0, 10) : iso.replace(/\.\d{3}Z$/, "Z");
}

/** Same occurrence: equal instants, or equal dates; a DATE never names a DATE-TIME (RFC 5545 §3.8.4.4). */
export function sameSlot(a: string, b: string): boolean {
  return a === b;
}

function durationMs(e: PyEvent): number {
  if (!e.dtstart) return 0;
  const s = msOf(timeKey(e.dtstart));
  // An unreadable DTEND (libical's "19970701T10300Z") counts as absent, as for the emulator.
  if (e.dtend && e.dtend.kind !== "unknown" && (e.dtend.kind === "date") === (e.dtstart.kind === "date")) return Math.max(0, msOf(timeKey(e.dtend)) - s);
  if (e.duration_seconds !== null) {
    if (e.dtstart.kind === "date") return Math.max(1, Math.ceil(e.duration_seconds / 86400)) * DAY_MS;
    return e.duration_seconds * 1000;
  }
  return e.dtstart.kind === "date" ? DAY_MS : 0;
}

function attendee(a: PyAttendee): Instance["attendees"][number] {
  return {
    email: a.email,
    cn: a.cn ?? a.address,
    role: a.cutype === "RESOURCE" || a.cutype === "ROOM" ? "resource" : a.role === "OPT-PARTICIPANT" || a.role === "NON-PARTICIPANT" ? "optional" : "required",
    partstat: ["ACCEPTED", "DECLINED", "TENTATIVE"].includes(a.partstat) ? a.partstat : "NEEDS-ACTION",
  };
}

function chosenAlarm(alarms: PyAlarm[]): PyAlarm | undefined {
  return alarms.find((a) => (a.action === "DISPLAY" || a.action === "AUDIO" || a.action === "") && a.trigger !== null);
}

function reminderMinutes(e: PyEvent, startKey: string, endKey: string): number | null {
  const a = chosenAlarm(e.alarms);
  if (!a?.trigger) return null;
  let minutes: number;
  if (a.trigger.kind === "relative") {
    const before = -a.trigger.seconds / 60;
    minutes = a.trigger.related === "END" ? before - (msOf(endKey) - msOf(startKey)) / 60000 : before;
  } else {
    minutes = (msOf(startKey) - msOf(timeKey(a.trigger.at))) / 60000;
  }
  minutes = Math.round(minutes);
  return minutes >= 0 ? minutes : null;
}

function showAs(e: PyEvent): string {
  if (e.busystatus && ["FREE", "TENTATIVE", "BUSY", "OOF", "WORKINGELSEWHERE"].includes(e.busystatus)) return e.busystatus;
  return e.transp === "TRANSPARENT" ? "FREE" : "BUSY";
}

function importance(e: PyEvent): string {
  if (e.importance === "0") return "low";
  if (e.importance === "2") return "high";
  if (e.importance === "1") return "normal";
  if (e.priority !== null && e.priority >= 1 && e.priority <= 4) return "high";
  if (e.priority !== null && e.priority >= 6 && e.priority <= 9) return "low";
  return "normal";
}

export function collapse(s: string | null): string {
  return (s ?? "").replace(/\s+/g, " ").trim();
}

/** `reminder` is computed once per VEVENT: an absolute trigger belongs to its DTSTART, not to each occurrence. */
function instanceOf(e: PyEvent, start: string, end: string, fromOverride: boolean, reminder: number | null): Instance {
  return {
    start,
    end,
    fromOverride,
    summary: e.summary ?? "",
    description: collapse(e.description),
    location: (e.location ?? "").trim(),
    cancelled: e.status === "CANCELLED",
    attendees: e.attendees.map(attendee).sort((a, b) => a.email.localeCompare(b.email) || a.cn.localeCompare(b.cn)),
    organizer: e.organizer ? { email: e.organizer.email, cn: e.organizer.cn ?? e.organizer.address } : null,
    reminderMinutes: reminder,
    categories: e.categories,
    class: e.class === "PRIVATE" || e.class === "CONFIDENTIAL" ? e.class : "PUBLIC",
    showAs: showAs(e),
    importance: importance(e),
    geo: e.geo ? `${e.geo[0].toFixed(6)},${e.geo[1].toFixed(6)}` : null,
    attachments: e.attach.flatMap((a) => (a.binary ? [a.sha256] : [])),
  };
}

function overrideInstance(o: PyEvent): Instance {
  const os = timeKey(o.dtstart as PyTime);
  const oe = keyOfMs(msOf(os) + durationMs(o), os.length === 10);
  return instanceOf(o, os, oe, true, reminderMinutes(o, os, oe));
}

/**
 * The comparison window of a UID in the fixture: ten years from its first start, stretched to its
 * last override so that every override is compared (the emulator matches EXDATEs and overrides
 * that far too; python expands 11 years either way).
 */
export function windowEndOf(fixtureEvents: PyEvent[]): number {
  const starts = fixtureEvents.flatMap((e) => (e.dtstart ? [msOf(timeKey(e.dtstart))] : []));
  const overrides = fixtureEvents.flatMap((e) => (e.recurrence_id && e.dtstart ? [msOf(timeKey(e.dtstart)), msOf(timeKey(e.recurrence_id))] : []));
  return Math.max(Math.min(...starts) + WINDOW_MS, ...overrides.map((ms) => ms + 1));
}

/** The UID an exported event belongs to: split instances are "<UID>_R<start>". */
export function baseUid(uid: string): string {
  return uid.replace(/_R\d{8}(T\d{6}Z)?$/, "");
}

/**
 * The instances of one UID: master occurrences (or the master itself), overrides in place of the
 * occurrence they name, overrides that name none as instances of their own. Instances starting
 * at or after `windowEnd` are left out, except overrides (see `windowEndOf`).
 */
export function instancesOf(events: PyEvent[], windowEnd: number): Instance[] {
  const masters = events.filter((e) => e.recurrence_id === null && e.dtstart !== null);
  const overrides = events.filter((e) => e.recurrence_id !== null && e.dtstart !== null);
  const used = new Set<PyEvent>();
  const out: Instance[] = [];
  for (const m of masters) {
    const mStart = timeKey(m.dtstart as PyTime);
    const isDate = mStart.length === 10;
    const dur = durationMs(m);
    const slots = m.occurrences ? m.occurrences.map(timeKey) : [mStart];
    const reminder = reminderMinutes(m, mStart, keyOfMs(msOf(mStart) + dur, isDate));
    for (const slot of slots) {
      const o = overrides.find((x) => !used.has(x) && sameSlot(slot, timeKey(x.recurrence_id as PyTime)));
      if (o) {
        used.add(o);
        out.push(overrideInstance(o));
      } else if (msOf(slot) < windowEnd) {
        out.push(instanceOf(m, slot, keyOfMs(msOf(slot) + dur, isDate), false, reminder));
      }
    }
  }
  for (const o of overrides) if (!used.has(o)) out.push(overrideInstance(o));
  return out.sort((a, b) => msOf(a.start) - msOf(b.start) || JSON.stringify(a).localeCompare(JSON.stringify(b)));
}

/**
 * The calendar items an iTIP stream leaves (the rules the emulator documents in itip-merge.ts,
 * restated here on the Python reading): later PUBLISH/REQUEST replace an item unless their
 * SEQUENCE is lower, CANCEL marks it cancelled, ADD adds instances, replies change nothing.
 */
export function applyItipStream(file: PyCalendarFile): Array<PyEvent & { added?: boolean }> {
  const stored = new Map<string, PyEvent & { added?: boolean }>();
  const key = (e: PyEvent): string => `${e.uid ?? ""}\u0000${e.recurrence_id ? timeKey(e.recurrence_id) : ""}`;
  let n = 0;
  for (const cal of file.calendars) {
    const method = (cal.method ?? "").toUpperCase();
    for (const e of cal.vevents) {
      if (["REPLY", "COUNTER", "REFRESH", "DECLINECOUNTER"].includes(method)) continue;
      const k = key(e);
      const existing = stored.get(k);
      const stale = existing !== undefined && e.sequence < existing.sequence;
      if (method === "CANCEL") {
        if (existing && !stale) stored.set(k, { ...existing, status: "CANCELLED" });
        else if (!existing && e.recurrence_id && stored.has(`${e.uid ?? ""}\u0000`)) {
          stored.set(k, { ...e, status: "CANCELLED", dtstart: e.dtstart ?? e.recurrence_id });
        }
        continue;
      }
      if (method === "ADD" && !e.recurrence_id && stored.has(`${e.uid ?? ""}\u0000`)) {
        stored.set(`${k}\u0000add${n++}`, { ...e, added: true });
        continue;
      }
      if (stale) continue;
      stored.delete(k);
      stored.set(k, e);
    }
  }
  return [...stored.values()];
}

/** Everything a fixture event has that the Graph projection above drops, as loss codes. */
export const MAPPED_PROPERTIES = new Set([
  "UID", "SUMMARY", "DESCRIPTION", "X-ALT-DESC", "LOCATION", "DTSTART", "DTEND", "DURATION", "RRULE", "RDATE", "EXDATE",
  "RECURRENCE-ID", "ATTENDEE", "ORGANIZER", "CATEGORIES", "CLASS", "TRANSP", "X-MICROSOFT-CDO-BUSYSTATUS",
  "X-MICROSOFT-CDO-IMPORTANCE", "PRIORITY", "STATUS", "GEO", "ATTACH", "DTSTAMP", "CREATED", "LAST-MODIFIED",
  "X-MICROSOFT-DISALLOW-COUNTER", "X-APPLE-STRUCTURED-LOCATION",
]);

export function eventLosses(e: PyEvent): string[] {
  const out = new Set<string>();
  for (const p of e.properties) if (!MAPPED_PROPERTIES.has(p)) out.add(`property:${p}`);
  for (const p of e.duplicates) out.add(`property:duplicate-${p}`);
  if (e.recurrence_id && (e.rdates.length > 0 || e.rrules.length > 0)) out.add("recurrence-id:recurs");
  const chosen = chosenAlarm(e.alarms);
  if (e.alarms.length > (chosen ? 1 : 0)) out.add("valarm:extra");
  if (e.status === "TENTATIVE") out.add("status:tentative");
  if (e.class && !["PUBLIC", "PRIVATE", "CONFIDENTIAL"].includes(e.class)) out.add("class:x-name");
  if (e.priority !== null && ![0, 1, 5, 9].includes(e.priority) && e.importance === null) out.add("priority:granularity");
  const roles = new Set(e.attendees.map((a) => a.role));
  if (roles.has("CHAIR")) out.add("attendee:chair");
  if (roles.has("NON-PARTICIPANT")) out.add("attendee:non-participant");
  if (e.attendees.some((a) => !["ACCEPTED", "DECLINED", "TENTATIVE", "NEEDS-ACTION"].includes(a.partstat))) out.add("attendee:partstat");
  const given = e.attendees.filter((a) => a.rsvp_given).map((a) => a.rsvp);
  if (new Set(given).size > 1) out.add("attendee:rsvp-mixed");
  if (e.attach.some((a) => !a.binary)) out.add("attach:uri");
  if (e.dtstart?.kind === "floating") out.add("time:floating");
  if (e.range) out.add("recurrence-id:range");
  if (!e.uid) out.add("uid:missing");
  if (!e.dtstart) out.add("dtstart:missing");
  if (e.dtend?.kind === "unknown") out.add("dtend:invalid");
  return [...out];
}
