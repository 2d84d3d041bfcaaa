import assert from "node:assert/strict";
import { createHmac } from "node:crypto";
import { describe, test } from "node:test";
import type { OtpEntry } from "../../../shared/vault-types.js";
import { base32Encode } from "../../../electron/engine/vault/otp/base32.js";
import { codeFor, hotp, steamCode, steamCodeForCounter, totp } from "../../../electron/engine/vault/otp/otp-codes.js";
import { oathtool } from "../../helpers/oathtool.js";
import { ALL_AEGIS_VECTORS, AEGIS_VECTORS } from "../../helpers/otp-aegis-vectors.js";

const RFC4226_SEED = Buffer.from("12345678901234567890");
const RFC4226_CODES = ["755224", "287082", "359152", "969429", "338314", "254676", "287922", "162583", "399871", "520489"];

// RFC 6238 appendix B, with the reference code's 20/32/64-byte seeds.
const SEEDS = {
  SHA1: "12345678901234567890",
  SHA256: "12345678901234567890123456789012",
  SHA512: "1234567890".repeat(6) + "1234",
} as const;
const RFC6238: [number, string, string, string][] = [
  [59, "94287082", "46119246", "90693936"],
  [1111111109, "07081804", "68084774", "25091201"],
  [1111111111, "14050471", "67062674", "99943326"],
  [1234567890, "89005924", "91819424", "93441116"],
  [2000000000, "69279037", "90698825", "38618901"],
  [20000000000, "65353130", "77737706", "47863826"],
];

function entryFor(seed: string, algorithm: OtpEntry["algorithm"], digits: number): OtpEntry {
  return { type: "totp", issuer: "", account: "", secret: base32Encode(Buffer.from(seed)), algorithm, digits, period: 30, counter: 0 };
}

