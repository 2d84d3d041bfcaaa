// One QR code per account, as a PNG (to show on a screen or print) and an SVG (to print at any
// size), both drawn from the same module matrix. Each holds the account's otpauth:// URI, the code
// an authenticator app's "Scan a QR code" expects.
import type { OtpEntry, SkippedEntry } from "../../../../shared/vault-types.js";
import { safeSegment, truncateUtf8 } from "../../providers/microsoft/item-names.js";
import { formatOtpauthUri } from "../otp/otpauth-uri.js";
import { checkEntries } from "./export-entry.js";
import { qrMatrix, qrPng, qrSvg } from "./qr-code.js";

export interface QrCodeFile {
  /** A bare file name, safe on Windows, macOS and Linux, unique in the export. */
  name: string;
  bytes: Buffer;
}

export interface QrAccountCode {
  entry: OtpEntry;
  uri: string;
  png: QrCodeFile;
  svg: QrCodeFile;
}

export interface QrExport {
  codes: QrAccountCode[];
  skipped: SkippedEntry[];
}

/**
 * `07-GitHub-malik@example.com`: the position (so names stay unique and sort in vault order, and
 * no name is a reserved device name) and who the code is for.
 */
export function qrBaseName(index: number, count: number, e: Pick<OtpEntry, "issuer" | "account">): string {
  const width = Math.max(2, String(count).length);
  const who = [e.issuer.trim(), e.account.trim()].filter((s) => s !== "").join("-");
  const safe = truncateUtf8(safeSegment(who, "account").replace(/[\s_]+/g, "_"), 80).replace(/[._-]+$/, "");
  return `${String(index + 1).padStart(width, "0")}-${safe || "account"}`;
}

export function exportQrCodes(entries: readonly OtpEntry[]): QrExport {
  const { valid, skipped } = checkEntries(entries);
  const codes = valid.map((entry, i) => {
    const uri = formatOtpauthUri(entry);
    const matrix = qrMatrix(uri, "M");
    const base = qrBaseName(i, valid.length, entry);
    const title = [entry.issuer, entry.account].filter((s) => s !== "").join(": ");
    return {
      entry,
      uri,
      png: { name: `${base}.png`, bytes: qrPng(matrix) },
      svg: { name: `${base}.svg`, bytes: Buffer.from(qrSvg(matrix, title), "utf8") },
    };
  });
  return { codes, skipped };
}
