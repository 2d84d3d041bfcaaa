// The vault through the command line: import real authenticator exports (encrypted Aegis), list
// without secrets unless asked, codes equal to oathtool's, HOTP counters that advance in the
// archive, exports that re-import, BitLocker keys from the .TXT Windows writes (UTF-16LE), found
// by the key id prefix of the recovery screen, and the emergency kit PDF.
import assert from "node:assert/strict";
import { promises as fsp } from "node:fs";
import path from "node:path";
import { after, before, describe, test } from "node:test";
import { initArchive, runCli, tempWorkspace } from "../helpers/cli-harness.js";
import { FIXTURES } from "../helpers/microsoft-test-seed.js";
import { oathtool } from "../helpers/oathtool.js";
import { pdfTextPages } from "../helpers/qr-tools.js";
import { englishTxt, utf16leBom } from "../helpers/bitlocker-samples.js";

let ws: Awaited<ReturnType<typeof tempWorkspace>>;
let recoveryKey = "";
const OTP = path.join(FIXTURES, "otp", "aegis");
const KEY_ID = "6E3BCB3C-1F9A-4B6F-9C0D-2A7E5D3C1B00";
const PASSWORD = "200200-110110-330330-440440-550550-660660-700007-123409";

interface Listed {
  id: string;
  issuer: string;
  account: string;
  type: string;
  algorithm: "SHA1" | "SHA256" | "SHA512";
  digits: number;
  period: number;
  counter: number;
  secret?: string;
}

before(async () => {
  ws = await tempWorkspace("lifeboat-vault-cli-");
  ({ recoveryKey } = await initArchive(ws.env));
  await fsp.writeFile(path.join(ws.dir, "pw.txt"), "test\n");
});

after(async () => ws?.cleanup());

