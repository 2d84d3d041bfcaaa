// One-time codes: HOTP (RFC 4226), TOTP (RFC 6238) and Steam Guard (TOTP/SHA1 written as five
// characters of a 26-letter alphabet; Aegis OTP.java toSteamString). Used to show codes in the
// vault and to check that an import produced working secrets.

import { createHmac } from "node:crypto";
import type { OtpAlgorithm, OtpEntry } from "../../../../shared/vault-types.js";
import { base32Decode } from "./base32.js";

const NODE_HASH: Record<Exclude<OtpAlgorithm, "MD5">, string> = { SHA1: "sha1", SHA256: "sha256", SHA512: "sha512" };

const STEAM_ALPHABET = "23456789BCDFGHJKMNPQRTVWXY";

export interface OtpCode {
  code: string;
  /** Epoch ms the code became valid (TOTP, Steam). */
  validFrom?: number;
  /** Epoch ms the code stops being valid (exclusive; TOTP, Steam). */
  validUntil?: number;
  /** The counter the code was made for (HOTP). */
  counter?: number;
}

export interface HotpOptions {
  algorithm?: OtpAlgorithm;
  /** 5–10; default 6. */
  digits?: number;
}

function secretBytes(secret: OtpEntry | Uint8Array): Uint8Array {
  return secret instanceof Uint8Array ? secret : base32Decode(secret.secret);
}

/** RFC 4226 dynamic truncation: the 31-bit number both HOTP and Steam format. */
function truncatedValue(key: Uint8Array, counter: bigint, algorithm: OtpAlgorithm): number {
  if (counter < 0n || counter > 0xffff_ffff_ffff_ffffn) throw new RangeError("The counter must fit in 64 bits.");
  if (algorithm === "MD5") {
    // RFC 4226 truncation reads 4 bytes at an offset up to 15, past the end of a 16-byte MD5 MAC,
    // and implementations disagree on what to do then; a code that may differ from the user's
    // authenticator is worse than none. The secret itself is still kept in the vault.
    throw new RangeError("MD5 one-time codes are not standardised, so Lifeboat does not compute them; the secret is kept.");
  }
  const message = Buffer.alloc(8);
  message.writeBigUInt64BE(counter);
  const mac = createHmac(NODE_HASH[algorithm], key).update(message).digest();
  const offset = (mac[mac.length - 1] ?? 0) & 0x0f;
  return mac.readUInt32BE(offset) & 0x7fff_ffff;
}

function decimal(value: number, digits: number): string {
  if (!Number.isInteger(digits) || digits < 5 || digits > 10) throw new RangeError("Digits must be 5 to 10.");
  // 10 digits exceeds 2^31, so the modulo leaves the value as is and only the padding matters.
  return String(value % 10 ** digits).padStart(digits, "0");
}

/**
 * HOTP for one counter. With an entry, its algorithm and digits apply unless overridden; with raw
 * secret bytes, SHA1/6 unless given.
 */
export function hotp(secret: OtpEntry | Uint8Array, counter: number | bigint, options: HotpOptions = {}): string {
  const entry = secret instanceof Uint8Array ? undefined : secret;
  const algorithm = options.algorithm ?? entry?.algorithm ?? "SHA1";
  const digits = options.digits ?? entry?.digits ?? 6;
  return decimal(truncatedValue(secretBytes(secret), BigInt(counter), algorithm), digits);
}

/** Steam Guard's five characters for a time step counter. */
export function steamCodeForCounter(secret: Uint8Array, counter: number | bigint): string {
  let value = truncatedValue(secret, BigInt(counter), "SHA1");
  let out = "";
  for (let i = 0; i < 5; i++) {
    out += STEAM_ALPHABET[value % STEAM_ALPHABET.length];
    value = Math.floor(value / STEAM_ALPHABET.length);
  }
  return out;
}

function window(atMs: number, period: number): { step: bigint; validFrom: number; validUntil: number } {
  if (!Number.isFinite(atMs) || atMs < 0) throw new RangeError("The time must be a non-negative epoch in ms.");
  if (!Number.isInteger(period) || period < 1) throw new RangeError("The period must be a whole number of seconds.");
  const periodMs = period * 1000;
  const step = Math.floor(atMs / periodMs);
  return { step: BigInt(step), validFrom: step * periodMs, validUntil: (step + 1) * periodMs };
}

/** TOTP (T0 = 0) at `atMs` with the entry's algorithm, digits and period. */
export function totp(entry: OtpEntry, atMs: number): OtpCode {
  const w = window(atMs, entry.period);
  return { code: hotp(entry, w.step), validFrom: w.validFrom, validUntil: w.validUntil };
}

/** Steam Guard code at `atMs` (period 30 unless given). */
export function steamCode(secret: OtpEntry | Uint8Array, atMs: number, period = 30): OtpCode {
  const w = window(atMs, secret instanceof Uint8Array ? period : secret.period || period);
  return { code: steamCodeForCounter(secretBytes(secret), w.step), validFrom: w.validFrom, validUntil: w.validUntil };
}

/**
 * The code to show now. TOTP and Steam: the code for `atMs` and its validity window. HOTP: the code
 * for the entry's current counter (`counter` is "the next counter value"), independent of time.
 */
export function codeFor(entry: OtpEntry, atMs: number): OtpCode {
  switch (entry.type) {
    case "totp":
      return totp(entry, atMs);
    case "steam":
      return steamCode(entry, atMs);
    case "hotp":
      return { code: hotp(entry, entry.counter), counter: entry.counter };
  }
}
