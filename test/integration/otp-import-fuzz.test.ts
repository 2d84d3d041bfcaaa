// Fuzzing the OTP import: every fixture in ../shared/fixtures/otp/aegis (all formats, both sets of
// importers), plus a few files written here for formats without one, is damaged thousands of ways
// — bit flips, truncations, inserted, deleted, overwritten and duplicated bytes, JSON values
// replaced, swapped, deleted or renamed, text lines shuffled — and each damaged file goes through
// importOtpFile. Each must end in a validated result or an OtpImportError: never another exception
// type (nor one wrapped by the registry's safety net, which would mean an importer bug), never a
// hang, never a half-imported result, and no secret in any message. Every importer's `detect` is
// also run on every damaged file and must not throw.
//
// Speed (the whole file must finish well under a minute on 2 busy cores): a damaged encrypted file
// is read without its password in most cases, which fails before any key derivation; a capped
// number of cases per encrypted fixture is read with the password, and those mutations never touch
// the bytes or JSON keys holding KDF settings (a flipped digit there could legitimately ask for
// seconds of work, up to the caps). The decrypted content of encrypted formats is fuzzed through
// files re-sealed here with cheap KDF settings; the caps themselves are proven by the last test,
// with absurd settings that must be refused at once.
//
// Deterministic: one seeded PRNG per target (mulberry32). The one exception is the Ente target's
// secretstream header, which libsodium draws at random; no outcome depends on its value.
import assert from "node:assert/strict";
import { readFileSync, readdirSync } from "node:fs";
import path from "node:path";
import { performance } from "node:perf_hooks";
import { describe, test, type TestContext } from "node:test";
import QRCode from "qrcode";
import type { OtpImportResult } from "../../shared/vault-types.js";
import { OTP_IMPORTERS, importOtpFile } from "../../electron/engine/vault/otp/import-otp-file.js";
import { OtpImportError } from "../../electron/engine/vault/otp/importers/otp-import-error.js";
import { formatMigrationUri, encodeMigrationPayload, type MigrationPayload } from "../../electron/engine/vault/otp/importers/google-migration-payload.js";
import { validateOtpEntry } from "../../electron/engine/vault/otp/otpauth-uri.js";
import { base32Decode } from "../../electron/engine/vault/otp/base32.js";
import { AEGIS_FIXTURES, ALL_AEGIS_VECTORS } from "../helpers/otp-aegis-vectors.js";
import { writeBitwardenProtected } from "../helpers/otp-export-writers.js";
import {
  aegisSlotKey,
  andOtpKey,
  enteKey,
  ENTE_TEST_SALT,
  seededBytes,
  twoFasKey,
  writeAegisEncryptedText,
  writeAndOtpEncryptedText,
  writeEnteEncrypted,
  writeStratumLegacy,
  writeTwoFasEncrypted,
} from "../helpers/otp-export-writers-b.js";
import { seededRandom } from "../helpers/robustness-util.js";

const PASSWORD = "test";
/** A damaged file taking longer than this to be refused counts as a hang. */
const HANG_MS = 10_000;

// ---------------------------------------------------------------------------------------------
// Seeded randomness

type Rand = () => number;
const int = (rand: Rand, lo: number, hi: number): number => lo + Math.floor(rand() * (hi - lo + 1));
const pick = <T>(rand: Rand, list: readonly T[]): T => list[Math.floor(rand() * list.length)]!;

function seedOf(name: string): number {
  let h = 2166136261;
  for (const c of name) h = Math.imul(h ^ c.charCodeAt(0), 16777619);
  return h >>> 0;
}

// ---------------------------------------------------------------------------------------------
// Mutations

/** True when a change of `len` bytes at `pos` (0 = an insertion there) must not happen. */
type Forbidden = (pos: number, len: number) => boolean;
const NOTHING_FORBIDDEN: Forbidden = () => false;

