// The vault's data as it crosses the API boundary (CLI --json, the desktop app). OTP secrets and
// BitLocker recovery passwords are secrets: a listing carries them only when the user asked to see
// them (`--show-secrets`, "Reveal" in the app).

export type OtpType = "totp" | "hotp" | "steam";
export type OtpAlgorithm = "SHA1" | "SHA256" | "SHA512" | "MD5";

/** One authenticator account. */
export interface OtpEntry {
  type: OtpType;
  /** e.g. "GitHub"; may be empty when the export has none. */
  issuer: string;
  /** e.g. "malik@example.com"; may be empty. */
  account: string;
  /** The shared secret, RFC 4648 Base32 without padding, upper case. */
  secret: string;
  algorithm: OtpAlgorithm;
  /** 5 for Steam; 6–10 otherwise. */
  digits: number;
  /** Seconds (TOTP, Steam). */
  period: number;
  /** The next counter value (HOTP). */
  counter: number;
  /** Free text from the export (Aegis note, Bitwarden item name...). */
  note?: string;
  /** Where it came from: the format's name, e.g. "aegis-encrypted". */
  origin?: string;
}

/** An entry of the export that was not imported, and why (shown to the user). */
export interface SkippedEntry {
  /** What the export calls it (issuer/account/name), so the user can find it. */
  name: string;
  reason: string;
}

export interface OtpImportResult {
  /** The format detected, e.g. "aegis-encrypted", "2fas-v4", "google-migration". */
  format: string;
  entries: OtpEntry[];
  skipped: SkippedEntry[];
}

export type BitLockerVolumeType = "operatingSystem" | "fixedData" | "removableData" | "unknown";

/** One BitLocker recovery key. */
export interface BitLockerKey {
  /** The key protector id, upper case GUID without braces, e.g. "A1B2C3D4-…". */
  keyId: string;
  /** 8 groups of 6 digits joined by "-". Secret. */
  recoveryPassword: string;
  device?: string;
  volume?: string;
  volumeType?: BitLockerVolumeType;
  /** ISO 8601 when known. */
  created?: string;
  /** Where it came from: "windows-txt", "manage-bde", "get-bitlockervolume", "graph", "pasted", "microsoft-account". */
  origin?: string;
}
