// Bitwarden's password-protected export envelope (bitwarden/android ExportEnvelopeCrypto.kt;
// research §1.8), used by the password manager and the Bitwarden Authenticator app:
//   {"encrypted":true,"passwordProtected":true,"salt","kdfType","kdfIterations","kdfMemory",
//    "kdfParallelism","encKeyValidation_DO_NOT_EDIT":"2.iv|ct|mac","data":"2.iv|ct|mac"}
// Key: kdfType 0 → PBKDF2-HMAC-SHA256(password, salt *text* bytes, iterations, 32);
//      kdfType 1 → Argon2id(password, SHA-256(salt text), iterations, kdfMemory MiB, parallelism).
// Then HKDF-Expand(SHA-256) with info "enc" and "mac" gives the AES-256-CBC and HMAC keys; an
// EncString of type 2 is IV ‖ ciphertext authenticated by HMAC-SHA256(macKey, IV ‖ ciphertext).
// The validation string decrypts (to a UUID) only with the right password.
//
// KDF settings come from the file, so they are capped at Bitwarden's own maxima (PBKDF2 2 000 000
// iterations; Argon2 1 GiB, 10 iterations, 16 lanes): a hostile file cannot ask for more.

import { createDecipheriv, createHash, createHmac, pbkdf2, timingSafeEqual } from "node:crypto";
import { argon2id } from "hash-wasm";
import { OtpImportError } from "./otp-import-error.js";
import { base64Bytes, isRecord, num, str } from "./importer-support.js";

export const BITWARDEN_KDF_LIMITS = { maxPbkdf2Iterations: 2_000_000, maxArgonMemoryMiB: 1024, maxArgonIterations: 10, maxArgonParallelism: 16 } as const;

const LABEL = "password-protected Bitwarden export";

export interface EncString {
  iv: Buffer;
  ciphertext: Buffer;
  mac: Buffer;
}

/** True for the envelope's JSON shape (what `detect` checks). */
export function isPasswordProtectedEnvelope(doc: unknown): boolean {
  return isRecord(doc) && doc.encrypted === true && doc.passwordProtected === true;
}

export function parseEncString(value: unknown): EncString | undefined {
  const m = /^2\.([^|]+)\|([^|]+)\|([^|]+)$/.exec(str(value).trim());
  if (!m) return undefined;
  const iv = base64Bytes(m[1]);
  const ciphertext = base64Bytes(m[2]);
  const mac = base64Bytes(m[3]);
  if (!iv || iv.length !== 16 || !ciphertext || ciphertext.length === 0 || ciphertext.length % 16 !== 0 || !mac || mac.length !== 32) return undefined;
  return { iv, ciphertext, mac };
}

function hkdfExpand(prk: Buffer, info: string): Buffer {
  // One block is enough for 32 bytes: T(1) = HMAC(PRK, info ‖ 0x01).
  return createHmac("sha256", prk).update(Buffer.concat([Buffer.from(info, "utf8"), Buffer.from([1])])).digest();
}

export interface StretchedKey {
  encKey: Buffer;
  macKey: Buffer;
}

/** Decrypts an EncString; undefined when its MAC does not verify. */
export function openEncString(enc: EncString, key: StretchedKey): Buffer | undefined {
  const mac = createHmac("sha256", key.macKey).update(enc.iv).update(enc.ciphertext).digest();
  if (!timingSafeEqual(mac, enc.mac)) return undefined;
  try {
    const decipher = createDecipheriv("aes-256-cbc", key.encKey, enc.iv);
    return Buffer.concat([decipher.update(enc.ciphertext), decipher.final()]);
  } catch {
    return undefined;
  }
}

function pbkdf2Async(password: string, salt: Buffer, iterations: number): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    pbkdf2(Buffer.from(password, "utf8"), salt, iterations, 32, "sha256", (err, key) => (err ? reject(err) : resolve(key)));
  });
}

/** Derives the stretched key from the envelope's KDF settings (validated and capped). */
export async function deriveEnvelopeKey(doc: Record<string, unknown>, password: string): Promise<StretchedKey> {
  const saltText = str(doc.salt);
  if (saltText === "") throw new OtpImportError(`This ${LABEL} is damaged: its salt is missing.`, "corrupt");
  const kdfType = num(doc.kdfType) ?? 0;
  const iterations = num(doc.kdfIterations);
  let master: Buffer;
  if (kdfType === 0) {
    if (iterations === undefined || iterations < 1) throw new OtpImportError(`This ${LABEL} is damaged: its key settings are missing.`, "corrupt");
    if (iterations > BITWARDEN_KDF_LIMITS.maxPbkdf2Iterations) throw new OtpImportError(`This ${LABEL} asks for more password-hashing work than Bitwarden allows; it was not opened.`, "unsupported");
    master = await pbkdf2Async(password, Buffer.from(saltText, "utf8"), iterations);
  } else if (kdfType === 1) {
    const memoryMiB = num(doc.kdfMemory);
    const parallelism = num(doc.kdfParallelism);
    if (iterations === undefined || iterations < 1 || memoryMiB === undefined || memoryMiB < 1 || parallelism === undefined || parallelism < 1) {
      throw new OtpImportError(`This ${LABEL} is damaged: its Argon2 settings are missing.`, "corrupt");
    }
    if (iterations > BITWARDEN_KDF_LIMITS.maxArgonIterations || memoryMiB > BITWARDEN_KDF_LIMITS.maxArgonMemoryMiB || parallelism > BITWARDEN_KDF_LIMITS.maxArgonParallelism) {
      throw new OtpImportError(`This ${LABEL} asks for more password-hashing memory or work than Bitwarden allows; it was not opened.`, "unsupported");
    }
    const hash = await argon2id({
      password: Buffer.from(password, "utf8"),
      salt: createHash("sha256").update(saltText, "utf8").digest(),
      iterations,
      memorySize: memoryMiB * 1024,
      parallelism,
      hashLength: 32,
      outputType: "binary",
    });
    master = Buffer.from(hash);
  } else {
    throw new OtpImportError(`This ${LABEL} uses a key derivation (type ${kdfType}) Lifeboat does not know.`, "unsupported");
  }
  return { encKey: hkdfExpand(master, "enc"), macKey: hkdfExpand(master, "mac") };
}

/**
 * Opens the envelope and returns the inner export's JSON text. Throws "password-required",
 * "wrong-password" (the validation string does not verify) or "corrupt" (it does, but the data
 * does not).
 */
export async function openPasswordProtectedExport(doc: Record<string, unknown>, password: string | undefined): Promise<string> {
  const validation = parseEncString(doc.encKeyValidation_DO_NOT_EDIT);
  const data = parseEncString(doc.data);
  if (!validation || !data) throw new OtpImportError(`This ${LABEL} is damaged or cut short.`, "corrupt");
  if (password === undefined || password === "") throw new OtpImportError("This Bitwarden export is password protected: enter the password chosen when exporting it.", "password-required");
  const key = await deriveEnvelopeKey(doc, password);
  if (!openEncString(validation, key)) throw new OtpImportError("The password does not open this Bitwarden export.", "wrong-password");
  const plain = openEncString(data, key);
  if (!plain) throw new OtpImportError(`This ${LABEL} is damaged: the password is right but the data does not verify.`, "corrupt");
  return plain.toString("utf8");
}
