// Finding the key a recovery screen asks for. The screen shows the key id (its first 8 hex digits on
// older Windows, all 32 on newer); the user types what they see, in any case, with or without
// dashes. Failing that, people know their device by name ("the Surface", "DESKTOP-7H3K…").

import type { BitLockerKey } from "../../../../shared/vault-types.js";
import { keyIdHex, matchesKeyIdPrefix } from "./key-id.js";

/** Fewer hex digits than this would match too many keys to be a lookup. */
export const MIN_KEY_ID_QUERY = 4;

function fold(s: string): string {
  return s.normalize("NFD").replace(/\p{M}/gu, "").toLowerCase();
}

/** Whether a query can be (the start of) a key id: hex digits, with dashes, braces or spaces. */
export function isKeyIdQuery(query: string): boolean {
  const hex = keyIdHex(query);
  return hex.length >= MIN_KEY_ID_QUERY && hex.length <= 32 && /^[0-9A-F]+$/.test(hex);
}

/** Keys whose id starts with `prefix` (see matchesKeyIdPrefix), in the order given. */
export function findKeysByIdPrefix<T extends BitLockerKey>(keys: readonly T[], prefix: string): T[] {
  if (!isKeyIdQuery(prefix)) return [];
  return keys.filter((k) => matchesKeyIdPrefix(k.keyId, prefix));
}

/** Keys whose device name contains `text`, ignoring case and accents. */
export function findKeysByDevice<T extends BitLockerKey>(keys: readonly T[], text: string): T[] {
  const q = fold(text.trim());
  if (q === "") return [];
  return keys.filter((k) => k.device !== undefined && fold(k.device).includes(q));
}

/**
 * Keys for what the user typed: those whose id starts with it first, then those whose device name
 * contains it (a query like "ACE1" can be either), each key once.
 */
export function findKeys<T extends BitLockerKey>(keys: readonly T[], query: string): T[] {
  const byId = findKeysByIdPrefix(keys, query);
  const byDevice = findKeysByDevice(keys, query).filter((k) => !byId.includes(k));
  return [...byId, ...byDevice];
}
