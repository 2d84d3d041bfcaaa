// An Aegis vault file (Aegis docs/vault.md; research §1.4), plain or password-encrypted, written
// field for field as Aegis's own export writes it (VaultFile/Vault/VaultEntry/OtpInfo/PasswordSlot
// toJson, in that key order, `toString(4)` indentation), so the Aegis app and every importer that
// follows Aegis's format read it as one of its own:
//
//   {"version": 1, "header": {"slots": null|[…], "params": null|{nonce, tag}}, "db": {…}|"base64"}
//   db = {"version": 3, "entries": […], "groups": [], "icons_optimized": true}
//
// Encryption as Aegis does it: a random 256-bit master key encrypts the db (UTF-8 of the db JSON
// with 4-space indentation) with AES-256-GCM, the tag stored apart in header.params; one password
// slot holds the master key wrapped with AES-256-GCM under scrypt(password UTF-8, 32-byte salt,
// N = 2^15, r = 8, p = 1), the parameters Aegis uses (CryptoUtils.CRYPTO_SCRYPT_N), so the
// export unlocks on the phones Aegis supports (larger N runs out of memory there).
import { createCipheriv, randomBytes, randomUUID, scrypt } from "node:crypto";
import type { OtpEntry, SkippedEntry } from "../../../../shared/vault-types.js";
import { UsageError } from "../../errors.js";
import { checkEntries, entryName } from "./export-entry.js";

export const AEGIS_SCRYPT = { N: 1 << 15, r: 8, p: 1, keyBytes: 32, saltBytes: 32 } as const;

/** Aegis's content format: version 3 has group UUID lists per entry and a group table. */
const AEGIS_DB_VERSION = 3;

export interface AegisExportOptions<T extends OtpEntry = OtpEntry> {
  /** Encrypts the vault with this password (one password slot). Absent: a plain vault. */
  password?: string;
  /**
   * The UUID of each entry. Default: random (v4), as Aegis makes them. The vault's own aegis.json
   * passes stable ones, so an unchanged vault gives a byte-identical file in every snapshot.
   */
  entryUuid?: (entry: T) => string;
}

export interface AegisExport {
  /** The file's text (UTF-8). */
  json: string;
  exported: number;
  skipped: SkippedEntry[];
}

interface AegisEntry {
  type: "totp" | "hotp" | "steam";
  uuid: string;
  name: string;
  issuer: string;
  note: string;
  favorite: boolean;
  icon: null;
  info: Record<string, string | number>;
  groups: string[];
  archived: boolean;
}

interface AegisDb {
  version: number;
  entries: AegisEntry[];
  groups: never[];
  icons_optimized: boolean;
}

function aegisEntry(e: OtpEntry, uuid: string): AegisEntry {
  // OtpInfo.toJson: secret, algo, digits; then TotpInfo adds period (SteamInfo is a TotpInfo) and
  // HotpInfo adds counter. `archived` is written by Aegis since it can archive entries; older
  // versions ignore keys they do not know.
  const info: Record<string, string | number> = { secret: e.secret, algo: e.algorithm, digits: e.digits };
  if (e.type === "hotp") info.counter = e.counter;
  else info.period = e.period;
  return { type: e.type, uuid, name: e.account, issuer: e.issuer, note: e.note ?? "", favorite: false, icon: null, info, groups: [], archived: false };
}

/** The decrypted content (`db`) and what could not go in it. */
function aegisDb<T extends OtpEntry>(entries: readonly T[], options: AegisExportOptions<T>): { db: AegisDb; skipped: SkippedEntry[] } {
  const { valid, original, skipped } = checkEntries(entries);
  const out: AegisEntry[] = [];
  valid.forEach((e, i) => {
    // Aegis computes HOTP/TOTP with HMAC-SHA1/256/512 only (OtpInfo.isAlgorithmValid); MD5 exists
    // there for mOTP, which is a different algorithm.
    if (e.algorithm === "MD5") {
      skipped.push({ name: entryName(e), reason: "Aegis cannot compute MD5-based codes for TOTP/HOTP accounts." });
      return;
    }
    out.push(aegisEntry(e, options.entryUuid ? options.entryUuid(original[i]!) : randomUUID()));
  });
  return { db: { version: AEGIS_DB_VERSION, entries: out, groups: [], icons_optimized: true }, skipped };
}

/** Aegis writes with org.json's `toString(4)`: 4-space indentation. */
function aegisText(value: unknown): string {
  return JSON.stringify(value, null, 4);
}

function scryptKey(password: string, salt: Buffer): Promise<Buffer> {
  const { N, r, p, keyBytes } = AEGIS_SCRYPT;
  return new Promise((resolve, reject) => {
    // 128·N·r bytes = 32 MiB, exactly Node's default maxmem, which it refuses: give it room.
    scrypt(Buffer.from(password, "utf8"), salt, keyBytes, { N, r, p, maxmem: 64 * 1024 * 1024 }, (err, key) => (err ? reject(err) : resolve(key)));
  });
}

function gcmSeal(key: Buffer, plaintext: Buffer): { ciphertext: Buffer; nonce: Buffer; tag: Buffer } {
  const nonce = randomBytes(12);
  const cipher = createCipheriv("aes-256-gcm", key, nonce);
  const ciphertext = Buffer.concat([cipher.update(plaintext), cipher.final()]);
  return { ciphertext, nonce, tag: cipher.getAuthTag() };
}

/** The plain vault, synchronously (no key derivation): what `vault/aegis.json` in the archive holds. */
export function exportAegisPlain<T extends OtpEntry>(entries: readonly T[], options: Omit<AegisExportOptions<T>, "password"> = {}): AegisExport {
  const { db, skipped } = aegisDb(entries, options);
  const json = aegisText({ version: 1, header: { slots: null, params: null }, db });
  return { json: `${json}\n`, exported: db.entries.length, skipped };
}

/** An Aegis vault, encrypted when `password` is given. */
export async function exportAegis<T extends OtpEntry>(entries: readonly T[], options: AegisExportOptions<T> = {}): Promise<AegisExport> {
  if (options.password === undefined) return exportAegisPlain(entries, options);
  if (options.password === "") throw new UsageError("An encrypted Aegis export needs a password that is not empty.");
  const { db, skipped } = aegisDb(entries, options);
  const masterKey = randomBytes(32);
  try {
    const salt = randomBytes(AEGIS_SCRYPT.saltBytes);
    const slotKey = await scryptKey(options.password, salt);
    const wrapped = gcmSeal(slotKey, masterKey);
    slotKey.fill(0);
    const content = gcmSeal(masterKey, Buffer.from(aegisText(db), "utf8"));
    const file = {
      version: 1,
      header: {
        slots: [
          {
            type: 1,
            uuid: randomUUID(),
            key: wrapped.ciphertext.toString("hex"),
            key_params: { nonce: wrapped.nonce.toString("hex"), tag: wrapped.tag.toString("hex") },
            n: AEGIS_SCRYPT.N,
            r: AEGIS_SCRYPT.r,
            p: AEGIS_SCRYPT.p,
            salt: salt.toString("hex"),
            // PasswordSlot.setKey marks every slot Aegis writes today as "repaired" (keys set
            // after its fix for issue #95); a fresh slot of ours is the same kind.
            repaired: true,
          },
        ],
        params: { nonce: content.nonce.toString("hex"), tag: content.tag.toString("hex") },
      },
      db: content.ciphertext.toString("base64"),
    };
    return { json: `${aegisText(file)}\n`, exported: db.entries.length, skipped };
  } finally {
    masterKey.fill(0);
  }
}