const INTERESTING_BYTES = [0x00, 0xff, 0x22, 0x7b, 0x7d, 0x5b, 0x5d, 0x2c, 0x3a, 0x5c, 0x0a, 0x0d, 0x30, 0x39, 0x2d, 0x20, 0x80, 0xc3, 0x25, 0x3d];
const INTERESTING_INSERTS = ['"', ",", "{}", "[]", "null", "\u0000", "9", "-", "e9", "\\u0000", "%", "%zz", "=", "::", "otpauth://totp/x?secret=", "\n", "\r\n", "\uFEFF", "99999999999999999999", "\\", "\ud800", "{\"a\":", "]]]]"];

function mutateBytes(rand: Rand, input: Buffer, forbidden: Forbidden): { bytes: Buffer; what: string } {
  for (let attempt = 0; attempt < 50; attempt++) {
    const len = input.length;
    const kind = int(rand, 0, 6);
    if (kind === 0 && len > 0) {
      const out = Buffer.from(input);
      const flips = int(rand, 1, 4);
      const spots: string[] = [];
      let ok = true;
      for (let i = 0; i < flips; i++) {
        const pos = int(rand, 0, len - 1);
        if (forbidden(pos, 1)) ok = false;
        const bit = int(rand, 0, 7);
        out[pos] = out[pos]! ^ (1 << bit);
        spots.push(`${pos}.${bit}`);
      }
      if (ok) return { bytes: out, what: `flip ${spots.join(",")}` };
    } else if (kind === 1) {
      const cut = int(rand, 0, Math.max(0, len - 1));
      return { bytes: input.subarray(0, cut), what: `truncate to ${cut}` };
    } else if (kind === 2) {
      const pos = int(rand, 0, len);
      const insert = rand() < 0.5 ? Buffer.from(pick(rand, INTERESTING_INSERTS), "utf8") : seededRandomBytes(rand, int(rand, 1, 16));
      if (!forbidden(pos, 0)) return { bytes: Buffer.concat([input.subarray(0, pos), insert, input.subarray(pos)]), what: `insert ${insert.length} at ${pos}` };
    } else if (kind === 3 && len > 0) {
      const pos = int(rand, 0, len - 1);
      const n = Math.min(len - pos, int(rand, 1, 32));
      if (!forbidden(pos, n)) return { bytes: Buffer.concat([input.subarray(0, pos), input.subarray(pos + n)]), what: `delete ${n} at ${pos}` };
    } else if (kind === 4 && len > 0) {
      const pos = int(rand, 0, len - 1);
      if (!forbidden(pos, 1)) {
        const out = Buffer.from(input);
        out[pos] = pick(rand, INTERESTING_BYTES);
        return { bytes: out, what: `overwrite ${pos}` };
      }
    } else if (kind === 5 && len > 1) {
      const from = int(rand, 0, len - 1);
      const n = Math.min(len - from, int(rand, 1, 64));
      const pos = int(rand, 0, len);
      if (!forbidden(pos, 0)) return { bytes: Buffer.concat([input.subarray(0, pos), input.subarray(from, from + n), input.subarray(pos)]), what: `duplicate ${n} from ${from} at ${pos}` };
    } else if (kind === 6 && len > 1) {
      // A whole range replaced by random bytes (a damaged disk sector, in small).
      const pos = int(rand, 0, len - 1);
      const n = Math.min(len - pos, int(rand, 1, 48));
      if (!forbidden(pos, n)) {
        const out = Buffer.from(input);
        seededRandomBytes(rand, n).copy(out, pos);
        return { bytes: out, what: `scramble ${n} at ${pos}` };
      }
    }
  }
  return { bytes: input.subarray(0, Math.floor(input.length / 2)), what: "truncate to half" };
}

function seededRandomBytes(rand: Rand, n: number): Buffer {
  const b = Buffer.alloc(n);
  for (let i = 0; i < n; i++) b[i] = int(rand, 0, 255);
  return b;
}

type JsonPath = (string | number)[];

function collectPaths(value: unknown, at: JsonPath, out: JsonPath[], depth: number): void {
  if (depth > 12) return;
  const children: [string | number, unknown][] = Array.isArray(value) ? value.map((v, i) => [i, v]) : value !== null && typeof value === "object" ? Object.entries(value) : [];
  for (const [k, v] of children) {
    out.push([...at, k]);
    collectPaths(v, [...at, k], out, depth + 1);
  }
}

