// ChaCha20-Poly1305 (RFC 8439, 96-bit nonce, 16-byte tag, no associated data) for the age STREAM
// payload, behind one small interface so the payload code does not care which library runs it.
//
// Why two backends: sodium-native (libsodium via N-API prebuilds) seals and opens into the caller's
// buffers, which lets packs be written and read without allocating per 64 KiB chunk, and works in
// Electron, whose node:crypto is BoringSSL without chacha20-poly1305 ("Unknown cipher"; see
// electron/electron#24024). So it comes first (selectAeadBackend). Plain Node's node:crypto
// (OpenSSL) is the fallback for a platform where the addon cannot load; the tests run both.
// sodium-native is loaded lazily with createRequire, on first use.
import { createCipheriv, createDecipheriv, getCiphers } from "node:crypto";
import { createRequire } from "node:module";

export const AEAD_KEY_SIZE = 32;
export const AEAD_NONCE_SIZE = 12;
export const AEAD_TAG_SIZE = 16;

export interface AeadBackend {
  readonly name: "node" | "sodium";
  /** Returns ciphertext || 16-byte tag, in a new Buffer the caller owns. */
  seal(key: Uint8Array, nonce: Uint8Array, plaintext: Uint8Array): Buffer;
  /**
   * Writes ciphertext || tag into `out` (exactly plaintext length + 16 bytes; it must not overlap
   * the plaintext). sodium writes in place; node:crypto cannot, so it copies its output there.
   */
  sealInto(key: Uint8Array, nonce: Uint8Array, plaintext: Uint8Array, out: Uint8Array): void;
  /** Returns the plaintext in a new Buffer the caller owns; throws if authentication fails. */
  open(key: Uint8Array, nonce: Uint8Array, sealed: Uint8Array): Buffer;
}

/** Thrown by a backend's open() when the tag does not verify (or the input is too short to hold one). */
export class AeadAuthError extends Error {
  constructor() {
    super("ChaCha20-Poly1305 authentication failed");
    this.name = "AeadAuthError";
  }
}

const CIPHER = "chacha20-poly1305";

function checkSizes(key: Uint8Array, nonce: Uint8Array): void {
  if (key.byteLength !== AEAD_KEY_SIZE) throw new RangeError(`AEAD key must be ${AEAD_KEY_SIZE} bytes`);
  if (nonce.byteLength !== AEAD_NONCE_SIZE) throw new RangeError(`AEAD nonce must be ${AEAD_NONCE_SIZE} bytes`);
}

function checkOut(plaintext: Uint8Array, out: Uint8Array): void {
  if (out.byteLength !== plaintext.byteLength + AEAD_TAG_SIZE) throw new RangeError("AEAD output must be plaintext length + 16 bytes");
}

function makeNodeBackend(): AeadBackend {
  return {
    name: "node",
    seal(key, nonce, plaintext) {
      checkSizes(key, nonce);
      const cipher = createCipheriv(CIPHER, key, nonce, { authTagLength: AEAD_TAG_SIZE });
      const body = cipher.update(plaintext);
      const tail = cipher.final(); // always empty for a stream cipher, kept for correctness
      const tag = cipher.getAuthTag();
      return Buffer.concat([body, tail, tag], body.length + tail.length + AEAD_TAG_SIZE);
    },
    sealInto(key, nonce, plaintext, out) {
      checkSizes(key, nonce);
      checkOut(plaintext, out);
      const cipher = createCipheriv(CIPHER, key, nonce, { authTagLength: AEAD_TAG_SIZE });
      out.set(cipher.update(plaintext), 0);
      cipher.final();
      out.set(cipher.getAuthTag(), plaintext.byteLength);
    },
    open(key, nonce, sealed) {
      checkSizes(key, nonce);
      if (sealed.byteLength < AEAD_TAG_SIZE) throw new AeadAuthError();
      const split = sealed.byteLength - AEAD_TAG_SIZE;
      const decipher = createDecipheriv(CIPHER, key, nonce, { authTagLength: AEAD_TAG_SIZE });
      decipher.setAuthTag(sealed.subarray(split));
      const body = decipher.update(sealed.subarray(0, split));
      let tail: Buffer;
      try {
        tail = decipher.final(); // verifies the tag
      } catch {
        body.fill(0); // never hand out unauthenticated plaintext
        throw new AeadAuthError();
      }
      return tail.length === 0 ? body : Buffer.concat([body, tail]);
    },
  };
}

let nodeProbe: AeadBackend | null | undefined;

/**
 * The node:crypto (OpenSSL) backend, or null when this runtime's node:crypto lacks
 * chacha20-poly1305 (Electron's BoringSSL, electron/electron#24024). The probe runs once.
 */
export function nodeBackend(): AeadBackend | null {
  if (nodeProbe !== undefined) return nodeProbe;
  nodeProbe = null;
  try {
    if (getCiphers().includes(CIPHER)) {
      const backend = makeNodeBackend();
      const key = new Uint8Array(AEAD_KEY_SIZE).fill(7);
      const nonce = new Uint8Array(AEAD_NONCE_SIZE).fill(1);
      const msg = Buffer.from("lifeboat aead probe");
      const sealed = backend.seal(key, nonce, msg);
      if (sealed.length === msg.length + AEAD_TAG_SIZE && backend.open(key, nonce, sealed).equals(msg)) {
        nodeProbe = backend;
      }
    }
  } catch {
    nodeProbe = null;
  }
  return nodeProbe;
}

