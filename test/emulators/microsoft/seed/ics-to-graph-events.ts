// Seeds the Graph emulator's calendars from .ics files: the Graph `event` resources Outlook would
// hold after importing the file, as v1.0 returns them without a Prefer: outlook.timezone header
// (start/end in UTC, zones named the Windows way in originalStartTimeZone and recurrenceTimeZone).
//
// What Outlook cannot hold, and what the seed does instead (each case is reported in `notes`):
//   - one RRULE that an Outlook pattern expresses exactly (checked by expanding both for the whole
//     series, or 10 years of an endless one) -> a seriesMaster with `recurrence`;
//   - anything else that recurs (several RRULEs, EXRULE, hourly rules, BYSETPOS/BYWEEKNO/...
//     combinations, a pattern that differs on some dates) -> expanded into single instances, one per
//     occurrence (endless rules up to 10 years or 1000 instances), as Outlook does with recurrences
//     its model lacks; each gets iCalUId "<UID>_R<original start>" so UIDs stay unique;
//   - RDATE on an Outlook series -> extra single instances "<UID>_R<start>" (a series cannot hold
//     dates outside its pattern); DTSTART off the pattern likewise;
//   - EXDATE -> a deleted occurrence (missing from calendarView, listed in the beta
//     cancelledOccurrences as "OID.<masterId>.<yyyy-mm-dd>");
//   - RECURRENCE-ID -> an `exception` event with seriesMasterId and originalStart; STATUS:CANCELLED
//     there -> an exception with isCancelled (what attendees see for a cancelled occurrence); a
//     RECURRENCE-ID that matches no occurrence, or has no master, becomes a single instance;
//     RANGE=THISANDFUTURE is read as that one occurrence (Outlook splits series instead); values
//     typed unlike DTSTART (DATE vs DATE-TIME) name no occurrence, as RFC 5545 requires;
//   - VTODO, VJOURNAL, VFREEBUSY and x-components are not calendar events and are skipped;
//   - several VCALENDARs are merged as an iTIP message stream (itip-merge.ts);
//   - a VEVENT without UID gets a generated Outlook-style one (Outlook requires one).
// Exceptions carry the master's iCalUId here; the real service varies it per instance, so
// clients must take the UID from the series master (the engine does).

import { createHash } from "node:crypto";

import ICAL from "ical.js";

import type { EmailAddress, GraphEvent, PatternedRecurrence, RecurrenceRange } from "../../../../shared/graph-types.js";
import { formatUtcOffset, formatGraphLocal } from "../../../../shared/graph-date-time.js";
import { formatLocalDate, localToUtc, utcToLocal, type LocalDateTime } from "../../../../shared/zone-offsets.js";
import { compareDates, expandRecurrenceDates, type CalendarDate } from "./graph-recurrence-expand.js";
import { graphTimestamp, stampChangeKey } from "./graph-item-stamps.js";
import { readEventFields, NEVER, type EventFields } from "./ics-event-fields.js";
import { IcsZoneResolver, type ResolvedZone } from "./ics-time-zones.js";
import { durationSeconds, firstTime, periodsOf, text, timesOf, type IcsTime } from "./ics-values.js";
import { mergeItipStream } from "./itip-merge.js";
import { rruleToGraphPattern } from "./rrule-to-graph-pattern.js";

export interface IcsToGraphOptions {
  calendarId: string;
  newId: () => string;
  /** The mailbox's zone (Windows or IANA name): floating times are read in it. Default "UTC". */
  timeZone?: string;
  /** The calendar owner: organizer of events that name none, and decides isOrganizer. */
  owner?: EmailAddress;
  /** Clock for items that carry no CREATED/LAST-MODIFIED/DTSTAMP. */
  now?: () => number;
}

export interface IcsSeedResult {
  events: GraphEvent[];
  /** What Outlook could not keep as written, one line per case. */
  notes: string[];
}

export class IcsImportError extends Error {}

const HORIZON_YEARS = 10;
const MAX_EXPANDED = 1000;
const DAY_MS = 86_400_000;

/** A resolved DATE or DATE-TIME. For DATE values utcMs is midnight UTC (all-day is floating). */
interface Instant {
  utcMs: number;
  isDate: boolean;
  date: CalendarDate;
  zone: ResolvedZone;
}

