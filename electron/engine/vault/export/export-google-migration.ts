// Google Authenticator's "Transfer accounts" QR codes: `otpauth-migration://offline?data=<Base64
// of a MigrationPayload protobuf>` (research §1.3; schema as reverse-engineered in Aegis's
// google_auth.proto, with the enums of its current version). Google Authenticator imports them
// with "Scan QR code" on its transfer screen; so do Aegis, 2FAS, Ente and others.
// The payload schema and encoder are the importer's (otp/importers/google-migration-payload.ts).
//
// What the format cannot hold is left out and reported, rather than exported to show wrong codes:
//   - Steam accounts (no such OtpType);
//   - digits other than 6 or 8 (DigitCount has SIX and EIGHT only);
//   - TOTP periods other than 30 s (there is no period field: every importer assumes 30);
//   - MD5 (in the enum, but Google Authenticator does not compute it).
// SHA256 and SHA512 are in the enum and written; Aegis's export writes them the same way.
import { randomInt } from "node:crypto";
import type { OtpEntry, SkippedEntry } from "../../../../shared/vault-types.js";
import { base32Decode } from "../otp/base32.js";
// The importer's schema and encoder (protobufjs), so Lifeboat has one definition of the payload.
import { encodeMigrationPayload, formatMigrationUri, type MigrationOtp } from "../otp/importers/google-migration-payload.js";
import { checkEntries, entryName } from "./export-entry.js";

// The enum values Google Authenticator writes (Algorithm, DigitCount, OtpType).
const ALGORITHM = { SHA1: 1, SHA256: 2, SHA512: 3 } as const;
const DIGITS: Record<number, number> = { 6: 1, 8: 2 };
const OTP_TYPE = { hotp: 1, totp: 2 } as const;

/**
 * Accounts per QR code. Google Authenticator's own transfer codes and Aegis's export
 * (ImportExportPreferencesFragment) put 10 in each; fewer when names are long (below).
 */
export const GOOGLE_MIGRATION_BATCH = 10;
/**
 * Protobuf bytes per QR code. About 700 bytes is ~1 KB of URI after Base64 and percent-encoding: a
 * version ~22 code at level M, still easy for a phone camera to read off a screen or paper.
 * One account larger than this (absurdly long names) still goes alone in its own code.
 */
export const GOOGLE_MIGRATION_MAX_PAYLOAD = 700;

export interface GoogleMigrationBatch {
  /** The otpauth-migration:// URI (the QR code's text). */
  uri: string;
  /** The accounts in it, in order. */
  entries: OtpEntry[];
}

export interface GoogleMigrationExport {
  batches: GoogleMigrationBatch[];
  skipped: SkippedEntry[];
}

/** Why `e` cannot be a Google Authenticator account, or undefined when it can. */
function unsupported(e: OtpEntry): string | undefined {
  if (e.type === "steam") return "Google Authenticator has no Steam Guard accounts; use the URI list or the Aegis export for this one.";
  if (e.algorithm === "MD5") return "Google Authenticator cannot compute MD5-based codes.";
  if (DIGITS[e.digits] === undefined) return `Google Authenticator codes have 6 or 8 digits; this account uses ${e.digits}.`;
  if (e.type === "totp" && e.period !== 30) {
    return `Google Authenticator's transfer format has no period and assumes 30 seconds; this account's codes change every ${e.period} seconds, so it would show wrong codes.`;
  }
  return undefined;
}

function parameters(e: OtpEntry): MigrationOtp {
  return {
    secret: base32Decode(e.secret),
    // Written as Aegis and Google Authenticator write them: the account in `name`, the issuer
    // apart (an importer that finds no issuer takes a "Issuer:" prefix of `name` instead).
    name: e.account,
    issuer: e.issuer,
    algorithm: ALGORITHM[e.algorithm as keyof typeof ALGORITHM],
    digits: DIGITS[e.digits]!,
    type: OTP_TYPE[e.type as keyof typeof OTP_TYPE],
    counter: String(e.type === "hotp" ? e.counter : 0),
  };
}

/**
 * The accounts as Google Authenticator transfer payloads, in batches that share one random
 * batch_id, with batch_index 0… and batch_size = the number of codes (so an importer can tell
 * when one is missing).
 */
export function exportGoogleMigration(entries: readonly OtpEntry[]): GoogleMigrationExport {
  const { valid, skipped } = checkEntries(entries);
  const fit: Array<{ entry: OtpEntry; params: MigrationOtp; bytes: number }> = [];
  for (const e of valid) {
    const why = unsupported(e);
    if (why !== undefined) {
      skipped.push({ name: entryName(e), reason: why });
      continue;
    }
    const params = parameters(e);
    fit.push({ entry: e, params, bytes: encodeMigrationPayload({ otpParameters: [params], version: 1, batchSize: 1, batchIndex: 0, batchId: 0 }).length });
  }

  // Greedy: fill each code up to the count and size limits, keeping the vault's order.
  const groups: Array<typeof fit> = [];
  let current: typeof fit = [];
  let size = 0;
  for (const f of fit) {
    if (current.length > 0 && (current.length >= GOOGLE_MIGRATION_BATCH || size + f.bytes > GOOGLE_MIGRATION_MAX_PAYLOAD)) {
      groups.push(current);
      current = [];
      size = 0;
    }
    current.push(f);
    size += f.bytes;
  }
  if (current.length > 0) groups.push(current);

  // A signed int32 like Google's (often negative), never 0 so that it is always written.
  const batchId = randomInt(1, 0x7fffffff) * (randomInt(2) === 0 ? -1 : 1);
  const batches = groups.map((g, i) => ({
    // Percent-encoded standard Base64, as Google writes it: no scanner turns a "+" into a space.
    uri: formatMigrationUri({ otpParameters: g.map((f) => f.params), version: 1, batchSize: groups.length, batchIndex: i, batchId }),
    entries: g.map((f) => f.entry),
  }));
  return { batches, skipped };
}
