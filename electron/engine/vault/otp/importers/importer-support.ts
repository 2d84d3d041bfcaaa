// Small pieces every importer needs: reading text and JSON without crashing on damaged files,
// collecting entries and the reasons others were skipped, AES-GCM that reports a failed tag as
// "no" instead of throwing, and the non-otpauth spellings of a secret some apps store.

import { createDecipheriv } from "node:crypto";
import type { OtpEntry, OtpImportResult, SkippedEntry } from "../../../../../shared/vault-types.js";
import { Base32Error } from "../base32.js";
import { OtpUriError, parseOtpauthUri, validateOtpEntry } from "../otpauth-uri.js";
import { OtpImportError } from "./otp-import-error.js";

/** UTF-8 text with a leading byte-order mark removed (Windows editors add one). */
export function bytesToText(bytes: Buffer): string {
  const text = bytes.toString("utf8");
  return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
}

/** The first non-blank character, for cheap `detect`s. */
export function firstNonBlankChar(bytes: Buffer): string {
  const start = bytes.subarray(0, 64).toString("utf8").replace(/^\uFEFF/, "").trimStart();
  return start.charAt(0);
}

/** Exports are kilobytes; `detect` does not parse anything larger (it must stay cheap). */
const MAX_DETECT_JSON_BYTES = 64 * 1024 * 1024;

/** JSON.parse without throwing; undefined when the bytes are not JSON (or absurdly large). */
export function tryParseJson(bytes: Buffer): unknown {
  if (bytes.length > MAX_DETECT_JSON_BYTES) return undefined;
  try {
    return JSON.parse(bytesToText(bytes)) as unknown;
  } catch {
    return undefined;
  }
}

/** JSON.parse, or a "corrupt" OtpImportError naming the format (never quoting the content). */
export function parseJsonOrCorrupt(bytes: Buffer, label: string): unknown {
  try {
    return JSON.parse(bytesToText(bytes)) as unknown;
  } catch {
    throw new OtpImportError(`This ${label} is damaged or cut short: it is not valid JSON.`, "corrupt");
  }
}

export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** A string field, or "" when absent or not a string (exports write null for "none"). */
export function str(value: unknown): string {
  return typeof value === "string" ? value : "";
}

/** A number field that may also be written as a numeric string (Raivo, some CSVs). */
export function num(value: unknown): number | undefined {
  if (typeof value === "number" && Number.isFinite(value)) return value;
  if (typeof value === "string" && /^\s*-?\d+\s*$/.test(value)) return Number(value);
  return undefined;
}

/**
 * A whole-number field of one entry: `fallback` when absent (undefined/null), the number when it
 * is one (or a numeric string), and otherwise a SkipEntry: guessing a default for a value that is
 * there but unreadable would give wrong codes.
 */
export function intField(value: unknown, fallback: number, what: string): number {
  if (value === undefined || value === null) return fallback;
  const n = num(value);
  if (n === undefined || !Number.isSafeInteger(n)) throw new SkipEntry(`The ${what} is not a whole number.`);
  return n;
}

/** Throws "corrupt" for a structural problem of the whole file (not of one entry). */
export function corrupt(label: string, what: string): never {
  throw new OtpImportError(`This ${label} is damaged or not what it seems: ${what}.`, "corrupt");
}

/**
 * Gathers entries and skipped ones. `add` runs a builder; if it throws a validation error, the
 * entry is recorded as skipped with that error's message (written for the user, secret-free).
 * Any other error is a bug and propagates, so nothing is skipped silently.
 */
export class EntryCollector {
  readonly entries: OtpEntry[] = [];
  readonly skipped: SkippedEntry[] = [];

  constructor(private readonly origin: string) {}

  add(name: string, build: () => OtpEntry | undefined): void {
    let entry: OtpEntry | undefined;
    try {
      const built = build();
      entry = built && validateOtpEntry(built);
    } catch (err) {
      if (err instanceof OtpUriError || err instanceof Base32Error || err instanceof SkipEntry) {
        this.skip(name, err.message);
        return;
      }
      throw err;
    }
    if (entry) this.entries.push({ ...entry, origin: this.origin });
  }

  skip(name: string, reason: string): void {
    this.skipped.push({ name: name.trim() === "" ? "(unnamed entry)" : name, reason });
  }

  result(format: string): OtpImportResult {
    return { format, entries: this.entries, skipped: this.skipped };
  }
}

/** Thrown inside an EntryCollector builder to skip an entry with a reason. */
export class SkipEntry extends Error {
  constructor(reason: string) {
    super(reason);
    this.name = "SkipEntry";
  }
}

/** "Issuer / account" for SkippedEntry.name. */
export function displayName(issuer: string, account: string): string {
  return [issuer.trim(), account.trim()].filter((s) => s !== "").join(" / ");
}

/**
 * A TOTP field as password managers store it: an otpauth:// URI, a `steam://SECRET` (Bitwarden,
 * Proton), or a bare Base32 secret (meaning TOTP SHA1/6/30). `fallback` fills issuer/account when
 * the field itself has none (a bare secret, or Steam).
 */
export function parseTotpField(field: string, fallback: { issuer: string; account: string }): OtpEntry {
  const text = field.trim();
  if (/^otpauth:\/\//i.test(text)) {
    const e = parseOtpauthUri(text);
    if (e.issuer === "" && e.account === "") return { ...e, issuer: fallback.issuer, account: fallback.account };
    return e;
  }
  const steam = /^steam:\/\/(.*)$/i.exec(text);
  if (steam) {
    return validateOtpEntry({ type: "steam", issuer: "Steam", account: fallback.account || fallback.issuer, secret: steam[1] ?? "", algorithm: "SHA1", digits: 5, period: 30, counter: 0 });
  }
  if (/^otpauth-migration:/i.test(text)) throw new SkipEntry("This is a Google Authenticator export link; import it as a Google Authenticator export.");
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(text)) throw new SkipEntry("The one-time password field holds a link Lifeboat does not understand.");
  return validateOtpEntry({ type: "totp", issuer: fallback.issuer, account: fallback.account, secret: text, algorithm: "SHA1", digits: 6, period: 30, counter: 0 });
}

/**
 * AES-256-GCM decryption that returns undefined when the tag does not verify (wrong key or
 * damaged data: the caller decides which that means) instead of throwing.
 */
export function aesGcmOpen(key: Uint8Array, iv: Uint8Array, ciphertext: Uint8Array, tag: Uint8Array, aad?: Uint8Array): Buffer | undefined {
  if (key.length !== 32 || tag.length !== 16 || iv.length === 0) return undefined;
  try {
    const decipher = createDecipheriv("aes-256-gcm", key, iv, { authTagLength: 16 });
    if (aad) decipher.setAAD(aad);
    decipher.setAuthTag(tag);
    return Buffer.concat([decipher.update(ciphertext), decipher.final()]);
  } catch {
    return undefined;
  }
}

/** Parses strict hex; undefined when it is not (odd length, other characters). */
export function hexBytes(value: unknown): Buffer | undefined {
  if (typeof value !== "string" || value.length % 2 !== 0 || !/^[0-9a-fA-F]*$/.test(value)) return undefined;
  return Buffer.from(value, "hex");
}

/** Parses strict standard Base64 (padding optional); undefined when it is not. */
export function base64Bytes(value: unknown): Buffer | undefined {
  if (typeof value !== "string") return undefined;
  const compact = value.replace(/\s+/g, "");
  if (!/^[A-Za-z0-9+/]*={0,2}$/.test(compact) || compact.replace(/=+$/, "").length % 4 === 1) return undefined;
  return Buffer.from(compact, "base64");
}
