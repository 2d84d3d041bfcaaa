// Every real export file in ../shared/fixtures/otp/aegis that this set of importers handles
// imports to exactly the entries MANIFEST.md lists (with each format's coercions), nothing is
// skipped, the codes match oathtool, and encrypted files need the right password.
import assert from "node:assert/strict";
import { readFileSync, readdirSync } from "node:fs";
import path from "node:path";
import { describe, test } from "node:test";
import type { OtpEntry } from "../../shared/vault-types.js";
import { codeFor } from "../../electron/engine/vault/otp/otp-codes.js";
import type { OtpImporter } from "../../electron/engine/vault/otp/importers/otp-importer.js";
import { OtpImportError } from "../../electron/engine/vault/otp/importers/otp-import-error.js";
import { aegisImporter } from "../../electron/engine/vault/otp/importers/aegis.js";
import { andOtpImporter } from "../../electron/engine/vault/otp/importers/andotp.js";
import { bitwardenImporter } from "../../electron/engine/vault/otp/importers/bitwarden.js";
import { freeOtpPlusImporter } from "../../electron/engine/vault/otp/importers/freeotp-plus.js";
import { googleMigrationImporter } from "../../electron/engine/vault/otp/importers/google-migration.js";
import { otpauthListImporter } from "../../electron/engine/vault/otp/importers/otpauth-list.js";
import { protonAuthenticatorImporter } from "../../electron/engine/vault/otp/importers/proton-authenticator.js";
import { steamImporter } from "../../electron/engine/vault/otp/importers/steam.js";
import { oathtool } from "../helpers/oathtool.js";
import { AEGIS_FIXTURES, ALL_AEGIS_VECTORS, AEGIS_VECTORS as V, sorted } from "../helpers/otp-aegis-vectors.js";

const MINE: OtpImporter[] = [otpauthListImporter, aegisImporter, andOtpImporter, freeOtpPlusImporter, protonAuthenticatorImporter, steamImporter, bitwardenImporter, googleMigrationImporter];

interface Case {
  file: string;
  importer: OtpImporter;
  password?: string;
  format: string;
  expected: OtpEntry[];
  /** Notes expected on entries, by secret. */
  notes?: Record<string, string>;
}

const CASES: Case[] = [
  { file: "plain.txt", importer: otpauthListImporter, format: "otpauth-list", expected: ALL_AEGIS_VECTORS },
  { file: "ente_auth.txt", importer: otpauthListImporter, format: "ente-auth-plain", expected: ALL_AEGIS_VECTORS },
  { file: "aegis_plain.json", importer: aegisImporter, format: "aegis-plain", expected: ALL_AEGIS_VECTORS },
  { file: "aegis_encrypted.json", importer: aegisImporter, password: "test", format: "aegis-encrypted", expected: ALL_AEGIS_VECTORS },
  { file: "andotp_plain.json", importer: andOtpImporter, format: "andotp-plain", expected: ALL_AEGIS_VECTORS },
  { file: "andotp_encrypted.bin", importer: andOtpImporter, password: "test", format: "andotp-encrypted", expected: ALL_AEGIS_VECTORS },
  // FreeOTP+ has no Steam; its stored counters are one less (the importer adds it back).
  { file: "freeotp_plus.json", importer: freeOtpPlusImporter, format: "freeotp-plus", expected: ALL_AEGIS_VECTORS.filter((e) => e.type !== "steam") },
  // This Proton export holds the three TOTP entries only.
  { file: "proton_authenticator.json", importer: protonAuthenticatorImporter, format: "proton-authenticator", expected: [V.deno, V.spdx, V.airbnb] },
  // The Steam app knows only itself: issuer "Steam", account from account_name.
  { file: "steam.json", importer: steamImporter, format: "steam", expected: [{ ...V.boeing, issuer: "Steam" }] },
  // Bitwarden: three otpauth URIs and a steam://SECRET, which carries no names: issuer "Steam",
  // account the item name. Item names ("Test 1"…) are kept as notes.
  {
    file: "bitwarden.json",
    importer: bitwardenImporter,
    format: "bitwarden-json",
    expected: [V.deno, V.spdx, V.airbnb, { ...V.boeing, issuer: "Steam", account: "Test Steam" }],
    notes: { [V.deno.secret]: "Test 1", [V.spdx.secret]: "Test 2", [V.airbnb.secret]: "Test 3" },
  },
  {
    file: "bitwarden.csv",
    importer: bitwardenImporter,
    format: "bitwarden-csv",
    expected: [V.deno, V.spdx, V.airbnb, { ...V.boeing, issuer: "Steam", account: "Test 4" }],
    notes: { [V.deno.secret]: "Test 1", [V.spdx.secret]: "Test 2", [V.airbnb.secret]: "Test 3" },
  },
];

function fixture(name: string): Buffer {
  return readFileSync(path.join(AEGIS_FIXTURES, name));
}

