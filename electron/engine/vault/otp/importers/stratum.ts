// Stratum (formerly Authenticator Pro) backups, `.authpro` / `.bin` (research §1.11; stratumauth/app
// doc/BACKUP_FORMAT.md; Aegis StratumImporter.java), plain or encrypted.
//
// Plain: JSON {"Authenticators":[{Type, Issuer, Username, Secret, Algorithm, Digits, Period,
// Counter, …}], "Categories", "AuthenticatorCategories", "CustomIcons"}. Type 1 HOTP, 2 TOTP,
// 3 mOTP, 4 Steam, 5 Yandex; Algorithm 0 SHA1, 1 SHA256, 2 SHA512.
//
// Encrypted, two generations, told apart by the case of the 16-byte magic:
//   "AUTHENTICATORPRO" ‖ salt 16 ‖ IV 12 ‖ ciphertext ‖ tag 16: AES-256-GCM with
//      key = Argon2id(password, salt, t 3, m 64 MiB, p 4, 32 bytes);
//   "AuthenticatorPro" ‖ salt 20 ‖ IV 16 ‖ ciphertext: AES-256-CBC (PKCS#7) with
//      key = PBKDF2-HMAC-SHA1(password, salt, 64 000, 32 bytes) — the older app versions.
// The KDF settings are constants of the format, not read from the file, so a hostile file cannot
// make us spend more than those (64 MiB, well under a second).
//
// Argon2id runs in hash-wasm (WebAssembly): libsodium's Argon2 has no parallelism setting, and
// Stratum uses p = 4.

import { createDecipheriv, pbkdf2 } from "node:crypto";
import { argon2id } from "hash-wasm";
import type { OtpAlgorithm, OtpEntry, OtpImportResult, OtpType } from "../../../../../shared/vault-types.js";
import type { ImportInput, OtpImporter } from "./otp-importer.js";
import { EntryCollector, SkipEntry, aesGcmOpen, corrupt, displayName, firstNonBlankChar, isRecord, num, parseJsonOrCorrupt, str, tryParseJson } from "./importer-support.js";
import { OtpImportError } from "./otp-import-error.js";

const LABEL = "Stratum (Authenticator Pro) backup";
const MAGIC_STRONG = Buffer.from("AUTHENTICATORPRO", "latin1");
const MAGIC_LEGACY = Buffer.from("AuthenticatorPro", "latin1");

/** Fixed by the format (Stratum's BackupFormat / Aegis). */
export const STRATUM_KDF = {
  argon2: { iterations: 3, memoryKiB: 64 * 1024, parallelism: 4, saltBytes: 16, ivBytes: 12 },
  legacyPbkdf2: { iterations: 64_000, saltBytes: 20, ivBytes: 16 },
} as const;
const TAG_BYTES = 16;

function startsWith(bytes: Buffer, magic: Buffer): boolean {
  return bytes.length >= magic.length && bytes.subarray(0, magic.length).equals(magic);
}

function isStratumJson(value: unknown): value is Record<string, unknown> {
  return isRecord(value) && Array.isArray(value.Authenticators);
}

function passwordRequired(): never {
  throw new OtpImportError("This Stratum (Authenticator Pro) backup is encrypted: enter its backup password.", "password-required");
}

function notOpened(): never {
  // Neither cipher can tell a wrong password from damaged bytes; the password is the likelier.
  throw new OtpImportError("The password does not open this Stratum (Authenticator Pro) backup (or the file is damaged).", "wrong-password");
}

async function decryptStrong(bytes: Buffer, password: string | undefined): Promise<Buffer> {
  const { saltBytes, ivBytes, iterations, memoryKiB, parallelism } = STRATUM_KDF.argon2;
  const start = MAGIC_STRONG.length;
  if (bytes.length < start + saltBytes + ivBytes + TAG_BYTES) corrupt(LABEL, "it is too short");
  if (password === undefined || password === "") passwordRequired();
  const salt = bytes.subarray(start, start + saltBytes);
  const iv = bytes.subarray(start + saltBytes, start + saltBytes + ivBytes);
  const body = bytes.subarray(start + saltBytes + ivBytes);
  const key = await argon2id({ password: Buffer.from(password, "utf8"), salt, iterations, memorySize: memoryKiB, parallelism, hashLength: 32, outputType: "binary" });
  const plain = aesGcmOpen(key, iv, body.subarray(0, body.length - TAG_BYTES), body.subarray(body.length - TAG_BYTES));
  if (!plain) notOpened();
  return plain;
}