interface Occurrence {
  start: Instant;
  end: Instant;
  /** The VEVENT whose content the instance shows (master, override or ADD). */
  source: ICAL.Component;
  /** Original start (for exceptions): the occurrence slot in the series. */
  slot?: Instant;
}

/** The events an .ics file becomes in Outlook. Throws IcsImportError when Outlook would reject the file. */
export function icsToGraphEvents(icsText: string, opts: IcsToGraphOptions): GraphEvent[] {
  return icsToGraphEventsWithNotes(icsText, opts).events;
}

export function icsToGraphEventsWithNotes(icsText: string, opts: IcsToGraphOptions): IcsSeedResult {
  const textIn = icsText.replace(/^\uFEFF/, "");
  let parsed: unknown;
  try {
    parsed = ICAL.parse(textIn);
  } catch (err) {
    throw new IcsImportError(`not a valid iCalendar file: ${(err as Error).message}`);
  }
  const jcals = Array.isArray(parsed) && Array.isArray(parsed[0]) ? (parsed as unknown[][]) : [parsed as unknown[]];
  const roots = jcals.map((j) => new ICAL.Component(j));
  return new Seeder(roots, opts).run();
}

function dateOfFields(t: { year: number; month: number; day: number }): CalendarDate {
  return { year: t.year, month: t.month, day: t.day };
}

function utcDate(ms: number): CalendarDate {
  const d = new Date(ms);
  return { year: d.getUTCFullYear(), month: d.getUTCMonth() + 1, day: d.getUTCDate() };
}

function stampOf(i: Instant): string {
  if (i.isDate) return formatLocalDate(i.date).replace(/-/g, "");
  return new Date(i.utcMs).toISOString().replace(/[-:]/g, "").replace(/\.\d{3}Z$/, "Z");
}

/**
 * An Outlook-style GlobalObjectId (hex) for items that came without UID, stable per content: the
 * class id, a zero instance date, creation time and reserved bytes, then a 16-byte identifier.
 */
function generatedUid(vevent: ICAL.Component): string {
  const digest = createHash("sha256").update(JSON.stringify(vevent.toJSON())).digest("hex").slice(0, 32).toUpperCase();
  return `040000008200E00074C5B7101A82E008${"0".repeat(8)}${"0".repeat(16)}${"0".repeat(16)}10000000${digest}`;
}

class Seeder {
  private readonly zones: IcsZoneResolver;
  private readonly notes: string[] = [];
  private readonly events: GraphEvent[] = [];

  constructor(private readonly roots: ICAL.Component[], private readonly opts: IcsToGraphOptions) {
    this.zones = new IcsZoneResolver(roots.filter((r) => r.name === "vcalendar"), opts.timeZone ?? "UTC");
  }

  run(): IcsSeedResult {
    const calendars: Array<{ method: string; vevents: ICAL.Component[] }> = [];
    for (const root of this.roots) {
      if (root.name === "vevent") {
        calendars.push({ method: "", vevents: [root] });
        continue;
      }
      if (root.name !== "vcalendar") {
        this.notes.push(`top-level ${root.name.toUpperCase()} is not a calendar`);
        continue;
      }
      for (const sub of root.getAllSubcomponents()) {
        if (sub.name !== "vevent" && sub.name !== "vtimezone") this.notes.push(`${sub.name.toUpperCase()} skipped: Outlook calendars hold events only`);
      }
      calendars.push({ method: text(root, "method"), vevents: root.getAllSubcomponents("vevent") });
    }
    for (const c of calendars) {
      for (const v of c.vevents) {
        if (!text(v, "uid")) {
          const uid = generatedUid(v);
          v.updatePropertyWithValue("uid", uid);
          this.notes.push(`VEVENT without UID given ${uid}`);
        }
      }
    }
    const merged = mergeItipStream(calendars);
    this.notes.push(...merged.notes);

    const groups = new Map<string, { master?: ICAL.Component; overrides: ICAL.Component[]; added: ICAL.Component[] }>();
    for (const { vevent, addedTo } of merged.events) {
      const uid = text(vevent, "uid");
      let g = groups.get(uid);
      if (!g) groups.set(uid, (g = { overrides: [], added: [] }));
      if (addedTo !== undefined) g.added.push(vevent);
      else if (vevent.getFirstProperty("recurrence-id")) g.overrides.push(vevent);
      else g.master = vevent;
    }
    for (const [uid, g] of groups) this.seedGroup(uid, g.master, g.overrides, g.added);
    return { events: this.events, notes: this.notes };
  }

