// Test-only writers for the formats of the second set of OTP importers (2FAS, Stratum, Ente Auth,
// Google and Microsoft Authenticator databases), following the same specs the importers read
// (research §1.5, §1.7, §1.11, §1.12, §1.14), so tests can make files with chosen passwords and
// KDF settings — cheap ones for fuzzing, hostile ones for the caps — without third-party fixtures.
// Salts and IVs come from a seed, so every run writes the same bytes.
import { createCipheriv, createDecipheriv, createHash, pbkdf2Sync, scryptSync } from "node:crypto";
import { createRequire } from "node:module";
import initSqlJs from "sql.js";
import type { SqlValue } from "sql.js";

/** Deterministic "random" bytes: SHA-256 in counter mode over a label. */
export function seededBytes(label: string, length: number): Buffer {
  const out: Buffer[] = [];
  for (let i = 0; out.length * 32 < length; i++) out.push(createHash("sha256").update(`${label}/${i}`).digest());
  return Buffer.concat(out).subarray(0, length);
}

function gcmSeal(key: Buffer, iv: Buffer, plain: Buffer): Buffer {
  const c = createCipheriv("aes-256-gcm", key, iv);
  return Buffer.concat([c.update(plain), c.final(), c.getAuthTag()]);
}

/** 2FAS's fixed password-check text (2fas-android BackupContent.kt `Reference`). */
export const TWOFAS_REFERENCE =
  "tRViSsLKzd86Hprh4ceC2OP7xazn4rrt4xhfEUbOjxLX8Rc3mkISXE0lWbmnWfggogbBJhtYgpK6fMl1D6mtsy92R3HkdGfwuXbzLebqVFJsR7IZ2w58t938iymwG4824igYy1wi6n2WDpO1Q1P69zwJGs2F5a1qP4MyIiDSD7NCV2OvidXQCBnDlGfmz0f1BQySRkkt4ryiJeCjD2o4QsveJ9uDBUn8ELyOrESv5R5DMDkD4iAF8TXU7KyoJujd";

/** The 2FAS key for a salt: PBKDF2-HMAC-SHA256, 10 000 iterations. */
export function twoFasKey(password: string, salt: Buffer): Buffer {
  return pbkdf2Sync(password, salt, 10_000, 32, "sha256");
}

/** `base64(ct‖tag):base64(salt):base64(iv)` as 2FAS writes its encrypted fields. */
export function twoFasSeal(key: Buffer, salt: Buffer, iv: Buffer, plain: string | Buffer): string {
  return [gcmSeal(key, iv, typeof plain === "string" ? Buffer.from(plain, "utf8") : plain), salt, iv].map((b) => b.toString("base64")).join(":");
}

/** Opens a 2FAS sealed field with a known key (tests only: checks the fixtures' structure). */
export function twoFasOpen(key: Buffer, sealed: string): string {
  const [data, , iv] = sealed.split(":").map((p) => Buffer.from(p, "base64"));
  const d = createDecipheriv("aes-256-gcm", key, iv!);
  d.setAuthTag(data!.subarray(data!.length - 16));
  return Buffer.concat([d.update(data!.subarray(0, data!.length - 16)), d.final()]).toString("utf8");
}

/**
 * An encrypted 2FAS backup of `services` (an array, or the JSON text itself, damaged or not, when
 * fuzzing); a key may be passed to skip PBKDF2.
 */
export function writeTwoFasEncrypted(services: unknown[] | string | Buffer, password: string, o: { schemaVersion?: number; key?: Buffer; salt?: Buffer; reference?: boolean } = {}): Buffer {
  const salt = o.salt ?? seededBytes("2fas-salt", 256);
  const key = o.key ?? twoFasKey(password, salt);
  const doc: Record<string, unknown> = {
    services: [],
    groups: [],
    updatedAt: 1702934782660,
    schemaVersion: o.schemaVersion ?? 4,
    appVersionCode: 5000009,
    appVersionName: "5.1.0",
    appOrigin: "android",
    servicesEncrypted: twoFasSeal(key, salt, seededBytes("2fas-iv", 12), typeof services === "string" || Buffer.isBuffer(services) ? services : JSON.stringify(services)),
  };
  if (o.reference !== false) doc.reference = twoFasSeal(key, salt, seededBytes("2fas-ref-iv", 12), TWOFAS_REFERENCE);
  return Buffer.from(JSON.stringify(doc));
}

