// The Microsoft account through the command line, as a user (or the OS scheduler) runs it: add with
// a device code approved on "another device", the sign-in kept in the real OS keychain (the tests
// run inside dbus-run-session with gnome-keyring), `backup` and `sources` in fresh processes, and a
// backup killed mid-run (SIGKILL) that the next run resumes without downloading again what the
// checkpoint already holds.
import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { promises as fsp } from "node:fs";
import path from "node:path";
import { after, before, describe, test } from "node:test";
import { startMicrosoftEmulators, type MicrosoftEmulators } from "../emulators/microsoft/start-microsoft-emulators.js";
import { cliAddMicrosoft } from "../helpers/cli-add-microsoft.js";
import { CLI, runCli, tempWorkspace } from "../helpers/cli-harness.js";
import { PASSWORD, PERSONAL, writeTestSeed } from "../helpers/microsoft-test-seed.js";

let ws: Awaited<ReturnType<typeof tempWorkspace>>;
let emu: MicrosoftEmulators;
let env: NodeJS.ProcessEnv;

before(async () => {
  ws = await tempWorkspace("lifeboat-ms-cli-");
  const seed = await writeTestSeed(path.join(ws.dir, "seed"));
  emu = await startMicrosoftEmulators({ seedDir: seed.dir });
  // Enough mail for several packs, so a checkpoint is written before the kill.
  emu.store.get(PERSONAL)!.mail.addGeneratedMessages("inbox", 1500, { seed: "bulk", bodyBytes: 12_000 });
  const ca = path.join(ws.dir, "emulator-ca.pem");
  await fsp.writeFile(ca, emu.caCertPem);
  // The real keychain this time; the CA is trusted the way a corporate TLS proxy's would be.
  env = { ...ws.env, LIFEBOAT_EXTRA_CA_CERTS: ca };
  delete env.LIFEBOAT_NO_KEYCHAIN;
  const r = await runCli(["init", "--json", "--scrypt-work-factor", "12", "--pack-size-mib", "0.25"], env);
  assert.equal(r.code, 0, r.stderr);
});

after(async () => {
  await emu?.close();
  await ws?.cleanup();
});

describe("lifeboat add microsoft / backup / sources", () => {
  test("add --device-code signs in through the code page and configures the account", async () => {
    const r = await cliAddMicrosoft(emu, { address: PERSONAL, password: PASSWORD }, env);
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stderr, /enter the code/i);
    const out = JSON.parse(r.stdout) as { source: string; account: { accountKind: string } };
    assert.equal(out.source, PERSONAL);
    assert.equal(out.account.accountKind, "personal");
    const settings = await fsp.readFile(path.join(ws.home, "settings.json"), "utf8");
    assert.ok(!/refresh_token|"secret"|eyJ/.test(settings), "no token in settings.json");
  });

  test("a backup killed mid-run resumes from its checkpoint without downloading the same messages again", async () => {
    emu.graph.control.requests.reset();
    const snapshots = path.join(ws.archive, "snapshots");
    // A checkpoint after every (256 KiB) pack: small mails are bundled and compressed together, so
    // the mailbox makes only a few packs.
    const child = spawn(process.execPath, [CLI, "backup", "--json", "--checkpoint-every-packs", "1"], { env, stdio: ["ignore", "pipe", "pipe"] });
    let stderr = "";
    child.stderr.on("data", (d: Buffer) => (stderr += d.toString()));
    const closed = new Promise<number | null>((resolve) => child.on("close", (code) => resolve(code)));
    // Kill once a checkpoint exists and downloads are still going on.
    for (;;) {
      const files = await fsp.readdir(snapshots).catch(() => [] as string[]);
      if (files.length > 0) break;
      if (child.exitCode !== null) assert.fail(`backup ended before a checkpoint: ${stderr}`);
      await new Promise((r) => setTimeout(r, 20));
    }
    child.kill("SIGKILL");
    await closed;
    const firstRun = emu.graph.control.requests.count(/\$value/);
    const total = 1500 + (await fsp.readdir(path.join(ws.dir, "seed", "microsoft", PERSONAL, "mail"), { recursive: true })).filter((f) => String(f).endsWith(".eml")).length;
    assert.ok(firstRun < total, `killed before the end (${firstRun} of ${total} downloaded)`);

    emu.graph.control.requests.reset();
    const r = await runCli(["backup", "--json"], env, { timeoutMs: 300_000 });
    assert.equal(r.code, 0, r.stderr);
    const secondRun = emu.graph.control.requests.count(/\$value/);
    assert.ok(secondRun < total, `the resumed run downloaded ${secondRun} of ${total}`);
    assert.ok(firstRun + secondRun >= total);
    const snap = (r.json as { snapshot: { sources: Record<string, { items: number }> } }).snapshot;
    assert.ok(snap.sources[PERSONAL]!.items >= total * 2, "every message and its sidecar are in the snapshot");
  });

  test("sources shows the account ok; after the sign-in is revoked, backup exits 4 and sources says needs-sign-in", async () => {
    let r = await runCli(["sources", "--json"], env);
    assert.equal(r.code, 0, r.stderr);
    const list = r.json as Array<{ name: string; kind: string; state: string; location: string }>;
    assert.deepEqual(list.map((s) => [s.name, s.kind, s.state]), [[PERSONAL, "microsoft", "ok"]]);
    emu.identity.revokeRefreshTokens(PERSONAL);
    r = await runCli(["backup", "--json"], env);
    assert.equal(r.code, 4, r.stderr);
    r = await runCli(["sources", "--json"], env);
    assert.equal((r.json as Array<{ state: string }>)[0]!.state, "needs-sign-in");
  });

  test("remove takes the account's sign-in out of the keychain", async () => {
    const { execFileSync } = await import("node:child_process");
    const lookup = (): string => {
      try {
        return execFileSync("secret-tool", ["search", "--all", "service", "lifeboat"], { encoding: "utf8", stdio: ["ignore", "pipe", "ignore"] });
      } catch {
        return "";
      }
    };
    const settings = JSON.parse(await fsp.readFile(path.join(ws.home, "settings.json"), "utf8")) as { archives: Record<string, { sources: Array<{ account?: { id: string } }> }> };
    const id = Object.values(settings.archives)[0]!.sources[0]!.account!.id;
    assert.ok(lookup().includes(`microsoft-token-cache:${id}`));
    const r = await runCli(["remove", PERSONAL, "--json"], env);
    assert.equal(r.code, 0, r.stderr);
    assert.equal((r.json as { signedOut: boolean }).signedOut, true);
    assert.ok(!lookup().includes(`microsoft-token-cache:${id}`));
  });
});
