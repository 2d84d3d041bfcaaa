// RRULE <-> Graph recurrence, one pattern type at a time: the emulator's RRULE -> patternedRecurrence
// mapping, the engine's patternedRecurrence -> RRULE, and, for every case, the dates the engine's
// RRULE produces under ical.js (RFC 5545) equal the dates the Graph pattern produces under the
// emulator's Outlook semantics.

import { test } from "node:test";
import assert from "node:assert/strict";

import { execFileSync } from "node:child_process";

import ICAL from "ical.js";

import type { PatternedRecurrence, RecurrencePattern } from "../../../../shared/graph-types.js";
import { graphRecurrenceToRrule } from "../../../../electron/engine/providers/microsoft/convert/graph-recurrence-to-rrule.js";
import { expandRecurrenceDates, type CalendarDate } from "../../../emulators/microsoft/seed/graph-recurrence-expand.js";
import { rruleToGraphPattern } from "../../../emulators/microsoft/seed/rrule-to-graph-pattern.js";
import { debianPython } from "../../../helpers/pim-normalise.js";

function date(s: string): CalendarDate {
  const [y = 0, m = 0, d = 0] = s.split("-").map(Number);
  return { year: y, month: m, day: d };
}

function fmt(d: CalendarDate): string {
  return `${d.year}-${String(d.month).padStart(2, "0")}-${String(d.day).padStart(2, "0")}`;
}

function pattern(p: Partial<RecurrencePattern> & Pick<RecurrencePattern, "type">): RecurrencePattern {
  return { interval: 1, month: 0, dayOfMonth: 0, daysOfWeek: [], firstDayOfWeek: "sunday", index: "first", ...p };
}

function series(p: RecurrencePattern, startDate: string, range: Partial<PatternedRecurrence["range"]> = {}): PatternedRecurrence {
  return {
    pattern: p,
    range: { type: "noEnd", startDate, endDate: "0001-01-01", recurrenceTimeZone: "UTC", numberOfOccurrences: 0, ...range },
  };
}

/** The dates the engine's RRULE gives under ical.js, from the series' start date. */
function icalDates(rec: PatternedRecurrence, until: string, max = 400): string[] {
  const parts = graphRecurrenceToRrule(rec);
  let rule = parts.rule;
  if (parts.count !== undefined) rule += `;COUNT=${parts.count}`;
  if (parts.endDate !== undefined) rule += `;UNTIL=${parts.endDate.replace(/-/g, "")}`;
  const s = date(rec.range.startDate);
  const it = ICAL.Recur.fromString(rule).iterator(ICAL.Time.fromData({ ...s, isDate: true }));
  const out: string[] = [];
  for (let i = 0; i < 100_000 && out.length < max; i++) {
    const n = it.next();
    if (!n) break;
    const d = fmt(n);
    if (d > until) break;
    if (d >= rec.range.startDate) out.push(d);
  }
  return out;
}

function graphDates(rec: PatternedRecurrence, until: string, max = 400): string[] {
  return expandRecurrenceDates(rec, date(until), max).map(fmt);
}

