// calendarView over seeded events: a weekly series with one exception and one cancellation, its
// occurrence ids, DST, the Prefer: outlook.timezone conversion, the beta expansions, and the
// engine's export of the same series from v1.0 data (no cancelledOccurrences: EXDATEs inferred
// from the instances).

import { test } from "node:test";
import assert from "node:assert/strict";

import ICAL from "ical.js";

import type { GraphEvent } from "../../../../shared/graph-types.js";
import { graphEventsToIcs } from "../../../../electron/engine/providers/microsoft/convert/graph-events-to-ics.js";
import { vtimezoneFromIntl } from "../../../../electron/engine/providers/microsoft/convert/vtimezone-from-intl.js";
import { offsetMinutesAt } from "../../../../shared/zone-offsets.js";
import {
  cancelledOccurrences,
  exceptionOccurrences,
  expandCalendarView,
  occurrenceEventId,
  seriesOccurrences,
} from "../../../emulators/microsoft/seed/calendar-view.js";
import { icsToGraphEvents } from "../../../emulators/microsoft/seed/ics-to-graph-events.js";
import { applyOutlookTimeZone, preferredTimeZone } from "../../../emulators/microsoft/seed/outlook-time-zone-header.js";

// Every Tuesday 09:00 Los Angeles time from 5 March 2024, eight times; 19 March moved to 14:00,
// 26 March cancelled. US DST starts 10 March, so the UTC time moves from 17:00 to 16:00.
const WEEKLY = [
  "BEGIN:VCALENDAR",
  "VERSION:2.0",
  "PRODID:-//test//EN",
  "BEGIN:VEVENT",
  "UID:weekly-1@example.com",
  "DTSTAMP:20240301T000000Z",
  "DTSTART;TZID=America/Los_Angeles:20240305T090000",
  "DTEND;TZID=America/Los_Angeles:20240305T093000",
  "RRULE:FREQ=WEEKLY;BYDAY=TU;COUNT=8",
  "EXDATE;TZID=America/Los_Angeles:20240326T090000",
  "SUMMARY:Stand-up",
  "BEGIN:VALARM",
  "ACTION:DISPLAY",
  "DESCRIPTION:Reminder",
  "TRIGGER:-PT10M",
  "END:VALARM",
  "END:VEVENT",
  "BEGIN:VEVENT",
  "UID:weekly-1@example.com",
  "DTSTAMP:20240301T000000Z",
  "RECURRENCE-ID;TZID=America/Los_Angeles:20240319T090000",
  "DTSTART;TZID=America/Los_Angeles:20240319T140000",
  "DTEND;TZID=America/Los_Angeles:20240319T150000",
  "SUMMARY:Stand-up (moved)",
  "END:VEVENT",
  "END:VCALENDAR",
  "",
].join("\r\n");

function seed(): GraphEvent[] {
  let n = 0;
  return icsToGraphEvents(WEEKLY, { calendarId: "cal", newId: () => `ev${++n}`, now: () => 0 });
}

test("seeding: one series master with Outlook's pattern, one exception, one cancelled occurrence", () => {
  const events = seed();
  const master = events.find((e) => e.type === "seriesMaster");
  const exception = events.find((e) => e.type === "exception");
  assert.equal(events.length, 2);
  assert.ok(master && exception);
  assert.deepEqual(master.recurrence?.pattern.daysOfWeek, ["tuesday"]);
  assert.equal(master.recurrence?.range.type, "numbered");
  assert.equal(master.recurrence?.range.numberOfOccurrences, 8);
  assert.equal(master.recurrence?.range.recurrenceTimeZone, "Pacific Standard Time");
  assert.equal(master.originalStartTimeZone, "Pacific Standard Time");
  assert.deepEqual(master.start, { dateTime: "2024-03-05T17:00:00.0000000", timeZone: "UTC" });
  assert.equal(master.reminderMinutesBeforeStart, 10);
  assert.deepEqual(cancelledOccurrences(master), ["2024-03-26"]);
  assert.equal(exception.seriesMasterId, master.id);
  assert.equal(exception.originalStart, "2024-03-19T16:00:00Z");
  assert.deepEqual(exceptionOccurrences(master, events), [exception]);
});

test("calendarView: occurrences, the exception in place of its occurrence, no cancelled one", () => {
  const events = seed();
  const master = events.find((e) => e.type === "seriesMaster") as GraphEvent;
  const view = expandCalendarView(events, new Date("2024-03-01T00:00:00Z"), new Date("2024-04-03T00:00:00Z"));
  assert.deepEqual(
    view.map((e) => [e.type, e.start.dateTime, e.subject]),
    [
      ["occurrence", "2024-03-05T17:00:00.0000000", "Stand-up"],
      ["occurrence", "2024-03-12T16:00:00.0000000", "Stand-up"],
      ["exception", "2024-03-19T21:00:00.0000000", "Stand-up (moved)"],
      ["occurrence", "2024-04-02T16:00:00.0000000", "Stand-up"],
    ],
  );
  const second = view[1] as GraphEvent;
  assert.equal(second.id, occurrenceEventId(master.id, Date.parse("2024-03-12T16:00:00Z")));
  assert.equal(second.seriesMasterId, master.id);
  assert.equal(second.originalStart, "2024-03-12T16:00:00Z");
  assert.equal(second.occurrenceId, `OID.${master.id}.2024-03-12`);
  assert.equal(second.recurrence, null);
  assert.equal(second.end.dateTime, "2024-03-12T16:30:00.0000000");
  // Stable ids: the same window twice gives the same occurrences.
  const again = expandCalendarView(events, new Date("2024-03-01T00:00:00Z"), new Date("2024-04-03T00:00:00Z"));
  assert.deepEqual(again.map((e) => e.id), view.map((e) => e.id));
  // A window covering only the cancelled date is empty; the series ends after 8 slots.
  assert.deepEqual(expandCalendarView(events, new Date("2024-03-26T00:00:00Z"), new Date("2024-03-27T00:00:00Z")), []);
  assert.equal(seriesOccurrences(master, events, Date.parse("2030-01-01T00:00:00Z")).length, 6);
});

