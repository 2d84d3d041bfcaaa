// Test-only writers for the encrypted export formats, following the same specs the importers
// read (research §1.4, §1.6, §1.8), so tests can make files with chosen passwords and KDF
// settings, including hostile ones, without shipping third-party fixtures.
import { createCipheriv, createHash, createHmac, pbkdf2Sync, randomBytes, scryptSync } from "node:crypto";
import { argon2id } from "hash-wasm";

function gcmSeal(key: Buffer, iv: Buffer, plain: Buffer): { ct: Buffer; tag: Buffer } {
  const c = createCipheriv("aes-256-gcm", key, iv);
  const ct = Buffer.concat([c.update(plain), c.final()]);
  return { ct, tag: c.getAuthTag() };
}

export interface AegisWriteOptions {
  n?: number;
  r?: number;
  p?: number;
  /** Put a biometric slot (unusable off the phone) before the password slot. */
  biometricFirst?: boolean;
  /** Only a biometric slot. */
  biometricOnly?: boolean;
}

/** An encrypted Aegis vault (version 1) holding `db`. */
export function writeAegisEncrypted(db: unknown, password: string, o: AegisWriteOptions = {}): Buffer {
  const masterKey = randomBytes(32);
  const slots: unknown[] = [];
  const wrap = (key: Buffer) => {
    const nonce = randomBytes(12);
    const { ct, tag } = gcmSeal(key, nonce, masterKey);
    return { key: ct.toString("hex"), key_params: { nonce: nonce.toString("hex"), tag: tag.toString("hex") } };
  };
  if (o.biometricFirst || o.biometricOnly) slots.push({ type: 2, uuid: "b", ...wrap(randomBytes(32)) });
  if (!o.biometricOnly) {
    const n = o.n ?? 1 << 14;
    const r = o.r ?? 8;
    const p = o.p ?? 1;
    const salt = randomBytes(32);
    // A hostile N is written without deriving (the importer must refuse it before trying).
    const derivable = n > 1 && (n & (n - 1)) === 0 && 128 * n * r <= 256 * 1024 * 1024;
    const key = !derivable ? randomBytes(32) : scryptSync(password, salt, 32, { N: n, r, p, maxmem: 128 * n * r * 2 });
    slots.push({ type: 1, uuid: "p", n, r, p, salt: salt.toString("hex"), ...wrap(key) });
  }
  const nonce = randomBytes(12);
  const { ct, tag } = gcmSeal(masterKey, nonce, Buffer.from(JSON.stringify(db)));
  return Buffer.from(JSON.stringify({ version: 1, header: { slots, params: { nonce: nonce.toString("hex"), tag: tag.toString("hex") } }, db: ct.toString("base64") }));
}

/** An andOTP "new format" encrypted backup. */
export function writeAndOtpEncrypted(entries: unknown[], password: string, iterations = 1000): Buffer {
  const salt = randomBytes(12);
  const nonce = randomBytes(12);
  const key = pbkdf2Sync(password, salt, iterations, 32, "sha1");
  const { ct, tag } = gcmSeal(key, nonce, Buffer.from(JSON.stringify(entries)));
  const head = Buffer.alloc(4);
  head.writeUInt32BE(iterations >>> 0);
  return Buffer.concat([head, salt, nonce, ct, tag]);
}

export type BitwardenKdf = { kdfType: 0; kdfIterations: number } | { kdfType: 1; kdfIterations: number; kdfMemory: number; kdfParallelism: number };

function encString(encKey: Buffer, macKey: Buffer, plain: Buffer): string {
  const iv = randomBytes(16);
  const c = createCipheriv("aes-256-cbc", encKey, iv);
  const ct = Buffer.concat([c.update(plain), c.final()]);
  const mac = createHmac("sha256", macKey).update(iv).update(ct).digest();
  return `2.${iv.toString("base64")}|${ct.toString("base64")}|${mac.toString("base64")}`;
}

/** A password-protected Bitwarden export of `inner` (the unencrypted export's JSON object). */
export async function writeBitwardenProtected(inner: unknown, password: string, kdf: BitwardenKdf, o: { skipDerive?: boolean } = {}): Promise<Buffer> {
  const salt = randomBytes(16).toString("base64");
  let master: Buffer;
  if (o.skipDerive) master = randomBytes(32);
  else if (kdf.kdfType === 0) master = pbkdf2Sync(password, Buffer.from(salt, "utf8"), kdf.kdfIterations, 32, "sha256");
  else {
    master = Buffer.from(
      await argon2id({ password, salt: createHash("sha256").update(salt, "utf8").digest(), iterations: kdf.kdfIterations, memorySize: kdf.kdfMemory * 1024, parallelism: kdf.kdfParallelism, hashLength: 32, outputType: "binary" }),
    );
  }
  const expand = (info: string) => createHmac("sha256", master).update(Buffer.concat([Buffer.from(info), Buffer.from([1])])).digest();
  const encKey = expand("enc");
  const macKey = expand("mac");
  const doc = {
    encrypted: true,
    passwordProtected: true,
    salt,
    kdfMemory: null,
    kdfParallelism: null,
    ...kdf,
    encKeyValidation_DO_NOT_EDIT: encString(encKey, macKey, Buffer.from("1c9a8b7d-4e3f-4a2b-8c1d-0e9f8a7b6c5d")),
    data: encString(encKey, macKey, Buffer.from(JSON.stringify(inner))),
  };
  return Buffer.from(JSON.stringify(doc, null, 2));
}
