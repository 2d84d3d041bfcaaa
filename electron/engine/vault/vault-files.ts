import type { CatalogEntry } from "../../../shared/archive-types.js";
import { recoveryKeyText } from "../providers/microsoft/bitlocker/bitlocker-sync.js";
import { formatOtpauthUri } from "./otp/otpauth-uri.js";
import type { VaultData } from "./vault-data.js";

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
 * The vault in open formats, as restore writes it (CLI.md: `vault/otp.txt`, `vault/bitlocker/<key id>.txt`)
 * plus `vault.json`, the whole vault as Lifeboat reads it back.
 */
export async function renderVaultFiles(vault: VaultData): Promise<VaultFile[]> {
  const files: VaultFile[] = [{ path: "vault.json", kind: "vault", bytes: Buffer.from(`${JSON.stringify(vault, null, 2)}\n`) }];
  if (vault.otp.length > 0) {
    const lines = [...OTP_HEADER, ...vault.otp.map((e) => formatOtpauthUri(e))];
    files.push({ path: "otp.txt", kind: "otp-uris", bytes: Buffer.from(`${lines.join("\n")}\n`), meta: { accounts: vault.otp.length } });
  }
  for (const k of vault.bitlocker) {
    const text = recoveryKeyText({ id: k.keyId, key: k.recoveryPassword, deviceId: k.device, createdDateTime: k.created, volumeType: k.volumeType });
    files.push({ path: `bitlocker/${k.keyId.toUpperCase()}.txt`, kind: "bitlocker-key", bytes: Buffer.from(text), meta: { device: k.device ?? "", keyId: k.keyId } });
  }
  return files;
}
