import assert from "node:assert/strict";
import { describe, test } from "node:test";
import type { OtpEntry } from "../../../shared/vault-types.js";
import { OtpUriError, formatOtpauthUri, parseOtpauthUri } from "../../../electron/engine/vault/otp/otpauth-uri.js";

function entry(partial: Partial<OtpEntry>): OtpEntry {
  return { type: "totp", issuer: "", account: "", secret: "JBSWY3DPEHPK3PXP", algorithm: "SHA1", digits: 6, period: 30, counter: 0, ...partial };
}

describe("otpauth:// URIs", () => {
  test("the canonical wiki example, with defaults", () => {
    assert.deepEqual(parseOtpauthUri("otpauth://totp/Example:alice@google.com?secret=JBSWY3DPEHPK3PXP&issuer=Example"), entry({ issuer: "Example", account: "alice@google.com" }));
  });

  test("the full wiki example, percent-encoded label with %20 after the colon", () => {
    const e = parseOtpauthUri("otpauth://totp/ACME%20Co:john.doe@email.com?secret=HXDMVJECJJWSRB3HWIZR4IFUGFTMXBOZ&issuer=ACME%20Co&algorithm=SHA1&digits=6&period=30");
    assert.equal(e.issuer, "ACME Co");
    assert.equal(e.account, "john.doe@email.com");
    assert.equal(parseOtpauthUri("otpauth://totp/ACME%20Co:%20%20john?secret=JBSWY3DPEHPK3PXP").account, "john");
    assert.equal(parseOtpauthUri("otpauth://totp/ACME%20Co%3Ajohn?secret=JBSWY3DPEHPK3PXP").issuer, "ACME Co");
  });

  test("issuer parameter wins over the label prefix; label prefix used without it", () => {
    const a = parseOtpauthUri("otpauth://totp/Old:bob?secret=JBSWY3DPEHPK3PXP&issuer=New");
    assert.deepEqual([a.issuer, a.account], ["New", "bob"]);
    const b = parseOtpauthUri("otpauth://totp/bob?secret=JBSWY3DPEHPK3PXP&issuer=Only%20Param");
    assert.deepEqual([b.issuer, b.account], ["Only Param", "bob"]);
    const c = parseOtpauthUri("otpauth://totp/Prefix:bob?secret=JBSWY3DPEHPK3PXP");
    assert.deepEqual([c.issuer, c.account], ["Prefix", "bob"]);
    const d = parseOtpauthUri("otpauth://totp/bob?secret=JBSWY3DPEHPK3PXP");
    assert.deepEqual([d.issuer, d.account], ["", "bob"]);
  });

  test("real-world deviations: + as space, lower-case algorithm, period on HOTP, upper-case scheme, padded lower-case secret, extras", () => {
    const air = parseOtpauthUri("otpauth://hotp/Air%20Canada:Benjamin?secret=KUVJJOM753IHTNDSZVCNKL7GII&issuer=Air+Canada&algorithm=SHA256&digits=7&counter=50");
    assert.deepEqual(air, entry({ type: "hotp", issuer: "Air Canada", account: "Benjamin", secret: "KUVJJOM753IHTNDSZVCNKL7GII", algorithm: "SHA256", digits: 7, counter: 50 }));
    const wwe = parseOtpauthUri("otpauth://hotp/WWE:Mason?algorithm=sha512&digits=8&issuer=WWE&period=30&secret=5VAML3X35THCEBVRLV24CGBKOY&counter=10300&codeDisplay=%7B%22pinned%22%3Afalse%7D");
    assert.equal(wwe.algorithm, "SHA512");
    assert.equal(wwe.counter, 10300);
    const bob = parseOtpauthUri("OTPAUTH://TOTP/bob?secret=jbswy3dpehpk3pxp");
    assert.equal(bob.secret, "JBSWY3DPEHPK3PXP");
    assert.equal(parseOtpauthUri("otpauth://totp/x?secret=MZXW6YQ%3D").secret, "MZXW6YQ");
    assert.equal(parseOtpauthUri("otpauth://totp/x?secret=JBSWY3DPEHPK3PXP&digits=9&period=60").digits, 9);
    // A label "+" is literal (only the query is form-encoded).
    assert.equal(parseOtpauthUri("otpauth://totp/a+b?secret=JBSWY3DPEHPK3PXP").account, "a+b");
  });

  test("both Steam spellings parse to a Steam entry (SHA1, 5 digits)", () => {
    const aegis = parseOtpauthUri("otpauth://steam/Boeing:Sophia?secret=JRZCL47CMXVOQMNPZR2F7J4RGI&issuer=Boeing&algorithm=SHA1&digits=5&period=30");
    assert.deepEqual(aegis, entry({ type: "steam", issuer: "Boeing", account: "Sophia", secret: "JRZCL47CMXVOQMNPZR2F7J4RGI", digits: 5 }));
    const kp = parseOtpauthUri("otpauth://totp/Steam:bob?secret=63BEDWCQZKTQWPESARIERL5DTTQFCJTK&issuer=Steam&encoder=steam");
    assert.equal(kp.type, "steam");
    assert.equal(kp.digits, 5);
  });

  test("clear errors; the secret never appears in a message", () => {
    const bad: [string, RegExp][] = [
      ["https://example.com", /Not an otpauth/],
      ["otpauth://motp/x?secret=JBSWY3DPEHPK3PXP", /Unsupported OTP type/],
      ["otpauth://totp/x?issuer=A", /no secret/],
      ["otpauth://totp/x?secret=", /no secret/],
      ["otpauth://totp/x?secret=SECRET1SECRET", /not valid Base32/],
      ["otpauth://totp/x?secret=JBSWY3DPEHPK3PXP&algorithm=SHA3", /algorithm/],
      ["otpauth://totp/x?secret=JBSWY3DPEHPK3PXP&digits=4", /digits/],
      ["otpauth://totp/x?secret=JBSWY3DPEHPK3PXP&digits=11", /digits/],
      ["otpauth://totp/x?secret=JBSWY3DPEHPK3PXP&digits=six", /whole number/],
      ["otpauth://totp/x?secret=JBSWY3DPEHPK3PXP&period=0", /period/],
      ["otpauth://hotp/x?secret=JBSWY3DPEHPK3PXP&counter=-1", /whole number/],
    ];
    for (const [uri, re] of bad) {
      assert.throws(() => parseOtpauthUri(uri), (err: unknown) => err instanceof OtpUriError && re.test(err.message) && !/SECRET1|JBSWY3/.test(err.message), uri);
    }
  });

  test("format → parse round-trips, including colons, unicode, Steam in both spellings", () => {
    const cases: OtpEntry[] = [
      entry({ issuer: "Deno", account: "Mason" }),
      entry({ type: "hotp", issuer: "Air Canada", account: "Benjamin", algorithm: "SHA256", digits: 7, counter: 50 }),
      entry({ issuer: "A:B Corp", account: "x:y@z", algorithm: "SHA512", digits: 8, period: 50 }),
      entry({ issuer: "", account: "weird:account" }),
      entry({ issuer: "Ünïcødé & Co?", account: "ñame+tag@example.com#1", digits: 10 }),
      entry({ issuer: "", account: "" }),
      entry({ type: "steam", issuer: "Steam", account: "gaben", digits: 5 }),
    ];
    for (const e of cases) {
      assert.deepEqual(parseOtpauthUri(formatOtpauthUri(e)), e);
      if (e.type === "steam") {
        const uri = formatOtpauthUri(e, { steam: "encoder" });
        assert.match(uri, /^otpauth:\/\/totp\/.*&encoder=steam$/);
        assert.deepEqual(parseOtpauthUri(uri), e);
      }
    }
    assert.equal(
      formatOtpauthUri(entry({ type: "steam", issuer: "Boeing", account: "Sophia", secret: "JRZCL47CMXVOQMNPZR2F7J4RGI", digits: 5 })),
      "otpauth://steam/Boeing:Sophia?secret=JRZCL47CMXVOQMNPZR2F7J4RGI&issuer=Boeing&algorithm=SHA1&digits=5&period=30",
    );
  });
});