  // ---- times ----

  private instant(t: IcsTime, years: number[]): Instant {
    if (t.isDate) {
      return { utcMs: Date.UTC(t.local.year, t.local.month - 1, t.local.day), isDate: true, date: dateOfFields(t.local), zone: this.zones.mailbox };
    }
    const zone = this.zones.resolve(t.tzid, t.isUtc, years, t.local);
    return { utcMs: localToUtc(zone.iana, t.local), isDate: false, date: dateOfFields(utcToLocal(zone.iana, localToUtc(zone.iana, t.local))), zone };
  }

  /** The zone a DATE value's TZID names (kept as originalStartTimeZone of all-day events). */
  private zoneOfDate(t: IcsTime, raw: ICAL.Component, prop: string): ResolvedZone {
    const tzid = raw.getFirstProperty(prop)?.getParameter("tzid");
    return typeof tzid === "string" ? this.zones.resolve(tzid, false, [t.local.year], t.local) : this.zones.mailbox;
  }

  private startEndOf(vevent: ICAL.Component): { start: Instant; end: Instant } | undefined {
    const dtstart = firstTime(vevent, "dtstart");
    if (!dtstart) return undefined;
    const years = [dtstart.local.year];
    const start = this.instant(dtstart, years);
    if (start.isDate) start.zone = this.zoneOfDate(dtstart, vevent, "dtstart");
    const dtend = firstTime(vevent, "dtend");
    const duration = durationSeconds(vevent, "duration");
    let end: Instant;
    if (dtend && dtend.isDate === start.isDate) {
      end = this.instant(dtend, years);
      if (end.isDate) end.zone = start.zone;
    } else if (duration !== undefined) {
      end = this.shift(start, start.isDate ? Math.max(1, Math.ceil(duration / 86400)) * 86400 : duration);
    } else {
      // RFC 5545 §3.6.1: a DATE start without end lasts one day, a DATE-TIME start has no duration.
      end = this.shift(start, start.isDate ? 86400 : 0);
    }
    if (end.utcMs < start.utcMs) end = this.shift(start, start.isDate ? 86400 : 0);
    return { start, end };
  }

  private shift(i: Instant, seconds: number): Instant {
    const utcMs = i.utcMs + seconds * 1000;
    return { ...i, utcMs, date: i.isDate ? utcDate(utcMs) : dateOfFields(utcToLocal(i.zone.iana, utcMs)) };
  }

  /** The instant of an occurrence on `date` at the series' wall-clock start time. */
  private onDate(start: Instant, date: CalendarDate): Instant {
    if (start.isDate) return { ...start, utcMs: Date.UTC(date.year, date.month - 1, date.day), date };
    const t = utcToLocal(start.zone.iana, start.utcMs);
    const local: LocalDateTime = { ...t, year: date.year, month: date.month, day: date.day };
    return { ...start, utcMs: localToUtc(start.zone.iana, local), date };
  }

  /**
   * Whether a RECURRENCE-ID, EXDATE or RDATE value names this occurrence: the same instant, or the
   * same date for DATE values. RFC 5545 (§3.8.4.4, §3.8.5.1) requires these to be typed like
   * DTSTART; a value of the other type names no occurrence. That is also how recurring-ical-events
   * and dateutil read such files (Google writes RECURRENCE-ID:20030425T000000Z on all-day series;
   * those overrides then stand as events of their own next to the occurrence).
   */
  private sameSlot(slot: Instant, value: Instant): boolean {
    if (slot.isDate !== value.isDate) return false;
    if (slot.isDate) return compareDates(slot.date, value.date) === 0;
    return slot.utcMs === value.utcMs;
  }

  private excludes(exdate: Instant, slot: Instant): boolean {
    return this.sameSlot(slot, exdate);
  }

  // ---- series ----

