import type { Command } from "commander";
import { Archive } from "../../engine/archive/archive.js";
import { changePassphrase } from "../../engine/archive/archive-keys.js";
import { ArchiveLock } from "../../engine/archive/archive-lock.js";
import { NeedsPassphraseError, UsageError } from "../../engine/errors.js";
import type { CliContext } from "../cli-context.js";
import { canPrompt, passphraseStrength, promptSecret, readSecretFile } from "../passphrase.js";

export function registerPasswd(program: Command, ctx: () => CliContext): void {
  program
    .command("passwd")
    .description("change the passphrase (data is not re-encrypted)")
    .option("--new-passphrase-file <file>", "read the new passphrase from FILE (else LIFEBOAT_NEW_PASSPHRASE or a prompt)")
    .action(async (o: { newPassphraseFile?: string }) => {
      const c = ctx();
      const root = await c.archivePath();
      // Unlock first (old passphrase, recovery key or keychain), then ask for the new one.
      const { unlock } = await c.unlockWith(root);
      const identity = await Archive.identityFor(root, unlock);
      let next = o.newPassphraseFile ? await readSecretFile(o.newPassphraseFile, "new passphrase") : (process.env.LIFEBOAT_NEW_PASSPHRASE ?? null);
      if (next === null) {
        if (!canPrompt()) throw new NeedsPassphraseError("Give the new passphrase with --new-passphrase-file FILE or LIFEBOAT_NEW_PASSPHRASE (no terminal to ask on).");
        next = await promptSecret("New passphrase:");
        c.note(`Strength: ${passphraseStrength(next).verdict}.`);
        if ((await promptSecret("Type it again:")) !== next) throw new UsageError("The two passphrases did not match; nothing was changed.");
      }
      if (!next) throw new UsageError("The passphrase must not be empty.");
      const archive = await Archive.open(root, { identity });
      const lock = await ArchiveLock.writer(archive.layout, "passwd");
      try {
        await changePassphrase(archive.layout, identity, next);
      } finally {
        await lock.release();
      }
      c.result({ changed: true }, "Passphrase changed. Your recovery key still works; no data was re-encrypted.");
    });

  program
    .command("forget-key")
    .description("remove the archive key remembered in the OS keychain (--remember)")
    .action(async () => {
      const c = ctx();
      const marker = await Archive.readMarker(await c.archivePath());
      const removed = await c.forget(marker.recipient);
      c.result({ removed }, removed ? "The archive key was removed from the keychain." : "No key for this archive was in the keychain.");
    });
}
