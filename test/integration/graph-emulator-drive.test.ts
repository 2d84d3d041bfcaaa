// The Graph emulator's OneDrive, personal and business, seeded from a folder: root delta and its
// per-drive-type shapes, token=latest, the deleted facet, timestamp tokens, 410 resync, /content's
// 302 to a pre-authenticated URL (no Authorization, Range, expiry), QuickXorHash of what is
// served, the Personal Vault, OneNote packages and malware.
import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { promises as fsp } from "node:fs";
import https from "node:https";
import path from "node:path";
import { AccountStore } from "../emulators/microsoft/graph/account-store.js";
import { quickXorHashBase64 } from "../emulators/microsoft/graph/quick-xor-hash.js";
import { loadSeed } from "../emulators/microsoft/seed/load-seed.js";
import { drainDelta, fixtureSeedDir, ManualClock, startTestGraph, type Answer, type TestGraph } from "./graph-emulator-harness.js";

const PERSONAL = "dana@outlook.example";
const WORK = "erik@contoso.example";
const EICAR = "X5O!P%@AP[4\\PZX54(P^)7CC)7}$EICAR-STANDARD-ANTIVIRUS-TEST-FILE!$H+H*";
const big = Buffer.alloc(300_000);
for (let i = 0; i < big.length; i++) big[i] = (i * 7919) & 0xff;

let graph: TestGraph;
let seeds: Array<Awaited<ReturnType<typeof fixtureSeedDir>>> = [];

async function writeDrive(accountDir: string, kind: "personal" | "work"): Promise<void> {
  const root = path.join(accountDir, "onedrive");
  const put = async (rel: string, data: string | Buffer): Promise<void> => {
    await fsp.mkdir(path.dirname(path.join(root, rel)), { recursive: true });
    await fsp.writeFile(path.join(root, rel), data);
  };
  await put("Documents/report.txt", "quarterly report\n");
  await put("Documents/Taxes/2024.bin", big);
  await put("Pictures/empty.txt", "");
  await put("Personal Vault/passport-scan.txt", "very private");
  await put("Notes/Family Notebook/Open Notebook.onetoc2", "toc");
  await put("Notes/Family Notebook/Recipes.one", "section");
  await put("Downloads/eicar.com", EICAR);
  await fsp.writeFile(path.join(accountDir, "account.json"), JSON.stringify({ kind, displayName: kind === "work" ? "Erik Work" : "Dana" }));
}

function tokenFor(address: string): string {
  return graph.verifier.issue(address);
}

function getAs(address: string, url: string, headers: Record<string, string> = {}): Promise<Answer> {
  return graph.get(url, { token: tokenFor(address), headers });
}

/** A plain GET without any Authorization header, as a pre-authenticated URL must be fetched. */
function fetchUnauthenticated(url: string, headers: Record<string, string> = {}): Promise<Answer> {
  return graph.request("GET", url, { token: null, headers });
}

type Item = Record<string, unknown> & { id: string; name?: string; parentReference?: Record<string, unknown> };

before(async () => {
  const clock = new ManualClock();
  const store = new AccountStore(clock);
  for (const [address, kind] of [[PERSONAL, "personal"], [WORK, "work"]] as const) {
    const seed = await fixtureSeedDir(address, (dir) => writeDrive(dir, kind));
    seeds.push(seed);
    await loadSeed(seed.dir, { store });
  }
  graph = await startTestGraph(store, clock);
});

after(async () => {
  await graph?.close();
  for (const s of seeds) await s.cleanup();
  seeds = [];
});