  private seedGroup(uid: string, master: ICAL.Component | undefined, overrides: ICAL.Component[], added: ICAL.Component[]): void {
    const splits: Occurrence[] = [];
    for (const a of added) {
      const se = this.startEndOf(a);
      if (se) splits.push({ ...se, source: a });
    }
    if (!master) {
      // Overrides without their series: each is an event of its own.
      const occ = overrides.flatMap((o) => {
        const se = this.startEndOf(o);
        return se ? [{ ...se, source: o }] : [];
      });
      if (occ.length === 1 && splits.length === 0 && occ[0]) {
        this.notes.push(`${uid}: RECURRENCE-ID without its series becomes a single event`);
        this.emitSingle(occ[0], uid);
      } else {
        for (const o of occ) this.emitSplit(uid, o, "RECURRENCE-ID without its series");
      }
      for (const s of splits) this.emitSplit(uid, s, "METHOD:ADD instance");
      return;
    }
    const se = this.startEndOf(master);
    if (!se) {
      this.notes.push(`${uid}: VEVENT without DTSTART skipped (Outlook requires a start)`);
      return;
    }
    const rrules = master.getAllProperties("rrule");
    const rdates = master.getAllProperties("rdate");
    const exdates = master.getAllProperties("exdate").flatMap((p) => timesOf(p)).map((t) => this.instant(t, [t.local.year]));
    const overrideSlots = overrides.flatMap((o) => {
      const rid = firstTime(o, "recurrence-id");
      const oe = this.startEndOf(o);
      return rid && oe ? [{ slot: this.instant(rid, [rid.local.year]), occ: { ...oe, source: o } }] : [];
    });
    const durationMs = se.end.utcMs - se.start.utcMs;
    const extraDates: Occurrence[] = [];
    for (const p of rdates) {
      if (p.type === "period") {
        for (const per of periodsOf(p)) {
          const s = this.instant(per.start, [per.start.local.year]);
          const e = per.end ? this.instant(per.end, [per.end.local.year]) : this.shift(s, per.durationSeconds ?? durationMs / 1000);
          extraDates.push({ start: s, end: e, source: master });
        }
      } else {
        for (const t of timesOf(p)) {
          const s = this.instant(t, [t.local.year]);
          extraDates.push({ start: s, end: this.shift(s, durationMs / 1000), source: master });
        }
      }
    }

    if (rrules.length === 0 && rdates.length === 0) {
      this.emitSingle({ ...se, source: master }, uid);
      for (const o of overrideSlots) this.emitSplit(uid, o.occ, "RECURRENCE-ID on an event that does not recur");
      for (const s of splits) this.emitSplit(uid, s, "METHOD:ADD instance");
      return;
    }

    // The furthest date anything refers to, so EXDATEs and overrides far out are still matched.
    const latest = Math.max(
      se.start.utcMs + HORIZON_YEARS * 366 * DAY_MS,
      ...exdates.map((x) => x.utcMs + DAY_MS),
      ...overrideSlots.map((o) => o.slot.utcMs + DAY_MS),
    );
    const ruleDates = rrules.map((p) => this.expandRule(p.getFirstValue() as ICAL.Recur, se.start, latest));
    let series: { recurrence: PatternedRecurrence; dates: CalendarDate[] } | undefined;
    let why = "";
    if (master.getFirstProperty("exrule")) why = "EXRULE";
    else if (rrules.length > 1) why = `${rrules.length} RRULEs`;
    else if (rrules.length === 0) why = "RDATE without RRULE";
    else {
      const result = this.toOutlookSeries(rrules[0]?.getFirstValue() as ICAL.Recur, se.start, ruleDates[0] ?? [], latest);
      if ("why" in result) why = result.why;
      else series = result;
    }

    if (series) {
      const slots = series.dates.map((d) => this.onDate(se.start, d));
      const isSlot = (x: Instant): Instant | undefined => slots.find((s) => this.sameSlot(s, x));
      const exSlot = (x: Instant): Instant | undefined => slots.find((s) => this.excludes(x, s));
      if (!slots.some((s) => s.utcMs === se.start.utcMs)) {
        extraDates.push({ ...se, source: master });
        this.notes.push(`${uid}: DTSTART is not on the pattern: kept as a separate instance`);
      }
      const masterId = this.opts.newId();
      const first = slots[0] ?? se.start;
      const masterOcc: Occurrence = { start: first, end: this.shift(first, durationMs / 1000), source: master };
      const cancelled: string[] = [];
      const cancelledSlots: Instant[] = [];
      for (const x of exdates) {
        const slot = exSlot(x);
        if (slot) {
          cancelled.push(`OID.${masterId}.${formatLocalDate(slot.date)}`);
          cancelledSlots.push(slot);
        } else if (!extraDates.some((e) => this.excludes(x, e.start))) {
          this.notes.push(`${uid}: EXDATE ${stampOf(x)} matches no occurrence`);
        }
      }
      // RDATE instances live outside the series; EXDATE and RECURRENCE-ID may still name them.
      const extras = extraDates.filter((x, i) =>
        !slots.some((s) => this.sameSlot(s, x.start)) && // an RDATE repeating a pattern date
        !extraDates.slice(0, i).some((y) => this.sameSlot(y.start, x.start)) &&
        !exdates.some((e) => this.excludes(e, x.start)));
      const exceptions: Occurrence[] = [];
      for (const o of overrideSlots) {
        const slot = isSlot(o.slot);
        const extra = extras.findIndex((x) => this.sameSlot(x.start, o.slot));
        if (slot && !cancelledSlots.includes(slot)) {
          exceptions.push({ ...o.occ, slot });
        } else if (extra >= 0) {
          extras[extra] = { ...o.occ, slot: extras[extra]?.start };
        } else {
          this.notes.push(`${uid}: RECURRENCE-ID ${stampOf(o.slot)} matches no occurrence: kept as a separate instance`);
          splits.push(o.occ);
        }
      }
      for (const x of extras) {
        if (x.source === master && x.start.utcMs !== se.start.utcMs) this.notes.push(`${uid}: RDATE ${stampOf(x.start)} kept as a separate instance`);
        splits.push(x);
      }
      this.emitMaster(uid, masterId, masterOcc, series.recurrence, cancelled);
      for (const e of exceptions) this.emitException(uid, masterId, e);
      for (const s of splits) this.emitSplit(uid, s, "");
      return;
    }

    // Expanded: every occurrence is an event of its own.
    this.notes.push(`${uid}: ${why}: Outlook has no such pattern, expanded into single instances`);
    const all: Occurrence[] = [{ ...se, source: master }];
    for (const dates of ruleDates) for (const d of dates) {
      const s = this.onDate(se.start, d);
      all.push({ start: s, end: this.shift(s, durationMs / 1000), source: master });
    }
    all.push(...extraDates);
    const unique: Occurrence[] = [];
    for (const o of all.sort((a, b) => a.start.utcMs - b.start.utcMs)) {
      if (unique.some((u) => this.sameSlot(u.start, o.start))) continue;
      if (exdates.some((x) => this.excludes(x, o.start))) continue;
      unique.push(o);
    }
    if (unique.length > MAX_EXPANDED) this.notes.push(`${uid}: expansion stopped at ${MAX_EXPANDED} instances`);
    for (const o of unique.slice(0, MAX_EXPANDED)) {
      const override = overrideSlots.find((x) => this.sameSlot(o.start, x.slot));
      this.emitSplit(uid, override ? { ...override.occ, slot: o.start } : o, "");
    }
    for (const o of overrideSlots) {
      if (!unique.some((u) => this.sameSlot(u.start, o.slot))) this.emitSplit(uid, o.occ, "RECURRENCE-ID that matches no occurrence");
    }
    for (const s of splits) this.emitSplit(uid, s, "METHOD:ADD instance");
  }

