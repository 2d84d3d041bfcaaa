// Importer behaviour beyond the fixtures: encrypted files made here with chosen passwords and
// KDF settings (including hostile ones), malformed entries skipped with reasons, damaged files.
import assert from "node:assert/strict";
import { describe, test } from "node:test";
import type { OtpEntry } from "../../../shared/vault-types.js";
import { aegisImporter } from "../../../electron/engine/vault/otp/importers/aegis.js";
import { andOtpImporter } from "../../../electron/engine/vault/otp/importers/andotp.js";
import { bitwardenImporter } from "../../../electron/engine/vault/otp/importers/bitwarden.js";
import { freeOtpPlusImporter } from "../../../electron/engine/vault/otp/importers/freeotp-plus.js";
import { OtpImportError } from "../../../electron/engine/vault/otp/importers/otp-import-error.js";
import { otpauthListImporter } from "../../../electron/engine/vault/otp/importers/otpauth-list.js";
import { protonAuthenticatorImporter } from "../../../electron/engine/vault/otp/importers/proton-authenticator.js";
import { steamImporter } from "../../../electron/engine/vault/otp/importers/steam.js";
import { parseCsv } from "../../../electron/engine/vault/otp/importers/csv-rows.js";
import { writeAegisEncrypted, writeAndOtpEncrypted, writeBitwardenProtected } from "../../helpers/otp-export-writers.js";
import { AEGIS_FIXTURES, AEGIS_VECTORS as V, sorted } from "../../helpers/otp-aegis-vectors.js";
import { readFileSync } from "node:fs";
import path from "node:path";
import { importGoogleMigration } from "../../../electron/engine/vault/otp/importers/google-migration.js";
import type { OtpImporter } from "../../../electron/engine/vault/otp/importers/otp-importer.js";

const reason = (r: string, re?: RegExp) => (err: unknown) => err instanceof OtpImportError && err.reason === r && (!re || re.test(err.message));

const AEGIS_DB = {
  version: 2,
  entries: [
    { type: "totp", uuid: "1", name: "Mason", issuer: "Deno", note: "work phone", icon: null, info: { secret: V.deno.secret, algo: "SHA1", digits: 6, period: 30 } },
    { type: "steam", uuid: "2", name: "Sophia", issuer: "Boeing", note: "", info: { secret: V.boeing.secret, algo: "SHA1", digits: 5, period: 30 } },
    { type: "motp", uuid: "3", name: "m", issuer: "MotpCo", info: { secret: V.deno.secret, algo: "MD5", digits: 6, period: 10, pin: "1234" } },
    { type: "totp", uuid: "4", name: "bad", issuer: "BadCo", info: { secret: "NOT*BASE32", algo: "SHA1", digits: 6, period: 30 } },
    { type: "totp", uuid: "5", name: "odd", issuer: "DigitsCo", info: { secret: V.deno.secret, algo: "SHA1", digits: 12, period: 30 } },
  ],
  groups: [],
};

const BITWARDEN_INNER = {
  encrypted: false,
  folders: [],
  items: [
    { type: 1, name: "GitHub", login: { username: "malik", totp: "JBSW Y3DP EHPK 3PXP" } },
    { type: 1, name: "No 2FA", login: { username: "x", password: "p", totp: null } },
    { type: 2, name: "A secure note", secureNote: { type: 0 } },
    { type: 1, name: "Broken", login: { totp: "otpauth://totp/x?secret=ABC1" } },
    { type: 1, name: "Deno item", login: { totp: "otpauth://totp/Deno:Mason?secret=4SJHB4GSD43FZBAI7C2HLRJGPQ&issuer=Deno" } },
  ],
};

function github(): OtpEntry {
  return { type: "totp", issuer: "GitHub", account: "malik", secret: "JBSWY3DPEHPK3PXP", algorithm: "SHA1", digits: 6, period: 30, counter: 0 };
}