describe("lifeboat otp / bitlocker / kit", () => {
  test("otp import --dry-run lists what an encrypted Aegis export holds, secrets only with --show-secrets, and changes nothing", async () => {
    const r = await runCli(["otp", "import", path.join(OTP, "aegis_encrypted.json"), "--password-file", path.join(ws.dir, "pw.txt"), "--dry-run", "--json"], ws.env);
    assert.equal(r.code, 0, r.stderr);
    const out = r.json as { format: string; entries: Listed[]; added: number };
    assert.equal(out.entries.length, 7);
    assert.ok(out.entries.every((e) => e.secret === undefined), "no secret without --show-secrets");
    assert.equal(out.added, 0);
    const wrong = await fsp.writeFile(path.join(ws.dir, "bad.txt"), "nope\n").then(() => runCli(["otp", "import", path.join(OTP, "aegis_encrypted.json"), "--password-file", path.join(ws.dir, "bad.txt"), "--json"], ws.env));
    assert.equal(wrong.code, 4);
    assert.match(wrong.stderr, /password/i);
    const none = await runCli(["otp", "import", path.join(OTP, "aegis_encrypted.json")], ws.env);
    assert.equal(none.code, 4, "no password and no terminal: exit 4 saying what to give");
    assert.match(none.stderr, /password/i);
  });

  test("otp import then list and code: the codes are oathtool's", async () => {
    let r = await runCli(["otp", "import", path.join(OTP, "aegis_encrypted.json"), "--password-file", path.join(ws.dir, "pw.txt"), "--json"], ws.env);
    assert.equal(r.code, 0, r.stderr);
    assert.equal((r.json as { added: number }).added, 7);
    r = await runCli(["otp", "list", "--json", "--show-secrets"], ws.env);
    const list = r.json as Listed[];
    assert.equal(list.length, 7);
    const at = 1_700_000_000;
    for (const e of list.filter((x) => x.type === "totp")) {
      r = await runCli(["otp", "code", e.issuer, "--at", String(at), "--json"], ws.env);
      assert.equal(r.code, 0, r.stderr);
      const [row] = r.json as Array<{ code: string }>;
      assert.equal(row!.code.slice(-8), oathtool({ secret: e.secret!, algorithm: e.algorithm, digits: e.digits, period: e.period, atSeconds: at })[0]!.slice(-8), `${e.issuer}`);
    }
  });

  test("a HOTP code moves its counter forward in the archive", async () => {
    const before = ((await runCli(["otp", "list", "--json", "--show-secrets"], ws.env)).json as Listed[]).find((e) => e.issuer === "Issuu")!;
    const r1 = await runCli(["otp", "code", "Issuu", "--json"], ws.env);
    const r2 = await runCli(["otp", "code", "Issuu", "--json"], ws.env);
    const c1 = (r1.json as Array<{ code: string }>)[0]!.code;
    const c2 = (r2.json as Array<{ code: string }>)[0]!.code;
    assert.equal(c1, oathtool({ secret: before.secret!, algorithm: "SHA1", digits: 6, counter: before.counter })[0]);
    assert.equal(c2, oathtool({ secret: before.secret!, algorithm: "SHA1", digits: 6, counter: before.counter + 1 })[0]);
    const after = ((await runCli(["otp", "list", "--json"], ws.env)).json as Listed[]).find((e) => e.issuer === "Issuu")!;
    assert.equal(after.counter, before.counter + 2);
  });

  test("otp export --format aegis (encrypted) re-imports to the same accounts", async () => {
    const out = path.join(ws.dir, "export.json");
    let r = await runCli(["otp", "export", "--format", "aegis", "--out", out, "--password-file", path.join(ws.dir, "pw.txt"), "--json"], ws.env);
    assert.equal(r.code, 0, r.stderr);
    assert.equal((await fsp.stat(out)).mode & 0o777, 0o600);
    r = await runCli(["otp", "import", out, "--password-file", path.join(ws.dir, "pw.txt"), "--dry-run", "--json", "--show-secrets"], ws.env);
    assert.equal(r.code, 0, r.stderr);
    const again = (r.json as { entries: Listed[] }).entries.map((e) => `${e.issuer}/${e.secret}`).sort();
    const list = ((await runCli(["otp", "list", "--json", "--show-secrets"], ws.env)).json as Listed[]).map((e) => `${e.issuer}/${e.secret}`).sort();
    assert.deepEqual(again, list);
  });

  test("bitlocker import of the .TXT Windows saves (UTF-16LE, BOM, CRLF), list without the password, find by the recovery screen's prefix", async () => {
    const file = path.join(ws.dir, `BitLocker Recovery Key ${KEY_ID}.TXT`);
    await fsp.writeFile(file, utf16leBom(englishTxt(KEY_ID, PASSWORD)));
    let r = await runCli(["bitlocker", "import", file, "--json"], ws.env);
    assert.equal(r.code, 0, r.stderr);
    r = await runCli(["bitlocker", "list", "--json"], ws.env);
    const keys = r.json as Array<{ keyId: string; recoveryPassword?: string }>;
    assert.deepEqual(keys.map((k) => k.keyId), [KEY_ID]);
    assert.equal(keys[0]!.recoveryPassword, undefined);
    r = await runCli(["bitlocker", "find", KEY_ID.slice(0, 8).toLowerCase(), "--json"], ws.env);
    assert.equal(r.code, 0, r.stderr);
    assert.equal((r.json as Array<{ recoveryPassword: string }>)[0]!.recoveryPassword, PASSWORD);
    r = await runCli(["bitlocker", "find", "FFFFFFFF"], ws.env);
    assert.equal(r.code, 1);
  });

  test("reading this computer's keys is Windows-only, asks for consent, and says so elsewhere", async () => {
    let r = await runCli(["bitlocker", "read-this-pc"], ws.env);
    assert.equal(r.code, 2);
    assert.match(r.stderr, /--yes/);
    r = await runCli(["bitlocker", "read-this-pc", "--yes"], ws.env);
    assert.notEqual(r.code, 0);
    assert.match(r.stderr, /Windows only/);
  });

  test("a mistyped recovery password is refused with the group that is wrong", async () => {
    const file = path.join(ws.dir, "typo.txt");
    await fsp.writeFile(file, `Identifier: ${KEY_ID}\nRecovery Key: ${PASSWORD.replace("330330", "330331")}\n`);
    const r = await runCli(["bitlocker", "import", file], ws.env);
    assert.notEqual(r.code, 0);
    assert.match(r.stderr, /group 3/i);
  });

  test("kit: the PDF holds the recovery key and every BitLocker password; a wrong recovery key is refused", async () => {
    const keyFile = path.join(ws.dir, "recovery.txt");
    await fsp.writeFile(keyFile, `${recoveryKey}\n`, { mode: 0o600 });
    const pdf = path.join(ws.dir, "kit.pdf");
    let r = await runCli(["kit", "--out", pdf, "--recovery-key-file", keyFile, "--json"], ws.env);
    assert.equal(r.code, 0, r.stderr);
    const text = pdfTextPages(pdf).join("\n");
    assert.ok(text.includes(PASSWORD));
    assert.ok(text.replace(/\s+/g, "").includes(recoveryKey));
    const other = path.join(ws.dir, "other.txt");
    await fsp.writeFile(other, "AGE-SECRET-KEY-1QQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQ\n");
    r = await runCli(["kit", "--out", path.join(ws.dir, "kit2.pdf"), "--recovery-key-file", other], ws.env);
    assert.equal(r.code, 4);
  });
});
