// Unattended runs through the OS keychain: `--remember` keeps the archive key in the Secret Service
// (the private, unlocked GNOME Keyring that test/run-tests.sh starts), later commands need no
// passphrase and no terminal, and `forget-key` takes it away again. Nothing secret lands on disk.
import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import { promises as fsp } from "node:fs";
import path from "node:path";
import type { SnapshotSummary } from "../../shared/archive-types.js";
import { type CliResult, runCli, tempWorkspace } from "../helpers/cli-harness.js";

type Workspace = Awaited<ReturnType<typeof tempWorkspace>>;

const SERVICE = "lifeboat"; // the CLI's keychain service name

interface ToolResult {
  code: number;
  stdout: string;
  stderr: string;
}

function secretTool(args: string[]): Promise<ToolResult> {
  return new Promise((resolve, reject) => {
    const child = spawn("secret-tool", args, { stdio: ["ignore", "pipe", "pipe"] });
    let stdout = "";
    let stderr = "";
    child.stdout.setEncoding("utf8").on("data", (c: string) => (stdout += c));
    child.stderr.setEncoding("utf8").on("data", (c: string) => (stderr += c));
    child.on("error", reject);
    child.on("close", (code) => resolve({ code: code ?? -1, stdout, stderr }));
  });
}

/** What the Secret Service holds for this archive, asked with libsecret's own client. */
async function keychainItem(account: string): Promise<string | null> {
  const r = await secretTool(["lookup", "service", SERVICE, "username", account]);
  return r.code === 0 && r.stdout !== "" ? r.stdout : null;
}

/** The items `secret-tool search --all service lifeboat` lists for this account. */
async function searchItems(account: string): Promise<string[]> {
  const r = await secretTool(["search", "--all", "service", SERVICE]);
  const text = r.stdout + r.stderr;
  return text.split("\n").filter((l) => l.trim() === `attribute.username = ${account}`);
}

function expectCode(r: CliResult, code: number, what: string): void {
  assert.equal(r.code, code, `${what}: exit ${r.code}, expected ${code}\nstdout: ${r.stdout}\nstderr: ${r.stderr}`);
}

/** Every regular file below `dir`. */
async function allFiles(dir: string): Promise<string[]> {
  const out: string[] = [];
  const walk = async (d: string): Promise<void> => {
    for (const e of await fsp.readdir(d, { withFileTypes: true }).catch(() => [])) {
      const p = path.join(d, e.name);
      if (e.isDirectory()) await walk(p);
      else if (e.isFile()) out.push(p);
    }
  };
  await walk(dir);
  return out;
}

