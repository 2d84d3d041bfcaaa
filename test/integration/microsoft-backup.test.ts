// The Microsoft provider end to end against the emulated cloud: sign-in through the emulator's
// pages, full backup of mail (exact MIME), OneDrive (bytes and QuickXorHash) and BitLocker keys,
// restore, then incremental runs after changes (O(changes) requests, moves not downloaded again,
// deletions kept in older snapshots), expired delta tokens, throttling storms, 503s and a revoked
// sign-in.
import assert from "node:assert/strict";
import { promises as fsp } from "node:fs";
import os from "node:os";
import path from "node:path";
import { after, before, describe, test } from "node:test";
import type { CatalogEntry, MicrosoftSourceConfig } from "../../shared/archive-types.js";
import { Archive } from "../../electron/engine/archive/archive.js";
import { runBackup, type BackupResult } from "../../electron/engine/backup/backup-run.js";
import { sourceStatuses } from "../../electron/engine/backup/source-status.js";
import { addTrustedCaPem } from "../../electron/engine/net/tls-trust.js";
import { signInInteractive } from "../../electron/engine/providers/microsoft/auth/microsoft-sign-in.js";
import { newMicrosoftAccountSettings } from "../../electron/engine/providers/microsoft/auth/new-account-settings.js";
import { createMicrosoftSource } from "../../electron/engine/providers/microsoft/microsoft-source-factory.js";
import { quickXorHash } from "../../electron/engine/providers/microsoft/quick-xor-hash.js";
import { loadSnapshotEntries, restoreSnapshot } from "../../electron/engine/restore/restore-snapshot.js";
import { unquoteMboxrd } from "../../electron/engine/restore/mbox-writer.js";
import { MemorySecretStore } from "../../electron/engine/secrets/memory-secret-store.js";
import { requestBitLockerAccess } from "../../electron/engine/providers/microsoft/auth/bitlocker-access.js";
import { compareTrees } from "../../electron/engine/restore/compare-trees.js";
import { REPO_ROOT } from "../helpers/cli-harness.js";
import { emulatedBrowser } from "../emulators/microsoft/emulated-user.js";
import { startMicrosoftEmulators, type MicrosoftEmulators } from "../emulators/microsoft/start-microsoft-emulators.js";
import { BITLOCKER_KEY, PASSWORD, PERSONAL, sha, WORK, writeTestSeed, type TestSeed } from "../helpers/microsoft-test-seed.js";

let dir: string;
let seed: TestSeed;
let emu: MicrosoftEmulators;
let archive: Archive;
let recoveryKey = "";
const secrets = new MemorySecretStore();
const configs: MicrosoftSourceConfig[] = [];

async function backup(only?: string): Promise<BackupResult> {
  const chosen = only ? configs.filter((c) => c.name === only) : configs;
  return runBackup(archive, chosen.map((cfg) => createMicrosoftSource(cfg, { secrets })), { keepSources: configs.map((c) => c.name) });
}

async function entriesOf(snapshotId: string, source: string): Promise<CatalogEntry[]> {
  return (await loadSnapshotEntries(archive, snapshotId)).entries.filter((e) => e.source === source);
}

const graphRequests = (filter?: string | RegExp): number => emu.graph.control.requests.count(filter);
const mimeRequests = (): number => graphRequests(/\$value/);
const downloads = (): number => graphRequests("GET /download");

before(async () => {
  dir = await fsp.mkdtemp(path.join(os.tmpdir(), "lifeboat-ms-"));
  seed = await writeTestSeed(path.join(dir, "seed"));
  emu = await startMicrosoftEmulators({ seedDir: seed.dir });
  addTrustedCaPem(emu.caCertPem, "the test emulators' CA");
  ({ archive, recoveryKey } = await Archive.init(path.join(dir, "archive"), "pw", { scryptLogN: 10 }));
  for (const acct of emu.accounts) {
    if (acct.kind === "work") emu.identity.grantAdminConsent(acct.tid, ["BitLockerKey.Read.All"]);
    let settings = newMicrosoftAccountSettings({ authority: emu.identity.authority("common"), graphEndpoint: emu.graphUrl });
    const openBrowser = emulatedBrowser({ address: acct.address, password: PASSWORD }, emu.caCertPem);
    settings = await signInInteractive(settings, { secrets }, { openBrowser });
    if (settings.accountKind === "work") settings = await requestBitLockerAccess(settings, { secrets }, { interactive: { openBrowser } });
    configs.push({ name: acct.address, kind: "microsoft", added: new Date().toISOString(), account: settings });
  }
});

after(async () => {
  await archive?.close();
  await emu?.close();
  await fsp.rm(dir, { recursive: true, force: true });
});

