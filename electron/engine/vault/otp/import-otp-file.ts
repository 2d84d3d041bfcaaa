// One entry point for "import this authenticator export": finds the format from the bytes, reads
// it with that format's importer, and removes duplicates within the file.
//
// Detection order matters where two importers could both claim a file, so the most specific test
// comes first: a binary magic number (Stratum's header, SQLite with a given table, PNG/JPEG),
// then JSON recognised by its structure (each importer checks the keys only its format has; the
// list order settles the rest), then text, and last andOTP's encrypted backup, which has no magic
// at all and is recognised only by a plausible header.
//
// Whatever an importer throws, the caller gets an OtpImportError: an unexpected error (a bug, or a
// file damaged in a way nobody foresaw) becomes "corrupt" with the original kept as `cause` for
// debugging — never shown, since it may quote the file — and nothing is imported.

import type { OtpEntry, OtpImportResult, SkippedEntry } from "../../../../shared/vault-types.js";
import type { ImportInput, OtpImporter } from "./importers/otp-importer.js";
import { OtpImportError } from "./importers/otp-import-error.js";
import { displayName, firstNonBlankChar, tryParseJson } from "./importers/importer-support.js";
import { aegisImporter } from "./importers/aegis.js";
import { andOtpImporter } from "./importers/andotp.js";
import { bitwardenImporter } from "./importers/bitwarden.js";
import { enteImporter } from "./importers/ente.js";
import { freeOtpPlusImporter } from "./importers/freeotp-plus.js";
import { googleAuthenticatorDbImporter } from "./importers/google-authenticator-db.js";
import { googleMigrationImporter } from "./importers/google-migration.js";
import { microsoftAuthenticatorDbImporter } from "./importers/microsoft-authenticator-db.js";
import { otpauthListImporter } from "./importers/otpauth-list.js";
import { protonAuthenticatorImporter } from "./importers/proton-authenticator.js";
import { steamImporter } from "./importers/steam.js";
import { stratumImporter } from "./importers/stratum.js";
import { twoFasImporter } from "./importers/twofas.js";
import { isSqliteFile } from "./importers/sqlite-table.js";

/** Every importer, in detection order (see the header comment). */
export const OTP_IMPORTERS: readonly OtpImporter[] = [
  // Magic numbers.
  stratumImporter,
  microsoftAuthenticatorDbImporter,
  googleAuthenticatorDbImporter,
  googleMigrationImporter,
  // JSON, by structure.
  enteImporter,
  twoFasImporter,
  aegisImporter,
  bitwardenImporter,
  protonAuthenticatorImporter,
  freeOtpPlusImporter,
  steamImporter,
  andOtpImporter,
  // Text.
  otpauthListImporter,
];

/** No authenticator export comes near this; larger files are refused before anything parses them. */
export const OTP_IMPORT_MAX_BYTES = 64 * 1024 * 1024;

/** The importer that claims these bytes, or undefined. */
export function detectOtpFormat(input: ImportInput): OtpImporter | undefined {
  return OTP_IMPORTERS.find((importer) => {
    try {
      return importer.detect(input);
    } catch {
      return false; // detect must not throw; if one does, it does not claim the file
    }
  });
}

/** The formats' names in alphabetical order, for the user (detection order means nothing to them). */
function supportedList(): string {
  return OTP_IMPORTERS.map((i) => i.label)
    .sort((a, b) => a.localeCompare(b, "en", { sensitivity: "base" }))
    .join("; ");
}

function unknownFormat(bytes: Buffer): OtpImportError {
  if (bytes.length === 0 || bytes.toString("utf8").trim() === "") return new OtpImportError("The file is empty.", "unknown-format");
  const first = firstNonBlankChar(bytes);
  const hint = isSqliteFile(bytes)
    ? " It is an SQLite database, but not Google Authenticator's or Microsoft Authenticator's (or, for Microsoft Authenticator's PhoneFactor, its latest changes are still in PhoneFactor-wal: copy PhoneFactor, PhoneFactor-wal and PhoneFactor-shm together, open the copy once with sqlite3, and import PhoneFactor again)."
    : (first === "{" || first === "[") && tryParseJson(bytes) === undefined
      ? " It looks like JSON but is not valid JSON, so it may be damaged or cut short: export it again."
      : "";
  return new OtpImportError(`Lifeboat does not recognise this file as an authenticator export.${hint} It can import: ${supportedList()}.`, "unknown-format");
}

/** Same secret, issuer and account: the same account, listed twice. */
function entryKey(e: OtpEntry): string {
  return JSON.stringify([e.secret, e.issuer, e.account]);
}

function withoutDuplicates(result: OtpImportResult): OtpImportResult {
  const seen = new Set<string>();
  const entries: OtpEntry[] = [];
  const skipped: SkippedEntry[] = [...result.skipped];
  for (const entry of result.entries) {
    const key = entryKey(entry);
    if (seen.has(key)) {
      skipped.push({ name: displayName(entry.issuer, entry.account) || "(unnamed entry)", reason: "Listed more than once in this file with the same secret; imported once." });
      continue;
    }
    seen.add(key);
    entries.push(entry);
  }
  return { format: result.format, entries, skipped };
}

/**
 * Reads an authenticator export of any supported format. Throws OtpImportError only:
 * "unknown-format" (with the list of formats), "password-required", "wrong-password", "corrupt",
 * "unsupported". On success every entry is validated and duplicates are listed in `skipped`.
 */
export async function importOtpFile(input: ImportInput): Promise<OtpImportResult> {
  if (input.bytes.length > OTP_IMPORT_MAX_BYTES) {
    throw new OtpImportError(`The file is larger than ${OTP_IMPORT_MAX_BYTES / 1024 / 1024} MiB, far more than any authenticator export; it was not read.`, "unsupported");
  }
  const importer = detectOtpFormat(input);
  if (!importer) throw unknownFormat(input.bytes);
  let result: OtpImportResult;
  try {
    result = await importer.read(input);
  } catch (err) {
    if (err instanceof OtpImportError) throw err;
    const wrapped = new OtpImportError(`This ${importer.label} could not be read: it is damaged in a way Lifeboat did not expect.`, "corrupt");
    wrapped.cause = err;
    throw wrapped;
  }
  return withoutDuplicates(result);
}
