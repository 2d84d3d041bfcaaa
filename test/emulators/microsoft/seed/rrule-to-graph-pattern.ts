// An RRULE as the Outlook recurrence pattern that produces the same dates, or the reason there is
// none. Outlook's recurrence model (daily / weekly / monthly / yearly, "the Nth weekday") is a
// strict subset of RFC 5545's; what it lacks:
//   - FREQ below DAILY (HOURLY, MINUTELY, SECONDLY) and any BYHOUR/BYMINUTE/BYSECOND;
//   - BYYEARDAY, BYWEEKNO, several BYMONTH values, several BYMONTHDAY values, negative month days
//     other than -1, ordinals other than 1..4 and -1, several ordinal BYDAY values;
//   - BYSETPOS other than one position combined with BYDAY;
//   - DAILY with an INTERVAL and a BYDAY filter.
// Equivalent rewrites are applied where they are exact: DAILY;BYDAY=MO,...,FR is Outlook's
// "every weekday" (weekly), MONTHLY;BYDAY=SU (every Sunday) is weekly, BYMONTHDAY=-1 is
// "the last day" (relativeMonthly over all seven days). The caller still checks the mapping by
// expanding both sides, which catches the remaining differences (e.g. day 31 in a 30-day month).

import type ICAL from "ical.js";

import type { DayOfWeek, RecurrencePattern, WeekIndex } from "../../../../shared/graph-types.js";
import { DAYS, weekdayOf, type CalendarDate } from "./graph-recurrence-expand.js";

const ICAL_DAYS: Record<string, DayOfWeek> = {
  SU: "sunday", MO: "monday", TU: "tuesday", WE: "wednesday", TH: "thursday", FR: "friday", SA: "saturday",
};

const INDEX: Record<string, WeekIndex> = { "1": "first", "2": "second", "3": "third", "4": "fourth", "-1": "last" };

export type PatternResult = { pattern: RecurrencePattern } | { unsupported: string };

function basePattern(type: RecurrencePattern["type"], interval: number, wkst: DayOfWeek): RecurrencePattern {
  // The defaults Graph fills in for properties a type does not use.
  return { type, interval, month: 0, dayOfMonth: 0, daysOfWeek: [], firstDayOfWeek: wkst, index: "first" };
}

interface ByDay {
  ordinal: number | undefined;
  day: DayOfWeek;
}

function parseByDay(values: string[]): ByDay[] | undefined {
  const out: ByDay[] = [];
  for (const v of values) {
    const m = /^([+-]?\d{1,2})?(SU|MO|TU|WE|TH|FR|SA)$/i.exec(v.trim());
    if (!m) return undefined;
    out.push({ ordinal: m[1] === undefined ? undefined : Number(m[1]), day: ICAL_DAYS[(m[2] ?? "").toUpperCase()] as DayOfWeek });
  }
  return out;
}

function sortDays(days: DayOfWeek[]): DayOfWeek[] {
  return [...new Set(days)].sort((a, b) => DAYS.indexOf(a) - DAYS.indexOf(b));
}