describe("OTP importers: encrypted files, skips and damage", () => {
  test("Aegis encrypted: biometric slot passed over, entries imported, mOTP and bad entries skipped with reasons", async () => {
    const bytes = writeAegisEncrypted(AEGIS_DB, "pässwörd ✓", { biometricFirst: true });
    assert.ok(aegisImporter.detect({ bytes }));
    const r = await aegisImporter.read({ bytes, password: "pässwörd ✓" });
    assert.equal(r.format, "aegis-encrypted");
    assert.deepEqual(sorted(r.entries), sorted([V.deno, V.boeing]));
    assert.equal(r.entries.find((e) => e.issuer === "Deno")?.note, "work phone");
    assert.deepEqual(r.skipped.map((s) => s.name), ["MotpCo / m", "BadCo / bad", "DigitsCo / odd"]);
    assert.match(r.skipped[0]!.reason, /mOTP/);
    assert.match(r.skipped[1]!.reason, /Base32/);
    assert.match(r.skipped[2]!.reason, /12 digits/);
    await assert.rejects(aegisImporter.read({ bytes, password: "password" }), reason("wrong-password"));
  });

  test("Aegis: a biometric-only vault, hostile scrypt settings, a newer version", async () => {
    await assert.rejects(aegisImporter.read({ bytes: writeAegisEncrypted(AEGIS_DB, "pw", { biometricOnly: true }), password: "pw" }), reason("unsupported", /fingerprint/));
    const started = Date.now();
    await assert.rejects(aegisImporter.read({ bytes: writeAegisEncrypted(AEGIS_DB, "pw", { n: 1 << 24 }), password: "pw" }), reason("unsupported", /memory/));
    await assert.rejects(aegisImporter.read({ bytes: writeAegisEncrypted(AEGIS_DB, "pw", { n: 1 << 15, r: 4096 }), password: "pw" }), reason("unsupported"));
    await assert.rejects(aegisImporter.read({ bytes: writeAegisEncrypted(AEGIS_DB, "pw", { n: 3 }), password: "pw" }), reason("unsupported"));
    assert.ok(Date.now() - started < 1000, "refused before deriving");
    const plain = { version: 1, header: { slots: null, params: null }, db: { ...AEGIS_DB, version: 4 } };
    await assert.rejects(aegisImporter.read({ bytes: Buffer.from(JSON.stringify(plain)) }), reason("unsupported"));
    const noEntries = { version: 1, header: { slots: null, params: null }, db: { version: 1 } };
    await assert.rejects(aegisImporter.read({ bytes: Buffer.from(JSON.stringify(noEntries)) }), reason("corrupt"));
  });

  test("andOTP encrypted with other iterations; hostile iteration counts refused", async () => {
    const entries = [{ secret: `${V.deno.secret}======`, issuer: "Deno", label: "Mason", digits: 6, type: "TOTP", algorithm: "SHA1", period: 30, tags: [] }];
    const bytes = writeAndOtpEncrypted(entries, "pw", 2000);
    assert.ok(andOtpImporter.detect({ bytes }));
    assert.deepEqual(sorted((await andOtpImporter.read({ bytes, password: "pw" })).entries), [V.deno]);
    const hostile = writeAndOtpEncrypted([], "pw", 1);
    hostile.writeUInt32BE(4_000_000_000, 0);
    assert.equal(andOtpImporter.detect({ bytes: hostile }), false);
    await assert.rejects(andOtpImporter.read({ bytes: hostile, password: "pw" }), reason("unsupported"));
  });

  test("andOTP: old exports without issuer split 'Issuer - Label'; unknown types skipped", async () => {
    const entries = [
      { secret: V.deno.secret, label: "Deno - Mason", digits: 6, type: "TOTP", algorithm: "SHA1", period: 30 },
      { secret: V.deno.secret, issuer: "Yandex", label: "y", digits: 8, type: "YAOTP", algorithm: "SHA256", period: 30 },
    ];
    const r = await andOtpImporter.read({ bytes: Buffer.from(JSON.stringify(entries)) });
    assert.deepEqual(sorted(r.entries), [V.deno]);
    assert.deepEqual(r.skipped.map((s) => s.name), ["Yandex / y"]);
    await assert.rejects(andOtpImporter.read({ bytes: Buffer.from('[{"secret":') }), reason("corrupt"));
  });

  test("Bitwarden password-protected, PBKDF2 and Argon2id; logins without TOTP are not entries", async () => {
    for (const kdf of [{ kdfType: 0, kdfIterations: 5000 } as const, { kdfType: 1, kdfIterations: 1, kdfMemory: 16, kdfParallelism: 2 } as const]) {
      const bytes = await writeBitwardenProtected(BITWARDEN_INNER, "correct horse", kdf);
      assert.ok(bitwardenImporter.detect({ bytes }));
      const r = await bitwardenImporter.read({ bytes, password: "correct horse" });
      assert.equal(r.format, "bitwarden-encrypted");
      assert.deepEqual(sorted(r.entries), sorted([github(), V.deno]));
      assert.equal(r.entries.find((e) => e.issuer === "Deno")?.note, "Deno item");
      assert.deepEqual(r.skipped.map((s) => s.name), ["Broken"]);
      assert.match(r.skipped[0]!.reason, /Base32/);
      await assert.rejects(bitwardenImporter.read({ bytes, password: "correct horse " }), reason("wrong-password"));
      await assert.rejects(bitwardenImporter.read({ bytes }), reason("password-required"));
    }
  });

  test("Bitwarden: hostile KDF settings, account-restricted exports, damaged data", async () => {
    const started = Date.now();
    const greedy = await writeBitwardenProtected(BITWARDEN_INNER, "pw", { kdfType: 1, kdfIterations: 3, kdfMemory: 65536, kdfParallelism: 4 }, { skipDerive: true });
    await assert.rejects(bitwardenImporter.read({ bytes: greedy, password: "pw" }), reason("unsupported"));
    const slow = await writeBitwardenProtected(BITWARDEN_INNER, "pw", { kdfType: 0, kdfIterations: 100_000_000 }, { skipDerive: true });
    await assert.rejects(bitwardenImporter.read({ bytes: slow, password: "pw" }), reason("unsupported"));
    assert.ok(Date.now() - started < 1000);
    const restricted = { encrypted: true, encKeyValidation_DO_NOT_EDIT: "2.x|y|z", items: [] };
    await assert.rejects(bitwardenImporter.read({ bytes: Buffer.from(JSON.stringify(restricted)), password: "pw" }), reason("unsupported", /Password protected/));
    const good = JSON.parse((await writeBitwardenProtected(BITWARDEN_INNER, "pw", { kdfType: 0, kdfIterations: 5000 })).toString()) as Record<string, string>;
    const [iv, ct, mac] = good.data!.slice(2).split("|");
    const flipped = Buffer.from(ct!, "base64");
    flipped[0] = (flipped[0] ?? 0) ^ 1;
    const damaged = Buffer.from(JSON.stringify({ ...good, data: `2.${iv}|${flipped.toString("base64")}|${mac}` }));
    await assert.rejects(bitwardenImporter.read({ bytes: damaged, password: "pw" }), reason("corrupt"));
    await assert.rejects(bitwardenImporter.read({ bytes: Buffer.from(JSON.stringify({ ...good, data: "2.abc" })), password: "pw" }), reason("corrupt"));
  });

  test("Bitwarden CSV: quoted fields, other item types, a cut-short file", async () => {
    const csv = [
      "folder,favorite,type,name,notes,fields,reprompt,login_uri,login_username,login_password,login_totp",
      ',,login,GitHub,"multi\nline, note",,0,https://github.com,malik,"p""w",JBSWY3DPEHPK3PXP',
      ",,note,Secure note,text,,0,,,,",
      ",,login,Plain login,,,0,https://x,u,p,",
    ].join("\r\n");
    const r = await bitwardenImporter.read({ bytes: Buffer.from(`\uFEFF${csv}`) });
    assert.equal(r.format, "bitwarden-csv");
    assert.deepEqual(sorted(r.entries), [github()]);
    assert.deepEqual(r.skipped, []);
    await assert.rejects(bitwardenImporter.read({ bytes: Buffer.from(`${csv}\n,,login,"unterminated`) }), reason("corrupt"));
    assert.deepEqual(parseCsv('a,"b,c"\n"d""e",\n'), [["a", "b,c"], ['d"e', ""]]);
  });

  test("otpauth list: bad lines skipped with line numbers, comments and blanks ignored, comma-joined URIs split", async () => {
    const text = [
      "# my codes",
      "otpauth://totp/Deno:Mason?secret=4SJHB4GSD43FZBAI7C2HLRJGPQ&issuer=Deno,otpauth://steam/Boeing:Sophia?secret=JRZCL47CMXVOQMNPZR2F7J4RGI&issuer=Boeing",
      "",
      "otpauth://totp/Broken:Thing?secret=0000",
      "https://example.com",
      "otpauth-migration://offline?data=CjEKCkhlbGxv",
      "otpauth://totp/Ente:x?secret=JBSWY3DPEHPK3PXP&codeDisplay=%7B%22trashed%22%3Atrue%2C%22note%22%3A%22old%20phone%22%7D",
    ].join("\n");
    const r = await otpauthListImporter.read({ bytes: Buffer.from(text) });
    assert.equal(r.format, "ente-auth-plain");
    assert.deepEqual(sorted(r.entries).map((e) => e.issuer), ["Boeing", "Deno", "Ente"]);
    assert.equal(r.entries.find((e) => e.issuer === "Ente")?.note, "old phone\nIn Ente Auth's trash when exported.");
    assert.deepEqual(r.skipped.map((s) => s.name), ["line 4 (Broken:Thing)", "line 5", "line 6"]);
    assert.ok(r.skipped.every((s) => !s.reason.includes("0000")));
    await assert.rejects(otpauthListImporter.read({ bytes: Buffer.from("nothing here") }), reason("unknown-format"));
  });

  test("FreeOTP+, Proton and Steam: malformed entries skipped, wrong shapes refused", async () => {
    const free = { tokenOrder: [], tokens: [{ type: "TOTP", algo: null, label: "a", issuerExt: "X", secret: [1, 2, 300], digits: 6, period: 30 }, { type: "HOTP", algo: "SHA1", label: "b", issuerInt: "Y", secret: [-1, 0, 127, -128, 5], digits: 6, counter: 0 }] };
    const fr = await freeOtpPlusImporter.read({ bytes: Buffer.from(JSON.stringify(free)) });
    assert.deepEqual(fr.skipped.map((s) => s.name), ["X / a"]);
    assert.deepEqual(fr.entries.map((e) => [e.issuer, e.secret, e.counter]), [["Y", "74AH7AAF", 1]]);

    const proton = { version: 1, entries: [{ id: "1", content: { uri: "steam://JRZCL47CMXVOQMNPZR2F7J4RGI", entry_type: "Steam", name: "gaben" }, note: "n" }, { id: "2", content: { uri: "", entry_type: "Totp", name: "empty" }, note: null }] };
    const pr = await protonAuthenticatorImporter.read({ bytes: Buffer.from(JSON.stringify(proton)) });
    assert.deepEqual(pr.entries.map((e) => [e.type, e.issuer, e.account, e.note]), [["steam", "Steam", "gaben", "n"]]);
    assert.deepEqual(pr.skipped.map((s) => s.name), ["empty"]);
    await assert.rejects(protonAuthenticatorImporter.read({ bytes: Buffer.from('{"version":1,') }), reason("corrupt"));

    const sda = { shared_secret: Buffer.from("0123456789abcdefghij").toString("base64"), account_name: "gaben", identity_secret: "x" };
    const st = await steamImporter.read({ bytes: Buffer.from(JSON.stringify(sda)) });
    assert.deepEqual(st.entries.map((e) => [e.type, e.issuer, e.account, e.secret]), [["steam", "Steam", "gaben", "GAYTEMZUGU3DOOBZMFRGGZDFMZTWQ2LK"]]);
    const bad = await steamImporter.read({ bytes: Buffer.from(JSON.stringify({ ...sda, shared_secret: "!!" })) });
    assert.deepEqual(bad.skipped.map((s) => s.name), ["gaben"]);
    await assert.rejects(steamImporter.read({ bytes: Buffer.from("{}") }), reason("unknown-format"));
  });

  test("mutated and truncated files never crash: a result or an OtpImportError", async () => {
    let seed = 12345;
    const rand = (n: number) => {
      seed = (seed * 1103515245 + 12345) & 0x7fffffff;
      return seed % n;
    };
    const googleImporter: OtpImporter = { format: "g", label: "g", detect: () => true, read: (input) => importGoogleMigration([input]) };
    const fixture = (f: string) => readFileSync(path.join(AEGIS_FIXTURES, f));
    const subjects: [OtpImporter, Buffer, string?][] = [
      [otpauthListImporter, fixture("ente_auth.txt")],
      [aegisImporter, fixture("aegis_plain.json")],
      [aegisImporter, writeAegisEncrypted(AEGIS_DB, "pw", { n: 1 << 10 }), "pw"],
      [andOtpImporter, fixture("andotp_plain.json")],
      [andOtpImporter, writeAndOtpEncrypted([{ secret: V.deno.secret, type: "TOTP", label: "x" }], "pw", 10), "pw"],
      [freeOtpPlusImporter, fixture("freeotp_plus.json")],
      [protonAuthenticatorImporter, fixture("proton_authenticator.json")],
      [steamImporter, fixture("steam.json")],
      [bitwardenImporter, fixture("bitwarden.json")],
      [bitwardenImporter, fixture("bitwarden.csv")],
      [bitwardenImporter, await writeBitwardenProtected(BITWARDEN_INNER, "pw", { kdfType: 0, kdfIterations: 10 }), "pw"],
      [googleImporter, Buffer.from("otpauth-migration://offline?data=CjEKCkhlbGxvId6tvu8SGEV4YW1wbGU6YWxpY2VAZ29vZ2xlLmNvbRoHRXhhbXBsZTAC")],
    ];
    for (const [importer, original, password] of subjects) {
      for (let round = 0; round < 60; round++) {
        const bytes = Buffer.from(original);
        const kind = rand(3);
        let input = bytes;
        if (kind === 0) input = bytes.subarray(0, rand(bytes.length));
        else {
          for (let k = 0; k <= rand(4); k++) {
            const at = rand(bytes.length);
            bytes[at] = kind === 1 ? rand(256) : (bytes[at] ?? 0) ^ (1 << rand(8));
          }
        }
        try {
          const r = await importer.read({ bytes: input, password });
          assert.ok(Array.isArray(r.entries) && Array.isArray(r.skipped));
        } catch (err) {
          assert.ok(err instanceof OtpImportError, `${importer.format} round ${round}: ${String(err)}`);
        }
      }
    }
  });
});
