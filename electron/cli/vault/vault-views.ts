import type { BitLockerKey, OtpEntry } from "../../../shared/vault-types.js";

/** What `--json` shows of an OTP entry: everything but the secret, unless asked for. */
export function otpView(e: OtpEntry & { id?: string }, showSecrets: boolean): Record<string, unknown> {
  const { secret, ...rest } = e;
  return showSecrets ? { ...rest, secret } : rest;
}

/** A BitLocker key without its recovery password, unless asked for. */
export function bitlockerView(k: BitLockerKey & { account?: string }, showSecrets: boolean): Record<string, unknown> {
  const { recoveryPassword, ...rest } = k;
  return showSecrets ? { ...rest, recoveryPassword } : rest;
}

/** "GitHub (malik)" — how people recognise an authenticator entry. */
export function otpLabel(e: Pick<OtpEntry, "issuer" | "account">): string {
  if (e.issuer && e.account) return `${e.issuer} (${e.account})`;
  return e.issuer || e.account || "(unnamed)";
}

/** Case-insensitive substring match on issuer and account. */
export function otpMatches(e: OtpEntry, query: string | undefined): boolean {
  if (!query) return true;
  const q = query.toLowerCase();
  return e.issuer.toLowerCase().includes(q) || e.account.toLowerCase().includes(q);
}