const CASES: Array<{ name: string; rec: PatternedRecurrence; rrule: string }> = [
  { name: "daily every 3 days", rec: series(pattern({ type: "daily", interval: 3 }), "2024-01-30"), rrule: "FREQ=DAILY;INTERVAL=3" },
  {
    name: "weekly every 2 weeks Mon/Wed, week from Sunday",
    rec: series(pattern({ type: "weekly", interval: 2, daysOfWeek: ["wednesday", "monday"], firstDayOfWeek: "sunday" }), "2024-03-06"),
    rrule: "FREQ=WEEKLY;INTERVAL=2;BYDAY=MO,WE;WKST=SU",
  },
  {
    name: "weekly every 2 weeks Sun/Mon, week from Monday (WKST matters)",
    rec: series(pattern({ type: "weekly", interval: 2, daysOfWeek: ["sunday", "monday"], firstDayOfWeek: "monday" }), "2024-03-03"),
    rrule: "FREQ=WEEKLY;INTERVAL=2;BYDAY=SU,MO;WKST=MO",
  },
  { name: "absolute monthly on the 15th", rec: series(pattern({ type: "absoluteMonthly", dayOfMonth: 15 }), "2024-01-15"), rrule: "FREQ=MONTHLY;BYMONTHDAY=15" },
  {
    name: "absolute monthly on the 31st (Outlook: last day of shorter months)",
    rec: series(pattern({ type: "absoluteMonthly", dayOfMonth: 31 }), "2024-01-31"),
    rrule: "FREQ=MONTHLY;BYMONTHDAY=-1",
  },
  {
    name: "relative monthly: second Tuesday every 2 months",
    rec: series(pattern({ type: "relativeMonthly", interval: 2, index: "second", daysOfWeek: ["tuesday"] }), "2024-01-01"),
    rrule: "FREQ=MONTHLY;INTERVAL=2;BYDAY=2TU",
  },
  {
    name: "relative monthly: last weekday",
    rec: series(pattern({ type: "relativeMonthly", index: "last", daysOfWeek: ["monday", "tuesday", "wednesday", "thursday", "friday"] }), "2024-01-31"),
    rrule: "FREQ=MONTHLY;BYDAY=MO,TU,WE,TH,FR;BYSETPOS=-1",
  },
  { name: "absolute yearly on 22 March", rec: series(pattern({ type: "absoluteYearly", month: 3, dayOfMonth: 22 }), "2020-03-22"), rrule: "FREQ=YEARLY;BYMONTH=3;BYMONTHDAY=22" },
  {
    name: "absolute yearly on 29 February (28th in common years)",
    rec: series(pattern({ type: "absoluteYearly", month: 2, dayOfMonth: 29 }), "2024-02-29"),
    rrule: "FREQ=YEARLY;BYMONTH=2;BYMONTHDAY=-1",
  },
  {
    name: "relative yearly: last Sunday of October",
    rec: series(pattern({ type: "relativeYearly", month: 10, index: "last", daysOfWeek: ["sunday"] }), "2020-01-01"),
    rrule: "FREQ=YEARLY;BYMONTH=10;BYDAY=-1SU",
  },
  {
    name: "numbered range",
    rec: series(pattern({ type: "weekly", daysOfWeek: ["friday"] }), "2024-05-03", { type: "numbered", numberOfOccurrences: 7 }),
    rrule: "FREQ=WEEKLY;BYDAY=FR;WKST=SU",
  },
  {
    name: "end date range (inclusive)",
    rec: series(pattern({ type: "daily" }), "2024-05-01", { type: "endDate", endDate: "2024-05-10" }),
    rrule: "FREQ=DAILY",
  },
];

for (const c of CASES) {
  test(`Graph -> RRULE: ${c.name}`, () => {
    assert.equal(graphRecurrenceToRrule(c.rec).rule, c.rrule);
    const until = "2031-12-31";
    assert.deepEqual(icalDates(c.rec, until), graphDates(c.rec, until), "ical.js on the RRULE = Outlook's dates");
  });
}

test("Graph -> RRULE: day 30 every month is 'the last of 28-30' (checked with dateutil; ical.js ignores that BYSETPOS)", () => {
  const rec = series(pattern({ type: "absoluteMonthly", dayOfMonth: 30 }), "2024-01-30", { type: "numbered", numberOfOccurrences: 14 });
  const parts = graphRecurrenceToRrule(rec);
  assert.equal(parts.rule, "FREQ=MONTHLY;BYMONTHDAY=28,29,30;BYSETPOS=-1");
  const script = "import sys, datetime\nfrom dateutil.rrule import rrulestr\n" +
    "print(' '.join(d.date().isoformat() for d in rrulestr(sys.argv[1], dtstart=datetime.datetime(2024, 1, 30))))";
  const out = execFileSync(debianPython(), ["-c", script, `${parts.rule};COUNT=14`], { encoding: "utf8" }).trim().split(" ");
  assert.deepEqual(out, graphDates(rec, "2030-01-01"));
  assert.ok(out.includes("2024-02-29") && out.includes("2025-02-28"));
});

test("Graph -> RRULE: ranges become COUNT and the inclusive end date", () => {
  const numbered = graphRecurrenceToRrule(series(pattern({ type: "daily" }), "2024-01-01", { type: "numbered", numberOfOccurrences: 4 }));
  assert.equal(numbered.count, 4);
  const ended = graphRecurrenceToRrule(series(pattern({ type: "daily" }), "2024-01-01", { type: "endDate", endDate: "2024-01-09" }));
  assert.equal(ended.endDate, "2024-01-09");
  assert.equal(graphRecurrenceToRrule(series(pattern({ type: "daily" }), "2024-01-01")).count, undefined);
  assert.deepEqual(graphDates(series(pattern({ type: "daily" }), "2024-01-01", { type: "endDate", endDate: "2024-01-03" }), "2030-01-01"), [
    "2024-01-01", "2024-01-02", "2024-01-03",
  ]);
});

