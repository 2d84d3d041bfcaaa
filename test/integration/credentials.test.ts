// Wrong, malformed and missing credentials, passphrase changes, and the recovery key with the real
// `age` CLI: clear messages and exit 4, never a stack trace, and a passphrase change that touches
// nothing but the passphrase key file.
import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { promises as fsp } from "node:fs";
import path from "node:path";
import { runCli, tempWorkspace, type CliResult } from "../helpers/cli-harness.js";
import { digestDiff, hashArchiveFiles, makeTree, runTool, seededRandom, treeDigest } from "../helpers/robustness-util.js";

let ws: Awaited<ReturnType<typeof tempWorkspace>>;
let src: string;
let recoveryKey: string;
let recoveryFile: string;
let snapshotId: string;
let v1: Map<string, string>;

function envWith(extra: Record<string, string | undefined>): NodeJS.ProcessEnv {
  const env = { ...ws.env, ...extra };
  for (const [k, v] of Object.entries(extra)) if (v === undefined) delete env[k];
  return env;
}

async function secretFile(name: string, text: string): Promise<string> {
  const f = path.join(ws.dir, name);
  await fsp.writeFile(f, text, { mode: 0o600 });
  return f;
}

function assertClean(r: CliResult, what: string): void {
  assert.doesNotMatch(r.stderr, /looks like a bug|\n\s+at |Error:/, `${what}: no stack trace or internal error`);
}

function assertCredentialError(r: CliResult, what: string, message: RegExp): void {
  assert.equal(r.code, 4, `${what}: exit ${r.code}: ${r.stderr}`);
  assert.match(r.stderr, message, what);
  assert.equal((r.json as { error?: { exitCode: number } } | undefined)?.error?.exitCode, 4, `${what}: JSON error`);
  assertClean(r, what);
}

before(async () => {
  ws = await tempWorkspace("lifeboat-creds-");
  src = path.join(ws.dir, "src");
  await makeTree(src, seededRandom(7), { files: 25, maxSmall: 30_000, big: [1_500_000] });
  v1 = await treeDigest(src);
  const init = await runCli(["init", "--json", "--scrypt-work-factor", "12"], ws.env);
  assert.equal(init.code, 0, init.stderr);
  recoveryKey = (init.json as { recoveryKey: string }).recoveryKey;
  assert.match(recoveryKey, /^AGE-SECRET-KEY-1[0-9A-Z]{58}$/);
  recoveryFile = await secretFile("recovery-key.txt", recoveryKey + "\n");
  assert.equal((await runCli(["add", "folder", src, "--name", "docs"], ws.env)).code, 0);
  const b = await runCli(["backup", "--json"], ws.env);
  assert.equal(b.code, 0, b.stderr);
  snapshotId = (b.json as { snapshot: { id: string } }).snapshot.id;
});

after(async () => {
  await ws?.cleanup();
});

