import { createHash, randomBytes } from "node:crypto";
import { promises as fsp } from "node:fs";
import path from "node:path";
import { z } from "zod";
import { ExitCode } from "../../../shared/archive-types.js";
import { decryptBytes } from "../crypto/age-decryptor.js";
import { decryptWithPassphrase, encryptBytes, encryptWithPassphrase, generateIdentity, identityToRecipient } from "../crypto/age-bytes.js";
import { AgeError } from "../crypto/age-errors.js";
import { LifeboatError, NeedsPassphraseError } from "../errors.js";
import { type ArchiveLayout, parseKeyFileName } from "./archive-layout.js";
import { writeOnce } from "./durable-file.js";

/**
 * Keys of an archive. One X25519 identity decrypts everything; it is stored twice, age-encrypted:
 * under the passphrase (scrypt, so `age -d -i keys/passphrase-….age` prompts for it) and under
 * the recovery key (itself an age identity, so `age -d -i recovery-key.txt keys/recovery-….age`
 * works without a prompt). Changing the passphrase rewrites only the small passphrase file.
 * A third file, readable with the identity, holds the keyed-hash and chunker secrets.
 */

export const DEFAULT_SCRYPT_LOG_N = 18;
export const MAX_SCRYPT_LOG_N = 20; // typage refuses more; Go age accepts up to 22

export interface ArchiveSecrets {
  identity: string;
  recipient: string;
  repoId: string;
  /** HMAC key for blob ids, so object names do not reveal content hashes. */
  idKey: Buffer;
  /** Seed of the chunker's gear table, so chunk boundaries do not fingerprint content. */
  gearSeed: Buffer;
}

const ConfigSchema = z.object({
  version: z.literal(1),
  repoId: z.string().regex(/^[0-9a-f]{32}$/),
  idKey: z.string().regex(/^[0-9a-f]{64}$/),
  gearSeed: z.string().regex(/^[0-9a-f]{64}$/),
  created: z.string(),
});

const IDENTITY = /^AGE-SECRET-KEY-1[0-9A-Z]+$/;

async function keyFiles(layout: ArchiveLayout, kind: "passphrase" | "recovery" | "config"): Promise<string[]> {
  let names: string[];
  try {
    names = await fsp.readdir(layout.keysDir);
  } catch {
    throw new LifeboatError(`${layout.root} is not a Lifeboat archive (no keys/ folder). Check --archive or LIFEBOAT_ARCHIVE.`);
  }
  return names.filter((n) => parseKeyFileName(n)?.kind === kind).sort().map((n) => path.join(layout.keysDir, n));
}

/**
 * Whether every one of `files` no longer hashes to its name. Checked only after a key file failed
 * to open, so that a damaged file is not reported as a wrong passphrase or key.
 */
async function allDamaged(files: string[]): Promise<boolean> {
  for (const f of files) {
    const sha = createHash("sha256").update(await fsp.readFile(f)).digest("hex");
    if (sha === parseKeyFileName(path.basename(f))?.sha) return false;
  }
  return files.length > 0;
}

function damagedKeyFile(files: string[], what: string, instead: string): LifeboatError {
  const names = files.map((f) => `keys/${path.basename(f)}`).join(", ");
  return new LifeboatError(`The archive's ${what} key file is damaged (${names} no longer matches its name). ${instead}`, ExitCode.damaged, "damaged");
}

function identityText(identity: string): Buffer {
  return Buffer.from(`# Lifeboat archive identity: decrypts every file of this archive. Keep it secret.\n${identity}\n`);
}

function parseIdentityText(data: Buffer): string {
  const line = data
    .toString("utf8")
    .split(/\r?\n/)
    .map((l) => l.trim())
    .find((l) => l.startsWith("AGE-SECRET-KEY-1"));
  if (!line || !IDENTITY.test(line)) throw new LifeboatError("The archive's key file does not contain an age identity: the keys/ folder is damaged. Run `lifeboat verify`.");
  return line;
}

export async function createKeys(layout: ArchiveLayout, passphrase: string, logN = DEFAULT_SCRYPT_LOG_N): Promise<{ secrets: ArchiveSecrets; recoveryKey: string }> {
  if (logN < 10 || logN > MAX_SCRYPT_LOG_N) throw new LifeboatError(`The scrypt work factor must be between 10 and ${MAX_SCRYPT_LOG_N}.`);
  const identity = await generateIdentity();
  const recipient = await identityToRecipient(identity);
  const recoveryKey = await generateIdentity();
  const recoveryRecipient = await identityToRecipient(recoveryKey);
  const secrets: ArchiveSecrets = {
    identity,
    recipient,
    repoId: randomBytes(16).toString("hex"),
    idKey: randomBytes(32),
    gearSeed: randomBytes(32),
  };
  await fsp.mkdir(layout.keysDir, { recursive: true });
  const text = identityText(identity);
  await writeOnce(layout.tmpDir, layout.keysDir, await encryptWithPassphrase(passphrase, text, logN), (sha) => `passphrase-${sha}.age`);
  await writeOnce(layout.tmpDir, layout.keysDir, await encryptBytes([recoveryRecipient], text), (sha) => `recovery-${sha}.age`);
  const config = {
    version: 1,
    repoId: secrets.repoId,
    idKey: secrets.idKey.toString("hex"),
    gearSeed: secrets.gearSeed.toString("hex"),
    created: new Date().toISOString(),
  };
  await writeOnce(layout.tmpDir, layout.keysDir, await encryptBytes([recipient], Buffer.from(JSON.stringify(config, null, 2) + "\n")), (sha) => `config-${sha}.json.age`);
  return { secrets, recoveryKey };
}

