// A text file of otpauth:// URIs, one a line: Aegis's "plain text" export, Ente Auth's plain
// export (which adds a `codeDisplay` JSON parameter), and what many people keep by hand. Ente's
// import also accepts comma-separated URIs, so a line holding several is split at ",otpauth://".

import type { OtpEntry, OtpImportResult } from "../../../../../shared/vault-types.js";
import type { ImportInput, OtpImporter } from "./otp-importer.js";
import { EntryCollector, SkipEntry, bytesToText, isRecord } from "./importer-support.js";
import { OtpImportError } from "./otp-import-error.js";
import { parseOtpauthUri } from "../otpauth-uri.js";

const MAX_BYTES = 16 * 1024 * 1024;

/** Splits the text into lines, and a line into URIs when several were joined with commas. */
function uriLines(text: string): { line: number; text: string }[] {
  const out: { line: number; text: string }[] = [];
  text.split(/\r\n|\r|\n/).forEach((raw, i) => {
    for (const part of raw.split(/,(?=\s*otpauth:\/\/)/i)) {
      const t = part.trim();
      if (t !== "" && !t.startsWith("#")) out.push({ line: i + 1, text: t });
    }
  });
  return out;
}

/** Ente's `codeDisplay` JSON: a trashed code and the note are worth keeping visible. */
function enteDisplay(uri: string): { trashed: boolean; note: string } | undefined {
  const m = /[?&]codeDisplay=([^&#]*)/i.exec(uri);
  if (!m) return undefined;
  try {
    const value: unknown = JSON.parse(decodeURIComponent((m[1] ?? "").replace(/\+/g, " ")));
    if (!isRecord(value)) return { trashed: false, note: "" };
    return { trashed: value.trashed === true, note: typeof value.note === "string" ? value.note : "" };
  } catch {
    return { trashed: false, note: "" };
  }
}

/** A short label for a line that could not be parsed, without its secret. */
function lineName(line: number, text: string): string {
  const label = /^otpauth:\/\/[^/]*\/([^?]*)/i.exec(text)?.[1];
  let decoded = "";
  if (label) {
    try {
      decoded = decodeURIComponent(label);
    } catch {
      decoded = label;
    }
  }
  return decoded ? `line ${line} (${decoded.slice(0, 80)})` : `line ${line}`;
}

export const otpauthListImporter: OtpImporter = {
  format: "otpauth-list",
  label: "list of otpauth:// links",

  detect(input: ImportInput): boolean {
    if (input.bytes.length > MAX_BYTES) return false;
    const head = input.bytes.subarray(0, 4096).toString("utf8").replace(/^\uFEFF/, "").trimStart();
    return /^otpauth:\/\//i.test(head);
  },

  async read(input: ImportInput): Promise<OtpImportResult> {
    if (input.bytes.length > MAX_BYTES) throw new OtpImportError("This file is too large to be a list of otpauth:// links.", "unsupported");
    const text = bytesToText(input.bytes);
    if (text.includes("\u0000")) throw new OtpImportError("This is not a text file of otpauth:// links.", "unknown-format");
    const lines = uriLines(text);
    if (!lines.some((l) => /^otpauth:\/\//i.test(l.text))) {
      throw new OtpImportError("This file contains no otpauth:// links.", "unknown-format");
    }
    const ente = lines.some((l) => /[?&]codeDisplay=/i.test(l.text));
    const format = ente ? "ente-auth-plain" : "otpauth-list";
    const collector = new EntryCollector(format);
    for (const { line, text: uri } of lines) {
      collector.add(lineName(line, uri), (): OtpEntry => {
        if (/^otpauth-migration:/i.test(uri)) throw new SkipEntry("This is a Google Authenticator export link; import it as a Google Authenticator export.");
        if (!/^otpauth:\/\//i.test(uri)) throw new SkipEntry("Not an otpauth:// link.");
        const entry = parseOtpauthUri(uri);
        const display = enteDisplay(uri);
        const notes = [display?.note ?? "", display?.trashed ? "In Ente Auth's trash when exported." : ""].filter((s) => s !== "");
        return notes.length > 0 ? { ...entry, note: notes.join("\n") } : entry;
      });
    }
    return collector.result(format);
  },
};