// Reference codes from oathtool, memoised per distinct OTP definition (the fixtures share them).
const TIMES = [59, 1_111_111_109, 1_700_000_000, 2_000_000_000];
const refCache = new Map<string, string[]>();
function referenceCodes(e: OtpEntry): string[] {
  const key = JSON.stringify([e.type, e.secret, e.algorithm, e.digits, e.period, e.counter]);
  let codes = refCache.get(key);
  if (!codes) {
    codes =
      e.type === "hotp"
        ? oathtool({ secret: e.secret, algorithm: e.algorithm, digits: e.digits, counter: e.counter })
        : TIMES.map((t) => oathtool({ secret: e.secret, algorithm: e.algorithm, digits: e.digits, period: e.period, atSeconds: t })[0]!);
    refCache.set(key, codes);
  }
  return codes;
}

describe("OTP importers on the real export fixtures", () => {
  for (const c of CASES) {
    test(`${c.file} → ${c.expected.length} entries`, async () => {
      const bytes = fixture(c.file);
      assert.deepEqual(
        MINE.filter((i) => i.detect({ bytes, fileName: c.file })).map((i) => i.format),
        [c.importer.format],
        "exactly its own importer claims the file",
      );
      const result = await c.importer.read({ bytes, fileName: c.file, password: c.password });
      assert.equal(result.format, c.format);
      assert.deepEqual(result.skipped, []);
      assert.deepEqual(sorted(result.entries), sorted(c.expected));
      for (const e of result.entries) {
        assert.equal(e.origin, c.format);
        assert.equal(e.note, c.notes?.[e.secret], `note of ${e.issuer}/${e.account}`);
        // Codes: TOTP against oathtool at several times, HOTP at the current counter; Steam is
        // covered by the Steam vectors in otp-codes.test.ts, here its expected string.
        if (e.type === "steam") assert.equal(codeFor(e, 1_700_000_000_000).code, "747JR");
        else if (e.type === "hotp") assert.equal(codeFor(e, 0).code, referenceCodes(e)[0]);
        else TIMES.forEach((t, i) => assert.equal(codeFor(e, t * 1000).code, referenceCodes(e)[i], `${e.issuer} at ${t}`));
      }
    });
  }

  test("the fixtures of other formats (2FAS, Stratum, databases) are claimed by none of these importers", () => {
    const mine = new Set(CASES.map((c) => c.file));
    for (const file of readdirSync(AEGIS_FIXTURES).filter((f) => !mine.has(f) && f !== "MANIFEST.md")) {
      const bytes = fixture(file);
      assert.deepEqual(MINE.filter((i) => i.detect({ bytes })).map((i) => i.format), [], file);
    }
  });

  for (const [file, importer] of [["aegis_encrypted.json", aegisImporter], ["andotp_encrypted.bin", andOtpImporter]] as const) {
    test(`${file}: missing and wrong passwords, truncation`, async () => {
      const bytes = fixture(file);
      const reason = (r: string) => (err: unknown) => err instanceof OtpImportError && err.reason === r && !err.message.includes("test");
      await assert.rejects(importer.read({ bytes }), reason("password-required"));
      await assert.rejects(importer.read({ bytes, password: "" }), reason("password-required"));
      await assert.rejects(importer.read({ bytes, password: "Test" }), reason("wrong-password"));
      // Cut short: Aegis's JSON no longer parses (corrupt); andOTP's GCM tag is gone, which AES-GCM
      // cannot tell from a wrong password, so it says both.
      const cut = bytes.subarray(0, Math.floor(bytes.length * 0.7));
      if (importer === aegisImporter) await assert.rejects(importer.read({ bytes: cut, password: "test" }), reason("corrupt"));
      else await assert.rejects(importer.read({ bytes: cut, password: "test" }), (err: unknown) => err instanceof OtpImportError && err.reason === "wrong-password" && /damaged/.test(err.message));
      await assert.rejects(importer.read({ bytes: bytes.subarray(0, 20), password: "test" }), reason("corrupt"));
    });
  }

  test("aegis_encrypted.json with its data damaged but the right password: corrupt, nothing imported", async () => {
    const doc = JSON.parse(fixture("aegis_encrypted.json").toString()) as { db: string };
    const db = Buffer.from(doc.db, "base64");
    db[10] = (db[10] ?? 0) ^ 1;
    const bytes = Buffer.from(JSON.stringify({ ...doc, db: db.toString("base64") }));
    await assert.rejects(aegisImporter.read({ bytes, password: "test" }), (err: unknown) => err instanceof OtpImportError && err.reason === "corrupt");
  });

  test("plain fixtures ignore a password given by mistake", async () => {
    const r = await aegisImporter.read({ bytes: fixture("aegis_plain.json"), password: "whatever" });
    assert.equal(r.entries.length, 7);
  });
});
