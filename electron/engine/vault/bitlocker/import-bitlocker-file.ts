// `lifeboat bitlocker import FILE`: finds out what the file is and reads its keys. The formats, in
// the order they are tried (the more a format says about itself, the earlier):
//
//   graph / lifeboat-json   JSON with Graph bitlockerRecoveryKey objects, or Lifeboat's own keys
//   get-bitlockervolume     PowerShell output (list or ConvertTo-Json), found by its property names
//   manage-bde              `manage-bde -protectors -get` output, found by its volume line and {ids}
//   windows-txt             the .TXT Windows saves (an id and a password, the word BitLocker)
//   pasted                  anything else with a password in it: the account page, notes
//
// Nothing is imported from a file that has no valid key; the error then says why, and for a
// mistyped password which group to look at (never the digits: see recovery-password.ts).

import type { BitLockerKey, SkippedEntry } from "../../../../shared/vault-types.js";
import { ExitCode } from "../../../../shared/archive-types.js";
import { LifeboatError } from "../../errors.js";
import { decodeText } from "./decode-text.js";
import type { BitLockerParseResult } from "./key-collector.js";
import type { RecoveryPasswordError } from "./recovery-password.js";
import { graphJsonFormat, looksLikeGraphJson, parseGraphJson } from "./parse-graph-json.js";
import { looksLikeGetBitLockerVolume, looksLikeGetBitLockerVolumeJson, parseGetBitLockerVolumeJson, parseGetBitLockerVolumeList } from "./parse-get-bitlockervolume.js";
import { looksLikeManageBde, parseManageBde } from "./parse-manage-bde.js";
import { looksLikeWindowsTxt, parseWindowsTxt } from "./parse-windows-txt.js";
import { looksLikePastedText, parsePastedText } from "./parse-pasted-text.js";
import { findPasswordCandidates } from "./text-scan.js";

export type BitLockerFormat = "graph" | "lifeboat-json" | "get-bitlockervolume" | "manage-bde" | "windows-txt" | "pasted";

export interface BitLockerImportResult {
  /** The format detected. */
  format: BitLockerFormat;
  keys: BitLockerKey[];
  /** Entries found but not imported, and why (shown to the user; never a password). */
  skipped: SkippedEntry[];
}

export type BitLockerImportErrorReason =
  /** Nothing that looks like a recovery key. */
  | "unknown-format"
  /** Only recovery passwords that are not valid: `group` points at the first wrong group. */
  | "invalid-password"
  /** Valid passwords, but nothing to tell which drive they unlock, or all skipped otherwise. */
  | "no-usable-key"
  /** Too big to be any of these formats. */
  | "too-large";

/** Nothing was imported; the message says why and what to do. */
export class BitLockerImportError extends LifeboatError {
  constructor(
    message: string,
    readonly reason: BitLockerImportErrorReason,
    /** For "invalid-password": the first wrong group (1–8) of the first password. */
    readonly group?: number,
  ) {
    super(message, reason === "too-large" ? ExitCode.usage : ExitCode.failed, `bitlocker-${reason}`);
    this.name = "BitLockerImportError";
  }
}

/** Every format here is a few kilobytes; a much bigger file is something else. */
export const MAX_IMPORT_BYTES = 1024 * 1024;
/** More keys than anyone has; a text with more password-shaped numbers is not a key file. */
export const MAX_IMPORT_KEYS = 1000;

const WHAT_WE_READ =
  "Lifeboat reads the .TXT file Windows saves, `manage-bde -protectors -get` or `Get-BitLockerVolume` output, Microsoft Graph JSON, and text copied from https://aka.ms/myrecoverykey. A recovery key is 8 groups of 6 digits.";

