import type { Command } from "commander";
import path from "node:path";
import { identityFromRecoveryKey } from "../../engine/archive/archive-keys.js";
import { LifeboatError } from "../../engine/errors.js";
import { readVault } from "../../engine/vault/vault-store.js";
import type { CliContext } from "../cli-context.js";
import { canPrompt, promptSecret, readSecretFile } from "../passphrase.js";

export function registerKit(program: Command, ctx: () => CliContext): void {
  program
    .command("kit")
    .description("write the printable emergency kit: the recovery key, every BitLocker key and a QR code per OTP account (a SECRET document)")
    .requiredOption("--out <file.pdf>", "where to write the PDF")
    .action(async (o: { out: string }) => {
      const c = ctx();
      // Lifeboat never keeps the recovery key, so the kit asks for it, and checks it opens this
      // archive before printing it: a kit with a wrong key would fail on the worst day.
      const recoveryKey = c.opts.recoveryKeyFile
        ? await readSecretFile(c.opts.recoveryKeyFile, "recovery key")
        : canPrompt()
          ? await promptSecret("Recovery key (AGE-SECRET-KEY-1…), to print in the kit:")
          : null;
      if (!recoveryKey) throw new LifeboatError("The kit prints the archive's recovery key, which Lifeboat does not keep: give it with --recovery-key-file FILE.", 4, "needs-passphrase");
      const archive = await c.open();
      try {
        const identity = await identityFromRecoveryKey(archive.layout, recoveryKey);
        if (identity !== archive.secrets.identity) throw new LifeboatError("That recovery key belongs to another archive.", 4, "needs-passphrase");
        const vault = await readVault(archive);
        // Loaded here: the PDF library is large and only this command needs it.
        const { writeEmergencyKit } = await import("../../engine/vault/kit/emergency-kit.js");
        const r = await writeEmergencyKit({ out: path.resolve(o.out), recoveryKey, archivePath: archive.layout.root, vault, createdAt: new Date() });
        c.result(r, `Wrote the emergency kit to ${r.path}: ${r.pages} page(s), ${r.bitlockerKeys} BitLocker key(s), ${r.otpAccounts} OTP account(s). It is a SECRET document: print it, store it like cash, and delete the file.`);
      } finally {
        await archive.close();
      }
    });
}
