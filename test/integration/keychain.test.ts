// The keychain store against a real Secret Service (GNOME Keyring over D-Bus).
// test/run-tests.sh provides a private D-Bus session with an unlocked, throw-away keyring; run
// directly, these tests use the session's own keyring under a unique, cleaned-up service name.
import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { execFile, spawn } from "node:child_process";
import { randomUUID } from "node:crypto";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { KeyringSecretStore, probeKeychain } from "../../electron/engine/secrets/keyring-secret-store.js";
import { SecretStoreUnavailableError } from "../../electron/engine/secrets/secret-store.js";

const execFileAsync = promisify(execFile);

const service = `lifeboat-test-${process.pid}-${randomUUID()}`;
const store = new KeyringSecretStore({ service });

interface ToolResult {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs secret-tool (libsecret's CLI): an independent Secret Service client. */
async function secretTool(args: string[], input?: string): Promise<ToolResult> {
  return new Promise((resolve, reject) => {
    const child = spawn("secret-tool", args, { stdio: ["pipe", "pipe", "pipe"] });
    let stdout = "";
    let stderr = "";
    child.stdout.setEncoding("utf8").on("data", (chunk: string) => (stdout += chunk));
    child.stderr.setEncoding("utf8").on("data", (chunk: string) => (stderr += chunk));
    child.on("error", reject);
    child.on("close", (code) => resolve({ code: code ?? -1, stdout, stderr }));
    child.stdin.end(input ?? "");
  });
}

/** What the Secret Service itself holds for (service, account), by secret-tool. */
async function lookup(account: string): Promise<string | null> {
  const result = await secretTool(["lookup", "service", service, "username", account]);
  return result.code === 0 ? result.stdout : null;
}

/** How many Secret Service items carry this (service, account). */
async function itemCount(account: string): Promise<number> {
  const result = await secretTool(["search", "--all", "service", service, "username", account]);
  const text = result.stdout + result.stderr;
  return text.split("\n").filter((line) => line.trim() === `attribute.username = ${account}`).length;
}

const usedAccounts = new Set<string>();
function account(name: string): string {
  usedAccounts.add(name);
  return name;
}

before(async () => {
  assert.ok(
    process.env.DBUS_SESSION_BUS_ADDRESS,
    "no D-Bus session: run the tests with `sh test/run-tests.sh`, which starts one with GNOME Keyring",
  );
  await lookup("nobody").catch((error: unknown) => {
    throw new Error("cannot run secret-tool: apt-get install libsecret-tools (or sh test/setup-debian.sh)", {
      cause: error,
    });
  });
});

after(async () => {
  for (const name of usedAccounts) await store.delete(name).catch(() => false);
  await secretTool(["clear", "service", service]);
});

describe("KeyringSecretStore on the Secret Service", () => {
  test("reports the secret-service backend on Linux", { skip: process.platform !== "linux" }, () => {
    assert.equal(store.backend, "secret-service");
    assert.equal(store.service, service);
  });

  test("probeKeychain succeeds and leaves nothing behind", async () => {
    assert.deepEqual(await probeKeychain(store), { ok: true });
    const result = await secretTool(["search", "--all", "service", service]);
    assert.doesNotMatch(result.stdout + result.stderr, /attribute\.username/);
  });

  test("returns null for a secret that was never stored", async () => {
    assert.equal(await store.get(account("never-stored")), null);
    assert.equal(await lookup("never-stored"), null);
  });

  test("sets and gets a secret, and it really is in the Secret Service", async () => {
    const name = account("plain");
    await store.set(name, "correct horse battery staple");
    assert.equal(await store.get(name), "correct horse battery staple");
    // Independent check with libsecret over D-Bus: not a file, not the kernel keyutils keyring.
    assert.equal(await lookup(name), "correct horse battery staple");
    assert.equal(await itemCount(name), 1);
  });

  test("round-trips unicode and a ~10 KB value exactly", async () => {
    const unicode = account("unicode ✓ kontō");
    const secret = "pässwörd 🔐 密码 пароль \u{1F600} tab\tquote\"backslash\\";
    await store.set(unicode, secret);
    assert.equal(await store.get(unicode), secret);
    assert.equal(await lookup(unicode), secret);

    const long = account("long");
    const chunk = "0123456789abcdefÅß€😀\n";
    const big = chunk.repeat(Math.ceil(10_240 / chunk.length)).slice(0, 10_240);
    assert.ok(Buffer.byteLength(big, "utf8") >= 10_240);
    await store.set(long, big);
    assert.equal(await store.get(long), big);
    assert.equal(await lookup(long), big);
  });

  test("overwrites in place instead of adding a second item", async () => {
    const name = account("overwrite");
    await store.set(name, "first");
    await store.set(name, "second");
    assert.equal(await store.get(name), "second");
    assert.equal(await lookup(name), "second");
    assert.equal(await itemCount(name), 1);
  });

  test("reads and overwrites an item another Secret Service client created", async () => {
    const name = account("from-secret-tool");
    const stored = await secretTool(["store", "--label=lifeboat test", "service", service, "username", name], "tool-made");
    assert.equal(stored.code, 0, stored.stderr);
    assert.equal(await store.get(name), "tool-made");
    await store.set(name, "replaced");
    assert.equal(await lookup(name), "replaced");
    assert.equal(await itemCount(name), 1);
  });

  test("deletes: true when something was removed, false when nothing was there", async () => {
    const name = account("to-delete");
    await store.set(name, "short-lived");
    assert.equal(await store.delete(name), true);
    assert.equal(await store.get(name), null);
    assert.equal(await lookup(name), null);
    assert.equal(await itemCount(name), 0);
    assert.equal(await store.delete(name), false);
  });

  test("keeps services apart", async () => {
    const other = new KeyringSecretStore({ service: `${service}-other` });
    const name = account("shared-name");
    await store.set(name, "mine");
    try {
      assert.equal(await other.get(name), null);
      await other.set(name, "theirs");
      assert.equal(await store.get(name), "mine");
      assert.equal(await other.get(name), "theirs");
    } finally {
      await other.delete(name);
    }
  });

  test("rejects an empty account name", async () => {
    await assert.rejects(store.get(""), TypeError);
    await assert.rejects(store.set("", "x"), TypeError);
    await assert.rejects(store.delete(""), TypeError);
  });
});

// Runs in a child process so that the broken environment cannot disturb this process's connection.
const childScript = `
const { KeyringSecretStore, probeKeychain } = await import(process.env.LIFEBOAT_STORE_MODULE);
const { SecretStoreUnavailableError } = await import(process.env.LIFEBOAT_ERROR_MODULE);
const store = new KeyringSecretStore({ service: process.env.LIFEBOAT_TEST_SERVICE });
const outcome = async (run) => {
  try {
    return { ok: true, value: await run() };
  } catch (error) {
    return { ok: false, name: error.name, message: error.message,
             unavailable: error instanceof SecretStoreUnavailableError };
  }
};
const report = {
  get: await outcome(() => store.get("anything")),
  set: await outcome(() => store.set("anything", "must-not-land-anywhere")),
  delete: await outcome(() => store.delete("anything")),
  probe: await probeKeychain(store),
};
process.stdout.write(JSON.stringify(report));
`;

interface Outcome {
  ok: boolean;
  value?: unknown;
  name?: string;
  message?: string;
  unavailable?: boolean;
}
interface ChildReport {
  get: Outcome;
  set: Outcome;
  delete: Outcome;
  probe: { ok: boolean; reason?: string };
}

async function runWithoutKeychain(env: NodeJS.ProcessEnv): Promise<ChildReport> {
  const moduleUrl = (path: string): string => new URL(path, import.meta.url).href;
  const { stdout } = await execFileAsync(process.execPath, ["--input-type=module", "-e", childScript], {
    env: {
      ...env,
      LIFEBOAT_STORE_MODULE: moduleUrl("../../electron/engine/secrets/keyring-secret-store.js"),
      LIFEBOAT_ERROR_MODULE: moduleUrl("../../electron/engine/secrets/secret-store.js"),
      LIFEBOAT_TEST_SERVICE: service,
    },
    timeout: 60_000,
  });
  return JSON.parse(stdout) as ChildReport;
}

function assertUnavailable(report: ChildReport): void {
  for (const operation of ["get", "set", "delete"] as const) {
    const outcome = report[operation];
    assert.equal(outcome.ok, false, `${operation} must fail, not fall back to another store: ${JSON.stringify(outcome)}`);
    assert.equal(outcome.name, "SecretStoreUnavailableError", JSON.stringify(outcome));
    assert.equal(outcome.unavailable, true);
    assert.match(outcome.message ?? "", /Secret Service/);
    assert.match(outcome.message ?? "", /GNOME Keyring \/ KWallet/);
    assert.match(outcome.message ?? "", /LIFEBOAT_PASSPHRASE/);
    assert.match(outcome.message ?? "", /--passphrase-file/);
    assert.doesNotMatch(outcome.message ?? "", /must-not-land-anywhere/);
  }
  assert.equal(report.probe.ok, false);
  assert.match(report.probe.reason ?? "", /LIFEBOAT_PASSPHRASE/);
}

test("SecretStoreUnavailableError says what to do on every platform", () => {
  for (const platform of ["linux", "darwin", "win32", "openbsd"] as const) {
    const error = new SecretStoreUnavailableError("backend detail", { platform });
    assert.equal(error.name, "SecretStoreUnavailableError");
    assert.ok(error instanceof Error);
    assert.equal(error.detail, "backend detail");
    assert.match(error.message, /LIFEBOAT_PASSPHRASE or --passphrase-file/);
    assert.match(error.message, /backend detail/);
  }
  assert.match(new SecretStoreUnavailableError(undefined, { platform: "linux" }).message, /no Secret Service \(GNOME Keyring \/ KWallet\) is running on D-Bus/);
});

describe("KeyringSecretStore without a reachable Secret Service", { skip: process.platform !== "linux" }, () => {
  let emptyRuntimeDir = "";
  before(async () => {
    emptyRuntimeDir = await mkdtemp(join(tmpdir(), "lifeboat-no-bus-"));
  });
  after(async () => {
    await rm(emptyRuntimeDir, { recursive: true, force: true });
  });

  test("a D-Bus address that points nowhere gives SecretStoreUnavailableError with advice", async () => {
    const report = await runWithoutKeychain({
      ...process.env,
      DBUS_SESSION_BUS_ADDRESS: `unix:path=${join(emptyRuntimeDir, "no-such-bus")}`,
    });
    assertUnavailable(report);
    assert.match(report.get.message ?? "", /no-such-bus/, "the D-Bus detail is kept for diagnosis");
  });

  test("no D-Bus session at all gives SecretStoreUnavailableError too", async () => {
    const env: NodeJS.ProcessEnv = { ...process.env, XDG_RUNTIME_DIR: emptyRuntimeDir };
    delete env.DBUS_SESSION_BUS_ADDRESS;
    delete env.DISPLAY;
    assertUnavailable(await runWithoutKeychain(env));
  });

  test("nothing was written by the failed attempts", async () => {
    assert.equal(await lookup("anything"), null);
    assert.equal(await store.get("anything"), null);
  });
});
