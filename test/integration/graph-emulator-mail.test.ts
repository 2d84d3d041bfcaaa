// The Graph emulator's mail, over real HTTPS with the local CA, seeded from the shared mail
// fixtures: the folder tree, per-folder delta with paging and $select carried by the tokens,
// $value byte identity, changes while it runs (new, read, moved with and without immutable ids,
// deleted), and Graph's error shapes.
import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { createHash } from "node:crypto";
import { promises as fsp } from "node:fs";
import path from "node:path";
import { AccountStore } from "../emulators/microsoft/graph/account-store.js";
import { loadSeed } from "../emulators/microsoft/seed/load-seed.js";
import { drainDelta, FIXTURES, fixtureSeedDir, mailManifest, ManualClock, startTestGraph, type TestGraph } from "./graph-emulator-harness.js";

const ADDRESS = "alice@outlook.example";
const IMMUTABLE = { prefer: 'IdType="ImmutableId"' };

let graph: TestGraph;
let seed: Awaited<ReturnType<typeof fixtureSeedDir>>;
let manifest: Awaited<ReturnType<typeof mailManifest>>;

interface FolderJson {
  id: string;
  displayName: string;
  parentFolderId: string;
  childFolderCount: number;
  totalItemCount: number;
  isHidden: boolean;
}

async function folderByPath(p: string): Promise<FolderJson> {
  let parent: string | undefined;
  let found: FolderJson | undefined;
  for (const name of p.split("/")) {
    const url: string = parent ? `/me/mailFolders/${encodeURIComponent(parent)}/childFolders?includeHiddenFolders=true&$top=100` : "/me/mailFolders?includeHiddenFolders=true&$top=100";
    const res = await graph.get(url);
    assert.equal(res.status, 200, res.body.toString());
    found = res.json<{ value: FolderJson[] }>().value.find((f) => f.displayName === name);
    assert.ok(found, `folder ${name} of ${p}`);
    parent = found.id;
  }
  assert.ok(found);
  return found;
}

before(async () => {
  manifest = await mailManifest();
  seed = await fixtureSeedDir(ADDRESS);
  const clock = new ManualClock();
  const { store } = await loadSeed(seed.dir, { store: new AccountStore(clock) });
  graph = await startTestGraph(store, clock);
});

after(async () => {
  await graph?.close();
  await seed?.cleanup();
});

describe("folders", () => {
  test("well-known folders exist by alias and by id; the top-level list pages and hides hidden folders", async () => {
    for (const alias of ["inbox", "drafts", "sentitems", "deleteditems", "junkemail", "archive", "outbox", "msgfolderroot"]) {
      const res = await graph.get(`/me/mailFolders/${alias}`);
      assert.equal(res.status, 200, alias);
      const again = await graph.get(`/me/mailFolders/${encodeURIComponent(res.json<FolderJson>().id)}`);
      assert.equal(again.json<FolderJson>().id, res.json<FolderJson>().id, `${alias} by id`);
    }
    const first = await graph.get("/me/mailFolders");
    const page = first.json<{ value: FolderJson[]; "@odata.nextLink"?: string }>();
    assert.equal(page.value.length, 8, "Graph's default page of 10 minus… (8 well-known folders, no hidden)");
    assert.ok(!page.value.some((f) => f.displayName === "Hidden Stuff"), "hidden folder not listed by default");
    const all = await graph.get("/me/mailFolders?includeHiddenFolders=true&$top=3");
    const paged = all.json<{ value: FolderJson[]; "@odata.nextLink"?: string }>();
    assert.equal(paged.value.length, 3);
    assert.ok(paged["@odata.nextLink"]?.includes("$skip=3"), "nextLink carries $skip");
    const names: string[] = [...paged.value.map((f) => f.displayName)];
    let next = paged["@odata.nextLink"];
    while (next) {
      const p = (await graph.get(next)).json<{ value: FolderJson[]; "@odata.nextLink"?: string }>();
      names.push(...p.value.map((f) => f.displayName));
      next = p["@odata.nextLink"];
    }
    assert.ok(names.includes("Hidden Stuff"), "includeHiddenFolders lists it");
    const hidden = await folderByPath("Hidden Stuff");
    assert.equal(hidden.isHidden, true);
  });

  test("nested folders through childFolders and the key syntax; Recoverable Items reachable but never listed", async () => {
    const receipts = await folderByPath("Inbox/Receipts");
    const inbox = await folderByPath("Inbox");
    assert.equal(receipts.parentFolderId, inbox.id);
    assert.equal(inbox.childFolderCount, 1);
    const keyed = await graph.get(`/me/mailFolders('${receipts.id}')`);
    assert.equal(keyed.json<FolderJson>().displayName, "Receipts");
    const chained = await graph.get(`/me/mailFolders/${encodeURIComponent(inbox.id)}/childFolders/${encodeURIComponent(receipts.id)}/messages?$top=1`);
    assert.equal(chained.status, 200);
    const rec = await graph.get("/me/mailFolders/recoverableitemsdeletions");
    assert.equal(rec.status, 200);
    const recId = rec.json<FolderJson>().id;
    const listed = (await graph.get("/me/mailFolders?includeHiddenFolders=true&$top=100")).json<{ value: FolderJson[] }>().value;
    assert.ok(!listed.some((f) => f.id === recId), "recoverableitemsdeletions is not listed");
  });
});

