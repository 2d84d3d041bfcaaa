// Reads one table of an authenticator app's on-device SQLite database (Google Authenticator's
// `databases`, Microsoft Authenticator's `PhoneFactor`) with sql.js: SQLite compiled to
// WebAssembly, so nothing native to build for Electron, and the file is opened from memory, never
// written back.
//
// The file comes off a rooted phone and may be damaged or hostile. SQLite checks its own pages; on
// top of that: the file size is capped, the table must be a real table (a VIEW of the same name
// could run any query, e.g. an endless recursive one), generated columns are refused (their
// expressions run on every SELECT), SQLite's heap is capped, and at most MAX_ROWS rows are read.

import initSqlJs from "sql.js";
import type { Database, SqlJsStatic, SqlValue } from "sql.js";
import { OtpImportError } from "./otp-import-error.js";

export type { SqlValue };

/** Every SQLite file starts with these 16 bytes (sqlite.org/fileformat.html §1.3). */
const SQLITE_MAGIC = Buffer.from("SQLite format 3\u0000", "latin1");

/** Authenticator databases are tens of KiB; 64 MiB stops absurd files before they reach WASM. */
export const SQLITE_MAX_BYTES = 64 * 1024 * 1024;
/** No one has ten thousand authenticator accounts; more rows means a damaged or hostile file. */
export const SQLITE_MAX_ROWS = 10_000;
/** SQLite's own allocations (page cache, sort buffers) stay under this. */
const SQLITE_HEAP_LIMIT = 256 * 1024 * 1024;

export function isSqliteFile(bytes: Buffer): boolean {
  return bytes.length >= SQLITE_MAGIC.length && bytes.subarray(0, SQLITE_MAGIC.length).equals(SQLITE_MAGIC);
}

let sqlJs: Promise<SqlJsStatic> | undefined;

function loadSqlJs(): Promise<SqlJsStatic> {
  sqlJs ??= initSqlJs().then(
    (SQL) => {
      // Process-wide (one WASM instance), and only this module uses it.
      const probe = new SQL.Database();
      try {
        probe.exec(`PRAGMA hard_heap_limit = ${SQLITE_HEAP_LIMIT}`);
      } finally {
        probe.close();
      }
      return SQL;
    },
    () => {
      // Not cached: a later import may succeed (and this is a broken install, not a bad file).
      sqlJs = undefined;
      throw new OtpImportError("Lifeboat's SQLite reader (sql.js) could not start, so app databases cannot be imported. Reinstall Lifeboat.", "unsupported");
    },
  );
  return sqlJs;
}

/** A row as column name → value. */
export type SqlRow = Record<string, SqlValue>;

/** The rows of `table` and its column names (lower-cased, as apps' schemas vary in case). */
export interface SqlTable {
  columns: string[];
  rows: SqlRow[];
}

function damaged(label: string, what: string): OtpImportError {
  return new OtpImportError(`This ${label} is damaged or not what it seems: ${what}.`, "corrupt");
}

/**
 * Opens the database in memory and reads every row of `table` (at most SQLITE_MAX_ROWS).
 * `missingTable` is the message when the table is absent (the caller knows why that happens).
 * Throws OtpImportError only.
 */
export async function readSqliteTable(bytes: Buffer, table: string, label: string, missingTable: string): Promise<SqlTable> {
  if (!isSqliteFile(bytes)) throw damaged(label, "it is not an SQLite database");
  if (bytes.length > SQLITE_MAX_BYTES) throw new OtpImportError(`This ${label} is larger than ${SQLITE_MAX_BYTES / 1024 / 1024} MiB, far more than an authenticator's database; it was not opened.`, "unsupported");
  const SQL = await loadSqlJs();
  let db: Database | undefined;
  try {
    db = new SQL.Database(bytes);
    const kind = db.exec("SELECT type FROM sqlite_master WHERE lower(name) = lower(?) LIMIT 2", [table]);
    const types = kind[0]?.values.map((v) => v[0]) ?? [];
    if (types.length === 0) throw new OtpImportError(missingTable, "corrupt");
    if (types.length > 1 || types[0] !== "table") throw damaged(label, `"${table}" is not a plain table`);
    // hidden: 0 normal, 1 hidden (virtual tables), 2/3 generated columns (computed on read).
    const info = db.exec(`PRAGMA table_xinfo("${table}")`)[0];
    const hiddenAt = info?.columns.indexOf("hidden") ?? -1;
    if (!info || hiddenAt < 0 || info.values.some((v) => v[hiddenAt] !== 0)) throw damaged(label, `the "${table}" table has computed columns`);
    const result = db.exec(`SELECT * FROM "${table}" LIMIT ${SQLITE_MAX_ROWS + 1}`)[0];
    if (!result) return { columns: info.values.map((v) => String(v[1]).toLowerCase()), rows: [] };
    if (result.values.length > SQLITE_MAX_ROWS) throw damaged(label, `it has more than ${SQLITE_MAX_ROWS} accounts`);
    const columns = result.columns.map((c) => c.toLowerCase());
    const rows = result.values.map((values) => {
      const row: SqlRow = {};
      columns.forEach((c, i) => (row[c] = values[i] ?? null));
      return row;
    });
    return { columns, rows };
  } catch (err) {
    if (err instanceof OtpImportError) throw err;
    // SQLite's own message ("database disk image is malformed", "file is not a database") names
    // no content, but the user is better served by one plain sentence.
    throw damaged(label, "SQLite cannot read it (the copy is incomplete or the file is damaged)");
  } finally {
    db?.close();
  }
}

/** A column as text: TEXT as is, numbers written out, BLOBs and NULL as "". */
export function sqlText(value: SqlValue | undefined): string {
  if (typeof value === "string") return value;
  if (typeof value === "number" && Number.isFinite(value)) return String(value);
  return "";
}

/** A column as a whole number; undefined when it is not one. */
export function sqlInt(value: SqlValue | undefined): number | undefined {
  if (typeof value === "number" && Number.isSafeInteger(value)) return value;
  if (typeof value === "string" && /^\s*-?\d{1,15}\s*$/.test(value)) return Number(value);
  return undefined;
}