  /** The dates of one RRULE (ical.js, RFC 5545 semantics) in the series' zone, up to `latestMs`. */
  private expandRule(recur: ICAL.Recur, start: Instant, latestMs: number): CalendarDate[] {
    const rule = ICAL.Recur.fromString(recur.toString());
    const startLocal = start.isDate ? { ...start.date, hour: 0, minute: 0, second: 0 } : utcToLocal(start.zone.iana, start.utcMs);
    if (recur.until) {
      const u = recur.until;
      // RFC 5545 §3.3.10: with a zoned DTSTART, UNTIL must be UTC; a floating one is read as UTC
      // (the Z left out), as recurring-ical-events and sabre/vobject read it.
      const isUtc = u.zone === ICAL.Timezone.utcTimezone || (start.zone.iana !== "UTC" && start.zone.how !== "floating");
      let local: LocalDateTime = { year: u.year, month: u.month, day: u.day, hour: u.hour, minute: u.minute, second: u.second };
      // A UTC UNTIL is an instant; the iteration runs in the series' wall-clock time, so compare there.
      if (isUtc && !u.isDate && !start.isDate) local = utcToLocal(start.zone.iana, Date.UTC(u.year, u.month - 1, u.day, u.hour, u.minute, u.second));
      // A DATE UNTIL on a timed series includes that whole day.
      if (u.isDate && !start.isDate) local = { ...local, hour: 23, minute: 59, second: 59 };
      rule.until = start.isDate
        ? ICAL.Time.fromData({ year: local.year, month: local.month, day: local.day, isDate: true })
        : ICAL.Time.fromData({ ...local, isDate: false });
    }
    const dtstart = ICAL.Time.fromData({ ...startLocal, isDate: start.isDate });
    const latest = utcDate(latestMs);
    const out: CalendarDate[] = [];
    const it = rule.iterator(dtstart);
    for (let i = 0; i < 100_000; i++) {
      const next = it.next();
      if (!next) break;
      const d = { year: next.year, month: next.month, day: next.day };
      if (compareDates(d, latest) > 0 || out.length >= 5000) break;
      out.push(d);
    }
    return out;
  }