describe("message delta over the fixtures", () => {
  test("every fixture appears once in its folder, $select travels in the tokens, $value is byte-identical", async () => {
    const byFolder = new Map<string, string[]>();
    for (const [name, folder] of seed.layout) byFolder.set(folder, [...(byFolder.get(folder) ?? []), name]);
    let total = 0;
    for (const [folderPath, names] of byFolder) {
      const folder = await folderByPath(folderPath);
      const first = await graph.get(`/me/mailFolders/${encodeURIComponent(folder.id)}/messages/delta?$select=subject,internetMessageId,hasAttachments`, { headers: { prefer: "odata.maxpagesize=4" } });
      assert.equal(first.status, 200);
      const body = first.json<{ value: Array<Record<string, unknown>>; "@odata.nextLink"?: string; "@odata.context": string }>();
      assert.match(body["@odata.context"], /\/\$metadata#Collection\(message\)$/);
      assert.ok(body["@odata.nextLink"]?.includes("$skiptoken="), "more than one page");
      assert.ok(!body["@odata.nextLink"]?.includes("select"), "the token, not the link, carries $select");
      const rest = await drainDelta(graph, body["@odata.nextLink"] ?? "", { headers: { prefer: "odata.maxpagesize=4" } });
      const items = [...body.value, ...rest.items];
      assert.match(rest.deltaLink, /\$deltatoken=/);
      assert.equal(items.length, names.length, `${folderPath}: one item per fixture`);
      for (const item of items) {
        assert.deepEqual(Object.keys(item).sort(), ["@odata.etag", "@odata.type", "hasAttachments", "id", "internetMessageId", "subject"], "only the selected members");
        const mime = await graph.get(`/me/messages/${encodeURIComponent(String(item.id))}/$value`);
        assert.equal(mime.status, 200);
        assert.match(String(mime.headers["content-type"]), /^text\/plain/);
        const digest = createHash("sha256").update(mime.body).digest("hex");
        const fixture = names.find((n) => manifest[n]?.sha256 === digest);
        assert.ok(fixture, `$value of ${String(item.subject)} is byte-identical to a fixture of ${folderPath}`);
        const facts = manifest[fixture];
        assert.equal(mime.body.length, facts?.bytes);
      }
      total += items.length;
    }
    assert.equal(total, Object.keys(manifest).length);
  });

  test("message fields come from the .eml: subject, addresses, attachments, dates", async () => {
    const res = await graph.get(`/me/mailFolders/inbox/messages?$top=100`);
    const all = [...res.json<{ value: Array<Record<string, unknown>> }>().value];
    for (const folder of ["Inbox/Receipts", "Archive/2019"]) {
      const f = await folderByPath(folder);
      all.push(...(await graph.get(`/me/mailFolders/${encodeURIComponent(f.id)}/messages?$top=100`)).json<{ value: Array<Record<string, unknown>> }>().value);
    }
    const gif = all.find((m) => m.subject === "Here is your dingus fish");
    assert.ok(gif, "cpython_msg_07 is listed");
    assert.equal(gif.hasAttachments, true);
    assert.deepEqual(gif.from, { emailAddress: { name: "Barry", address: "barry@digicool.com" } });
    assert.deepEqual(gif.toRecipients, [{ emailAddress: { name: "Dingus Lovers", address: "cravindogs@cravindogs.com" } }]);
    // No Received header: the Date header (-0400) is the receipt time, in UTC.
    assert.equal(gif.receivedDateTime, "2001-04-20T23:35:02Z");
    assert.equal(gif.sentDateTime, "2001-04-20T23:35:02Z");
    assert.equal(typeof gif.bodyPreview, "string");
    assert.equal(typeof gif.conversationId, "string");
    const atts = await graph.get(`/me/messages/${encodeURIComponent(String(gif.id))}/attachments`);
    const list = atts.json<{ value: Array<{ name: string; contentBytes: string; "@odata.type": string; id: string }> }>().value;
    assert.deepEqual(list.map((a) => a.name), ["dingusfish.gif"]);
    assert.equal(list[0]?.["@odata.type"], "#microsoft.graph.fileAttachment");
    const raw = await graph.get(`/me/messages/${encodeURIComponent(String(gif.id))}/attachments/${encodeURIComponent(list[0]?.id ?? "")}/$value`);
    assert.deepEqual(raw.body, Buffer.from(list[0]?.contentBytes ?? "", "base64"));
    assert.match(raw.body.subarray(0, 6).toString("latin1"), /^GIF8/);
  });
});

describe("changes while the emulator runs", () => {
  test("new, read, moved and deleted messages show up in the next round, and only they", async () => {
    const account = graph.store.require(ADDRESS);
    const inbox = await folderByPath("Inbox");
    const archive = await folderByPath("Archive");
    const start = `/me/mailFolders/${encodeURIComponent(inbox.id)}/messages/delta?$select=subject,isRead,parentFolderId`;
    const inboxRound = await drainDelta(graph, start, { headers: IMMUTABLE });
    const archiveRound = await drainDelta(graph, `/me/mailFolders/${encodeURIComponent(archive.id)}/messages/delta?$select=subject`, { headers: IMMUTABLE });
    assert.equal(archiveRound.items.length, 0);
    const ids = inboxRound.items.map((i) => String(i.id));
    const [toRead, toMove, toDelete] = ids;
    assert.ok(toRead && toMove && toDelete);

    const added = await account.mail.addMessage("inbox", await fsp.readFile(path.join(FIXTURES, "mail", "mailgem_utf8_headers.eml")));
    account.mail.updateMessage(toRead, { isRead: false });
    account.mail.moveMessage(toMove, "archive");
    account.mail.deleteMessage(toDelete, { permanent: true });

    graph.emulator.control.requests.reset();
    const next = await drainDelta(graph, inboxRound.deltaLink, { headers: IMMUTABLE });
    assert.equal(next.pages, 1, "four changes fit one page");
    const byId = new Map(next.items.map((i) => [String(i.id), i]));
    assert.equal(next.items.length, 4, JSON.stringify(next.items));
    assert.equal(byId.get(added)?.subject, manifest["mailgem_utf8_headers.eml"]?.subject);
    assert.equal(byId.get(toRead)?.isRead, false);
    assert.deepEqual(byId.get(toMove)?.["@removed"], { reason: "deleted" });
    assert.deepEqual(byId.get(toDelete)?.["@removed"], { reason: "deleted" });
    const moved = await drainDelta(graph, archiveRound.deltaLink, { headers: IMMUTABLE });
    assert.deepEqual(moved.items.map((i) => i.id), [toMove], "with immutable ids the move is the same id in the new folder");
    assert.equal(graph.emulator.control.requests.count("messages/delta"), 2, "O(changes) requests");

    const quiet = await drainDelta(graph, next.deltaLink, { headers: IMMUTABLE });
    assert.deepEqual(quiet.items, [], "no changes, empty round");
    const gone = await graph.get(`/me/messages/${encodeURIComponent(toDelete)}`, { headers: IMMUTABLE });
    assert.equal(gone.status, 404);
    assert.equal(gone.json<{ error: { code: string } }>().error.code, "ErrorItemNotFound");
  });

  test("without immutable ids a move changes the message id; the old id no longer resolves", async () => {
    const account = graph.store.require(ADDRESS);
    const receipts = await folderByPath("Inbox/Receipts");
    const round = await drainDelta(graph, `/me/mailFolders/${encodeURIComponent(receipts.id)}/messages/delta?$select=subject`);
    const victim = round.items[0];
    assert.ok(victim);
    const oldRestId = String(victim.id);
    const junkRound = await drainDelta(graph, "/me/mailFolders/junkemail/messages/delta?$select=subject");
    account.mail.moveMessage(oldRestId, "junkemail");
    const from = await drainDelta(graph, round.deltaLink);
    assert.deepEqual(from.items.map((i) => [i.id, i["@removed"]]), [[oldRestId, { reason: "deleted" }]]);
    const to = await drainDelta(graph, junkRound.deltaLink);
    assert.equal(to.items.length, 1);
    const newRestId = String(to.items[0]?.id);
    assert.notEqual(newRestId, oldRestId, "REST ids change on move");
    assert.equal((await graph.get(`/me/messages/${encodeURIComponent(oldRestId)}`)).status, 404);
    const now = await graph.get(`/me/messages/${encodeURIComponent(newRestId)}?$select=parentFolderId`);
    assert.equal(now.json<{ parentFolderId: string }>().parentFolderId, (await graph.get("/me/mailFolders/junkemail")).json<FolderJson>().id);
    // The immutable id of the same message is one and the same before and after.
    const immutable = await graph.get(`/me/messages/${encodeURIComponent(newRestId)}?$select=id`, { headers: IMMUTABLE });
    assert.equal(immutable.headers["preference-applied"], 'IdType="ImmutableId"');
    assert.equal(account.mail.describeMessage(immutable.json<{ id: string }>().id)?.restId, newRestId);
  });

  test("changeType=created reports only new messages; a soft delete moves to Deleted Items", async () => {
    const account = graph.store.require(ADDRESS);
    const round = await drainDelta(graph, "/me/mailFolders/inbox/messages/delta?changeType=created&$select=subject", { headers: IMMUTABLE });
    const some = String(round.items[0]?.id);
    account.mail.updateMessage(some, { categories: ["Red category"] });
    const batch = account.mail.addGeneratedMessages("inbox", 3);
    const next = await drainDelta(graph, round.deltaLink, { headers: IMMUTABLE });
    assert.deepEqual(next.items.map((i) => i.id).sort(), [batch.idAt(0), batch.idAt(1), batch.idAt(2)].sort());
    const deleted = await graph.request("DELETE", `/me/messages/${encodeURIComponent(batch.idAt(0))}`, { headers: IMMUTABLE });
    assert.equal(deleted.status, 204);
    const where = await graph.get(`/me/messages/${encodeURIComponent(batch.idAt(0))}?$select=parentFolderId`, { headers: IMMUTABLE });
    assert.equal(where.json<{ parentFolderId: string }>().parentFolderId, (await graph.get("/me/mailFolders/deleteditems")).json<FolderJson>().id);
  });
});

describe("errors in Graph's shape", () => {
  test("401 without or with an expired token, 404 and 400 for ids, 403 for another mailbox", async () => {
    const checkShape = (res: { status: number; headers: Record<string, unknown>; json<T>(): T }, status: number, code: string): void => {
      assert.equal(res.status, status);
      const body = res.json<{ error: { code: string; message: string; innerError: Record<string, string> } }>();
      assert.equal(body.error.code, code);
      assert.equal(typeof body.error.message, "string");
      assert.match(body.error.innerError.date ?? "", /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}$/);
      assert.equal(body.error.innerError["request-id"], res.headers["request-id"]);
      assert.equal(body.error.innerError["client-request-id"], res.headers["client-request-id"]);
    };
    checkShape(await graph.get("/me/messages", { token: null }), 401, "InvalidAuthenticationToken");
    const expiring = graph.verifier.issue(ADDRESS, undefined, 1000);
    graph.clock.advance(2000);
    const expired = await graph.get("/me/messages", { token: expiring });
    checkShape(expired, 401, "InvalidAuthenticationToken");
    assert.match(String(expired.headers["www-authenticate"]), /^Bearer /);
    const mine = await graph.get("/me/messages?$top=1", { headers: { "client-request-id": "my-own-id" } });
    assert.equal(mine.headers["client-request-id"], "my-own-id");
    const id = mine.json<{ value: Array<{ id: string }> }>().value[0]?.id ?? "";
    checkShape(await graph.get(`/me/messages/${encodeURIComponent(id.slice(0, -8) + "AAAAAAA=")}`), 404, "ErrorItemNotFound");
    checkShape(await graph.get("/me/messages/not-an-id!"), 400, "ErrorInvalidIdMalformed");
    checkShape(await graph.get("/me/mailFolders/nonsense/messages/delta"), 404, "ErrorSyncFolderNotFound");
    checkShape(await graph.get("/me/bogus"), 400, "BadRequest");
    checkShape(await graph.get("/me/messages?$select=subject,nonsense"), 400, "RequestBroker--ParseUri");
    const other = graph.store.addAccount({ address: "bob@outlook.example" });
    checkShape(await graph.get(`/users/${other.address}/messages`), 403, "ErrorAccessDenied");
    const byUpn = await graph.get(`/users/${ADDRESS}/mailFolders/inbox`);
    assert.equal(byUpn.status, 200, "the signed-in user by userPrincipalName");
    checkShape(await graph.get("/me/messages", { token: graph.verifier.issue(ADDRESS, ["Contacts.Read"]) }), 403, "ErrorAccessDenied");
  });
});
