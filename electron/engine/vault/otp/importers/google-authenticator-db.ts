// Google Authenticator's on-device database (research §1.12; Aegis GoogleAuthImporter.java):
// /data/data/com.google.android.apps.authenticator2/databases/databases, copied off a rooted
// phone. App versions up to 5.10 keep the secrets there in the clear; newer ones have an export
// QR code instead (the google-migration importer), and rows marked `isencrypted` are skipped.
//
// Table accounts(_id, email, secret, counter, type, provider, issuer, original_name): `type` 0 TOTP,
// 1 HOTP; `email` is the label, often "Issuer:account". The app only ever computed SHA1 / 6 digits
// / 30 s, whatever the QR code said, so that is what every entry gets (as in Aegis).

import type { OtpEntry, OtpImportResult } from "../../../../../shared/vault-types.js";
import type { ImportInput, OtpImporter } from "./otp-importer.js";
import { EntryCollector, SkipEntry, displayName } from "./importer-support.js";
import { OtpImportError } from "./otp-import-error.js";
import { accountsTableColumns, declaresColumns } from "./authenticator-db-schema.js";
import { readSqliteTable, sqlInt, sqlText, type SqlRow } from "./sqlite-table.js";

const LABEL = "Google Authenticator database";
const FORMAT = "google-authenticator-db";
const REQUIRED_COLUMNS = ["email", "secret"] as const;

/** Issuer and account: the `issuer` column wins; else the "Issuer:" prefix of the label. */
function names(row: SqlRow): { issuer: string; account: string } {
  const email = sqlText(row.email);
  const parts = email.split(":");
  const account = parts.length === 2 ? (parts[1] ?? "") : email;
  const issuerColumn = sqlText(row.issuer);
  return { issuer: issuerColumn.trim() !== "" ? issuerColumn : parts.length === 2 ? (parts[0] ?? "") : "", account };
}

function convertRow(row: SqlRow): OtpEntry {
  if ((sqlInt(row.isencrypted) ?? 0) > 0) {
    throw new SkipEntry("Google Authenticator encrypted this secret with a key that stays on the phone. Use the app's \"Transfer accounts\" QR code instead.");
  }
  const type = sqlInt(row.type) ?? 0;
  if (type !== 0 && type !== 1) throw new SkipEntry(`Unknown Google Authenticator account type ${type}.`);
  const { issuer, account } = names(row);
  const hotp = type === 1;
  return { type: hotp ? "hotp" : "totp", issuer, account, secret: sqlText(row.secret), algorithm: "SHA1", digits: 6, period: 30, counter: hotp ? (sqlInt(row.counter) ?? 0) : 0 };
}

export const googleAuthenticatorDbImporter: OtpImporter = {
  format: FORMAT,
  label: LABEL,

  detect(input: ImportInput): boolean {
    const columns = accountsTableColumns(input.bytes);
    return declaresColumns(columns, REQUIRED_COLUMNS) && !declaresColumns(columns, ["oath_secret_key"]);
  },

  async read(input: ImportInput): Promise<OtpImportResult> {
    const table = await readSqliteTable(input.bytes, "accounts", LABEL, "This database has no accounts table, so it is not Google Authenticator's (databases/databases in the app's data folder).");
    if (!REQUIRED_COLUMNS.every((c) => table.columns.includes(c))) {
      throw new OtpImportError("This database's accounts table is not Google Authenticator's (it lacks the email and secret columns).", "unknown-format");
    }
    const collector = new EntryCollector(FORMAT);
    for (const row of table.rows) {
      const { issuer, account } = names(row);
      collector.add(displayName(issuer, account), () => convertRow(row));
    }
    return collector.result(FORMAT);
  },
};