function parentOf(root: unknown, p: JsonPath): Record<string | number, unknown> {
  let node = root as Record<string | number, unknown>;
  for (const key of p.slice(0, -1)) node = node[key] as Record<string | number, unknown>;
  return node;
}

const INTERESTING_VALUES: readonly unknown[] = [
  null, true, false, 0, -1, 1, 1.5, 2, 3, 4, 5, 7, 11, 1e308, -1e308, 2 ** 53 + 2, 4294967296, -2147483649,
  "", "x", "A".repeat(5000), "=", "AAAA", "a:b:c", "otpauth://totp/a?secret=AAAA", "JBSWY3DPEHPK3PXP", "0", "-1", "1e999", "\u0000",
  "SHA1", "sha512", "MD5", "SHA3", "HOTP", "STEAM", "steam", "TOTP", "hotp", "motp",
  [], {}, [null], [[]], { a: 1 }, [1, 2, 3], [-129, 300],
];

function mutateJson(rand: Rand, doc: unknown, protectedKeys: ReadonlySet<string>): { doc: unknown; what: string } | undefined {
  const copy = structuredClone(doc);
  const paths: JsonPath[] = [];
  collectPaths(copy, [], paths, 0);
  const usable = paths.filter((p) => !p.some((k) => typeof k === "string" && protectedKeys.has(k)));
  if (usable.length === 0) return undefined;
  const target = pick(rand, usable);
  const parent = parentOf(copy, target);
  const key = target[target.length - 1]!;
  const where = target.join(".");
  switch (int(rand, 0, 6)) {
    case 0:
    case 1: {
      parent[key] = structuredClone(pick(rand, INTERESTING_VALUES));
      return { doc: copy, what: `json set ${where}` };
    }
    case 2: {
      const other = pick(rand, usable);
      const nested = (a: JsonPath, b: JsonPath) => a.length <= b.length && a.every((k, i) => k === b[i]);
      if (nested(target, other) || nested(other, target)) return undefined;
      const otherParent = parentOf(copy, other);
      const otherKey = other[other.length - 1]!;
      const a = parent[key];
      parent[key] = structuredClone(otherParent[otherKey]);
      otherParent[otherKey] = structuredClone(a);
      return { doc: copy, what: `json swap ${where} / ${other.join(".")}` };
    }
    case 3: {
      if (Array.isArray(parent)) parent.splice(key as number, 1);
      else delete parent[key];
      return { doc: copy, what: `json delete ${where}` };
    }
    case 4: {
      if (Array.isArray(parent)) parent.splice(key as number, 0, structuredClone(parent[key]));
      else {
        parent[`${String(key)}_`] = parent[key];
        delete parent[key];
      }
      return { doc: copy, what: `json duplicate/rename ${where}` };
    }
    case 5: {
      const v = parent[key];
      parent[key] = typeof v === "number" ? String(v) : typeof v === "string" && /^-?\d+$/.test(v) ? Number(v) : [v];
      return { doc: copy, what: `json retype ${where}` };
    }
    default: {
      parent[key] = typeof parent[key] === "string" ? `${parent[key] as string}${pick(rand, ["=", " ", "%", "\u00e9", "0", "Z"])}` : -1;
      return { doc: copy, what: `json tweak ${where}` };
    }
  }
}

function mutateLines(rand: Rand, text: string): { bytes: Buffer; what: string } {
  const lines = text.split("\n");
  const i = int(rand, 0, lines.length - 1);
  const j = int(rand, 0, lines.length - 1);
  switch (int(rand, 0, 4)) {
    case 0:
      lines.splice(i, 0, lines[j]!);
      return { bytes: Buffer.from(lines.join("\n")), what: `line dup ${j}→${i}` };
    case 1:
      lines.splice(i, 1);
      return { bytes: Buffer.from(lines.join("\n")), what: `line delete ${i}` };
    case 2:
      [lines[i], lines[j]] = [lines[j]!, lines[i]!];
      return { bytes: Buffer.from(lines.join("\n")), what: `line swap ${i},${j}` };
    case 3:
      lines[i] = lines[i]!.slice(0, int(rand, 0, lines[i]!.length));
      return { bytes: Buffer.from(lines.join("\n")), what: `line cut ${i}` };
    default:
      lines[i] = `${lines[i]!}${lines[j]!}`;
      return { bytes: Buffer.from(lines.join("\n")), what: `line join ${i}+${j}` };
  }
}

