// C2SP/CCTV age test vectors (npm cctv-age) through all three decrypt paths, with both AEAD
// backends: decryptBytes (in memory), decryptFileChunks (streaming from a file) and
// AgeRandomAccessReader (random access from a file).
import assert from "node:assert/strict";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, test } from "node:test";
import { inflateSync } from "node:zlib";
import { generateIdentity } from "age-encryption";
import * as cctv from "cctv-age";
import type { AeadBackend } from "../../../electron/engine/crypto/aead-backend.js";
import {
  AgeRandomAccessReader,
  decryptBytes,
  decryptFileChunks,
} from "../../../electron/engine/crypto/age-decryptor.js";
import type { AgeKeys } from "../../../electron/engine/crypto/age-decryptor.js";
import { AgeError } from "../../../electron/engine/crypto/age-errors.js";
import type { AgeErrorKind } from "../../../electron/engine/crypto/age-errors.js";
import { allBackends, drain, sha256Hex } from "./crypto-test-helpers.js";

type Expect = "success" | "no match" | "HMAC failure" | "header failure" | "payload failure" | "armor failure";

interface Vector {
  name: string;
  expect: Expect;
  payload: string | undefined;
  identities: string[];
  passphrases: string[];
  armored: boolean;
  unknownKeys: string[];
  file: Buffer;
}

const KNOWN_KEYS = new Set(["expect", "payload", "identity", "passphrase", "armored", "compressed", "file key", "comment"]);

function parseVector(name: string, raw: Uint8Array): Vector {
  const buf = Buffer.from(raw);
  const sep = buf.indexOf("\n\n");
  assert.ok(sep > 0, `${name}: no blank line after the vector header`);
  const v: Vector = { name, expect: "success", payload: undefined, identities: [], passphrases: [], armored: false, unknownKeys: [], file: Buffer.alloc(0) };
  let compressed = false;
  let sawExpect = false;
  for (const line of buf.subarray(0, sep).toString("utf8").split("\n")) {
    const i = line.indexOf(": ");
    assert.ok(i > 0, `${name}: bad header line ${JSON.stringify(line)}`);
    const key = line.slice(0, i);
    const value = line.slice(i + 2);
    if (!KNOWN_KEYS.has(key)) v.unknownKeys.push(key);
    else if (key === "expect") {
      v.expect = value as Expect;
      sawExpect = true;
    } else if (key === "payload") v.payload = value;
    else if (key === "identity") v.identities.push(value);
    else if (key === "passphrase") v.passphrases.push(value);
    else if (key === "armored") v.armored = value === "yes";
    else if (key === "compressed") {
      assert.equal(value, "zlib", `${name}: unknown compression`);
      compressed = true;
    }
  }
  assert.ok(sawExpect, `${name}: no expect key`);
  const body = buf.subarray(sep + 2);
  v.file = compressed ? inflateSync(body) : Buffer.from(body);
  return v;
}

const EXPECTED_KIND: Record<Exclude<Expect, "success" | "armor failure">, readonly AgeErrorKind[]> = {
  "no match": ["no-match"],
  "HMAC failure": ["hmac"],
  "header failure": ["header"],
  // "truncated" is our name for the payload failure "ended without a final chunk".
  "payload failure": ["payload", "truncated"],
};

/**
 * The key sets to try: the identities, and (separately) the passphrases. A vector with both (only
 * scrypt_and_x25519, a header failure) is checked with each. A vector with neither (only "empty", a
 * header failure) is checked with an unrelated identity.
 */
function keySetsOf(v: Vector): { label: string; keys: AgeKeys }[] {
  const sets: { label: string; keys: AgeKeys }[] = [];
  if (v.identities.length > 0) sets.push({ label: "identities", keys: v.identities });
  if (v.passphrases.length > 0) sets.push({ label: "passphrases", keys: { passphrases: v.passphrases } });
  if (sets.length === 0) sets.push({ label: "unrelated identity", keys: [UNRELATED_IDENTITY] });
  return sets;
}

let UNRELATED_IDENTITY = "";

function checkError(v: Vector, path: string, error: unknown): void {
  assert.notEqual(v.expect, "success", `${v.name} via ${path}: expected success, got ${String(error)}`);
  assert.ok(error instanceof AgeError, `${v.name} via ${path}: expected AgeError, got ${String(error)}`);
  const kinds = EXPECTED_KIND[v.expect as keyof typeof EXPECTED_KIND];
  assert.ok(kinds.includes(error.kind), `${v.name} via ${path}: expected ${v.expect}, got ${error.kind}: ${error.message}`);
}

async function checkBytes(v: Vector, keys: AgeKeys, backend: AeadBackend): Promise<void> {
  let plaintext: Buffer;
  try {
    plaintext = await decryptBytes(keys, v.file, backend);
  } catch (e) {
    checkError(v, "decryptBytes", e);
    return;
  }
  assert.equal(v.expect, "success", `${v.name} via decryptBytes: expected ${v.expect}, but it decrypted`);
  assert.equal(sha256Hex(plaintext), v.payload, `${v.name} via decryptBytes: payload hash`);
}

