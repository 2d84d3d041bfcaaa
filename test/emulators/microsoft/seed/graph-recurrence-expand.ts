// The dates a Graph patternedRecurrence produces, with Outlook's semantics (recurrencePattern and
// recurrenceRange resources on learn.microsoft.com/graph):
//   - the series starts at range.startDate; dates before it are never produced, even when the
//     pattern would match them in the first week or month;
//   - weekly: weeks begin on firstDayOfWeek and every `interval`-th week (counted from the week of
//     startDate) produces the listed days;
//   - relative patterns take the index-th ("last" = final) day of the month that is any of
//     daysOfWeek, so {first, [saturday, sunday]} is "the first weekend day";
//   - absolute patterns on a day a month lacks (31 in April, 29 February) fall on the month's last
//     day, as Outlook warns in its recurrence dialog;
//   - numbered counts every produced date, endDate is inclusive.

import type { DayOfWeek, PatternedRecurrence, WeekIndex } from "../../../../shared/graph-types.js";
import { parseLocalIso, utcFromFields } from "../../../../shared/zone-offsets.js";

export interface CalendarDate {
  year: number;
  month: number;
  day: number;
}

export const DAYS: readonly DayOfWeek[] = ["sunday", "monday", "tuesday", "wednesday", "thursday", "friday", "saturday"];

const DAY_MS = 86_400_000;

function toDays(d: CalendarDate): number {
  return Math.round(utcFromFields(d.year, d.month, d.day) / DAY_MS);
}

function fromDays(n: number): CalendarDate {
  const d = new Date(n * DAY_MS);
  return { year: d.getUTCFullYear(), month: d.getUTCMonth() + 1, day: d.getUTCDate() };
}

export function daysInMonth(year: number, month: number): number {
  return new Date(utcFromFields(year, month + 1, 1) - DAY_MS).getUTCDate();
}

/** 0 = Sunday. */
export function weekdayOf(d: CalendarDate): number {
  return new Date(utcFromFields(d.year, d.month, d.day)).getUTCDay();
}

export function compareDates(a: CalendarDate, b: CalendarDate): number {
  return toDays(a) - toDays(b);
}

export function addDays(d: CalendarDate, n: number): CalendarDate {
  return fromDays(toDays(d) + n);
}

function nthOfMonth(year: number, month: number, days: DayOfWeek[], index: WeekIndex): CalendarDate | undefined {
  const wanted = new Set(days.map((d) => DAYS.indexOf(d)));
  const matches: CalendarDate[] = [];
  for (let day = 1; day <= daysInMonth(year, month); day++) {
    const d = { year, month, day };
    if (wanted.has(weekdayOf(d))) matches.push(d);
  }
  const i = index === "last" ? matches.length - 1 : ["first", "second", "third", "fourth"].indexOf(index);
  return matches[i];
}

function dateOf(s: string): CalendarDate {
  const t = parseLocalIso(s);
  return { year: t.year, month: t.month, day: t.day };
}

/**
 * The dates of a series in order, from range.startDate up to the range's end or `windowEnd`
 * (inclusive) or `max` dates, whichever comes first.
 */
export function expandRecurrenceDates(rec: PatternedRecurrence, windowEnd: CalendarDate, max = 5000): CalendarDate[] {
  const { pattern, range } = rec;
  const start = dateOf(range.startDate);
  const end = range.type === "endDate" ? dateOf(range.endDate) : undefined;
  const limit = range.type === "numbered" ? Math.min(range.numberOfOccurrences, max) : max;
  const interval = Math.max(1, pattern.interval || 1);
  const out: CalendarDate[] = [];
  // Returns false when the expansion is finished.
  const emit = (d: CalendarDate | undefined): boolean => {
    if (!d || compareDates(d, start) < 0) return true;
    if (end && compareDates(d, end) > 0) return false;
    if (compareDates(d, windowEnd) > 0) return false;
    out.push(d);
    return out.length < limit;
  };
  // Enough periods to reach any window; each loop also stops on its own end conditions.
  const periods = 100_000;
  switch (pattern.type) {
    case "daily":
      for (let i = 0; i < periods && emit(addDays(start, i * interval)); i++);
      break;
    case "weekly": {
      const first = DAYS.indexOf(pattern.firstDayOfWeek);
      const back = (weekdayOf(start) - first + 7) % 7;
      const weekStart = addDays(start, -back);
      const wanted = new Set(pattern.daysOfWeek.map((d) => DAYS.indexOf(d)));
      outer: for (let w = 0; w < periods; w += interval) {
        for (let k = 0; k < 7; k++) {
          const d = addDays(weekStart, w * 7 + k);
          if (wanted.has(weekdayOf(d)) && !emit(d)) break outer;
        }
      }
      break;
    }
    case "absoluteMonthly":
    case "relativeMonthly":
      for (let i = 0; i < periods; i++) {
        const m0 = start.month - 1 + i * interval;
        const year = start.year + Math.floor(m0 / 12);
        const month = (m0 % 12) + 1;
        const d = pattern.type === "absoluteMonthly"
          ? { year, month, day: Math.min(pattern.dayOfMonth, daysInMonth(year, month)) }
          : nthOfMonth(year, month, pattern.daysOfWeek, pattern.index);
        if (!emit(d)) break;
      }
      break;
    case "absoluteYearly":
    case "relativeYearly":
      for (let i = 0; i < periods; i++) {
        const year = start.year + i * interval;
        const month = pattern.month;
        const d = pattern.type === "absoluteYearly"
          ? { year, month, day: Math.min(pattern.dayOfMonth, daysInMonth(year, month)) }
          : nthOfMonth(year, month, pattern.daysOfWeek, pattern.index);
        if (!emit(d)) break;
      }
      break;
  }
  return out;
}