type Kind = "json" | "text" | "binary";

/**
 * One to three stacked mutations of the given kind's repertoire. `forbiddenFor` says, for the
 * bytes as they are before each byte-level change, where that change must not land.
 */
function mutate(rand: Rand, input: Buffer, kind: Kind, forbiddenFor: (bytes: Buffer) => Forbidden, protectedKeys: ReadonlySet<string>): { bytes: Buffer; what: string } {
  let bytes = input;
  const what: string[] = [];
  const rounds = rand() < 0.7 ? 1 : rand() < 0.67 ? 2 : 3;
  for (let r = 0; r < rounds; r++) {
    const structured = rand() < 0.4;
    if (structured && kind === "json") {
      let doc: unknown;
      try {
        doc = JSON.parse(bytes.toString("utf8"));
      } catch {
        doc = undefined;
      }
      const m = doc === undefined ? undefined : mutateJson(rand, doc, protectedKeys);
      if (m) {
        bytes = Buffer.from(JSON.stringify(m.doc, null, rand() < 0.5 ? 2 : undefined));
        what.push(m.what);
        continue;
      }
    }
    if (structured && kind === "text") {
      const m = mutateLines(rand, bytes.toString("utf8"));
      bytes = m.bytes;
      what.push(m.what);
      continue;
    }
    const m = mutateBytes(rand, bytes, forbiddenFor(bytes));
    bytes = m.bytes;
    what.push(m.what);
  }
  return { bytes, what: what.join(" + ") };
}

const anywhere = (): Forbidden => NOTHING_FORBIDDEN;

/**
 * Where a file read with its password must not be changed: its first bytes (a file whose first four
 * bytes became a small number would be taken for an andOTP backup whose iteration count they
 * are) and, in JSON, the KDF settings.
 */
function keepKdfSettings(kind: Kind): (bytes: Buffer) => Forbidden {
  return (bytes) => {
    const span = kind === "json" ? kdfSpanForbidden(bytes, KDF_KEYS) : NOTHING_FORBIDDEN;
    return (pos, len) => pos <= 4 || span(pos, len);
  };
}

/**
 * The byte span holding a JSON file's KDF settings (from the first protected key to the end of the
 * last protected number), widened by one byte each side so no edit can merge a digit into them.
 */
function kdfSpanForbidden(bytes: Buffer, keys: readonly string[]): Forbidden {
  const text = bytes.toString("latin1");
  let lo = Infinity;
  let hi = -Infinity;
  for (const key of keys) {
    const re = new RegExp(`"${key}"\\s*:\\s*-?[0-9.eE+-]*`, "g");
    for (const m of text.matchAll(re)) {
      lo = Math.min(lo, m.index);
      hi = Math.max(hi, m.index + m[0].length);
    }
  }
  if (lo === Infinity) return NOTHING_FORBIDDEN;
  const from = lo - 1;
  const to = hi + 1;
  return (pos, len) => pos <= to && pos + Math.max(len, 1) - 1 >= from;
}

// ---------------------------------------------------------------------------------------------
// Checking one damaged file

const SECRETS = ALL_AEGIS_VECTORS.map((v) => v.secret);
const KDF_KEYS = ["n", "r", "p", "memLimit", "opsLimit", "kdfIterations", "kdfMemory", "kdfParallelism"];

interface Tally {
  cases: number;
  kdfRuns: number;
  outcomes: Map<string, number>;
  failures: string[];
  slowestMs: number;
}

function newTally(): Tally {
  return { cases: 0, kdfRuns: 0, outcomes: new Map(), failures: [], slowestMs: 0 };
}

