// andOTP backups (Aegis AndOtpImporter.java; andOTP itself is discontinued, backups persist).
//
// Plain: a JSON array of entries. Encrypted ("new" format, andOTP ≥ 0.6.3):
//   [4-byte big-endian PBKDF2 iterations][12-byte salt][12-byte GCM nonce][ciphertext][16-byte tag]
// key = PBKDF2-HMAC-SHA1(password, salt, iterations, 32 bytes), AES-256-GCM. There is no marker,
// so "binary and its first 4 bytes are a plausible iteration count" is the detection. The older
// format (key = SHA-256(password), no header) is not supported: it cannot be told from noise.
//
// andOTP writes 140 000–160 000 iterations; the cap (Aegis's) stops a hostile file from asking
// for hours of CPU.

import { pbkdf2 } from "node:crypto";
import type { OtpEntry, OtpImportResult, OtpType } from "../../../../../shared/vault-types.js";
import type { ImportInput, OtpImporter } from "./otp-importer.js";
import { EntryCollector, intField, SkipEntry, aesGcmOpen, corrupt, displayName, firstNonBlankChar, isRecord, str, tryParseJson } from "./importer-support.js";
import { OtpImportError } from "./otp-import-error.js";
import { parseAlgorithm } from "../otpauth-uri.js";

const LABEL = "andOTP backup";
export const ANDOTP_MAX_ITERATIONS = 10_000_000;
const HEADER = 4 + 12 + 12;
const TAG = 16;

function pbkdf2Async(password: string, salt: Buffer, iterations: number): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    pbkdf2(Buffer.from(password, "utf8"), salt, iterations, 32, "sha1", (err, key) => (err ? reject(err) : resolve(key)));
  });
}

function looksEncrypted(bytes: Buffer): boolean {
  if (bytes.length < HEADER + TAG + 2) return false;
  const iterations = bytes.readUInt32BE(0);
  return iterations >= 1 && iterations <= ANDOTP_MAX_ITERATIONS && firstNonBlankChar(bytes) !== "[" && firstNonBlankChar(bytes) !== "{";
}

function isAndOtpArray(value: unknown): value is unknown[] {
  return Array.isArray(value) && value.every((e) => isRecord(e) && "secret" in e && "type" in e && ("label" in e || "issuer" in e));
}

async function decrypt(bytes: Buffer, password: string | undefined): Promise<unknown> {
  if (bytes.length < HEADER + TAG + 2) corrupt(LABEL, "it is too short");
  const iterations = bytes.readUInt32BE(0);
  if (iterations < 1 || iterations > ANDOTP_MAX_ITERATIONS) {
    throw new OtpImportError("This andOTP backup is in a format Lifeboat cannot open (an old andOTP version, or another app's file).", "unsupported");
  }
  if (password === undefined || password === "") throw new OtpImportError("This andOTP backup is encrypted: enter its backup password.", "password-required");
  const salt = bytes.subarray(4, 16);
  const nonce = bytes.subarray(16, 28);
  const ciphertext = bytes.subarray(HEADER, bytes.length - TAG);
  const tag = bytes.subarray(bytes.length - TAG);
  const key = await pbkdf2Async(password, salt, iterations);
  const plain = aesGcmOpen(key, nonce, ciphertext, tag);
  // GCM cannot tell a wrong password from damaged bytes; the password is by far the likelier.
  if (!plain) throw new OtpImportError("The password does not open this andOTP backup (or the file is damaged).", "wrong-password");
  const json = tryParseJson(plain);
  if (json === undefined) corrupt(LABEL, "the decrypted data is not valid JSON");
  return json;
}

function convertEntry(raw: Record<string, unknown>): OtpEntry {
  const type = str(raw.type).toUpperCase();
  const map: Record<string, OtpType> = { TOTP: "totp", HOTP: "hotp", STEAM: "steam" };
  const otpType = map[type];
  if (!otpType) throw new SkipEntry(`andOTP entry type "${type.slice(0, 20)}" is not supported.`);
  let issuer = str(raw.issuer);
  let account = str(raw.label);
  // Old andOTP had no issuer field and wrote "Issuer - Label" into the label.
  if (!("issuer" in raw) && account.includes(" - ")) {
    const at = account.indexOf(" - ");
    issuer = account.slice(0, at);
    account = account.slice(at + 3);
  }
  const algoText = str(raw.algorithm);
  const algorithm = algoText === "" ? "SHA1" : parseAlgorithm(algoText);
  if (!algorithm) throw new SkipEntry(`Unsupported algorithm "${algoText.slice(0, 20)}".`);
  return {
    type: otpType,
    issuer,
    account,
    secret: str(raw.secret),
    algorithm,
    digits: otpType === "steam" ? 5 : intField(raw.digits, 6, "number of digits"),
    period: otpType === "hotp" ? 30 : intField(raw.period, 30, "period"),
    counter: otpType === "hotp" ? intField(raw.counter, 0, "counter") : 0,
  };
}

export const andOtpImporter: OtpImporter = {
  format: "andotp",
  label: LABEL,

  detect(input: ImportInput): boolean {
    if (firstNonBlankChar(input.bytes) === "[") return isAndOtpArray(tryParseJson(input.bytes));
    // The encrypted form has no marker: only claim binary files with a plausible header.
    return looksEncrypted(input.bytes);
  },

  async read(input: ImportInput): Promise<OtpImportResult> {
    const plainJson = firstNonBlankChar(input.bytes) === "[" ? tryParseJson(input.bytes) : undefined;
    const encrypted = plainJson === undefined;
    if (encrypted && firstNonBlankChar(input.bytes) === "[") corrupt(LABEL, "it is not valid JSON");
    const doc = encrypted ? await decrypt(input.bytes, input.password) : plainJson;
    if (!Array.isArray(doc)) corrupt(LABEL, "it has no list of entries");
    const format = encrypted ? "andotp-encrypted" : "andotp-plain";
    const collector = new EntryCollector(format);
    for (const raw of doc) {
      if (!isRecord(raw)) {
        collector.skip("(unnamed entry)", "The entry is not an object.");
        continue;
      }
      collector.add(displayName(str(raw.issuer), str(raw.label)), () => convertEntry(raw));
    }
    return collector.result(format);
  },
};
