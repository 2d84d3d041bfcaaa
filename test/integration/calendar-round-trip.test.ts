// Every calendar fixture goes .ics -> Graph events (what Outlook would hold: the emulator's seed
// converter) -> .ics (what Lifeboat archives: the engine's converter), and the result is read back
// by Debian's python3-icalendar (and python3-vobject) and compared with the same parsers' reading
// of the fixture: per UID the same instances with the same start, end, summary, description,
// location, attendees, organizer, reminder, categories, class, busy status, importance, geo and
// attachments (calendar-expectations.ts says what "the same" means where Graph holds less).
// What a fixture loses because Graph cannot hold it must be listed for that fixture in
// calendar-allowed-losses.ts, with the reason; a loss not listed, or listed but gone, fails.
// MANIFEST.facts.json gives independent expectations: event counts, UIDs, occurrence counts.

import { test } from "node:test";
import assert from "node:assert/strict";
import { mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

import type { GraphEvent } from "../../shared/graph-types.js";
import { graphEventsToIcs } from "../../electron/engine/providers/microsoft/convert/graph-events-to-ics.js";
import { expandCalendarView } from "../emulators/microsoft/seed/calendar-view.js";
import { IcsImportError, icsToGraphEventsWithNotes } from "../emulators/microsoft/seed/ics-to-graph-events.js";
import { ALLOWED_CALENDAR_LOSSES, CALENDAR_LOSS_REASONS } from "../helpers/calendar-allowed-losses.js";
import { applyItipStream, baseUid, eventLosses, instancesOf, windowEndOf } from "../helpers/calendar-expectations.js";
import { normaliseIcs, type PyEvent } from "../helpers/pim-normalise.js";
import { FIXTURES_DIR } from "../helpers/fixtures-dir.js";

const FIXTURES = join(FIXTURES_DIR, "calendar");
const facts = JSON.parse(readFileSync(join(FIXTURES, "MANIFEST.facts.json"), "utf8")) as Record<string, CalendarFacts>;

interface CalendarFacts {
  vevents?: number;
  vobject_vevents?: number;
  uids?: Array<string | null>;
  vobject_uids?: string[];
  occurrences?: number | string;
  window?: [string, string];
  calendars?: number;
}

const tmp = mkdtempSync(join(tmpdir(), "lifeboat-ics-rt-"));
process.on("exit", () => rmSync(tmp, { recursive: true, force: true }));

function seed(text: string): { events: GraphEvent[]; notes: string[] } {
  let n = 0;
  return icsToGraphEventsWithNotes(text, {
    calendarId: "calendar-1",
    newId: () => `AAMkAD-event-${++n}`,
    timeZone: "UTC",
    now: () => Date.UTC(2024, 0, 1),
  });
}

function groupByUid(events: Array<PyEvent & { added?: boolean }>, map: (uid: string) => string): Map<string, PyEvent[]> {
  const groups = new Map<string, PyEvent[]>();
  for (const e of events) {
    const uid = map(e.uid ?? "");
    const list = groups.get(uid) ?? [];
    // ADD instances are separate instances of the series: no RECURRENCE-ID, no recurrence.
    list.push(e.added ? { ...e, rrules: [], rdates: [], occurrences: null } : e);
    groups.set(uid, list);
  }
  return groups;
}

/** The documented reason of a loss code: its own entry, else the longest prefix entry ("property:"). */
function reasonFor(code: string): string | undefined {
  if (CALENDAR_LOSS_REASONS[code]) return CALENDAR_LOSS_REASONS[code];
  const prefixes = Object.keys(CALENDAR_LOSS_REASONS).filter((k) => /[:-]$/.test(k) && code.startsWith(k));
  return prefixes.sort((a, b) => b.length - a.length).map((k) => CALENDAR_LOSS_REASONS[k])[0];
}

/** deepEqual with a readable report: the count, then the first instance that differs. */
function sameInstances<T>(actual: T[], expected: T[], what: string): void {
  const i = actual.findIndex((a, k) => JSON.stringify(a) !== JSON.stringify(expected[k]));
  if (i < 0 && actual.length === expected.length) return;
  const at = i < 0 ? Math.min(actual.length, expected.length) : i;
  assert.fail(`${what}: ${actual.length} instances, expected ${expected.length}; first difference at #${at}:\n` +
    `  got      ${JSON.stringify(actual[at])}\n  expected ${JSON.stringify(expected[at])}`);
}

const fixtures = readdirSync(FIXTURES).filter((f) => f.endsWith(".ics")).sort();

test("the allow-list names only existing fixtures and documented reasons", () => {
  for (const [file, codes] of Object.entries(ALLOWED_CALENDAR_LOSSES)) {
    assert.ok(fixtures.includes(file), `allow-list entry for missing fixture ${file}`);
    for (const c of codes) assert.ok(reasonFor(c), `no reason documented for ${c}`);
  }
});

for (const file of fixtures) {
  test(`calendar round trip: ${file}`, () => {
    const path = join(FIXTURES, file);
    const fixture = normaliseIcs(path);
    const fact = facts[file] ?? {};
    const allowed = [...(ALLOWED_CALENDAR_LOSSES[file] ?? [])].sort();
    const text = readFileSync(path, "utf8");

    if (fixture.parser === null) {
      // Both Python parsers reject it; Outlook's import rejects it too.
      assert.throws(() => seed(text), IcsImportError);
      assert.deepEqual(allowed, ["file:unparseable"]);
      return;
    }

    // Independent counts first: the Python reading agrees with the manifest.
    const pyEvents = fixture.calendars.flatMap((c) => c.vevents);
    assert.equal(pyEvents.length, fact.vevents ?? fact.vobject_vevents ?? 0, "VEVENT count vs MANIFEST.facts.json");

    const { events } = seed(text);
    const out = graphEventsToIcs({ name: file, id: "calendar-1" }, events);
    const outPath = join(tmp, file);
    writeFileSync(outPath, out);
    const exported = normaliseIcs(outPath, "icalendar");
    assert.deepEqual(exported.errors, [], "icalendar reads the export");
    assert.equal(exported.calendars.length, 1);
    const viaVobject = normaliseIcs(outPath, "vobject");
    assert.deepEqual(viaVobject.errors, [], "vobject reads the export");

    const merged = applyItipStream(fixture);
    const fixtureUids = new Set(merged.map((e) => e.uid ?? ""));
    const outEvents = exported.calendars[0]?.vevents ?? [];
    // A VEVENT without UID gets a generated one; map it back to the fixture's empty UID.
    const toFixtureUid = (uid: string): string => {
      const b = baseUid(uid);
      return fixtureUids.has(b) ? b : fixtureUids.has("") && b.startsWith("040000008200E00074C5B7101A82E008") ? "" : b;
    };
    const expectedGroups = groupByUid(merged, (u) => u);
    const actualGroups = groupByUid(outEvents, toFixtureUid);
    const vobjectGroups = groupByUid(viaVobject.calendars[0]?.vevents ?? [], toFixtureUid);

    const losses = new Set<string>();
    if (fixture.calendars.length > 1) losses.add("itip:stream");
    for (const c of fixture.calendars) for (const o of c.other) losses.add(`component:${o}`);
    for (const e of merged) for (const l of eventLosses(e)) losses.add(l);

    for (const [uid, group] of expectedGroups) {
      const actual = actualGroups.get(uid) ?? [];
      if (group.every((e) => e.dtstart === null)) {
        assert.equal(actual.length, 0, `${uid}: an event without DTSTART cannot be stored`);
        continue;
      }
      const windowEnd = windowEndOf(group);
      const expected = instancesOf(group, windowEnd);
      const got = instancesOf(actual, windowEnd);
      // Whether an instance came from an override is representation, not content: an override
      // whose occurrence does not exist is exported as an instance of its own.
      sameInstances(got.map(({ fromOverride: _, ...i }) => i), expected.map(({ fromOverride: _, ...i }) => i), `${uid}: export vs fixture`);
      sameInstances(instancesOf(vobjectGroups.get(uid) ?? [], windowEnd), got, `${uid}: vobject (the file's VTIMEZONEs) vs icalendar (pytz) reading the export`);

      const hadSeries = group.some((e) => e.rrules.length > 0 && e.recurrence_id === null);
      const keptSeries = actual.some((e) => e.rrules.length > 0);
      if (hadSeries && !keptSeries) losses.add("series:expanded");
      if (keptSeries && actual.some((e) => e.uid !== null && e.uid !== baseUid(e.uid))) losses.add("series:split-instances");
      if (!hadSeries && group.some((e) => e.rdates.length > 0 && e.recurrence_id === null)) losses.add("series:expanded");
      if (keptSeries) {
        // A kept series keeps its overrides as RECURRENCE-IDs and its EXDATEs (those that hit an occurrence).
        const expOverrides = group.filter((e) => e.recurrence_id !== null).length;
        const gotOverrides = actual.filter((e) => e.recurrence_id !== null).length;
        if (gotOverrides !== expOverrides) losses.add("series:split-instances");
      }
    }
    for (const uid of actualGroups.keys()) assert.ok(expectedGroups.has(uid), `export has an event the fixture lacks: ${uid}`);

    // MANIFEST facts: every UID survives (unless its event could not be stored).
    const factUids = (fact.uids ?? fact.vobject_uids ?? []).filter((u): u is string => typeof u === "string");
    for (const uid of factUids) {
      const stored = (expectedGroups.get(uid) ?? []).some((e) => e.dtstart !== null);
      if (stored) assert.ok(actualGroups.has(uid), `UID ${uid} from MANIFEST.facts.json is in the export`);
    }
    // MANIFEST facts: recurring_ical_events' occurrence count in the stated window, against the
    // emulator's calendarView over the same window (an independent recurrence engine).
    if (typeof fact.occurrences === "number" && fact.window) {
      const view = expandCalendarView(events, new Date(`${fact.window[0]}T00:00:00Z`), new Date(`${fact.window[1]}T00:00:00Z`));
      assert.equal(view.length, fact.occurrences, "calendarView count vs recurring_ical_events (MANIFEST.facts.json)");
    }

    assert.deepEqual([...losses].sort(), allowed, "losses vs calendar-allowed-losses.ts");
  });
}