function checkResult(r: OtpImportResult): string | undefined {
  if (typeof r.format !== "string" || r.format === "" || !Array.isArray(r.entries) || !Array.isArray(r.skipped)) return "malformed result";
  const keys = new Set<string>();
  for (const e of r.entries) {
    let valid;
    try {
      valid = validateOtpEntry(e);
    } catch (err) {
      return `an entry that does not validate: ${(err as Error).message}`;
    }
    try {
      assert.deepEqual(valid, e);
    } catch {
      return "an entry not in canonical form";
    }
    if (base32Decode(e.secret).length === 0) return "an empty secret";
    const key = JSON.stringify([e.secret, e.issuer, e.account]);
    if (keys.has(key)) return "a duplicate survived";
    keys.add(key);
  }
  for (const s of r.skipped) {
    if (typeof s.name !== "string" || typeof s.reason !== "string" || s.reason === "") return "a malformed skipped entry";
    if (SECRETS.some((secret) => s.reason.includes(secret))) return "a secret in a skipped reason";
  }
  return undefined;
}

async function runCase(tally: Tally, label: string, bytes: Buffer, password: string | undefined): Promise<void> {
  tally.cases++;
  // Every importer's detect on every third file: it must never throw (the registry would hide it).
  if (tally.cases % 3 === 0) for (const importer of OTP_IMPORTERS) {
    try {
      importer.detect({ bytes });
    } catch (err) {
      tally.failures.push(`${label}: ${importer.format}.detect threw ${String(err)}`);
    }
  }
  const started = performance.now();
  let outcome: string;
  try {
    const result = await importOtpFile({ bytes, password });
    const problem = checkResult(result);
    if (problem) tally.failures.push(`${label}: ${problem}`);
    outcome = `ok:${result.format}`;
  } catch (err) {
    if (!(err instanceof OtpImportError)) {
      tally.failures.push(`${label}: threw ${err instanceof Error ? `${err.name}: ${err.message}` : String(err)}`);
      outcome = "other-exception";
    } else {
      if (err.cause !== undefined) tally.failures.push(`${label}: importer bug caught by the registry: ${String(err.cause instanceof Error ? `${err.cause.name}: ${err.cause.message}` : err.cause)}`);
      if (SECRETS.some((s) => err.message.includes(s)) || (password !== undefined && err.message.includes(` ${password} `))) tally.failures.push(`${label}: a secret in the message`);
      outcome = err.reason;
    }
  }
  const ms = performance.now() - started;
  tally.slowestMs = Math.max(tally.slowestMs, ms);
  if (ms > HANG_MS) tally.failures.push(`${label}: took ${Math.round(ms)} ms`);
  tally.outcomes.set(outcome, (tally.outcomes.get(outcome) ?? 0) + 1);
}

function report(t: TestContext, tally: Tally): void {
  const outcomes = [...tally.outcomes.entries()].sort((a, b) => b[1] - a[1]).map(([k, v]) => `${k} ${v}`).join(", ");
  t.diagnostic(`${tally.cases} cases (${tally.kdfRuns} with the password), slowest ${Math.round(tally.slowestMs)} ms: ${outcomes}`);
  assert.deepEqual(tally.failures.slice(0, 20), [], `${tally.failures.length} failing case(s)`);
}

// ---------------------------------------------------------------------------------------------
// What is fuzzed

interface FileTarget {
  name: string;
  bytes: Buffer;
  kind: Kind;
  /** Damaged copies read without a password (plain files; encrypted ones fail before the KDF). */
  cases: number;
  /** Damaged copies read with the password: each may run the file's KDF, so few. */
  kdfCases?: number;
  password?: string;
}

/** Files re-sealed per case: the decrypted content is what gets damaged. */
interface ResealTarget {
  name: string;
  plaintext: Buffer;
  kind: Kind;
  seal(plain: Buffer): Buffer;
  password: string;
  cases: number;
}

const PLAIN_CASES = 1500;
const SQLITE_CASES = 1000;