/** A legacy Stratum backup: "AuthenticatorPro" ‖ salt 20 ‖ IV 16 ‖ AES-256-CBC(PBKDF2-SHA1 64 000). */
export function writeStratumLegacy(doc: unknown, password: string): Buffer {
  const salt = seededBytes("stratum-legacy-salt", 20);
  const iv = seededBytes("stratum-legacy-iv", 16);
  const key = pbkdf2Sync(password, salt, 64_000, 32, "sha1");
  const c = createCipheriv("aes-256-cbc", key, iv);
  return Buffer.concat([Buffer.from("AuthenticatorPro", "latin1"), salt, iv, c.update(JSON.stringify(doc), "utf8"), c.final()]);
}

interface Sodium {
  crypto_pwhash(out: Uint8Array, passwd: Uint8Array, salt: Uint8Array, opslimit: number, memlimit: number, alg: number): void;
  crypto_onetimeauth(out: Uint8Array, input: Uint8Array, key: Uint8Array): void;
  readonly crypto_pwhash_ALG_ARGON2ID13: number;
}

const sodium = createRequire(import.meta.url)("sodium-native") as Sodium;

export interface EnteWriteOptions {
  memLimit?: number;
  opsLimit?: number;
  /** The tag of the single message: Ente writes FINAL; its CLI also accepts MESSAGE (0). */
  tag?: "final" | "message";
  version?: number;
  /** Reuse a derived key (with the same salt) to skip Argon2 when writing many files. */
  key?: Buffer;
}

/** The Ente key: Argon2id(password, salt, opsLimit, memLimit bytes). */
export function enteKey(password: string, salt: Buffer, opsLimit: number, memLimit: number): Buffer {
  const key = Buffer.alloc(32);
  sodium.crypto_pwhash(key, Buffer.from(password, "utf8"), salt, opsLimit, memLimit, sodium.crypto_pwhash_ALG_ARGON2ID13);
  return key;
}

export const ENTE_TEST_SALT = seededBytes("ente-salt", 16);

/** HChaCha20 (the XChaCha20 subkey derivation): 20 ChaCha rounds, words 0–3 and 12–15 out. */
function hchacha20(key: Buffer, nonce16: Buffer): Buffer {
  const s = new Uint32Array(16);
  s.set([0x61707865, 0x3320646e, 0x79622d32, 0x6b206574]);
  for (let i = 0; i < 8; i++) s[4 + i] = key.readUInt32LE(4 * i);
  for (let i = 0; i < 4; i++) s[12 + i] = nonce16.readUInt32LE(4 * i);
  const rotl = (v: number, n: number) => (v << n) | (v >>> (32 - n));
  const qr = (a: number, b: number, c: number, d: number) => {
    s[a] = s[a]! + s[b]!; s[d] = rotl(s[d]! ^ s[a]!, 16);
    s[c] = s[c]! + s[d]!; s[b] = rotl(s[b]! ^ s[c]!, 12);
    s[a] = s[a]! + s[b]!; s[d] = rotl(s[d]! ^ s[a]!, 8);
    s[c] = s[c]! + s[d]!; s[b] = rotl(s[b]! ^ s[c]!, 7);
  };
  for (let i = 0; i < 10; i++) {
    qr(0, 4, 8, 12); qr(1, 5, 9, 13); qr(2, 6, 10, 14); qr(3, 7, 11, 15);
    qr(0, 5, 10, 15); qr(1, 6, 11, 12); qr(2, 7, 8, 13); qr(3, 4, 9, 14);
  }
  const out = Buffer.alloc(32);
  [0, 1, 2, 3, 12, 13, 14, 15].forEach((w, i) => out.writeUInt32LE(s[w]!, 4 * i));
  return out;
}

