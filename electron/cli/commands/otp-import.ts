import type { Command } from "commander";
import { promises as fsp } from "node:fs";
import path from "node:path";
import { LifeboatError } from "../../engine/errors.js";
import { OtpImportError } from "../../engine/vault/otp/importers/otp-import-error.js";
import { backupWithVault } from "../../engine/vault/vault-service.js";
import type { CliContext } from "../cli-context.js";
import { canPrompt, promptSecret, readSecretFile } from "../passphrase.js";
import { otpLabel, otpView } from "../vault/vault-views.js";

export function registerOtpImport(otp: Command, ctx: () => CliContext): void {
  otp
    .command("import <file>")
    .description("import an authenticator export (otpauth URIs, Google Authenticator transfer QR images, Aegis, 2FAS, andOTP, Ente, Bitwarden, FreeOTP+, Proton, Stratum, Steam, Google/Microsoft Authenticator databases) into the vault")
    .option("--password-file <file>", "the export's password, for encrypted exports")
    .option("--dry-run", "show what would be imported; change nothing")
    .option("--show-secrets", "include each secret (Base32) in the output")
    .action(async (file: string, o: { passwordFile?: string; dryRun?: boolean; showSecrets?: boolean }) => {
      const c = ctx();
      const abs = path.resolve(file);
      const bytes = await fsp.readFile(abs).catch((err: NodeJS.ErrnoException) => {
        throw new LifeboatError(`Cannot read ${abs}: ${err.code === "ENOENT" ? "no such file" : err.message}.`, 2, "usage");
      });
      // Loaded here: the importers bring SQLite (WASM), Argon2, QR and protobuf libraries.
      const { importOtpFile } = await import("../../engine/vault/otp/import-otp-file.js");
      let password = o.passwordFile ? await readSecretFile(o.passwordFile, "export password") : undefined;
      let result;
      try {
        result = await importOtpFile({ bytes, fileName: path.basename(abs), password });
      } catch (err) {
        // Encrypted and no password given: ask, when someone is there to answer.
        if (err instanceof OtpImportError && err.reason === "password-required" && password === undefined && canPrompt()) {
          password = await promptSecret(`Password of ${path.basename(abs)}:`);
          result = await importOtpFile({ bytes, fileName: path.basename(abs), password });
        } else throw err;
      }
      let added = 0;
      let duplicates = 0;
      if (!o.dryRun && result.entries.length > 0) {
        const archive = await c.open();
        try {
          const r = await backupWithVault(archive, [], { extra: { otp: result.entries } });
          added = r.vaultReport?.addedOtp ?? 0;
          duplicates = r.vaultReport?.duplicateOtp ?? 0;
        } finally {
          await archive.close();
        }
      }
      c.result(
        { format: result.format, dryRun: !!o.dryRun, entries: result.entries.map((e) => otpView(e, !!o.showSecrets)), skipped: result.skipped, added, alreadyInVault: duplicates },
        () =>
          [
            `Read ${result.entries.length} account(s) from ${path.basename(abs)} (${result.format}).`,
            ...result.entries.map((e) => `  ${otpLabel(e)}  ${e.type.toUpperCase()} ${e.algorithm} ${e.digits} digits${o.showSecrets ? `  ${e.secret}` : ""}`),
            ...(result.skipped.length ? [`Skipped ${result.skipped.length}:`, ...result.skipped.map((s) => `  ${s.name}: ${s.reason}`)] : []),
            o.dryRun ? "Dry run: nothing was added to the vault." : `Added ${added} to the vault${duplicates ? ` (${duplicates} were already there)` : ""}.`,
          ].join("\n"),
      );
    });
}
