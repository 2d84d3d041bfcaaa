// Ente Auth's encrypted export (research §1.7; ente-io/ente docs/docs/auth/migration/export.md,
// cli/pkg/authenticator/decrypt.go):
//   {"version":1,"kdfParams":{"memLimit","opsLimit","salt"},"encryptedData","encryptionNonce"}
// key = Argon2id(password, salt, t = opsLimit, m = memLimit bytes, p = 1, 32 bytes), libsodium's
// crypto_pwhash; the data is one libsodium secretstream (XChaCha20-Poly1305) message whose 24-byte
// header is `encryptionNonce`. Ente's own CLI accepts the message's tag being FINAL or MESSAGE (0).
// The plaintext is Ente's plain export: otpauth:// URIs one a line, read by the otpauth-list
// importer (which also keeps Ente's notes). Ente's plain export itself is handled there.
//
// The KDF settings come from the file. Ente writes libsodium's "sensitive" level (1 GiB, 4 passes)
// or, on phones short of memory, half the memory and twice the passes, so memory × passes never
// exceeds 4 GiB: those are the caps, so a hostile file cannot ask for more than a genuine one.
//
// Argon2id runs in libsodium (sodium-native), the implementation Ente uses, natively and off the
// main thread (crypto_pwhash_async): at 1 GiB that matters.

import { createRequire } from "node:module";
import type { OtpImportResult } from "../../../../../shared/vault-types.js";
import type { ImportInput, OtpImporter } from "./otp-importer.js";
import { base64Bytes, corrupt, firstNonBlankChar, isRecord, parseJsonOrCorrupt, tryParseJson } from "./importer-support.js";
import { OtpImportError } from "./otp-import-error.js";
import { otpauthListImporter } from "./otpauth-list.js";

const LABEL = "Ente Auth encrypted export";
const FORMAT = "ente-encrypted";

export const ENTE_KDF_LIMITS = {
  /** libsodium's crypto_pwhash_MEMLIMIT_SENSITIVE, Ente's setting. */
  maxMemLimitBytes: 1024 * 1024 * 1024,
  /** memLimit × opsLimit of the sensitive level (1 GiB × 4); halving/doubling keeps it. */
  maxMemTimesOps: 4 * 1024 * 1024 * 1024,
  /** libsodium's minimum for Argon2id. */
  minMemLimitBytes: 8192,
} as const;

/** The subset of sodium-native used here (it ships no type declarations). */
interface SodiumNative {
  crypto_pwhash_async(out: Uint8Array, passwd: Uint8Array, salt: Uint8Array, opslimit: number, memlimit: number, alg: number): Promise<void>;
  crypto_secretstream_xchacha20poly1305_init_pull(state: Uint8Array, header: Uint8Array, key: Uint8Array): void;
  crypto_secretstream_xchacha20poly1305_pull(state: Uint8Array, m: Uint8Array, tag: Uint8Array, c: Uint8Array, ad: Uint8Array | null): number;
  readonly crypto_pwhash_ALG_ARGON2ID13: number;
  readonly crypto_pwhash_SALTBYTES: number;
  readonly crypto_secretstream_xchacha20poly1305_STATEBYTES: number;
  readonly crypto_secretstream_xchacha20poly1305_HEADERBYTES: number;
  readonly crypto_secretstream_xchacha20poly1305_ABYTES: number;
  readonly crypto_secretstream_xchacha20poly1305_TAG_MESSAGE: number;
  readonly crypto_secretstream_xchacha20poly1305_TAG_FINAL: number;
}

let sodiumInstance: SodiumNative | undefined;

/** Loaded on first use, so reading other formats never loads the native addon. */
function sodium(): SodiumNative {
  sodiumInstance ??= createRequire(import.meta.url)("sodium-native") as SodiumNative;
  return sodiumInstance;
}

interface EnteExport {
  memLimit: number;
  opsLimit: number;
  salt: Buffer;
  header: Buffer;
  ciphertext: Buffer;
}

function isEnteShape(value: unknown): value is Record<string, unknown> & { kdfParams: Record<string, unknown> } {
  return isRecord(value) && isRecord(value.kdfParams) && "encryptedData" in value && "encryptionNonce" in value;
}