function kindOf(file: string, bytes: Buffer): Kind {
  if (file.endsWith(".sqlite") || file.endsWith(".bin")) return "binary";
  try {
    JSON.parse(bytes.toString("utf8"));
    return "json";
  } catch {
    return "text";
  }
}

/** How many KDF runs each encrypted fixture gets, from its cost (2FAS 10k PBKDF2; Stratum 64 MiB Argon2id…). */
const KDF_CASES: Record<string, number> = {
  "2fas_authenticator_encrypted.2fas": 120,
  "2fas_authenticator_encrypted_v3.2fas": 120,
  "2fas_authenticator_encrypted_v4.2fas": 120,
  "aegis_encrypted.json": 10,
  "andotp_encrypted.bin": 12,
  "stratum_encrypted.bin": 4,
};

const fixtureTargets: FileTarget[] = readdirSync(AEGIS_FIXTURES)
  .filter((f) => f !== "MANIFEST.md")
  .sort()
  .map((file) => {
    const bytes = readFileSync(path.join(AEGIS_FIXTURES, file));
    const kind = kindOf(file, bytes);
    const encrypted = file in KDF_CASES;
    return {
      name: file,
      bytes,
      kind,
      cases: file.endsWith(".sqlite") ? SQLITE_CASES : PLAIN_CASES,
      kdfCases: KDF_CASES[file],
      password: encrypted ? PASSWORD : undefined,
    };
  });

const enteText = readFileSync(path.join(AEGIS_FIXTURES, "ente_auth.txt"));
const stratumPlain = readFileSync(path.join(AEGIS_FIXTURES, "stratum_plain.json"));
const twoFasServices = Buffer.from(JSON.stringify((JSON.parse(readFileSync(path.join(AEGIS_FIXTURES, "2fas_authenticator_plain_v4.2fas"), "utf8")) as { services: unknown[] }).services));
const aegisDb = Buffer.from(JSON.stringify((JSON.parse(readFileSync(path.join(AEGIS_FIXTURES, "aegis_plain.json"), "utf8")) as { db: unknown }).db));
const andOtpPlain = readFileSync(path.join(AEGIS_FIXTURES, "andotp_plain.json"));

const ENTE_MEM = 64 * 1024;
const enteFixedKey = enteKey(PASSWORD, ENTE_TEST_SALT, 1, ENTE_MEM);
const twoFasSalt = seededBytes("2fas-salt", 256);
const twoFasFixedKey = twoFasKey(PASSWORD, twoFasSalt);
const aegisFixedSlotKey = aegisSlotKey(PASSWORD, 1024);
const andOtpFixedKey = andOtpKey(PASSWORD, 1000);

const migrationPayload: MigrationPayload = {
  otpParameters: ALL_AEGIS_VECTORS.filter((v) => v.type !== "steam").map((v) => ({
    secret: base32Decode(v.secret),
    name: `${v.issuer}:${v.account}`,
    issuer: v.issuer,
    algorithm: { SHA1: 1, SHA256: 2, SHA512: 3, MD5: 4 }[v.algorithm],
    digits: v.digits === 8 ? 2 : 1,
    type: v.type === "hotp" ? 1 : 2,
    counter: String(v.counter),
  })),
  version: 1,
  batchSize: 1,
  batchIndex: 0,
  batchId: -123456789,
};
const migrationText = Buffer.from(`${formatMigrationUri(migrationPayload)}\n`);
const migrationPng = await QRCode.toBuffer(formatMigrationUri({ ...migrationPayload, otpParameters: migrationPayload.otpParameters.slice(0, 2) }), { type: "png", margin: 2, scale: 2 });

const syntheticTargets: FileTarget[] = [
  // Formats with no fixture among the shared files, written here.
  { name: "ente (encrypted, written here)", bytes: writeEnteEncrypted(enteText, PASSWORD, { memLimit: ENTE_MEM, opsLimit: 1, key: enteFixedKey }), kind: "json", cases: PLAIN_CASES, kdfCases: 400, password: PASSWORD },
  { name: "stratum legacy (written here)", bytes: writeStratumLegacy(JSON.parse(stratumPlain.toString()) as unknown, PASSWORD), kind: "binary", cases: PLAIN_CASES, kdfCases: 20, password: PASSWORD },
  { name: "google-migration text (written here)", bytes: migrationText, kind: "text", cases: PLAIN_CASES },
  { name: "google-migration QR PNG (written here)", bytes: migrationPng, kind: "binary", cases: 200 },
];