/** RRULE -> Graph pattern, then the pattern's dates must equal ical.js's dates for the RRULE. */
function roundTrip(rrule: string, start: string): RecurrencePattern {
  const recur = ICAL.Recur.fromString(rrule);
  const mapped = rruleToGraphPattern(recur, date(start));
  assert.ok("pattern" in mapped, `${rrule}: ${"unsupported" in mapped ? mapped.unsupported : ""}`);
  const it = recur.iterator(ICAL.Time.fromData({ ...date(start), isDate: true }));
  const expected: string[] = [];
  for (let i = 0; i < 300; i++) {
    const n = it.next();
    if (!n) break;
    expected.push(fmt(n));
  }
  const rec = series(mapped.pattern, expected[0] ?? start, recur.count ? { type: "numbered", numberOfOccurrences: recur.count } : {});
  assert.deepEqual(graphDates(rec, expected[expected.length - 1] ?? start, 300), expected, `${rrule}: same dates`);
  return mapped.pattern;
}

test("RRULE -> Graph: daily", () => {
  const p = roundTrip("FREQ=DAILY;INTERVAL=2;COUNT=10", "2024-02-27");
  assert.equal(p.type, "daily");
  assert.equal(p.interval, 2);
});

test("RRULE -> Graph: DAILY on weekdays is Outlook's weekly 'every weekday'", () => {
  const p = roundTrip("FREQ=DAILY;BYDAY=MO,TU,WE,TH,FR;COUNT=30", "2024-02-26");
  assert.equal(p.type, "weekly");
  assert.deepEqual(p.daysOfWeek, ["monday", "tuesday", "wednesday", "thursday", "friday"]);
});

test("RRULE -> Graph: weekly keeps WKST as firstDayOfWeek", () => {
  const p = roundTrip("FREQ=WEEKLY;INTERVAL=2;BYDAY=SU,TU;WKST=MO;COUNT=20", "2024-03-03");
  assert.equal(p.type, "weekly");
  assert.equal(p.firstDayOfWeek, "monday");
  assert.equal(roundTrip("FREQ=WEEKLY;COUNT=5", "2024-03-06").daysOfWeek[0], "wednesday");
});

test("RRULE -> Graph: monthly absolute, relative, last day, every Sunday", () => {
  assert.equal(roundTrip("FREQ=MONTHLY;BYMONTHDAY=10;COUNT=12", "2024-01-10").type, "absoluteMonthly");
  const rel = roundTrip("FREQ=MONTHLY;BYDAY=1TU;COUNT=12", "2024-01-02");
  assert.deepEqual([rel.type, rel.index, rel.daysOfWeek], ["relativeMonthly", "first", ["tuesday"]]);
  const setpos = roundTrip("FREQ=MONTHLY;BYDAY=SA,SU;BYSETPOS=1;COUNT=12", "2024-01-06");
  assert.deepEqual([setpos.type, setpos.index, setpos.daysOfWeek], ["relativeMonthly", "first", ["sunday", "saturday"]]);
  const last = roundTrip("FREQ=MONTHLY;BYMONTHDAY=-1;COUNT=14", "2024-01-31");
  assert.deepEqual([last.type, last.index, last.daysOfWeek.length], ["relativeMonthly", "last", 7]);
  assert.equal(roundTrip("FREQ=MONTHLY;BYDAY=SU;COUNT=20", "2024-01-07").type, "weekly");
});

test("RRULE -> Graph: yearly absolute and relative", () => {
  const abs = roundTrip("FREQ=YEARLY;COUNT=5", "2020-07-04");
  assert.deepEqual([abs.type, abs.month, abs.dayOfMonth], ["absoluteYearly", 7, 4]);
  const rel = roundTrip("FREQ=YEARLY;BYMONTH=11;BYDAY=4TH;COUNT=5", "2024-11-28");
  assert.deepEqual([rel.type, rel.month, rel.index, rel.daysOfWeek], ["relativeYearly", 11, "fourth", ["thursday"]]);
});

test("RRULE -> Graph: what Outlook cannot express is refused with a reason", () => {
  for (const rule of [
    "FREQ=HOURLY;INTERVAL=4",
    "FREQ=MINUTELY",
    "FREQ=DAILY;BYHOUR=9,17",
    "FREQ=YEARLY;BYWEEKNO=20",
    "FREQ=YEARLY;BYYEARDAY=100",
    "FREQ=MONTHLY;BYDAY=5MO",
    "FREQ=MONTHLY;BYMONTHDAY=1,15",
    "FREQ=MONTHLY;BYDAY=1MO,3MO",
    "FREQ=YEARLY;BYMONTH=1,7",
    "FREQ=DAILY;INTERVAL=2;BYDAY=MO",
  ]) {
    const r = rruleToGraphPattern(ICAL.Recur.fromString(rule), date("2024-01-01"));
    assert.ok("unsupported" in r && r.unsupported.length > 0, `${rule} must be refused`);
  }
});
