// Proton Authenticator export: {"version":1,"entries":[{"id","content":{"uri","entry_type",
// "name"},"note"}]}. The URI is an otpauth:// link (or steam:// for Steam entries); `name` is the
// account name the user sees, so it wins over the URI's label, as in Aegis's importer.

import type { OtpEntry, OtpImportResult } from "../../../../../shared/vault-types.js";
import type { ImportInput, OtpImporter } from "./otp-importer.js";
import { EntryCollector, SkipEntry, corrupt, firstNonBlankChar, isRecord, num, parseJsonOrCorrupt, parseTotpField, str, tryParseJson } from "./importer-support.js";
import { OtpImportError } from "./otp-import-error.js";

const LABEL = "Proton Authenticator export";

function isProton(value: unknown): value is Record<string, unknown> & { entries: unknown[] } {
  return isRecord(value) && Array.isArray(value.entries) && "version" in value && value.entries.every((e) => isRecord(e) && isRecord(e.content) && "uri" in e.content);
}

function convertEntry(raw: Record<string, unknown>): OtpEntry {
  const content = isRecord(raw.content) ? raw.content : undefined;
  if (!content) throw new SkipEntry("The entry has no content.");
  const uri = str(content.uri);
  if (uri.trim() === "") throw new SkipEntry("The entry has no otpauth:// link.");
  const name = str(content.name);
  const entryType = str(content.entry_type).toLowerCase();
  let entry = parseTotpField(uri, { issuer: "", account: name });
  if (entryType === "steam" && entry.type !== "steam") entry = { ...entry, type: "steam", algorithm: "SHA1", digits: 5 };
  if (name.trim() !== "") entry = { ...entry, account: name };
  const note = str(raw.note);
  return note !== "" ? { ...entry, note } : entry;
}

export const protonAuthenticatorImporter: OtpImporter = {
  format: "proton-authenticator",
  label: LABEL,

  detect(input: ImportInput): boolean {
    return firstNonBlankChar(input.bytes) === "{" && isProton(tryParseJson(input.bytes));
  },

  async read(input: ImportInput): Promise<OtpImportResult> {
    const doc = parseJsonOrCorrupt(input.bytes, LABEL);
    if (!isRecord(doc) || !("entries" in doc)) throw new OtpImportError("This is not a Proton Authenticator export.", "unknown-format");
    const version = num(doc.version);
    if (version !== undefined && version > 1) throw new OtpImportError(`This Proton Authenticator export is version ${version}, newer than Lifeboat knows (1).`, "unsupported");
    if (!Array.isArray(doc.entries)) corrupt(LABEL, "its entry list is not a list");
    const collector = new EntryCollector("proton-authenticator");
    for (const raw of doc.entries) {
      const content = isRecord(raw) && isRecord(raw.content) ? raw.content : {};
      if (!isRecord(raw)) {
        collector.skip("(unnamed entry)", "The entry is not an object.");
        continue;
      }
      collector.add(str(content.name), () => convertEntry(raw));
    }
    return collector.result("proton-authenticator");
  },
};
