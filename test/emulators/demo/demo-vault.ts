// The demo account's authenticator export, for the vault: the same OTP entries as a list of
// otpauth:// URIs (Google's Key Uri Format) and as a plain (unencrypted) Aegis vault, plus the
// BitLocker recovery key file of the owner's personal PC. The entries span what importers must
// handle: TOTP with SHA1/SHA256/SHA512, 6 and 8 digits, 30 and 60 s periods, an HOTP counter, a
// Steam entry, a non-ASCII issuer, an issuer given only in the label. The README written next to
// them lists the codes each entry yields at a fixed instant, computed here with RFC 4226/6238.
import { createHmac } from "node:crypto";

import type { DemoRandom } from "./demo-random.js";
import { OWNER } from "./demo-people.js";

export type OtpAlgorithm = "SHA1" | "SHA256" | "SHA512";

export interface OtpEntry {
  type: "totp" | "hotp" | "steam";
  issuer: string;
  account: string;
  secret: Buffer;
  algorithm: OtpAlgorithm;
  digits: number;
  period?: number;
  counter?: number;
  /** Write the issuer only as the label prefix (no issuer= parameter), as some sites do. */
  labelIssuerOnly?: boolean;
  /** Leave default-valued parameters out of the URI (algorithm, digits, period), as most sites do. */
  minimal?: boolean;
  uuid: string;
}

/** The instant the README's reference codes are for: 2025-11-30T12:00:00Z. */
export const REFERENCE_TIME = new Date(Date.UTC(2025, 10, 30, 12, 0, 0));

const BASE32 = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";

export function base32(bytes: Uint8Array): string {
  let out = "";
  let bits = 0;
  let value = 0;
  for (const b of bytes) {
    value = (value << 8) | b;
    bits += 8;
    while (bits >= 5) {
      out += BASE32[(value >>> (bits - 5)) & 31];
      bits -= 5;
    }
    value &= (1 << bits) - 1;
  }
  if (bits > 0) out += BASE32[(value << (5 - bits)) & 31];
  return out;
}

export function base32Decode(s: string): Buffer {
  const clean = s.toUpperCase().replace(/=+$/, "");
  const out: number[] = [];
  let bits = 0;
  let value = 0;
  for (const ch of clean) {
    const v = BASE32.indexOf(ch);
    if (v < 0) throw new Error(`not Base32: ${ch}`);
    value = (value << 5) | v;
    bits += 5;
    if (bits >= 8) {
      out.push((value >>> (bits - 8)) & 0xff);
      bits -= 8;
    }
    value &= (1 << bits) - 1;
  }
  return Buffer.from(out);
}

const STEAM_ALPHABET = "23456789BCDFGHJKMNPQRTVWXY";

/** RFC 4226 dynamic truncation of HMAC(secret, counter): the 31-bit value codes are cut from. */
function truncated(secret: Uint8Array, algorithm: OtpAlgorithm, counter: number): number {
  const msg = Buffer.alloc(8);
  msg.writeUInt32BE(Math.floor(counter / 2 ** 32), 0);
  msg.writeUInt32BE(counter >>> 0, 4);
  const mac = createHmac(algorithm.toLowerCase(), secret).update(msg).digest();
  const offset = mac[mac.length - 1]! & 0x0f;
  return mac.readUInt32BE(offset) & 0x7fffffff;
}

/** The code an entry shows at `time` (HOTP: at its stored counter). Steam: 5 characters. */
export function otpCode(e: Pick<OtpEntry, "type" | "secret" | "algorithm" | "digits" | "period" | "counter">, time: Date): string {
  const counter = e.type === "hotp" ? e.counter ?? 0 : Math.floor(time.getTime() / 1000 / (e.period ?? 30));
  let v = truncated(e.secret, e.algorithm, counter);
  if (e.type === "steam") {
    let code = "";
    for (let i = 0; i < 5; i++) {
      code += STEAM_ALPHABET[v % STEAM_ALPHABET.length];
      v = Math.floor(v / STEAM_ALPHABET.length);
    }
    return code;
  }
  return String(v % 10 ** e.digits).padStart(e.digits, "0");
}