export async function identityFromPassphrase(layout: ArchiveLayout, passphrase: string): Promise<string> {
  const files = await keyFiles(layout, "passphrase");
  if (files.length === 0) throw new LifeboatError("The archive has no passphrase key file (keys/passphrase-….age). Unlock it with the recovery key (--recovery-key-file) and set a new passphrase with `lifeboat passwd`.");
  let lastError: unknown = null;
  for (const f of files) {
    try {
      return parseIdentityText(await decryptWithPassphrase(passphrase, await fsp.readFile(f)));
    } catch (err) {
      lastError = err;
    }
  }
  if (await allDamaged(files)) {
    throw damagedKeyFile(files, "passphrase", "Unlock with the recovery key (--recovery-key-file FILE) and set a new passphrase with `lifeboat passwd`, which writes a fresh key file; then run `lifeboat verify`.");
  }
  if (lastError instanceof AgeError && lastError.kind === "no-match") {
    throw new NeedsPassphraseError("Wrong passphrase for this archive. Try again, or unlock with the recovery key (--recovery-key-file FILE) and set a new one with `lifeboat passwd`.");
  }
  throw lastError instanceof LifeboatError ? lastError : new LifeboatError(`The archive's passphrase key file could not be read (${(lastError as Error)?.message}). Unlock with the recovery key (--recovery-key-file) instead, then run \`lifeboat verify\`.`);
}

export async function identityFromRecoveryKey(layout: ArchiveLayout, recoveryKey: string): Promise<string> {
  const key = recoveryKey.trim().toUpperCase().replace(/\s+/g, "");
  if (!IDENTITY.test(key)) throw new NeedsPassphraseError("That is not a Lifeboat recovery key: it starts with AGE-SECRET-KEY-1 and has 74 characters. Check the printed copy.");
  // Its bech32 checksum catches typos before any file is tried.
  await identityToRecipient(key).catch(() => {
    throw new NeedsPassphraseError("That recovery key is mistyped: its checksum does not match (it starts with AGE-SECRET-KEY-1 and has 74 characters). Check the printed copy.");
  });
  const files = await keyFiles(layout, "recovery");
  for (const f of files) {
    try {
      return parseIdentityText(await decryptBytes([key], await fsp.readFile(f)));
    } catch (err) {
      if (err instanceof AgeError && err.kind === "no-match") continue;
      if (err instanceof AgeError) throw new LifeboatError(`The archive's recovery key file ${path.basename(f)} is damaged (${err.message}). Unlock with the passphrase instead and run \`lifeboat verify\`.`);
      throw err;
    }
  }
  if (await allDamaged(files)) throw damagedKeyFile(files, "recovery", "Unlock with the passphrase instead and run `lifeboat verify`.");
  throw new NeedsPassphraseError("This recovery key does not belong to this archive (or was mistyped; age keys carry a checksum, so a typo shows up here). Check the printed copy.");
}

export async function loadSecrets(layout: ArchiveLayout, identity: string): Promise<ArchiveSecrets> {
  const files = await keyFiles(layout, "config");
  if (files.length === 0) throw new LifeboatError("The archive's config key file (keys/config-….json.age) is missing. The archive cannot be written to; run `lifeboat verify`.");
  let lastError: unknown = null;
  for (const f of files) {
    try {
      const cfg = ConfigSchema.parse(JSON.parse((await decryptBytes([identity], await fsp.readFile(f))).toString("utf8")));
      return {
        identity,
        recipient: await identityToRecipient(identity),
        repoId: cfg.repoId,
        idKey: Buffer.from(cfg.idKey, "hex"),
        gearSeed: Buffer.from(cfg.gearSeed, "hex"),
      };
    } catch (err) {
      lastError = err;
    }
  }
  if (await allDamaged(files)) throw damagedKeyFile(files, "config", "The archive cannot be opened or written to until it is repaired; run `lifeboat verify` and ask for help.");
  if (lastError instanceof AgeError && lastError.kind === "no-match") throw new NeedsPassphraseError("This key does not open this archive.");
  throw new LifeboatError(`The archive's config key file is damaged (${(lastError as Error)?.message}). Run \`lifeboat verify\`.`);
}

/** Writes a new passphrase key file, then removes the old ones. Data is not re-encrypted. */
export async function changePassphrase(layout: ArchiveLayout, identity: string, newPassphrase: string, logN = DEFAULT_SCRYPT_LOG_N): Promise<void> {
  const old = await keyFiles(layout, "passphrase");
  const written = await writeOnce(layout.tmpDir, layout.keysDir, await encryptWithPassphrase(newPassphrase, identityText(identity), logN), (sha) => `passphrase-${sha}.age`);
  // Only after the new file is durable do the old ones go: a crash in between leaves both valid.
  for (const f of old) if (f !== written.path) await fsp.unlink(f);
}
