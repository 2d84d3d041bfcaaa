// The Graph emulator's generated OneDrive files (bytes made from a seed while they are sent, so a
// test can back up gigabytes without holding them): deterministic and seekable bytes, the drive's
// hashes of them, /content's 302 and Range exactly as for stored files, and the dropped-connection
// fault a resuming client is tested with.
import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { createHash } from "node:crypto";
import https from "node:https";
import { AccountStore } from "../emulators/microsoft/graph/account-store.js";
import { GeneratedContent } from "../emulators/microsoft/graph/generated-content.js";
import { quickXorHashBase64 } from "../emulators/microsoft/graph/quick-xor-hash.js";
import { ManualClock, startTestGraph, type Answer, type TestGraph } from "./graph-emulator-harness.js";

const PERSONAL = "gene@outlook.example";
const WORK = "gwen@contoso.example";
// Not a multiple of the 16-byte keystream block nor of the 1 MiB piece, so every edge is crossed.
const SIZE = 5 * 1024 * 1024 + 12_345;
const SEED = "emulator-test";

let graph: TestGraph;
let agent: https.Agent;
const ids = new Map<string, string>();

function getAs(address: string, url: string, headers: Record<string, string> = {}): Promise<Answer> {
  return graph.get(url, { token: graph.verifier.issue(address), headers });
}

function fetchUnauthenticated(url: string, headers: Record<string, string> = {}): Promise<Answer> {
  return graph.request("GET", url, { token: null, headers });
}

/** A GET that keeps whatever arrived before the connection broke, instead of failing. */
function fetchUntilDropped(url: string, headers: Record<string, string> = {}): Promise<{ status: number; received: Buffer; broken: boolean }> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    const req = https.get(url, { agent, headers }, (res) => {
      const done = (broken: boolean): void => resolve({ status: res.statusCode ?? 0, received: Buffer.concat(chunks), broken });
      res.on("data", (c: Buffer) => chunks.push(c));
      res.on("end", () => done(!res.complete));
      res.on("error", () => done(true));
      res.on("aborted", () => done(true));
    });
    req.on("error", reject);
  });
}

async function downloadLocation(address: string, itemId: string): Promise<string> {
  const res = await getAs(address, `/me/drive/items/${encodeURIComponent(itemId)}/content`);
  assert.equal(res.status, 302);
  return String(res.headers.location);
}

before(async () => {
  const clock = new ManualClock();
  const store = new AccountStore(clock);
  for (const [address, kind] of [[PERSONAL, "personal"], [WORK, "work"]] as const) {
    const account = store.addAccount({ address, kind });
    ids.set(address, await account.drive.addGeneratedFile("/Videos/holiday.mp4", { size: SIZE, seed: SEED }));
  }
  graph = await startTestGraph(store, clock);
  agent = new https.Agent({ ca: graph.caCertPem, keepAlive: false });
});

after(async () => {
  agent?.destroy();
  await graph?.close();
});

describe("generated content", () => {
  test("the same seed gives the same bytes, read from any offset; another seed other bytes", () => {
    const a = new GeneratedContent(SEED, 100_000);
    const whole = a.bytes(0, 100_000);
    assert.equal(whole.length, 100_000);
    for (const [start, end] of [[0, 1], [15, 17], [16, 32], [4097, 70_001], [99_999, 100_000], [50_000, 200_000]] as const) {
      assert.ok(a.bytes(start, end).equals(whole.subarray(start, end)), `bytes ${start}-${end}`);
    }
    assert.ok(new GeneratedContent(SEED, 100_000).bytes(0, 100_000).equals(whole));
    assert.ok(!new GeneratedContent("other", 100_000).bytes(0, 64).equals(whole.subarray(0, 64)));
    // Pieces are bounded (memory stays flat) and add up to the range.
    const pieces = [...a.pieces(3, 99_990, 4096)];
    assert.ok(pieces.every((p) => p.length <= 4096));
    assert.ok(Buffer.concat(pieces).equals(whole.subarray(3, 99_990)));
  });
});

