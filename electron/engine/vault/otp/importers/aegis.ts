// Aegis Authenticator vault export (Aegis docs/vault.md), plain or encrypted.
//
// Encrypted: a random master key is wrapped once per "slot" with AES-256-GCM. Password slots
// (type 1) derive the wrapping key with scrypt(password, salt, n, r, p, 32); biometric slots
// (type 2) live in an Android Keystore and cannot be opened here, so they are passed over. The
// master key then opens `db` (Base64) with AES-256-GCM, the tag kept in header.params.
//
// scrypt's parameters come from the file, so a hostile file could ask for gigabytes of memory or
// hours of CPU: they are capped well above what Aegis writes (N = 2^15, r = 8, p = 1, ~32 MiB).

import { scrypt } from "node:crypto";
import type { OtpAlgorithm, OtpEntry, OtpImportResult, OtpType } from "../../../../../shared/vault-types.js";
import type { ImportInput, OtpImporter } from "./otp-importer.js";
import { EntryCollector, intField, SkipEntry, aesGcmOpen, base64Bytes, corrupt, displayName, firstNonBlankChar, hexBytes, isRecord, num, parseJsonOrCorrupt, str, tryParseJson } from "./importer-support.js";
import { OtpImportError } from "./otp-import-error.js";
import { parseAlgorithm } from "../otpauth-uri.js";

const LABEL = "Aegis vault export";

/** scrypt limits: memory 128·N·r bytes ≤ 256 MiB, and few password slots are tried. */
export const AEGIS_SCRYPT_LIMITS = { maxN: 1 << 20, maxR: 32, maxP: 16, maxMemoryBytes: 256 * 1024 * 1024, maxPasswordSlots: 8 } as const;

interface PasswordSlot {
  key: Buffer;
  nonce: Buffer;
  tag: Buffer;
  salt: Buffer;
  n: number;
  r: number;
  p: number;
}

function isAegisShape(value: unknown): value is Record<string, unknown> & { header: Record<string, unknown> } {
  return isRecord(value) && isRecord(value.header) && "db" in value && ("slots" in value.header || "params" in value.header);
}

function scryptAsync(password: string, slot: PasswordSlot): Promise<Buffer> {
  const maxmem = 128 * slot.n * slot.r + 128 * slot.r * slot.p + 1024 * 1024;
  return new Promise((resolve, reject) => {
    scrypt(Buffer.from(password, "utf8"), slot.salt, 32, { N: slot.n, r: slot.r, p: slot.p, maxmem }, (err, key) => (err ? reject(err) : resolve(key)));
  });
}

function passwordSlots(slots: unknown): PasswordSlot[] {
  if (!Array.isArray(slots)) corrupt(LABEL, "the key slots are missing");
  const out: PasswordSlot[] = [];
  for (const s of slots) {
    if (!isRecord(s) || s.type !== 1) continue; // 0 raw (not in exports), 2 biometric: unusable here
    const key = hexBytes(s.key);
    const params = isRecord(s.key_params) ? s.key_params : {};
    const nonce = hexBytes(params.nonce);
    const tag = hexBytes(params.tag);
    const salt = hexBytes(s.salt);
    const n = num(s.n);
    const r = num(s.r);
    const p = num(s.p);
    if (!key || key.length !== 32 || !nonce || nonce.length !== 12 || !tag || tag.length !== 16 || !salt || salt.length === 0 || n === undefined || r === undefined || p === undefined) {
      corrupt(LABEL, "a password slot is incomplete");
    }
    const powerOfTwo = n > 1 && (n & (n - 1)) === 0;
    if (!powerOfTwo || n > AEGIS_SCRYPT_LIMITS.maxN || r < 1 || r > AEGIS_SCRYPT_LIMITS.maxR || p < 1 || p > AEGIS_SCRYPT_LIMITS.maxP || 128 * n * r > AEGIS_SCRYPT_LIMITS.maxMemoryBytes) {
      throw new OtpImportError("This Aegis vault asks for password-hashing settings far beyond what Aegis uses; it was not opened, to protect this computer's memory.", "unsupported");
    }
    out.push({ key, nonce, tag, salt, n, r, p });
  }
  return out;
}

