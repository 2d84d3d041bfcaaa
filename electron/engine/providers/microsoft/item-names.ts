// File names for account items. Catalog paths are the restore layout of CLI.md
// (`mail/<folder path>/<n>-<subject>.eml`, `files/<drive path>`...), so a restore, and recover.sh
// without Lifeboat, write them as they are.

// eslint-disable-next-line no-control-regex -- control characters are exactly what must go
const UNSAFE = /[\u0000-\u001f\u007f/\\:*?"<>|]/g;
const MAX_NAME_BYTES = 120;

/** A folder or file name that is safe on Windows, macOS and Linux, never empty, never "." or "..". */
export function safeSegment(name: string, fallback = "(unnamed)"): string {
  let s = name.normalize("NFC").replace(UNSAFE, "_").replace(/[. ]+$/, "").trim();
  if (s === "" || s === "." || s === "..") s = fallback;
  // Windows reserves device names whatever the extension.
  if (/^(con|prn|aux|nul|com[1-9]|lpt[1-9])(\..*)?$/i.test(s)) s = `_${s}`;
  return truncateUtf8(s, MAX_NAME_BYTES);
}

/** Cuts to at most `max` UTF-8 bytes without splitting a character. */
export function truncateUtf8(s: string, max: number): string {
  if (Buffer.byteLength(s) <= max) return s;
  let out = "";
  for (const ch of s) {
    if (Buffer.byteLength(out + ch) > max) break;
    out += ch;
  }
  return out.trimEnd();
}

/** `000042-Lunch on Friday`: a per-folder number that keeps names unique, then the subject. */
export function numberedName(n: number, title: string | undefined, fallback: string): string {
  return `${String(n).padStart(6, "0")}-${safeSegment(title ?? "", fallback).slice(0, 80).trimEnd() || fallback}`;
}

/** The number of a numbered name, or undefined. */
export function numberOf(fileName: string): number | undefined {
  const m = /^(\d{6,})-/.exec(fileName);
  return m ? Number(m[1]) : undefined;
}