describe("OTP codes", () => {
  test("RFC 4226 appendix D (HOTP, raw seed bytes)", () => {
    RFC4226_CODES.forEach((code, counter) => assert.equal(hotp(RFC4226_SEED, counter), code));
    assert.equal(hotp(RFC4226_SEED, 9n), "520489");
  });

  test("RFC 6238 appendix B (TOTP, SHA1/256/512, 8 digits)", () => {
    for (const [t, sha1, sha256, sha512] of RFC6238) {
      assert.equal(totp(entryFor(SEEDS.SHA1, "SHA1", 8), t * 1000).code, sha1, `SHA1 t=${t}`);
      assert.equal(totp(entryFor(SEEDS.SHA256, "SHA256", 8), t * 1000).code, sha256, `SHA256 t=${t}`);
      assert.equal(totp(entryFor(SEEDS.SHA512, "SHA512", 8), t * 1000).code, sha512, `SHA512 t=${t}`);
    }
    // The 6-digit forms KeePassXC checks.
    assert.equal(totp(entryFor(SEEDS.SHA1, "SHA1", 6), 1234567890_000).code, "005924");
    assert.equal(totp(entryFor(SEEDS.SHA1, "SHA1", 6), 1111111109_000).code, "081804");
  });

  test("validity window of a TOTP code", () => {
    const c = totp(AEGIS_VECTORS.spdx, 1_700_000_005_123);
    assert.equal(c.validFrom, 1_700_000_000_000);
    assert.equal(c.validUntil, 1_700_000_020_000);
    assert.equal(totp(AEGIS_VECTORS.spdx, 1_700_000_019_999).code, c.code);
    assert.notEqual(totp(AEGIS_VECTORS.spdx, 1_700_000_020_000).code, c.code);
  });

  test("Steam vectors (KeePassXC, from a real account)", () => {
    const steam: OtpEntry = { type: "steam", issuer: "Steam", account: "", secret: "63BEDWCQZKTQWPESARIERL5DTTQFCJTK", algorithm: "SHA1", digits: 5, period: 30, counter: 0 };
    assert.equal(codeFor(steam, 1511200518_000).code, "FR8RV");
    assert.equal(codeFor(steam, 1511200714_000).code, "9P3VP");
    assert.equal(steamCode(steam, 1511200518_000).validUntil, 1511200530_000);
  });

  test("dim13 vector and the research notes' reference codes at t = 1700000000", () => {
    const hello: OtpEntry = { type: "totp", issuer: "", account: "", secret: "JBSWY3DPEHPK3PXP", algorithm: "SHA1", digits: 6, period: 30, counter: 0 };
    assert.equal(codeFor(hello, 1257894000_000).code, "528064");
    const t = 1_700_000_000_000;
    const v = AEGIS_VECTORS;
    assert.equal(codeFor(v.deno, t).code, "790195");
    assert.equal(codeFor(v.spdx, t).code, "9993814");
    assert.equal(codeFor(v.airbnb, t).code, "65516786");
    assert.equal(codeFor(v.boeing, t).code, "747JR");
    assert.deepEqual(codeFor(v.issuu, t), { code: "253717", counter: 1 });
    assert.equal(codeFor(v.airCanada, t).code, "4444976");
    assert.equal(codeFor(v.wwe, t).code, "24622277");
  });

  test("every fixture entry matches oathtool at several times / counters", () => {
    const times = [0, 59, 1_111_111_109, 1_700_000_000, 1_999_999_999, 4_102_444_800];
    for (const entry of ALL_AEGIS_VECTORS) {
      if (entry.type === "hotp") {
        const expected = oathtool({ secret: entry.secret, algorithm: entry.algorithm, digits: entry.digits, counter: entry.counter, count: 5 });
        expected.forEach((code, i) => assert.equal(hotp(entry, entry.counter + i), code, `${entry.issuer} counter ${entry.counter + i}`));
        assert.equal(codeFor(entry, 0).code, expected[0]);
      } else if (entry.type === "totp") {
        for (const t of times) {
          const expected = oathtool({ secret: entry.secret, algorithm: entry.algorithm, digits: entry.digits, period: entry.period, atSeconds: t, count: 3 });
          expected.forEach((code, i) => assert.equal(totp(entry, (t + i * entry.period) * 1000).code, code, `${entry.issuer} t=${t}+${i}`));
        }
      } else {
        // oathtool has no Steam mode: check the Steam string is the 31-bit value of the same HMAC.
        for (const t of times) {
          const step = Math.floor(t / 30);
          const msg = Buffer.alloc(8);
          msg.writeBigUInt64BE(BigInt(step));
          const mac = createHmac("sha1", hotpKey(entry)).update(msg).digest();
          let value = mac.readUInt32BE(mac[19]! & 15) & 0x7fffffff;
          let s = "";
          for (let i = 0; i < 5; i++) {
            s += "23456789BCDFGHJKMNPQRTVWXY"[value % 26];
            value = Math.floor(value / 26);
          }
          assert.equal(codeFor(entry, t * 1000).code, s);
          // The same HMAC drives the numeric code oathtool gives for SHA1/8 digits.
          const numeric = oathtool({ secret: entry.secret, algorithm: "SHA1", digits: 8, period: 30, atSeconds: t })[0];
          assert.equal(hotp(hotpKey(entry), step, { digits: 8 }), numeric);
        }
      }
    }
  });

  test("9 and 10 digits agree with oathtool on the last 8; 5 digits on the last 5 of 6", () => {
    for (const algorithm of ["SHA1", "SHA256", "SHA512"] as const) {
      const e: OtpEntry = { ...AEGIS_VECTORS.deno, algorithm };
      for (const t of [59, 1_700_000_000]) {
        const ref8 = oathtool({ secret: e.secret, algorithm, digits: 8, period: 30, atSeconds: t })[0]!;
        const ref6 = oathtool({ secret: e.secret, algorithm, digits: 6, period: 30, atSeconds: t })[0]!;
        for (const digits of [9, 10]) {
          const code = totp({ ...e, digits }, t * 1000).code;
          assert.equal(code.length, digits);
          assert.equal(code.slice(-8), ref8);
        }
        assert.equal(hotp(e, Math.floor(t / 30), { digits: 5 }), ref6.slice(-5));
      }
    }
  });

  test("MD5 (Google's enum has it) is refused with a clear error rather than guessed", () => {
    assert.throws(() => hotp(RFC4226_SEED, 0, { algorithm: "MD5" }), /MD5 one-time codes are not standardised/);
  });

  test("bad inputs are rejected, not mis-computed", () => {
    assert.throws(() => hotp(RFC4226_SEED, -1), RangeError);
    assert.throws(() => hotp(RFC4226_SEED, 0, { digits: 11 }), RangeError);
    assert.throws(() => hotp(RFC4226_SEED, 0, { digits: 4 }), RangeError);
    assert.throws(() => totp(AEGIS_VECTORS.deno, Number.NaN), RangeError);
    assert.equal(steamCodeForCounter(RFC4226_SEED, 1).length, 5);
  });
});

function hotpKey(entry: OtpEntry): Buffer {
  // A local Base32 decode, independent of the module under test.
  const alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
  let bits = "";
  for (const ch of entry.secret) bits += alphabet.indexOf(ch).toString(2).padStart(5, "0");
  const bytes: number[] = [];
  for (let i = 0; i + 8 <= bits.length; i += 8) bytes.push(parseInt(bits.slice(i, i + 8), 2));
  return Buffer.from(bytes);
}
