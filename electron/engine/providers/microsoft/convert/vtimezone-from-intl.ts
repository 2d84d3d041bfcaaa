// VTIMEZONE definitions built from the tz database Node ships (Intl), for the IANA zones an
// exported calendar uses. Graph gives zone names, never rules, so the rules have to come from
// somewhere; Intl is the copy of tzdata every Lifeboat install already has.
//
// Method: walk the years the calendar needs in 7-day steps, find each change of UTC offset to the
// minute by bisection, then describe each change as "the Nth (or last) weekday of the month at
// local time T" and merge consecutive years that follow the same rule into one STANDARD/DAYLIGHT
// block with a yearly RRULE (closed by UNTIL unless it is still in force at the end of the walk, so
// endless series keep the current rules). Changes that follow no yearly rule become blocks of their
// own. A change to a larger offset is DAYLIGHT, to a smaller one STANDARD. The first block starts
// at the beginning of the walk with the offset then in force, so every date in range is covered.

import ICAL from "ical.js";

import { offsetMinutesAt, utcFromFields, utcToLocal } from "../../../../../shared/zone-offsets.js";

const DAY_MS = 86_400_000;
const STEP_MS = 7 * DAY_MS;
const WEEKDAYS = ["SU", "MO", "TU", "WE", "TH", "FR", "SA"];

interface Transition {
  utcMs: number;
  from: number;
  to: number;
}

interface Rule {
  daylight: boolean;
  from: number;
  to: number;
  month: number;
  /** 1-4, or -1 for "last". */
  ordinal: number;
  weekday: number;
  /** Local wall time (before the change) as "HHMMSS". */
  time: string;
}

function findTransitions(iana: string, fromMs: number, toMs: number): Transition[] {
  const out: Transition[] = [];
  let prev = offsetMinutesAt(iana, fromMs);
  for (let t = fromMs; t < toMs; t += STEP_MS) {
    const next = Math.min(t + STEP_MS, toMs);
    const off = offsetMinutesAt(iana, next);
    if (off === prev) continue;
    // Bisect to the minute in (t, next].
    let lo = t;
    let hi = next;
    while (hi - lo > 60_000) {
      const mid = lo + Math.floor((hi - lo) / 120_000) * 60_000;
      if (offsetMinutesAt(iana, mid) === prev) lo = mid;
      else hi = mid;
    }
    out.push({ utcMs: hi, from: prev, to: off });
    prev = off;
  }
  return out;
}

function daysInMonth(year: number, month: number): number {
  return new Date(utcFromFields(year, month + 1, 1) - DAY_MS).getUTCDate();
}

function ruleOf(t: Transition): Rule & { year: number; local: string } {
  const local = utcToLocal("UTC", t.utcMs + t.from * 60000);
  const weekday = new Date(utcFromFields(local.year, local.month, local.day)).getUTCDay();
  const ordinal = local.day + 7 > daysInMonth(local.year, local.month) ? -1 : Math.ceil(local.day / 7);
  const time = [local.hour, local.minute, local.second].map((n) => String(n).padStart(2, "0")).join("");
  const date = `${String(local.year).padStart(4, "0")}${String(local.month).padStart(2, "0")}${String(local.day).padStart(2, "0")}`;
  return { daylight: t.to > t.from, from: t.from, to: t.to, month: local.month, ordinal, weekday, time, year: local.year, local: `${date}T${time}` };
}

function abbreviation(iana: string, utcMs: number): string | undefined {
  const part = new Intl.DateTimeFormat("en-US", { timeZone: iana, timeZoneName: "short" })
    .formatToParts(new Date(utcMs))
    .find((p) => p.type === "timeZoneName")?.value;
  // "GMT+2" is what Intl says when it has no abbreviation; TZNAME is optional, so leave it out then.
  return part && /^[A-Z]{2,5}$/.test(part) ? part : undefined;
}

function block(iana: string, daylight: boolean, dtstart: string, from: number, to: number, atMs: number): ICAL.Component {
  const c = new ICAL.Component(daylight ? "daylight" : "standard");
  c.addPropertyWithValue("dtstart", ICAL.Time.fromString(dtstart.replace(/^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})$/, "$1-$2-$3T$4:$5:$6"), undefined));
  // fromSeconds: ICAL.UtcOffset.fromString("+0530") reads +05:00.
  c.addPropertyWithValue("tzoffsetfrom", ICAL.UtcOffset.fromSeconds(from * 60));
  c.addPropertyWithValue("tzoffsetto", ICAL.UtcOffset.fromSeconds(to * 60));
  const name = abbreviation(iana, atMs);
  if (name) c.addPropertyWithValue("tzname", name);
  return c;
}

/** A VTIMEZONE for `iana` (TZID = the IANA name) covering the years fromYear..toYear inclusive. */
export function vtimezoneFromIntl(iana: string, fromYear: number, toYear: number): ICAL.Component {
  const vtz = new ICAL.Component("vtimezone");
  vtz.addPropertyWithValue("tzid", iana);
  vtz.addPropertyWithValue("x-lic-location", iana);
  const fromMs = utcFromFields(fromYear, 1, 1);
  const toMs = utcFromFields(toYear + 1, 1, 1);
  const initial = offsetMinutesAt(iana, fromMs);
  const transitions = findTransitions(iana, fromMs, toMs);
  const startLocal = `${String(fromYear).padStart(4, "0")}0101T000000`;
  if (transitions.length === 0 || transitions[0]?.utcMs !== fromMs) {
    vtz.addSubcomponent(block(iana, false, startLocal, initial, initial, fromMs));
  }
  const rules = transitions.map((t) => ({ t, r: ruleOf(t) }));
  const sameRule = (a: Rule, b: Rule): boolean =>
    a.daylight === b.daylight && a.from === b.from && a.to === b.to && a.month === b.month && a.ordinal === b.ordinal && a.weekday === b.weekday && a.time === b.time;
  // Transitions of one rule in consecutive years form a group; the other rule of the zone (the
  // return from DST) interleaves, so groups are built per rule, not from adjacent transitions.
  const used = new Set<number>();
  for (let i = 0; i < rules.length; i++) {
    if (used.has(i)) continue;
    const head = rules[i];
    if (!head) continue;
    const members = [i];
    let year = head.r.year;
    for (let j = i + 1; j < rules.length; j++) {
      const cand = rules[j];
      if (!cand || used.has(j)) continue;
      if (cand.r.year === year + 1 && sameRule(head.r, cand.r)) {
        members.push(j);
        year = cand.r.year;
      } else if (cand.r.year > year + 1) break;
    }
    for (const m of members) used.add(m);
    const c = block(iana, head.r.daylight, head.r.local, head.t.from, head.t.to, head.t.utcMs + 60_000);
    if (members.length > 1) {
      const last = rules[members[members.length - 1] ?? i];
      const ongoing = last !== undefined && last.r.year >= toYear;
      const recur = ICAL.Recur.fromData({
        freq: "YEARLY",
        bymonth: [head.r.month],
        byday: [`${head.r.ordinal}${WEEKDAYS[head.r.weekday] ?? "SU"}`],
        ...(ongoing || !last ? {} : { until: ICAL.Time.fromJSDate(new Date(last.t.utcMs), true) }),
      });
      c.addPropertyWithValue("rrule", recur);
    }
    vtz.addSubcomponent(c);
  }
  return vtz;
}