describe("the archive key in the OS keychain (--remember, forget-key)", () => {
  let ws: Workspace;
  let withPass: NodeJS.ProcessEnv; // keychain on, passphrase given
  let noPass: NodeJS.ProcessEnv; // keychain on, nothing else: the scheduler's situation
  const passphrase = `keychain test passphrase ${randomBytes(8).toString("hex")}`;
  let recipient = "";
  let account = "";
  let recoveryKey = "";
  let identity = "";

  before(async () => {
    assert.ok(process.env.DBUS_SESSION_BUS_ADDRESS, "no D-Bus session: run the tests with `sh test/run-tests.sh`");
    ws = await tempWorkspace("lifeboat-keychain-unlock-");
    withPass = { ...ws.env, LIFEBOAT_PASSPHRASE: passphrase };
    delete withPass.LIFEBOAT_NO_KEYCHAIN;
    noPass = { ...withPass };
    delete noPass.LIFEBOAT_PASSPHRASE;
    const src = path.join(ws.dir, "Documents");
    await fsp.mkdir(path.join(src, "inner"), { recursive: true });
    await fsp.writeFile(path.join(src, "note.txt"), "backed up while nobody was at the keyboard\n");
    await fsp.writeFile(path.join(src, "inner", "more.txt"), "more\n");
  });

  after(async () => {
    if (account) await secretTool(["clear", "service", SERVICE, "username", account]);
    await ws.cleanup();
  });

  test("init --remember stores the archive key in the Secret Service", async () => {
    const r = await runCli(["init", "--remember", "--json", "--scrypt-work-factor", "12"], withPass);
    expectCode(r, 0, "init --remember");
    const out = r.json as { recipient: string; recoveryKey: string };
    recipient = out.recipient;
    recoveryKey = out.recoveryKey;
    account = `archive-identity:${recipient}`;
    assert.match(r.stderr, /keychain/);

    assert.equal((await searchItems(account)).length, 1, "exactly one keychain item for this archive");
    identity = (await keychainItem(account)) ?? "";
    assert.match(identity, /^AGE-SECRET-KEY-1[0-9A-Z]{58}$/, "the keychain holds the archive's age identity");
    assert.notEqual(identity, recoveryKey, "it is the archive key, not the recovery key");
    assert.ok(!identity.includes(passphrase));
  });

  test("later commands unlock from the keychain: no passphrase, no terminal (unattended backup)", async () => {
    const src = path.join(ws.dir, "Documents");
    expectCode(await runCli(["add", "folder", src], noPass), 0, "add folder");
    const b = await runCli(["backup", "--json"], noPass);
    expectCode(b, 0, "backup without a passphrase");
    const snap = (b.json as { snapshot: SnapshotSummary }).snapshot;
    assert.equal(snap.complete, true);
    assert.equal(snap.sources.Documents!.newItems, 3);

    const list = await runCli(["snapshots", "--json"], noPass);
    expectCode(list, 0, "snapshots");
    assert.deepEqual((list.json as SnapshotSummary[]).map((s) => s.id), [snap.id]);

    const out = path.join(ws.dir, "restored");
    expectCode(await runCli(["restore", "latest", "--to", out], noPass), 0, "restore");
    assert.equal(await fsp.readFile(path.join(out, "Documents", "note.txt"), "utf8"), "backed up while nobody was at the keyboard\n");
    expectCode(await runCli(["verify", "--full"], noPass), 0, "verify --full");
  });

  test("the remembered key keeps working after a passphrase change (the key itself is unchanged)", async () => {
    const r = await runCli(["passwd", "--json"], { ...noPass, LIFEBOAT_NEW_PASSPHRASE: `${passphrase} v2` });
    expectCode(r, 0, "passwd unlocked by the keychain");
    expectCode(await runCli(["snapshots"], noPass), 0, "snapshots after passwd");
    expectCode(await runCli(["snapshots"], { ...noPass, LIFEBOAT_PASSPHRASE: `${passphrase} v2` }), 0, "the new passphrase");
    withPass = { ...withPass, LIFEBOAT_PASSPHRASE: `${passphrase} v2` };
  });

  test("no file under LIFEBOAT_HOME or the archive holds the key, the recovery key or a passphrase in plaintext", async () => {
    const files = [...(await allFiles(ws.home)), ...(await allFiles(ws.archive))];
    assert.ok(files.some((f) => f.endsWith("settings.json")), "the settings were written");
    assert.ok(files.some((f) => f.includes(`${path.sep}packs${path.sep}`)), "the archive has packs");
    const secrets = { identity, recoveryKey, passphrase, newPassphrase: `${passphrase} v2` };
    for (const file of files) {
      const bytes = await fsp.readFile(file);
      for (const [what, secret] of Object.entries(secrets)) {
        assert.ok(!bytes.includes(Buffer.from(secret, "utf8")), `${file} contains the ${what}`);
      }
      // README-RESTORE.txt names the prefix in its instructions; a whole identity must be nowhere.
      assert.doesNotMatch(bytes.toString("latin1"), /AGE-SECRET-KEY-1[0-9A-Z]{58}/, `${file} contains an age identity`);
    }
  });

  test("forget-key removes it; then a run without a passphrase exits 4 and says what to provide", async () => {
    const r = await runCli(["forget-key", "--json"], noPass);
    expectCode(r, 0, "forget-key");
    assert.deepEqual(r.json, { removed: true });
    assert.equal(await keychainItem(account), null);
    assert.deepEqual(await searchItems(account), []);

    const locked = await runCli(["backup", "--json"], noPass);
    expectCode(locked, 4, "backup after forget-key");
    const err = (locked.json as { error: { code: string; exitCode: number; message: string } }).error;
    assert.deepEqual([err.code, err.exitCode], ["needs-passphrase", 4]);
    assert.match(locked.stderr, /LIFEBOAT_PASSPHRASE/);
    assert.match(locked.stderr, /--remember/);

    const again = await runCli(["forget-key", "--json"], noPass);
    expectCode(again, 0, "forget-key twice");
    assert.deepEqual(again.json, { removed: false });
  });

  test("--remember on a later command stores it again", async () => {
    const r = await runCli(["snapshots", "--remember"], withPass);
    expectCode(r, 0, "snapshots --remember");
    assert.equal(await keychainItem(account), identity);
    assert.equal((await searchItems(account)).length, 1);
    // Remembering twice does not add a second item.
    expectCode(await runCli(["snapshots", "--remember"], withPass), 0, "snapshots --remember again");
    assert.equal((await searchItems(account)).length, 1);
    expectCode(await runCli(["backup"], noPass), 0, "unattended backup again");
    expectCode(await runCli(["forget-key"], noPass), 0, "forget-key");
    expectCode(await runCli(["snapshots"], noPass), 4, "locked again");
  });

  test("--remember with the keychain disabled fails clearly and stores nothing", async () => {
    const r = await runCli(["snapshots", "--remember", "--json"], { ...withPass, LIFEBOAT_NO_KEYCHAIN: "1" });
    expectCode(r, 1, "--remember with LIFEBOAT_NO_KEYCHAIN=1");
    assert.match(r.stderr, /LIFEBOAT_NO_KEYCHAIN/);
    assert.equal(await keychainItem(account), null);
  });
});

