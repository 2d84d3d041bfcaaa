import { createHash } from "node:crypto";
import type { CatalogEntry } from "../../../shared/archive-types.js";
import { recoveryKeyText } from "../providers/microsoft/bitlocker/bitlocker-sync.js";
import { exportAegisPlain } from "./export/export-aegis.js";
import { formatOtpauthUri } from "./otp/otpauth-uri.js";
import type { VaultData, VaultOtp } from "./vault-data.js";

export interface VaultFile {
  path: string;
  kind: string;
  bytes: Buffer;
  meta?: CatalogEntry["meta"];
}

const OTP_HEADER = [
  "# Lifeboat vault: your authenticator accounts as otpauth:// URIs, one per line.",
  "# Every authenticator app can import these (or scan them as QR codes). KEEP THIS FILE SECRET.",
  "",
];

/**
 * A UUID (v4 layout) derived from the entry's vault id: Aegis wants one per entry, and a random one
 * would change aegis.json, and so store a new copy, in every backup of an unchanged vault.
 */
function stableAegisUuid(e: VaultOtp): string {
  const b = createHash("sha256").update(`lifeboat-aegis-entry\u0000${e.id}`).digest().subarray(0, 16);
  b[6] = (b[6]! & 0x0f) | 0x40;
  b[8] = (b[8]! & 0x3f) | 0x80;
  const h = b.toString("hex");
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
}

/**
 * The vault in open formats, as restore writes it (CLI.md: `vault/otp.txt`, `vault/aegis.json`,
 * `vault/bitlocker/<key id>.txt`) plus `vault.json`, the whole vault as Lifeboat reads it back.
 * aegis.json is a plain Aegis vault: the Aegis app (and most others) import it as it is.
 */
export async function renderVaultFiles(vault: VaultData): Promise<VaultFile[]> {
  const files: VaultFile[] = [{ path: "vault.json", kind: "vault", bytes: Buffer.from(`${JSON.stringify(vault, null, 2)}\n`) }];
  if (vault.otp.length > 0) {
    const lines = [...OTP_HEADER, ...vault.otp.map((e) => formatOtpauthUri(e))];
    files.push({ path: "otp.txt", kind: "otp-uris", bytes: Buffer.from(`${lines.join("\n")}\n`), meta: { accounts: vault.otp.length } });
    const aegis = exportAegisPlain(vault.otp, { entryUuid: stableAegisUuid });
    files.push({ path: "aegis.json", kind: "otp-aegis", bytes: Buffer.from(aegis.json), meta: { accounts: aegis.exported } });
  }
  for (const k of vault.bitlocker) {
    const text = recoveryKeyText({ id: k.keyId, key: k.recoveryPassword, deviceId: k.device, createdDateTime: k.created, volumeType: k.volumeType });
    files.push({ path: `bitlocker/${k.keyId.toUpperCase()}.txt`, kind: "bitlocker-key", bytes: Buffer.from(text), meta: { device: k.device ?? "", keyId: k.keyId } });
  }
  return files;
}
