// The second set of OTP importers (2FAS, Stratum, Ente Auth encrypted, Google and Microsoft
// Authenticator databases) and the format registry: every real export file in
// ../shared/fixtures/otp/aegis of these formats imports to exactly the entries MANIFEST.md lists,
// with each format's coercions; encrypted files need the right password; KDF settings read from a
// file are capped; and importOtpFile detects every fixture, removes duplicates and explains what it
// cannot read. Formats without a public fixture here (Ente encrypted, Stratum legacy, Microsoft's
// personal-account rows) are written by test/helpers/otp-export-writers-b.ts from the same specs.
import assert from "node:assert/strict";
import { readFileSync, readdirSync } from "node:fs";
import path from "node:path";
import { describe, test } from "node:test";
import type { OtpEntry, OtpImportResult } from "../../shared/vault-types.js";
import { codeFor } from "../../electron/engine/vault/otp/otp-codes.js";
import { base32Encode } from "../../electron/engine/vault/otp/base32.js";
import { OTP_IMPORTERS, detectOtpFormat, importOtpFile } from "../../electron/engine/vault/otp/import-otp-file.js";
import type { OtpImporter } from "../../electron/engine/vault/otp/importers/otp-importer.js";
import { OtpImportError, type OtpImportErrorCode } from "../../electron/engine/vault/otp/importers/otp-import-error.js";
import { enteImporter } from "../../electron/engine/vault/otp/importers/ente.js";
import { googleAuthenticatorDbImporter } from "../../electron/engine/vault/otp/importers/google-authenticator-db.js";
import { microsoftAuthenticatorDbImporter } from "../../electron/engine/vault/otp/importers/microsoft-authenticator-db.js";
import { stratumImporter } from "../../electron/engine/vault/otp/importers/stratum.js";
import { twoFasImporter } from "../../electron/engine/vault/otp/importers/twofas.js";
import { oathtool } from "../helpers/oathtool.js";
import { AEGIS_FIXTURES, ALL_AEGIS_VECTORS, AEGIS_VECTORS as V, sorted } from "../helpers/otp-aegis-vectors.js";
import {
  GOOGLE_ACCOUNTS_SQL,
  MICROSOFT_ACCOUNTS_SQL,
  TWOFAS_REFERENCE,
  twoFasKey,
  twoFasOpen,
  writeEnteEncrypted,
  writeSqlite,
  writeStratumLegacy,
  writeTwoFasEncrypted,
} from "../helpers/otp-export-writers-b.js";

const MINE: OtpImporter[] = [twoFasImporter, stratumImporter, enteImporter, googleAuthenticatorDbImporter, microsoftAuthenticatorDbImporter];

function fixture(name: string): Buffer {
  return readFileSync(path.join(AEGIS_FIXTURES, name));
}

/** What a format that only knows TOTP SHA1/6/30 makes of an entry. */
function asDefaultTotp(e: OtpEntry): OtpEntry {
  return { ...e, type: "totp", algorithm: "SHA1", digits: 6, period: 30, counter: 0 };
}

/** Google Authenticator's app: TOTP and HOTP, but always SHA1 / 6 digits / 30 s. */
function asGoogleApp(e: OtpEntry): OtpEntry {
  return { ...e, algorithm: "SHA1", digits: 6, period: 30 };
}

/** 2FAS schema 2: algorithm, digits and period, but every entry is a TOTP. */
function asTwoFasV2(e: OtpEntry): OtpEntry {
  return { ...e, type: "totp", period: e.type === "hotp" ? 30 : e.period, counter: 0 };
}

interface Case {
  file: string;
  importer: OtpImporter;
  password?: string;
  format: string;
  expected: OtpEntry[];
}

const V2 = [V.deno, V.airbnb, V.issuu, V.wwe].map(asTwoFasV2);
const V3 = [V.deno, V.spdx, V.airbnb, V.issuu, V.airCanada, V.wwe];
const V4 = [V.deno, V.issuu, V.airCanada, V.wwe, V.boeing];

