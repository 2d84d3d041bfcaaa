// The entries Aegis's importer fixtures encode (MANIFEST.md "What every file holds", from Aegis's
// vectors/VaultEntries.java), and where the fixtures live. Shared by the OTP importer tests.
import path from "node:path";
import type { OtpEntry } from "../../shared/vault-types.js";
import { FIXTURES_DIR } from "./fixtures-dir.js";

/** ../shared/fixtures/otp/aegis relative to the repository (tests run from the repo root). */
export const AEGIS_FIXTURES = path.join(FIXTURES_DIR, "otp", "aegis");

function e(type: OtpEntry["type"], issuer: string, account: string, secret: string, algorithm: OtpEntry["algorithm"], digits: number, period: number, counter: number): OtpEntry {
  return { type, issuer, account, secret, algorithm, digits, period, counter };
}

export const AEGIS_VECTORS = {
  deno: e("totp", "Deno", "Mason", "4SJHB4GSD43FZBAI7C2HLRJGPQ", "SHA1", 6, 30, 0),
  spdx: e("totp", "SPDX", "James", "5OM4WOOGPLQEF6UGN3CPEOOLWU", "SHA256", 7, 20, 0),
  airbnb: e("totp", "Airbnb", "Elijah", "7ELGJSGXNCCTV3O6LKJWYFV2RA", "SHA512", 8, 50, 0),
  issuu: e("hotp", "Issuu", "James", "YOOMIXWS5GN6RTBPUFFWKTW5M4", "SHA1", 6, 30, 1),
  airCanada: e("hotp", "Air Canada", "Benjamin", "KUVJJOM753IHTNDSZVCNKL7GII", "SHA256", 7, 30, 50),
  wwe: e("hotp", "WWE", "Mason", "5VAML3X35THCEBVRLV24CGBKOY", "SHA512", 8, 30, 10300),
  boeing: e("steam", "Boeing", "Sophia", "JRZCL47CMXVOQMNPZR2F7J4RGI", "SHA1", 5, 30, 0),
} as const satisfies Record<string, OtpEntry>;

export const ALL_AEGIS_VECTORS: OtpEntry[] = Object.values(AEGIS_VECTORS);

/** The comparable part of an entry (drops note/origin), for deepEqual against the vectors. */
export function core(entry: OtpEntry): OtpEntry {
  const { type, issuer, account, secret, algorithm, digits, period, counter } = entry;
  return { type, issuer, account, secret, algorithm, digits, period: type === "hotp" ? 30 : period, counter: type === "hotp" ? counter : 0 };
}

/** Sorts by issuer then account so exports in any order compare equal. */
export function sorted(entries: OtpEntry[]): OtpEntry[] {
  return [...entries].map(core).sort((a, b) => `${a.issuer}\u0000${a.account}`.localeCompare(`${b.issuer}\u0000${b.account}`));
}