  /** The Outlook series for one RRULE, or why there is none. */
  private toOutlookSeries(recur: ICAL.Recur, start: Instant, ruleDates: CalendarDate[], latestMs: number):
    { recurrence: PatternedRecurrence; dates: CalendarDate[] } | { why: string } {
    const first = ruleDates[0];
    if (!first) return { why: "RRULE without occurrences" };
    const mapped = rruleToGraphPattern(recur, first);
    if ("unsupported" in mapped) return { why: mapped.unsupported };
    const range: RecurrenceRange = {
      type: "noEnd",
      startDate: formatLocalDate(first),
      endDate: "0001-01-01",
      recurrenceTimeZone: start.zone.windows,
      numberOfOccurrences: 0,
    };
    if (recur.count) {
      range.type = "numbered";
      range.numberOfOccurrences = ruleDates.length;
    } else if (recur.until) {
      range.type = "endDate";
      range.endDate = formatLocalDate(ruleDates[ruleDates.length - 1] ?? first);
    }
    const recurrence: PatternedRecurrence = { pattern: mapped.pattern, range };
    const dates = expandRecurrenceDates(recurrence, utcDate(latestMs), 5000);
    const a = dates.map(formatLocalDate);
    const b = ruleDates.map(formatLocalDate);
    const diff = a.findIndex((d, i) => d !== b[i]);
    if (diff >= 0 || a.length !== b.length) {
      const at = diff >= 0 ? `${a[diff]} vs ${b[diff] ?? "(none)"}` : `${a.length} vs ${b.length} dates`;
      return { why: `the closest Outlook pattern (${mapped.pattern.type}) differs from the RRULE (${at})` };
    }
    return { recurrence, dates };
  }

  // ---- emitting Graph events ----

  private reminderOf(f: EventFields, o: Occurrence): { isReminderOn: boolean; reminderMinutesBeforeStart: number } {
    const startMs = o.start.isDate ? localToUtc(this.zones.mailbox.iana, { ...o.start.date, hour: 0, minute: 0, second: 0 }) : o.start.utcMs;
    const durationMin = Math.round((o.end.utcMs - o.start.utcMs) / 60000);
    let minutes: number | undefined;
    if (f.reminder?.related === "start") minutes = f.reminder.minutesBefore;
    else if (f.reminder?.related === "end") minutes = f.reminder.minutesBefore - durationMin;
    else if (f.reminder?.related === "absolute") minutes = Math.round((startMs - f.reminder.utcMs) / 60000);
    if (minutes === undefined || minutes < 0) return { isReminderOn: false, reminderMinutesBeforeStart: o.start.isDate ? 1080 : 15 };
    return { isReminderOn: true, reminderMinutesBeforeStart: minutes };
  }

  private timestamps(vevent: ICAL.Component): { createdDateTime: string; lastModifiedDateTime: string } {
    const ms = (name: string): number | undefined => {
      const t = firstTime(vevent, name);
      return t ? Date.UTC(t.local.year, t.local.month - 1, t.local.day, t.local.hour, t.local.minute, t.local.second) : undefined;
    };
    const now = this.opts.now ?? (() => Date.now());
    const created = ms("created") ?? ms("dtstamp") ?? now();
    const modified = ms("last-modified") ?? ms("dtstamp") ?? created;
    return { createdDateTime: graphTimestamp(created), lastModifiedDateTime: graphTimestamp(Math.max(created, modified)) };
  }