describe("credentials", () => {
  test("a wrong passphrase: exit 4, says so and points to the recovery key", async () => {
    const r = await runCli(["snapshots", "--json"], envWith({ LIFEBOAT_PASSPHRASE: "correct horse battery stapler" }));
    assertCredentialError(r, "wrong LIFEBOAT_PASSPHRASE", /wrong passphrase/i);
    assert.match(r.stderr, /recovery key/i);
    assert.match(r.stderr, /--recovery-key-file/);
    const file = await secretFile("wrong-pass.txt", "not it\n");
    const r2 = await runCli(["ls", "latest", "--json", "--passphrase-file", file], envWith({ LIFEBOAT_PASSPHRASE: undefined }));
    assertCredentialError(r2, "wrong --passphrase-file", /wrong passphrase/i);
  });

  test("the recovery key of another archive: exit 4, says it does not belong here", async () => {
    const other = await runCli(["--archive", path.join(ws.dir, "other-archive"), "init", "--json", "--scrypt-work-factor", "12"], ws.env);
    assert.equal(other.code, 0, other.stderr);
    const otherKey = (other.json as { recoveryKey: string }).recoveryKey;
    assert.notEqual(otherKey, recoveryKey);
    const r = await runCli(["snapshots", "--json", "--recovery-key-file", await secretFile("other-key.txt", otherKey + "\n")], ws.env);
    assertCredentialError(r, "another archive's recovery key", /does not belong to this archive/i);
    // A freshly made age identity (valid, but no archive's key) is refused the same way.
    const keygen = await runTool("age-keygen", []);
    const fresh = /AGE-SECRET-KEY-1[0-9A-Z]+/.exec(keygen.stdout.toString())![0];
    const r2 = await runCli(["snapshots", "--json", "--recovery-key-file", await secretFile("fresh-key.txt", fresh)], ws.env);
    assertCredentialError(r2, "an unrelated age identity", /does not belong to this archive/i);
  });

  test("a malformed or mistyped recovery key: exit 4 with a clear message", async () => {
    // One character changed: still looks like a key, but its checksum fails.
    const i = 30;
    const typo = recoveryKey.slice(0, i) + (recoveryKey[i] === "Q" ? "P" : "Q") + recoveryKey.slice(i + 1);
    const cases: Array<[string, string, RegExp]> = [
      ["not a key at all", "hello world\n", /not a Lifeboat recovery key/i],
      ["a truncated key", "AGE-SECRET-KEY-1XYZ\n", /not a Lifeboat recovery key|mistyped/i],
      ["a key with a typo", typo + "\n", /mistyped|checksum/i],
      ["a passphrase where the key belongs", "correct horse battery staple\n", /not a Lifeboat recovery key/i],
    ];
    for (const [what, text, message] of cases) {
      const r = await runCli(["snapshots", "--json", "--recovery-key-file", await secretFile("bad-key.txt", text)], ws.env);
      assertCredentialError(r, what, message);
      assert.doesNotMatch(r.stderr + r.stdout, new RegExp(recoveryKey.slice(16, 40)), `${what}: the key is not echoed`);
    }
    const empty = await runCli(["snapshots", "--json", "--recovery-key-file", await secretFile("empty.txt", "")], ws.env);
    assertCredentialError(empty, "an empty key file", /empty/i);
    const missing = await runCli(["snapshots", "--json", "--recovery-key-file", path.join(ws.dir, "no-such-file")], ws.env);
    assertCredentialError(missing, "a missing key file", /cannot read/i);
  });

  test("no passphrase and no terminal: exit 4 naming LIFEBOAT_PASSPHRASE and --passphrase-file", async () => {
    for (const args of [["snapshots"], ["backup", "--json"], ["verify", "--json"], ["restore", "latest", "--to", path.join(ws.dir, "never")]]) {
      const r = await runCli(args, envWith({ LIFEBOAT_PASSPHRASE: undefined }));
      assert.equal(r.code, 4, `${args[0]}: exit ${r.code}: ${r.stderr}`);
      assert.match(r.stderr, /LIFEBOAT_PASSPHRASE/);
      assert.match(r.stderr, /--passphrase-file/);
      assertClean(r, args[0]!);
    }
    await assert.rejects(fsp.access(path.join(ws.dir, "never")), "nothing was restored");
  });

  test("passwd: the new passphrase works, the old one does not, the recovery key still does, and no data file changes", async () => {
    const dataBefore = await hashArchiveFiles(ws.archive, ["packs", "index", "snapshots"]);
    const keysBefore = await hashArchiveFiles(ws.archive, ["keys"]);
    const r = await runCli(["passwd", "--json"], envWith({ LIFEBOAT_NEW_PASSPHRASE: "a brand new passphrase 42" }));
    assert.equal(r.code, 0, r.stderr);
    assert.deepEqual(r.json, { changed: true });

    const old = await runCli(["snapshots", "--json"], ws.env);
    assertCredentialError(old, "the old passphrase after passwd", /wrong passphrase/i);
    const fresh = await runCli(["snapshots", "--json"], envWith({ LIFEBOAT_PASSPHRASE: "a brand new passphrase 42" }));
    assert.equal(fresh.code, 0, fresh.stderr);
    assert.equal((fresh.json as Array<{ id: string }>)[0]?.id, snapshotId);
    const out = path.join(ws.dir, "restored-new-pass");
    const restore = await runCli(["restore", "latest", "--to", out, "--json"], envWith({ LIFEBOAT_PASSPHRASE: "a brand new passphrase 42" }));
    assert.equal(restore.code, 0, restore.stderr);
    assert.deepEqual(digestDiff(v1, await treeDigest(path.join(out, "docs"))), []);
    const rk = await runCli(["snapshots", "--json", "--recovery-key-file", recoveryFile], envWith({ LIFEBOAT_PASSPHRASE: undefined }));
    assert.equal(rk.code, 0, `the recovery key after passwd: ${rk.stderr}`);

    assert.deepEqual(await hashArchiveFiles(ws.archive, ["packs", "index", "snapshots"]), dataBefore, "no pack, index or snapshot file changed");
    const keysAfter = await hashArchiveFiles(ws.archive, ["keys"]);
    const unchanged = (m: Map<string, string>): string[] => [...m.keys()].filter((k) => !k.startsWith("keys/passphrase-")).sort();
    assert.deepEqual(unchanged(keysAfter), unchanged(keysBefore), "the recovery and config key files are the same files");
    for (const k of unchanged(keysAfter)) assert.equal(keysAfter.get(k), keysBefore.get(k));
    const pass = (m: Map<string, string>): string[] => [...m.keys()].filter((k) => k.startsWith("keys/passphrase-"));
    assert.equal(pass(keysAfter).length, 1, "exactly one passphrase key file");
    assert.notDeepEqual(pass(keysAfter), pass(keysBefore), "the passphrase key file was replaced");

    // Forgot the passphrase: the recovery key unlocks passwd too.
    const reset = await runCli(["passwd", "--json", "--recovery-key-file", recoveryFile], envWith({ LIFEBOAT_PASSPHRASE: undefined, LIFEBOAT_NEW_PASSPHRASE: "correct horse battery staple" }));
    assert.equal(reset.code, 0, reset.stderr);
    assert.equal((await runCli(["snapshots", "--json"], ws.env)).code, 0, "the reset passphrase works");
    assert.deepEqual(await hashArchiveFiles(ws.archive, ["packs", "index", "snapshots"]), dataBefore);
  });

  test("the recovery key opens the archive with the real age CLI, and its identity decrypts a snapshot and a pack", async () => {
    const keyFile = (await fsp.readdir(path.join(ws.archive, "keys"))).find((n) => n.startsWith("recovery-"))!;
    const id = await runTool("age", ["-d", "-i", recoveryFile, path.join(ws.archive, "keys", keyFile)]);
    assert.equal(id.code, 0, `age -d -i KEYFILE keys/recovery-*.age: ${id.stderr}`);
    const identity = id.stdout.toString();
    assert.match(identity, /^AGE-SECRET-KEY-1[0-9A-Z]{58}$/m);
    const identityFile = await secretFile("identity.txt", identity);

    const snapName = (await fsp.readdir(path.join(ws.archive, "snapshots"))).find((n) => n.includes(snapshotId))!;
    const snap = await runTool("age", ["-d", "-i", identityFile, path.join(ws.archive, "snapshots", snapName)]);
    assert.equal(snap.code, 0, snap.stderr);
    const body = JSON.parse(snap.stdout.toString()) as { complete: boolean; catalog: string[]; sources: Record<string, unknown> };
    assert.equal(body.complete, true);
    assert.ok(body.catalog.length > 0 && "docs" in body.sources);

    const packDir = (await fsp.readdir(path.join(ws.archive, "packs")))[0]!;
    const packName = (await fsp.readdir(path.join(ws.archive, "packs", packDir)))[0]!;
    const pack = await runTool("age", ["-d", "-i", identityFile, path.join(ws.archive, "packs", packDir, packName)]);
    assert.equal(pack.code, 0, pack.stderr);
    const tar = await runTool("tar", ["-t"], pack.stdout);
    assert.equal(tar.code, 0, tar.stderr);
    const members = tar.stdout.toString().trim().split("\n");
    // Blobs of their own (b/<id>[.gz]) and bundles of small ones (g/<id>.tar[.gz], FORMAT.md 6).
    assert.ok(members.length > 0 && members.every((m) => /^(b\/[0-9a-f]{64}(\.gz)?|g\/[0-9a-f]{64}\.tar(\.gz)?)$/.test(m)), members.slice(0, 3).join(", "));

    // The wrong identity is refused by age itself.
    const keygen = await runTool("age-keygen", []);
    const wrong = await runTool("age", ["-d", "-i", await secretFile("wrong-identity.txt", keygen.stdout.toString()), path.join(ws.archive, "snapshots", snapName)]);
    assert.notEqual(wrong.code, 0);
  });
});
