// The Key URI format (`otpauth://TYPE/LABEL?PARAMETERS`, Google Authenticator wiki "Key Uri
// Format"), as written by real apps rather than as specified: see research §1.1 for the deviations
// tolerated here (upper-case scheme, `+` for space in the query, lower-case algorithm, `period` on
// HOTP, padded or lower-case secrets, vendor extras such as Ente's `codeDisplay`).
//
// Steam Guard has no spec. Two spellings exist and both are parsed:
//   - `otpauth://steam/Issuer:Account?secret=…&digits=5&period=30` — written by Aegis, Ente Auth
//     and Stratum in their URI exports, and what formatOtpauthUri writes by default;
//   - `otpauth://totp/…?secret=…&encoder=steam` — KeePassXC's form (digits 5 implied). It is what
//     formatOtpauthUri writes with `{ steam: "encoder" }`; an app that knows neither form then at
//     least shows a (wrong, numeric) code instead of rejecting the QR, so the default stays
//     `otpauth://steam/`, which the apps that do know Steam read.

import { ExitCode } from "../../../../shared/archive-types.js";
import type { OtpAlgorithm, OtpEntry, OtpType } from "../../../../shared/vault-types.js";
import { LifeboatError } from "../../errors.js";
import { base32Decode, base32Encode } from "./base32.js";

/** An otpauth:// URI that cannot be used. The message never contains the secret. */
export class OtpUriError extends LifeboatError {
  constructor(message: string) {
    super(message, ExitCode.usage, "otp-invalid-uri");
    this.name = "OtpUriError";
  }
}

export const OTP_ALGORITHMS: readonly OtpAlgorithm[] = ["SHA1", "SHA256", "SHA512", "MD5"];

/** Limits shared by every importer: outside them no app computes codes, so the entry is damaged. */
export const OTP_LIMITS = {
  minDigits: 6,
  maxDigits: 10,
  steamDigits: 5,
  /** A day; real periods are 15–120 s. */
  maxPeriod: 86_400,
  /** Secrets are 10–64 bytes in practice; 1 KiB leaves room for odd ones and stops absurd ones. */
  maxSecretBytes: 1024,
} as const;

/** Upper-cases and accepts the spellings exports use ("sha256", "SHA-256", "HmacSHA256"). */
export function parseAlgorithm(value: string): OtpAlgorithm | undefined {
  const v = value.trim().toUpperCase().replace(/^HMAC/, "").replace(/[-_ ]/g, "");
  return (OTP_ALGORITHMS as readonly string[]).includes(v) ? (v as OtpAlgorithm) : undefined;
}

/**
 * Checks an entry built by any importer and returns it with its secret in canonical form. Throws
 * OtpUriError with a message fit for a SkippedEntry reason. Steam entries are forced to SHA1/5
 * (the Steam app cannot use anything else, and exports disagree on what they write there).
 */
export function validateOtpEntry(entry: OtpEntry): OtpEntry {
  let bytes: Buffer;
  try {
    bytes = base32Decode(entry.secret);
  } catch (err) {
    throw new OtpUriError(`The secret is not valid Base32: ${(err as Error).message}`);
  }
  if (bytes.length === 0) throw new OtpUriError("The secret is empty.");
  if (bytes.length > OTP_LIMITS.maxSecretBytes) throw new OtpUriError(`The secret is too long (${bytes.length} bytes).`);
  const type = entry.type;
  if (type !== "totp" && type !== "hotp" && type !== "steam") throw new OtpUriError(`Unknown OTP type "${String(type)}".`);
  if (!OTP_ALGORITHMS.includes(entry.algorithm)) throw new OtpUriError(`Unsupported algorithm "${String(entry.algorithm)}".`);
  const steam = type === "steam";
  const digits = steam ? OTP_LIMITS.steamDigits : entry.digits;
  if (!steam && (!Number.isInteger(digits) || digits < OTP_LIMITS.minDigits || digits > OTP_LIMITS.maxDigits)) {
    throw new OtpUriError(`${String(entry.digits)} digits is not supported (6 to 10).`);
  }
  const period = entry.period;
  if (type !== "hotp" && (!Number.isInteger(period) || period < 1 || period > OTP_LIMITS.maxPeriod)) {
    throw new OtpUriError(`A period of ${String(period)} seconds is not supported.`);
  }
  const counter = entry.counter;
  if (!Number.isSafeInteger(counter) || counter < 0) throw new OtpUriError(`The counter ${String(counter)} is not a whole number ≥ 0.`);
  const out: OtpEntry = {
    type,
    issuer: entry.issuer.trim(),
    account: entry.account.trim(),
    secret: base32Encode(bytes),
    algorithm: steam ? "SHA1" : entry.algorithm,
    digits,
    period: Number.isInteger(period) && period >= 1 && period <= OTP_LIMITS.maxPeriod ? period : 30,
    counter,
  };
  if (entry.note !== undefined && entry.note !== "") out.note = entry.note;
  if (entry.origin !== undefined) out.origin = entry.origin;
  return out;
}

function percentDecode(text: string, formEncoded: boolean): string {
  const t = formEncoded ? text.replace(/\+/g, " ") : text;
  try {
    return decodeURIComponent(t);
  } catch {
    // A stray "%" (e.g. "100%") is taken literally rather than losing the whole entry.
    return t.replace(/%([0-9A-Fa-f]{2})/g, (m, hex: string) => {
      const code = parseInt(hex, 16);
      return code < 0x80 ? String.fromCharCode(code) : m;
    });
  }
}

