// Microsoft Authenticator's on-device database (research §1.14; Aegis MicrosoftAuthImporter.java).
// The app has no export: the only way out is the SQLite file
// /data/data/com.azure.authenticator/databases/PhoneFactor from a rooted phone or an emulator.
// It is in WAL mode, so PhoneFactor-wal must be copied alongside and merged first (opening the
// copy once with sqlite3 does it), or the file may lack recent accounts or even the table.
//
// Table `accounts` (a Room database): name (the issuer), username, oath_secret_key, account_type.
// As Aegis does:
//   account_type 0: a third-party TOTP account; the secret is Base32; SHA1 / 6 digits / 30 s;
//   account_type 1: a personal Microsoft account; the secret is *Base64* and the codes have
//                   8 digits (SHA1 / 30 s);
//   anything else (work or school push sign-in, …) is not a standard one-time password and is
//   listed as skipped. The app shows every account as a 6- or 8-digit 30 s code, so no other
//   setting exists to carry over.

import type { OtpEntry, OtpImportResult } from "../../../../../shared/vault-types.js";
import type { ImportInput, OtpImporter } from "./otp-importer.js";
import { EntryCollector, SkipEntry, base64Bytes, displayName } from "./importer-support.js";
import { OtpImportError } from "./otp-import-error.js";
import { accountsTableColumns, declaresColumns } from "./authenticator-db-schema.js";
import { readSqliteTable, sqlInt, sqlText, type SqlRow } from "./sqlite-table.js";
import { base32Encode } from "../base32.js";

const LABEL = "Microsoft Authenticator database";
const FORMAT = "microsoft-authenticator-db";
const REQUIRED_COLUMNS = ["oath_secret_key", "account_type"] as const;
const TYPE_TOTP = 0;
const TYPE_MICROSOFT = 1;

function convertRow(row: SqlRow): OtpEntry {
  const secretText = sqlText(row.oath_secret_key).trim();
  if (secretText === "") {
    if (sqlText(row.encrypted_oath_secret_key).trim() !== "") {
      throw new SkipEntry("Microsoft Authenticator encrypted this secret with a key that stays on the phone; it cannot be read from the database.");
    }
    throw new SkipEntry("This account has no one-time-password secret (a push sign-in account); it cannot be moved out of Microsoft Authenticator.");
  }
  const type = sqlInt(row.account_type);
  const base = { issuer: sqlText(row.name), account: sqlText(row.username), algorithm: "SHA1" as const, period: 30, counter: 0 };
  if (type === TYPE_TOTP) return { ...base, type: "totp", secret: secretText, digits: 6 };
  if (type === TYPE_MICROSOFT) {
    const bytes = base64Bytes(secretText);
    if (!bytes || bytes.length === 0) throw new SkipEntry("The secret of this Microsoft account is not valid Base64.");
    return { ...base, type: "totp", secret: base32Encode(bytes), digits: 8 };
  }
  throw new SkipEntry(`Microsoft Authenticator account type ${type ?? "(none)"} is not a standard one-time password (work or school sign-in); it cannot be moved out of the app.`);
}

export const microsoftAuthenticatorDbImporter: OtpImporter = {
  format: FORMAT,
  label: LABEL,

  detect(input: ImportInput): boolean {
    return declaresColumns(accountsTableColumns(input.bytes), REQUIRED_COLUMNS);
  },

  async read(input: ImportInput): Promise<OtpImportResult> {
    const table = await readSqliteTable(
      input.bytes,
      "accounts",
      LABEL,
      "This database has no accounts table. If it is Microsoft Authenticator's PhoneFactor, its recent changes are still in PhoneFactor-wal: copy PhoneFactor, PhoneFactor-wal and PhoneFactor-shm together, open the copy once with sqlite3 (which merges them), then import PhoneFactor again.",
    );
    if (!REQUIRED_COLUMNS.every((c) => table.columns.includes(c))) {
      throw new OtpImportError("This database's accounts table is not Microsoft Authenticator's (it lacks the oath_secret_key and account_type columns).", "unknown-format");
    }
    const collector = new EntryCollector(FORMAT);
    for (const row of table.rows) collector.add(displayName(sqlText(row.name), sqlText(row.username)), () => convertRow(row));
    return collector.result(FORMAT);
  },
};