export function otpEntries(rnd: DemoRandom): OtpEntry[] {
  const secretLength: Record<OtpAlgorithm, number> = { SHA1: 20, SHA256: 32, SHA512: 64 };
  const entry = (e: Omit<OtpEntry, "secret" | "uuid">): OtpEntry => ({ ...e, secret: rnd.bytes(secretLength[e.algorithm]), uuid: rnd.guid() });
  return [
    entry({ type: "totp", issuer: "GitHub", account: "malik-haddad", algorithm: "SHA1", digits: 6, period: 30, minimal: true }),
    entry({ type: "totp", issuer: "Microsoft", account: OWNER.personalAddress, algorithm: "SHA1", digits: 6, period: 30, minimal: true }),
    entry({ type: "totp", issuer: "Woodgrove Bank", account: OWNER.personalAddress, algorithm: "SHA256", digits: 8, period: 30 }),
    entry({ type: "totp", issuer: "Contoso VPN", account: OWNER.workAddress, algorithm: "SHA1", digits: 6, period: 60 }),
    entry({ type: "totp", issuer: "Tailspin Toys", account: "malik", algorithm: "SHA512", digits: 8, period: 30 }),
    entry({ type: "hotp", issuer: "Litware Bank", account: "card ending 4471", algorithm: "SHA1", digits: 6, counter: 7 }),
    entry({ type: "steam", issuer: "Steam", account: "malik_h", algorithm: "SHA1", digits: 5, period: 30 }),
    entry({ type: "totp", issuer: "Stadtbücherei", account: "Malik Haddad", algorithm: "SHA1", digits: 6, period: 30 }),
    entry({ type: "totp", issuer: "Nextcloud", account: "malik", algorithm: "SHA1", digits: 6, period: 30, labelIssuerOnly: true, minimal: true }),
  ];
}

export function otpauthUri(e: OtpEntry): string {
  const label = `${encodeURIComponent(e.issuer)}:${encodeURIComponent(e.account)}`;
  const params: string[] = [`secret=${base32(e.secret)}`];
  if (!e.labelIssuerOnly) params.push(`issuer=${encodeURIComponent(e.issuer)}`);
  if (e.type === "steam") {
    // Aegis's spelling for Steam Guard (research otp_bitlocker.md §1.1).
    params.push("digits=5", "period=30");
    return `otpauth://steam/${label}?${params.join("&")}`;
  }
  if (!e.minimal || e.algorithm !== "SHA1") params.push(`algorithm=${e.algorithm}`);
  if (!e.minimal || e.digits !== 6) params.push(`digits=${e.digits}`);
  if (e.type === "hotp") params.push(`counter=${e.counter ?? 0}`);
  else if (!e.minimal || e.period !== 30) params.push(`period=${e.period ?? 30}`);
  return `otpauth://${e.type}/${label}?${params.join("&")}`;
}

/** A plain Aegis vault (docs/vault.md: version 1, header slots/params null, db version 3). */
export function aegisPlainExport(entries: readonly OtpEntry[]): string {
  const db = {
    version: 3,
    entries: entries.map((e) => ({
      type: e.type,
      uuid: e.uuid,
      name: e.account,
      issuer: e.issuer,
      note: e.type === "hotp" ? "Hardware token replacement; press the button once per code." : "",
      favorite: e.issuer === "Microsoft",
      icon: null,
      info: {
        secret: base32(e.secret),
        algo: e.algorithm,
        digits: e.digits,
        ...(e.type === "hotp" ? { counter: e.counter ?? 0 } : { period: e.period ?? 30 }),
      },
      groups: [],
    })),
    groups: [],
  };
  return JSON.stringify({ version: 1, header: { slots: null, params: null }, db }, null, 4) + "\n";
}
