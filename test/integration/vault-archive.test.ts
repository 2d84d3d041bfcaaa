// The vault inside the archive: BitLocker keys a work account's backup reads and imported OTP
// accounts become vault items (vault.json, otp.txt, bitlocker/<key id>.txt) in the same snapshot,
// the vault only grows, a restore and recover.sh hand the files back, and the newest vault is
// also one `age -d` away in vault/ (checked with the real age CLI).
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { promises as fsp } from "node:fs";
import os from "node:os";
import path from "node:path";
import { after, before, describe, test } from "node:test";
import type { MicrosoftSourceConfig } from "../../shared/archive-types.js";
import type { OtpEntry } from "../../shared/vault-types.js";
import { Archive } from "../../electron/engine/archive/archive.js";
import { verifyFiles } from "../../electron/engine/archive/verify.js";
import { addTrustedCaPem } from "../../electron/engine/net/tls-trust.js";
import { requestBitLockerAccess } from "../../electron/engine/providers/microsoft/auth/bitlocker-access.js";
import { signInInteractive } from "../../electron/engine/providers/microsoft/auth/microsoft-sign-in.js";
import { newMicrosoftAccountSettings } from "../../electron/engine/providers/microsoft/auth/new-account-settings.js";
import { createMicrosoftSource } from "../../electron/engine/providers/microsoft/microsoft-source-factory.js";
import { restoreSnapshot } from "../../electron/engine/restore/restore-snapshot.js";
import { MemorySecretStore } from "../../electron/engine/secrets/memory-secret-store.js";
import { parseOtpauthUri } from "../../electron/engine/vault/otp/otpauth-uri.js";
import { backupWithVault } from "../../electron/engine/vault/vault-service.js";
import { readVault } from "../../electron/engine/vault/vault-store.js";
import { emulatedBrowser } from "../emulators/microsoft/emulated-user.js";
import { startMicrosoftEmulators, type MicrosoftEmulators } from "../emulators/microsoft/start-microsoft-emulators.js";
import { REPO_ROOT } from "../helpers/cli-harness.js";
import { BITLOCKER_KEY, PASSWORD, WORK, writeTestSeed } from "../helpers/microsoft-test-seed.js";

let dir: string;
let emu: MicrosoftEmulators;
let archive: Archive;
let recoveryKey: string;
const secrets = new MemorySecretStore();
let work: MicrosoftSourceConfig;

const github: OtpEntry = { type: "totp", issuer: "GitHub", account: "malik", secret: "JBSWY3DPEHPK3PXP", algorithm: "SHA1", digits: 6, period: 30, counter: 0 };
const bank: OtpEntry = { type: "hotp", issuer: "Bank", account: "m@example.com", secret: "GEZDGNBVGY3TQOJQ", algorithm: "SHA256", digits: 8, period: 30, counter: 7 };

before(async () => {
  dir = await fsp.mkdtemp(path.join(os.tmpdir(), "lifeboat-vault-"));
  const seed = await writeTestSeed(path.join(dir, "seed"));
  emu = await startMicrosoftEmulators({ seedDir: seed.dir });
  addTrustedCaPem(emu.caCertPem, "the test emulators' CA");
  ({ archive, recoveryKey } = await Archive.init(path.join(dir, "archive"), "pw", { scryptLogN: 10 }));
  const acct = emu.accounts.find((a) => a.address === WORK)!;
  emu.identity.grantAdminConsent(acct.tid, ["BitLockerKey.Read.All"]);
  const openBrowser = emulatedBrowser({ address: WORK, password: PASSWORD }, emu.caCertPem);
  let settings = await signInInteractive(newMicrosoftAccountSettings({ authority: emu.identity.authority("common"), graphEndpoint: emu.graphUrl }), { secrets }, { openBrowser });
  settings = await requestBitLockerAccess(settings, { secrets }, { interactive: { openBrowser } });
  work = { name: WORK, kind: "microsoft", added: new Date().toISOString(), account: settings };
});

after(async () => {
  await archive?.close();
  await emu?.close();
  await fsp.rm(dir, { recursive: true, force: true });
});