async function checkStream(v: Vector, keys: AgeKeys, path: string, backend: AeadBackend): Promise<void> {
  const { released, error, ok } = await drain(decryptFileChunks(path, keys, backend));
  if (!ok) checkError(v, "decryptFileChunks", error);
  else assert.equal(v.expect, "success", `${v.name} via decryptFileChunks: expected ${v.expect}, but it decrypted`);
  // For success the hash is the payload; for "payload failure" it covers all plaintext released
  // before the error (CCTV README), which a streaming API can check.
  if (v.payload !== undefined) {
    assert.equal(sha256Hex(released), v.payload, `${v.name} via decryptFileChunks: hash of released plaintext`);
  } else {
    assert.equal(released.length, 0, `${v.name} via decryptFileChunks: released plaintext before a header error`);
  }
}

async function checkRandomAccess(v: Vector, keys: AgeKeys, path: string, backend: AeadBackend): Promise<void> {
  let reader: AgeRandomAccessReader;
  try {
    reader = await AgeRandomAccessReader.open(path, keys, backend);
  } catch (e) {
    checkError(v, "AgeRandomAccessReader.open", e);
    return;
  }
  try {
    let whole: Buffer;
    try {
      whole = await reader.read(0, reader.plaintextSize);
    } catch (e) {
      checkError(v, "AgeRandomAccessReader.read", e);
      let intoError: unknown = null;
      await reader.readInto(0, reader.plaintextSize, Buffer.alloc(reader.plaintextSize)).catch((err: unknown) => (intoError = err));
      checkError(v, "AgeRandomAccessReader.readInto", intoError);
      return;
    }
    assert.equal(v.expect, "success", `${v.name} via AgeRandomAccessReader: expected ${v.expect}, but it decrypted`);
    assert.equal(sha256Hex(whole), v.payload, `${v.name} via AgeRandomAccessReader: payload hash`);
    // And chunk by chunk, which exercises the single-chunk path and the cache.
    const parts: Buffer[] = [];
    for (let off = 0; off < reader.plaintextSize; off += 65536) {
      parts.push(await reader.read(off, Math.min(65536, reader.plaintextSize - off)));
    }
    assert.equal(sha256Hex(parts), v.payload, `${v.name} via AgeRandomAccessReader: chunk-wise hash`);
    // And into a caller's buffer (whole chunks decrypted in place), as restores read.
    const into = Buffer.alloc(reader.plaintextSize + 1, 0xee);
    await reader.readInto(0, reader.plaintextSize, into);
    assert.equal(sha256Hex(into.subarray(0, reader.plaintextSize)), v.payload, `${v.name} via AgeRandomAccessReader.readInto: payload hash`);
    assert.equal(into[reader.plaintextSize], 0xee, `${v.name} via AgeRandomAccessReader.readInto: wrote past the range`);
  } finally {
    await reader.close();
  }
}

const vectors = Object.entries(cctv as unknown as Record<string, Uint8Array>)
  .map(([name, raw]) => parseVector(name, raw))
  .sort((a, b) => a.name.localeCompare(b.name));

describe("CCTV age test vectors", () => {
  let dir = "";
  before(async () => {
    dir = await mkdtemp(join(tmpdir(), "lifeboat-cctv-"));
    UNRELATED_IDENTITY = await generateIdentity();
  });
  after(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  test("the vector set is present", () => {
    assert.ok(vectors.length >= 140, `only ${vectors.length} vectors in cctv-age`);
  });

  for (const backend of allBackends()) {
    test(`all non-armored vectors, ${backend.name} backend`, async (t) => {
      let ran = 0;
      const skipped: string[] = [];
      const byExpect = new Map<string, number>();
      for (const v of vectors) {
        if (v.armored || v.expect === "armor failure") {
          skipped.push(`${v.name} (armored: this module reads binary age files only)`);
          continue;
        }
        if (v.unknownKeys.length > 0) {
          skipped.push(`${v.name} (unknown keys ${v.unknownKeys.join(",")}: the README says to ignore it)`);
          continue;
        }
        await t.test(v.name, async (t) => {
          const path = join(dir, `${v.name}.${backend.name}.age`);
          await writeFile(path, v.file);
          for (const { label, keys } of keySetsOf(v)) {
            await t.test(label, async () => {
              await checkBytes(v, keys, backend);
              await checkStream(v, keys, path, backend);
              await checkRandomAccess(v, keys, path, backend);
            });
          }
          await rm(path);
        });
        ran++;
        byExpect.set(v.expect, (byExpect.get(v.expect) ?? 0) + 1);
      }
      const summary = [...byExpect].map(([k, n]) => `${k}: ${n}`).join(", ");
      t.diagnostic(`${backend.name}: ran ${ran} CCTV vectors x 3 decrypt paths (${summary}); skipped ${skipped.length}`);
      for (const s of skipped.filter((x) => !x.includes("(armored"))) t.diagnostic(`skipped ${s}`);
      assert.ok(ran > 100, `only ${ran} CCTV vectors ran`);
      assert.ok((byExpect.get("success") ?? 0) >= 15, "too few success vectors ran");
      assert.ok((byExpect.get("payload failure") ?? 0) >= 15, "too few payload failure vectors ran");
    });
  }
});