/** ChaCha20 (IETF: 32-bit block counter, 96-bit nonce) applied to `data` from block `counter`. */
function chacha20Xor(key: Buffer, nonce12: Buffer, counter: number, data: Buffer): Buffer {
  const iv = Buffer.alloc(16);
  iv.writeUInt32LE(counter, 0);
  nonce12.copy(iv, 4);
  const c = createCipheriv("chacha20", key, iv);
  return Buffer.concat([c.update(data), c.final()]);
}

/**
 * The first message of a libsodium crypto_secretstream_xchacha20poly1305 stream with the given
 * 24-byte header, written out from libsodium's secretstream_xchacha20poly1305.c rather than by
 * libsodium itself: libsodium draws the header at random, and these files must be reproducible.
 * (The importer opens them with libsodium, which checks this code too.)
 */
export function secretstreamFirstMessage(key: Buffer, header: Buffer, message: Buffer, tag: number): Buffer {
  const subkey = hchacha20(key, header.subarray(0, 16));
  const nonce = Buffer.concat([Buffer.from([1, 0, 0, 0]), header.subarray(16, 24)]); // counter 1 ‖ inonce
  const polyKey = chacha20Xor(subkey, nonce, 0, Buffer.alloc(64)).subarray(0, 32);
  const block = Buffer.alloc(64);
  block[0] = tag;
  const encryptedBlock = chacha20Xor(subkey, nonce, 1, block);
  const c = chacha20Xor(subkey, nonce, 2, message);
  const lengths = Buffer.alloc(16);
  lengths.writeBigUInt64LE(0n, 0); // no associated data
  lengths.writeBigUInt64LE(BigInt(64 + message.length), 8);
  // libsodium pads the message with (0x10 - 64 + mlen) & 0xf zero bytes (= mlen mod 16).
  const macInput = Buffer.concat([encryptedBlock, c, Buffer.alloc(message.length % 16), lengths]);
  const mac = Buffer.alloc(16);
  sodium.crypto_onetimeauth(mac, macInput, polyKey);
  return Buffer.concat([encryptedBlock.subarray(0, 1), c, mac]);
}

const TAG_MESSAGE = 0;
const TAG_FINAL = 3;

/** An Ente Auth encrypted export of `text` (Ente's plain export: otpauth URIs one a line). */
export function writeEnteEncrypted(text: string | Buffer, password: string, o: EnteWriteOptions = {}): Buffer {
  const memLimit = o.memLimit ?? 1024 * 1024;
  const opsLimit = o.opsLimit ?? 1;
  const key = o.key ?? enteKey(password, ENTE_TEST_SALT, opsLimit, memLimit);
  const header = seededBytes("ente-header", 24);
  const m = typeof text === "string" ? Buffer.from(text, "utf8") : text;
  const c = secretstreamFirstMessage(key, header, m, o.tag === "message" ? TAG_MESSAGE : TAG_FINAL);
  return Buffer.from(
    JSON.stringify({
      version: o.version ?? 1,
      kdfParams: { memLimit, opsLimit, salt: ENTE_TEST_SALT.toString("base64") },
      encryptedData: c.toString("base64"),
      encryptionNonce: header.toString("base64"),
    }),
  );
}

