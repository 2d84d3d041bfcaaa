// 2FAS Authenticator backups (`.2fas`; research §1.5; 2fas-android BackupContent.kt, Aegis
// TwoFASImporter.java), schemas 1 to 4, plain or encrypted.
//
// Encrypted: `servicesEncrypted` = base64(ciphertext‖tag16) ":" base64(salt) ":" base64(iv12);
// key = PBKDF2-HMAC-SHA256(password, salt, 10 000, 32 bytes); AES-256-GCM without AAD; the
// plaintext is the JSON array of services. `reference` is a fixed public text encrypted the same
// way (same salt, own IV): 2FAS uses it to check the password, and so do we, which is what lets
// "wrong password" be told apart from "damaged data" (GCM alone cannot).
//
// The iteration count is fixed by the format, not read from the file, so a hostile file cannot
// raise the work; the salt (256 bytes in every real file) is capped all the same.
//
// What each schema can express, and so what an import yields (Aegis's tests agree):
//   1: TOTP only, SHA1 / 6 digits / 30 s whatever the account really used;
//   2: algorithm, digits and period, but no token type: every entry is a TOTP (an HOTP account
//      comes out as a TOTP with period 30);
//   3, 4: `tokenType` TOTP | HOTP | STEAM and the counter (honoured in schema 2 too, should a
//      writer put it there, as Aegis does).

import { pbkdf2 } from "node:crypto";
import type { OtpEntry, OtpImportResult, OtpType } from "../../../../../shared/vault-types.js";
import type { ImportInput, OtpImporter } from "./otp-importer.js";
import { EntryCollector, SkipEntry, aesGcmOpen, base64Bytes, corrupt, displayName, firstNonBlankChar, isRecord, num, parseJsonOrCorrupt, str, tryParseJson } from "./importer-support.js";
import { OtpImportError } from "./otp-import-error.js";
import { parseAlgorithm } from "../otpauth-uri.js";

const LABEL = "2FAS backup";
const PBKDF2_ITERATIONS = 10_000;
/** The newest schema 2FAS writes (2fas-android CurrentSchema; Aegis accepts up to 4 too). */
export const TWOFAS_MAX_SCHEMA = 4;
/** Real salts are 256 bytes; anything past 1 KiB is not a 2FAS file. */
const MAX_SALT_BYTES = 1024;
const IV_BYTES = 12;
const TAG_BYTES = 16;

interface Sealed {
  ciphertext: Buffer;
  tag: Buffer;
  salt: Buffer;
  iv: Buffer;
}

function isTwoFasShape(value: unknown): value is Record<string, unknown> {
  return isRecord(value) && "schemaVersion" in value && ("services" in value || "servicesEncrypted" in value);
}

/** Parses `base64(ct‖tag):base64(salt):base64(iv)`; undefined when malformed. */
function parseSealed(value: string): Sealed | undefined {
  const parts = value.split(":");
  if (parts.length !== 3) return undefined;
  const [data, salt, iv] = parts.map((p) => base64Bytes(p));
  if (!data || !salt || !iv || data.length < TAG_BYTES || salt.length === 0 || salt.length > MAX_SALT_BYTES || iv.length !== IV_BYTES) return undefined;
  return { ciphertext: data.subarray(0, data.length - TAG_BYTES), tag: data.subarray(data.length - TAG_BYTES), salt, iv };
}

function pbkdf2Async(password: string, salt: Buffer): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    pbkdf2(Buffer.from(password, "utf8"), salt, PBKDF2_ITERATIONS, 32, "sha256", (err, key) => (err ? reject(err) : resolve(key)));
  });
}

async function decryptServices(doc: Record<string, unknown>, password: string | undefined): Promise<unknown[]> {
  const services = parseSealed(str(doc.servicesEncrypted));
  if (!services) corrupt(LABEL, "its encrypted data is malformed");
  const referenceText = str(doc.reference).trim();
  const reference = referenceText === "" ? undefined : parseSealed(referenceText);
  if (referenceText !== "" && !reference) corrupt(LABEL, "its password check value is malformed");
  if (password === undefined || password === "") throw new OtpImportError("This 2FAS backup is encrypted: enter the password it was exported with.", "password-required");

  // One key per distinct salt (2FAS uses the same salt for both fields).
  const keys = new Map<string, Buffer>();
  const keyFor = async (salt: Buffer): Promise<Buffer> => {
    const id = salt.toString("base64");
    let key = keys.get(id);
    if (!key) {
      key = await pbkdf2Async(password, salt);
      keys.set(id, key);
    }
    return key;
  };

  if (reference && !aesGcmOpen(await keyFor(reference.salt), reference.iv, reference.ciphertext, reference.tag)) {
    throw new OtpImportError("The password does not open this 2FAS backup.", "wrong-password");
  }
  const plain = aesGcmOpen(await keyFor(services.salt), services.iv, services.ciphertext, services.tag);
  if (!plain) {
    // With a reference that opened, the password is right, so the data is what is wrong.
    if (reference) corrupt(LABEL, "the password is right but the encrypted accounts do not verify (damaged or cut short)");
    throw new OtpImportError("The password does not open this 2FAS backup (or the file is damaged).", "wrong-password");
  }
  const list = tryParseJson(plain);
  if (!Array.isArray(list)) corrupt(LABEL, "the decrypted accounts are not a list");
  return list;
}

