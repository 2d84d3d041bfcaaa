// `lifeboat otp export --format uris|aegis|qr|google --out PATH`: the vault's OTP accounts in a
// form another authenticator app imports. Every file is written with mode 0600 and every folder
// created with 0700: these files open the accounts.
//
//   uris    one otpauth:// URI per line        OUT is a file (a folder gets otpauth-uris.txt)
//   aegis   an Aegis vault (encrypted with     OUT is a file (a folder gets aegis-export.json)
//           `password`, else plain)
//   qr      NN-<issuer>-<account>.png/.svg     OUT is a folder
//   google  google-migration-N-of-M.png         OUT is a folder
import { promises as fsp } from "node:fs";
import path from "node:path";
import type { OtpEntry, SkippedEntry } from "../../../../shared/vault-types.js";
import { UsageError } from "../../errors.js";
import { exportAegis } from "./export-aegis.js";
import { exportGoogleMigration } from "./export-google-migration.js";
import { exportQrCodes } from "./export-qr.js";
import { exportUris } from "./export-uris.js";
import { makePrivateDir, writePrivateFile } from "./private-file.js";
import { qrMatrix, qrPng } from "./qr-code.js";

export type OtpExportFormat = "uris" | "aegis" | "qr" | "google";

export const OTP_EXPORT_FORMATS: readonly OtpExportFormat[] = ["uris", "aegis", "qr", "google"];

export interface OtpExportOptions {
  format: OtpExportFormat;
  out: string;
  /** Aegis only: encrypt the vault with it. */
  password?: string;
}

export interface OtpExportResult {
  /** Absolute paths of the files written. */
  written: string[];
  skipped: SkippedEntry[];
}

const DEFAULT_FILE: Partial<Record<OtpExportFormat, string>> = { uris: "otpauth-uris.txt", aegis: "aegis-export.json" };

async function isDirectory(p: string): Promise<boolean> {
  return fsp
    .stat(p)
    .then((s) => s.isDirectory())
    .catch(() => false);
}

/** The file a one-file format writes: OUT, or a default name inside OUT when it is a folder. */
async function targetFile(format: OtpExportFormat, out: string): Promise<string> {
  return (await isDirectory(out)) ? path.join(out, DEFAULT_FILE[format]!) : out;
}

export async function exportOtp(entries: readonly OtpEntry[], options: OtpExportOptions): Promise<OtpExportResult> {
  const { format } = options;
  if (!OTP_EXPORT_FORMATS.includes(format)) throw new UsageError(`Unknown export format "${String(format)}" (uris, aegis, qr or google).`);
  if (options.password !== undefined && format !== "aegis") throw new UsageError("Only the Aegis export can be encrypted with a password.");
  const out = path.resolve(options.out);
  const written: string[] = [];
  const write = async (file: string, bytes: Buffer | string): Promise<void> => {
    await writePrivateFile(file, bytes);
    written.push(file);
  };

  switch (format) {
    case "uris": {
      const r = exportUris(entries);
      await write(await targetFile(format, out), r.text);
      return { written, skipped: r.skipped };
    }
    case "aegis": {
      const r = await exportAegis(entries, options.password !== undefined ? { password: options.password } : {});
      await write(await targetFile(format, out), r.json);
      return { written, skipped: r.skipped };
    }
    case "qr": {
      const r = exportQrCodes(entries);
      await makePrivateDir(out);
      for (const c of r.codes) {
        await write(path.join(out, c.png.name), c.png.bytes);
        await write(path.join(out, c.svg.name), c.svg.bytes);
      }
      return { written, skipped: r.skipped };
    }
    case "google": {
      const r = exportGoogleMigration(entries);
      await makePrivateDir(out);
      const n = r.batches.length;
      for (const [i, b] of r.batches.entries()) {
        await write(path.join(out, `google-migration-${i + 1}-of-${n}.png`), qrPng(qrMatrix(b.uri, "M")));
      }
      return { written, skipped: r.skipped };
    }
  }
}