  private build(o: Occurrence, id: string, iCalUId: string, type: GraphEvent["type"], extra: Partial<GraphEvent>): GraphEvent {
    const f = readEventFields(o.source);
    for (const d of f.dropped) this.notes.push(`${iCalUId}: ${d}`);
    const owner = this.opts.owner;
    const organizer = f.organizer ?? (owner ? { emailAddress: { name: owner.name ?? owner.address ?? "", address: owner.address ?? "" } } : undefined);
    const isOrganizer = owner?.address
      ? (organizer?.emailAddress.address ?? "").toLowerCase() === owner.address.toLowerCase()
      : f.organizer === undefined;
    const stamps = this.timestamps(o.source);
    const toGraph = (i: Instant) => (i.isDate
      ? { dateTime: formatGraphLocal({ ...i.date, hour: 0, minute: 0, second: 0 }), timeZone: "UTC" }
      : { dateTime: formatGraphLocal(utcToLocal("UTC", i.utcMs)), timeZone: "UTC" });
    const event: GraphEvent = {
      id,
      ...stamps,
      categories: f.categories,
      transactionId: null,
      originalStartTimeZone: o.start.zone.windows,
      originalEndTimeZone: o.end.zone.windows,
      iCalUId,
      uid: iCalUId,
      ...this.reminderOf(f, o),
      hasAttachments: f.attachments.length > 0,
      subject: f.subject,
      bodyPreview: f.bodyPreview,
      importance: f.importance,
      sensitivity: f.sensitivity,
      isAllDay: o.start.isDate,
      isCancelled: f.isCancelled,
      isOrganizer,
      responseRequested: f.responseRequested,
      seriesMasterId: null,
      showAs: f.showAs,
      type,
      webLink: `https://outlook.live.com/owa/?itemid=${encodeURIComponent(id)}&exvsurl=1&path=/calendar/item`,
      onlineMeetingUrl: null,
      isOnlineMeeting: false,
      onlineMeetingProvider: "unknown",
      allowNewTimeProposals: f.allowNewTimeProposals,
      occurrenceId: null,
      isDraft: false,
      hideAttendees: false,
      responseStatus: { response: isOrganizer ? "organizer" : "none", time: NEVER },
      body: f.body,
      start: toGraph(o.start),
      end: toGraph(o.end),
      location: f.location,
      locations: f.locations,
      recurrence: null,
      attendees: f.attendees,
      ...(organizer ? { organizer } : {}),
      onlineMeeting: null,
      ...extra,
    };
    if (f.attachments.length > 0) {
      event.attachments = f.attachments.map((a, i) => ({ ...a, id: `${id}.att${i + 1}`, lastModifiedDateTime: stamps.lastModifiedDateTime }));
    }
    return stampChangeKey(this.opts.calendarId, event);
  }

  private emitSingle(o: Occurrence, iCalUId: string): void {
    this.events.push(this.build(o, this.opts.newId(), iCalUId, "singleInstance", {}));
  }

  private emitSplit(uid: string, o: Occurrence, why: string): void {
    if (why) this.notes.push(`${uid}: ${why}: kept as a separate instance`);
    this.emitSingle(o, `${uid}_R${stampOf(o.slot ?? o.start)}`);
  }

  private emitMaster(uid: string, id: string, o: Occurrence, recurrence: PatternedRecurrence, cancelled: string[]): void {
    this.events.push(this.build(o, id, uid, "seriesMaster", { recurrence, cancelledOccurrences: cancelled }));
  }

  private emitException(uid: string, masterId: string, o: Occurrence): void {
    const slot = o.slot ?? o.start;
    const originalStart = slot.isDate ? `${formatLocalDate(slot.date)}T00:00:00Z` : formatUtcOffset(slot.utcMs);
    this.events.push(this.build(o, this.opts.newId(), uid, "exception", {
      seriesMasterId: masterId,
      originalStart,
      occurrenceId: `OID.${masterId}.${formatLocalDate(slot.date)}`,
    }));
  }
}