const CASES: Case[] = [
  // Schema 1 knows only TOTP SHA1/6/30; the file holds the six non-Steam vectors.
  { file: "2fas_authenticator.json", importer: twoFasImporter, format: "2fas-v1", expected: [V.deno, V.spdx, V.airbnb, V.issuu, V.airCanada, V.wwe].map(asDefaultTotp) },
  { file: "2fas_authenticator_plain.2fas", importer: twoFasImporter, format: "2fas-v2", expected: V2 },
  { file: "2fas_authenticator_encrypted.2fas", importer: twoFasImporter, password: "test", format: "2fas-v2-encrypted", expected: V2 },
  { file: "2fas_authenticator_plain_v3.2fas", importer: twoFasImporter, format: "2fas-v3", expected: V3 },
  { file: "2fas_authenticator_encrypted_v3.2fas", importer: twoFasImporter, password: "test", format: "2fas-v3-encrypted", expected: V3 },
  { file: "2fas_authenticator_plain_v4.2fas", importer: twoFasImporter, format: "2fas-v4", expected: V4 },
  { file: "2fas_authenticator_encrypted_v4.2fas", importer: twoFasImporter, password: "test", format: "2fas-v4-encrypted", expected: V4 },
  { file: "stratum_plain.json", importer: stratumImporter, format: "stratum-plain", expected: ALL_AEGIS_VECTORS },
  { file: "stratum_encrypted.bin", importer: stratumImporter, password: "test", format: "stratum-encrypted", expected: ALL_AEGIS_VECTORS },
  // No Steam in Google Authenticator; HOTP counters are kept.
  { file: "google_authenticator.sqlite", importer: googleAuthenticatorDbImporter, format: "google-authenticator-db", expected: ALL_AEGIS_VECTORS.filter((e) => e.type !== "steam").map(asGoogleApp) },
  // All seven stored as account_type 0 (third-party TOTP): SHA1/6/30.
  { file: "microsoft_authenticator.sqlite", importer: microsoftAuthenticatorDbImporter, format: "microsoft-authenticator-db", expected: ALL_AEGIS_VECTORS.map(asDefaultTotp) },
];

/** Other importers' fixtures and the format each must be read as through importOtpFile. */
const OTHER_FIXTURES: Record<string, string> = {
  "plain.txt": "otpauth-list",
  "ente_auth.txt": "ente-auth-plain",
  "aegis_plain.json": "aegis-plain",
  "aegis_encrypted.json": "aegis-encrypted",
  "andotp_plain.json": "andotp-plain",
  "andotp_encrypted.bin": "andotp-encrypted",
  "bitwarden.json": "bitwarden-json",
  "bitwarden.csv": "bitwarden-csv",
  "freeotp_plus.json": "freeotp-plus",
  "proton_authenticator.json": "proton-authenticator",
  "steam.json": "steam",
};

function isImportError(reason: OtpImportErrorCode, also?: (e: OtpImportError) => boolean) {
  return (err: unknown): boolean => {
    assert.ok(err instanceof OtpImportError, `expected an OtpImportError, got ${String(err)}`);
    assert.equal(err.reason, reason, err.message);
    // Messages never carry the password or a secret.
    assert.ok(!/\btest\b/.test(err.message), err.message);
    for (const v of ALL_AEGIS_VECTORS) assert.ok(!err.message.includes(v.secret), err.message);
    if (also) assert.ok(also(err), err.message);
    return true;
  };
}

const TIMES = [59, 1_111_111_109, 1_700_000_000, 2_000_000_000];

/** TOTP codes against oathtool at several times, HOTP at its counter; Steam by its known code. */
function checkCodes(entries: OtpEntry[]): void {
  for (const e of entries) {
    if (e.type === "steam") assert.equal(codeFor(e, 1_700_000_000_000).code, "747JR");
    else if (e.type === "hotp") assert.equal(codeFor(e, 0).code, oathtool({ secret: e.secret, algorithm: e.algorithm, digits: e.digits, counter: e.counter })[0]);
    else for (const t of TIMES) assert.equal(codeFor(e, t * 1000).code.slice(-8), oathtool({ secret: e.secret, algorithm: e.algorithm, digits: e.digits, period: e.period, atSeconds: t })[0], `${e.issuer} at ${t}`);
  }
}

