// Bitwarden exports that carry one-time passwords: the password manager's JSON and CSV exports
// (`login.totp` / column `login_totp`), the Bitwarden Authenticator app's JSON export (same
// shape), and the password-protected JSON envelope of either (bitwarden-envelope.ts).
//
// Only logins with a TOTP field are OTP entries; every other item (logins without one, notes,
// cards) is simply not OTP and is neither imported nor reported as skipped. A TOTP field is an
// otpauth:// URI, `steam://SECRET`, or a bare Base32 secret (TOTP SHA1/6/30); bare secrets and
// Steam take the item name as issuer (Steam: "Steam", the username or item name as account), and
// the item name is kept as the entry's note so the user can match it to the Bitwarden item.

import type { OtpEntry, OtpImportResult } from "../../../../../shared/vault-types.js";
import type { ImportInput, OtpImporter } from "./otp-importer.js";
import { csvRecords } from "./csv-rows.js";
import { isPasswordProtectedEnvelope, openPasswordProtectedExport } from "./bitwarden-envelope.js";
import { EntryCollector, corrupt, firstNonBlankChar, isRecord, parseJsonOrCorrupt, parseTotpField, str, tryParseJson } from "./importer-support.js";
import { OtpImportError } from "./otp-import-error.js";

const LABEL = "Bitwarden export";

interface TotpItem {
  name: string;
  username: string;
  totp: string;
}

function isBitwardenJson(doc: unknown): doc is Record<string, unknown> {
  return isRecord(doc) && typeof doc.encrypted === "boolean" && (Array.isArray(doc.items) || isPasswordProtectedEnvelope(doc));
}

function csvHeaderLine(bytes: Buffer): string {
  const head = bytes.subarray(0, 2048).toString("utf8").replace(/^\uFEFF/, "");
  return head.split(/\r?\n/, 1)[0] ?? "";
}

function isBitwardenCsv(bytes: Buffer): boolean {
  const columns = csvHeaderLine(bytes).split(",").map((c) => c.trim());
  return columns.includes("login_totp") && columns.includes("name");
}

function itemsFromJson(doc: Record<string, unknown>): TotpItem[] {
  if (!Array.isArray(doc.items)) corrupt(LABEL, "it has no list of items");
  const out: TotpItem[] = [];
  for (const item of doc.items) {
    if (!isRecord(item) || !isRecord(item.login)) continue; // not a login: not OTP
    const totp = str(item.login.totp);
    if (totp.trim() === "") continue; // a login without 2FA
    out.push({ name: str(item.name), username: str(item.login.username), totp });
  }
  return out;
}

function itemsFromCsv(text: string): TotpItem[] {
  let parsed: ReturnType<typeof csvRecords>;
  try {
    parsed = csvRecords(text);
  } catch {
    corrupt(LABEL, "the CSV is cut short (a quoted field never ends)");
  }
  return parsed.records
    .filter((r) => (r.login_totp ?? "").trim() !== "")
    .map((r) => ({ name: r.name ?? "", username: r.login_username ?? "", totp: r.login_totp ?? "" }));
}

function convert(item: TotpItem): OtpEntry {
  let entry = parseTotpField(item.totp, { issuer: item.name, account: item.username });
  if (entry.issuer === "" && entry.type !== "steam") entry = { ...entry, issuer: item.name };
  // The item name helps find the Bitwarden item again, unless it only repeats the issuer/account.
  const name = item.name.trim();
  return name !== "" && name !== entry.issuer && name !== entry.account ? { ...entry, note: item.name } : entry;
}

function collect(items: TotpItem[], format: string): OtpImportResult {
  const collector = new EntryCollector(format);
  for (const item of items) collector.add(item.name || item.username, () => convert(item));
  return collector.result(format);
}

export const bitwardenImporter: OtpImporter = {
  format: "bitwarden",
  label: LABEL,

  detect(input: ImportInput): boolean {
    if (firstNonBlankChar(input.bytes) === "{") return isBitwardenJson(tryParseJson(input.bytes));
    return isBitwardenCsv(input.bytes);
  },

  async read(input: ImportInput): Promise<OtpImportResult> {
    if (firstNonBlankChar(input.bytes) !== "{") {
      if (!isBitwardenCsv(input.bytes)) throw new OtpImportError("This is not a Bitwarden export (no login_totp column).", "unknown-format");
      return collect(itemsFromCsv(input.bytes.toString("utf8").replace(/^\uFEFF/, "")), "bitwarden-csv");
    }
    const doc = parseJsonOrCorrupt(input.bytes, LABEL);
    if (!isBitwardenJson(doc)) throw new OtpImportError("This is not a Bitwarden export.", "unknown-format");
    if (isPasswordProtectedEnvelope(doc)) {
      const inner = await openPasswordProtectedExport(doc, input.password);
      let innerDoc: unknown;
      try {
        innerDoc = JSON.parse(inner) as unknown;
      } catch {
        corrupt(LABEL, "the decrypted data is not valid JSON");
      }
      if (!isRecord(innerDoc)) corrupt(LABEL, "the decrypted data is not an export");
      return collect(itemsFromJson(innerDoc), "bitwarden-encrypted");
    }
    if (doc.encrypted === true) {
      throw new OtpImportError("This Bitwarden export is encrypted with your Bitwarden account key and can only be opened by Bitwarden. Export again choosing \"Password protected\" (or unencrypted JSON).", "unsupported");
    }
    return collect(itemsFromJson(doc), "bitwarden-json");
  },
};