/** An encrypted Aegis vault whose db is `dbJson` (any text), with a cheap scrypt; deterministic. */
export function writeAegisEncryptedText(dbJson: string | Buffer, password: string, o: { n?: number; slotKey?: Buffer } = {}): Buffer {
  const n = o.n ?? 1024;
  const salt = seededBytes("aegis-salt", 32);
  const slotKey = o.slotKey ?? aegisSlotKey(password, n);
  const masterKey = seededBytes("aegis-master", 32);
  const slotNonce = seededBytes("aegis-slot-nonce", 12);
  const wrapped = gcmSeal(slotKey, slotNonce, masterKey);
  const nonce = seededBytes("aegis-db-nonce", 12);
  const sealed = gcmSeal(masterKey, nonce, typeof dbJson === "string" ? Buffer.from(dbJson, "utf8") : dbJson);
  const slot = { type: 1, uuid: "p", key: wrapped.subarray(0, 32).toString("hex"), key_params: { nonce: slotNonce.toString("hex"), tag: wrapped.subarray(32).toString("hex") }, n, r: 8, p: 1, salt: salt.toString("hex") };
  const header = { slots: [slot], params: { nonce: nonce.toString("hex"), tag: sealed.subarray(sealed.length - 16).toString("hex") } };
  return Buffer.from(JSON.stringify({ version: 1, header, db: sealed.subarray(0, sealed.length - 16).toString("base64") }));
}

/** The slot key writeAegisEncryptedText uses (scrypt N = n, r 8, p 1), to derive it once. */
export function aegisSlotKey(password: string, n = 1024): Buffer {
  return scryptSync(password, seededBytes("aegis-salt", 32), 32, { N: n, r: 8, p: 1 });
}

/** An andOTP encrypted backup of `json` (any text) with few PBKDF2 iterations; deterministic. */
export function writeAndOtpEncryptedText(json: string | Buffer, password: string, o: { iterations?: number; key?: Buffer } = {}): Buffer {
  const iterations = o.iterations ?? 1000;
  const salt = seededBytes("andotp-salt", 12);
  const nonce = seededBytes("andotp-nonce", 12);
  const key = o.key ?? pbkdf2Sync(password, salt, iterations, 32, "sha1");
  const head = Buffer.alloc(4);
  head.writeUInt32BE(iterations >>> 0);
  return Buffer.concat([head, salt, nonce, gcmSeal(key, nonce, typeof json === "string" ? Buffer.from(json, "utf8") : json)]);
}

/** The key writeAndOtpEncryptedText uses, to derive it once. */
export function andOtpKey(password: string, iterations = 1000): Buffer {
  return pbkdf2Sync(password, seededBytes("andotp-salt", 12), iterations, 32, "sha1");
}

/** An SQLite database made by running `sql` (statements) with `rows` inserted into `table`. */
export async function writeSqlite(sql: string, table?: string, rows: Record<string, SqlValue>[] = []): Promise<Buffer> {
  const SQL = await initSqlJs();
  const db = new SQL.Database();
  try {
    db.run(sql);
    for (const row of rows) {
      const cols = Object.keys(row);
      db.run(`INSERT INTO "${table}" (${cols.map((c) => `"${c}"`).join(", ")}) VALUES (${cols.map(() => "?").join(", ")})`, cols.map((c) => row[c] ?? null));
    }
    return Buffer.from(db.export());
  } finally {
    db.close();
  }
}

/** Microsoft Authenticator's accounts table (the columns the importer reads, and a few more). */
export const MICROSOFT_ACCOUNTS_SQL =
  "CREATE TABLE `accounts` (`_id` INTEGER PRIMARY KEY AUTOINCREMENT, `name` TEXT NOT NULL, `username` TEXT NOT NULL, `paws_url` TEXT NOT NULL DEFAULT '', `oath_secret_key` TEXT NOT NULL, `account_type` INTEGER NOT NULL, `encrypted_oath_secret_key` TEXT NOT NULL DEFAULT '', `cid` TEXT NOT NULL DEFAULT '');";

/** Google Authenticator's accounts table, with the `isencrypted` column of later versions. */
export const GOOGLE_ACCOUNTS_SQL =
  "CREATE TABLE accounts (_id INTEGER PRIMARY KEY, email TEXT NOT NULL, secret TEXT NOT NULL, counter INTEGER DEFAULT 0, type INTEGER, provider INTEGER DEFAULT 0, issuer TEXT DEFAULT NULL, original_name TEXT DEFAULT NULL, isencrypted INTEGER DEFAULT 0);";