describe("OTP importers B on the real export fixtures", () => {
  for (const c of CASES) {
    test(`${c.file} → ${c.expected.length} entries (${c.format})`, async () => {
      const bytes = fixture(c.file);
      assert.deepEqual(
        OTP_IMPORTERS.filter((i) => i.detect({ bytes })).map((i) => i.format),
        [c.importer.format],
        "exactly its own importer claims the file",
      );
      const result = await c.importer.read({ bytes, fileName: c.file, password: c.password });
      assert.equal(result.format, c.format);
      assert.deepEqual(result.skipped, []);
      assert.deepEqual(sorted(result.entries), sorted(c.expected));
      for (const e of result.entries) assert.equal(e.origin, c.format);
      checkCodes(result.entries);
      // The registry reads it the same way.
      const viaRegistry = await importOtpFile({ bytes, fileName: c.file, password: c.password });
      assert.deepEqual(viaRegistry, result);
    });
  }

  test("none of these importers claims the other formats' fixtures", () => {
    for (const file of Object.keys(OTHER_FIXTURES)) {
      const bytes = fixture(file);
      assert.deepEqual(MINE.filter((i) => i.detect({ bytes })).map((i) => i.format), [], file);
    }
  });
});

describe("2FAS passwords and damage", () => {
  for (const file of ["2fas_authenticator_encrypted.2fas", "2fas_authenticator_encrypted_v3.2fas", "2fas_authenticator_encrypted_v4.2fas"]) {
    test(`${file}: missing, empty and wrong passwords`, async () => {
      const bytes = fixture(file);
      await assert.rejects(twoFasImporter.read({ bytes }), isImportError("password-required"));
      await assert.rejects(twoFasImporter.read({ bytes, password: "" }), isImportError("password-required"));
      await assert.rejects(twoFasImporter.read({ bytes, password: "Test" }), isImportError("wrong-password"));
      await assert.rejects(importOtpFile({ bytes, password: "tset" }), isImportError("wrong-password"));
    });
  }

  test("the fixtures' reference field decrypts to 2FAS's published constant, with the services' salt", () => {
    for (const file of ["2fas_authenticator_encrypted.2fas", "2fas_authenticator_encrypted_v3.2fas", "2fas_authenticator_encrypted_v4.2fas"]) {
      const doc = JSON.parse(fixture(file).toString()) as { servicesEncrypted: string; reference: string };
      const salt = Buffer.from(doc.servicesEncrypted.split(":")[1]!, "base64");
      assert.equal(salt.length, 256, "2FAS salts are 256 bytes");
      assert.equal(doc.reference.split(":")[1], doc.servicesEncrypted.split(":")[1]);
      assert.equal(twoFasOpen(twoFasKey("test", salt), doc.reference), TWOFAS_REFERENCE);
    }
  });

  test("right password, damaged accounts: corrupt when the reference proves the password, else wrong-password", async () => {
    const doc = JSON.parse(fixture("2fas_authenticator_encrypted_v4.2fas").toString()) as Record<string, string>;
    const [data, salt, iv] = doc.servicesEncrypted!.split(":");
    const ct = Buffer.from(data!, "base64");
    ct[5] = ct[5]! ^ 0x40;
    const damaged: Record<string, string> = { ...doc, servicesEncrypted: [ct.toString("base64"), salt, iv].join(":") };
    await assert.rejects(twoFasImporter.read({ bytes: Buffer.from(JSON.stringify(damaged)), password: "test" }), isImportError("corrupt"));
    const { reference: _drop, ...noReference } = damaged;
    await assert.rejects(twoFasImporter.read({ bytes: Buffer.from(JSON.stringify(noReference)), password: "test" }), isImportError("wrong-password", (e) => /damaged/.test(e.message)));
    // Without a reference but intact, the file still opens (Aegis-written files may lack it).
    const { reference: _r, ...intactNoReference } = doc;
    assert.equal((await twoFasImporter.read({ bytes: Buffer.from(JSON.stringify(intactNoReference)), password: "test" })).entries.length, 5);
  });

  test("a newer schema is unsupported; a missing one is corrupt; cut short is corrupt", async () => {
    const doc = JSON.parse(fixture("2fas_authenticator_plain_v4.2fas").toString()) as Record<string, unknown>;
    await assert.rejects(twoFasImporter.read({ bytes: Buffer.from(JSON.stringify({ ...doc, schemaVersion: 5 })) }), isImportError("unsupported"));
    await assert.rejects(twoFasImporter.read({ bytes: Buffer.from(JSON.stringify({ ...doc, schemaVersion: "x" })) }), isImportError("corrupt"));
    const bytes = fixture("2fas_authenticator_encrypted_v3.2fas");
    await assert.rejects(twoFasImporter.read({ bytes: bytes.subarray(0, bytes.length - 40), password: "test" }), isImportError("corrupt"));
  });

  test("a hostile salt size is refused before any key derivation", async () => {
    const services = JSON.parse(fixture("2fas_authenticator_plain_v4.2fas").toString()).services as unknown[];
    const bytes = writeTwoFasEncrypted(services, "pw", { salt: Buffer.alloc(64 * 1024, 7) });
    await assert.rejects(twoFasImporter.read({ bytes, password: "pw" }), isImportError("corrupt"));
    // The writer itself is right: the same with a normal salt opens.
    assert.equal((await twoFasImporter.read({ bytes: writeTwoFasEncrypted(services, "pw"), password: "pw" })).entries.length, 5);
  });

  test("unknown token types and bad algorithms are skipped with a reason, the rest imported", async () => {
    const doc = JSON.parse(fixture("2fas_authenticator_plain_v4.2fas").toString()) as { services: Record<string, unknown>[] };
    const s0 = doc.services[0]!;
    doc.services.push({ ...s0, name: "Weird", otp: { ...(s0.otp as object), tokenType: "YANDEX" } });
    doc.services.push({ ...s0, name: "Algo", otp: { ...(s0.otp as object), algorithm: "SHA3" } });
    const r = await twoFasImporter.read({ bytes: Buffer.from(JSON.stringify(doc)) });
    assert.equal(r.entries.length, 5);
    assert.deepEqual(r.skipped.map((s) => s.name), ["Weird / Mason", "Algo / Mason"]);
  });
});

