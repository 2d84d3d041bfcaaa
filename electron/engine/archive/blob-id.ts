import { createHmac } from "node:crypto";

/**
 * Blob ids are HMAC-SHA-256 of the plaintext under the archive's secret idKey, so equal content is
 * stored once while the names reveal nothing about content to someone without the key.
 */
export function blobId(idKey: Buffer, data: Uint8Array): string {
  return createHmac("sha256", idKey).update(data).digest("hex");
}