describe("a generated OneDrive file", () => {
  test("is listed with its size and the hashes of its bytes (QuickXorHash on both drive types)", async () => {
    const bytes = new GeneratedContent(SEED, SIZE).bytes(0, SIZE);
    for (const address of [PERSONAL, WORK]) {
      const item = (await getAs(address, `/me/drive/items/${encodeURIComponent(ids.get(address)!)}`)).json<{ size: number; file: { mimeType: string; hashes: Record<string, string> } }>();
      assert.equal(item.size, SIZE);
      assert.equal(item.file.mimeType, "video/mp4");
      assert.equal(item.file.hashes.quickXorHash, quickXorHashBase64(bytes), `${address}: QuickXorHash`);
      if (address === PERSONAL) {
        assert.equal(item.file.hashes.sha256Hash, createHash("sha256").update(bytes).digest("hex").toUpperCase());
        assert.equal(item.file.hashes.sha1Hash, createHash("sha1").update(bytes).digest("hex").toUpperCase());
      } else {
        assert.deepEqual(Object.keys(item.file.hashes), ["quickXorHash"]);
      }
    }
    const drive = (await getAs(PERSONAL, "/me/drive")).json<{ quota: { used: number } }>();
    assert.equal(drive.quota.used, SIZE);
  });

  test("downloads through /content's 302, whole (200) or by Range (206), the generator's bytes", async () => {
    const content = new GeneratedContent(SEED, SIZE);
    const location = await downloadLocation(PERSONAL, ids.get(PERSONAL)!);
    const whole = await fetchUnauthenticated(location);
    assert.equal(whole.status, 200);
    assert.equal(whole.headers["content-length"], String(SIZE));
    assert.equal(whole.headers["accept-ranges"], "bytes");
    assert.ok(whole.body.equals(content.bytes(0, SIZE)));

    const start = 2 * 1024 * 1024 + 7;
    const end = start + 1024 * 1024 + 100;
    const mid = await fetchUnauthenticated(location, { range: `bytes=${start}-${end}` });
    assert.equal(mid.status, 206);
    assert.equal(mid.headers["content-range"], `bytes ${start}-${end}/${SIZE}`);
    assert.equal(mid.headers["content-length"], String(end - start + 1));
    assert.ok(mid.body.equals(content.bytes(start, end + 1)), "mid-file range equals the generator's bytes");
    const tail = await fetchUnauthenticated(location, { range: "bytes=-33" });
    assert.equal(tail.status, 206);
    assert.ok(tail.body.equals(content.bytes(SIZE - 33, SIZE)));
    const open = await fetchUnauthenticated(location, { range: `bytes=${SIZE - 5000}-` });
    assert.ok(open.body.equals(content.bytes(SIZE - 5000, SIZE)));
    const beyond = await fetchUnauthenticated(location, { range: `bytes=${SIZE}-` });
    assert.equal(beyond.status, 416);
    assert.deepEqual(graph.emulator.control.downloads.served.slice(-4).map((s) => [s.status, s.start, s.end]), [
      [200, 0, SIZE - 1],
      [206, start, end],
      [206, SIZE - 33, SIZE - 1],
      [206, SIZE - 5000, SIZE - 1],
    ]);
  });

  test("dropConnection cuts a download after N bytes, once; a Range request from there completes it", async () => {
    const content = new GeneratedContent(SEED, SIZE);
    const cutAt = 3 * 1024 * 1024 + 5;
    const fault = graph.emulator.control.faults.dropConnection({ match: ["download"], afterBytes: cutAt });
    try {
      const location = await downloadLocation(WORK, ids.get(WORK)!);
      const first = await fetchUntilDropped(location);
      assert.equal(first.status, 200);
      assert.ok(first.broken, "the connection broke before the declared length");
      assert.ok(first.received.length <= cutAt && first.received.length > 0, `received ${first.received.length} of at most ${cutAt}`);
      assert.equal(fault.hits, 1);
      const rest = await fetchUntilDropped(location, { range: `bytes=${first.received.length}-` });
      assert.equal(rest.status, 206);
      assert.ok(!rest.broken, "the fault fires once by default");
      const got = Buffer.concat([first.received, rest.received]);
      assert.equal(got.length, SIZE);
      assert.equal(quickXorHashBase64(got), quickXorHashBase64(content.bytes(0, SIZE)));
    } finally {
      fault.remove();
    }
  });

  test("dropConnection works for stored files too, and a new file content replaces the generated bytes", async () => {
    const drive = graph.store.get(PERSONAL)!.drive;
    const id = ids.get(PERSONAL)!;
    drive.updateFile(id, Buffer.from("now small"));
    const fault = graph.emulator.control.faults.dropConnection({ match: ["download"], afterBytes: 3 });
    try {
      const first = await fetchUntilDropped(await downloadLocation(PERSONAL, id));
      assert.ok(first.broken);
      assert.ok(first.received.length <= 3);
      const item = (await getAs(PERSONAL, `/me/drive/items/${encodeURIComponent(id)}`)).json<{ size: number; file: { hashes: { quickXorHash: string } } }>();
      assert.equal(item.size, 9);
      assert.equal(item.file.hashes.quickXorHash, quickXorHashBase64(Buffer.from("now small")));
    } finally {
      fault.remove();
    }
  });
});