describe("Stratum passwords, legacy format", () => {
  test("stratum_encrypted.bin: missing and wrong passwords, truncation", async () => {
    const bytes = fixture("stratum_encrypted.bin");
    await assert.rejects(stratumImporter.read({ bytes }), isImportError("password-required"));
    await assert.rejects(stratumImporter.read({ bytes, password: "Test" }), isImportError("wrong-password"));
    await assert.rejects(stratumImporter.read({ bytes: bytes.subarray(0, 40), password: "test" }), isImportError("corrupt"));
  });

  test("legacy (PBKDF2-SHA1 + AES-CBC) backup: imports the same 7 entries; wrong password refused", async () => {
    const doc = JSON.parse(fixture("stratum_plain.json").toString()) as unknown;
    const bytes = writeStratumLegacy(doc, "test");
    assert.equal(detectOtpFormat({ bytes })?.format, "stratum");
    const r = await importOtpFile({ bytes, password: "test" });
    assert.equal(r.format, "stratum-encrypted-legacy");
    assert.deepEqual(sorted(r.entries), sorted(ALL_AEGIS_VECTORS));
    await assert.rejects(importOtpFile({ bytes, password: "nope" }), isImportError("wrong-password"));
    await assert.rejects(importOtpFile({ bytes }), isImportError("password-required"));
    await assert.rejects(importOtpFile({ bytes: bytes.subarray(0, bytes.length - 5), password: "test" }), isImportError("corrupt"));
  });

  test("mOTP and Yandex entries are skipped with a reason", async () => {
    const doc = JSON.parse(fixture("stratum_plain.json").toString()) as { Authenticators: Record<string, unknown>[] };
    doc.Authenticators.push({ ...doc.Authenticators[0], Type: 3, Issuer: "Mobile" }, { ...doc.Authenticators[0], Type: 5, Issuer: "Yandex" });
    const r = await stratumImporter.read({ bytes: Buffer.from(JSON.stringify(doc)) });
    assert.equal(r.entries.length, 7);
    assert.deepEqual(r.skipped.map((s) => s.name), ["Mobile / Mason", "Yandex / Mason"]);
    assert.match(r.skipped[0]!.reason, /mOTP/);
  });
});

