// RFC 4648 Base32 (the "base32" alphabet, not base32hex), as OTP secrets are written everywhere.
// Decoding is lenient only where real exports differ harmlessly (spaces people type to group the
// secret, lower case, `=` padding or its absence) and strict otherwise: a character outside the
// alphabet, padding in the middle, or a length no encoder can produce is an error, because a
// silently "fixed" secret would produce wrong codes the user only notices when locked out.

const ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";

const VALUES: Int8Array = (() => {
  const table = new Int8Array(128).fill(-1);
  for (let i = 0; i < ALPHABET.length; i++) {
    table[ALPHABET.charCodeAt(i)] = i;
    table[ALPHABET.toLowerCase().charCodeAt(i)] = i;
  }
  return table;
})();

/** A text that is not Base32. The message never quotes the text: it may be a secret. */
export class Base32Error extends Error {
  constructor(message: string) {
    super(message);
    this.name = "Base32Error";
  }
}

/** Upper-case RFC 4648 Base32; without `=` padding unless asked (otpauth:// omits it). */
export function base32Encode(bytes: Uint8Array, options: { padding?: boolean } = {}): string {
  let out = "";
  let buffer = 0;
  let bits = 0;
  for (const byte of bytes) {
    buffer = ((buffer << 8) | byte) & 0xffff;
    bits += 8;
    while (bits >= 5) {
      out += ALPHABET[(buffer >>> (bits - 5)) & 31];
      bits -= 5;
    }
  }
  if (bits > 0) out += ALPHABET[(buffer << (5 - bits)) & 31];
  if (options.padding) while (out.length % 8 !== 0) out += "=";
  return out;
}

// Number of Base32 characters (mod 8) after the last full 40-bit group that an encoder can emit:
// 2, 4, 5 or 7 characters carry 1, 2, 3 or 4 bytes; 1, 3 or 6 characters cannot occur.
const IMPOSSIBLE_REMAINDERS = new Set([1, 3, 6]);

/**
 * Decodes Base32. Ignores whitespace, accepts lower case, and accepts trailing `=` padding whether
 * complete or not. Leftover bits in the last character are dropped, as every authenticator does.
 * Throws Base32Error otherwise.
 */
export function base32Decode(text: string): Buffer {
  const compact = text.replace(/\s+/g, "");
  const firstPad = compact.indexOf("=");
  const body = firstPad === -1 ? compact : compact.slice(0, firstPad);
  if (firstPad !== -1 && !/^=+$/.test(compact.slice(firstPad))) {
    throw new Base32Error("Base32 padding ('=') may only appear at the end.");
  }
  if (IMPOSSIBLE_REMAINDERS.has(body.length % 8)) {
    throw new Base32Error(`Base32 text of ${body.length} characters is cut short or has a character too many.`);
  }
  const out = Buffer.alloc(Math.floor((body.length * 5) / 8));
  let buffer = 0;
  let bits = 0;
  let at = 0;
  for (let i = 0; i < body.length; i++) {
    const code = body.charCodeAt(i);
    const value = code < 128 ? (VALUES[code] ?? -1) : -1;
    if (value < 0) {
      throw new Base32Error(`Character ${i + 1} is not Base32 (only A–Z and 2–7 are allowed).`);
    }
    buffer = ((buffer << 5) | value) & 0xffff;
    bits += 5;
    if (bits >= 8) {
      out[at++] = (buffer >>> (bits - 8)) & 0xff;
      bits -= 8;
    }
  }
  return out;
}

/** True when `text` decodes (by base32Decode's rules) to at least one byte. */
export function isBase32(text: string): boolean {
  try {
    return base32Decode(text).length > 0;
  } catch {
    return false;
  }
}

/** The canonical form OtpEntry.secret uses: upper case, no spaces, no padding. */
export function normalizeBase32(text: string): string {
  return base32Encode(base32Decode(text));
}
