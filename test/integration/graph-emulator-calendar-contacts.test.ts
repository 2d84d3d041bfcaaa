// Calendars and contacts in the Graph emulator: a real recurring series (weekly, EXDATEs,
// cancelled overrides) seeded from the shared .ics fixtures, calendarView and its delta with the
// window sealed in the token, instances, beta events/delta, time zones; then contacts and their
// folders, per-folder delta and immutable ids across moves.
import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { promises as fsp } from "node:fs";
import os from "node:os";
import path from "node:path";
import { AccountStore } from "../emulators/microsoft/graph/account-store.js";
import { loadSeed } from "../emulators/microsoft/seed/load-seed.js";
import { drainDelta, FIXTURES, ManualClock, startTestGraph, type TestGraph } from "./graph-emulator-harness.js";

const ADDRESS = "hana@outlook.example";
const WINDOW = "startDateTime=2017-10-01T00:00:00Z&endDateTime=2018-10-10T00:00:00Z";
const IMMUTABLE = { prefer: 'IdType="ImmutableId"' };

let graph: TestGraph;
let seedDir: string;

type Event = Record<string, unknown> & { id: string; type: string; start: { dateTime: string; timeZone: string }; originalStart?: string; seriesMasterId?: string | null };

before(async () => {
  seedDir = await fsp.mkdtemp(path.join(os.tmpdir(), "lifeboat-graph-cal-"));
  const account = path.join(seedDir, "microsoft", ADDRESS);
  await fsp.mkdir(path.join(account, "calendars", "Calendar"), { recursive: true });
  await fsp.mkdir(path.join(account, "calendars", "Holidays"), { recursive: true });
  await fsp.copyFile(path.join(FIXTURES, "calendar", "pyvobject_radicale-0827.ics"), path.join(account, "calendars", "Calendar", "balboa.ics"));
  await fsp.copyFile(path.join(FIXTURES, "calendar", "icaljs_rdate_exdate.ics"), path.join(account, "calendars", "Holidays", "daily.ics"));
  await fsp.mkdir(path.join(account, "contacts", "Friends"), { recursive: true });
  await fsp.mkdir(path.join(account, "contacts", "Photos"), { recursive: true });
  await fsp.copyFile(path.join(FIXTURES, "contacts", "ezvcard_gmail-list.vcf"), path.join(account, "contacts", "Friends", "gmail.vcf"));
  await fsp.copyFile(path.join(FIXTURES, "contacts", "fkvcards_Photo_v3.vcf"), path.join(account, "contacts", "Photos", "emma.vcf"));
  const clock = new ManualClock();
  const { store } = await loadSeed(seedDir, { store: new AccountStore(clock) });
  graph = await startTestGraph(store, clock);
});

after(async () => {
  await graph?.close();
  await fsp.rm(seedDir, { recursive: true, force: true });
});

