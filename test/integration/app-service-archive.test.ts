// The app service through handle() only, on a folder source (no accounts): first run, creating
// an archive (its recovery key opens it with `age`), lock and unlock (wrong passphrase, recovery
// key, remembered key and unlocking at startup), a backup job with its events, browsing, details,
// restoring without ever overwriting, verify, passphrase change, settings, and the error codes.
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { createHash } from "node:crypto";
import { promises as fsp } from "node:fs";
import os from "node:os";
import path from "node:path";
import { after, before, describe, test } from "node:test";
import type { AppSettings, AppState, DetailView, ItemPage, JobOutcome, RestoreReport } from "../../shared/app-types.js";
import type { SnapshotSummary } from "../../shared/archive-types.js";
import { createAppService } from "../../electron/app-service/app-service.js";
import type { AppServiceApi, AppServiceHost } from "../../electron/app-service/app-service-host.js";
import { MemorySecretStore } from "../../electron/engine/secrets/memory-secret-store.js";
import { EventLog, fails, ok } from "../bridge/service-calls.js";
import { runCli } from "../helpers/cli-harness.js";

const PASSPHRASE = "correct horse battery staple";
let work: string;
let host: AppServiceHost;
let service: AppServiceApi;
let log: EventLog;
let archivePath: string;
let recoveryKey: string;
let docs: string;
const notes: Array<{ title: string; body: string }> = [];
const files: Record<string, string> = {
  "notes.txt": "hello\n",
  "Résumé café.txt": "accents in the name\n",
  "sub/a.bin": "A".repeat(100_000),
  "sub/deeper/b.txt": "bee\n",
};
/** The archive's size as `find -printf %s` sums it (an independent count). */
const du = async (dir: string): Promise<number> =>
  execFileSync("find", [dir, "-type", "f", "-printf", "%s\\n"]).toString().trim().split("\n").reduce((n, l) => n + Number(l), 0);
const sha = (s: string | Buffer): string => createHash("sha256").update(s).digest("hex");

before(async () => {
  work = await fsp.mkdtemp(path.join(os.tmpdir(), "lifeboat-app-service-"));
  docs = path.join(work, "Documents");
  for (const [rel, text] of Object.entries(files)) {
    await fsp.mkdir(path.dirname(path.join(docs, rel)), { recursive: true });
    await fsp.writeFile(path.join(docs, rel), text);
  }
  archivePath = path.join(work, "archive");
  host = {
    openExternal: () => Promise.reject(new Error("no browser in this test")),
    secrets: new MemorySecretStore(),
    home: path.join(work, "home"),
    defaultArchiveDir: path.join(work, "default-archive"),
    scryptLogN: 12,
    notify: (title, body) => notes.push({ title, body }),
  };
  service = createAppService(host);
  log = new EventLog(service);
});

after(async () => {
  log?.stop();
  await service?.close();
  await fsp.rm(work, { recursive: true, force: true });
});

