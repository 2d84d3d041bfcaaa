// openInto: the in-place decryption random-access reads use. Checked against each backend's own
// open() (and so against the other backend's ciphertext), including its failure behaviour.
import assert from "node:assert/strict";
import { randomBytes } from "node:crypto";
import { describe, test } from "node:test";
import { AeadAuthError, openInto, selectAeadBackend } from "../../../electron/engine/crypto/aead-backend.js";
import { allBackends } from "./crypto-test-helpers.js";

const key = randomBytes(32);
const nonce = randomBytes(12);
const SIZES = [0, 1, 15, 16, 17, 1000, 65535, 65536];

describe("openInto", () => {
  for (const sealer of allBackends()) {
    for (const opener of allBackends()) {
      test(`opens ${sealer.name}-sealed data in place with the ${opener.name} backend, like open()`, () => {
        for (const size of SIZES) {
          const pt = randomBytes(size);
          const sealed = sealer.seal(key, nonce, pt);
          // Into the middle of a larger buffer: only the plaintext's bytes may change.
          const out = Buffer.alloc(size + 40, 0xee);
          const n = openInto(opener, key, nonce, sealed, out.subarray(7));
          assert.equal(n, size);
          assert.ok(out.subarray(7, 7 + size).equals(pt), `size ${size}`);
          assert.ok(out.subarray(0, 7).every((b) => b === 0xee) && out.subarray(7 + size).every((b) => b === 0xee), `size ${size}: wrote outside the plaintext`);
          assert.ok(opener.open(key, nonce, sealed).equals(pt));
        }
      });
    }
  }

  for (const backend of allBackends()) {
    test(`${backend.name}: a flipped bit or a wrong nonce fails with AeadAuthError and leaves no plaintext behind`, () => {
      const pt = randomBytes(65536);
      const sealed = backend.seal(key, nonce, pt);
      for (const at of [0, 30000, sealed.length - 1]) {
        const bad = Buffer.from(sealed);
        bad[at]! ^= 0x10;
        const out = Buffer.alloc(pt.length, 0xee);
        assert.throws(() => openInto(backend, key, nonce, bad, out), AeadAuthError);
        // Untouched (node:crypto) or wiped (sodium), never the (nearly right) plaintext.
        assert.ok(out.every((b) => b === 0xee) || out.every((b) => b === 0), `flip at ${at}: plaintext left in the output`);
      }
      const otherNonce = Buffer.from(nonce);
      otherNonce[11]! ^= 1;
      assert.throws(() => openInto(backend, key, otherNonce, sealed, Buffer.alloc(pt.length)), AeadAuthError);
      assert.throws(() => openInto(backend, key, nonce, sealed.subarray(0, 15), Buffer.alloc(16)), AeadAuthError);
    });

    test(`${backend.name}: an output too small for the plaintext is refused before decrypting`, () => {
      const sealed = backend.seal(key, nonce, randomBytes(100));
      assert.throws(() => openInto(backend, key, nonce, sealed, Buffer.alloc(99)), RangeError);
      assert.throws(() => openInto(backend, randomBytes(31), nonce, sealed, Buffer.alloc(100)), RangeError);
    });
  }

  test("selectAeadBackend prefers sodium-native and honours LIFEBOAT_AEAD", () => {
    const saved = process.env["LIFEBOAT_AEAD"];
    try {
      delete process.env["LIFEBOAT_AEAD"];
      assert.equal(selectAeadBackend().name, "sodium");
      process.env["LIFEBOAT_AEAD"] = "node";
      assert.equal(selectAeadBackend().name, "node");
      process.env["LIFEBOAT_AEAD"] = "sodium";
      assert.equal(selectAeadBackend().name, "sodium");
      process.env["LIFEBOAT_AEAD"] = "bogus";
      assert.throws(() => selectAeadBackend(), /LIFEBOAT_AEAD/);
    } finally {
      if (saved === undefined) delete process.env["LIFEBOAT_AEAD"];
      else process.env["LIFEBOAT_AEAD"] = saved;
    }
  });
});