describe("calendars", () => {
  test("calendars, the series master and its recurrence as Graph describes them", async () => {
    const calendars = (await graph.get("/me/calendars")).json<{ value: Array<{ name: string; isDefaultCalendar: boolean }> }>().value;
    assert.deepEqual(calendars.map((c) => [c.name, c.isDefaultCalendar]), [["Calendar", true], ["Holidays", false]]);
    const events = (await graph.get("/me/events")).json<{ value: Event[] }>().value;
    assert.equal(events.length, 1, "/events lists the master, not its instances");
    const master = events[0];
    assert.ok(master);
    assert.equal(master.type, "seriesMaster");
    assert.deepEqual((master.recurrence as { pattern: { type: string; daysOfWeek: string[] } }).pattern.type, "weekly");
    assert.equal(master.originalStartTimeZone === "Romance Standard Time" || master.originalStartTimeZone === "Europe/Paris", true, String(master.originalStartTimeZone));
    assert.deepEqual(master.start, { dateTime: "2017-10-09T18:30:00.0000000", timeZone: "UTC" }, "UTC unless a zone is preferred");
    const paris = await graph.get(`/me/events/${encodeURIComponent(master.id)}`, { headers: { prefer: 'outlook.timezone="Romance Standard Time"' } });
    assert.deepEqual(paris.json<Event>().start, { dateTime: "2017-10-09T20:30:00.0000000", timeZone: "Romance Standard Time" });
  });

  test("calendarView expands occurrences, leaves out EXDATEs, keeps cancelled overrides as exceptions", async () => {
    const all: Event[] = [];
    let url: string | undefined = `/me/calendarView?${WINDOW}&$top=10`;
    while (url) {
      const page: { value: Event[]; "@odata.nextLink"?: string } = (await graph.get(url)).json();
      all.push(...page.value);
      url = page["@odata.nextLink"];
    }
    assert.equal(all.length, 28, "the fixture's 28 occurrences in the window");
    const exceptions = all.filter((e) => e.type === "exception");
    assert.equal(exceptions.length, 2);
    for (const e of exceptions) assert.equal(e.isCancelled, true);
    assert.ok(!all.some((e) => e.originalStart === "2017-10-23T18:30:00Z"), "EXDATE left out");
    const master = (await graph.get("/me/events")).json<{ value: Event[] }>().value[0];
    for (const e of all) assert.equal(e.seriesMasterId, master?.id);
    const one = await graph.get(`/me/events/${encodeURIComponent(all[3]?.id ?? "")}`);
    assert.equal(one.status, 200, "an occurrence is addressable by its id");
    assert.equal(one.json<Event>().originalStart, all[3]?.originalStart);
    const instances = await graph.get(`/me/events/${encodeURIComponent(master?.id ?? "")}/instances?startDateTime=2018-01-01T00:00:00Z&endDateTime=2018-02-01T00:00:00Z`);
    assert.deepEqual(instances.json<{ value: Event[] }>().value.map((e) => e.originalStart), ["2018-01-08T19:30:00Z", "2018-01-15T19:30:00Z", "2018-01-22T19:30:00Z", "2018-01-29T19:30:00Z"]);
    const noWindow = await graph.get("/me/calendarView");
    assert.equal(noWindow.status, 400);
    assert.equal(noWindow.json<{ error: { code: string } }>().error.code, "ErrorInvalidParameter");
  });

  test("calendarView/delta: the window lives in the token; changes inside and outside the window", async () => {
    assert.equal((await graph.get(`/me/calendarView/delta?${WINDOW}&$select=subject`)).status, 400, "no $select on calendarView delta");
    const first = await drainDelta(graph, `/me/calendarView/delta?${WINDOW}`, { headers: { prefer: "odata.maxpagesize=10" } });
    assert.equal(first.items.length, 28);
    assert.ok(!first.deltaLink.includes("startDateTime"), "the window is inside the token");

    const cal = graph.store.require(ADDRESS).calendar;
    const [masterId] = cal.eventIds();
    assert.ok(masterId);
    const target = Date.parse("2017-11-06T19:30:00Z");
    const victim = first.items.find((e) => e.originalStart === "2017-11-06T19:30:00Z");
    assert.ok(victim);
    cal.cancelOccurrence(masterId, target);
    const outside = cal.addEvent("calendar", {
      subject: "Far away",
      start: { dateTime: "2030-01-01T10:00:00.0000000", timeZone: "UTC" },
      end: { dateTime: "2030-01-01T11:00:00.0000000", timeZone: "UTC" },
      isAllDay: false,
      type: "singleInstance",
      recurrence: null,
      categories: [],
      reminderMinutesBeforeStart: 15,
      isReminderOn: true,
      importance: "normal",
      sensitivity: "normal",
      isCancelled: false,
      showAs: "busy",
      body: { contentType: "text", content: "" },
      location: { displayName: "" },
      locations: [],
      attendees: [],
    });
    const second = await drainDelta(graph, first.deltaLink, { headers: IMMUTABLE });
    const removed = second.items.filter((e) => e["@removed"]);
    const removedIds = removed.map((e) => e.id);
    assert.ok(removedIds.includes(outside), "an event changed outside the window is reported as removed");
    assert.equal(second.items.filter((e) => !e["@removed"]).length, 27, "the changed series' remaining instances");
    assert.equal(removed.length, 2);

    cal.deleteEvent(masterId);
    const third = await drainDelta(graph, second.deltaLink);
    assert.equal(third.items.length, 27);
    assert.ok(third.items.every((e) => (e["@removed"] as { reason: string } | undefined)?.reason === "deleted"));
  });

  test("beta events/delta returns masters and singles with id, type, start and end only; v1.0 has none", async () => {
    const beta = graph.base.replace("/v1.0", "/beta");
    const round = await drainDelta(graph, `${beta}/me/calendars/${encodeURIComponent((await graph.get("/me/calendars")).json<{ value: Array<{ id: string; name: string }> }>().value.find((c) => c.name === "Holidays")?.id ?? "")}/events/delta`);
    assert.equal(round.items.length, 1);
    assert.deepEqual(Object.keys(round.items[0] ?? {}).sort(), ["@odata.etag", "@odata.type", "end", "id", "start", "type"]);
    assert.equal((await graph.get("/me/events/delta")).status, 400);
  });
});

