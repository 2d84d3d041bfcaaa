// Which occurrences of a recurring series were deleted. Graph v1.0 has no list of them (beta's
// cancelledOccurrences is beta only): a deleted occurrence is simply missing from /instances. So
// the pattern's dates are walked (RRULE from graph-recurrence-to-rrule.ts, expanded by ical.js, as
// the .ics converter does) over a checked range, and every date with no instance is a deletion.
// The master's stored JSON carries them as `cancelledOccurrences` in beta's own spelling
// ("OID.<master id>.<yyyy-mm-dd>", the date in the series' zone), which graph-events-to-ics.ts turns
// into EXDATEs; an endless daily series so costs one list of dates, not thousands of stored events.

import ICAL from "ical.js";

import type { GraphEvent } from "../../../../../shared/graph-types.js";
import { graphDateTimeToUtcMs, ianaForGraphZone } from "../../../../../shared/graph-date-time.js";
import { formatLocalDate, parseLocalIso, utcToLocal } from "../../../../../shared/zone-offsets.js";
import { graphRecurrenceToRrule } from "../convert/graph-recurrence-to-rrule.js";

const DAY_MS = 86_400_000;

/**
 * Outlook keeps a moved occurrence between its neighbours, so an exception lies at most a pattern
 * period (a year for yearly series) from its original date: instances are read that much wider.
 */
const EXCEPTION_SLACK_MS = 400 * DAY_MS;

/** An endless series is checked for ten years from its start, or up to the horizon if later. */
const ENDLESS_CHECK_YEARS = 10;

const MAX_DATES = 200_000;

/** The pattern dates a series was checked over, and the /instances range that covers them. */
export interface SeriesCheck {
  /** Pattern dates ("yyyy-mm-dd", in the series' zone), first to last checked. */
  dates: string[];
  firstDate: string;
  lastDate: string;
  fromMs: number;
  toMs: number;
}

/** The IANA zone the pattern runs in, as the converter writes the RRULE (recurrence zone first). */
export function seriesZone(master: GraphEvent): string {
  const zone = ianaForGraphZone(master.recurrence?.range.recurrenceTimeZone) ?? ianaForGraphZone(master.originalStartTimeZone ?? master.start.timeZone);
  return zone ?? "UTC";
}

function utcDate(ms: number): string {
  return new Date(ms).toISOString().slice(0, 10);
}

function dateMs(date: string): number {
  const d = parseLocalIso(date);
  return Date.UTC(d.year, d.month - 1, d.day);
}

/**
 * The dates to check: the whole series when it ends (by date or count); an endless one from its
 * start to `horizonMs` or ten years on, whichever is later. Deletions beyond that are not looked
 * for (Graph v1.0 could only tell by expanding the series forever).
 */
export function seriesCheck(master: GraphEvent, horizonMs: number): SeriesCheck {
  const rec = master.recurrence;
  if (!rec) throw new Error("not a recurring series");
  const parts = graphRecurrenceToRrule(rec);
  const startMs = dateMs(rec.range.startDate);
  let lastAllowed = parts.endDate;
  if (parts.count === undefined && parts.endDate === undefined) {
    const tenYears = new Date(startMs);
    tenYears.setUTCFullYear(tenYears.getUTCFullYear() + ENDLESS_CHECK_YEARS);
    lastAllowed = utcDate(Math.max(horizonMs, tenYears.getTime()));
  }
  const rule = ICAL.Recur.fromString(parts.count !== undefined ? `${parts.rule};COUNT=${parts.count}` : parts.rule);
  const start = parseLocalIso(rec.range.startDate);
  const it = rule.iterator(ICAL.Time.fromData({ year: start.year, month: start.month, day: start.day, isDate: true }));
  const dates: string[] = [];
  for (let i = 0; i < MAX_DATES; i++) {
    const n = it.next();
    if (!n) break;
    const d = formatLocalDate(n);
    if (lastAllowed !== undefined && d > lastAllowed) break;
    dates.push(d);
  }
  const firstDate = dates[0] ?? rec.range.startDate;
  const lastDate = dates[dates.length - 1] ?? firstDate;
  return { dates, firstDate, lastDate, fromMs: dateMs(firstDate) - EXCEPTION_SLACK_MS, toMs: dateMs(lastDate) + DAY_MS + EXCEPTION_SLACK_MS };
}

/** The pattern date an instance stands for: its original start, in the series' zone. */
export function occurrenceDate(master: GraphEvent, instance: Pick<GraphEvent, "originalStart" | "start" | "type">): string | undefined {
  const allDay = master.isAllDay;
  if (instance.originalStart) {
    const s = instance.originalStart;
    const ms = Date.parse(/Z$|[+-]\d{2}:\d{2}$/.test(s) ? s : `${s}Z`);
    if (!Number.isFinite(ms)) return undefined;
    // All-day original starts are the local midnight of the mailbox's zone, written in UTC: the
    // nearest UTC midnight is that date for any zone within ±12 hours.
    return allDay ? utcDate(Math.round(ms / DAY_MS) * DAY_MS) : formatLocalDate(utcToLocal(seriesZone(master), ms));
  }
  // An occurrence without originalStart starts when it was scheduled to.
  if (instance.type === "occurrence" && instance.start) {
    if (allDay) return formatLocalDate(parseLocalIso(instance.start.dateTime));
    return formatLocalDate(utcToLocal(seriesZone(master), graphDateTimeToUtcMs(instance.start)));
  }
  return undefined;
}

/** "OID.<master id>.<date>" for every checked pattern date that no instance stands for. */
export function cancelledOccurrences(master: GraphEvent, check: SeriesCheck, instances: Array<Pick<GraphEvent, "originalStart" | "start" | "type">>): string[] {
  const covered = new Set<string>();
  for (const i of instances) {
    const d = occurrenceDate(master, i);
    if (d) covered.add(d);
  }
  return check.dates.filter((d) => !covered.has(d)).map((d) => `OID.${master.id}.${d}`);
}
