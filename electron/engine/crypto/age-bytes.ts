// Convenience entry points on top of the streaming encryptor/decryptor: whole buffers in memory
// (small files: snapshots, index, secrets), passphrase files via typage (scrypt), and file-to-file
// helpers that stream in flat memory.
import { randomBytes } from "node:crypto";
import { open, rename, unlink } from "node:fs/promises";
import type { FileHandle } from "node:fs/promises";
import { Encrypter } from "age-encryption";
import type { AeadBackend } from "./aead-backend.js";
import { selectAeadBackend } from "./aead-backend.js";
import { AgeStreamEncryptor } from "./age-encryptor.js";
import { decryptBytes, decryptFileChunks } from "./age-decryptor.js";
import type { AgeKeys } from "./age-decryptor.js";

export { generateIdentity, generateHybridIdentity, identityToRecipient } from "age-encryption";

/** The highest scrypt work factor typage will decrypt (lib/recipients.ts); Go age allows 22. */
export const MAX_SCRYPT_LOG_N = 20;

/** Encrypts `data` to the recipients ("age1…"), in memory. */
export async function encryptBytes(
  recipients: readonly string[],
  data: Uint8Array,
  backend: AeadBackend = selectAeadBackend(),
): Promise<Buffer> {
  const enc = await AgeStreamEncryptor.create(recipients, backend);
  const parts = [enc.header, ...enc.update(data), enc.final()];
  return Buffer.concat(parts, AgeStreamEncryptor.ciphertextSize(enc.header.length, data.length));
}

/**
 * Encrypts `data` with a passphrase (a lone scrypt stanza, as age requires), via typage. Meant for
 * small things such as an identity file. logN is the scrypt work factor, 1…20 (the age CLI uses 18).
 */
export async function encryptWithPassphrase(passphrase: string, data: Uint8Array, logN: number): Promise<Buffer> {
  if (passphrase.length === 0) throw new TypeError("empty passphrase");
  if (!Number.isInteger(logN) || logN < 1 || logN > MAX_SCRYPT_LOG_N) {
    throw new RangeError(`scrypt work factor logN must be an integer from 1 to ${MAX_SCRYPT_LOG_N}`);
  }
  const e = new Encrypter();
  e.setPassphrase(passphrase);
  e.setScryptWorkFactor(logN);
  const out = await e.encrypt(data);
  return Buffer.from(out.buffer, out.byteOffset, out.byteLength);
}

/** Decrypts a passphrase-encrypted age file held in memory; a wrong passphrase is AgeError("no-match"). */
export async function decryptWithPassphrase(
  passphrase: string,
  data: Uint8Array,
  backend: AeadBackend = selectAeadBackend(),
): Promise<Buffer> {
  return decryptBytes({ passphrases: [passphrase] }, data, backend);
}

async function writeAll(fh: FileHandle, buffers: readonly Uint8Array[]): Promise<void> {
  let pending = buffers.filter((b) => b.length > 0);
  while (pending.length > 0) {
    let { bytesWritten } = await fh.writev(pending as Uint8Array[]);
    const rest: Uint8Array[] = [];
    for (const b of pending) {
      if (bytesWritten >= b.length) bytesWritten -= b.length;
      else {
        rest.push(b.subarray(bytesWritten));
        bytesWritten = 0;
      }
    }
    pending = rest;
  }
}

function tempPathFor(dstPath: string): string {
  return `${dstPath}.tmp-${randomBytes(6).toString("hex")}`;
}

/**
 * Writes `dstPath` through a temp file in the same folder: fsync, then rename, so `dstPath` only
 * ever appears complete. The temp file is removed on failure.
 */
async function writeViaTemp(dstPath: string, body: (out: FileHandle) => Promise<void>): Promise<void> {
  const tmp = tempPathFor(dstPath);
  const out = await open(tmp, "wx", 0o600);
  try {
    await body(out);
    await out.sync();
    await out.close();
    await rename(tmp, dstPath);
  } catch (e) {
    await out.close().catch(() => undefined);
    await unlink(tmp).catch(() => undefined);
    throw e;
  }
}

const FILE_READ_SIZE = 1024 * 1024;

/** Encrypts the file at `srcPath` to the recipients, writing `dstPath` (flat memory). */
export async function encryptFile(
  recipients: readonly string[],
  srcPath: string,
  dstPath: string,
  backend: AeadBackend = selectAeadBackend(),
): Promise<{ plaintextSize: number; ciphertextSize: number }> {
  const enc = await AgeStreamEncryptor.create(recipients, backend);
  const src = await open(srcPath, "r");
  let plaintextSize = 0;
  try {
    await writeViaTemp(dstPath, async (out) => {
      await writeAll(out, [enc.header]);
      const buf = Buffer.allocUnsafe(FILE_READ_SIZE);
      for (;;) {
        const { bytesRead } = await src.read(buf, 0, buf.length, plaintextSize);
        if (bytesRead === 0) break;
        plaintextSize += bytesRead;
        const sealed = enc.update(buf.subarray(0, bytesRead));
        if (sealed.length > 0) await writeAll(out, sealed);
      }
      await writeAll(out, [enc.final()]);
    });
  } finally {
    await src.close();
  }
  return { plaintextSize, ciphertextSize: AgeStreamEncryptor.ciphertextSize(enc.header.length, plaintextSize) };
}

/**
 * Decrypts the age file at `srcPath` into `dstPath` (flat memory). `dstPath` appears only if the
 * whole file decrypted and authenticated.
 */
export async function decryptFile(
  identities: AgeKeys,
  srcPath: string,
  dstPath: string,
  backend: AeadBackend = selectAeadBackend(),
): Promise<{ plaintextSize: number }> {
  let plaintextSize = 0;
  await writeViaTemp(dstPath, async (out) => {
    const batch: Buffer[] = [];
    let batchBytes = 0;
    for await (const chunk of decryptFileChunks(srcPath, identities, backend)) {
      batch.push(chunk);
      batchBytes += chunk.length;
      plaintextSize += chunk.length;
      if (batchBytes >= FILE_READ_SIZE) {
        await writeAll(out, batch);
        batch.length = 0;
        batchBytes = 0;
      }
    }
    await writeAll(out, batch);
  });
  return { plaintextSize };
}
