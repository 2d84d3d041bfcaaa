// Contacts and calendars of a Microsoft account end to end: every calendar and contact fixture of
// ../shared/fixtures is seeded into the emulated Outlook (a few files per calendar / address book),
// signed in to as a user would, backed up by the engine (contacts-sync.ts, calendar-sync.ts),
// restored, and read back with Debian's python3-icalendar / python3-vobject. Every event must have
// the same instances (UID, start, end, summary, RRULE/EXDATE/RECURRENCE-ID effects, attendees,
// alarm...) as the fixture and every card the same fields (names, emails, phones, addresses, org,
// photo bytes...), except for what calendar-allowed-losses.ts / contact-allowed-losses.ts document
// Graph cannot hold. Then the data changes while the emulator runs and the next runs must reflect
// it at O(changes) requests.
import assert from "node:assert/strict";
import { promises as fsp, readdirSync, readFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { after, before, describe, test } from "node:test";

import type { CatalogEntry, MicrosoftSourceConfig } from "../../shared/archive-types.js";
import type { GraphEvent } from "../../shared/graph-types.js";
import { Archive } from "../../electron/engine/archive/archive.js";
import { runBackup, type BackupResult } from "../../electron/engine/backup/backup-run.js";
import { addTrustedCaPem } from "../../electron/engine/net/tls-trust.js";
import { signInInteractive } from "../../electron/engine/providers/microsoft/auth/microsoft-sign-in.js";
import { newMicrosoftAccountSettings } from "../../electron/engine/providers/microsoft/auth/new-account-settings.js";
import { createMicrosoftSource } from "../../electron/engine/providers/microsoft/microsoft-source-factory.js";
import { loadSnapshotEntries, restoreSnapshot } from "../../electron/engine/restore/restore-snapshot.js";
import { MemorySecretStore } from "../../electron/engine/secrets/memory-secret-store.js";
import { emulatedBrowser } from "../emulators/microsoft/emulated-user.js";
import type { EventData } from "../emulators/microsoft/graph/calendar-store.js";
import { instancesInWindow } from "../emulators/microsoft/graph/event-instances.js";
import { startMicrosoftEmulators, type MicrosoftEmulators } from "../emulators/microsoft/start-microsoft-emulators.js";
import { ALLOWED_CALENDAR_LOSSES } from "../helpers/calendar-allowed-losses.js";
import { applyItipStream, baseUid, eventLosses, instancesOf, windowEndOf, type Instance } from "../helpers/calendar-expectations.js";
import { ALLOWED_CONTACT_LOSSES } from "../helpers/contact-allowed-losses.js";
import { comparableContact, contactLosses } from "../helpers/contact-expectations.js";
import { FIXTURES, sha } from "../helpers/microsoft-test-seed.js";
import { normaliseIcs, normaliseVcf, type PyCalendarFile, type PyEvent } from "../helpers/pim-normalise.js";

const ADDRESS = "robin.calloway@outlook.com";
const DISPLAY_NAME = "Robin Calloway";
const PASSWORD = "correct horse";
const CALENDARS = ["Calendar", "Work", "Family", "Holidays", "Imports", "Sports", "Travel"];
const BOOKS = ["Contacts", "Family", "Work", "Friends", "Clubs", "Imported", "Old phone"];
const CAL_DIR = path.join(FIXTURES, "calendar");
const VCF_DIR = path.join(FIXTURES, "contacts");
const DAY_MS = 86_400_000;

let dir: string;
let emu: MicrosoftEmulators;
let archive: Archive;
const secrets = new MemorySecretStore();
let config: MicrosoftSourceConfig;
/** Fixture file -> calendar / address book it was seeded into. */
const calendarOf = new Map<string, string>();
const bookOf = new Map<string, string>();
/** The fixtures as Python reads them (the expectation side). */
const icsReading = new Map<string, PyCalendarFile>();

async function backup(): Promise<BackupResult> {
  return runBackup(archive, [createMicrosoftSource(config, { secrets })]);
}

async function entriesOf(snapshotId: string): Promise<CatalogEntry[]> {
  return (await loadSnapshotEntries(archive, snapshotId)).entries.filter((e) => e.source === ADDRESS);
}

/** Requests to the contact and calendar APIs, by route. */
function pimRequests(): Record<string, number> {
  return Object.fromEntries(Object.entries(emu.graph.control.requests.snapshot()).filter(([k]) => /contact|calendar|event/i.test(k)));
}
const total = (r: Record<string, number>): number => Object.values(r).reduce((a, b) => a + b, 0);

/** The emulator's encoding for 8-bit cards without a charset: windows-1252 (its default locale). */
function pythonEncodingOf(file: string): string | undefined {
  const facts = JSON.parse(readFileSync(path.join(VCF_DIR, "MANIFEST.facts.json"), "utf8")) as Record<string, { decoded_as: string }>;
  return /^cp\d+\(known\)$/.test(facts[file]?.decoded_as ?? "") ? "cp1252" : undefined;
}

/** Fixture UIDs (after the iTIP stream is applied), "" for an event without one. */
function uidsOf(file: PyCalendarFile): Set<string> {
  return new Set(applyItipStream(file).map((e) => e.uid ?? ""));
}

before(async () => {
  dir = await fsp.mkdtemp(path.join(os.tmpdir(), "lifeboat-pim-"));
  const account = path.join(dir, "seed", "microsoft", ADDRESS);
  await fsp.mkdir(account, { recursive: true });
  await fsp.writeFile(path.join(account, "account.json"), JSON.stringify({ kind: "personal", displayName: DISPLAY_NAME, password: PASSWORD }));

  // Calendars: a few fixtures each, never two that share a UID (a calendar holds one event per UID).
  const uidsIn = new Map<string, Set<string>>(CALENDARS.map((c) => [c, new Set()]));
  const icsFiles = readdirSync(CAL_DIR).filter((f) => f.endsWith(".ics")).sort();
  icsFiles.forEach((file, i) => {
    const reading = normaliseIcs(path.join(CAL_DIR, file));
    icsReading.set(file, reading);
    const uids = reading.parser === null ? new Set<string>() : uidsOf(reading);
    for (let k = 0; k < CALENDARS.length; k++) {
      const cal = CALENDARS[(i + k) % CALENDARS.length]!;
      const taken = uidsIn.get(cal)!;
      if ([...uids].some((u) => taken.has(u))) continue;
      for (const u of uids) taken.add(u);
      calendarOf.set(file, cal);
      return;
    }
    throw new Error(`no calendar free of ${file}'s UIDs`);
  });
  for (const [file, cal] of calendarOf) {
    await fsp.mkdir(path.join(account, "calendars", cal), { recursive: true });
    await fsp.copyFile(path.join(CAL_DIR, file), path.join(account, "calendars", cal, file));
  }
  const vcfFiles = readdirSync(VCF_DIR).filter((f) => f.endsWith(".vcf")).sort();
  vcfFiles.forEach((file, i) => bookOf.set(file, BOOKS[i % BOOKS.length]!));
  for (const [file, book] of bookOf) {
    await fsp.mkdir(path.join(account, "contacts", book), { recursive: true });
    await fsp.copyFile(path.join(VCF_DIR, file), path.join(account, "contacts", book, file));
  }

  emu = await startMicrosoftEmulators({ seedDir: path.join(dir, "seed") });
  addTrustedCaPem(emu.caCertPem, "the test emulators' CA");
  ({ archive } = await Archive.init(path.join(dir, "archive"), "pw", { scryptLogN: 10 }));
  let settings = newMicrosoftAccountSettings({ authority: emu.identity.authority("common"), graphEndpoint: emu.graphUrl });
  settings = await signInInteractive(settings, { secrets }, { openBrowser: emulatedBrowser({ address: ADDRESS, password: PASSWORD }, emu.caCertPem) });
  config = { name: ADDRESS, kind: "microsoft", added: new Date().toISOString(), account: settings };
});

after(async () => {
  await archive?.close();
  await emu?.close();
  if (dir) await fsp.rm(dir, { recursive: true, force: true });
});

// ---- Calendars: the comparison of calendar-round-trip.test.ts, on the restored files. ----

function groupByUid(events: Array<PyEvent & { added?: boolean }>, map: (uid: string) => string): Map<string, PyEvent[]> {
  const groups = new Map<string, PyEvent[]>();
  for (const e of events) {
    const uid = map(e.uid ?? "");
    const list = groups.get(uid) ?? [];
    list.push(e.added ? { ...e, rrules: [], rdates: [], occurrences: null } : e);
    groups.set(uid, list);
  }
  return groups;
}

function firstDifference(actual: Instance[], expected: Instance[], what: string): void {
  const strip = (l: Instance[]): object[] => l.map(({ fromOverride: _, ...i }) => i);
  const a = strip(actual);
  const b = strip(expected);
  const i = a.findIndex((x, k) => JSON.stringify(x) !== JSON.stringify(b[k]));
  if (i < 0 && a.length === b.length) return;
  const at = i < 0 ? Math.min(a.length, b.length) : i;
  assert.fail(`${what}: ${a.length} instances, expected ${b.length}; first difference at #${at}:\n  got      ${JSON.stringify(a[at])}\n  expected ${JSON.stringify(b[at])}`);
}

/**
 * Checks one fixture against the restored calendar it was seeded into; returns its losses.
 * Graph always names an organizer: events whose file named none are the calendar owner's.
 */
function checkCalendarFixture(file: string, restored: PyEvent[], restoredByVobject: PyEvent[], allFixtureUids: Set<string>): string[] {
  const fixture = icsReading.get(file)!;
  const losses = new Set<string>();
  if (fixture.parser === null) return ["file:unparseable"];
  const merged = applyItipStream(fixture).map((e) => (e.organizer ? e : { ...e, organizer: { email: ADDRESS, address: ADDRESS, cn: DISPLAY_NAME } }));
  const fixtureUids = new Set(merged.map((e) => e.uid ?? ""));
  const toFixtureUid = (uid: string): string => {
    const b = baseUid(uid);
    return allFixtureUids.has(b) ? b : fixtureUids.has("") ? "" : b;
  };
  const expectedGroups = groupByUid(merged, (u) => u);
  const actualGroups = groupByUid(restored, toFixtureUid);
  const vobjectGroups = groupByUid(restoredByVobject, toFixtureUid);
  if (fixture.calendars.length > 1) losses.add("itip:stream");
  for (const c of fixture.calendars) for (const o of c.other) losses.add(`component:${o}`);
  for (const e of merged) for (const l of eventLosses(e)) losses.add(l);
  for (const [uid, group] of expectedGroups) {
    const actual = actualGroups.get(uid) ?? [];
    if (group.every((e) => e.dtstart === null)) {
      assert.equal(actual.length, 0, `${file} ${uid}: an event without DTSTART cannot be stored`);
      continue;
    }
    const windowEnd = windowEndOf(group);
    const got = instancesOf(actual, windowEnd);
    firstDifference(got, instancesOf(group, windowEnd), `${file} ${uid}: restored vs fixture`);
    firstDifference(instancesOf(vobjectGroups.get(uid) ?? [], windowEnd), got, `${file} ${uid}: vobject vs icalendar reading the restore`);
    const hadSeries = group.some((e) => e.rrules.length > 0 && e.recurrence_id === null);
    const keptSeries = actual.some((e) => e.rrules.length > 0);
    if (hadSeries && !keptSeries) losses.add("series:expanded");
    if (keptSeries && actual.some((e) => e.uid !== null && e.uid !== baseUid(e.uid))) losses.add("series:split-instances");
    if (!hadSeries && group.some((e) => e.rdates.length > 0 && e.recurrence_id === null)) losses.add("series:expanded");
    if (keptSeries && actual.filter((e) => e.recurrence_id !== null).length !== group.filter((e) => e.recurrence_id !== null).length) losses.add("series:split-instances");
  }
  return [...losses].sort();
}

async function checkCalendars(out: string): Promise<void> {
  for (const cal of CALENDARS) {
    const icsPath = path.join(out, ADDRESS, "calendars", `${cal}.ics`);
    const viaIcalendar = normaliseIcs(icsPath, "icalendar");
    assert.deepEqual(viaIcalendar.errors, [], `${cal}.ics: icalendar reads it`);
    const viaVobject = normaliseIcs(icsPath, "vobject");
    assert.deepEqual(viaVobject.errors, [], `${cal}.ics: vobject reads it`);
    const files = [...calendarOf].filter(([, c]) => c === cal).map(([f]) => f);
    const allUids = new Set(files.flatMap((f) => (icsReading.get(f)!.parser === null ? [] : [...uidsOf(icsReading.get(f)!)])));
    const restored = viaIcalendar.calendars[0]?.vevents ?? [];
    const byVobject = viaVobject.calendars[0]?.vevents ?? [];
    for (const file of files) {
      const losses = checkCalendarFixture(file, restored, byVobject, allUids);
      assert.deepEqual(losses, [...(ALLOWED_CALENDAR_LOSSES[file] ?? [])].sort(), `${file}: losses vs calendar-allowed-losses.ts`);
    }
    for (const e of restored) {
      const b = baseUid(e.uid ?? "");
      assert.ok(allUids.has(b) || allUids.has(""), `${cal}.ics has an event no fixture of it has: ${e.uid}`);
    }
  }
}

// ---- Contacts: the comparison of contact-round-trip.test.ts, on the restored address books. ----

async function checkContacts(out: string): Promise<void> {
  for (const book of BOOKS) {
    const restored = normaliseVcf(path.join(out, ADDRESS, "contacts", `${book}.vcf`));
    const pool = new Map<string, number>();
    for (const card of restored.cards) {
      const k = JSON.stringify(comparableContact(card));
      pool.set(k, (pool.get(k) ?? 0) + 1);
    }
    let expected = 0;
    for (const [file, b] of bookOf) {
      if (b !== book) continue;
      const fixture = normaliseVcf(path.join(VCF_DIR, file), pythonEncodingOf(file));
      const losses = new Set<string>();
      fixture.cards.forEach((card, i) => {
        const k = JSON.stringify(comparableContact(card));
        const left = pool.get(k) ?? 0;
        assert.ok(left > 0, `${file} card ${i + 1} (${card.fn[0] ?? "no FN"}) is in ${book}.vcf as it was:\n${k}`);
        pool.set(k, left - 1);
        for (const l of contactLosses(card)) losses.add(l);
      });
      for (const l of losses) assert.ok((ALLOWED_CONTACT_LOSSES[file] ?? []).includes(l), `${file}: loss ${l} is not documented in contact-allowed-losses.ts`);
      expected += fixture.cards.length;
    }
    assert.equal(restored.cards.length, expected, `${book}.vcf holds every card of its fixtures and nothing else`);
  }
}

async function readJson<T>(file: string): Promise<T> {
  return JSON.parse(await fsp.readFile(file, "utf8")) as T;
}

function instantOf(e: PyEvent): string {
  return e.dtstart?.value ?? "";
}

describe("Microsoft contacts and calendars against the emulated cloud", () => {
  let firstId = "";
  let baseline = 0;

  test("a full backup restores every event and every card as Python reads the fixtures", async () => {
    emu.graph.control.requests.reset();
    const r = await backup();
    assert.deepEqual(r.failed, []);
    firstId = r.snapshot.id;
    const counts = pimRequests();
    console.log(`full run: ${total(counts)} contact/calendar requests ${JSON.stringify(counts)}`);
    const out = path.join(dir, "restore-1");
    const res = await restoreSnapshot(archive, firstId, out);
    assert.deepEqual(res.failed, []);
    await checkCalendars(out);
    await checkContacts(out);

    const entries = await entriesOf(firstId);
    // Catalog facts for search.
    const contacts = entries.filter((e) => e.kind === "contact");
    const cards = [...bookOf.keys()].reduce((n, f) => n + normaliseVcf(path.join(VCF_DIR, f), pythonEncodingOf(f)).cards.length, 0);
    assert.equal(contacts.length, cards, "one JSON per contact");
    assert.ok(contacts.every((e) => typeof e.meta?.name === "string" && Array.isArray(e.meta?.emails) && typeof e.meta?.company === "string"));
    assert.ok(contacts.some((e) => (e.meta?.emails as string[]).length > 0 && e.meta?.company !== ""));
    const events = entries.filter((e) => e.kind === "event");
    const byType = events.reduce<Record<string, number>>((m, e) => ({ ...m, [String(e.state?.type)]: (m[String(e.state?.type)] ?? 0) + 1 }), {});
    console.log(`stored: ${contacts.length} contacts, events ${JSON.stringify(byType)}`);
    assert.ok(events.every((e) => typeof e.meta?.subject === "string" && typeof e.meta?.start === "string" && e.meta?.calendar !== undefined));
    assert.ok(!events.some((e) => e.state?.type === "occurrence"), "plain occurrences are never stored");

    // A photo is kept inside its contact's JSON, byte for byte as Outlook serves it.
    const acct = emu.store.get(ADDRESS)!;
    let photos = 0;
    for (const e of contacts) {
      const record = acct.contacts.items.byId(String(e.state?.id));
      const photo = record ? acct.contacts.photoOf(record) : undefined;
      const json = await readJson<Record<string, unknown>>(path.join(out, ADDRESS, e.path));
      const kept = json["@lifeboat.photo"] as { base64: string } | undefined;
      if (!photo) {
        assert.equal(kept, undefined, `${e.path}: no photo`);
        continue;
      }
      photos++;
      assert.equal(sha(Buffer.from(kept!.base64, "base64")), sha(Buffer.from(photo.bytes)), `${e.path}: photo bytes`);
    }
    assert.ok(photos >= 2, "the photo fixtures' photos are kept");

    // A deleted occurrence (EXDATE) is carried by its master's JSON, not by stored occurrences.
    const exdateFile = "ical4j_EXDATE.ics";
    const masterEntry = events.find((e) => e.state?.type === "seriesMaster" && e.path.startsWith(`calendars/${calendarOf.get(exdateFile)}/`) && icsReading.get(exdateFile)!.calendars[0]!.vevents.some((v) => v.summary === e.meta?.subject))!;
    const master = await readJson<GraphEvent>(path.join(out, ADDRESS, masterEntry.path));
    assert.ok((master.cancelledOccurrences ?? []).length > 0, "the master lists its deleted occurrences");
  });

  test("a run with no changes costs the folder tree, one request per address book and per calendar, and the calendar list", async () => {
    emu.graph.control.requests.reset();
    const r = await backup();
    assert.deepEqual(r.failed, []);
    const counts = pimRequests();
    console.log(`no-change run: ${total(counts)} contact/calendar requests ${JSON.stringify(counts)}`);
    baseline = 1 + BOOKS.length + 1 + CALENDARS.length;
    assert.equal(total(counts), baseline, JSON.stringify(counts));
    const prev = await entriesOf(firstId);
    const now = await entriesOf(r.snapshot.id);
    const pim = (l: CatalogEntry[]): string[] => l.filter((e) => /^(contacts|calendars)\//.test(e.path)).map((e) => `${e.path} ${(e.content ?? []).join()}`).sort();
    assert.deepEqual(pim(now), pim(prev), "the same items with the same stored content");
  });

  test("after changes the next run reflects them at O(changes) requests", async () => {
    const acct = emu.store.get(ADDRESS)!;
    const cal = acct.calendar;
    // A fixture series, chosen before anything is added.
    const series = CALENDARS.flatMap((c) => cal.eventIds(c).map((id) => ({ c, r: cal.items.byId(id)! }))).find(({ r }) => r.data.event.recurrence?.range.type === "numbered" && r.data.cancelled.length === 0 && r.data.exceptions.length === 0)!;
    // A new weekly series this year (inside the change-detection window) and a new single event.
    const monday = Date.UTC(new Date().getUTCFullYear(), 0, 5, 9, 0, 0);
    const newSeries = cal.addEvent("Work", eventData({
      subject: "Weekly planning",
      start: monday,
      minutes: 30,
      recurrence: {
        pattern: { type: "weekly", interval: 1, month: 0, dayOfMonth: 0, daysOfWeek: [weekday(monday)], firstDayOfWeek: "sunday", index: "first" },
        range: { type: "numbered", startDate: new Date(monday).toISOString().slice(0, 10), endDate: "0001-01-01", recurrenceTimeZone: "UTC", numberOfOccurrences: 10 },
      },
    }));
    cal.addEvent("Family", eventData({ subject: "Dentist", start: monday + 30 * DAY_MS, minutes: 45 }));
    // A fixture single changed and another deleted; an occurrence of a fixture series (years
    // before the window) deleted.
    const singles = cal.eventIds("Holidays").map((id) => cal.items.byId(id)!).filter((r) => !r.data.event.recurrence);
    const changedSingle = singles[0]!;
    const deletedSingle = singles[1]!;
    cal.updateEvent(cal.items.immutableId(changedSingle), { subject: "Renamed by the test" });
    cal.deleteEvent(cal.items.immutableId(deletedSingle));
    const occurrences = instancesInWindow(series.r.data, Date.UTC(1900, 0, 1), Date.UTC(2100, 0, 1));
    const cancelled = occurrences[1]!.originalStart;
    cal.cancelOccurrence(cal.items.immutableId(series.r), cancelled);
    // Contacts: one edited, one deleted, one added with a photo.
    const contacts = acct.contacts;
    const edited = contacts.contactIds("Family")[0]!;
    const deletedContact = contacts.contactIds("Work")[0]!;
    contacts.updateContact(edited, { companyName: "Edited Ltd", emailAddresses: [{ name: "Edited", address: "edited@example.org" }] });
    contacts.deleteContact(deletedContact);
    const photo = readFileSync(path.join(VCF_DIR, "fkvcards_Photo_v3.vcf"));
    const jpeg = Buffer.from([0xff, 0xd8, 0xff, 0xe0, ...photo.subarray(0, 64), 0xff, 0xd9]);
    contacts.addContact("Friends", { displayName: "New Friend", givenName: "New", surname: "Friend", emailAddresses: [{ name: "New Friend", address: "new.friend@example.org" }] }, { contentType: "image/jpeg", bytes: new Uint8Array(jpeg) });

    emu.graph.control.requests.reset();
    const r = await backup();
    assert.deepEqual(r.failed, []);
    const counts = pimRequests();
    console.log(`incremental run after 8 changes: ${total(counts)} contact/calendar requests ${JSON.stringify(counts)}`);
    // Beyond the no-change cost: 2 photos, a GET that finds the deleted event gone, the changed
    // series' master and instances (the old one and the new one), and at most one light listing
    // per calendar that reported an id it never had.
    assert.ok(total(counts) <= baseline + 14, `O(changes): ${total(counts)} requests ${JSON.stringify(counts)}`);
    assert.equal(counts["GET /contacts/{id}/photo/$value"], 2, "photos only for the edited and the added contact");

    const out = path.join(dir, "restore-2");
    assert.deepEqual((await restoreSnapshot(archive, r.snapshot.id, out)).failed, []);
    const work = normaliseIcs(path.join(out, ADDRESS, "calendars", "Work.ics"), "icalendar").calendars[0]!.vevents;
    const planning = work.find((e) => e.summary === "Weekly planning")!;
    assert.ok(planning, "the new series is in Work.ics");
    assert.equal(planning.rrules.length, 1);
    assert.equal(planning.occurrences?.length, 10, JSON.stringify({ exdates: planning.exdates, occ: planning.occurrences, rrules: planning.rrules, start: planning.dtstart }));
    const family = normaliseIcs(path.join(out, ADDRESS, "calendars", "Family.ics"), "icalendar").calendars[0]!.vevents;
    assert.ok(family.some((e) => e.summary === "Dentist"));
    const holidays = normaliseIcs(path.join(out, ADDRESS, "calendars", "Holidays.ics"), "icalendar").calendars[0]!.vevents;
    assert.ok(holidays.some((e) => e.summary === "Renamed by the test"));
    assert.equal(holidays.length, normaliseIcs(path.join(dir, "restore-1", ADDRESS, "calendars", "Holidays.ics"), "icalendar").calendars[0]!.vevents.length - 1, "the deleted event is gone");
    const seriesCal = normaliseIcs(path.join(out, ADDRESS, "calendars", `${series.c}.ics`), "icalendar").calendars[0]!.vevents;
    const seriesSubject = series.r.data.event.subject;
    const m = seriesCal.find((e) => (e.summary ?? "") === seriesSubject && e.rrules.length > 0)!;
    assert.ok(m, `${series.c}.ics has the series "${seriesSubject}": ${JSON.stringify(seriesCal.filter((e) => e.rrules.length > 0).map((e) => [e.summary, e.uid]))}`);
    assert.ok(m.exdates.some((x) => Date.parse(x.value.length === 10 ? `${x.value}T00:00:00Z` : x.value) === cancelled || x.value === new Date(cancelled).toISOString().slice(0, 10)), `EXDATE for the deleted occurrence: ${JSON.stringify(m.exdates)}`);
    assert.equal(m.occurrences?.length, occurrences.length - 1);

    const friends = normaliseVcf(path.join(out, ADDRESS, "contacts", "Friends.vcf")).cards;
    const added = friends.find((c) => c.fn[0] === "New Friend")!;
    assert.equal(added.photo[0]?.sha256, sha(jpeg), "the new contact's photo");
    const familyCards = normaliseVcf(path.join(out, ADDRESS, "contacts", "Family.vcf")).cards;
    assert.ok(familyCards.some((c) => c.email.some((e) => e.value === "edited@example.org") && c.org.some((o) => o[0] === "Edited Ltd")));
    const workBefore = normaliseVcf(path.join(dir, "restore-1", ADDRESS, "contacts", "Work.vcf")).cards.length;
    assert.equal(normaliseVcf(path.join(out, ADDRESS, "contacts", "Work.vcf")).cards.length, workBefore - 1);
    // Books and calendars nobody touched were not rebuilt.
    const before = new Map((await entriesOf(firstId)).map((e) => [e.path, (e.content ?? []).join()]));
    const now = await entriesOf(r.snapshot.id);
    for (const p of ["contacts/Clubs.vcf", "contacts/Imported.vcf", "calendars/Sports.ics"]) {
      if (p === `calendars/${series.c}.ics`) continue;
      assert.equal(now.find((e) => e.path === p)?.content?.join(), before.get(p), `${p} reused as stored`);
    }

    // Inside the window: an occurrence of the new series deleted and another one moved.
    const planningStarts = instancesInWindow(cal.items.byId(newSeries)!.data, monday - DAY_MS, monday + 100 * DAY_MS).map((i) => i.originalStart);
    cal.cancelOccurrence(newSeries, planningStarts[2]!);
    cal.setException(newSeries, planningStarts[4]!, { subject: "Planning (moved)", start: { dateTime: iso(planningStarts[4]! + 3 * 3_600_000), timeZone: "UTC" }, end: { dateTime: iso(planningStarts[4]! + 3 * 3_600_000 + 30 * 60_000), timeZone: "UTC" } });
    // Moves: a fixture event (years before the window) to another calendar, a contact to another book.
    const movedEvent = cal.eventIds("Sports").map((id) => cal.items.byId(id)!).find((x) => !x.data.event.recurrence)!;
    const movedUid = movedEvent.data.event.iCalUId!;
    cal.moveEvent(cal.items.immutableId(movedEvent), "Travel");
    const movedContact = contacts.contactIds("Clubs")[0]!;
    const movedName = contacts.items.byId(movedContact)!.data.displayName;
    contacts.moveContact(movedContact, "Friends");
    const clubsBefore = normaliseVcf(path.join(out, ADDRESS, "contacts", "Clubs.vcf")).cards.length;
    emu.graph.control.requests.reset();
    const r3 = await backup();
    assert.deepEqual(r3.failed, []);
    const counts3 = pimRequests();
    console.log(`incremental run after 2 changes to one series and 2 moves: ${total(counts3)} contact/calendar requests ${JSON.stringify(counts3)}`);
    assert.ok(total(counts3) <= baseline + 8, JSON.stringify(counts3));
    const out3 = path.join(dir, "restore-3");
    assert.deepEqual((await restoreSnapshot(archive, r3.snapshot.id, out3)).failed, []);
    const uidsIn = (c: string): string[] => normaliseIcs(path.join(out3, ADDRESS, "calendars", `${c}.ics`), "icalendar").calendars[0]!.vevents.map((e) => e.uid ?? "");
    assert.ok(uidsIn("Travel").includes(movedUid), "the moved event is in Travel.ics");
    assert.ok(!uidsIn("Sports").includes(movedUid), "...and no longer in Sports.ics");
    assert.ok(normaliseVcf(path.join(out3, ADDRESS, "contacts", "Friends.vcf")).cards.some((c) => c.fn[0] === movedName), "the moved contact is in Friends.vcf");
    assert.equal(normaliseVcf(path.join(out3, ADDRESS, "contacts", "Clubs.vcf")).cards.length, clubsBefore - 1);
    const entries3 = await entriesOf(r3.snapshot.id);
    assert.ok(entries3.some((e) => e.state?.id === movedContact && e.path.startsWith("contacts/Friends/")));
    assert.ok(entries3.some((e) => e.state?.id === cal.items.immutableId(movedEvent) && e.path.startsWith("calendars/Travel/")));
    const work3 = normaliseIcs(path.join(out3, ADDRESS, "calendars", "Work.ics"), "icalendar").calendars[0]!.vevents;
    const master3 = work3.find((e) => e.summary === "Weekly planning" && e.rrules.length > 0)!;
    assert.deepEqual(master3.exdates.map((x) => x.value), [new Date(planningStarts[2]!).toISOString().replace(/\.\d{3}Z$/, "Z")]);
    const moved = work3.find((e) => e.summary === "Planning (moved)")!;
    assert.equal(moved.recurrence_id?.value, new Date(planningStarts[4]!).toISOString().replace(/\.\d{3}Z$/, "Z"));
    assert.equal(instantOf(moved), new Date(planningStarts[4]! + 3 * 3_600_000).toISOString().replace(/\.\d{3}Z$/, "Z"));
    assert.equal(moved.uid, master3.uid);
  });

  test("a photo and a series that keep failing are reported, kept as they were, and read on the next run", async () => {
    const acct = emu.store.get(ADDRESS)!;
    const contact = acct.contacts.contactIds("Family")[1]!;
    acct.contacts.updateContact(contact, { jobTitle: "Retried" });
    const planning = acct.calendar.eventIds("Work").map((id) => acct.calendar.items.byId(id)!).find((x) => x.data.event.subject === "Weekly planning")!;
    acct.calendar.updateEvent(acct.calendar.items.immutableId(planning), { subject: "Weekly planning (retried)" });
    const photoFault = emu.graph.control.faults.failRoute({ match: /photo/, status: 500, code: "ErrorCorruptData", message: "Data is corrupt." });
    const seriesFault = emu.graph.control.faults.failRoute({ match: /instances/, status: 500, code: "ErrorCorruptData", message: "Data is corrupt." });
    const r1 = await backup();
    photoFault.remove();
    seriesFault.remove();
    assert.equal(r1.failed.length, 2, JSON.stringify(r1.failed));
    const kept = await entriesOf(r1.snapshot.id);
    assert.ok(kept.some((e) => e.state?.id === contact), "the contact keeps its previous version");
    assert.ok(kept.some((e) => e.meta?.subject === "Weekly planning" && e.state?.type === "seriesMaster"), "the series keeps its previous version");

    emu.graph.control.requests.reset();
    const r2 = await backup();
    assert.deepEqual(r2.failed, []);
    const counts = pimRequests();
    assert.equal(counts["GET /contacts/{id}/photo/$value"], 1, JSON.stringify(counts));
    assert.equal(counts["GET /events/{id}/instances"], 1, JSON.stringify(counts));
    const out = path.join(dir, "restore-retried");
    assert.deepEqual((await restoreSnapshot(archive, r2.snapshot.id, out)).failed, []);
    assert.ok(normaliseVcf(path.join(out, ADDRESS, "contacts", "Family.vcf")).cards.some((c) => c.title.includes("Retried")));
    assert.ok(normaliseIcs(path.join(out, ADDRESS, "calendars", "Work.ics"), "icalendar").calendars[0]!.vevents.some((e) => e.summary === "Weekly planning (retried)" && e.rrules.length > 0));
  });

  test("expired delta tokens: a full enumeration reads nothing again and stores the same items", async () => {
    emu.graph.control.expireDeltaTokens();
    emu.graph.control.requests.reset();
    const prev = (await archive.snapshots()).snapshots.filter((s) => s.data.complete).at(-1)!;
    const r = await backup();
    assert.deepEqual(r.failed, []);
    const counts = pimRequests();
    console.log(`resync after expired tokens: ${total(counts)} contact/calendar requests ${JSON.stringify(counts)}`);
    assert.equal(counts["GET /contacts/{id}/photo/$value"] ?? 0, 0, "no contact read again");
    assert.equal(counts["GET /events/{id}/instances"] ?? 0, 0, "no series read again");
    const pim = (l: CatalogEntry[]): string[] => l.filter((e) => /^(contacts|calendars)\//.test(e.path)).map((e) => `${e.path} ${(e.content ?? []).join()}`).sort();
    assert.deepEqual(pim(await entriesOf(r.snapshot.id)), pim(await entriesOf(prev.id)));
  });
});

function iso(ms: number): string {
  return new Date(ms).toISOString().replace("Z", "").replace(/\.\d{3}$/, ".0000000");
}

function weekday(ms: number): "sunday" | "monday" | "tuesday" | "wednesday" | "thursday" | "friday" | "saturday" {
  return (["sunday", "monday", "tuesday", "wednesday", "thursday", "friday", "saturday"] as const)[new Date(ms).getUTCDay()]!;
}

/** A plain Outlook event in UTC, the way the emulator's store takes it. */
function eventData(o: { subject: string; start: number; minutes: number; recurrence?: GraphEvent["recurrence"] }): EventData {
  return {
    categories: [],
    reminderMinutesBeforeStart: 15,
    isReminderOn: true,
    subject: o.subject,
    importance: "normal",
    sensitivity: "normal",
    isAllDay: false,
    isCancelled: false,
    showAs: "busy",
    type: o.recurrence ? "seriesMaster" : "singleInstance",
    body: { contentType: "text", content: `${o.subject} (added by the test)` },
    start: { dateTime: iso(o.start), timeZone: "UTC" },
    end: { dateTime: iso(o.start + o.minutes * 60_000), timeZone: "UTC" },
    originalStartTimeZone: "UTC",
    originalEndTimeZone: "UTC",
    location: { displayName: "" },
    locations: [],
    recurrence: o.recurrence ?? null,
    attendees: [{ type: "required", status: { response: "none", time: "0001-01-01T00:00:00Z" }, emailAddress: { name: "Pat", address: "pat@example.org" } }],
    organizer: { emailAddress: { name: DISPLAY_NAME, address: ADDRESS } },
  };
}
