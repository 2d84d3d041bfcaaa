// BitLocker recovery password validation, key ids and lookup: every example of the research notes
// (otp_bitlocker.md §2.1, §2.2) gets its verdict, and errors point at the group without its digits.
import assert from "node:assert/strict";
import { describe, test } from "node:test";
import type { BitLockerKey } from "../../../shared/vault-types.js";
import {
  GROUP_LIMIT,
  RecoveryPasswordError,
  checkDigit,
  checkRecoveryPassword,
  groupProblem,
  isValidRecoveryPassword,
  validateRecoveryPassword,
} from "../../../electron/engine/vault/bitlocker/recovery-password.js";
import { isFullKeyId, keyIdHex, matchesKeyIdPrefix, normaliseKeyId, sameKeyId } from "../../../electron/engine/vault/bitlocker/key-id.js";
import { findKeys, findKeysByDevice, findKeysByIdPrefix, isKeyIdQuery } from "../../../electron/engine/vault/bitlocker/find-keys.js";
import { CSV_ID, CTF_ID, INVALID_PASSWORDS, PW, VALID_PASSWORDS } from "../../helpers/bitlocker-samples.js";

/** The error for `text`, which must be a RecoveryPasswordError. */
function errorOf(text: string): RecoveryPasswordError {
  const r = checkRecoveryPassword(text);
  assert.equal(r.ok, false, `expected ${JSON.stringify(text)} to be rejected`);
  return (r as { ok: false; error: RecoveryPasswordError }).error;
}

/** No group of the input appears in the message (the user's digits stay out of logs). */
function assertNoDigitsEchoed(message: string, input: string): void {
  for (const g of input.match(/\d{4,}/g) ?? []) assert.ok(!message.includes(g), `message echoes ${g}: ${message}`);
}

/** `password` with group `n` (1–8) replaced. */
function withGroup(password: string, n: number, group: string): string {
  const g = password.split("-");
  g[n - 1] = group;
  return g.join("-");
}

describe("BitLocker recovery password: research examples", () => {
  for (const [password, source] of VALID_PASSWORDS) {
    test(`valid: ${source}`, () => {
      assert.equal(validateRecoveryPassword(password), password);
      assert.ok(isValidRecoveryPassword(password));
    });
  }

  for (const { password, group, problem, source } of INVALID_PASSWORDS) {
    test(`invalid: ${source} → group ${group}, ${problem}`, () => {
      const err = errorOf(password);
      assert.equal(err.group, group);
      assert.equal(err.problem, problem);
      assert.match(err.message, new RegExp(`group ${group}\\b`));
      assertNoDigitsEchoed(err.message, password);
    });
  }

  test("the AlchemyInsights sample names every wrong group (2, 4, 6 and 8 have 5 digits)", () => {
    const err = errorOf("393943-22222-281721-555554-577984-77777-194700-99999");
    assert.deepEqual(err.groups, [2, 4, 6, 8]);
    assert.match(err.message, /group 2 .*has 5 digits instead of 6/);
    assert.match(err.message, /groups 4, 6 and 8 are also wrong/);
  });

  test("the check digit uses dislocker's sign: x6 = (x1 − x2 + x3 − x4 + x5) mod 11; Microsoft's documented sign would reject real keys", () => {
    assert.equal(checkDigit("47120"), 7); // 4−7+1−2+0 = −4 ≡ 7: the real key's 471207
    const documented = (d: string): number => {
      const x = [...d].map(Number) as [number, number, number, number, number];
      return (((-x[0] + x[1] - x[2] + x[3] - x[4]) % 11) + 11) % 11;
    };
    assert.equal(documented("47120"), 4);
    let disagreements = 0;
    for (const [password] of VALID_PASSWORDS) {
      for (const g of password.split("-")) {
        assert.equal(checkDigit(g.slice(0, 5)), Number(g[5]), g);
        if (documented(g.slice(0, 5)) !== Number(g[5])) disagreements++;
      }
    }
    assert.ok(disagreements > 40, "the inverted formula fails most real groups");
    assert.throws(() => checkDigit("1234"), RangeError);
  });

  test("every group of every valid example is divisible by 11 and below 720896", () => {
    for (const [password] of VALID_PASSWORDS) {
      for (const g of password.split("-")) {
        assert.equal(Number(g) % 11, 0);
        assert.ok(Number(g) < GROUP_LIMIT);
        assert.equal(groupProblem(g), null);
      }
    }
  });
});