function parseExport(doc: Record<string, unknown> & { kdfParams: Record<string, unknown> }): EnteExport {
  const s = sodium();
  const version = doc.version;
  if (typeof version !== "number") corrupt(LABEL, "its version is missing");
  if (version !== 1) throw new OtpImportError(`This Ente Auth export is version ${String(version).slice(0, 12)}; Lifeboat reads version 1. Export again from an up-to-date Ente Auth.`, "unsupported");
  const { memLimit, opsLimit } = doc.kdfParams;
  const salt = base64Bytes(doc.kdfParams.salt);
  const header = base64Bytes(doc.encryptionNonce);
  const ciphertext = base64Bytes(doc.encryptedData);
  if (typeof memLimit !== "number" || typeof opsLimit !== "number" || !Number.isSafeInteger(memLimit) || !Number.isSafeInteger(opsLimit) || memLimit < ENTE_KDF_LIMITS.minMemLimitBytes || opsLimit < 1) {
    corrupt(LABEL, "its key derivation settings are missing or invalid");
  }
  if (memLimit > ENTE_KDF_LIMITS.maxMemLimitBytes || memLimit * opsLimit > ENTE_KDF_LIMITS.maxMemTimesOps) {
    throw new OtpImportError(
      "This Ente Auth export asks for more password-hashing memory or work than Ente Auth ever uses (at most 1 GiB, 4 passes); it was not opened, to protect this computer.",
      "unsupported",
    );
  }
  if (!salt || salt.length !== s.crypto_pwhash_SALTBYTES) corrupt(LABEL, "its salt is malformed");
  if (!header || header.length !== s.crypto_secretstream_xchacha20poly1305_HEADERBYTES) corrupt(LABEL, "its nonce is malformed");
  if (!ciphertext || ciphertext.length < s.crypto_secretstream_xchacha20poly1305_ABYTES) corrupt(LABEL, "its encrypted data is malformed or cut short");
  return { memLimit, opsLimit, salt, header, ciphertext };
}

/** The decrypted text, or undefined when the key does not open it (wrong password or damage). */
function openSecretstream(key: Uint8Array, e: EnteExport): Buffer | undefined {
  const s = sodium();
  const state = Buffer.alloc(s.crypto_secretstream_xchacha20poly1305_STATEBYTES);
  const plain = Buffer.alloc(e.ciphertext.length - s.crypto_secretstream_xchacha20poly1305_ABYTES);
  const tag = Buffer.alloc(1);
  try {
    s.crypto_secretstream_xchacha20poly1305_init_pull(state, e.header, key);
    s.crypto_secretstream_xchacha20poly1305_pull(state, plain, tag, e.ciphertext, null);
  } catch {
    return undefined;
  }
  // One message only: a REKEY/PUSH tag would mean a stream Ente does not write.
  const t = tag[0];
  if (t !== s.crypto_secretstream_xchacha20poly1305_TAG_FINAL && t !== s.crypto_secretstream_xchacha20poly1305_TAG_MESSAGE) return undefined;
  return plain;
}

export const enteImporter: OtpImporter = {
  format: "ente",
  label: LABEL,

  detect(input: ImportInput): boolean {
    return firstNonBlankChar(input.bytes) === "{" && isEnteShape(tryParseJson(input.bytes));
  },

  async read(input: ImportInput): Promise<OtpImportResult> {
    const doc = parseJsonOrCorrupt(input.bytes, LABEL);
    if (!isEnteShape(doc)) throw new OtpImportError("This is not an Ente Auth encrypted export.", "unknown-format");
    const e = parseExport(doc);
    const { password } = input;
    if (password === undefined || password === "") throw new OtpImportError("This Ente Auth export is encrypted: enter the password it was exported with.", "password-required");
    const s = sodium();
    const key = Buffer.alloc(32);
    await s.crypto_pwhash_async(key, Buffer.from(password, "utf8"), e.salt, e.opsLimit, e.memLimit, s.crypto_pwhash_ALG_ARGON2ID13);
    const plain = openSecretstream(key, e);
    key.fill(0);
    if (!plain) throw new OtpImportError("The password does not open this Ente Auth export (or the file is damaged).", "wrong-password");
    if (plain.toString("utf8").trim() === "") return { format: FORMAT, entries: [], skipped: [] };
    let inner: OtpImportResult;
    try {
      inner = await otpauthListImporter.read({ bytes: plain });
    } catch (err) {
      if (err instanceof OtpImportError) corrupt(LABEL, "the decrypted data is not a list of otpauth:// links");
      throw err;
    } finally {
      plain.fill(0);
    }
    return { format: FORMAT, entries: inner.entries.map((entry) => ({ ...entry, origin: FORMAT })), skipped: inner.skipped };
  },
};
