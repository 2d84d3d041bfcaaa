// The Steam mobile app's own authenticator data (rooted phone: files/Steamguard-<steamid>, or the
// Aegis-style {"accounts":{...}} wrapper; Steam Desktop Authenticator's .maFile has the same
// fields). `shared_secret` is Base64, not Base32 (Aegis SteamImporter.java); the other secrets
// (identity_secret, revocation_code) are for trade confirmations and recovery and are not OTP.

import type { OtpEntry, OtpImportResult } from "../../../../../shared/vault-types.js";
import type { ImportInput, OtpImporter } from "./otp-importer.js";
import { EntryCollector, SkipEntry, base64Bytes, firstNonBlankChar, isRecord, parseJsonOrCorrupt, str, tryParseJson } from "./importer-support.js";
import { OtpImportError } from "./otp-import-error.js";
import { base32Encode } from "../base32.js";

const LABEL = "Steam authenticator file";

/** The account objects of the file, whichever wrapper it uses. */
function accounts(doc: unknown): Record<string, unknown>[] | undefined {
  if (!isRecord(doc)) return undefined;
  if ("shared_secret" in doc) return [doc];
  if (isRecord(doc.accounts)) {
    const list = Object.values(doc.accounts).filter(isRecord);
    return list.length > 0 && list.every((a) => "shared_secret" in a) ? list : undefined;
  }
  return undefined;
}

function convert(account: Record<string, unknown>): OtpEntry {
  const bytes = base64Bytes(account.shared_secret);
  if (!bytes || bytes.length === 0) throw new SkipEntry("The shared secret is missing or not Base64.");
  return { type: "steam", issuer: "Steam", account: str(account.account_name), secret: base32Encode(bytes), algorithm: "SHA1", digits: 5, period: 30, counter: 0 };
}

export const steamImporter: OtpImporter = {
  format: "steam",
  label: LABEL,

  detect(input: ImportInput): boolean {
    return firstNonBlankChar(input.bytes) === "{" && accounts(tryParseJson(input.bytes)) !== undefined;
  },

  async read(input: ImportInput): Promise<OtpImportResult> {
    const list = accounts(parseJsonOrCorrupt(input.bytes, LABEL));
    if (!list) throw new OtpImportError("This is not a Steam authenticator file (no shared_secret).", "unknown-format");
    const collector = new EntryCollector("steam");
    for (const account of list) collector.add(str(account.account_name) || "Steam account", () => convert(account));
    return collector.result("steam");
  },
};
