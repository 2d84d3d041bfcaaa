// The app service against the emulated Microsoft cloud, through handle() only: a first run,
// creating the archive, adding both demo accounts through the emulator's sign-in pages (as the
// system browser would show them), a backup job with its events, the dashboard state, browsing,
// search, a message with attachments, details, restoring bytes equal to the emulator's MIME,
// importing authenticator and BitLocker exports into the vault with codes equal to oathtool's,
// sign-out and sign-in again, and the busy/invalid/locked errors.
import assert from "node:assert/strict";
import { promises as fsp } from "node:fs";
import path from "node:path";
import { after, before, describe, test } from "node:test";
import type { AppState, DetailView, ImportReport, ItemPage, ItemView, JobOutcome, MessageView, OtpCode, SearchResult, VaultView } from "../../shared/app-types.js";
import { createAppService } from "../../electron/app-service/app-service.js";
import { MemorySecretStore } from "../../electron/engine/secrets/memory-secret-store.js";
import { importOtpFile } from "../../electron/engine/vault/otp/import-otp-file.js";
import { startTestApp, TEST_APP_PASSPHRASE, type TestApp } from "../bridge/test-app.js";
import { EventLog, fails, ok } from "../bridge/service-calls.js";
import { CTF_ID, CTF_PASSWORD, englishTxt, utf16leBom } from "../helpers/bitlocker-samples.js";
import { FIXTURES } from "../helpers/microsoft-test-seed.js";
import { oathtool } from "../helpers/oathtool.js";
import { pdfTextPages } from "../helpers/qr-tools.js";

let app: TestApp;
let log: EventLog;
let out: string;
let personal: string;
let work: string;
let recoveryKey: string;
const AEGIS = path.join(FIXTURES, "otp", "aegis", "aegis_encrypted.json");

before(async () => {
  app = await startTestApp({ fresh: true });
  log = new EventLog(app.service);
  out = path.join(path.dirname(app.home), "out");
  personal = app.emulators.accounts.find((a) => a.kind === "personal")!.address;
  work = app.emulators.accounts.find((a) => a.kind === "work")!.address;
});

after(async () => {
  log?.stop();
  await app?.close();
});

const svc = (): TestApp["service"] => app.service;

async function backup(sources?: string[]): Promise<JobOutcome> {
  const { jobId } = await ok<{ jobId: string }>(svc(), "backup:start", sources ? { sources } : {});
  return log.finished(jobId);
}

async function listAll(source: string, folder: string): Promise<ItemView[]> {
  const items: ItemView[] = [];
  for (let offset = 0; ; offset += 7) {
    const page = await ok<ItemPage>(svc(), "browse:list", { snapshot: "latest", source, path: folder, offset, limit: 7 });
    items.push(...page.items);
    if (offset + 7 >= page.total) {
      assert.equal(items.length, page.total);
      return items;
    }
  }
}

