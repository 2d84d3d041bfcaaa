// Google Authenticator's "Transfer accounts" payload: `otpauth-migration://offline?data=<Base64
// protobuf MigrationPayload>` (schema reverse-engineered in Aegis google_auth.proto; research
// §1.3). The schema is declared here in code so no .proto file has to ship. Unknown fields (newer
// apps add `unique_id` = 8) are skipped by the decoder.

import protobuf from "protobufjs";

const ROOT = protobuf.Root.fromJSON({
  nested: {
    MigrationPayload: {
      fields: {
        otpParameters: { rule: "repeated", type: "OtpParameters", id: 1 },
        version: { type: "int32", id: 2 },
        batchSize: { type: "int32", id: 3 },
        batchIndex: { type: "int32", id: 4 },
        batchId: { type: "int32", id: 5 },
      },
    },
    OtpParameters: {
      fields: {
        secret: { type: "bytes", id: 1 },
        name: { type: "string", id: 2 },
        issuer: { type: "string", id: 3 },
        // Enums are read as plain integers so an unknown value reaches us (and is reported)
        // instead of being mapped to a name or dropped.
        algorithm: { type: "int32", id: 4 },
        digits: { type: "int32", id: 5 },
        type: { type: "int32", id: 6 },
        counter: { type: "uint64", id: 7 },
      },
    },
  },
});
const PAYLOAD = ROOT.lookupType("MigrationPayload");

/** Algorithm enum: 0 unspecified (SHA1), 1 SHA1, 2 SHA256, 3 SHA512, 4 MD5. */
export const MIGRATION_ALGORITHMS = ["SHA1", "SHA1", "SHA256", "SHA512", "MD5"] as const;
/** DigitCount enum: 0 unspecified (6), 1 six, 2 eight. */
export const MIGRATION_DIGITS = [6, 6, 8] as const;
/** OtpType enum: 0 unspecified (TOTP), 1 HOTP, 2 TOTP. */
export const MIGRATION_TYPES = ["totp", "hotp", "totp"] as const;

export interface MigrationOtp {
  secret: Buffer;
  name: string;
  issuer: string;
  algorithm: number;
  digits: number;
  type: number;
  /** As a string: uint64 may exceed Number's safe range in a damaged or hostile payload. */
  counter: string;
}

export interface MigrationPayload {
  otpParameters: MigrationOtp[];
  version: number;
  /** Number of QR codes in the export (0 in old payloads: treat as 1). */
  batchSize: number;
  batchIndex: number;
  batchId: number;
}

/** Decodes the protobuf bytes; throws (protobufjs errors) on malformed input. */
export function decodeMigrationPayload(bytes: Uint8Array): MigrationPayload {
  const message = PAYLOAD.decode(bytes);
  const o = PAYLOAD.toObject(message, { longs: String, bytes: Buffer, defaults: true, arrays: true }) as {
    otpParameters: { secret: Uint8Array; name: string; issuer: string; algorithm: number; digits: number; type: number; counter: string }[];
    version: number;
    batchSize: number;
    batchIndex: number;
    batchId: number;
  };
  return {
    otpParameters: o.otpParameters.map((p) => ({ ...p, secret: Buffer.from(p.secret) })),
    version: o.version,
    batchSize: o.batchSize,
    batchIndex: o.batchIndex,
    batchId: o.batchId,
  };
}

/** Encodes a payload (for exporting to Google Authenticator, and for tests). */
export function encodeMigrationPayload(payload: MigrationPayload): Buffer {
  const message = PAYLOAD.fromObject({
    ...payload,
    otpParameters: payload.otpParameters.map((p) => ({ ...p, counter: p.counter })),
  });
  return Buffer.from(PAYLOAD.encode(message).finish());
}

/**
 * The payload bytes of one `otpauth-migration://offline?data=…` URI. The data is standard Base64,
 * usually percent-encoded; some QR scanners hand it over raw, so "+" is never form-decoded into a
 * space (and a space that a scanner already made of "+" is turned back). Throws on a wrong prefix.
 */
export function migrationUriData(uri: string): Buffer {
  const m = /^otpauth-migration:\/\/offline\/?\?(?:[^#]*&)?data=([^&#]*)/i.exec(uri.trim());
  if (!m) throw new Error("not an otpauth-migration://offline link with data");
  let data = m[1] ?? "";
  try {
    data = decodeURIComponent(data);
  } catch {
    // Leave it as is: a raw Base64 string has no "%".
  }
  data = data.replace(/ /g, "+").replace(/-/g, "+").replace(/_/g, "/");
  if (!/^[A-Za-z0-9+/]+=*$/.test(data)) throw new Error("the data is not Base64");
  return Buffer.from(data, "base64");
}

/** Writes a payload as a migration URI (percent-encoded Base64, as Google does). */
export function formatMigrationUri(payload: MigrationPayload): string {
  return `otpauth-migration://offline?data=${encodeURIComponent(encodeMigrationPayload(payload).toString("base64"))}`;
}