const resealTargets: ResealTarget[] = [
  { name: "2FAS decrypted services", plaintext: twoFasServices, kind: "json", password: PASSWORD, cases: 300, seal: (p) => writeTwoFasEncrypted(p, PASSWORD, { key: twoFasFixedKey, salt: twoFasSalt }) },
  { name: "Ente decrypted text", plaintext: enteText, kind: "text", password: PASSWORD, cases: 600, seal: (p) => writeEnteEncrypted(p, PASSWORD, { memLimit: ENTE_MEM, opsLimit: 1, key: enteFixedKey }) },
  { name: "Aegis decrypted db (scrypt N=1024)", plaintext: aegisDb, kind: "json", password: PASSWORD, cases: 400, seal: (p) => writeAegisEncryptedText(p, PASSWORD, { n: 1024, slotKey: aegisFixedSlotKey }) },
  { name: "andOTP decrypted entries (1000 iterations)", plaintext: andOtpPlain, kind: "json", password: PASSWORD, cases: 400, seal: (p) => writeAndOtpEncryptedText(p, PASSWORD, { iterations: 1000, key: andOtpFixedKey }) },
  {
    name: "Google migration payload (protobuf bytes)",
    plaintext: encodeMigrationPayload(migrationPayload),
    kind: "binary",
    password: PASSWORD,
    cases: 1500,
    seal: (p) => Buffer.from(`otpauth-migration://offline?data=${encodeURIComponent(p.toString("base64"))}\n`),
  },
];

// ---------------------------------------------------------------------------------------------

describe("OTP import fuzzing: damaged files end in a result or an OtpImportError", () => {
  for (const target of [...fixtureTargets, ...syntheticTargets]) {
    test(`${target.name}: ${target.cases} damaged copies${target.kdfCases ? `, ${target.kdfCases} read with the password` : ""}`, async (t) => {
      const rand = seededRandom(seedOf(target.name));
      const tally = newTally();
      const noKeys = new Set<string>();
      // The undamaged file reads (else the damaged ones would prove little).
      const clean = await importOtpFile({ bytes: target.bytes, password: target.password });
      assert.ok(clean.entries.length > 0 && clean.skipped.length === 0, `${target.name} reads undamaged`);
      for (let i = 0; i < target.cases; i++) {
        const m = mutate(rand, target.bytes, target.kind, anywhere, noKeys);
        await runCase(tally, `${target.name} #${i} (${m.what})`, m.bytes, undefined);
      }
      const protectedKeys = new Set(KDF_KEYS);
      for (let i = 0; i < (target.kdfCases ?? 0); i++) {
        const m = mutate(rand, target.bytes, target.kind, keepKdfSettings(target.kind), protectedKeys);
        tally.kdfRuns++;
        await runCase(tally, `${target.name} with password #${i} (${m.what})`, m.bytes, target.password);
      }
      report(t, tally);
    });
  }

  for (const target of resealTargets) {
    test(`${target.name}: ${target.cases} damaged contents, re-sealed`, async (t) => {
      const rand = seededRandom(seedOf(target.name));
      const tally = newTally();
      const noKeys = new Set<string>();
      // The undamaged content reads (the sealing is right).
      const clean = await importOtpFile({ bytes: target.seal(target.plaintext), password: target.password });
      assert.ok(clean.entries.length > 0);
      for (let i = 0; i < target.cases; i++) {
        const m = mutate(rand, target.plaintext, target.kind, anywhere, noKeys);
        tally.kdfRuns++;
        await runCase(tally, `${target.name} #${i} (${m.what})`, target.seal(m.bytes), target.password);
      }
      report(t, tally);
    });
  }
});

