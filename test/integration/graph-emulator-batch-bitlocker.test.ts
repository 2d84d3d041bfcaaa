// JSON $batch (limits, dependsOn and 424, per-part failures and throttling inside a 200, responses
// out of order) and BitLocker recovery keys (work accounts only, User-Agent required, the key only
// with $select=key and the stronger permission, no $top, $filter by device).
import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { AccountStore } from "../emulators/microsoft/graph/account-store.js";
import { ManualClock, startTestGraph, type TestGraph } from "./graph-emulator-harness.js";

const PERSONAL = "fay@outlook.example";
const WORK = "gus@contoso.example";
const DEVICE_A = "1ab40ab2-32a8-4b00-b1f7-b1c1d1c1e1f1";
const DEVICE_B = "2bc51bc3-43b9-4c11-c2a8-c2d2e2d2f2a2";
const KEY = "123456-231453-873456-213546-654678-765689-123456-324565";

let graph: TestGraph;

interface BatchAnswer {
  responses: Array<{ id: string; status: number; headers?: Record<string, string>; body?: { error?: { code: string }; value?: unknown[]; id?: string } | string }>;
}

before(async () => {
  const clock = new ManualClock();
  const store = new AccountStore(clock);
  const personal = store.addAccount({ address: PERSONAL });
  personal.mail.addGeneratedMessages("inbox", 3);
  personal.bitlocker.addKey({ id: "aaaaaaaa-0000-0000-0000-000000000001", deviceId: DEVICE_A, key: KEY });
  const work = store.addAccount({ address: WORK, kind: "work", displayName: "Gus Work" });
  for (let i = 0; i < 25; i++) {
    work.bitlocker.addKey({ id: `b465e4e8-e4e8-b465-e8e4-${String(i).padStart(12, "0")}`, deviceId: i === 7 ? DEVICE_B : DEVICE_A, volumeType: i === 7 ? 2 : 1, key: KEY.replace(/^\d{6}/, String(100000 + i)) });
  }
  graph = await startTestGraph(store, clock);
});

after(async () => {
  await graph?.close();
});

function batch(requests: unknown[], address = PERSONAL): Promise<{ status: number; body: BatchAnswer }> {
  return graph
    .request("POST", "/$batch", { token: graph.verifier.issue(address), headers: { "content-type": "application/json" }, body: JSON.stringify({ requests }) })
    .then((r) => ({ status: r.status, body: r.status === 200 ? r.json<BatchAnswer>() : (r.json() as unknown as BatchAnswer) }));
}

describe("$batch", () => {
  test("parts run through the same routes; a failed part fails its dependents with 424; the batch is 200", async () => {
    const res = await batch([
      { id: "1", method: "GET", url: "/me/mailFolders/inbox/messages?$select=subject" },
      { id: "2", method: "GET", url: "me/messages/not-an-id!" },
      { id: "3", method: "GET", url: "/me/mailFolders/inbox", dependsOn: ["2"] },
      { id: "4", method: "GET", url: "/me/mailFolders/drafts", dependsOn: ["1"] },
      { id: "5", method: "GET", url: `/me/messages/${"A".repeat(40)}/$value` },
    ]);
    assert.equal(res.status, 200);
    const byId = new Map(res.body.responses.map((r) => [r.id, r]));
    assert.equal(byId.size, 5);
    assert.equal(byId.get("1")?.status, 200);
    assert.equal((byId.get("1")?.body as { value: unknown[] }).value.length, 3);
    assert.equal(byId.get("2")?.status, 400);
    assert.equal(byId.get("3")?.status, 424);
    assert.equal(byId.get("4")?.status, 200);
    assert.equal(byId.get("5")?.status, 404);
    assert.notDeepEqual(res.body.responses.map((r) => r.id), ["1", "2", "3", "4", "5"], "responses are not in request order");
  });

  test("binary answers are base64 in the part's body", async () => {
    const list = await graph.get("/me/mailFolders/inbox/messages?$select=id");
    const id = list.json<{ value: Array<{ id: string }> }>().value[0]?.id ?? "";
    const res = await batch([{ id: "mime", method: "GET", url: `/me/messages/${encodeURIComponent(id)}/$value` }]);
    const part = res.body.responses[0];
    assert.equal(part?.status, 200);
    assert.match(part?.headers?.["Content-Type"] ?? "", /^text\/plain/);
    const direct = await graph.get(`/me/messages/${encodeURIComponent(id)}/$value`);
    assert.deepEqual(Buffer.from(String(part?.body), "base64"), direct.body);
  });

  test("throttling is per part, each throttled part with its own Retry-After", async () => {
    graph.emulator.control.reset();
    graph.emulator.control.faults.throttleStorm({ match: /^GET \/mailFolders\/\{folder\}$/, retryAfterSeconds: 0.75 });
    const res = await batch([
      { id: "a", method: "GET", url: "/me/mailFolders/inbox" },
      { id: "b", method: "GET", url: "/me/mailFolders/inbox/messages?$top=1" },
    ]);
    graph.emulator.control.reset();
    assert.equal(res.status, 200);
    const a = res.body.responses.find((r) => r.id === "a");
    assert.equal(a?.status, 429);
    assert.equal(a?.headers?.["Retry-After"], "0.75");
    assert.equal(res.body.responses.find((r) => r.id === "b")?.status, 200);
  });

  test("malformed batches are rejected whole: over 20 parts, duplicate ids, unknown dependsOn, body without Content-Type", async () => {
    const part = (id: string): object => ({ id, method: "GET", url: "/me/mailFolders/inbox" });
    const cases: unknown[][] = [
      Array.from({ length: 21 }, (_, i) => part(String(i))),
      [part("1"), part("1")],
      [{ ...part("1"), dependsOn: ["9"] }],
      [{ id: "1", method: "POST", url: "/me/messages/x/move", body: { destinationId: "archive" } }],
    ];
    for (const requests of cases) {
      const res = await batch(requests);
      assert.equal(res.status, 400);
      assert.equal((res.body as unknown as { error: { code: string } }).error.code, "BadRequest");
    }
    assert.equal(graph.emulator.control.requests.count("POST /$batch") > 0, true);
  });
});

