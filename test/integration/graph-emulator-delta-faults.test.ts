// The Graph emulator's failure modes and scale: expiring delta tokens (410 SyncStateNotFound, 410 +
// Location), delta quirks (empty pages, replays, duplicates), a 429 storm with fractional
// Retry-After, 503s with empty bodies, the 4-request mailbox cap (made deterministic with holds),
// and a 100k-message mailbox whose incremental rounds cost O(changes) requests.
import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { AccountStore } from "../emulators/microsoft/graph/account-store.js";
import { drainDelta, ManualClock, startTestGraph, type TestGraph } from "./graph-emulator-harness.js";

const ADDRESS = "carol@outlook.example";
let graph: TestGraph;

before(async () => {
  const clock = new ManualClock();
  const store = new AccountStore(clock);
  const account = store.addAccount({ address: ADDRESS, displayName: "Carol Example" });
  account.mail.addGeneratedMessages("inbox", 25);
  account.mail.addGeneratedMessages("archive", 5);
  graph = await startTestGraph(store, clock);
});

after(async () => {
  await graph?.close();
});

const INBOX_DELTA = "/me/mailFolders/inbox/messages/delta?$select=subject";

describe("expiring delta tokens", () => {
  test("after the service drops its sync state, deltaLinks and nextLinks answer 410 SyncStateNotFound", async () => {
    graph.emulator.control.reset();
    const round = await drainDelta(graph, INBOX_DELTA);
    const first = (await graph.get(INBOX_DELTA, { headers: { prefer: "odata.maxpagesize=5" } })).json<{ "@odata.nextLink": string }>();
    graph.emulator.control.expireDeltaTokens();
    for (const link of [round.deltaLink, first["@odata.nextLink"]]) {
      const res = await graph.get(link);
      assert.equal(res.status, 410);
      const body = res.json<{ error: { code: string; innerError: Record<string, string> } }>();
      assert.equal(body.error.code, "SyncStateNotFound");
      assert.ok(body.error.innerError["request-id"]);
    }
    // A new round (no token) works at once.
    const fresh = await drainDelta(graph, INBOX_DELTA);
    assert.equal(fresh.items.length, 25);
  });

  test("410 with a Location restarts a full round that keeps $select", async () => {
    graph.emulator.control.reset();
    const round = await drainDelta(graph, INBOX_DELTA);
    graph.emulator.control.expireDeltaTokens("locationReset");
    const res = await graph.get(round.deltaLink);
    assert.equal(res.status, 410);
    const location = String(res.headers.location);
    assert.match(location, /\/messages\/delta\?\$deltatoken=&/);
    const restarted = await drainDelta(graph, location);
    assert.equal(restarted.items.length, 25, "a full enumeration");
    assert.deepEqual(Object.keys(restarted.items[0] ?? {}).sort(), ["@odata.etag", "@odata.type", "id", "subject"]);
  });

  test("tokens older than the configured age expire on the emulator clock", async () => {
    graph.emulator.control.reset();
    graph.emulator.control.setDeltaTokenMaxAge(60 * 60 * 1000);
    const round = await drainDelta(graph, INBOX_DELTA);
    graph.clock.advance(30 * 60 * 1000);
    const ok = await drainDelta(graph, round.deltaLink);
    graph.clock.advance(31 * 60 * 1000);
    assert.equal((await graph.get(ok.deltaLink)).status, 200, "a token renewed 31 minutes ago still works");
    assert.equal((await graph.get(round.deltaLink)).status, 410, "one issued 61 minutes ago does not");
    graph.emulator.control.reset();
  });

  test("a forged or foreign token is refused without a resync", async () => {
    const round = await drainDelta(graph, INBOX_DELTA);
    const tampered = round.deltaLink.replace(/(\$deltatoken=)(.)/, (_, p: string, c: string) => `${p}${c === "A" ? "B" : "A"}`);
    const res = await graph.get(tampered);
    assert.equal(res.status, 400);
    assert.equal(res.json<{ error: { code: string } }>().error.code, "SyncStateInvalid");
    const archiveLink = round.deltaLink.replace(/mailFolders\('[^']+'\)/, "mailFolders/archive");
    assert.equal((await graph.get(archiveLink)).status, 400, "a token only works for its own folder");
  });
});

describe("delta quirks", () => {
  test("empty pages with a nextLink, replayed pages and duplicates still converge on the same set", async () => {
    graph.emulator.control.reset();
    const clean = await drainDelta(graph, INBOX_DELTA, { headers: { prefer: "odata.maxpagesize=4" } });
    graph.emulator.control.setDeltaQuirks({ emptyPageEvery: 2, replayEvery: 3, duplicateWithinPage: true });
    const messy = await drainDelta(graph, INBOX_DELTA, { headers: { prefer: "odata.maxpagesize=4" } });
    assert.ok(messy.pages > clean.pages, "more pages");
    assert.ok(messy.items.length > new Set(messy.items.map((i) => i.id)).size, "some items repeat");
    assert.deepEqual(new Set(messy.items.map((i) => i.id)), new Set(clean.items.map((i) => i.id)));
    assert.throws(() => graph.emulator.control.setDeltaQuirks({ emptyPageEvery: 1 }), /at least 2/);
    graph.emulator.control.reset();
  });
});

describe("throttling and faults", () => {
  test("a 429 storm with fractional Retry-After in Graph's documented shape, then service resumes", async () => {
    graph.emulator.control.reset();
    const storm = graph.emulator.control.faults.throttleStorm({ match: "messages/delta", count: 3, retryAfterSeconds: 2.128 });
    for (let i = 0; i < 3; i++) {
      const res = await graph.get(INBOX_DELTA);
      assert.equal(res.status, 429);
      assert.equal(res.headers["retry-after"], "2.128");
      const body = res.json<{ error: { code: string; message: string; innerError: Record<string, string> } }>();
      assert.equal(body.error.code, "TooManyRequests");
      assert.equal(body.error.innerError.code, "429");
      assert.equal(body.error.innerError.status, "429");
    }
    assert.equal((await graph.get("/me/mailFolders/inbox")).status, 200, "other routes are not in the storm");
    assert.equal((await graph.get(INBOX_DELTA)).status, 200);
    assert.equal(storm.hits, 3);
  });

  test("503 with an empty body on every third matching request", async () => {
    graph.emulator.control.reset();
    graph.emulator.control.faults.serviceUnavailable({ every: 3, match: ["outlook"] });
    const statuses: number[] = [];
    for (let i = 0; i < 6; i++) {
      const res = await graph.get("/me/mailFolders/inbox");
      statuses.push(res.status);
      if (res.status === 503) {
        assert.equal(res.body.length, 0, "no body at all");
        assert.equal(res.headers["content-length"], "0");
        assert.equal(res.headers["content-type"], undefined);
      }
    }
    assert.deepEqual(statuses, [200, 200, 503, 200, 200, 503]);
    graph.emulator.control.reset();
  });

  test("the fifth concurrent request to one mailbox gets 429 ApplicationThrottled; drive requests do not count", async () => {
    graph.emulator.control.reset();
    const hold = graph.emulator.control.faults.hold("GET /mailFolders/{folder}");
    const held = [0, 1, 2, 3].map(() => graph.get("/me/mailFolders/inbox"));
    await hold.whenWaiting(4);
    assert.equal(graph.emulator.control.mailbox.inFlightFor(ADDRESS), 4);
    const fifth = await graph.get("/me/mailFolders/archive");
    assert.equal(fifth.status, 429);
    assert.equal(fifth.json<{ error: { code: string; message: string } }>().error.code, "ApplicationThrottled");
    assert.equal(fifth.json<{ error: { message: string } }>().error.message, "Application is over its MailboxConcurrency limit.");
    assert.ok(fifth.headers["retry-after"]);
    assert.equal((await graph.get("/me/drive/root")).status, 200, "OneDrive is not under the Outlook cap");
    hold.release();
    for (const res of await Promise.all(held)) assert.equal(res.status, 200);
    assert.equal(graph.emulator.control.mailbox.inFlightFor(ADDRESS), 0);
    assert.equal((await graph.get("/me/mailFolders/archive")).status, 200);
  });

  test("requests are counted per route", async () => {
    graph.emulator.control.reset();
    await graph.get("/me/mailFolders/inbox");
    await graph.get("/me/mailFolders/archive");
    await graph.get(INBOX_DELTA);
    const snap = graph.emulator.control.requests.snapshot();
    assert.equal(snap["GET /mailFolders/{folder}"], 2);
    assert.equal(snap["GET /mailFolders/{folder}/messages/delta"], 1);
    assert.equal(graph.emulator.control.requests.count(), 3);
  });
});

describe("a 100k-message mailbox", () => {
  test("seeds in code, enumerates in 100 pages, and later rounds cost O(changes)", async () => {
    const clock = new ManualClock();
    const store = new AccountStore(clock);
    const account = store.addAccount({ address: "big@outlook.example" });
    const batch = account.mail.addGeneratedMessages("inbox", 100_000, { seed: "big" });
    const big = await startTestGraph(store, clock);
    try {
      const prefer = { prefer: 'IdType="ImmutableId", odata.maxpagesize=1000' };
      const full = await drainDelta(big, "/me/mailFolders/inbox/messages/delta?$select=isRead", { headers: prefer });
      assert.equal(full.pages, 100);
      assert.equal(full.items.length, 100_000);
      assert.equal(new Set(full.items.map((i) => i.id)).size, 100_000);
      assert.equal(full.items[99_999]?.id, batch.idAt(99_999));

      big.emulator.control.requests.reset();
      const quiet = await drainDelta(big, full.deltaLink, { headers: prefer });
      assert.deepEqual(quiet.items, []);
      assert.equal(big.emulator.control.requests.count(), 1, "no changes: one request");

      for (let i = 0; i < 10; i++) account.mail.updateMessage(batch.idAt(i * 9_000), { isRead: true, categories: ["Seen"] });
      account.mail.moveMessage(batch.idAt(50_000), "archive");
      const late = account.mail.addGeneratedMessages("inbox", 5, { seed: "late", startTime: clock.now() });
      big.emulator.control.requests.reset();
      const changes = await drainDelta(big, quiet.deltaLink, { headers: prefer });
      assert.equal(changes.items.length, 16);
      assert.equal(changes.items.filter((i) => i["@removed"]).length, 1);
      assert.equal(big.emulator.control.requests.count(), 1, "16 changes: one page");

      const newest = await big.get("/me/mailFolders/inbox/messages?$top=2&$select=receivedDateTime", { headers: prefer });
      assert.deepEqual(newest.json<{ value: Array<{ id: string }> }>().value.map((m) => m.id), [late.idAt(4), late.idAt(3)], "lists are newest first");

      const mime = await big.get(`/me/messages/${encodeURIComponent(batch.idAt(42))}/$value`);
      assert.match(mime.body.toString("utf8"), /^Received: .*\r\nDate: .*\r\nFrom: Sender \d+ <sender\d+@example\.net>\r\n/s);
      const again = await big.get(`/me/messages/${encodeURIComponent(batch.idAt(42))}/$value`);
      assert.deepEqual(again.body, mime.body, "generated MIME is stable");
    } finally {
      await big.close();
    }
  });
});