describe("KDF caps: absurd settings are refused at once, saying why", () => {
  async function refusedFast(bytes: Buffer, what: string): Promise<OtpImportError> {
    const started = performance.now();
    let caught: unknown;
    try {
      await importOtpFile({ bytes, password: PASSWORD });
    } catch (err) {
      caught = err;
    }
    const ms = performance.now() - started;
    assert.ok(caught instanceof OtpImportError, `${what}: ${String(caught)}`);
    assert.ok(caught.cause === undefined, `${what}: ${String(caught.cause)}`);
    assert.ok(ms < 2000, `${what}: took ${Math.round(ms)} ms`);
    return caught;
  }

  test("Aegis: scrypt N, r, p", async () => {
    const doc = JSON.parse(readFileSync(path.join(AEGIS_FIXTURES, "aegis_encrypted.json"), "utf8")) as { header: { slots: Record<string, unknown>[] } };
    for (const params of [{ n: 2 ** 30 }, { n: 2 ** 20, r: 32 }, { r: 1e9 }, { p: 1e6 }, { n: 2 ** 20, r: 8, p: 16 }]) {
      const hostile = structuredClone(doc);
      Object.assign(hostile.header.slots[0]!, params);
      const err = await refusedFast(Buffer.from(JSON.stringify(hostile)), `aegis ${JSON.stringify(params)}`);
      assert.equal(err.reason, "unsupported");
      assert.match(err.message, /memory/);
    }
  });

  test("andOTP: iteration count", async () => {
    const bytes = Buffer.from(readFileSync(path.join(AEGIS_FIXTURES, "andotp_encrypted.bin")));
    for (const iterations of [0xffffffff, 10_000_001, 0]) {
      bytes.writeUInt32BE(iterations, 0);
      await refusedFast(bytes, `andotp ${iterations}`);
    }
  });

  test("Ente: memLimit and opsLimit", async () => {
    const doc = JSON.parse(writeEnteEncrypted(enteText, PASSWORD, { memLimit: ENTE_MEM, opsLimit: 1, key: enteFixedKey }).toString()) as { kdfParams: Record<string, unknown> };
    for (const kdf of [{ memLimit: 2 ** 40 }, { opsLimit: 2 ** 31 }, { memLimit: 2 ** 30, opsLimit: 64 }, { memLimit: 2 ** 31, opsLimit: 1 }]) {
      const err = await refusedFast(Buffer.from(JSON.stringify({ ...doc, kdfParams: { ...doc.kdfParams, ...kdf } })), `ente ${JSON.stringify(kdf)}`);
      assert.equal(err.reason, "unsupported");
      assert.match(err.message, /protect this computer/);
    }
  });

  test("Bitwarden: PBKDF2 iterations, Argon2 memory, passes and parallelism", async () => {
    const inner = { encrypted: false, items: [] };
    for (const kdf of [
      { kdfType: 0 as const, kdfIterations: 1e12 },
      { kdfType: 1 as const, kdfIterations: 3, kdfMemory: 1e6, kdfParallelism: 4 },
      { kdfType: 1 as const, kdfIterations: 1e9, kdfMemory: 64, kdfParallelism: 4 },
      { kdfType: 1 as const, kdfIterations: 3, kdfMemory: 64, kdfParallelism: 1e6 },
    ]) {
      const bytes = await writeBitwardenProtected(inner, PASSWORD, kdf, { skipDerive: true });
      const err = await refusedFast(bytes, `bitwarden ${JSON.stringify(kdf)}`);
      assert.equal(err.reason, "unsupported");
    }
  });

  test("2FAS and Stratum: the KDF settings are the format's constants; a hostile salt is refused", async () => {
    // Nothing in a 2FAS or Stratum file sets the KDF's work; the only lever is the 2FAS salt size.
    const err = await refusedFast(writeTwoFasEncrypted("[]", PASSWORD, { key: twoFasFixedKey, salt: Buffer.alloc(4 * 1024 * 1024, 1) }), "2fas 4 MiB salt");
    assert.equal(err.reason, "corrupt");
  });
});