describe("Ente Auth encrypted export", () => {
  const text = fixture("ente_auth.txt").toString("utf8");

  for (const tag of ["final", "message"] as const) {
    test(`imports the 7 entries (secretstream tag ${tag.toUpperCase()})`, async () => {
      // Two lengths, so the secretstream MAC's padding is exercised (1696 bytes is a multiple of 16).
      const bytes = writeEnteEncrypted(tag === "final" ? text : `${text}\n\n\n`, "correct horse", { tag, memLimit: 1024 * 1024, opsLimit: 2 });
      assert.deepEqual(OTP_IMPORTERS.filter((i) => i.detect({ bytes })).map((i) => i.format), ["ente"]);
      const r = await importOtpFile({ bytes, password: "correct horse" });
      assert.equal(r.format, "ente-encrypted");
      assert.deepEqual(r.skipped, []);
      assert.deepEqual(sorted(r.entries), sorted(ALL_AEGIS_VECTORS));
      for (const e of r.entries) assert.equal(e.origin, "ente-encrypted");
      checkCodes(r.entries);
    });
  }

  test("missing and wrong passwords; damaged data; newer version", async () => {
    const bytes = writeEnteEncrypted(text, "pw");
    await assert.rejects(importOtpFile({ bytes }), isImportError("password-required"));
    await assert.rejects(importOtpFile({ bytes, password: "wrong" }), isImportError("wrong-password"));
    const doc = JSON.parse(bytes.toString()) as Record<string, string>;
    const ct = Buffer.from(doc.encryptedData!, "base64");
    ct[3] = ct[3]! ^ 1;
    await assert.rejects(importOtpFile({ bytes: Buffer.from(JSON.stringify({ ...doc, encryptedData: ct.toString("base64") })), password: "pw" }), isImportError("wrong-password", (e) => /damaged/.test(e.message)));
    await assert.rejects(importOtpFile({ bytes: Buffer.from(JSON.stringify({ ...doc, encryptionNonce: "AAAA" })), password: "pw" }), isImportError("corrupt"));
    await assert.rejects(importOtpFile({ bytes: writeEnteEncrypted(text, "pw", { version: 2 }), password: "pw" }), isImportError("unsupported"));
  });

  test("an empty export opens to no entries", async () => {
    const r = await importOtpFile({ bytes: writeEnteEncrypted("", "pw"), password: "pw" });
    assert.deepEqual(r, { format: "ente-encrypted", entries: [], skipped: [] });
  });

  test("absurd KDF settings are refused at once, saying why, before any hashing", async () => {
    const doc = JSON.parse(writeEnteEncrypted(text, "pw").toString()) as { kdfParams: Record<string, unknown> };
    const hostile = [
      { memLimit: 2 * 1024 * 1024 * 1024, opsLimit: 1 }, // 2 GiB
      { memLimit: 1024 * 1024 * 1024, opsLimit: 5 }, // more work than Ente's sensitive level
      { memLimit: 64 * 1024 * 1024, opsLimit: 1_000_000 },
      { memLimit: Number.MAX_SAFE_INTEGER, opsLimit: 1 },
    ];
    for (const kdf of hostile) {
      const bytes = Buffer.from(JSON.stringify({ ...doc, kdfParams: { ...doc.kdfParams, ...kdf } }));
      const started = Date.now();
      await assert.rejects(importOtpFile({ bytes, password: "pw" }), isImportError("unsupported", (e) => /protect this computer/.test(e.message) && /1 GiB/.test(e.message)));
      assert.ok(Date.now() - started < 1000, "refused without hashing");
    }
    for (const kdf of [{ memLimit: 1.5, opsLimit: 1 }, { memLimit: 1024, opsLimit: 1 }, { memLimit: 1024 * 1024, opsLimit: 0 }, { memLimit: "1", opsLimit: 1 }]) {
      const bytes = Buffer.from(JSON.stringify({ ...doc, kdfParams: { ...doc.kdfParams, ...kdf } }));
      await assert.rejects(importOtpFile({ bytes, password: "pw" }), isImportError("corrupt"));
    }
  });
});

