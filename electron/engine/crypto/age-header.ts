// Unwrapping the file key from an age header. All of the header work (stanza parsing, X25519 /
// hybrid / scrypt unwrapping, the header HMAC) stays in typage (`age-encryption`); this module only
// turns its errors into AgeError kinds with messages a user can act on.
import { Decrypter } from "age-encryption";
import type { AgeError } from "./age-errors.js";
import { ageErrors } from "./age-errors.js";
import { FILE_KEY_SIZE } from "./age-format.js";

/** Passphrases to try instead of identities (scrypt recipient stanza). */
export interface AgePassphrases {
  readonly passphrases: readonly string[];
}

/**
 * What can open a file: identity strings ("AGE-SECRET-KEY-1…", or hybrid "AGE-SECRET-KEY-PQ-1…"),
 * or passphrases.
 */
export type AgeKeys = readonly string[] | AgePassphrases;

function isPassphrases(keys: AgeKeys): keys is AgePassphrases {
  return !Array.isArray(keys);
}

function makeDecrypter(keys: AgeKeys): Decrypter {
  const d = new Decrypter();
  if (isPassphrases(keys)) {
    if (keys.passphrases.length === 0) throw new TypeError("no passphrase given");
    for (const p of keys.passphrases) d.addPassphrase(p);
    return d;
  }
  const identities = keys as readonly string[];
  if (identities.length === 0) throw new TypeError("no identity given");
  for (const id of identities) {
    try {
      d.addIdentity(id);
    } catch {
      // Neither echo the string nor chain the parser's error (bech32 errors can quote the input):
      // it is a secret key, or a typo of one.
      throw new TypeError("invalid age identity: expected AGE-SECRET-KEY-1… or AGE-SECRET-KEY-PQ-1…");
    }
  }
  return d;
}

const SCRYPT_STANZA = Buffer.from("\n-> scrypt ", "latin1");
const STANZA_START = Buffer.from("\n-> ", "latin1");
// "--- " and the base64 of a 32-byte HMAC-SHA-256: exactly 43 characters, no padding.
const MAC_LINE = /\n--- [A-Za-z0-9+/]{43}\n$/;

/**
 * Checks age.md rules that typage 0.3.1 does not enforce itself: the MAC line must hold a 32-byte
 * MAC (typage would call a short or long one a MAC *mismatch*, but it is a malformed header), and a
 * scrypt stanza must be the only stanza (typage checks this only when a passphrase is tried).
 */
function checkHeaderShape(header: Buffer): void {
  if (!MAC_LINE.test(header.toString("latin1", Math.max(0, header.length - 49)))) {
    throw ageErrors.header("its header MAC line is malformed");
  }
  if (header.includes(SCRYPT_STANZA)) {
    let stanzas = 0;
    for (let i = header.indexOf(STANZA_START); i !== -1; i = header.indexOf(STANZA_START, i + 1)) stanzas++;
    if (stanzas > 1) throw ageErrors.header("a passphrase (scrypt) stanza must be the only stanza in the header");
  }
}

/**
 * Returns the 16-byte file key of the file whose header (through the "--- <mac>\n" line) is
 * `headerBytes`. Throws AgeError "no-match", "hmac" or "header".
 */
export async function unwrapFileKey(headerBytes: Uint8Array, keys: AgeKeys): Promise<Uint8Array> {
  const header = Buffer.from(headerBytes.buffer, headerBytes.byteOffset, headerBytes.byteLength);
  checkHeaderShape(header);
  const decrypter = makeDecrypter(keys);
  let fileKey: Uint8Array;
  try {
    fileKey = await decrypter.decryptHeader(headerBytes);
  } catch (e) {
    throw mapTypageError(e, header, keys);
  }
  if (fileKey.length !== FILE_KEY_SIZE) throw ageErrors.header("its file key has the wrong length");
  return fileKey;
}

// typage 0.3.x reports these two conditions with fixed messages (lib/index.ts); anything else it
// throws while reading a header is a malformed header (bad stanza, bad base64, bad scrypt params…).
function mapTypageError(e: unknown, header: Buffer, keys: AgeKeys): AgeError {
  const message = e instanceof Error ? e.message : String(e);
  if (/no identity matched/i.test(message)) {
    if (isPassphrases(keys)) return ageErrors.wrongPassphrase();
    if (header.includes(SCRYPT_STANZA)) {
      return ageErrors.noMatchKeyButScrypt();
    }
    return ageErrors.noMatchKey();
  }
  if (/invalid header HMAC/i.test(message)) return ageErrors.hmac();
  if (/work factor is too high/i.test(message)) {
    return ageErrors.header("its passphrase work factor is too high (scrypt logN above 20)", e);
  }
  return ageErrors.header(`malformed header (${message})`, e);
}
