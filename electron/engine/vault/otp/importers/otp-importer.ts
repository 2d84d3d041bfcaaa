import type { OtpImportResult } from "../../../../../shared/vault-types.js";

/** What an importer is given: the file's bytes, its name (a hint only), and a password if any. */
export interface ImportInput {
  bytes: Buffer;
  fileName?: string;
  /** For encrypted exports; absent means "none given". */
  password?: string;
}

/**
 * One authenticator export format. `detect` looks at the bytes only (never the name alone) and
 * must be cheap and never throw; `read` parses, decrypts and validates. Errors are
 * OtpImportError with a code that says what the user can do.
 */
export interface OtpImporter {
  /** Stable format name, e.g. "aegis", "2fas", "google-migration". */
  readonly format: string;
  /** Human name for messages, e.g. "Aegis vault export". */
  readonly label: string;
  detect(input: ImportInput): boolean;
  read(input: ImportInput): Promise<OtpImportResult>;
}