describe("root delta", () => {
  test("personal: root first, parents before children, hashes, vault and notebook, no paths", async () => {
    const round = await drainDelta(graph, "/me/drive/root/delta", { token: tokenFor(PERSONAL) });
    const items = round.items as Item[];
    assert.match(round.deltaLink, /\/me\/drive\/root\/delta\?token=/);
    const root = items[0];
    assert.ok(root && "root" in root, "the root comes first");
    const seen = new Set<string>();
    for (const item of items) {
      const parentId = item.parentReference?.id as string | undefined;
      if (parentId) assert.ok(seen.has(parentId), `${item.name}'s parent was listed before it`);
      assert.equal(item.parentReference?.path, undefined, "delta has no parentReference.path");
      assert.equal(item.parentReference?.driveType, "personal");
      seen.add(item.id);
    }
    const byName = new Map(items.map((i) => [i.name, i]));
    const report = byName.get("report.txt");
    assert.ok(report);
    assert.match(report.id, /^[0-9A-F]{16}!\d+$/, "personal ids are CID!n");
    const hashes = (report.file as { hashes: Record<string, string> }).hashes;
    assert.deepEqual(Object.keys(hashes).sort(), ["quickXorHash", "sha1Hash", "sha256Hash"]);
    assert.equal(hashes.quickXorHash, quickXorHashBase64(Buffer.from("quarterly report\n")));
    assert.equal(typeof report.cTag, "string");
    assert.match(String(report["@microsoft.graph.downloadUrl"]), /\/_layouts\/15\/download\.aspx\?UniqueId=[^&]+&Translate=false&tempauth=v1\./);
    assert.ok(byName.get("Personal Vault")?.folder, "the vault is listed as a folder");
    assert.ok(!byName.has("passport-scan.txt"), "vault content never appears");
    assert.deepEqual(byName.get("Family Notebook")?.package, { type: "oneNote" });
    assert.ok(!byName.has("Recipes.one"), "notebook sections are inside the package");
    assert.ok(byName.get("eicar.com")?.malware, "malware facet");
  });

  test("business: 01… ids, quickXorHash only, no cTag in delta", async () => {
    const round = await drainDelta(graph, "/me/drive/root/delta", { token: tokenFor(WORK) });
    const report = (round.items as Item[]).find((i) => i.name === "report.txt");
    assert.ok(report);
    assert.match(report.id, /^01[A-Z2-7]{32}$/);
    assert.deepEqual(Object.keys((report.file as { hashes: object }).hashes), ["quickXorHash"]);
    assert.equal(report.cTag, undefined);
    assert.equal(report.parentReference?.driveType, "business");
    assert.match(String(report.eTag), /^"\{[0-9A-F-]{36}\},\d+"$/);
    const single = await getAs(WORK, `/me/drive/items/${report.id}`);
    assert.match(String(single.json<Item>().cTag), /^"c:\{/);
    assert.match(String(single.json<Item>().parentReference?.path), /^\/drives\/b!.+\/root:\/Documents$/);
  });

  test("token=latest, then changes: new file with its ancestors, deletes with the deleted facet", async () => {
    const latest = await getAs(PERSONAL, "/me/drive/root/delta?token=latest");
    const body = latest.json<{ value: unknown[]; "@odata.deltaLink": string }>();
    assert.deepEqual(body.value, []);
    const account = graph.store.require(PERSONAL);
    account.drive.addFile("/Documents/Taxes/2025.txt", Buffer.from("new year"));
    account.drive.deleteItem("/Pictures/empty.txt");
    const next = await drainDelta(graph, body["@odata.deltaLink"], { token: tokenFor(PERSONAL) });
    const names = (next.items as Item[]).map((i) => i.name);
    assert.ok(names.indexOf("Taxes") < names.indexOf("2025.txt"), "ancestors come first");
    assert.ok(names.includes("Documents") && names.includes("root"));
    const gone = (next.items as Item[]).find((i) => i.deleted);
    assert.ok(gone);
    assert.deepEqual(gone.deleted, {});
    assert.equal(gone.name, "empty.txt", "personal drives keep the name of deleted items");
    assert.equal(gone.size, undefined);
    assert.equal(gone.cTag, undefined);

    const work = graph.store.require(WORK);
    const wLatest = (await getAs(WORK, "/me/drive/root/delta?token=latest")).json<{ "@odata.deltaLink": string }>();
    work.drive.deleteItem("/Pictures");
    const wNext = await drainDelta(graph, wLatest["@odata.deltaLink"], { token: tokenFor(WORK) });
    const deleted = (wNext.items as Item[]).filter((i) => i.deleted);
    assert.equal(deleted.length, 2, "the folder and the file in it");
    for (const d of deleted) {
      assert.deepEqual(d.deleted, { state: "deleted" });
      assert.equal(d.name, undefined, "business drives omit the name of deleted items");
    }
  });

  test("timestamp tokens work on business drives only", async () => {
    const work = graph.store.require(WORK);
    graph.clock.advance(60_000);
    const t = new Date(graph.clock.now()).toISOString();
    graph.clock.advance(60_000);
    work.drive.addFile("/Documents/after.txt", Buffer.from("later"));
    const since = await drainDelta(graph, `/me/drive/root/delta?token=${encodeURIComponent(t)}`, { token: tokenFor(WORK) });
    assert.ok((since.items as Item[]).some((i) => i.name === "after.txt"));
    assert.ok(!(since.items as Item[]).some((i) => i.name === "report.txt"), "only what changed after the timestamp");
    const personal = await getAs(PERSONAL, `/me/drive/root/delta?token=${encodeURIComponent(t)}`);
    assert.equal(personal.status, 400);
  });

  test("an expired drive token is 410 with a resync code and a Location that enumerates again", async () => {
    const round = await drainDelta(graph, "/me/drive/root/delta", { token: tokenFor(PERSONAL) });
    graph.emulator.control.expireDeltaTokens();
    const res = await getAs(PERSONAL, round.deltaLink);
    assert.equal(res.status, 410);
    const err = res.json<{ error: { code: string; innerError: { code: string } } }>().error;
    assert.equal(err.code, "resyncRequired");
    assert.equal(err.innerError.code, "resyncChangesApplyDifferences");
    const again = await drainDelta(graph, String(res.headers.location), { token: tokenFor(PERSONAL) });
    assert.equal(again.items.length, round.items.length, "a full enumeration");
    graph.emulator.control.reset();
  });
});

describe("downloads", () => {
  test("/content is a 302 to a URL that needs no token, honours Range and expires", async () => {
    const item = (await getAs(PERSONAL, "/me/drive/root:/Documents/Taxes/2024.bin")).json<Item>();
    const content = await getAs(PERSONAL, `/me/drive/items/${item.id}/content`);
    assert.equal(content.status, 302);
    const location = String(content.headers.location);
    const whole = await fetchUnauthenticated(location);
    assert.equal(whole.status, 200);
    assert.deepEqual(whole.body, big);
    assert.equal(quickXorHashBase64(whole.body), (item.file as { hashes: { quickXorHash: string } }).hashes.quickXorHash);

    const part = await fetchUnauthenticated(location, { range: "bytes=100-199" });
    assert.equal(part.status, 206);
    assert.equal(part.headers["content-range"], `bytes 100-199/${big.length}`);
    assert.deepEqual(part.body, big.subarray(100, 200));
    const tail = await fetchUnauthenticated(location, { range: "bytes=-10" });
    assert.deepEqual(tail.body, big.subarray(big.length - 10));
    const resume = await fetchUnauthenticated(location, { range: `bytes=${big.length - 3}-` });
    assert.deepEqual(resume.body, big.subarray(big.length - 3));
    const beyond = await fetchUnauthenticated(location, { range: `bytes=${big.length}-` });
    assert.equal(beyond.status, 416);
    assert.equal(beyond.headers["content-range"], `bytes */${big.length}`);

    graph.emulator.control.downloads.ignoreRange = true;
    const ignored = await fetchUnauthenticated(location, { range: "bytes=100-199" });
    assert.equal(ignored.status, 200, "a server may ignore Range");
    assert.equal(ignored.body.length, big.length);
    graph.emulator.control.downloads.ignoreRange = false;

    const forged = await fetchUnauthenticated(location.replace(/tempauth=v1\.([A-Za-z0-9_-])/, (_, c: string) => `tempauth=v1.${c === "e" ? "f" : "e"}`));
    assert.equal(forged.status, 401);
    graph.clock.advance(graph.emulator.control.downloads.lifetimeMs + 1000);
    const expired = await fetchUnauthenticated(location);
    assert.equal(expired.status, 401, "the pre-authenticated URL expired");
    const fresh = await getAs(PERSONAL, `/me/drive/items/${item.id}/content`);
    assert.equal((await fetchUnauthenticated(String(fresh.headers.location))).status, 200, "/content gives a new one");
    const notModified = await getAs(PERSONAL, `/me/drive/items/${item.id}/content`, { "if-none-match": String(item.eTag) });
    assert.equal(notModified.status, 304);
  });

  test("the URL's expiry is readable from its tempauth token, as clients check it", async () => {
    const item = (await getAs(WORK, "/me/drive/root:/Documents/report.txt")).json<Item>();
    const url = new URL(String(item["@microsoft.graph.downloadUrl"]));
    const [, claims] = String(url.searchParams.get("tempauth")).split(".");
    const exp = (JSON.parse(Buffer.from(claims ?? "", "base64url").toString("utf8")) as { exp: number }).exp;
    assert.equal(exp, Math.floor(graph.clock.now() / 1000) + graph.emulator.control.downloads.lifetimeMs / 1000);
    const agentless = await new Promise<number>((resolve, reject) => {
      https.get(url, { ca: graph.caCertPem }, (res) => {
        res.resume();
        resolve(res.statusCode ?? 0);
      }).on("error", reject);
    });
    assert.equal(agentless, 200);
  });

  test("the Personal Vault answers ObjectHandle is Invalid; notebooks and malware cannot be downloaded", async () => {
    const vault = (await getAs(PERSONAL, "/me/drive/root:/Personal Vault")).json<Item>();
    for (const url of [`/me/drive/items/${vault.id}/children`, "/me/drive/root:/Personal Vault:/children", "/me/drive/root:/Personal Vault/passport-scan.txt"]) {
      const res = await getAs(PERSONAL, url);
      assert.equal(res.status, 400, url);
      const err = res.json<{ error: { code: string; message: string; innerError: { code: string } } }>().error;
      assert.equal(err.code, "invalidRequest");
      assert.equal(err.message, "ObjectHandle is Invalid");
      assert.equal(err.innerError.code, "invalidResourceId");
    }
    const notebook = (await getAs(PERSONAL, "/me/drive/root:/Notes/Family Notebook")).json<Item>();
    assert.equal((await getAs(PERSONAL, `/me/drive/items/${notebook.id}/content`)).status, 400);
    const eicar = (await getAs(PERSONAL, "/me/drive/root:/Downloads/eicar.com")).json<Item>();
    const blocked = await getAs(PERSONAL, `/me/drive/items/${eicar.id}/content`);
    assert.equal(blocked.status, 403);
    assert.equal(blocked.json<{ error: { code: string } }>().error.code, "malwareDetected");
    const direct = await fetchUnauthenticated(String(eicar["@microsoft.graph.downloadUrl"]));
    assert.equal(direct.status, 200);
    assert.equal(direct.headers["x-virus-infected"], "true");
  });

  test("a resource-unit budget: RateLimit headers from 80 %, then 429 with Retry-After until the minute passes", async () => {
    graph.emulator.control.setDriveBudget({ unitsPerMinute: 10 });
    try {
      const costs: Array<[string, number]> = [["/me/drive/root", 1], ["/me/drive/root/children", 2], ["/me/drive/root/delta", 2], ["/me/drive/root", 1], ["/me/drive/root", 1], ["/me/drive/root", 1], ["/me/drive/root", 1], ["/me/drive/root", 1]];
      let used = 0;
      for (const [url, units] of costs) {
        const res = await getAs(PERSONAL, url);
        assert.equal(res.status, 200, url);
        used += units;
        if (used >= 8) assert.equal(res.headers["ratelimit-remaining"], String(10 - used), `after ${used} units`);
        else assert.equal(res.headers["ratelimit-limit"], undefined, `no RateLimit headers below 80 % (${used})`);
      }
      const throttled = await getAs(PERSONAL, "/me/drive/root");
      assert.equal(throttled.status, 429);
      assert.equal(throttled.json<{ error: { code: string } }>().error.code, "activityLimitReached");
      assert.ok(Number(throttled.headers["retry-after"]) > 0);
      assert.equal((await getAs(WORK, "/me/drive/root")).status, 200, "the budget is per account");
      graph.clock.advance(61_000);
      assert.equal((await getAs(PERSONAL, "/me/drive/root")).status, 200, "a minute later");
    } finally {
      graph.emulator.control.setDriveBudget(undefined);
    }
  });

  test("children and path addressing", async () => {
    const children = await getAs(PERSONAL, "/me/drive/root:/Documents:/children");
    assert.equal(children.status, 200);
    assert.deepEqual(children.json<{ value: Item[] }>().value.map((i) => i.name).sort(), ["Taxes", "report.txt"]);
    const drive = (await getAs(PERSONAL, "/me/drive")).json<{ id: string; driveType: string; quota: { used: number } }>();
    assert.equal(drive.driveType, "personal");
    const byDrive = await getAs(PERSONAL, `/drives/${drive.id}/root/children`);
    assert.equal(byDrive.status, 200);
    assert.equal((await getAs(WORK, `/drives/${drive.id}/root/children`)).status, 403, "another user's drive");
    assert.equal((await getAs(PERSONAL, "/me/drive/root:/nope.txt")).json<{ error: { code: string } }>().error.code, "itemNotFound");
  });
});