describe("contacts", () => {
  test("seeded from .vcf: one folder per address book, cards as contacts, photos apart", async () => {
    const folders = (await graph.get("/me/contactFolders")).json<{ value: Array<{ id: string; displayName: string }> }>().value;
    const friends = folders.find((f) => f.displayName === "Friends");
    assert.ok(friends);
    const names = (await graph.get(`/me/contactFolders/${encodeURIComponent(friends.id)}/contacts?$select=displayName`)).json<{ value: Array<{ displayName: string }> }>().value.map((c) => c.displayName);
    assert.deepEqual(names.sort(), ["Arnold Smith", "Chris Beatle", "Doug White"]);
    const photos = folders.find((f) => f.displayName === "Photos");
    const [emma] = (await graph.get(`/me/contactFolders/${encodeURIComponent(photos?.id ?? "")}/contacts`)).json<{ value: Array<{ id: string; displayName: string }> }>().value;
    assert.equal(emma?.displayName, "Emma Musterfrau");
    const photo = await graph.get(`/me/contacts/${encodeURIComponent(emma?.id ?? "")}/photo/$value`);
    assert.equal(photo.status, 200);
    assert.match(String(photo.headers["content-type"]), /^image\//);
    assert.ok(photo.body.length > 100);
    const arnold = (await graph.get(`/me/contactFolders/${encodeURIComponent(friends.id)}/contacts`)).json<{ value: Array<{ id: string }> }>().value[0];
    assert.equal((await graph.get(`/me/contacts/${encodeURIComponent(arnold?.id ?? "")}/photo/$value`)).status, 404);
  });

  test("default folder, child folders, delta with adds, changes, moves and deletes", async () => {
    const contacts = graph.store.require(ADDRESS).contacts;
    const family = contacts.addFolder("Family");
    const ann = contacts.addContact("contacts", { displayName: "Ann Example", givenName: "Ann", surname: "Example", emailAddresses: [{ name: "Ann Example", address: "ann@example.com" }] });
    const ben = contacts.addContact("contacts", { displayName: "Ben Example" });
    contacts.addContact(family, { displayName: "Grandma" });

    const folders = (await graph.get("/me/contactFolders")).json<{ value: Array<{ id: string; displayName: string; parentFolderId: string }> }>().value;
    assert.deepEqual(folders.map((f) => f.displayName).sort(), ["Family", "Friends", "Photos"]);
    const list = (await graph.get("/me/contacts?$select=displayName,emailAddresses", { headers: IMMUTABLE })).json<{ value: Array<Record<string, unknown>> }>().value;
    assert.deepEqual(list.map((c) => c.displayName), ["Ann Example", "Ben Example"]);
    assert.deepEqual(list[0]?.emailAddresses, [{ name: "Ann Example", address: "ann@example.com" }]);

    const round = await drainDelta(graph, "/me/contactFolders/contacts/contacts/delta", { headers: IMMUTABLE });
    assert.equal(round.items.length, 2);
    const famRound = await drainDelta(graph, `/me/contactFolders/${encodeURIComponent(family)}/contacts/delta`, { headers: IMMUTABLE });
    assert.equal(famRound.items.length, 1);
    const full = (await graph.get(`/me/contacts/${encodeURIComponent(ann)}`)).json<Record<string, unknown>>();
    assert.equal(full.personalNotes, "");
    assert.equal(full.fileAs, "Ann Example");
    assert.match(String(full["@odata.etag"]), /^W\/"/);

    contacts.updateContact(ann, { jobTitle: "Pilot" });
    contacts.moveContact(ben, family);
    const carl = contacts.addContact("contacts", { displayName: "Carl" });
    const next = await drainDelta(graph, round.deltaLink, { headers: IMMUTABLE });
    const byId = new Map(next.items.map((c) => [c.id, c]));
    assert.equal(byId.get(ann)?.jobTitle, "Pilot");
    assert.deepEqual(byId.get(ben)?.["@removed"], { reason: "deleted" });
    assert.equal(byId.get(carl)?.displayName, "Carl");
    const famNext = await drainDelta(graph, famRound.deltaLink, { headers: IMMUTABLE });
    assert.deepEqual(famNext.items.map((c) => c.id), [ben], "the same immutable id arrives in the new folder");

    contacts.deleteContact(carl);
    const last = await drainDelta(graph, next.deltaLink, { headers: IMMUTABLE });
    assert.deepEqual(last.items.map((c) => [c.id, c["@removed"]]), [[carl, { reason: "deleted" }]]);

    const folderRound = await drainDelta(graph, "/me/contactFolders/delta");
    assert.ok(folderRound.items.some((f) => f.displayName === "Family"));
  });
});