/** The subset of sodium-native we use (it ships no type declarations). */
interface SodiumNative {
  crypto_aead_chacha20poly1305_ietf_encrypt(
    c: Uint8Array, m: Uint8Array, ad: Uint8Array | null, nsec: null, npub: Uint8Array, k: Uint8Array,
  ): number;
  crypto_aead_chacha20poly1305_ietf_decrypt(
    m: Uint8Array, nsec: null, c: Uint8Array, ad: Uint8Array | null, npub: Uint8Array, k: Uint8Array,
  ): number;
}

let sodiumInstance: AeadBackend | undefined;
let sodiumModule: SodiumNative | undefined;

function loadSodium(): SodiumNative {
  if (!sodiumModule) sodiumModule = createRequire(import.meta.url)("sodium-native") as SodiumNative;
  return sodiumModule;
}

/** The sodium-native (libsodium) backend. Loads the native addon on first call. */
export function sodiumBackend(): AeadBackend {
  if (sodiumInstance) return sodiumInstance;
  const sodium = loadSodium();
  sodiumInstance = {
    name: "sodium",
    seal(key, nonce, plaintext) {
      checkSizes(key, nonce);
      const out = Buffer.allocUnsafe(plaintext.byteLength + AEAD_TAG_SIZE);
      sodium.crypto_aead_chacha20poly1305_ietf_encrypt(out, plaintext, null, null, nonce, key);
      return out;
    },
    sealInto(key, nonce, plaintext, out) {
      checkSizes(key, nonce);
      checkOut(plaintext, out);
      sodium.crypto_aead_chacha20poly1305_ietf_encrypt(out, plaintext, null, null, nonce, key);
    },
    open(key, nonce, sealed) {
      checkSizes(key, nonce);
      if (sealed.byteLength < AEAD_TAG_SIZE) throw new AeadAuthError();
      const out = Buffer.allocUnsafe(sealed.byteLength - AEAD_TAG_SIZE);
      try {
        sodium.crypto_aead_chacha20poly1305_ietf_decrypt(out, null, sealed, null, nonce, key);
      } catch {
        out.fill(0);
        throw new AeadAuthError();
      }
      return out;
    },
  };
  return sodiumInstance;
}

let sodiumLoads: boolean | undefined;

/**
 * The backend to use: env LIFEBOAT_AEAD=node|sodium forces one (throws if it is unavailable);
 * otherwise sodium-native when its addon loads, else node:crypto. sodium first because it seals
 * and opens into the caller's buffers: the pack writer and reader reuse a few buffers instead of
 * allocating two per 64 KiB chunk, which measured faster than node:crypto (1.43 vs 1.32 GiB/s
 * sealing alone) and takes most of the garbage collection out of a backup.
 */
export function selectAeadBackend(): AeadBackend {
  const forced = process.env["LIFEBOAT_AEAD"];
  if (forced === "node") {
    const backend = nodeBackend();
    if (!backend) throw new Error("LIFEBOAT_AEAD=node, but this runtime's node:crypto has no chacha20-poly1305");
    return backend;
  }
  if (forced === "sodium") return sodiumBackend();
  if (forced !== undefined && forced !== "") {
    throw new Error(`LIFEBOAT_AEAD must be "node" or "sodium", not ${JSON.stringify(forced)}`);
  }
  if (sodiumLoads !== false) {
    try {
      const b = sodiumBackend();
      sodiumLoads = true;
      return b;
    } catch {
      sodiumLoads = false;
    }
  }
  const node = nodeBackend();
  if (!node) throw new Error("No ChaCha20-Poly1305 is available: sodium-native does not load and node:crypto lacks chacha20-poly1305.");
  return node;
}

/**
 * Opens `sealed` (ciphertext || tag) into the start of `out`, which must hold at least
 * sealed.byteLength - 16 bytes, and returns the plaintext length; throws AeadAuthError (with that
 * part of `out` wiped) when the tag does not verify. Restores decrypt gigabytes a chunk at a time,
 * and a fresh Buffer per 64 KiB chunk costs more in garbage collection than the cipher itself:
 * sodium-native writes straight into the caller's buffer; node:crypto's decipher can only return a
 * new Buffer, so with that backend the plaintext is copied.
 */
export function openInto(backend: AeadBackend, key: Uint8Array, nonce: Uint8Array, sealed: Uint8Array, out: Uint8Array): number {
  checkSizes(key, nonce);
  if (sealed.byteLength < AEAD_TAG_SIZE) throw new AeadAuthError();
  const length = sealed.byteLength - AEAD_TAG_SIZE;
  if (out.byteLength < length) throw new RangeError(`openInto: the output holds ${out.byteLength} bytes, the plaintext ${length}`);
  if (backend.name !== "sodium") {
    const plaintext = backend.open(key, nonce, sealed);
    out.set(plaintext);
    return plaintext.length;
  }
  const dest = out.subarray(0, length);
  try {
    loadSodium().crypto_aead_chacha20poly1305_ietf_decrypt(dest, null, sealed, null, nonce, key);
  } catch {
    dest.fill(0); // never leave unauthenticated plaintext behind
    throw new AeadAuthError();
  }
  return length;
}