function pbkdf2Sha1(password: string, salt: Buffer, iterations: number): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    pbkdf2(Buffer.from(password, "utf8"), salt, iterations, 32, "sha1", (err, key) => (err ? reject(err) : resolve(key)));
  });
}

async function decryptLegacy(bytes: Buffer, password: string | undefined): Promise<Buffer> {
  const { saltBytes, ivBytes, iterations } = STRATUM_KDF.legacyPbkdf2;
  const start = MAGIC_LEGACY.length;
  const body = bytes.subarray(start + saltBytes + ivBytes);
  if (bytes.length < start + saltBytes + ivBytes || body.length === 0 || body.length % 16 !== 0) corrupt(LABEL, "it is cut short");
  if (password === undefined || password === "") passwordRequired();
  const key = await pbkdf2Sha1(password, bytes.subarray(start, start + saltBytes), iterations);
  try {
    const decipher = createDecipheriv("aes-256-cbc", key, bytes.subarray(start + saltBytes, start + saltBytes + ivBytes));
    return Buffer.concat([decipher.update(body), decipher.final()]);
  } catch {
    notOpened();
  }
}

const TYPES: Partial<Record<number, OtpType>> = { 1: "hotp", 2: "totp", 4: "steam" };
const UNSUPPORTED_TYPES: Partial<Record<number, string>> = { 3: "mOTP", 5: "Yandex" };
const ALGORITHMS: readonly OtpAlgorithm[] = ["SHA1", "SHA256", "SHA512"];

function convertEntry(raw: Record<string, unknown>): OtpEntry {
  const typeCode = num(raw.Type);
  const type = typeCode === undefined ? undefined : TYPES[typeCode];
  if (!type) {
    const known = typeCode === undefined ? undefined : UNSUPPORTED_TYPES[typeCode];
    throw new SkipEntry(known ? `${known} entries need a PIN and a different algorithm, which Lifeboat does not support.` : "Unknown entry type.");
  }
  const algoCode = num(raw.Algorithm) ?? 0;
  const algorithm = ALGORITHMS[algoCode];
  if (!algorithm) throw new SkipEntry("Unknown algorithm.");
  return {
    type,
    issuer: str(raw.Issuer),
    account: str(raw.Username),
    secret: str(raw.Secret),
    algorithm,
    digits: num(raw.Digits) ?? 6,
    period: type === "hotp" ? 30 : (num(raw.Period) ?? 30),
    counter: type === "hotp" ? (num(raw.Counter) ?? 0) : 0,
  };
}

export const stratumImporter: OtpImporter = {
  format: "stratum",
  label: LABEL,

  detect(input: ImportInput): boolean {
    if (startsWith(input.bytes, MAGIC_STRONG) || startsWith(input.bytes, MAGIC_LEGACY)) return true;
    return firstNonBlankChar(input.bytes) === "{" && isStratumJson(tryParseJson(input.bytes));
  },

  async read(input: ImportInput): Promise<OtpImportResult> {
    const { bytes } = input;
    let format: string;
    let doc: unknown;
    if (startsWith(bytes, MAGIC_STRONG) || startsWith(bytes, MAGIC_LEGACY)) {
      const strong = startsWith(bytes, MAGIC_STRONG);
      const plain = strong ? await decryptStrong(bytes, input.password) : await decryptLegacy(bytes, input.password);
      format = strong ? "stratum-encrypted" : "stratum-encrypted-legacy";
      doc = tryParseJson(plain);
      // CBC has no tag: a wrong key passes the padding check 1 time in 256 and yields noise.
      if (doc === undefined && !strong) notOpened();
      if (doc === undefined) corrupt(LABEL, "the decrypted data is not valid JSON");
    } else {
      format = "stratum-plain";
      doc = parseJsonOrCorrupt(bytes, LABEL);
    }
    if (!isStratumJson(doc)) {
      if (format === "stratum-plain") throw new OtpImportError("This is not a Stratum (Authenticator Pro) backup.", "unknown-format");
      corrupt(LABEL, "the decrypted data has no list of authenticators");
    }
    const collector = new EntryCollector(format);
    for (const raw of doc.Authenticators as unknown[]) {
      if (!isRecord(raw)) {
        collector.skip("(unnamed entry)", "The entry is not an object.");
        continue;
      }
      collector.add(displayName(str(raw.Issuer), str(raw.Username)), () => convertEntry(raw));
    }
    return collector.result(format);
  },
};