function parseWholeNumber(name: string, value: string): number {
  if (!/^\s*\d+\s*$/.test(value)) throw new OtpUriError(`The ${name} "${value.slice(0, 20)}" is not a whole number.`);
  const n = Number(value.trim());
  if (!Number.isSafeInteger(n)) throw new OtpUriError(`The ${name} is too large.`);
  return n;
}

/**
 * Parses one `otpauth://totp|hotp|steam/` URI into a validated entry (secret canonical). Defaults:
 * SHA1, 6 digits (5 for Steam), period 30, counter 0. The `issuer` parameter wins over the label
 * prefix; with neither, issuer is "". Throws OtpUriError.
 */
export function parseOtpauthUri(uri: string): OtpEntry {
  const text = uri.trim();
  const m = /^otpauth:\/\/([^/?#]*)\/?([^?#]*)(?:\?([^#]*))?(?:#.*)?$/is.exec(text);
  if (!m) throw new OtpUriError("Not an otpauth:// URI.");
  const rawType = (m[1] ?? "").toLowerCase();
  const rawLabel = m[2] ?? "";
  const params = new Map<string, string>();
  for (const part of (m[3] ?? "").split("&")) {
    if (part === "") continue;
    const eq = part.indexOf("=");
    const key = percentDecode(eq === -1 ? part : part.slice(0, eq), true).toLowerCase();
    // First occurrence wins: a later duplicate is more likely a copy-paste accident.
    if (!params.has(key)) params.set(key, eq === -1 ? "" : percentDecode(part.slice(eq + 1), true));
  }

  let type: OtpType;
  if (rawType === "totp") type = params.get("encoder")?.toLowerCase() === "steam" ? "steam" : "totp";
  else if (rawType === "hotp") type = "hotp";
  else if (rawType === "steam") type = "steam";
  else throw new OtpUriError(`Unsupported OTP type "${rawType.slice(0, 20)}" (totp, hotp and steam are supported).`);

  const secret = params.get("secret");
  if (secret === undefined || secret.trim() === "") throw new OtpUriError("The URI has no secret.");

  let algorithm: OtpAlgorithm = "SHA1";
  const algoParam = params.get("algorithm");
  if (algoParam !== undefined && algoParam !== "") {
    const a = parseAlgorithm(algoParam);
    if (!a) throw new OtpUriError(`Unsupported algorithm "${algoParam.slice(0, 20)}".`);
    algorithm = a;
  }
  const digitsParam = params.get("digits");
  const digits = type === "steam" ? OTP_LIMITS.steamDigits : digitsParam ? parseWholeNumber("digits", digitsParam) : 6;
  const periodParam = params.get("period");
  const period = periodParam ? parseWholeNumber("period", periodParam) : 30;
  const counterParam = params.get("counter");
  // RFC-wise `counter` is required for HOTP; apps that omit it mean 0.
  const counter = type === "hotp" && counterParam ? parseWholeNumber("counter", counterParam) : 0;

  // The label is a path segment: "+" is a literal plus there (only the query is form-encoded).
  const label = percentDecode(rawLabel, false);
  const issuerParam = params.get("issuer");
  let issuer: string;
  let account: string;
  if (issuerParam !== undefined && issuerParam.trim() !== "" && label.startsWith(`${issuerParam}:`)) {
    // Matches the prefix exactly, so an issuer that itself has a colon still splits right.
    issuer = issuerParam;
    account = label.slice(issuerParam.length + 1);
  } else {
    const colon = label.indexOf(":");
    const prefix = colon === -1 ? "" : label.slice(0, colon);
    account = colon === -1 ? label : label.slice(colon + 1);
    issuer = issuerParam !== undefined && issuerParam.trim() !== "" ? issuerParam : prefix;
  }

  return validateOtpEntry({ type, issuer: issuer.trim(), account: account.trim(), secret, algorithm, digits, period, counter });
}

/** How a Steam entry is written: see the header comment. */
export interface FormatOtpauthOptions {
  steam?: "type" | "encoder";
}

// Each label part is fully percent-encoded (a colon inside becomes %3A); only the separator colon
// stays literal, because it is added after encoding.
function encodeLabelPart(text: string): string {
  return encodeURIComponent(text);
}

/**
 * Writes an entry as a URI that parseOtpauthUri reads back to the same entry (note and origin are
 * not part of the format). All parameters are written explicitly, so apps with other defaults
 * agree. An empty issuer with a colon in the account gets an empty label prefix (":acct:x"), so
 * the colon is not taken for the issuer separator on the way back.
 */
export function formatOtpauthUri(entry: OtpEntry, options: FormatOtpauthOptions = {}): string {
  const e = validateOtpEntry(entry);
  const steamAsEncoder = e.type === "steam" && options.steam === "encoder";
  const typeName = e.type === "steam" && !steamAsEncoder ? "steam" : e.type === "hotp" ? "hotp" : "totp";
  const label =
    e.issuer !== ""
      ? `${encodeLabelPart(e.issuer)}:${encodeLabelPart(e.account)}`
      : e.account.includes(":")
        ? `:${encodeLabelPart(e.account)}`
        : encodeLabelPart(e.account);
  const query = [`secret=${e.secret}`];
  if (e.issuer !== "") query.push(`issuer=${encodeURIComponent(e.issuer)}`);
  query.push(`algorithm=${e.algorithm}`, `digits=${e.digits}`);
  if (e.type === "hotp") query.push(`counter=${e.counter}`);
  else query.push(`period=${e.period}`);
  if (steamAsEncoder) query.push("encoder=steam");
  return `otpauth://${typeName}/${label}?${query.join("&")}`;
}