/** The Graph pattern for `recur` on a series whose first occurrence falls on `start`. */
export function rruleToGraphPattern(recur: ICAL.Recur, start: CalendarDate): PatternResult {
  const parts = recur.parts;
  const interval = recur.interval || 1;
  // RFC 5545 §3.3.10: WKST defaults to Monday; Graph's firstDayOfWeek default is Sunday, so say it.
  const wkst = DAYS[((recur.wkst ?? 2) - 1 + 7) % 7] as DayOfWeek;
  for (const key of ["BYSECOND", "BYMINUTE", "BYHOUR", "BYYEARDAY", "BYWEEKNO"] as const) {
    if (parts[key]?.length) return { unsupported: `${key} has no Outlook equivalent` };
  }
  const byDay = parts.BYDAY?.length ? parseByDay(parts.BYDAY) : [];
  if (byDay === undefined) return { unsupported: `BYDAY=${parts.BYDAY?.join(",")} not understood` };
  const byMonthDay = parts.BYMONTHDAY ?? [];
  const byMonth = parts.BYMONTH ?? [];
  const bySetPos = parts.BYSETPOS ?? [];
  const plainDays = byDay.every((d) => d.ordinal === undefined);
  const startDay = DAYS[weekdayOf(start)] as DayOfWeek;

  // "The Nth (any of these days)" of a month, from BYDAY=2TU or BYDAY=MO,TU;BYSETPOS=2 or BYMONTHDAY=-1.
  const relative = (): { index: WeekIndex; days: DayOfWeek[] } | string => {
    if (byMonthDay.length === 1 && byMonthDay[0] === -1 && byDay.length === 0 && bySetPos.length === 0) {
      return { index: "last", days: [...DAYS] };
    }
    if (byMonthDay.length > 0) return "BYMONTHDAY together with BYDAY";
    if (byDay.length === 1 && byDay[0]?.ordinal !== undefined && bySetPos.length === 0) {
      const index = INDEX[String(byDay[0].ordinal)];
      return index ? { index, days: [byDay[0].day] } : `ordinal ${byDay[0].ordinal} (Outlook has 1st-4th and last)`;
    }
    if (plainDays && byDay.length > 0 && bySetPos.length === 1) {
      const index = INDEX[String(bySetPos[0])];
      return index ? { index, days: sortDays(byDay.map((d) => d.day)) } : `BYSETPOS=${bySetPos[0]}`;
    }
    return `BYDAY=${parts.BYDAY?.join(",") ?? ""}${bySetPos.length ? `;BYSETPOS=${bySetPos.join(",")}` : ""}`;
  };

  switch (recur.freq) {
    case "DAILY": {
      if (byMonth.length || byMonthDay.length || bySetPos.length) return { unsupported: "DAILY with BYMONTH/BYMONTHDAY/BYSETPOS" };
      if (byDay.length === 0) return { pattern: basePattern("daily", interval, wkst) };
      if (!plainDays || interval !== 1) return { unsupported: "DAILY with an INTERVAL and BYDAY" };
      return { pattern: { ...basePattern("weekly", 1, wkst), daysOfWeek: sortDays(byDay.map((d) => d.day)) } };
    }
    case "WEEKLY": {
      if (byMonth.length || byMonthDay.length || bySetPos.length) return { unsupported: "WEEKLY with BYMONTH/BYMONTHDAY/BYSETPOS" };
      if (!plainDays) return { unsupported: "WEEKLY with ordinal BYDAY" };
      const days = byDay.length ? byDay.map((d) => d.day) : [startDay];
      return { pattern: { ...basePattern("weekly", interval, wkst), daysOfWeek: sortDays(days) } };
    }
    case "MONTHLY": {
      if (byMonth.length) return { unsupported: "MONTHLY with BYMONTH" };
      if (byDay.length === 0 && bySetPos.length === 0 && byMonthDay.length <= 1 && (byMonthDay[0] ?? 1) > 0) {
        return { pattern: { ...basePattern("absoluteMonthly", interval, wkst), dayOfMonth: byMonthDay[0] ?? start.day } };
      }
      if (plainDays && byDay.length > 0 && bySetPos.length === 0 && byMonthDay.length === 0) {
        // Every such weekday of every month is a weekly series (only with INTERVAL=1).
        if (interval !== 1) return { unsupported: "MONTHLY;INTERVAL>1 on every listed weekday" };
        return { pattern: { ...basePattern("weekly", 1, wkst), daysOfWeek: sortDays(byDay.map((d) => d.day)) } };
      }
      const rel = relative();
      if (typeof rel === "string") return { unsupported: `MONTHLY ${rel}` };
      return { pattern: { ...basePattern("relativeMonthly", interval, wkst), index: rel.index, daysOfWeek: rel.days } };
    }
    case "YEARLY": {
      if (byMonth.length > 1) return { unsupported: "YEARLY with several BYMONTH values" };
      const month = byMonth[0] ?? start.month;
      if (byDay.length === 0 && bySetPos.length === 0 && byMonthDay.length <= 1 && (byMonthDay[0] ?? 1) > 0) {
        return { pattern: { ...basePattern("absoluteYearly", interval, wkst), month, dayOfMonth: byMonthDay[0] ?? start.day } };
      }
      if (byMonth.length === 0) return { unsupported: "YEARLY with BYDAY but no BYMONTH" };
      const rel = relative();
      if (typeof rel === "string") return { unsupported: `YEARLY ${rel}` };
      return { pattern: { ...basePattern("relativeYearly", interval, wkst), month, index: rel.index, daysOfWeek: rel.days } };
    }
    default:
      return { unsupported: `FREQ=${recur.freq} has no Outlook equivalent` };
  }
}
