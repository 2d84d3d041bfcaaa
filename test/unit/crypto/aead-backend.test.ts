import assert from "node:assert/strict";
import { randomBytes } from "node:crypto";
import { describe, test } from "node:test";
import {
  AeadAuthError,
  nodeBackend,
  selectAeadBackend,
  sodiumBackend,
} from "../../../electron/engine/crypto/aead-backend.js";
import { allBackends } from "./crypto-test-helpers.js";

const key = randomBytes(32);
const nonce = randomBytes(12);
const SIZES = [0, 1, 15, 16, 17, 63, 64, 65, 1000, 65535, 65536];

describe("AEAD backends", () => {
  test("plain Node has a working node:crypto chacha20-poly1305 backend", () => {
    const node = nodeBackend();
    assert.ok(node);
    assert.equal(node.name, "node");
    assert.equal(nodeBackend(), node, "the probe result is cached");
  });

  test("sodium-native backend loads", () => {
    const sodium = sodiumBackend();
    assert.equal(sodium.name, "sodium");
    assert.equal(sodiumBackend(), sodium);
  });

  test("node and sodium produce identical ciphertext and tag for the same input", () => {
    const [node, sodium] = allBackends();
    assert.ok(node && sodium);
    for (const n of SIZES) {
      const pt = randomBytes(n);
      const a = node.seal(key, nonce, pt);
      const b = sodium.seal(key, nonce, pt);
      assert.equal(a.length, n + 16);
      assert.ok(a.equals(b), `size ${n}: backends disagree`);
      // and each opens the other's output
      assert.ok(node.open(key, nonce, b).equals(pt));
      assert.ok(sodium.open(key, nonce, a).equals(pt));
    }
  });

  for (const backend of allBackends()) {
    describe(`${backend.name} backend`, () => {
      test("round trip, including from subarray views", () => {
        const big = randomBytes(70000);
        for (const n of SIZES) {
          const pt = big.subarray(3, 3 + n);
          const sealed = backend.seal(key, nonce, pt);
          assert.ok(backend.open(key, nonce, sealed).equals(pt));
          const view = Buffer.concat([Buffer.alloc(5), sealed]).subarray(5);
          assert.ok(backend.open(key, nonce, view).equals(pt));
        }
      });

      test("sealInto writes exactly seal's bytes into a slice of a reused buffer, and nothing around it", () => {
        const out = Buffer.alloc(70000 + 16 + 10, 0xee);
        for (const n of SIZES) {
          const pt = randomBytes(n);
          out.fill(0xee);
          backend.sealInto(key, nonce, pt, out.subarray(5, 5 + n + 16));
          assert.ok(out.subarray(5, 5 + n + 16).equals(backend.seal(key, nonce, pt)), `size ${n}`);
          assert.ok(out.subarray(0, 5).every((b) => b === 0xee) && out.subarray(5 + n + 16).every((b) => b === 0xee), `size ${n}: wrote outside its slice`);
        }
        assert.throws(() => backend.sealInto(key, nonce, Buffer.alloc(10), Buffer.alloc(25)), RangeError);
      });

      test("a flipped bit anywhere, a wrong nonce or a wrong key fails authentication", () => {
        const pt = randomBytes(300);
        const sealed = backend.seal(key, nonce, pt);
        for (const pos of [0, 150, 299, 300, 315]) {
          const bad = Buffer.from(sealed);
          bad[pos] = (bad[pos] as number) ^ 0x01;
          assert.throws(() => backend.open(key, nonce, bad), AeadAuthError, `flip at ${pos}`);
        }
        const otherNonce = Buffer.from(nonce);
        otherNonce[11] = (otherNonce[11] as number) ^ 1;
        assert.throws(() => backend.open(key, otherNonce, sealed), AeadAuthError);
        assert.throws(() => backend.open(randomBytes(32), nonce, sealed), AeadAuthError);
        assert.throws(() => backend.open(key, nonce, sealed.subarray(0, 15)), AeadAuthError);
        assert.throws(() => backend.open(key, nonce, sealed.subarray(0, sealed.length - 1)), AeadAuthError);
      });

      test("rejects keys and nonces of the wrong size", () => {
        assert.throws(() => backend.seal(randomBytes(16), nonce, Buffer.alloc(1)), RangeError);
        assert.throws(() => backend.seal(key, randomBytes(24), Buffer.alloc(1)), RangeError);
      });
    });
  }

  test("selectAeadBackend honours LIFEBOAT_AEAD", () => {
    const saved = process.env["LIFEBOAT_AEAD"];
    try {
      process.env["LIFEBOAT_AEAD"] = "sodium";
      assert.equal(selectAeadBackend().name, "sodium");
      process.env["LIFEBOAT_AEAD"] = "node";
      assert.equal(selectAeadBackend().name, "node");
      process.env["LIFEBOAT_AEAD"] = "noble";
      assert.throws(() => selectAeadBackend(), /LIFEBOAT_AEAD/);
      delete process.env["LIFEBOAT_AEAD"];
      assert.equal(selectAeadBackend().name, "sodium", "sodium-native (it seals into reused buffers) is preferred when it loads");
    } finally {
      if (saved === undefined) delete process.env["LIFEBOAT_AEAD"];
      else process.env["LIFEBOAT_AEAD"] = saved;
    }
  });
});
