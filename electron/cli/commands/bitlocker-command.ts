import type { Command } from "commander";
import { promises as fsp } from "node:fs";
import path from "node:path";
import { LifeboatError, UsageError } from "../../engine/errors.js";
import { findKeys } from "../../engine/vault/bitlocker/find-keys.js";
import { importBitLockerKeys } from "../../engine/vault/bitlocker/import-bitlocker-file.js";
import { backupWithVault } from "../../engine/vault/vault-service.js";
import { readVault } from "../../engine/vault/vault-store.js";
import type { VaultBitLocker } from "../../engine/vault/vault-data.js";
import type { BitLockerKey } from "../../../shared/vault-types.js";
import type { CliContext } from "../cli-context.js";
import { bitlockerView } from "../vault/vault-views.js";

/** Key ids as the recovery screen shows them: compare without braces, dashes and case. */
function bare(id: string): string {
  return id.replace(/[{}\s-]/g, "").toUpperCase();
}

function line(k: VaultBitLocker, show: boolean): string {
  const where = [k.device, k.volume, k.volumeType && k.volumeType !== "unknown" ? k.volumeType : undefined].filter(Boolean).join(", ");
  return `${k.keyId}${where ? `  (${where})` : ""}${show ? `\n    ${k.recoveryPassword}` : ""}`;
}

/** Saves keys into the vault (a new snapshot); answers how many were new or completed. */
async function storeInVault(c: CliContext, keys: BitLockerKey[]): Promise<number> {
  if (keys.length === 0) return 0;
  const archive = await c.open();
  try {
    const r = await backupWithVault(archive, [], { extra: { bitlocker: keys } });
    return (r.vaultReport?.addedKeys ?? 0) + (r.vaultReport?.updatedKeys ?? 0);
  } finally {
    await archive.close();
  }
}

export function registerBitLocker(program: Command, ctx: () => CliContext): void {
  const bl = program.command("bitlocker").description("BitLocker recovery keys kept in the vault");

  bl.command("import <file>")
    .description("import recovery keys: the .TXT Windows saves, manage-bde or Get-BitLockerVolume output, Graph JSON, or text copied from account.microsoft.com")
    .option("--dry-run", "show what would be imported; change nothing")
    .option("--show-secrets", "include the recovery passwords in the output")
    .action(async (file: string, o: { dryRun?: boolean; showSecrets?: boolean }) => {
      const c = ctx();
      const abs = path.resolve(file);
      const bytes = await fsp.readFile(abs).catch((err: NodeJS.ErrnoException) => {
        throw new LifeboatError(`Cannot read ${abs}: ${err.code === "ENOENT" ? "no such file" : err.message}.`, 2, "usage");
      });
      const result = importBitLockerKeys(bytes, path.basename(abs));
      const added = o.dryRun ? 0 : await storeInVault(c, result.keys);
      c.result(
        { format: result.format, dryRun: !!o.dryRun, keys: result.keys.map((k) => bitlockerView(k, !!o.showSecrets)), skipped: result.skipped, added },
        () =>
          [
            `Read ${result.keys.length} recovery key(s) from ${path.basename(abs)} (${result.format}).`,
            ...result.keys.map((k) => `  ${line({ ...k, added: "" }, !!o.showSecrets)}`),
            ...(result.skipped.length ? [`Skipped ${result.skipped.length}:`, ...result.skipped.map((s) => `  ${s.name}: ${s.reason}`)] : []),
            o.dryRun ? "Dry run: nothing was added to the vault." : `Added or completed ${added} in the vault.`,
          ].join("\n"),
      );
    });

  bl.command("read-this-pc")
    .description("Windows: read this computer's BitLocker recovery keys (asks for administrator rights) and keep them in the vault")
    .option("--yes", "you agree: Windows will ask for administrator rights, and the keys are stored in the archive")
    .option("--dry-run", "show what was read; change nothing")
    .action(async (o: { yes?: boolean; dryRun?: boolean }) => {
      const c = ctx();
      if (!o.yes) throw new UsageError("Reading this computer's BitLocker keys needs administrator rights (Windows will ask). Run again with --yes to agree.");
      const { readLocalBitLockerKeys } = await import("../../engine/vault/bitlocker/windows-key-reader.js");
      const result = await readLocalBitLockerKeys({ consent: true });
      const added = o.dryRun ? 0 : await storeInVault(c, result.keys);
      c.result({ keys: result.keys.map((k) => bitlockerView(k, false)), skipped: result.skipped, added }, `Read ${result.keys.length} recovery key(s) from this computer; ${o.dryRun ? "dry run, nothing stored" : `${added} added to the vault`}.`);
    });

  bl.command("list")
    .description("the recovery keys in the vault")
    .option("--show-secrets", "include the recovery passwords")
    .action(async (o: { showSecrets?: boolean }) => {
      const c = ctx();
      const archive = await c.open();
      try {
        const keys = (await readVault(archive)).bitlocker;
        c.result(keys.map((k) => bitlockerView(k, !!o.showSecrets)), () => (keys.length ? keys.map((k) => line(k, !!o.showSecrets)).join("\n") : "The vault has no BitLocker recovery keys yet."));
      } finally {
        await archive.close();
      }
    });

  bl.command("find <keyid>")
    .description("the recovery key whose id starts with KEYID (the first 8 characters the recovery screen shows), or whose device matches")
    .action(async (query: string) => {
      const c = ctx();
      const q = bare(query);
      if (q.length < 4) throw new UsageError("Give at least the first 4 characters of the key id the recovery screen shows.");
      const archive = await c.open();
      try {
        const keys = (await readVault(archive)).bitlocker;
        const hits = findKeys(keys, query);
        if (hits.length === 0) throw new LifeboatError(`No recovery key in the vault has an id starting with ${query}. See \`lifeboat bitlocker list\`.`, 1, "not-found");
        // Finding a key is asking for it: the recovery password is shown.
        c.result(hits.map((k) => bitlockerView(k, true)), () => hits.map((k) => line(k, true)).join("\n"));
      } finally {
        await archive.close();
      }
    });
}