describe("BitLocker recovery password: group errors", () => {
  const good = PW[0];

  test("a group not divisible by 11 (one digit mistyped) is named, with why", () => {
    for (let n = 1; n <= 8; n++) {
      const g = good.split("-")[n - 1]!;
      const typo = g.slice(0, 2) + String((Number(g[2]) + 1) % 10) + g.slice(3);
      const input = withGroup(good, n, typo);
      const err = errorOf(input);
      assert.equal(err.group, n);
      assert.equal(err.problem, "not-divisible-by-11");
      assert.match(err.message, new RegExp(`group ${n} \\(the \\w+ block of 6 digits\\) fails its checksum: every block is divisible by 11`));
      assertNoDigitsEchoed(err.message, input);
    }
  });

  test("a group divisible by 11 but 720896 or more is too large", () => {
    assert.equal(groupProblem("720896"), "too-large"); // 65536 × 11
    assert.equal(groupProblem("720885"), null); // 65535 × 11, the largest
    assert.equal(groupProblem("999988"), "too-large"); // 90908 × 11
    const err = errorOf(withGroup(good, 5, "720896"));
    assert.equal(err.group, 5);
    assert.equal(err.problem, "too-large");
    assert.match(err.message, /group 5 .*too large: every block is below 720896/);
    assert.ok(!err.message.includes("720896-"), "no digits of the input beyond the limit itself");
  });

  test("a group with 5 or 7 digits", () => {
    const five = errorOf(withGroup(good, 3, "42212"));
    assert.equal(five.group, 3);
    assert.equal(five.problem, "not-6-digits");
    assert.match(five.message, /group 3 .*has 5 digits instead of 6/);
    const seven = errorOf(withGroup(good, 8, "6934510"));
    assert.equal(seven.group, 8);
    assert.match(seven.message, /group 8 .*has 7 digits/);
  });

  test("a letter for a digit (O for 0, l for 1) is named with its group", () => {
    const err = errorOf(withGroup(good, 2, "278498".replace("2", "Z")));
    assert.equal(err.problem, "not-a-digit");
    assert.equal(err.group, 2);
    assert.match(err.message, /not a digit in group 2/);
    const o = errorOf(good.replace(/0/, "O"));
    assert.equal(o.problem, "not-a-digit");
  });

  test("wrong number of groups or digits, and empty input", () => {
    assert.equal(errorOf(good.split("-").slice(0, 7).join("-")).problem, "wrong-length");
    assert.match(errorOf(good.split("-").slice(0, 7).join("-")).message, /7 groups and 42 digits/);
    assert.equal(errorOf(`${good}-123453`).problem, "wrong-length");
    assert.equal(errorOf(good.replace(/-/g, "").slice(1)).problem, "wrong-length");
    assert.equal(errorOf("").problem, "empty");
    assert.equal(errorOf(" - - \n").problem, "empty");
  });

  test("errors are LifeboatErrors with a code, and never carry the password", () => {
    const err = errorOf(withGroup(good, 1, "471208"));
    assert.equal(err.code, "bitlocker-invalid-password");
    assert.equal(err.name, "RecoveryPasswordError");
    assert.ok(!JSON.stringify({ ...err, message: err.message }).match(/\d{6}/));
    assert.throws(() => validateRecoveryPassword("1"), RecoveryPasswordError);
  });
});

describe("BitLocker recovery password: what users paste", () => {
  const good = PW[0];
  const variants: [string, string][] = [
    ["spaces", good.replace(/-/g, " ")],
    ["48 digits in a row", good.replace(/-/g, "")],
    ["surrounding white space", `  \t${good}\r\n`],
    ["line break in the middle", good.replace("177177-", "177177-\r\n")],
    ["two lines of 4 groups", `${good.slice(0, 27)}\n${good.slice(28)}`],
    ["spaces around dashes", good.replace(/-/g, " - ")],
    ["en dashes (word processor)", good.replace(/-/g, "\u2013")],
    ["Unicode hyphens and minus", good.replace(/-/g, (_, i: number) => (i % 2 ? "\u2010" : "\u2212"))],
    ["no-break spaces", good.replace(/-/g, "\u00a0")],
    ["full-width digits", good.replace(/\d/g, (d) => String.fromCharCode(0xff10 + Number(d)))],
    ["runs of 12 digits", good.replace(/(\d{6})-(\d{6})/g, "$1$2")],
    ["a group split by a line break", good.replace("422125", "422\n125")],
    ["dots", good.replace(/-/g, ".")],
  ];
  for (const [name, input] of variants) {
    test(name, () => assert.equal(validateRecoveryPassword(input), good));
  }
});

