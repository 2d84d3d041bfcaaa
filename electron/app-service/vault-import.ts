import { ApiError } from "../../shared/app-api.js";
import type { ImportReport } from "../../shared/app-types.js";
import { BitLockerImportError, importBitLockerKeys } from "../engine/vault/bitlocker/import-bitlocker-file.js";
import { OtpImportError } from "../engine/vault/otp/importers/otp-import-error.js";
import { backupWithVault } from "../engine/vault/vault-service.js";
import type { Handlers } from "./handler-types.js";

export const vaultImportHandlers: Handlers = {
  "vault:import": async (ctx, req) => {
    const archive = ctx.session.require();
    if (ctx.jobs.running) throw new ApiError("busy", `Lifeboat is busy: ${ctx.jobs.running.label}. Import again when it has finished.`);
    const bytes = Buffer.from(req.dataBase64, "base64");
    if (bytes.length === 0) throw new ApiError("invalid", `${req.fileName} is empty. Export it again from the app it came from.`);
    const fileName = req.fileName.replace(/^.*[\\/]/, "") || "import";
    let report: Omit<ImportReport, "snapshot"> & { count: number; run: () => ReturnType<typeof backupWithVault> };

    const otp = async (): Promise<typeof report> => {
      // Loaded here: the importers bring SQLite (WASM), Argon2, QR and protobuf libraries.
      const { importOtpFile } = await import("../engine/vault/otp/import-otp-file.js");
      let r;
      try {
        r = await importOtpFile({ bytes, fileName, ...(req.password !== undefined ? { password: req.password } : {}) });
      } catch (err) {
        if (err instanceof OtpImportError && err.reason === "password-required") throw new ApiError("needs-password", `${fileName} is protected by a password. Type the password you chose when exporting it.`);
        if (err instanceof OtpImportError && err.reason === "wrong-password") throw new ApiError("wrong-password", `That password does not open ${fileName}. Check it and try again.`);
        throw err;
      }
      const entries = r.entries;
      return { what: "otp", format: r.format, added: 0, updated: 0, unchanged: 0, skipped: r.skipped, count: entries.length, run: () => backupWithVault(archive, [], { extra: { otp: entries } }) };
    };
    const bitlocker = (): typeof report => {
      const r = importBitLockerKeys(bytes, fileName);
      return { what: "bitlocker", format: r.format, added: 0, updated: 0, unchanged: 0, skipped: r.skipped, count: r.keys.length, run: () => backupWithVault(archive, [], { extra: { bitlocker: r.keys } }) };
    };

    if (req.what === "otp") report = await otp();
    else if (req.what === "bitlocker") report = bitlocker();
    else {
      try {
        report = await otp();
      } catch (err) {
        if (!(err instanceof OtpImportError && err.reason === "unknown-format")) throw err;
        try {
          report = bitlocker();
        } catch (err2) {
          if (err2 instanceof BitLockerImportError && err2.reason === "unknown-format") {
            throw new ApiError("invalid", `Lifeboat does not recognise ${fileName} as an authenticator export or a BitLocker recovery key file. ${err.message}`);
          }
          throw err2;
        }
      }
    }
    const r = await report.run();
    ctx.session.invalidate();
    ctx.pushState();
    const v = r.vaultReport;
    const added = report.what === "otp" ? (v?.addedOtp ?? 0) : (v?.addedKeys ?? 0);
    const updated = report.what === "otp" ? 0 : (v?.updatedKeys ?? 0);
    const unchanged = Math.max(0, report.count - added - updated);
    return { what: report.what, format: report.format, added, updated, unchanged, skipped: report.skipped, snapshot: r.snapshot.id };
  },
};
