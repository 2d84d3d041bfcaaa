// FreeOTP+ JSON export (Aegis FreeOtpPlusImporter.java): {"tokenOrder":[...],"tokens":[...]}.
// Two quirks: the secret is a JSON array of signed Java bytes, not Base32; and the HOTP counter is
// the last one used, because FreeOTP increments before generating (getHOTP(++counter)), so the
// next counter, which is what OtpEntry.counter means, is one more.

import type { OtpEntry, OtpImportResult, OtpType } from "../../../../../shared/vault-types.js";
import type { ImportInput, OtpImporter } from "./otp-importer.js";
import { EntryCollector, intField, SkipEntry, corrupt, displayName, firstNonBlankChar, isRecord, parseJsonOrCorrupt, str, tryParseJson } from "./importer-support.js";
import { OtpImportError } from "./otp-import-error.js";
import { base32Encode } from "../base32.js";
import { parseAlgorithm } from "../otpauth-uri.js";

const LABEL = "FreeOTP+ export";

function isFreeOtpPlus(value: unknown): value is { tokens: unknown[] } & Record<string, unknown> {
  return isRecord(value) && Array.isArray(value.tokens) && (Array.isArray(value.tokenOrder) || value.tokens.every((t) => isRecord(t) && Array.isArray(t.secret)));
}

function secretFromJavaBytes(value: unknown): string {
  if (!Array.isArray(value) || value.length === 0) throw new SkipEntry("The secret is missing.");
  const bytes = value.map((b) => (typeof b === "number" && Number.isInteger(b) && b >= -128 && b <= 255 ? b & 0xff : -1));
  if (bytes.includes(-1)) throw new SkipEntry("The secret is not a list of bytes.");
  return base32Encode(Uint8Array.from(bytes));
}

function convertToken(raw: Record<string, unknown>): OtpEntry {
  const type = str(raw.type).toUpperCase();
  const map: Record<string, OtpType> = { TOTP: "totp", HOTP: "hotp" };
  const otpType = map[type];
  if (!otpType) throw new SkipEntry(`FreeOTP+ token type "${type.slice(0, 20)}" is not supported.`);
  const algoText = str(raw.algo);
  const algorithm = algoText === "" ? "SHA1" : parseAlgorithm(algoText);
  if (!algorithm) throw new SkipEntry(`Unsupported algorithm "${algoText.slice(0, 20)}".`);
  return {
    type: otpType,
    issuer: str(raw.issuerExt) || str(raw.issuerInt),
    account: str(raw.label),
    secret: secretFromJavaBytes(raw.secret),
    algorithm,
    digits: intField(raw.digits, 6, "number of digits"),
    period: otpType === "hotp" ? 30 : intField(raw.period, 30, "period"),
    counter: otpType === "hotp" ? intField(raw.counter, -1, "counter") + 1 : 0,
  };
}

export const freeOtpPlusImporter: OtpImporter = {
  format: "freeotp-plus",
  label: LABEL,

  detect(input: ImportInput): boolean {
    return firstNonBlankChar(input.bytes) === "{" && isFreeOtpPlus(tryParseJson(input.bytes));
  },

  async read(input: ImportInput): Promise<OtpImportResult> {
    const doc = parseJsonOrCorrupt(input.bytes, LABEL);
    if (!isRecord(doc) || !("tokens" in doc)) throw new OtpImportError("This is not a FreeOTP+ export.", "unknown-format");
    if (!Array.isArray(doc.tokens)) corrupt(LABEL, "its token list is not a list");
    const collector = new EntryCollector("freeotp-plus");
    for (const raw of doc.tokens) {
      if (!isRecord(raw)) {
        collector.skip("(unnamed entry)", "The token is not an object.");
        continue;
      }
      collector.add(displayName(str(raw.issuerExt) || str(raw.issuerInt), str(raw.label)), () => convertToken(raw));
    }
    return collector.result("freeotp-plus");
  },
};
