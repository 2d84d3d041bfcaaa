// Cheap recognition of an authenticator app's SQLite database from its bytes, for the importers'
// synchronous `detect`: the CREATE TABLE text of every table is stored in the file (sqlite_master,
// normally on the first page), so the `accounts` table's column list can be found without opening
// the database. Reading the file (sqlite-table.ts) checks properly.

import { isSqliteFile } from "./sqlite-table.js";

/** The schema sits at the start of these small files; no need to scan a huge one to the end. */
const SCAN_BYTES = 1024 * 1024;

/**
 * The text of the `accounts` table's CREATE TABLE statement (up to 4000 characters after its
 * start, lower-cased: enough for the column list), or undefined when the bytes are not an SQLite
 * file or hold no such statement.
 */
export function accountsTableColumns(bytes: Buffer): string | undefined {
  if (!isSqliteFile(bytes)) return undefined;
  const text = bytes.subarray(0, SCAN_BYTES).toString("latin1");
  const m = /CREATE\s+TABLE\s+["'`[]?accounts["'`\]]?\s*\(/i.exec(text);
  return m ? text.slice(m.index + m[0].length, m.index + 4000).toLowerCase() : undefined;
}

/** True when `columns` (from accountsTableColumns) declares every one of `names`. */
export function declaresColumns(columns: string | undefined, names: readonly string[]): boolean {
  if (columns === undefined) return false;
  return names.every((name) => new RegExp(`(^|[\\s,("'\`\\[])${name}([\\s,)"'\`\\]]|$)`).test(columns));
}