describe("BitLocker key ids", () => {
  test("normalised to upper case without braces, from every spelling", () => {
    for (const spelling of [CSV_ID, `{${CSV_ID}}`, CSV_ID.toLowerCase(), `{ ${CSV_ID.toLowerCase()} }`, `  ${CSV_ID}\r\n`, CSV_ID.replace(/-/g, ""), CSV_ID.replace(/-/g, "\u2010")]) {
      assert.equal(normaliseKeyId(spelling), CSV_ID, spelling);
    }
    assert.equal(normaliseKeyId("b465e4e8-e4e8-b465-e8e4-65b4e8e465b4"), "B465E4E8-E4E8-B465-E8E4-65B4E8E465B4"); // Graph
  });

  test("the 8-digit prefix the recovery screen shows is kept as such", () => {
    assert.equal(normaliseKeyId("ac9d5655"), "AC9D5655");
    assert.equal(isFullKeyId("AC9D5655"), false);
    assert.equal(isFullKeyId(CTF_ID), true);
  });

  test("anything else is not an id", () => {
    for (const bad of ["", "DFA26333-XXXX-402C-YYYY-A8C40AF3ZZZZ", `{${CSV_ID}`, `${CSV_ID}}`, "AC9D565", "AC9D5655-F7CA", "not an id", `${CSV_ID}0`]) {
      assert.equal(normaliseKeyId(bad), undefined, bad);
    }
  });

  test("matchesKeyIdPrefix: what the recovery screen shows, typed any way", () => {
    assert.ok(matchesKeyIdPrefix(CTF_ID, "AC9D5655"));
    assert.ok(matchesKeyIdPrefix(CTF_ID, "ac9d 5655"));
    assert.ok(matchesKeyIdPrefix(CTF_ID, "{AC9D5655-F7CA"));
    assert.ok(matchesKeyIdPrefix(CTF_ID, CTF_ID.toLowerCase()));
    assert.ok(matchesKeyIdPrefix("AC9D5655", CTF_ID), "a vault entry with only the prefix matches the full id");
    assert.ok(!matchesKeyIdPrefix(CTF_ID, "AC9D5656"));
    assert.ok(!matchesKeyIdPrefix(CTF_ID, ""));
    assert.ok(!matchesKeyIdPrefix(CTF_ID, "AC9G"));
    assert.ok(!matchesKeyIdPrefix(CTF_ID, "F7CA"), "a prefix, not a substring");
  });

  test("sameKeyId: equal, or the account page's prefix of the full id", () => {
    assert.ok(sameKeyId(CTF_ID, `{${CTF_ID.toLowerCase()}}`));
    assert.ok(sameKeyId("AC9D5655", CTF_ID));
    assert.ok(!sameKeyId("AC9D", CTF_ID), "shorter than the screen's 8 digits is not the same key");
    assert.ok(!sameKeyId(CSV_ID, CTF_ID));
    assert.equal(keyIdHex("{ac9d5655-f7ca}"), "AC9D5655F7CA");
  });
});

describe("BitLocker key lookup", () => {
  const keys: BitLockerKey[] = [
    { keyId: CTF_ID, recoveryPassword: PW[5], device: "DESKTOP-7H3K2LQ", volume: "C:" },
    { keyId: CSV_ID, recoveryPassword: PW[4], device: "Zoë's Surface" },
    { keyId: "ACE10000-0000-4000-8000-000000000000", recoveryPassword: PW[0], device: "ACE1 laptop" },
    { keyId: "9A8B7C6D", recoveryPassword: PW[1], device: "Malik's PC" },
  ];

  test("by the prefix the recovery screen shows", () => {
    assert.deepEqual(findKeysByIdPrefix(keys, "ac9d5655").map((k) => k.keyId), [CTF_ID]);
    assert.deepEqual(findKeysByIdPrefix(keys, "26935AC3-8B17").map((k) => k.keyId), [CSV_ID]);
    assert.deepEqual(findKeysByIdPrefix(keys, "9A8B7C6D-1111-4222-8333-444455556666").map((k) => k.keyId), ["9A8B7C6D"], "the newer screen's full id finds a key known by its prefix");
    assert.deepEqual(findKeysByIdPrefix(keys, "AC9"), [], "too short to be a lookup");
    assert.equal(isKeyIdQuery("AC9"), false);
    assert.equal(isKeyIdQuery("ac9d"), true);
    assert.equal(isKeyIdQuery("DESK"), false);
  });

  test("by device name, ignoring case and accents", () => {
    assert.deepEqual(findKeysByDevice(keys, "desktop").map((k) => k.keyId), [CTF_ID]);
    assert.deepEqual(findKeysByDevice(keys, "zoe").map((k) => k.keyId), [CSV_ID]);
    assert.deepEqual(findKeysByDevice(keys, "  "), []);
  });

  test("findKeys: id matches first, then device matches, each once", () => {
    assert.deepEqual(findKeys(keys, "ACE1").map((k) => k.device), ["ACE1 laptop"]);
    assert.deepEqual(findKeys(keys, "AC9").map((k) => k.keyId), [], "three characters are too few for an id, and no device has them");
    assert.deepEqual(findKeys(keys, "ac").map((k) => k.device), ["Zoë's Surface", "ACE1 laptop"], "but a short query still finds device names");
    assert.deepEqual(findKeys(keys, "pc").map((k) => k.keyId), ["9A8B7C6D"]);
    assert.deepEqual(findKeys(keys, "ac9d").map((k) => k.keyId), [CTF_ID]);
  });
});