test("calendarView: an event overlapping the window's start is included, one ending at it is not", () => {
  const events = seed();
  const inside = expandCalendarView(events, new Date("2024-03-05T17:15:00Z"), new Date("2024-03-05T18:00:00Z"));
  assert.equal(inside.length, 1);
  assert.equal(expandCalendarView(events, new Date("2024-03-05T17:30:00Z"), new Date("2024-03-05T18:00:00Z")).length, 0);
});

test("Prefer: outlook.timezone converts start/end and echoes the zone name", () => {
  assert.equal(preferredTimeZone('outlook.timezone="Pacific Standard Time"'), "Pacific Standard Time");
  assert.equal(preferredTimeZone(['odata.maxpagesize=50, outlook.timezone="Europe/Berlin"']), "Europe/Berlin");
  assert.equal(preferredTimeZone('outlook.timezone="Nowhere/Special"'), undefined);
  const master = seed().find((e) => e.type === "seriesMaster") as GraphEvent;
  const local = applyOutlookTimeZone(master, "Pacific Standard Time");
  assert.deepEqual(local.start, { dateTime: "2024-03-05T09:00:00.0000000", timeZone: "Pacific Standard Time" });
  assert.deepEqual(applyOutlookTimeZone(master, "Europe/Berlin").end, { dateTime: "2024-03-05T18:30:00.0000000", timeZone: "Europe/Berlin" });
  assert.equal(applyOutlookTimeZone(master, undefined), master);
});

test("engine export from v1.0 data: EXDATE inferred from the instances when cancelledOccurrences is absent", () => {
  const events = seed();
  // What a v1.0 client has: the master without the beta property, and /instances over the series.
  const instances = expandCalendarView(events, new Date("2024-03-01T00:00:00Z"), new Date("2024-05-01T00:00:00Z"));
  const master = { ...(events.find((e) => e.type === "seriesMaster") as GraphEvent) };
  delete master.cancelledOccurrences;
  const ics = graphEventsToIcs({ name: "Work", id: "cal" }, [master, ...instances]);
  const cal = new ICAL.Component(ICAL.parse(ics));
  const vevents = cal.getAllSubcomponents("vevent");
  assert.equal(vevents.length, 2, "master + the exception; plain occurrences come from the RRULE");
  const m = vevents.find((v) => !v.getFirstProperty("recurrence-id")) as ICAL.Component;
  const rrule = m.getFirstPropertyValue("rrule") as ICAL.Recur;
  assert.deepEqual([rrule.freq, rrule.getComponent("byday"), rrule.count], ["WEEKLY", ["TU"], 8]);
  assert.deepEqual(m.getAllProperties("exdate").map((p) => String(p.getFirstValue())), ["2024-03-26T09:00:00"]);
  assert.equal(m.getFirstProperty("dtstart")?.getParameter("tzid"), "America/Los_Angeles");
  const ex = vevents.find((v) => v.getFirstProperty("recurrence-id")) as ICAL.Component;
  assert.equal(String(ex.getFirstPropertyValue("recurrence-id")), "2024-03-19T09:00:00");
  assert.equal(ex.getFirstPropertyValue("uid"), "weekly-1@example.com");
});

test("VTIMEZONE from Intl: every day's offset equals the tz database (north, south, abolished DST, none)", () => {
  for (const [iana, from, to] of [
    ["Europe/Paris", 2015, 2026],
    ["Australia/Sydney", 2015, 2026],
    ["America/Sao_Paulo", 2015, 2026], // DST until 2019
    ["Asia/Kolkata", 2020, 2022],
    ["America/Los_Angeles", 2005, 2009], // US rules changed in 2007
  ] as const) {
    const vtz = vtimezoneFromIntl(iana, from, to);
    const zone = new ICAL.Timezone(vtz);
    for (let ms = Date.UTC(from, 0, 1, 12); ms < Date.UTC(to + 1, 0, 1); ms += 86_400_000) {
      const t = ICAL.Time.fromJSDate(new Date(ms), true);
      const local = t.convertToZone(zone);
      assert.equal(Math.round(local.utcOffset() / 60), offsetMinutesAt(iana, ms), `${iana} on ${new Date(ms).toISOString()}`);
    }
    // Ongoing DST rules stay open-ended (no UNTIL), so endless series keep them.
    if (iana === "Europe/Paris") {
      const rrules = vtz.getAllSubcomponents().flatMap((c) => c.getAllProperties("rrule").map((p) => String(p.getFirstValue())));
      assert.ok(rrules.includes("FREQ=YEARLY;BYMONTH=3;BYDAY=-1SU"), rrules.join(" | "));
    }
  }
});
