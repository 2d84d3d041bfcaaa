// A Graph patternedRecurrence as an RFC 5545 RRULE that produces exactly the dates Outlook shows.
// Two Outlook behaviours need care:
//   - absolute patterns on a day some months lack ("day 31", "February 29") fall on the month's
//     last day in Outlook; RFC 5545 would skip those months, so they are written as
//     BYMONTHDAY=-1 (day 31, February 29) or BYMONTHDAY=28,...,d;BYSETPOS=-1 (days 29, 30);
//   - relative patterns over several weekdays ("the first weekend day") are BYDAY + BYSETPOS;
//     over one weekday the plainer BYDAY=2TU form is used.
// The range: numbered -> COUNT, endDate -> UNTIL at the series' start time on the end date (an
// inclusive end date in Outlook; as a UTC instant for timed series, as a DATE for all-day ones).

import type { DayOfWeek, PatternedRecurrence, WeekIndex } from "../../../../../shared/graph-types.js";

const DAY: Record<DayOfWeek, string> = {
  sunday: "SU", monday: "MO", tuesday: "TU", wednesday: "WE", thursday: "TH", friday: "FR", saturday: "SA",
};

const ORDER: readonly DayOfWeek[] = ["sunday", "monday", "tuesday", "wednesday", "thursday", "friday", "saturday"];

const POS: Record<WeekIndex, number> = { first: 1, second: 2, third: 3, fourth: 4, last: -1 };

export interface RruleParts {
  /** RRULE value without UNTIL/COUNT ("FREQ=WEEKLY;INTERVAL=2;BYDAY=MO,WE;WKST=SU"). */
  rule: string;
  /** COUNT for numbered ranges. */
  count?: number;
  /** The inclusive end date ("2024-06-30") for endDate ranges; the caller turns it into UNTIL. */
  endDate?: string;
}

function days(list: DayOfWeek[]): string[] {
  return [...new Set(list)].sort((a, b) => ORDER.indexOf(a) - ORDER.indexOf(b)).map((d) => DAY[d]);
}

/**
 * "BYMONTHDAY=15"; for a day some months lack, "the month's last day" when the day is the longest
 * month's last (31 every month, 29 in February: BYMONTHDAY=-1, which every reader supports), else
 * "the last of 28..d that exists" (BYMONTHDAY=28,29,30;BYSETPOS=-1, exact in RFC 5545, dateutil and
 * libical; ical.js ignores BYSETPOS next to BYMONTHDAY and shows days 28-30 instead).
 */
function monthDay(d: number, month?: number): string {
  const shortest = month === undefined ? 28 : month === 2 ? 28 : [4, 6, 9, 11].includes(month) ? 30 : 31;
  const longest = month === undefined ? 31 : month === 2 ? 29 : shortest;
  if (d <= shortest) return `BYMONTHDAY=${d}`;
  if (d >= longest) return "BYMONTHDAY=-1";
  const list: number[] = [];
  for (let n = shortest; n <= d; n++) list.push(n);
  return `BYMONTHDAY=${list.join(",")};BYSETPOS=-1`;
}

function relative(index: WeekIndex, list: DayOfWeek[]): string {
  const ds = days(list);
  const pos = POS[index];
  if (ds.length === 1) return `BYDAY=${pos}${ds[0]}`;
  return `BYDAY=${ds.join(",")};BYSETPOS=${pos}`;
}

export function graphRecurrenceToRrule(rec: PatternedRecurrence): RruleParts {
  const p = rec.pattern;
  const interval = Math.max(1, p.interval || 1);
  const head = (freq: string): string => (interval > 1 ? `FREQ=${freq};INTERVAL=${interval}` : `FREQ=${freq}`);
  let rule: string;
  switch (p.type) {
    case "daily":
      rule = head("DAILY");
      break;
    case "weekly":
      // WKST only changes anything with INTERVAL>1 and several days, but costs nothing to keep.
      rule = `${head("WEEKLY")};BYDAY=${days(p.daysOfWeek).join(",")};WKST=${DAY[p.firstDayOfWeek] ?? "SU"}`;
      break;
    case "absoluteMonthly":
      rule = `${head("MONTHLY")};${monthDay(p.dayOfMonth)}`;
      break;
    case "relativeMonthly":
      rule = `${head("MONTHLY")};${relative(p.index, p.daysOfWeek)}`;
      break;
    case "absoluteYearly":
      rule = `${head("YEARLY")};BYMONTH=${p.month};${monthDay(p.dayOfMonth, p.month)}`;
      break;
    case "relativeYearly":
      rule = `${head("YEARLY")};BYMONTH=${p.month};${relative(p.index, p.daysOfWeek)}`;
      break;
    default:
      throw new Error(`unknown recurrence pattern type ${JSON.stringify((p as { type: unknown }).type)}`);
  }
  const r = rec.range;
  if (r.type === "numbered") return { rule, count: r.numberOfOccurrences };
  if (r.type === "endDate") return { rule, endDate: r.endDate };
  return { rule };
}