describe("Microsoft account backup against the emulated cloud", () => {
  let firstId = "";

  test("a full backup restores every message byte for byte, every file with its QuickXorHash, and the BitLocker key", async () => {
    emu.graph.control.requests.reset();
    const r = await backup();
    assert.deepEqual(r.failed, []);
    firstId = r.snapshot.id;
    const out = path.join(dir, "restore-1");
    const res = await restoreSnapshot(archive, firstId, out);
    assert.deepEqual(res.failed, []);

    for (const account of [PERSONAL, WORK]) {
      const want = seed.messages.filter((m) => m.account === account);
      const got: string[] = [];
      const walk = async (d: string): Promise<void> => {
        for (const e of await fsp.readdir(d, { withFileTypes: true }).catch(() => [])) {
          if (e.isDirectory()) await walk(path.join(d, e.name));
          else if (e.name.endsWith(".eml")) got.push(sha(await fsp.readFile(path.join(d, e.name))));
        }
      };
      await walk(path.join(out, account, "mail"));
      assert.deepEqual(got.sort(), want.map((m) => m.sha256).sort(), `${account}: restored MIME equals the seeded bytes`);
    }
    // Each message sits in its folder, with a sidecar that says what MIME cannot.
    const personal = await entriesOf(firstId, PERSONAL);
    const receipts = personal.filter((e) => e.path.startsWith("mail/Inbox/Receipts/") && e.path.endsWith(".eml"));
    assert.equal(receipts.length, seed.messages.filter((m) => m.folder === "Inbox/Receipts").length);
    const sidecar = personal.find((e) => e.path.startsWith("mail/Inbox/Receipts/") && e.path.endsWith(".json"))!;
    const side = JSON.parse(await fsp.readFile(path.join(out, PERSONAL, sidecar.path), "utf8")) as Record<string, unknown>;
    assert.equal(side.folder, "Inbox/Receipts");
    assert.equal(typeof side.isRead, "boolean");
    assert.equal(typeof side.id, "string");

    for (const f of seed.files) {
      const bytes = await fsp.readFile(path.join(out, f.account, "files", f.path));
      assert.ok(bytes.equals(f.bytes), `${f.path} restored byte for byte`);
      const entry = personal.find((e) => e.path === `files/${f.path}`)!;
      assert.equal(entry.state?.qxh, quickXorHash(f.bytes), `${f.path}: the drive's QuickXorHash was checked and kept`);
    }
    assert.ok((await fsp.stat(path.join(out, PERSONAL, "files", "Empty folder"))).isDirectory());
    // The vault and the notebook are reported, not silently missing, and not failures.
    const skipped = r.snapshot.sources[PERSONAL]!.skipped!.map((s) => `${s.path}: ${s.reason}`);
    assert.ok(skipped.some((s) => /^files\/Personal Vault: .*Personal Vault/.test(s)), skipped.join("\n"));
    assert.ok(skipped.some((s) => /^files\/Notebooks\/Recipes: .*OneNote/.test(s)), skipped.join("\n"));
    assert.ok(!personal.some((e) => e.path.startsWith("files/Personal Vault/") || e.path.startsWith("files/Notebooks/Recipes/")));

    const keys = (await fsp.readdir(path.join(out, WORK, "bitlocker"))).filter((f) => f.endsWith(".txt"));
    assert.equal(keys.length, 1);
    assert.match(await fsp.readFile(path.join(out, WORK, "bitlocker", keys[0]!), "utf8"), new RegExp(BITLOCKER_KEY));
    assert.ok(r.snapshot.sources[PERSONAL]!.skipped!.some((s) => s.path === "bitlocker" && /no API/.test(s.reason)), "personal accounts are told BitLocker keys have no API");
    assert.equal(mimeRequests(), seed.messages.length, "one $value per message");
  });

  test("--mail-format mbox writes one mboxrd file per folder that Python's mailbox module reads, each message exact", async () => {
    const out = path.join(dir, "restore-mbox");
    const res = await restoreSnapshot(archive, firstId, out, { mailFormat: "mbox" });
    assert.deepEqual(res.failed, []);
    const inbox = path.join(out, PERSONAL, "mail", "Inbox.mbox");
    const script = "import mailbox,sys,json\nm=mailbox.mbox(sys.argv[1])\nprint(json.dumps(len(m)))";
    const { execFileSync } = await import("node:child_process");
    const count = JSON.parse(execFileSync("python3", ["-c", script, inbox], { encoding: "utf8" })) as number;
    const want = seed.messages.filter((m) => m.account === PERSONAL && m.folder === "Inbox");
    assert.equal(count, want.length, "python's mailbox finds every message");
    // Split on our own From_ lines and undo the mboxrd quoting: the exact seeded bytes come back.
    const text = await fsp.readFile(inbox);
    const starts: number[] = [];
    for (let i = text.indexOf("From MAILER-DAEMON "); i >= 0; i = text.indexOf("\nFrom MAILER-DAEMON ", i + 1)) starts.push(i === 0 ? 0 : i + 1);
    const got = starts.map((s0, k) => {
      const body = text.subarray(text.indexOf(0x0a, s0) + 1, k + 1 < starts.length ? starts[k + 1]! - 1 : text.length - 1);
      return sha(unquoteMboxrd(body));
    });
    // Our writer adds one newline when a message does not end with one: try both.
    const wantSet = new Set(want.map((m) => m.sha256));
    const bodies = starts.map((s0, k) => text.subarray(text.indexOf(0x0a, s0) + 1, k + 1 < starts.length ? starts[k + 1]! : text.length));
    const matched = bodies.filter((b, k) => wantSet.has(got[k]!) || wantSet.has(sha(unquoteMboxrd(b.subarray(0, b.length - 2))))).length;
    assert.equal(matched, want.length);
  });

  test("a run with no changes downloads nothing and costs a request per folder, not per item", async () => {
    emu.graph.control.requests.reset();
    const r = await backup();
    assert.deepEqual(r.failed, []);
    assert.equal(mimeRequests(), 0);
    assert.equal(downloads(), 0);
    const res = r.snapshot.sources[PERSONAL]!;
    assert.equal(res.newItems + res.changedItems, 0);
    const folders = emu.store.get(PERSONAL)!.mail.messageIds("inbox").length; // sanity: the mailbox is not empty
    assert.ok(folders > 0);
    assert.ok(graphRequests() < 40, `no-change run made ${graphRequests()} requests: ${JSON.stringify(emu.graph.control.requests.snapshot())}`);
  });

  test("after N changes the next run makes O(N) item requests: new mail fetched, moves not, deletions gone from the new snapshot only", async () => {
    const acct = emu.store.get(PERSONAL)!;
    const before = await entriesOf(firstId, PERSONAL);
    const inbox = acct.mail.messageIds("inbox");
    const moved = inbox[0]!;
    const deleted = inbox[1]!;
    acct.mail.moveMessage(moved, "archive");
    acct.mail.deleteMessage(deleted, { permanent: true });
    acct.mail.addGeneratedMessages("inbox", 2, { seed: "incremental" });
    acct.mail.updateMessage(inbox[2]!, { isRead: true });
    acct.drive.renameItem(acct.drive.byPath("Documents")!.id, "My Documents");
    acct.drive.addFile("Pictures/new.png", Buffer.from("not really a png"));
    acct.drive.deleteItem(acct.drive.byPath("Pictures/Camera Roll/IMG_0002.jpg")!.id);
    emu.graph.control.requests.reset();
    const r = await backup();
    assert.deepEqual(r.failed, []);
    assert.equal(mimeRequests(), 2, "only the two new messages are downloaded (the move and the flag change are not)");
    assert.equal(downloads(), 1, "only the new file is downloaded (the renamed folder's files are not)");
    const now = await entriesOf(r.snapshot.id, PERSONAL);
    const idOf = (e: CatalogEntry): unknown => e.state?.id;
    const movedNow = now.find((e) => idOf(e) === moved && e.path.endsWith(".eml"));
    assert.ok(movedNow?.path.startsWith("mail/Archive/"), `moved message is under Archive: ${movedNow?.path}`);
    const movedBefore = before.find((e) => idOf(e) === moved && e.path.endsWith(".eml"))!;
    assert.deepEqual(movedNow!.content, movedBefore.content, "the moved message reuses its stored MIME");
    assert.ok(!now.some((e) => idOf(e) === deleted), "a deleted message is gone from the newest snapshot");
    assert.ok(before.some((e) => idOf(e) === deleted), "...and still in the older one");
    assert.ok(now.some((e) => e.path === "files/My Documents/notes.txt"));
    assert.ok(!now.some((e) => e.path.startsWith("files/Documents/")));
    assert.ok(!now.some((e) => e.path === "files/Pictures/Camera Roll/IMG_0002.jpg"));
    assert.ok(now.some((e) => e.path === "files/Pictures/new.png"));
  });

  test("expired delta tokens fall back to a full enumeration that downloads nothing again", async () => {
    emu.graph.control.expireDeltaTokens();
    emu.graph.control.requests.reset();
    const prev = (await archive.snapshots()).snapshots.filter((s) => s.data.complete).at(-1)!;
    const r = await backup(PERSONAL);
    assert.deepEqual(r.failed, []);
    assert.equal(mimeRequests(), 0);
    assert.equal(downloads(), 0);
    const a = (await entriesOf(prev.id, PERSONAL)).map((e) => `${e.path} ${(e.content ?? []).join()}`).sort();
    const b = (await entriesOf(r.snapshot.id, PERSONAL)).map((e) => `${e.path} ${(e.content ?? []).join()}`).sort();
    assert.deepEqual(b, a, "the same items with the same content");
  });

  test("a 410 with a Location to start over (the other way Outlook says the token expired) also resyncs without downloads", async () => {
    emu.graph.control.setOutlookExpiryStyle("locationReset");
    emu.graph.control.expireDeltaTokens("locationReset");
    emu.graph.control.requests.reset();
    const r = await backup(PERSONAL);
    emu.graph.control.setOutlookExpiryStyle("syncStateNotFound");
    assert.deepEqual(r.failed, []);
    assert.equal(mimeRequests(), 0);
    assert.equal(downloads(), 0);
  });

  test("a 429 storm with fractional Retry-After and 503s with empty bodies slow the run down but lose nothing", async () => {
    const acct = emu.store.get(PERSONAL)!;
    acct.mail.addGeneratedMessages("inbox", 5, { seed: "storm" });
    const storm = emu.graph.control.faults.throttleStorm({ count: 6, retryAfterSeconds: 0.25 });
    const unavailable = emu.graph.control.faults.serviceUnavailable({ every: 5, count: 4 });
    const r = await backup(PERSONAL);
    storm.remove();
    unavailable.remove();
    assert.deepEqual(r.failed, []);
    assert.equal(storm.hits, 6);
    assert.ok(unavailable.hits > 0);
    assert.equal(r.snapshot.sources[PERSONAL]!.newItems, 10, "5 messages and their sidecars");
  });

  test("one message that keeps failing is reported and fetched on the next run", async () => {
    const acct = emu.store.get(PERSONAL)!;
    acct.mail.addGeneratedMessages("inbox", 1, { seed: "flaky" });
    const fault = emu.graph.control.faults.failRoute({ match: /\$value/, status: 500, code: "ErrorCorruptData", message: "Data is corrupt." });
    const r1 = await backup(PERSONAL);
    fault.remove();
    assert.equal(r1.failed.length, 1);
    assert.match(r1.failed[0]!.error, /ErrorCorruptData|corrupt/i);
    emu.graph.control.requests.reset();
    const r2 = await backup(PERSONAL);
    assert.deepEqual(r2.failed, []);
    assert.equal(mimeRequests(), 1, "the failed message is fetched on the next run");
  });

  test("recover.sh (age, tar, gzip, jq only) restores the account data exactly as Lifeboat does", async () => {
    const key = path.join(dir, "recovery.txt");
    await fsp.writeFile(key, `${recoveryKey}\n`, { mode: 0o600 });
    const viaScript = path.join(dir, "recover-sh");
    const { execFileSync } = await import("node:child_process");
    execFileSync("sh", [path.join(REPO_ROOT, "recover.sh"), archive.layout.root, key, viaScript], { stdio: ["ignore", "ignore", "pipe"] });
    const viaLifeboat = path.join(dir, "recover-lifeboat");
    await restoreSnapshot(archive, "latest", viaLifeboat);
    // Folders that have no time of their own in the catalog (the account, mail/, mail folders)
    // get the time they were made; everything else must be identical.
    const dated = new Set((await loadSnapshotEntries(archive, "latest")).entries.filter((e) => e.mtimeNs).map((e) => `${e.source}/${e.path}`));
    const diffs = (await compareTrees(viaLifeboat, viaScript)).filter((d) => !(d.startsWith("mtime differs: ") && !dated.has(d.slice(15, d.lastIndexOf(" (")))));
    assert.deepEqual(diffs, []);
  });

  test("a revoked sign-in marks the account needs-sign-in and keeps every item", async () => {
    const prev = (await archive.snapshots()).snapshots.filter((s) => s.data.complete).at(-1)!;
    emu.identity.revokeRefreshTokens(PERSONAL);
    emu.identity.expireAccessTokens();
    // A fresh source: no access token in memory, so the refresh must happen (and fail).
    const r = await backup(PERSONAL);
    assert.equal(r.failed.length, 1);
    assert.equal(r.failed[0]!.code, "needs-sign-in");
    assert.match(r.failed[0]!.error, /sign in again/i);
    const a = (await entriesOf(prev.id, PERSONAL)).map((e) => e.path).sort();
    const b = (await entriesOf(r.snapshot.id, PERSONAL)).map((e) => e.path).sort();
    assert.deepEqual(b, a);
    const snaps = (await archive.snapshots()).snapshots;
    const status = sourceStatuses(configs, snaps).find((s) => s.name === PERSONAL)!;
    assert.equal(status.state, "needs-sign-in");
  });
});