async function decryptDb(doc: Record<string, unknown> & { header: Record<string, unknown> }, password: string | undefined): Promise<unknown> {
  const params = doc.header.params;
  if (!isRecord(params)) corrupt(LABEL, "the encryption parameters are missing");
  const nonce = hexBytes(params.nonce);
  const tag = hexBytes(params.tag);
  const ciphertext = base64Bytes(doc.db);
  if (!nonce || nonce.length !== 12 || !tag || tag.length !== 16 || !ciphertext) corrupt(LABEL, "the encrypted data or its parameters are malformed");
  const slots = passwordSlots(doc.header.slots);
  if (slots.length === 0) {
    throw new OtpImportError("This Aegis vault can only be unlocked with a fingerprint on the phone. In Aegis, export again with a password.", "unsupported");
  }
  if (slots.length > AEGIS_SCRYPT_LIMITS.maxPasswordSlots) corrupt(LABEL, `it has ${slots.length} password slots`);
  if (password === undefined || password === "") throw new OtpImportError("This Aegis vault export is encrypted: enter the password it was exported with.", "password-required");
  let masterKey: Buffer | undefined;
  for (const slot of slots) {
    const slotKey = await scryptAsync(password, slot);
    masterKey = aesGcmOpen(slotKey, slot.nonce, slot.key, slot.tag);
    if (masterKey) break;
  }
  if (!masterKey) throw new OtpImportError("The password does not open this Aegis vault export.", "wrong-password");
  const plain = aesGcmOpen(masterKey, nonce, ciphertext, tag);
  // The password was right (the slot opened), so a failing tag here means damaged data.
  if (!plain) corrupt(LABEL, "the password is right but the encrypted data does not verify (damaged or cut short)");
  const db = tryParseJson(plain);
  if (db === undefined) corrupt(LABEL, "the decrypted data is not valid JSON");
  return db;
}

const FIXED: Partial<Record<string, { algorithm: OtpAlgorithm; digits: number; period: number }>> = {
  steam: { algorithm: "SHA1", digits: 5, period: 30 },
};

function convertEntry(raw: Record<string, unknown>): OtpEntry {
  const type = str(raw.type).toLowerCase();
  if (type === "motp") throw new SkipEntry("mOTP entries need a PIN and a different algorithm, which Lifeboat does not support.");
  if (type === "yandex") throw new SkipEntry("Yandex entries need a PIN and a different algorithm, which Lifeboat does not support.");
  if (type !== "totp" && type !== "hotp" && type !== "steam") throw new SkipEntry(`Unknown entry type "${type.slice(0, 20)}".`);
  const info = isRecord(raw.info) ? raw.info : undefined;
  if (!info) throw new SkipEntry("The entry has no OTP details.");
  const algoText = str(info.algo);
  const algorithm = algoText === "" ? "SHA1" : parseAlgorithm(algoText);
  if (!algorithm) throw new SkipEntry(`Unsupported algorithm "${algoText.slice(0, 20)}".`);
  const fixed = FIXED[type];
  const entry: OtpEntry = {
    type: type as OtpType,
    issuer: str(raw.issuer),
    account: str(raw.name),
    secret: str(info.secret),
    algorithm: fixed?.algorithm ?? algorithm,
    digits: fixed?.digits ?? intField(info.digits, 6, "number of digits"),
    period: type === "hotp" ? 30 : intField(info.period, 30, "period"),
    counter: type === "hotp" ? intField(info.counter, 0, "counter") : 0,
  };
  const note = str(raw.note);
  return note !== "" ? { ...entry, note } : entry;
}

export const aegisImporter: OtpImporter = {
  format: "aegis",
  label: LABEL,

  detect(input: ImportInput): boolean {
    if (firstNonBlankChar(input.bytes) !== "{") return false;
    return isAegisShape(tryParseJson(input.bytes));
  },

  async read(input: ImportInput): Promise<OtpImportResult> {
    const doc = parseJsonOrCorrupt(input.bytes, LABEL);
    if (!isAegisShape(doc)) throw new OtpImportError("This is not an Aegis vault export.", "unknown-format");
    const version = num(doc.version);
    if (version !== undefined && version > 1) throw new OtpImportError(`This Aegis export uses file version ${version}, newer than Lifeboat knows (1).`, "unsupported");
    const encrypted = doc.header.slots !== null && doc.header.slots !== undefined;
    const db = encrypted ? await decryptDb(doc, input.password) : doc.db;
    if (!isRecord(db) || !Array.isArray(db.entries)) corrupt(LABEL, "it has no list of entries");
    const dbVersion = num(db.version);
    if (dbVersion !== undefined && dbVersion > 3) throw new OtpImportError(`This Aegis export's content is version ${dbVersion}, newer than Lifeboat knows (3).`, "unsupported");
    const format = encrypted ? "aegis-encrypted" : "aegis-plain";
    const collector = new EntryCollector(format);
    for (const raw of db.entries) {
      if (!isRecord(raw)) {
        collector.skip("(unnamed entry)", "The entry is not an object.");
        continue;
      }
      collector.add(displayName(str(raw.issuer), str(raw.name)), () => convertEntry(raw));
    }
    return collector.result(format);
  },
};