describe("the vault in the archive", () => {
  test("a work account's BitLocker key and imported OTP accounts land in the vault of the same snapshot", async () => {
    const r = await backupWithVault(archive, [createMicrosoftSource(work, { secrets })], { extra: { otp: [github, bank] } });
    assert.deepEqual(r.failed, []);
    assert.ok(r.snapshot.sources.vault, "the snapshot has the vault");
    const vault = await readVault(archive);
    assert.deepEqual(vault.bitlocker.map((k) => [k.recoveryPassword, k.account, k.origin]), [[BITLOCKER_KEY, WORK, "microsoft-account"]]);
    assert.deepEqual(vault.otp.map((e) => e.issuer), ["GitHub", "Bank"]);
  });

  test("the vault only grows: importing the same accounts again adds nothing, a new one is added", async () => {
    const extra: OtpEntry = { ...github, issuer: "Proton", secret: "KRSXG5CTMVRXEZLU" };
    const r = await backupWithVault(archive, [], { extra: { otp: [github, extra] } });
    assert.equal(r.vaultReport?.duplicateOtp, 1);
    assert.equal(r.vaultReport?.addedOtp, 1);
    const vault = await readVault(archive);
    assert.deepEqual(vault.otp.map((e) => e.issuer), ["GitHub", "Bank", "Proton"]);
    assert.equal(vault.bitlocker.length, 1, "keys of sources not in this run are kept");
  });

  test("restore and recover.sh write vault/otp.txt (importable URIs) and vault/bitlocker/<key id>.txt", async () => {
    const out = path.join(dir, "restored");
    await restoreSnapshot(archive, "latest", out);
    const uris = (await fsp.readFile(path.join(out, "vault", "otp.txt"), "utf8")).split("\n").filter((l) => l.startsWith("otpauth://"));
    assert.deepEqual(uris.map((u) => parseOtpauthUri(u).secret), [github.secret, bank.secret, "KRSXG5CTMVRXEZLU"]);
    assert.equal(parseOtpauthUri(uris[1]!).counter, 7);
    const keys = await fsp.readdir(path.join(out, "vault", "bitlocker"));
    assert.equal(keys.length, 1);
    assert.match(await fsp.readFile(path.join(out, "vault", "bitlocker", keys[0]!), "utf8"), new RegExp(BITLOCKER_KEY));
    assert.equal((await fsp.stat(path.join(out, "vault", "otp.txt"))).mode & 0o777, 0o600, "secrets are restored readable by the owner only");
    const keyFile = path.join(dir, "recovery.txt");
    await fsp.writeFile(keyFile, `${recoveryKey}\n`, { mode: 0o600 });
    const viaScript = path.join(dir, "recovered");
    execFileSync("sh", [path.join(REPO_ROOT, "recover.sh"), archive.layout.root, keyFile, viaScript], { stdio: ["ignore", "ignore", "pipe"] });
    assert.equal(await fsp.readFile(path.join(viaScript, "vault", "otp.txt"), "utf8"), await fsp.readFile(path.join(out, "vault", "otp.txt"), "utf8"));
  });

  test("the newest vault is one `age -d` away, and verify checks its name without a key", async () => {
    const names = (await fsp.readdir(archive.layout.vaultDir)).sort();
    assert.ok(names.length >= 1);
    const idFile = path.join(dir, "identity.txt");
    await fsp.writeFile(idFile, `${archive.secrets.identity}\n`, { mode: 0o600 });
    const plain = execFileSync("age", ["-d", "-i", idFile, path.join(archive.layout.vaultDir, names.at(-1)!)], { encoding: "utf8" });
    const v = JSON.parse(plain) as { otp: OtpEntry[]; bitlocker: Array<{ recoveryPassword: string }> };
    assert.equal(v.otp.length, 3);
    assert.equal(v.bitlocker[0]!.recoveryPassword, BITLOCKER_KEY);
    assert.ok((await verifyFiles(archive.layout.root)).ok);
    const victim = path.join(archive.layout.vaultDir, names.at(-1)!);
    const bytes = await fsp.readFile(victim);
    bytes[bytes.length - 5]! ^= 0x01;
    await fsp.chmod(victim, 0o600);
    await fsp.writeFile(victim, bytes);
    const report = await verifyFiles(archive.layout.root);
    assert.ok(report.problems.some((p) => p.file === `vault/${names.at(-1)}`), "a flipped bit in the emergency vault is found");
  });
});