describe("Authenticator databases", () => {
  const base20 = Buffer.from("12345678901234567890");

  test("Microsoft: personal accounts (Base64, 8 digits), third-party TOTP, and what is skipped", async () => {
    const bytes = await writeSqlite(MICROSOFT_ACCOUNTS_SQL, "accounts", [
      { name: "Microsoft", username: "malik@outlook.com", oath_secret_key: base20.toString("base64"), account_type: 1 },
      { name: "GitHub", username: "malik", oath_secret_key: "jbsw y3dp ehpk 3pxp", account_type: 0 },
      { name: "Contoso", username: "malik@contoso.com", oath_secret_key: "", account_type: 2 },
      { name: "Work", username: "m@work.example", oath_secret_key: "JBSWY3DPEHPK3PXP", account_type: 2 },
      { name: "Locked", username: "x", oath_secret_key: "", encrypted_oath_secret_key: "AAECAw==", account_type: 0 },
      { name: "Broken", username: "y", oath_secret_key: "not base64!", account_type: 1 },
    ]);
    assert.equal(detectOtpFormat({ bytes })?.format, "microsoft-authenticator-db");
    const r = await importOtpFile({ bytes });
    assert.equal(r.format, "microsoft-authenticator-db");
    const ms = r.entries.find((e) => e.issuer === "Microsoft");
    assert.deepEqual(ms && { ...ms, origin: undefined }, { type: "totp", issuer: "Microsoft", account: "malik@outlook.com", secret: base32Encode(base20), algorithm: "SHA1", digits: 8, period: 30, counter: 0, origin: undefined });
    // RFC 6238 appendix B, SHA1, 8 digits.
    assert.equal(codeFor(ms!, 59_000).code, "94287082");
    assert.equal(codeFor(ms!, 1_111_111_109_000).code, "07081804");
    const gh = r.entries.find((e) => e.issuer === "GitHub");
    assert.equal(gh?.secret, "JBSWY3DPEHPK3PXP");
    assert.equal(gh?.digits, 6);
    assert.equal(r.entries.length, 2);
    assert.deepEqual(r.skipped.map((s) => s.name), ["Contoso / malik@contoso.com", "Work / m@work.example", "Locked / x", "Broken / y"]);
    assert.match(r.skipped[0]!.reason, /push sign-in/);
    assert.match(r.skipped[1]!.reason, /account type 2/);
    assert.match(r.skipped[2]!.reason, /stays on the phone/);
    assert.match(r.skipped[3]!.reason, /Base64/);
  });

  test("Google: issuer from the label when the column is empty; encrypted rows skipped; HOTP counter kept", async () => {
    const bytes = await writeSqlite(GOOGLE_ACCOUNTS_SQL, "accounts", [
      { email: "Example:alice@example.com", secret: "JBSWY3DPEHPK3PXP", type: 0, issuer: null },
      { email: "bob@example.com", secret: "JBSWY3DPEHPK3PXQ", type: 1, counter: 7, issuer: "Acme" },
      { email: "Hidden:carol", secret: "c29tZXRoaW5n", type: 0, isencrypted: 1 },
    ]);
    assert.equal(detectOtpFormat({ bytes })?.format, "google-authenticator-db");
    const r = await importOtpFile({ bytes });
    assert.deepEqual(
      r.entries.map(({ origin: _o, ...e }) => e),
      [
        { type: "totp", issuer: "Example", account: "alice@example.com", secret: "JBSWY3DPEHPK3PXP", algorithm: "SHA1", digits: 6, period: 30, counter: 0 },
        { type: "hotp", issuer: "Acme", account: "bob@example.com", secret: "JBSWY3DPEHPK3PXQ", algorithm: "SHA1", digits: 6, period: 30, counter: 7 },
      ],
    );
    assert.deepEqual(r.skipped.map((s) => s.name), ["Hidden / carol"]);
    assert.match(r.skipped[0]!.reason, /Transfer accounts/);
  });

  test("hostile or unrelated databases: a VIEW, computed columns, no accounts table, garbage", async () => {
    const view = await writeSqlite("CREATE TABLE t (email TEXT, secret TEXT); CREATE VIEW accounts AS WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c) SELECT 'a' AS email, 'b' AS secret FROM c;");
    await assert.rejects(googleAuthenticatorDbImporter.read({ bytes: view }), isImportError("corrupt", (e) => /not a plain table/.test(e.message)));
    const computed = await writeSqlite("CREATE TABLE accounts (email TEXT, secret TEXT, x TEXT AS (printf('%.*c', 100000000, 'x')));", "accounts", [{ email: "a", secret: "JBSWY3DPEHPK3PXP" }]);
    await assert.rejects(googleAuthenticatorDbImporter.read({ bytes: computed }), isImportError("corrupt", (e) => /computed/.test(e.message)));
    const unrelated = await writeSqlite("CREATE TABLE notes (id INTEGER, body TEXT);", "notes", [{ id: 1, body: "hello" }]);
    await assert.rejects(importOtpFile({ bytes: unrelated }), isImportError("unknown-format", (e) => /SQLite database/.test(e.message) && /PhoneFactor-wal/.test(e.message)));
    await assert.rejects(microsoftAuthenticatorDbImporter.read({ bytes: unrelated }), isImportError("corrupt", (e) => /PhoneFactor-wal/.test(e.message)));
    const garbage = Buffer.concat([Buffer.from("SQLite format 3\0", "latin1"), Buffer.alloc(5000, 0xab)]);
    await assert.rejects(microsoftAuthenticatorDbImporter.read({ bytes: garbage }), isImportError("corrupt"));
    const ms = fixture("microsoft_authenticator.sqlite");
    await assert.rejects(importOtpFile({ bytes: ms.subarray(0, 5000) }), isImportError("corrupt"));
  });
});

