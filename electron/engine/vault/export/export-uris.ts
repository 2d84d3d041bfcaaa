// The simplest export every authenticator reads: one `otpauth://` URI per line (Aegis, 2FAS,
// Ente, Stratum, KeePassXC and others import such a text file; research §1.1). No comment lines:
// some importers reject a line that is not a URI.
import type { OtpEntry, SkippedEntry } from "../../../../shared/vault-types.js";
import { formatOtpauthUri } from "../otp/otpauth-uri.js";
import { checkEntries } from "./export-entry.js";

export interface UriExport {
  /** One URI per line, newline-terminated; empty when nothing could be exported. */
  text: string;
  uris: string[];
  skipped: SkippedEntry[];
}

export function exportUris(entries: readonly OtpEntry[]): UriExport {
  const { valid, skipped } = checkEntries(entries);
  // Steam as `otpauth://steam/…` (Aegis's spelling): the apps that can compute Steam codes read it.
  const uris = valid.map((e) => formatOtpauthUri(e));
  return { text: uris.length > 0 ? `${uris.join("\n")}\n` : "", uris, skipped };
}