describe("BitLocker recovery keys", () => {
  const list = "/informationProtection/bitlocker/recoveryKeys";

  test("a work account lists key metadata in pages, never the key", async () => {
    const token = graph.verifier.issue(WORK);
    const first = await graph.get(list, { token });
    assert.equal(first.status, 200);
    const page = first.json<{ value: Array<Record<string, unknown>>; "@odata.nextLink": string; "@odata.context": string }>();
    assert.match(page["@odata.context"], /#informationProtection\/bitlocker\/recoveryKeys$/);
    assert.equal(page.value.length, 20);
    for (const k of page.value) assert.deepEqual(Object.keys(k).sort(), ["createdDateTime", "deviceId", "id", "volumeType"]);
    const second = await graph.get(page["@odata.nextLink"], { token });
    assert.equal(second.json<{ value: unknown[] }>().value.length, 5);
    const filtered = await graph.get(`${list}?$filter=deviceId eq '${DEVICE_B}'`, { token });
    assert.deepEqual(filtered.json<{ value: Array<{ volumeType: string }> }>().value.map((k) => k.volumeType), ["2"]);
    const top = await graph.get(`${list}?$top=5`, { token });
    assert.equal(top.status, 400, "$top is not supported");
  });

  test("the key comes only with $select=key and BitLockerKey.Read.All", async () => {
    const id = "b465e4e8-e4e8-b465-e8e4-000000000003";
    const plain = await graph.get(`${list}/${id}`, { token: graph.verifier.issue(WORK) });
    assert.equal(plain.json<{ key?: string }>().key, undefined);
    const withKey = await graph.get(`${list}/${id}?$select=key`, { token: graph.verifier.issue(WORK) });
    assert.equal(withKey.status, 200);
    assert.equal(withKey.json<{ key: string }>().key, KEY.replace(/^\d{6}/, "100003"));
    assert.match(withKey.json<{ "@odata.context": string }>()["@odata.context"], /recoveryKeys\(key\)\/\$entity$/);
    const basic = graph.verifier.issue(WORK, ["BitLockerKey.ReadBasic.All"]);
    assert.equal((await graph.get(`${list}/${id}`, { token: basic })).status, 200, "metadata with ReadBasic");
    const denied = await graph.get(`${list}/${id}?$select=key`, { token: basic });
    assert.equal(denied.status, 403);
    assert.equal((await graph.get(`${list}/00000000-0000-0000-0000-000000000000`, { token: graph.verifier.issue(WORK) })).status, 404);
  });

  test("User-Agent is required; personal accounts cannot read keys at all", async () => {
    const noAgent = await graph.get(list, { token: graph.verifier.issue(WORK), headers: { "user-agent": "" } });
    assert.equal(noAgent.status, 400);
    const err = noAgent.json<{ error: { code: string; message: string } }>().error;
    assert.equal(err.code, "invalid_request");
    assert.equal(err.message, "Parameter (User-Agent) is required but missing from headers");
    const personal = await graph.get(list, { token: graph.verifier.issue(PERSONAL) });
    assert.equal(personal.status, 403);
    const noScope = await graph.get(list, { token: graph.verifier.issue(WORK, ["Mail.Read"]) });
    assert.equal(noScope.status, 403);
    assert.equal(noScope.json<{ error: { code: string } }>().error.code, "Authorization_RequestDenied");
  });
});
