import type { BitLockerKey, OtpEntry } from "../../../shared/vault-types.js";
import { sameKeyId } from "./bitlocker/key-id.js";

/** An OTP account in the vault, with a stable id and when it was added. */
export interface VaultOtp extends OtpEntry {
  id: string;
  added: string;
}

export interface VaultBitLocker extends BitLockerKey {
  added: string;
  /** The account it came from, for keys the Microsoft provider copied. */
  account?: string;
}

/** The whole vault: what `vault.json` in the archive holds (the source of truth). */
export interface VaultData {
  version: 1;
  otp: VaultOtp[];
  bitlocker: VaultBitLocker[];
}

export function emptyVault(): VaultData {
  return { version: 1, otp: [], bitlocker: [] };
}

/** Same account: same secret, type and names (an export imported twice adds nothing). */
function otpKey(e: OtpEntry): string {
  return [e.type, e.secret.toUpperCase(), e.issuer.toLowerCase(), e.account.toLowerCase()].join("\u0000");
}

export interface MergeReport {
  addedOtp: number;
  duplicateOtp: number;
  addedKeys: number;
  updatedKeys: number;
  updatedCounters: number;
}

/**
 * Adds OTP entries and BitLocker keys. The vault only grows: an entry removed from an app later
 * stays here (older snapshots would have it anyway); a key seen again fills in what was missing
 * (device name, dates) without losing what was known.
 */
export function mergeIntoVault(
  vault: VaultData,
  add: { otp?: OtpEntry[]; bitlocker?: Array<BitLockerKey & { account?: string }>; counters?: Record<string, number> },
  now = new Date(),
): { vault: VaultData; report: MergeReport } {
  const out: VaultData = { version: 1, otp: [...vault.otp], bitlocker: [...vault.bitlocker] };
  const report: MergeReport = { addedOtp: 0, duplicateOtp: 0, addedKeys: 0, updatedKeys: 0, updatedCounters: 0 };
  // HOTP counters only move forward: a code once shown may have been used.
  for (const [id, counter] of Object.entries(add.counters ?? {})) {
    const i = out.otp.findIndex((e) => e.id === id);
    if (i >= 0 && counter > out.otp[i]!.counter) {
      out.otp[i] = { ...out.otp[i]!, counter };
      report.updatedCounters++;
    }
  }
  const seen = new Set(out.otp.map(otpKey));
  for (const e of add.otp ?? []) {
    const k = otpKey(e);
    if (seen.has(k)) {
      report.duplicateOtp++;
      continue;
    }
    seen.add(k);
    out.otp.push({ ...e, id: `otp-${out.otp.length + 1}-${Math.abs(hash(k)).toString(36)}`, added: now.toISOString() });
    report.addedOtp++;
  }
  for (const key of add.bitlocker ?? []) {
    // The account page shows only the id's first 8 characters: that key and the full id are one.
    const i = out.bitlocker.findIndex((b) => sameKeyId(b.keyId, key.keyId));
    if (i < 0) {
      out.bitlocker.push({ ...key, added: now.toISOString() });
      report.addedKeys++;
      continue;
    }
    const old = out.bitlocker[i]!;
    const merged: VaultBitLocker = { ...key, ...Object.fromEntries(Object.entries(old).filter(([, v]) => v !== undefined && v !== "")), added: old.added };
    // Keep the longer (full) id once either side knows it.
    if (key.keyId.length > old.keyId.length) merged.keyId = key.keyId;
    if (JSON.stringify(merged) !== JSON.stringify(old)) {
      out.bitlocker[i] = merged;
      report.updatedKeys++;
    }
  }
  return { vault: out, report };
}

/** A small stable string hash for ids (not for security). */
function hash(s: string): number {
  let h = 2166136261;
  for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 16777619);
  return h | 0;
}
