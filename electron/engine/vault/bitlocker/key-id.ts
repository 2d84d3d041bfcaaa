// BitLocker key protector ids. The same id is written "{DFA26333-…}" by manage-bde and PowerShell,
// "DFA26333-…" in the saved .TXT, "dfa26333-…" by Graph, and only its first 8 hex digits by older
// recovery screens and by the Microsoft account's recovery-key page. The vault keeps the upper-case
// GUID without braces (or the 8-digit prefix when that is all a source gives) and compares ids by
// prefix, because the recovery screen asks for a key by the start of its id. Research notes §2.2.

/** How many hex digits older recovery screens (and the account page) show. */
export const KEY_ID_PREFIX_LENGTH = 8;

const DASHES = /[\u2010-\u2015\u2212\ufe63\uff0d]/g;

/** A GUID as it appears in text (braces optional), for scanning; case-insensitive. */
export const GUID_SOURCE = "[0-9A-Fa-f]{8}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{12}";

function formatGuid(hex32: string): string {
  const h = hex32.toUpperCase();
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
}

/** The hex digits of an id (or of what a user typed of one), upper case, without braces and dashes. */
export function keyIdHex(text: string): string {
  return text
    .normalize("NFKC")
    .replace(DASHES, "-")
    .replace(/[{}()\s-]/g, "")
    .toUpperCase();
}

/**
 * A protector id normalised: "XXXXXXXX-XXXX-XXXX-XXXX-XXXXXXXXXXXX" (upper case, no braces) for a
 * full GUID, with or without braces, dashes, surrounding spaces or in any case; "XXXXXXXX" for the
 * 8-hex-digit prefix a recovery screen shows. Undefined for anything else.
 */
export function normaliseKeyId(text: string): string | undefined {
  const trimmed = text.normalize("NFKC").replace(DASHES, "-").trim();
  // Braces must balance if present: "{ABC" is more likely a cut-off copy than an id.
  const inner = /^\{\s*(.*?)\s*\}$/s.exec(trimmed)?.[1] ?? trimmed;
  if (/[{}]/.test(inner)) return undefined;
  if (new RegExp(`^${GUID_SOURCE}$`).test(inner)) return inner.toUpperCase();
  if (/^[0-9A-Fa-f]{32}$/.test(inner)) return formatGuid(inner);
  if (/^[0-9A-Fa-f]{8}$/.test(inner)) return inner.toUpperCase();
  return undefined;
}

/** True for a complete GUID (not just the 8-digit prefix). */
export function isFullKeyId(id: string): boolean {
  return keyIdHex(id).length === 32 && normaliseKeyId(id) !== undefined;
}

/**
 * True when `query` (what the recovery screen shows, typed by the user: any case, braces and dashes
 * optional) is the start of `keyId`, or when the vault only has the prefix and the query is the
 * full id that starts with it. An empty query, or one with a non-hex character, matches nothing.
 */
export function matchesKeyIdPrefix(keyId: string, query: string): boolean {
  const q = keyIdHex(query);
  const k = keyIdHex(keyId);
  if (q === "" || k === "" || !/^[0-9A-F]+$/.test(q) || !/^[0-9A-F]+$/.test(k)) return false;
  return k.startsWith(q) || (k.length < q.length && q.startsWith(k));
}

/** Same protector: equal ids, or one is the prefix the account page shows of the other. */
export function sameKeyId(a: string, b: string): boolean {
  const x = keyIdHex(a);
  const y = keyIdHex(b);
  if (x === "" || y === "") return false;
  return x === y || (Math.min(x.length, y.length) >= KEY_ID_PREFIX_LENGTH && (x.startsWith(y) || y.startsWith(x)));
}