describe("app service: archive, folder backup, browse, restore", () => {
  test("first run: no archive; requests that need one say so; bad requests are invalid", async () => {
    const s = await ok<AppState>(service, "app:get-state", {});
    assert.equal(s.archive.status, "none");
    assert.equal(s.archive.path, null);
    assert.deepEqual(s.sources, []);
    assert.equal((await ok<{ path: string }>(service, "archive:default-path", {})).path, host.defaultArchiveDir);
    await fails(service, "browse:list", { snapshot: "latest", path: "", offset: 0, limit: 10 }, "no-archive");
    await fails(service, "backup:start", {}, "no-archive");
    await fails(service, "no:such-channel", {}, "invalid");
    await fails(service, "archive:create", { path: archivePath }, "invalid");
    await fails(service, "archive:create", { path: archivePath, passphrase: "x", remember: false, extra: 1 }, "invalid");
    await fails(service, "archive:unlock", { passphrase: "a", recoveryKey: "b", remember: false }, "invalid");
    await fails(service, "browse:list", { snapshot: "../etc", path: "", offset: 0, limit: 10 }, "invalid");
    await fails(service, "dialog:choose-folder", { title: "x" }, "invalid");
    await fails(service, "archive:open", { path: path.join(work, "nothing-here") }, "no-archive");
  });

  test("create: the recovery key is returned once and opens the archive with age; creating again is refused", async () => {
    ({ recoveryKey } = await ok<{ recoveryKey: string }>(service, "archive:create", { path: archivePath, passphrase: PASSPHRASE, remember: false }));
    assert.match(recoveryKey, /^AGE-SECRET-KEY-1[0-9A-Z]+$/);
    const keyFile = path.join(work, "recovery.txt");
    await fsp.writeFile(keyFile, recoveryKey + "\n", { mode: 0o600 });
    const rec = (await fsp.readdir(path.join(archivePath, "keys"))).find((n) => n.startsWith("recovery-"))!;
    const identity = execFileSync("age", ["-d", "-i", keyFile, path.join(archivePath, "keys", rec)], { encoding: "utf8" });
    assert.match(identity, /^AGE-SECRET-KEY-1/m);
    const s = await log.until(() => log.of("state").find((x) => x.archive.status === "unlocked"));
    assert.equal(s.archive.path, archivePath);
    assert.equal(s.archive.remembered, false);
    await fails(service, "archive:create", { path: archivePath, passphrase: PASSPHRASE, remember: false }, "exists");
  });

  test("lock, a wrong passphrase, the recovery key, and a remembered key unlocking at startup", async () => {
    let s = await ok<AppState>(service, "archive:lock", {});
    assert.equal(s.archive.status, "locked");
    await fails(service, "browse:list", { snapshot: "latest", path: "", offset: 0, limit: 10 }, "locked");
    await fails(service, "vault:get", {}, "locked");
    await fails(service, "archive:unlock", { passphrase: "not it", remember: false }, "wrong-passphrase");
    s = await ok<AppState>(service, "archive:unlock", { recoveryKey, remember: false });
    assert.equal(s.archive.status, "unlocked");
    await ok(service, "archive:lock", {});
    s = await ok<AppState>(service, "archive:unlock", { passphrase: PASSPHRASE, remember: true });
    assert.equal(s.archive.remembered, true);
    // A second app start with the same keychain is unlocked without asking.
    const again = createAppService(host);
    try {
      const s2 = await ok<AppState>(again, "app:get-state", {});
      assert.equal(s2.archive.status, "unlocked");
      assert.equal(s2.archive.path, archivePath);
    } finally {
      await again.close();
    }
    // Another keychain knows nothing: locked.
    const other = createAppService({ ...host, secrets: new MemorySecretStore() });
    try {
      assert.equal((await ok<AppState>(other, "app:get-state", {})).archive.status, "locked");
    } finally {
      await other.close();
    }
  });

  test("add a folder; names are checked", async () => {
    assert.deepEqual(await ok(service, "accounts:add-folder", { path: docs }), { name: "Documents" });
    await fails(service, "accounts:add-folder", { path: docs }, "exists");
    await fails(service, "accounts:add-folder", { path: path.join(work, "missing") }, "not-found");
    await fails(service, "accounts:add-folder", { path: docs, name: "vault" }, "invalid");
    const s = await ok<AppState>(service, "app:get-state", {});
    assert.deepEqual(s.sources.map((x) => [x.name, x.type, x.state, x.action]), [["Documents", "folder", "never", "back-up"]]);
    assert.ok(s.sources[0]!.reason);
  });

  test("backup job: one at a time, progress events, an outcome, and the state after it", async () => {
    const { jobId } = await ok<{ jobId: string }>(service, "backup:start", {});
    // The answer comes as soon as the job runs; anything else meanwhile is refused, naming it.
    assert.match(await fails(service, "verify:start", { level: "files" }, "busy"), /Backing up Documents/);
    const outcome = await log.finished(jobId);
    assert.equal(outcome.ok, true, outcome.summary);
    assert.equal(outcome.kind, "backup");
    assert.match(outcome.summary, /^Snapshot [0-9a-f]{8} saved/);
    assert.equal(outcome.backup!.snapshot.sources.Documents!.newItems, Object.keys(files).length + 2, "4 files and 2 folders (sub, sub/deeper)");
    const progress = log.progressOf(jobId);
    assert.ok(progress.length >= 1);
    assert.ok(progress.every((p) => p.kind === "backup" && p.started));
    // While it ran, the state said so.
    assert.ok(log.of("state").some((s) => s.job?.id === jobId && s.sources.some((x) => x.state === "backing-up")));
    const s = await ok<AppState>(service, "app:get-state", {});
    assert.equal(s.job, null);
    assert.equal(s.archive.snapshots, 1);
    assert.ok(s.archive.sizeBytes! > 100);
    const src = s.sources.find((x) => x.name === "Documents")!;
    assert.equal(src.state, "ok");
    assert.equal(src.action, "none");
    assert.deepEqual(src.kinds, [{ kind: "files", items: 4, bytes: Object.values(files).reduce((n, t) => n + Buffer.byteLength(t), 0), failed: 0 }]);
    const snaps = await ok<SnapshotSummary[]>(service, "snapshots:list", {});
    assert.equal(snaps.length, 1);
    assert.equal(snaps[0]!.id, outcome.backup!.snapshot.id);
  });

  test("browse: sources, then folders first and names, paged; unknown snapshots and folders", async () => {
    const top = await ok<ItemPage>(service, "browse:list", { snapshot: "latest", path: "", offset: 0, limit: 10 });
    assert.deepEqual(top.items.map((i) => i.source), ["Documents"]);
    const root = await ok<ItemPage>(service, "browse:list", { snapshot: "latest", source: "Documents", path: "", offset: 0, limit: 10 });
    assert.deepEqual(root.items.map((i) => [i.path, i.type]), [["sub", "dir"], ["notes.txt", "file"], ["Résumé café.txt", "file"]]);
    const p1 = await ok<ItemPage>(service, "browse:list", { snapshot: "latest", source: "Documents", path: "", offset: 1, limit: 1 });
    assert.equal(p1.total, 3);
    assert.deepEqual(p1.items.map((i) => i.path), ["notes.txt"]);
    assert.equal(p1.items[0]!.size, 6);
    await fails(service, "browse:list", { snapshot: "abcdef12", source: "Documents", path: "", offset: 0, limit: 1 }, "not-found");
    await fails(service, "browse:list", { snapshot: "latest", source: "Documents", path: "nope", offset: 0, limit: 1 }, "not-found");
    const found = await ok<{ total: number; items: Array<{ path: string }> }>(service, "browse:search", { snapshot: "latest", query: "RESUME CAFE", limit: 10 });
    assert.deepEqual(found.items.map((i) => i.path), ["Résumé café.txt"]);
  });

  test("detail of a file: size, type and the SHA-256 of its bytes", async () => {
    const d = await ok<DetailView>(service, "browse:detail", { snapshot: "latest", source: "Documents", path: "sub/a.bin" });
    const row = (label: string): string | undefined => d.rows.find((r) => r.label === label)?.value;
    assert.equal(row("SHA-256"), sha(files["sub/a.bin"]!));
    assert.match(row("Size")!, /100000 bytes/);
    await fails(service, "browse:detail", { snapshot: "latest", source: "Documents", path: "nope.txt" }, "not-found");
    await fails(service, "browse:message", { snapshot: "latest", source: "Documents", path: "notes.txt" }, "invalid");
  });

  test("restore a selection: the same bytes; a second restore never overwrites and says why", async () => {
    const to = path.join(work, "restored");
    const run = async (): Promise<JobOutcome> => {
      const { jobId } = await ok<{ jobId: string }>(service, "restore:start", { snapshot: "latest", selection: { items: [{ source: "Documents", path: "sub" }] }, to, mailFormat: "eml" });
      return log.finished(jobId);
    };
    let o = await run();
    assert.equal(o.ok, true, o.summary);
    const r = o.restore as RestoreReport;
    assert.equal(r.restoredItems, 4, "sub, sub/deeper and their two files");
    assert.deepEqual(r.failed, []);
    for (const rel of ["sub/a.bin", "sub/deeper/b.txt"]) assert.equal(sha(await fsp.readFile(path.join(to, "Documents", rel))), sha(files[rel]!));
    await assert.rejects(fsp.stat(path.join(to, "Documents", "notes.txt")), "not selected, not restored");
    await fsp.writeFile(path.join(to, "Documents", "sub", "a.bin"), "changed by the user");
    o = await run();
    assert.equal(o.ok, false);
    assert.deepEqual(o.restore!.failed.map((f) => f.path).sort(), ["sub/a.bin", "sub/deeper/b.txt"]);
    assert.ok(o.restore!.failed.every((f) => /already exists/.test(f.reason)));
    assert.equal(await fsp.readFile(path.join(to, "Documents", "sub", "a.bin"), "utf8"), "changed by the user");
    // Kinds narrow a whole-source selection: only files (folders come with them).
    const to2 = path.join(work, "restored-kinds");
    const { jobId } = await ok<{ jobId: string }>(service, "restore:start", { snapshot: "latest", selection: { sources: ["Documents"], kinds: ["file"] }, to: to2, mailFormat: "eml" });
    const o2 = await log.finished(jobId);
    assert.equal(o2.restore!.restoredItems, 4);
    await fails(service, "restore:start", { snapshot: "latest", selection: { kinds: ["email"] }, to: to2, mailFormat: "eml" }, "not-found");
  });

  test("a restore can be cancelled; it says where the part restored so far is", async () => {
    const to = path.join(work, "restored-cancelled");
    const { jobId } = await ok<{ jobId: string }>(service, "restore:start", { snapshot: "latest", selection: {}, to, mailFormat: "eml" });
    assert.deepEqual(await ok(service, "job:cancel", { id: jobId }), { cancelled: true });
    const o = await log.finished(jobId);
    assert.equal(o.ok, false);
    assert.equal(o.error?.code, "cancelled");
    assert.ok(o.error!.message.includes(to), o.error!.message);
  });

  test("verify job: no damage, remembered in the state", async () => {
    const { jobId } = await ok<{ jobId: string }>(service, "verify:start", { level: "structure" });
    const o = await log.finished(jobId);
    assert.equal(o.ok, true, o.summary);
    assert.equal(o.verify!.problems.length, 0);
    const s = await ok<AppState>(service, "app:get-state", {});
    assert.equal(s.archive.lastVerify?.ok, true);
    assert.equal(s.archive.lastVerify?.level, "structure");
    assert.deepEqual(await ok(service, "job:cancel", { id: jobId }), { cancelled: false });
  });

  test("a snapshot another process wrote (the CLI, the OS timer) shows in the state: count and size", async () => {
    const before = await ok<AppState>(service, "app:get-state", {});
    assert.equal(before.archive.sizeBytes, await du(archivePath), "the size is the sum of the archive's files");
    await fsp.writeFile(path.join(docs, "added-by-the-cli.bin"), Buffer.alloc(300_000, 7));
    const env = { ...process.env, LIFEBOAT_HOME: host.home, LIFEBOAT_PASSPHRASE: PASSPHRASE, LIFEBOAT_NO_KEYCHAIN: "1" };
    const r = await runCli(["--archive", archivePath, "backup", "--json"], env);
    assert.equal(r.code, 0, r.stderr);
    const after = await ok<AppState>(service, "app:get-state", {});
    assert.equal(after.archive.snapshots, before.archive.snapshots + 1);
    assert.ok(after.archive.sizeBytes! > before.archive.sizeBytes!, `${after.archive.sizeBytes} > ${before.archive.sizeBytes}`);
    assert.equal(after.archive.sizeBytes, await du(archivePath));
    const snaps = await ok<SnapshotSummary[]>(service, "snapshots:list", {});
    assert.equal(snaps.length, after.archive.snapshots);
    // Back to the folder the later tests expect.
    await fsp.rm(path.join(docs, "added-by-the-cli.bin"));
    assert.equal((await runCli(["--archive", archivePath, "backup", "--json"], env)).code, 0);
  });

  test("change the passphrase: the wrong current one is refused; the new one unlocks, the old not", async () => {
    await fails(service, "archive:change-passphrase", { current: "wrong", next: "new passphrase" }, "wrong-passphrase");
    assert.deepEqual(await ok(service, "archive:change-passphrase", { current: PASSPHRASE, next: "new passphrase" }), { changed: true });
    await ok(service, "archive:lock", {});
    await fails(service, "archive:unlock", { passphrase: PASSPHRASE, remember: false }, "wrong-passphrase");
    await ok(service, "archive:unlock", { passphrase: "new passphrase", remember: false });
  });

  test("settings: merged, checked, kept for the next start", async () => {
    const s = await ok<AppSettings>(service, "settings:update", { schedule: { everyHours: 6 }, notifications: { onSuccess: true } });
    assert.equal(s.schedule.everyHours, 6);
    assert.equal(s.schedule.enabled, true, "the rest is kept");
    assert.equal(s.notifications.onSuccess, true);
    await fails(service, "settings:update", { schedule: { everyHours: 0 } }, "invalid");
    const again = createAppService(host);
    try {
      assert.deepEqual((await ok<AppState>(again, "app:get-state", {})).settings, s);
    } finally {
      await again.close();
    }
  });

  test("about: the app's version and the licences of its dependencies", async () => {
    const a = await ok<{ version: string; versions: Record<string, string>; licences: Array<{ name: string; license: string }> }>(service, "app:about", {});
    const pkg = JSON.parse(await fsp.readFile(new URL("../../../package.json", import.meta.url), "utf8")) as { version: string; dependencies: Record<string, string> };
    assert.equal(a.version, pkg.version);
    assert.equal(a.versions.node, process.versions.node);
    assert.ok(a.versions["age-encryption"]);
    assert.deepEqual(a.licences.map((l) => l.name).sort(), Object.keys(pkg.dependencies).sort());
    assert.ok(a.licences.every((l) => l.license.length > 0));
  });

  test("a folder that is gone: the backup fails for it, the state says what to do, a notification when asked for", async () => {
    await fsp.rename(docs, `${docs}-moved`);
    try {
      let o = await log.finished((await ok<{ jobId: string }>(service, "backup:start", {})).jobId);
      assert.equal(o.ok, false);
      assert.ok(o.backup!.failed.some((f) => f.source === "Documents" && f.path === ""));
      const s = await ok<AppState>(service, "app:get-state", {});
      const src = s.sources.find((x) => x.name === "Documents")!;
      assert.deepEqual([src.state, src.action], ["failing", "back-up"]);
      assert.match(src.reason!, /could not copy it/);
      assert.equal(src.kinds.find((k) => k.kind === "files")?.items, 4, "the previous copy is kept");
      assert.deepEqual(notes.map((n) => n.title), ["Lifeboat: backup incomplete"]);
      await ok(service, "settings:update", { notifications: { onFailure: false, onSuccess: false } });
      o = await log.finished((await ok<{ jobId: string }>(service, "backup:start", {})).jobId);
      assert.equal(o.ok, false);
      assert.equal(notes.length, 1, "notifications switched off");
    } finally {
      await fsp.rename(`${docs}-moved`, docs);
    }
  });
});