function tryJson(text: string): { ok: true; value: unknown } | { ok: false } {
  const t = text.trim();
  if (!/^[[{]/.test(t)) return { ok: false };
  try {
    return { ok: true, value: JSON.parse(t) as unknown };
  } catch {
    return { ok: false };
  }
}

/** The format of decoded text, or undefined when it has nothing that looks like a key. */
export function detectBitLockerFormat(text: string, fileName?: string): BitLockerFormat | undefined {
  const json = tryJson(text);
  if (json.ok) {
    if (looksLikeGetBitLockerVolumeJson(json.value)) return "get-bitlockervolume";
    if (looksLikeGraphJson(json.value)) return graphJsonFormat(json.value);
  }
  if (looksLikeGetBitLockerVolume(text)) return "get-bitlockervolume";
  if (looksLikeManageBde(text)) return "manage-bde";
  if (looksLikeWindowsTxt(text, fileName)) return "windows-txt";
  if (looksLikePastedText(text)) return "pasted";
  return undefined;
}

function parse(format: BitLockerFormat, text: string, fileName: string | undefined): BitLockerParseResult {
  switch (format) {
    case "graph":
    case "lifeboat-json": {
      const json = tryJson(text);
      return parseGraphJson(json.ok ? json.value : undefined);
    }
    case "get-bitlockervolume": {
      const json = tryJson(text);
      return json.ok ? parseGetBitLockerVolumeJson(json.value) : parseGetBitLockerVolumeList(text);
    }
    case "manage-bde":
      return parseManageBde(text);
    case "windows-txt":
      return parseWindowsTxt(text, fileName);
    case "pasted":
      return parsePastedText(text);
  }
}

function invalidError(errors: RecoveryPasswordError[], source: string): BitLockerImportError {
  const first = errors[0]!;
  const more = errors.length > 1 ? ` ${errors.length - 1} other recovery password${errors.length > 2 ? "s are" : " is"} not valid either.` : "";
  const message = `${source} has no valid BitLocker recovery key. ${first.message}${more} Correct it from the original (the screen, the printout, the file Windows saved) and import again.`;
  return new BitLockerImportError(message, "invalid-password", first.group);
}

/**
 * Reads the keys of any known text (what a user pasted into the app, or a file already decoded).
 * Throws BitLockerImportError when nothing can be imported.
 */
export function importBitLockerText(text: string, fileName?: string): BitLockerImportResult {
  const source = fileName ? `"${fileName.replace(/^.*[\\/]/, "")}"` : "The text";
  // Bounds the parsers' work on hostile input (they pair each password with the ids near it).
  if (text.length > MAX_IMPORT_BYTES || findPasswordCandidates(text).length > MAX_IMPORT_KEYS) {
    throw new BitLockerImportError(`${source} is too big to be a list of recovery keys (at most ${MAX_IMPORT_KEYS} keys, 1 MB). ${WHAT_WE_READ}`, "too-large");
  }
  const format = detectBitLockerFormat(text, fileName);
  if (!format) throw new BitLockerImportError(`${source} has no BitLocker recovery key Lifeboat recognises. ${WHAT_WE_READ}`, "unknown-format");
  const result = parse(format, text, fileName);
  if (result.keys.length === 0) {
    const passwordReasons = new Set(result.passwordErrors.map((e) => e.message));
    const other = result.skipped.filter((s) => !passwordReasons.has(s.reason));
    if (result.passwordErrors.length > 0 && other.length === 0) throw invalidError(result.passwordErrors, source);
    if (result.skipped.length === 0) throw new BitLockerImportError(`${source} has no BitLocker recovery key Lifeboat recognises. ${WHAT_WE_READ}`, "unknown-format");
    const reasons = [...new Set(result.skipped.map((s) => `${s.name}: ${s.reason}`))];
    const more = reasons.length > 3 ? ` (and ${reasons.length - 3} more)` : "";
    throw new BitLockerImportError(`${source} has no BitLocker recovery key that can be imported. ${reasons.slice(0, 3).join(" ")}${more}`, "no-usable-key", result.passwordErrors[0]?.group);
  }
  return { format, keys: result.keys, skipped: result.skipped };
}

/** Reads the keys of a file's bytes (any encoding Windows or an editor writes). */
export function importBitLockerKeys(bytes: Buffer, fileName?: string): BitLockerImportResult {
  const name = fileName ? `"${fileName.replace(/^.*[\\/]/, "")}"` : "This file";
  if (fileName && /\.bek$/i.test(fileName)) {
    throw new BitLockerImportError(
      `${name} is a BitLocker startup key (.BEK), not a recovery password. Lifeboat keeps the 48-digit recovery passwords: save the recovery key to a file from Windows (or run \`manage-bde -protectors -get C:\` as administrator) and import that.`,
      "unknown-format",
    );
  }
  if (bytes.length > MAX_IMPORT_BYTES) {
    throw new BitLockerImportError(`${name} is ${Math.ceil(bytes.length / 1024)} KB: too big to be a recovery key file (at most 1 MB). ${WHAT_WE_READ}`, "too-large");
  }
  const { text } = decodeText(bytes);
  return importBitLockerText(text, fileName);
}