describe("app service with Microsoft accounts", () => {
  test("first run, create, a wrong passphrase", async () => {
    assert.equal((await ok<AppState>(svc(), "app:get-state", {})).archive.status, "none");
    await fails(svc(), "accounts:add-microsoft", { accountType: "personal" }, "no-archive");
    const archive = path.join(path.dirname(app.home), "My Archive");
    ({ recoveryKey } = await ok<{ recoveryKey: string }>(svc(), "archive:create", { path: archive, passphrase: TEST_APP_PASSPHRASE, remember: false }));
    await ok(svc(), "archive:lock", {});
    await fails(svc(), "archive:unlock", { passphrase: "wrong", remember: false }, "wrong-passphrase");
    await fails(svc(), "archive:unlock", { recoveryKey: "AGE-SECRET-KEY-1QQQQ", remember: false }, "wrong-passphrase");
    assert.equal((await ok<AppState>(svc(), "archive:unlock", { recoveryKey, remember: false })).archive.status, "unlocked");
  });

  test("add both demo accounts through the emulator's sign-in pages", async () => {
    assert.deepEqual(await ok(svc(), "accounts:add-microsoft", { accountType: "personal", loginHint: personal }), { name: personal, username: personal });
    assert.deepEqual(await ok(svc(), "accounts:add-microsoft", { accountType: "work", loginHint: work }), { name: work, username: work });
    const s = await ok<AppState>(svc(), "app:get-state", {});
    assert.deepEqual(
      s.sources.map((x) => [x.name, x.type, x.accountType, x.state, x.action]),
      [
        [personal, "microsoft", "personal", "never", "back-up"],
        [work, "microsoft", "work", "never", "back-up"],
      ],
    );
  });

  test("backup job: progress with rate, an outcome, the state with kinds; busy meanwhile", async () => {
    const { jobId } = await ok<{ jobId: string }>(svc(), "backup:start", {});
    await fails(svc(), "backup:start", {}, "busy");
    await fails(svc(), "vault:import", { fileName: "x.txt", dataBase64: "eA==", what: "auto" }, "busy");
    await fails(svc(), "archive:lock", {}, "busy");
    const o = await log.finished(jobId);
    assert.equal(o.ok, true, o.summary);
    assert.deepEqual(o.backup!.failed, []);
    const progress = log.progressOf(jobId);
    assert.ok(progress.length >= 2, "started, then progress");
    assert.ok(progress.some((p) => p.source === personal && p.dataKind === "mail"));
    assert.ok(progress.some((p) => p.bytes > 0));
    const s = await ok<AppState>(svc(), "app:get-state", {});
    const p = s.sources.find((x) => x.name === personal)!;
    assert.equal(p.state, "ok");
    assert.ok(p.lastGoodCopy);
    const seedMail = app.seed.messages.filter((m) => m.account === personal).length;
    assert.equal(p.kinds.find((k) => k.kind === "mail")?.items, seedMail);
    for (const k of ["calendars", "contacts"]) assert.ok((p.kinds.find((x) => x.kind === k)?.items ?? 0) > 0, k);
    const w = s.sources.find((x) => x.name === work)!;
    assert.ok((w.kinds.find((k) => k.kind === "bitlocker")?.items ?? 0) > 0);
    assert.ok(s.sources.some((x) => x.type === "vault" && x.name === "vault"), "the BitLocker keys went into the vault");
  });

  test("browse a mail folder page by page, newest first; search", async () => {
    const root = await listAll(personal, "");
    assert.ok(root.every((i) => i.type === "dir"));
    assert.ok(root.some((i) => i.path === "mail"));
    const folders = await listAll(personal, "mail");
    const inbox = folders.find((f) => f.name.toLowerCase() === "inbox")!;
    assert.ok(inbox, folders.map((f) => f.name).join(","));
    const items = await listAll(personal, inbox.path);
    const mails = items.filter((i) => i.kind === "email");
    assert.ok(mails.length > 7, "more than one page");
    assert.equal(new Set(mails.map((m) => m.path)).size, mails.length);
    assert.ok(items.every((i) => i.kind !== "email-state"), "sidecars hidden");
    const dates = mails.map((m) => Date.parse(m.facts.date!));
    assert.deepEqual(dates, [...dates].sort((a, b) => b - a));
    const first = mails[0]!;
    const r = await ok<SearchResult>(svc(), "browse:search", { snapshot: "latest", query: first.facts.subject!.toUpperCase(), kinds: ["email"], limit: 100 });
    assert.ok(r.items.some((i) => i.path === first.path));
    assert.ok(r.items.every((i) => i.kind === "email"));
  });

  test("a message with attachments; restoring it gives the emulator's MIME byte for byte", async () => {
    const subjects = new Map<string, number>();
    for (const m of app.seed.messages) subjects.set(m.subject, (subjects.get(m.subject) ?? 0) + 1);
    const rec = app.seed.messages.find((m) => m.account === personal && !m.copy && subjects.get(m.subject) === 1 && m.attachments.some((a) => !a.inline) && m.html)!;
    assert.ok(rec, "the demo has such a message");
    const found = await ok<SearchResult>(svc(), "browse:search", { snapshot: "latest", query: rec.subject, kinds: ["email"], limit: 5000 });
    const hits = found.items.filter((i) => i.facts.subject === rec.subject && i.source === personal);
    assert.equal(hits.length, 1);
    const item = hits[0]!;
    const m = await ok<MessageView>(svc(), "browse:message", { snapshot: "latest", source: personal, path: item.path });
    assert.equal(m.subject, rec.subject);
    assert.ok(m.html && m.html.length > 0);
    const listed = m.attachments.filter((a) => !a.inline).map((a) => [a.name, a.contentType, a.size]);
    const expected = rec.attachments.filter((a) => !a.inline).map((a) => [a.filename, a.contentType, a.size]);
    assert.deepEqual(listed, expected);

    const { jobId } = await ok<{ jobId: string }>(svc(), "restore:start", { snapshot: "latest", selection: { items: [{ source: personal, path: item.path }] }, to: out, mailFormat: "eml" });
    const o = await log.finished(jobId);
    assert.equal(o.ok, true, o.summary);
    assert.equal(o.restore!.restoredItems, 1);
    const restored = await fsp.readFile(path.join(out, personal, ...item.path.split("/")));
    assert.ok(restored.equals(await fsp.readFile(path.join(app.seed.dir, ...rec.path.split("/")))), "byte-identical to the seed's .eml");
  });

  test("a mail folder restored as mbox holds every message of it", async () => {
    const folders = await listAll(personal, "mail");
    const inbox = folders.find((f) => f.name.toLowerCase() === "inbox")!;
    const mails = (await listAll(personal, inbox.path)).filter((i) => i.kind === "email");
    const to = path.join(out, "mbox");
    const { jobId } = await ok<{ jobId: string }>(svc(), "restore:start", { snapshot: "latest", selection: { items: [{ source: personal, path: inbox.path }], kinds: ["email"] }, to, mailFormat: "mbox" });
    const o = await log.finished(jobId);
    assert.equal(o.ok, true, o.summary);
    const mbox = await fsp.readFile(path.join(to, personal, `${inbox.path}.mbox`), "latin1");
    assert.equal(mbox.match(/^From MAILER-DAEMON /gm)?.length, mails.length);
  });

  test("details: an event, a contact, a BitLocker key without its password", async () => {
    const cals = await listAll(personal, "calendars");
    const calDir = cals.find((c) => c.type === "dir")!;
    const ev = (await listAll(personal, calDir.path)).find((i) => i.kind === "event")!;
    const evd = await ok<DetailView>(svc(), "browse:detail", { snapshot: "latest", source: personal, path: ev.path });
    assert.equal(evd.kind, "event");
    assert.ok(evd.rows.some((r) => r.label === "Start" && r.value.length > 0));
    const books = await listAll(personal, "contacts");
    const bookDir = books.find((b) => b.type === "dir")!;
    const ct = (await listAll(personal, bookDir.path)).find((i) => i.kind === "contact")!;
    const ctd = await ok<DetailView>(svc(), "browse:detail", { snapshot: "latest", source: personal, path: ct.path });
    assert.equal(ctd.rows.find((r) => r.label === "Name")?.value, ct.facts.name);
    const keys = (await listAll(work, "bitlocker")).filter((i) => i.kind === "bitlocker-key");
    assert.ok(keys.length > 0);
    const kd = await ok<DetailView>(svc(), "browse:detail", { snapshot: "latest", source: work, path: keys[0]!.path });
    const keyId = kd.rows.find((r) => r.label === "Key id")!.value;
    const { recoveryPassword } = await ok<{ recoveryPassword: string }>(svc(), "vault:reveal-bitlocker", { keyId });
    assert.match(recoveryPassword, /^(\d{6}-){7}\d{6}$/);
    assert.ok(!JSON.stringify(kd).includes(recoveryPassword), "the detail never shows the password");
  });

  test("vault: an encrypted Aegis export (password asked, checked), codes equal to oathtool", async () => {
    const data = (await fsp.readFile(AEGIS)).toString("base64");
    await fails(svc(), "vault:import", { fileName: "aegis_encrypted.json", dataBase64: data, what: "auto" }, "needs-password");
    await fails(svc(), "vault:import", { fileName: "aegis_encrypted.json", dataBase64: data, password: "nope", what: "otp" }, "wrong-password");
    const r = await ok<ImportReport>(svc(), "vault:import", { fileName: "aegis_encrypted.json", dataBase64: data, password: "test", what: "auto" });
    const reference = await importOtpFile({ bytes: await fsp.readFile(AEGIS), fileName: "aegis_encrypted.json", password: "test" });
    assert.equal(r.what, "otp");
    assert.equal(r.format, reference.format);
    assert.equal(r.added, reference.entries.length);
    const again = await ok<ImportReport>(svc(), "vault:import", { fileName: "aegis_encrypted.json", dataBase64: data, password: "test", what: "otp" });
    assert.deepEqual([again.added, again.unchanged], [0, reference.entries.length]);

    const vault = await ok<VaultView>(svc(), "vault:get", {});
    assert.equal(vault.otp.length, reference.entries.length);
    assert.ok(!JSON.stringify(vault).includes(reference.entries[0]!.secret), "no secrets in the vault view");
    const at = Date.UTC(2026, 0, 2, 3, 4, 5);
    const codes = await ok<OtpCode[]>(svc(), "vault:codes", { at });
    let checked = 0;
    for (const v of vault.otp) {
      const e = reference.entries.find((x) => x.issuer === v.issuer && x.account === v.account && x.type === v.type)!;
      const c = codes.find((x) => x.id === v.id)!;
      if (e.type === "totp" && e.algorithm !== "MD5") {
        const [now, next] = oathtool({ secret: e.secret, algorithm: e.algorithm, digits: e.digits, period: e.period, atSeconds: at / 1000, count: 2 });
        assert.equal(c.code.slice(-8), now!.slice(-8), `${e.issuer}`);
        assert.equal(c.next!.slice(-8), next!.slice(-8), `${e.issuer} next`);
        assert.equal(c.validUntil, (Math.floor(at / 1000 / e.period) + 1) * e.period * 1000);
        checked++;
      } else if (e.type === "hotp" && e.algorithm === "SHA1") {
        const [now, next] = oathtool({ secret: e.secret, algorithm: "SHA1", digits: e.digits, counter: e.counter, count: 2 });
        assert.deepEqual([c.code, c.next, c.validUntil], [now, next, null]);
        checked++;
      }
    }
    assert.ok(checked >= 2, `checked ${checked} codes`);
  });

  test("vault: a BitLocker .TXT as Windows saves it, revealed only on request", async () => {
    const data = utf16leBom(englishTxt(CTF_ID, CTF_PASSWORD)).toString("base64");
    const r = await ok<ImportReport>(svc(), "vault:import", { fileName: `BitLocker Recovery Key ${CTF_ID}.TXT`, dataBase64: data, what: "auto" });
    assert.deepEqual([r.what, r.format, r.added], ["bitlocker", "windows-txt", 1]);
    const v = await ok<VaultView>(svc(), "vault:get", {});
    assert.ok(v.bitlocker.some((k) => k.keyId === CTF_ID));
    assert.ok(!JSON.stringify(v).includes(CTF_PASSWORD));
    assert.deepEqual(await ok(svc(), "vault:reveal-bitlocker", { keyId: CTF_ID.toLowerCase() }), { keyId: CTF_ID, recoveryPassword: CTF_PASSWORD });
    await fails(svc(), "vault:reveal-bitlocker", { keyId: "00000000-0000-0000-0000-000000000000" }, "not-found");
    await fails(svc(), "vault:import", { fileName: "random.bin", dataBase64: Buffer.from("nothing to see here").toString("base64"), what: "auto" }, "invalid");
  });

  test("cancel: the backup stops at a checkpoint and says so", async () => {
    const before = (await ok<AppState>(svc(), "app:get-state", {})).archive.snapshots;
    const { jobId } = await ok<{ jobId: string }>(svc(), "backup:start", {});
    assert.deepEqual(await ok(svc(), "job:cancel", { id: jobId }), { cancelled: true });
    const o = await log.finished(jobId);
    assert.equal(o.ok, false);
    assert.equal(o.error?.code, "cancelled");
    assert.equal(o.backup?.interrupted, true);
    assert.match(o.summary, /checkpoint/);
    const s = await ok<AppState>(svc(), "app:get-state", {});
    assert.equal(s.archive.snapshots, before, "a checkpoint is not a complete snapshot");
    assert.equal(s.job, null);
  });

  test("the emergency kit: only with this archive's recovery key, which it prints with the vault", async () => {
    const to = path.join(out, "kit.pdf");
    await fails(svc(), "archive:save-kit", { to }, "invalid");
    await fails(svc(), "archive:save-kit", { to, recoveryKey: "AGE-SECRET-KEY-1GFPYYSJZGFPYYSJZGFPYYSJZGFPYYSJZGFPYYSJZGFPYYSJZGFPQ4EGAEX" }, "wrong-passphrase");
    const r = await ok<{ path: string; bytes: number }>(svc(), "archive:save-kit", { to, recoveryKey });
    assert.equal(r.path, to);
    assert.equal(r.bytes, (await fsp.stat(to)).size);
    const text = pdfTextPages(to).join("\n").replace(/\s+/g, "");
    assert.ok(text.includes(recoveryKey), "the recovery key is printed");
    assert.ok(text.includes(CTF_ID), "the vault's BitLocker keys are printed");
  });

  test("signed out: the next backup needs a sign-in, said in words; signing in again fixes it", async () => {
    await ok(svc(), "accounts:sign-out", { name: personal });
    let o = await backup([personal]);
    assert.equal(o.ok, false);
    assert.ok(o.backup!.failed.some((f) => f.code === "needs-sign-in"));
    let s = await ok<AppState>(svc(), "app:get-state", {});
    let p = s.sources.find((x) => x.name === personal)!;
    assert.deepEqual([p.state, p.action], ["needs-sign-in", "sign-in"]);
    assert.match(p.reason!, /^Sign in again/);
    assert.deepEqual(await ok(svc(), "accounts:sign-in-again", { name: personal }), { name: personal });
    o = await backup([personal]);
    assert.equal(o.ok, true, o.summary);
    s = await ok<AppState>(svc(), "app:get-state", {});
    p = s.sources.find((x) => x.name === personal)!;
    assert.equal(p.state, "ok");
    await fails(svc(), "accounts:sign-in-again", { name: "nobody@example.com" }, "not-found");
  });

  test("remove an account: its data stays in the snapshots", async () => {
    await ok(svc(), "accounts:remove", { name: work });
    const s = await ok<AppState>(svc(), "app:get-state", {});
    assert.ok(!s.sources.some((x) => x.name === work));
    const top = await ok<ItemPage>(svc(), "browse:list", { snapshot: "latest", path: "", offset: 0, limit: 10 });
    assert.ok(top.items.some((i) => i.source === work), "still in the newest snapshot until the next backup");
  });

  test("a sign-in nobody finishes in the browser shows as a job and can be cancelled", async () => {
    const opened: string[] = [];
    const home = path.join(path.dirname(app.home), "home-cancel");
    const other = createAppService({
      openExternal: async (url) => void opened.push(url),
      secrets: new MemorySecretStore(),
      home,
      microsoft: { authority: app.emulators.identity.authority("common"), graphEndpoint: app.emulators.graphUrl },
      scryptLogN: 10,
    });
    const events = new EventLog(other);
    try {
      await ok(other, "archive:create", { path: path.join(home, "archive"), passphrase: "p", remember: false });
      const pending = other.handle("accounts:add-microsoft", { accountType: "personal" });
      const job = await events.until(() => events.of("job-progress").find((j) => j.kind === "sign-in"));
      await fails(other, "verify:start", { level: "files" }, "busy");
      assert.deepEqual(await ok(other, "job:cancel", { id: job.id }), { cancelled: true });
      const r = await pending;
      assert.ok(!r.ok && r.error.code === "cancelled", JSON.stringify(r));
      assert.equal((await events.finished(job.id)).ok, false);
      assert.deepEqual((await ok<AppState>(other, "app:get-state", {})).sources, [], "nothing was added");
    } finally {
      events.stop();
      await other.close();
    }
  });

  test("locked: everything that reads the archive says so", async () => {
    await ok(svc(), "archive:lock", {});
    for (const [ch, req] of [
      ["browse:search", { snapshot: "latest", query: "x", limit: 1 }],
      ["vault:codes", {}],
      ["backup:start", {}],
      ["restore:start", { snapshot: "latest", selection: {}, to: out, mailFormat: "eml" }],
      ["snapshots:list", {}],
    ] as const) {
      await fails(svc(), ch, req, "locked");
    }
  });
});