describe("importOtpFile: detection, duplicates, unknown files", () => {
  test("every fixture of every format is detected and read as its format", async () => {
    const expected: Record<string, string> = { ...OTHER_FIXTURES, ...Object.fromEntries(CASES.map((c) => [c.file, c.format])) };
    const files = readdirSync(AEGIS_FIXTURES).filter((f) => f !== "MANIFEST.md");
    assert.deepEqual([...files].sort(), Object.keys(expected).sort(), "every fixture has an expectation");
    for (const file of files) {
      const password = /encrypted/.test(file) ? "test" : undefined;
      // Only the cheap ones are read here; the KDF-heavy ones are read in the tests above.
      if (password && !file.startsWith("2fas")) {
        assert.ok(detectOtpFormat({ bytes: fixture(file) }), file);
        continue;
      }
      const r: OtpImportResult = await importOtpFile({ bytes: fixture(file), fileName: file, password });
      assert.equal(r.format, expected[file], file);
      assert.ok(r.entries.length > 0, file);
    }
  });

  test("the same account twice in one file is imported once and listed as a duplicate", async () => {
    const plain = fixture("plain.txt").toString("utf8");
    const r = await importOtpFile({ bytes: Buffer.from(`${plain}\n${plain}`) });
    assert.deepEqual(sorted(r.entries), sorted(ALL_AEGIS_VECTORS));
    assert.equal(r.skipped.length, 7);
    for (const s of r.skipped) assert.match(s.reason, /more than once/);
    assert.ok(r.skipped.some((s) => s.name === "Deno / Mason"));
    // A different account name with the same secret is a different entry, kept.
    const other = plain.replace("Deno:Mason", "Deno:Mason2");
    const r2 = await importOtpFile({ bytes: Buffer.from(`${plain}\n${other}`) });
    assert.equal(r2.entries.length, 8);
  });

  test("an unknown file says so and lists what Lifeboat reads", async () => {
    for (const bytes of [Buffer.from("hello world\n"), Buffer.from('{"some":"json"}'), Buffer.from([0xde, 0xad, 0xbe, 0xef, 1, 2, 3])]) {
      await assert.rejects(
        importOtpFile({ bytes }),
        isImportError("unknown-format", (e) => OTP_IMPORTERS.every((i) => e.message.includes(i.label))),
      );
    }
    await assert.rejects(importOtpFile({ bytes: Buffer.alloc(0) }), isImportError("unknown-format", (e) => /empty/.test(e.message)));
    const cut = fixture("2fas_authenticator_plain_v4.2fas").subarray(0, 500);
    await assert.rejects(importOtpFile({ bytes: cut }), isImportError("unknown-format", (e) => /not valid JSON/.test(e.message)));
  });
});
