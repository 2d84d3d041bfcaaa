// Shared helpers for the crypto tests (not a test file itself).
import assert from "node:assert/strict";
import { execFile } from "node:child_process";
import { createHash } from "node:crypto";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { nodeBackend, sodiumBackend } from "../../../electron/engine/crypto/aead-backend.js";
import type { AeadBackend } from "../../../electron/engine/crypto/aead-backend.js";
import { AgeError } from "../../../electron/engine/crypto/age-errors.js";
import type { AgeErrorKind } from "../../../electron/engine/crypto/age-errors.js";

/**
 * Both AEAD backends, for real. Plain Node always has chacha20-poly1305 in node:crypto, so a
 * missing node backend here is a failure, not a skip.
 */
export function allBackends(): AeadBackend[] {
  const node = nodeBackend();
  assert.ok(node, "node:crypto should provide chacha20-poly1305 in plain Node");
  return [node, sodiumBackend()];
}

export function sha256Hex(data: Uint8Array | readonly Uint8Array[]): string {
  const h = createHash("sha256");
  if (data instanceof Uint8Array) h.update(data);
  else for (const d of data) h.update(d);
  return h.digest("hex");
}

export async function withTempDir<T>(fn: (dir: string) => Promise<T>): Promise<T> {
  const dir = await mkdtemp(join(tmpdir(), "lifeboat-crypto-"));
  try {
    return await fn(dir);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

/** Asserts `fn` rejects with an AgeError of one of `kinds`; returns it. */
export async function expectAgeError(fn: () => Promise<unknown>, kinds: AgeErrorKind | readonly AgeErrorKind[], what = ""): Promise<AgeError> {
  const allowed = typeof kinds === "string" ? [kinds] : kinds;
  try {
    await fn();
  } catch (e) {
    assert.ok(e instanceof AgeError, `${what}: expected AgeError, got ${String(e)}`);
    assert.ok(allowed.includes(e.kind), `${what}: expected kind ${allowed.join("|")}, got ${e.kind}: ${e.message}`);
    return e;
  }
  assert.fail(`${what}: expected AgeError(${allowed.join("|")}), but it succeeded`);
}

/** Collects an async iterable of chunks; on error, returns what was released before it. */
export async function drain(
  chunks: AsyncIterable<Buffer>,
): Promise<{ released: Buffer[]; error: unknown; ok: boolean }> {
  const released: Buffer[] = [];
  try {
    for await (const c of chunks) released.push(c);
    return { released, error: undefined, ok: true };
  } catch (error) {
    return { released, error, ok: false };
  }
}

/** Deterministic pseudo-random bytes (fast, seeded), for reproducible large test inputs. */
export function patternBytes(length: number, seed = 1): Buffer {
  const out = Buffer.allocUnsafe(length);
  let x = seed >>> 0 || 1;
  for (let i = 0; i < length; i++) {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    out[i] = x & 0xff;
  }
  return out;
}

export function run(cmd: string, args: readonly string[]): Promise<{ stdout: Buffer; stderr: string }> {
  return new Promise((resolve, reject) => {
    execFile(cmd, args, { encoding: "buffer", maxBuffer: 64 * 1024 * 1024 }, (err, stdout, stderr) => {
      if (err) reject(new Error(`${cmd} ${args.join(" ")} failed: ${err.message}\n${stderr.toString()}`));
      else resolve({ stdout, stderr: stderr.toString() });
    });
  });
}
