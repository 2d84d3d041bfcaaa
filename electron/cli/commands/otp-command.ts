import type { Command } from "commander";
import { UsageError } from "../../engine/errors.js";
import path from "node:path";
import type { OtpExportFormat } from "../../engine/vault/export/export-otp.js";
import { codeFor } from "../../engine/vault/otp/otp-codes.js";
import { readSecretFile } from "../passphrase.js";
import { backupWithVault } from "../../engine/vault/vault-service.js";
import { readVault } from "../../engine/vault/vault-store.js";
import type { CliContext } from "../cli-context.js";
import { otpLabel, otpMatches, otpView } from "../vault/vault-views.js";
import { registerOtpImport } from "./otp-import.js";

/** `--at` accepts an ISO time or Unix seconds. */
function parseAt(at: string | undefined): number {
  if (at === undefined) return Date.now();
  if (/^\d+$/.test(at)) return Number(at) * 1000;
  const t = Date.parse(at);
  if (!Number.isFinite(t)) throw new UsageError(`--at ${at} is not a time: use e.g. 2026-11-24T12:00:00Z or Unix seconds.`);
  return t;
}

export function registerOtp(program: Command, ctx: () => CliContext): void {
  const otp = program.command("otp").description("the OTP vault: authenticator accounts kept in the archive");
  registerOtpImport(otp, ctx);

  otp
    .command("list")
    .description("the authenticator accounts in the vault")
    .option("--show-secrets", "include each secret (Base32) in the output")
    .action(async (o: { showSecrets?: boolean }) => {
      const c = ctx();
      const archive = await c.open();
      try {
        const vault = await readVault(archive);
        c.result(
          vault.otp.map((e) => otpView(e, !!o.showSecrets)),
          () => (vault.otp.length === 0 ? "The vault has no authenticator accounts yet. Import an export with: lifeboat otp import FILE" : vault.otp.map((e) => `${otpLabel(e)}  ${e.type.toUpperCase()} ${e.algorithm} ${e.digits} digits${e.type === "hotp" ? `, counter ${e.counter}` : `, ${e.period} s`}${o.showSecrets ? `  ${e.secret}` : ""}`).join("\n")),
        );
      } finally {
        await archive.close();
      }
    });

  otp
    .command("export")
    .description("write the vault's authenticator accounts so any app can take them back: otpauth URIs, an Aegis vault, a QR code per account, or Google Authenticator transfer codes")
    .requiredOption("--format <format>", "uris, aegis, qr or google")
    .requiredOption("--out <path>", "a file (uris, aegis) or a folder (qr, google)")
    .option("--password-file <file>", "encrypt the Aegis vault with this password")
    .action(async (o: { format: string; out: string; passwordFile?: string }) => {
      const c = ctx();
      // Loaded here: QR and protobuf libraries are only needed by this command.
      const { exportOtp, OTP_EXPORT_FORMATS } = await import("../../engine/vault/export/export-otp.js");
      if (!(OTP_EXPORT_FORMATS as readonly string[]).includes(o.format)) throw new UsageError(`--format is one of ${OTP_EXPORT_FORMATS.join(", ")}.`);
      const password = o.passwordFile ? await readSecretFile(o.passwordFile, "export password") : undefined;
      const archive = await c.open();
      try {
        const vault = await readVault(archive);
        const r = await exportOtp(vault.otp, { format: o.format as OtpExportFormat, out: path.resolve(o.out), ...(password !== undefined ? { password } : {}) });
        c.result(r, () =>
          [`Wrote ${r.written.length} file(s):`, ...r.written.map((f) => `  ${f}`), ...(r.skipped.length ? [`Not exported (${r.skipped.length}):`, ...r.skipped.map((s) => `  ${s.name}: ${s.reason}`)] : []), "These files hold your second factors: keep them secret, delete them when done."].join("\n"),
        );
      } finally {
        await archive.close();
      }
    });

  otp
    .command("code [query]")
    .description("current codes (or at --at TIME) for the accounts matching QUERY; HOTP codes advance their counter")
    .option("--at <time>", "the time to compute TOTP codes for (ISO 8601 or Unix seconds)")
    .action(async (query: string | undefined, o: { at?: string }) => {
      const c = ctx();
      const at = parseAt(o.at);
      const archive = await c.open();
      try {
        const vault = await readVault(archive);
        const hits = vault.otp.filter((e) => otpMatches(e, query));
        if (hits.length === 0) throw new UsageError(query ? `No authenticator account matches "${query}". See \`lifeboat otp list\`.` : "The vault has no authenticator accounts yet.");
        const rows = hits.map((e) => ({ id: e.id, issuer: e.issuer, account: e.account, type: e.type, ...codeFor(e, at) }));
        // A HOTP code once shown may be used: its counter moves on in the vault, so the next
        // code shown is a fresh one (the server accepts a window of counters ahead).
        const counters = Object.fromEntries(hits.filter((e) => e.type === "hotp").map((e) => [e.id, e.counter + 1]));
        if (Object.keys(counters).length > 0 && o.at === undefined) await backupWithVault(archive, [], { extra: { counters } });
        c.result(rows, () =>
          rows
            .map((r) => {
              const left = r.validUntil !== undefined ? `  (${Math.max(0, Math.ceil((r.validUntil - at) / 1000))} s left)` : r.counter !== undefined ? `  (counter ${r.counter})` : "";
              return `${r.code}  ${otpLabel(r)}${left}`;
            })
            .join("\n"),
        );
      } finally {
        await archive.close();
      }
    });
}
