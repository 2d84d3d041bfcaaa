// Google Authenticator's "Transfer accounts" export: one or more QR codes, each an
// `otpauth-migration://offline?data=…` link holding a batch of accounts. Accepted as a text file
// of such links (one a line, e.g. from a QR scanner app) or as PNG/JPEG pictures of the codes.
// One picture holds one QR code, so a multi-code export is several pictures: importGoogleMigration
// takes them all at once and reports any batch (batch_index of batch_size) that is missing, as a
// skipped entry the user sees, rather than importing part of an export in silence.
//
// A picture whose QR code is a single-account otpauth:// link is accepted too (a setup QR code
// someone saved), since the user cannot tell the two kinds of QR code apart.
//
// Google's format has no period, so every TOTP is 30 s (as in Aegis); algorithm and digits are
// enums (research §1.3).

import type { OtpEntry, OtpImportResult, OtpType } from "../../../../../shared/vault-types.js";
import type { ImportInput, OtpImporter } from "./otp-importer.js";
import { EntryCollector, SkipEntry, bytesToText, displayName } from "./importer-support.js";
import { OtpImportError } from "./otp-import-error.js";
import { MIGRATION_ALGORITHMS, MIGRATION_DIGITS, MIGRATION_TYPES, decodeMigrationPayload, migrationUriData, type MigrationOtp, type MigrationPayload } from "./google-migration-payload.js";
import { QrImageError, imageKind, readQrFromImage } from "./qr-image.js";
import { base32Encode } from "../base32.js";
import { parseOtpauthUri } from "../otpauth-uri.js";

const FORMAT = "google-migration";
const MAX_TEXT_BYTES = 4 * 1024 * 1024;

/** What one file yielded: migration batches and/or plain otpauth:// links (from a QR picture). */
interface FileContent {
  batches: MigrationPayload[];
  otpauthUris: string[];
}

function fileLabel(input: ImportInput, index: number): string {
  return input.fileName ? `"${input.fileName}"` : `file ${index + 1}`;
}

function decodeBatch(uri: string, where: string): MigrationPayload {
  let data: Buffer;
  try {
    data = migrationUriData(uri);
  } catch (err) {
    throw new OtpImportError(`The Google Authenticator export link in ${where} is damaged: ${(err as Error).message}.`, "corrupt");
  }
  try {
    return decodeMigrationPayload(data);
  } catch {
    throw new OtpImportError(`The Google Authenticator export link in ${where} is damaged or cut short (its data does not decode).`, "corrupt");
  }
}

