// Layout facts of the age v1 file format (C2SP age.md) shared by the encryptor and decryptors:
//
//   header  = "age-encryption.org/v1\n" stanzas... "--- " base64(HMAC) "\n"   (text)
//   payload = 16-byte nonce || STREAM chunks
//   chunk i = ChaCha20-Poly1305(payloadKey, nonce = uint88_be(i) || lastFlag, 64 KiB of plaintext)
//   payloadKey = HKDF-SHA-256(ikm = fileKey, salt = nonce, info = "payload")
//
// Every chunk but the final one holds exactly 64 KiB of plaintext; the final chunk may be short,
// and is empty only when the whole payload is empty.
import { hkdfSync } from "node:crypto";
import { ageErrors } from "./age-errors.js";

export const CHUNK_SIZE = 64 * 1024;
export const TAG_SIZE = 16;
export const ENC_CHUNK_SIZE = CHUNK_SIZE + TAG_SIZE; // 65552
export const PAYLOAD_NONCE_SIZE = 16;
export const FILE_KEY_SIZE = 16;
/** We refuse headers longer than this; a hybrid (PQ) stanza is ~1.6 KB, so this allows hundreds. */
export const MAX_HEADER_SIZE = 1024 * 1024;

const INTRO = Buffer.from("age-encryption.org/v1\n", "latin1");
const ARMOR_BEGIN = Buffer.from("-----BEGIN AGE ENCRYPTED FILE-----", "latin1");
const NL = 0x0a;
const DASH = 0x2d;

/**
 * Length of the age header at the start of `prefix`, up to and including the "--- <mac>\n" line,
 * or null when more bytes are needed to tell. Only finds the boundary (typage does the real parse
 * and MAC check); throws AgeError("header") on a wrong intro line, bytes that can never appear in a
 * header, or a header longer than MAX_HEADER_SIZE.
 */
export function parseHeaderLength(prefix: Uint8Array): number | null {
  const introLen = Math.min(prefix.length, INTRO.length);
  for (let i = 0; i < introLen; i++) {
    if (prefix[i] !== INTRO[i]) {
      if (startsWithPrefix(prefix, ARMOR_BEGIN)) {
        throw ageErrors.header("it is ASCII-armored (PEM); decode the armor first (for example with the age CLI)");
      }
      throw ageErrors.header("it does not start with the age-encryption.org/v1 intro line");
    }
  }
  if (prefix.length < INTRO.length) return null;

  let lineStart = INTRO.length;
  const limit = Math.min(prefix.length, MAX_HEADER_SIZE);
  for (let i = INTRO.length; i < limit; i++) {
    const b = prefix[i] as number;
    if (b === NL) {
      // The MAC line is the only header line that starts with "---": stanza lines start with "->"
      // and body lines are base64, which has no "-".
      if (i - lineStart >= 3 && prefix[lineStart] === DASH && prefix[lineStart + 1] === DASH && prefix[lineStart + 2] === DASH) {
        return i + 1;
      }
      lineStart = i + 1;
    } else if (b < 0x20 || b > 0x7e) {
      throw ageErrors.header("its header contains a byte that is not printable ASCII (damaged, or not an age file)");
    }
  }
  if (prefix.length >= MAX_HEADER_SIZE) {
    throw ageErrors.header(`its header is longer than ${MAX_HEADER_SIZE} bytes`);
  }
  return null;
}

function startsWithPrefix(data: Uint8Array, prefix: Uint8Array): boolean {
  const n = Math.min(data.length, prefix.length);
  if (n < 5) return false;
  for (let i = 0; i < n; i++) if (data[i] !== prefix[i]) return false;
  return true;
}

/** payloadKey = HKDF-SHA-256(ikm = fileKey, salt = nonce, info = "payload"), 32 bytes. */
export function derivePayloadKey(fileKey: Uint8Array, nonce: Uint8Array): Buffer {
  return Buffer.from(hkdfSync("sha256", fileKey, nonce, "payload", 32));
}

/** Writes the 12-byte STREAM nonce for chunk `index` into `out` (reused across chunks). */
export function writeChunkNonce(out: Buffer, index: number, last: boolean): Buffer {
  if (!Number.isSafeInteger(index) || index < 0) throw new RangeError(`bad chunk index ${index}`);
  // 11-byte big-endian counter: bytes 0-2 stay zero (index < 2^53), then 8 bytes of counter.
  out[0] = 0;
  out[1] = 0;
  out[2] = 0;
  out.writeUInt32BE(Math.floor(index / 0x1_0000_0000), 3);
  out.writeUInt32BE(index >>> 0, 7);
  out[11] = last ? 1 : 0;
  return out;
}

/** Size of the STREAM payload (chunks only, no nonce) for `plaintextSize` bytes of plaintext. */
export function streamSize(plaintextSize: number): number {
  const chunks = Math.max(1, Math.ceil(plaintextSize / CHUNK_SIZE));
  return plaintextSize + chunks * TAG_SIZE;
}

/**
 * Plaintext size for a STREAM payload (chunks only, no nonce) of `size` bytes, or null when no
 * valid payload has that size.
 */
export function plaintextSizeOfStream(size: number): number | null {
  if (size < TAG_SIZE) return null;
  const chunks = Math.ceil(size / ENC_CHUNK_SIZE);
  const last = size - (chunks - 1) * ENC_CHUNK_SIZE;
  if (last < TAG_SIZE || (last === TAG_SIZE && chunks > 1)) return null;
  return size - chunks * TAG_SIZE;
}