const TOKEN_TYPES: Partial<Record<string, OtpType>> = { TOTP: "totp", HOTP: "hotp", STEAM: "steam" };

/** The account name: `otp.account`, else the label without its "Issuer:" prefix. */
function accountOf(otp: Record<string, unknown>, issuer: string): string {
  const account = str(otp.account);
  if (account.trim() !== "") return account;
  const label = str(otp.label);
  if (issuer !== "" && label.startsWith(`${issuer}:`)) return label.slice(issuer.length + 1);
  const colon = label.indexOf(":");
  return colon === -1 ? label : label.slice(colon + 1);
}

/** `name` is what 2FAS shows, which the user may have edited; `otp.issuer` is what the QR said. */
function issuerOf(raw: Record<string, unknown>, otp: Record<string, unknown>): string {
  return str(raw.name).trim() !== "" ? str(raw.name) : str(otp.issuer);
}

function convertService(raw: Record<string, unknown>, schema: number): OtpEntry {
  const otp = isRecord(raw.otp) ? raw.otp : {};
  const issuer = issuerOf(raw, otp);
  const account = accountOf(otp, issuer);
  const secret = str(raw.secret);
  if (schema === 1) return { type: "totp", issuer, account, secret, algorithm: "SHA1", digits: 6, period: 30, counter: 0 };

  let type: OtpType = "totp";
  if (otp.tokenType !== undefined && otp.tokenType !== null) {
    const tokenType = str(otp.tokenType).toUpperCase();
    const mapped = TOKEN_TYPES[tokenType];
    if (!mapped) throw new SkipEntry(`2FAS token type "${tokenType.slice(0, 20)}" is not supported.`);
    type = mapped;
  }
  const algoText = str(otp.algorithm);
  const algorithm = algoText === "" ? "SHA1" : parseAlgorithm(algoText);
  if (!algorithm) throw new SkipEntry(`Unsupported algorithm "${algoText.slice(0, 20)}".`);
  return {
    type,
    issuer,
    account,
    secret,
    algorithm,
    digits: num(otp.digits) ?? 6,
    period: type === "hotp" ? 30 : (num(otp.period) ?? 30),
    counter: type === "hotp" ? (num(otp.counter) ?? 0) : 0,
  };
}

export const twoFasImporter: OtpImporter = {
  format: "2fas",
  label: LABEL,

  detect(input: ImportInput): boolean {
    return firstNonBlankChar(input.bytes) === "{" && isTwoFasShape(tryParseJson(input.bytes));
  },

  async read(input: ImportInput): Promise<OtpImportResult> {
    const doc = parseJsonOrCorrupt(input.bytes, LABEL);
    if (!isTwoFasShape(doc)) throw new OtpImportError("This is not a 2FAS backup.", "unknown-format");
    const schema = num(doc.schemaVersion);
    if (schema === undefined || !Number.isInteger(schema) || schema < 1) corrupt(LABEL, "its schema version is missing or invalid");
    if (schema > TWOFAS_MAX_SCHEMA) throw new OtpImportError(`This 2FAS backup uses schema ${schema}, newer than Lifeboat knows (${TWOFAS_MAX_SCHEMA}). Update Lifeboat, or export from 2FAS again.`, "unsupported");
    // 2fas-android: encrypted when `reference` is set; Aegis: when `servicesEncrypted` is. Either.
    const encrypted = (typeof doc.servicesEncrypted === "string" && doc.servicesEncrypted !== "") || str(doc.reference).trim() !== "";
    let services: unknown[];
    if (encrypted) services = await decryptServices(doc, input.password);
    else if (Array.isArray(doc.services)) services = doc.services;
    else corrupt(LABEL, "it has no list of accounts");
    const format = `2fas-v${schema}${encrypted ? "-encrypted" : ""}`;
    const collector = new EntryCollector(format);
    for (const raw of services) {
      if (!isRecord(raw)) {
        collector.skip("(unnamed entry)", "The account is not an object.");
        continue;
      }
      const otp = isRecord(raw.otp) ? raw.otp : {};
      const issuer = issuerOf(raw, otp);
      collector.add(displayName(issuer, accountOf(otp, issuer)), () => convertService(raw, schema));
    }
    return collector.result(format);
  },
};
