// What every exporter does first: check each entry again (a vault written by an older Lifeboat,
// or edited by hand, must not produce a QR code with a broken secret) and name the ones left out
// the way the importers name skipped entries, so the user can find them.
import type { OtpEntry, SkippedEntry } from "../../../../shared/vault-types.js";
import { validateOtpEntry } from "../otp/otpauth-uri.js";

/** "Issuer / account", as SkippedEntry.name reads everywhere. */
export function entryName(e: Pick<OtpEntry, "issuer" | "account">): string {
  return [e.issuer.trim(), e.account.trim()].filter((s) => s !== "").join(" / ") || "(unnamed)";
}

/**
 * The entries in canonical form, and those that fail validation with the reason. `original[i]` is
 * the object `valid[i]` was made from (callers key things by the vault's own entry).
 */
export function checkEntries<T extends OtpEntry>(entries: readonly T[]): { valid: OtpEntry[]; original: T[]; skipped: SkippedEntry[] } {
  const valid: OtpEntry[] = [];
  const original: T[] = [];
  const skipped: SkippedEntry[] = [];
  for (const e of entries) {
    try {
      valid.push(validateOtpEntry(e));
      original.push(e);
    } catch (err) {
      // validateOtpEntry's messages never contain the secret.
      skipped.push({ name: entryName(e), reason: (err as Error).message });
    }
  }
  return { valid, original, skipped };
}