describe("init --remember when the key cannot be kept", () => {
  let ws: Workspace;
  before(async () => {
    ws = await tempWorkspace("lifeboat-keychain-init-");
  });
  after(async () => ws.cleanup());

  test("keychain disabled: refused before anything is created", async () => {
    const r = await runCli(["init", "--remember", "--json", "--scrypt-work-factor", "12"], ws.env); // LIFEBOAT_NO_KEYCHAIN=1
    expectCode(r, 1, "init --remember with LIFEBOAT_NO_KEYCHAIN=1");
    assert.match(r.stderr, /LIFEBOAT_NO_KEYCHAIN/);
    assert.equal(await fsp.access(path.join(ws.archive, "lifeboat-archive.json")).then(() => true, () => false), false);
  });

  test("keychain unreachable: the archive is created and the recovery key is still shown (exit 5, remembered: false)", async () => {
    const env: NodeJS.ProcessEnv = { ...ws.env, DBUS_SESSION_BUS_ADDRESS: `unix:path=${path.join(ws.dir, "no-such-bus")}` };
    delete env.LIFEBOAT_NO_KEYCHAIN;
    const r = await runCli(["init", "--remember", "--json", "--scrypt-work-factor", "12"], env);
    expectCode(r, 5, "init --remember without a Secret Service");
    const out = r.json as { archive: string; recoveryKey: string; remembered: boolean };
    assert.equal(out.archive, ws.archive);
    assert.match(out.recoveryKey, /^AGE-SECRET-KEY-1[0-9A-Z]{58}$/, "the one chance to see the recovery key is not lost");
    assert.equal(out.remembered, false);
    assert.match(r.stderr, /could not be kept in the OS keychain/);
    assert.doesNotMatch(r.stderr, /looks like a bug/);
    // The archive works with its passphrase and with the recovery key.
    expectCode(await runCli(["snapshots"], ws.env), 0, "snapshots with the passphrase");
    const keyFile = path.join(ws.dir, "recovery.txt");
    await fsp.writeFile(keyFile, out.recoveryKey + "\n");
    const noPass = { ...ws.env };
    delete noPass.LIFEBOAT_PASSPHRASE;
    expectCode(await runCli(["snapshots", "--recovery-key-file", keyFile], noPass), 0, "snapshots with the recovery key");

    // A later --remember against the unreachable keychain is a clear error, not a "bug".
    const later = await runCli(["snapshots", "--remember", "--json"], { ...env });
    expectCode(later, 1, "snapshots --remember without a Secret Service");
    assert.equal((later.json as { error: { code: string } }).error.code, "keychain");
    assert.doesNotMatch(later.stderr, /looks like a bug/);
  });
});
