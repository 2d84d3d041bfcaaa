// Flat memory: encrypting and decrypting a ~600 MiB file must not grow the process with the file.
// Runs in a child process so the measured peak RSS is that of the crypto work alone.
import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { fileURLToPath } from "node:url";
import { test } from "node:test";
import { withTempDir } from "./crypto-test-helpers.js";

const CHILD = fileURLToPath(new URL("./flat-memory-child.js", import.meta.url));
const MIB = 600;
const RSS_LIMIT_MIB = 200;

function runChild(dir: string, backend: "node" | "sodium"): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [CHILD, dir, String(MIB)], {
      env: { ...process.env, LIFEBOAT_FLAT_MEMORY_CHILD: "1", LIFEBOAT_AEAD: backend },
      stdio: ["ignore", "pipe", "pipe"],
    });
    let out = "";
    let err = "";
    child.stdout.on("data", (d: Buffer) => (out += d.toString()));
    child.stderr.on("data", (d: Buffer) => (err += d.toString()));
    child.on("error", reject);
    child.on("close", (code) => (code === 0 ? resolve(out) : reject(new Error(`child exited ${code}: ${err}`))));
  });
}

for (const backend of ["node", "sodium"] as const) {
  test(`~${MIB} MiB encrypt + decrypt stays under ${RSS_LIMIT_MIB} MiB peak RSS, ${backend} backend`, { timeout: 600_000 }, async (t) => {
    await withTempDir(async (dir) => {
      const result = JSON.parse(await runChild(dir, backend)) as {
        backend: string;
        plaintextSize: number;
        decrypted: number;
        plainHash: string;
        outHash: string;
        rangesOk: boolean;
        maxRssKiB: number;
      };
      const peakMiB = result.maxRssKiB / 1024;
      t.diagnostic(`${backend}: ${(result.plaintextSize / 2 ** 20).toFixed(1)} MiB, child peak RSS ${peakMiB.toFixed(1)} MiB`);
      assert.equal(result.backend, backend);
      assert.ok(result.plaintextSize > MIB * 1024 * 1024);
      assert.equal(result.decrypted, result.plaintextSize);
      assert.equal(result.outHash, result.plainHash, "decrypted stream matches the plaintext");
      assert.ok(result.rangesOk, "random-access ranges match");
      assert.ok(peakMiB < RSS_LIMIT_MIB, `peak RSS ${peakMiB.toFixed(1)} MiB >= ${RSS_LIMIT_MIB} MiB`);
    });
  });
}