function readFile(input: ImportInput, index: number): FileContent {
  const where = fileLabel(input, index);
  if (imageKind(input.bytes)) {
    let text: string | undefined;
    try {
      text = readQrFromImage(input.bytes);
    } catch (err) {
      if (err instanceof QrImageError) throw new OtpImportError(`${where}: ${err.message}`, "corrupt");
      throw err;
    }
    if (text === undefined) {
      throw new OtpImportError(`No QR code was found in the picture ${where}. Take a sharper screenshot or photo showing the whole code.`, "unknown-format");
    }
    if (/^otpauth-migration:/i.test(text.trim())) return { batches: [decodeBatch(text, where)], otpauthUris: [] };
    if (/^otpauth:\/\//i.test(text.trim())) return { batches: [], otpauthUris: [text.trim()] };
    throw new OtpImportError(`The QR code in ${where} is not a Google Authenticator export or an authenticator setup code.`, "unknown-format");
  }
  if (input.bytes.length > MAX_TEXT_BYTES) throw new OtpImportError(`${where} is too large to be a list of export links.`, "unsupported");
  const links = bytesToText(input.bytes)
    .split(/\s+/)
    .filter((s) => /^otpauth-migration:/i.test(s));
  if (links.length === 0) throw new OtpImportError(`${where} contains no otpauth-migration:// link.`, "unknown-format");
  return { batches: links.map((l, i) => decodeBatch(l, links.length > 1 ? `${where}, link ${i + 1}` : where)), otpauthUris: [] };
}

function convertOtp(p: MigrationOtp): OtpEntry {
  const type: OtpType | undefined = MIGRATION_TYPES[p.type];
  if (!type) throw new SkipEntry(`Unknown account type (${p.type}) in the export.`);
  const algorithm = MIGRATION_ALGORITHMS[p.algorithm];
  if (!algorithm) throw new SkipEntry(`Unknown algorithm (${p.algorithm}) in the export.`);
  const digits = MIGRATION_DIGITS[p.digits];
  if (!digits) throw new SkipEntry(`Unknown digit count (${p.digits}) in the export.`);
  const counter = Number(p.counter);
  if (!Number.isSafeInteger(counter)) throw new SkipEntry("The counter is out of range.");
  if (p.secret.length === 0) throw new SkipEntry("The secret is empty.");
  // `name` is usually "Issuer:account"; the issuer field wins when both are present.
  let account = p.name;
  let issuer = p.issuer;
  const colon = p.name.indexOf(":");
  if (issuer !== "" && p.name.startsWith(`${issuer}:`)) account = p.name.slice(issuer.length + 1);
  else if (issuer === "" && colon !== -1) {
    issuer = p.name.slice(0, colon);
    account = p.name.slice(colon + 1);
  }
  return { type, issuer, account: account.trim(), secret: base32Encode(p.secret), algorithm, digits, period: 30, counter: type === "hotp" ? counter : 0 };
}

/**
 * Imports one or more files of one Google Authenticator export (several QR pictures, or text files
 * of links). Batches are grouped by batch_id; a batch seen twice is read once; every batch_index
 * missing from 0..batch_size-1 becomes a skipped entry saying which QR code to add.
 */
export async function importGoogleMigration(inputs: ImportInput[]): Promise<OtpImportResult> {
  if (inputs.length === 0) throw new OtpImportError("No file was given.", "unknown-format");
  const contents = inputs.map((input, i) => readFile(input, i));
  const collector = new EntryCollector(FORMAT);
  const seen = new Map<number, { size: number; indices: Set<number> }>();
  for (const content of contents) {
    for (const batch of content.batches) {
      const size = Math.max(1, batch.batchSize);
      const group = seen.get(batch.batchId) ?? { size, indices: new Set<number>() };
      seen.set(batch.batchId, group);
      group.size = Math.max(group.size, size);
      if (group.indices.has(batch.batchIndex)) continue; // the same QR code scanned twice
      group.indices.add(batch.batchIndex);
      for (const p of batch.otpParameters) collector.add(displayName(p.issuer, p.name), () => convertOtp(p));
    }
    for (const uri of content.otpauthUris) collector.add("QR code", () => parseOtpauthUri(uri));
  }
  const exports = [...seen.values()];
  for (const group of exports) {
    for (let i = 0; i < group.size; i++) {
      if (group.indices.has(i)) continue;
      const which = exports.length > 1 ? "one of the Google Authenticator exports" : "the Google Authenticator export";
      collector.skip(`QR code ${i + 1} of ${group.size}`, `This QR code of ${which} was not given, so its accounts are missing. Add a picture of it (or its link) and import again.`);
    }
  }
  if (collector.entries.length === 0 && collector.skipped.length === 0) {
    throw new OtpImportError("The Google Authenticator export contains no accounts.", "corrupt");
  }
  return collector.result(FORMAT);
}

export const googleMigrationImporter: OtpImporter = {
  format: FORMAT,
  label: "Google Authenticator export (Transfer accounts QR codes)",

  /** Text with an otpauth-migration:// link, or any PNG/JPEG (only reading it finds the QR code). */
  detect(input: ImportInput): boolean {
    if (imageKind(input.bytes)) return true;
    const head = input.bytes.subarray(0, 4096).toString("utf8").replace(/^\uFEFF/, "").trimStart();
    return /^otpauth-migration:\/\//i.test(head);
  },

  async read(input: ImportInput): Promise<OtpImportResult> {
    return importGoogleMigration([input]);
  },
};
