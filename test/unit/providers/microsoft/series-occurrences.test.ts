// The deleted occurrences of a series as calendar-sync.ts derives them from v1.0 /instances: pattern
// dates in the series' own zone (not UTC), all-day original starts written as another zone's
// midnight, the checked range of endless series, and the windows Graph accepts (at most 1825 days).

import { test } from "node:test";
import assert from "node:assert/strict";

import type { GraphEvent, PatternedRecurrence } from "../../../../shared/graph-types.js";
import { deltaWindowAt, MAX_RANGE_DAYS, needsReanchor, rangeChunks } from "../../../../electron/engine/providers/microsoft/calendars/calendar-view-window.js";
import { cancelledOccurrences, seriesCheck } from "../../../../electron/engine/providers/microsoft/calendars/series-occurrences.js";

const DAY_MS = 86_400_000;

function master(recurrence: PatternedRecurrence, o: { allDay?: boolean; start: string; zone: string }): GraphEvent {
  return {
    id: "MASTER",
    type: "seriesMaster",
    subject: "s",
    isAllDay: o.allDay ?? false,
    start: { dateTime: o.start, timeZone: "UTC" },
    end: { dateTime: o.start, timeZone: "UTC" },
    originalStartTimeZone: o.zone,
    recurrence,
  } as GraphEvent;
}

const weekly = (startDate: string, zone: string, count: number): PatternedRecurrence => ({
  pattern: { type: "weekly", interval: 1, month: 0, dayOfMonth: 0, daysOfWeek: ["monday"], firstDayOfWeek: "sunday", index: "first" },
  range: { type: count > 0 ? "numbered" : "noEnd", startDate, endDate: "0001-01-01", recurrenceTimeZone: zone, numberOfOccurrences: count },
});

test("a deleted occurrence is the pattern date no instance stands for, in the series' zone", () => {
  // Mondays 08:00 in Auckland are Sunday evenings in UTC: dates must be read in Auckland.
  const m = master(weekly("2024-03-04", "New Zealand Standard Time", 4), { start: "2024-03-03T19:00:00.0000000", zone: "New Zealand Standard Time" });
  const check = seriesCheck(m, Date.UTC(2024, 0, 1));
  assert.deepEqual(check.dates, ["2024-03-04", "2024-03-11", "2024-03-18", "2024-03-25"]);
  assert.ok(check.fromMs < Date.UTC(2024, 2, 4) - 300 * DAY_MS && check.toMs > Date.UTC(2024, 2, 25) + 300 * DAY_MS, "instances are read with room for moved exceptions");
  // NZ daylight time ends on 7 April; in March 08:00 NZDT is 19:00 UTC the day before.
  const instances = [
    { type: "occurrence", originalStart: "2024-03-03T19:00:00Z" },
    { type: "exception", originalStart: "2024-03-10T19:00:00Z" },
    { type: "occurrence", originalStart: "2024-03-24T19:00:00Z" },
  ] as GraphEvent[];
  assert.deepEqual(cancelledOccurrences(m, check, instances), ["OID.MASTER.2024-03-18"]);
});

test("all-day original starts at another zone's midnight still name their date", () => {
  const m = master({ ...weekly("2024-06-03", "Romance Standard Time", 3) }, { allDay: true, start: "2024-06-03T00:00:00.0000000", zone: "Romance Standard Time" });
  const check = seriesCheck(m, 0);
  // Paris midnight in summer is 22:00 UTC the day before; a zone west of UTC gives the same day.
  const instances = [{ type: "occurrence", originalStart: "2024-06-02T22:00:00Z" }, { type: "occurrence", originalStart: "2024-06-17T05:00:00Z" }] as GraphEvent[];
  assert.deepEqual(cancelledOccurrences(m, check, instances), ["OID.MASTER.2024-06-10"]);
});

test("an endless series is checked ten years from its start, or up to the window's end if later", () => {
  const m = master(weekly("2001-01-01", "UTC", 0), { start: "2001-01-01T09:00:00.0000000", zone: "UTC" });
  assert.equal(seriesCheck(m, Date.UTC(2005, 0, 1)).lastDate <= "2011-01-01", true);
  assert.ok(seriesCheck(m, Date.UTC(2005, 0, 1)).lastDate >= "2010-12-25");
  assert.ok(seriesCheck(m, Date.UTC(2030, 0, 1)).lastDate >= "2029-12-25");
});

test("windows and pieces stay within Graph's 1825 days", () => {
  const w = deltaWindowAt(Date.UTC(2025, 4, 17, 13, 5));
  const days = (Date.parse(w.end) - Date.parse(w.start)) / DAY_MS;
  assert.ok(days <= 1825 && days === MAX_RANGE_DAYS, `${days} days`);
  assert.ok(Date.parse(w.start) < Date.UTC(2024, 0, 1) && Date.parse(w.end) > Date.UTC(2027, 0, 1), JSON.stringify(w));
  assert.equal(needsReanchor(w, Date.UTC(2025, 5, 1)), false);
  assert.equal(needsReanchor(w, Date.parse(w.end) - 100 * DAY_MS), true);
  const pieces = rangeChunks(Date.UTC(1990, 0, 1), Date.UTC(2031, 6, 1));
  assert.equal(pieces[0]![0], Date.UTC(1990, 0, 1));
  assert.equal(pieces.at(-1)![1], Date.UTC(2031, 6, 1));
  for (const [a, b] of pieces) assert.ok(b - a <= MAX_RANGE_DAYS * DAY_MS);
  for (let i = 1; i < pieces.length; i++) assert.equal(pieces[i]![0], pieces[i - 1]![1], "no gaps");
});
