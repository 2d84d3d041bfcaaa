import { type Command, Option } from "commander";
import path from "node:path";
import { Archive } from "../../engine/archive/archive.js";
import { DEFAULT_SCRYPT_LOG_N } from "../../engine/archive/archive-keys.js";
import { ExitCode } from "../../../shared/archive-types.js";
import { LifeboatError, NeedsPassphraseError, UsageError } from "../../engine/errors.js";
import { defaultArchiveDir } from "../../engine/settings/app-home.js";
import type { CliContext } from "../cli-context.js";
import { canPrompt, passphraseStrength, promptSecret } from "../passphrase.js";

export function registerInit(program: Command, ctx: () => CliContext): void {
  program
    .command("init")
    .description("create a new encrypted archive and print its recovery key (once)")
    .option("--scrypt-work-factor <n>", "scrypt work factor (log2 N) protecting the key under the passphrase, 10-20", String(DEFAULT_SCRYPT_LOG_N))
    // Hidden: tests and benchmarks use small packs to get many pack files out of little data.
    .addOption(new Option("--pack-size-mib <n>", "target size of pack files in MiB").hideHelp())
    .action(async (o: { scryptWorkFactor: string; packSizeMib?: string }) => {
      const c = ctx();
      const root = path.resolve(c.opts.archive ?? process.env.LIFEBOAT_ARCHIVE ?? defaultArchiveDir());
      const logN = Number(o.scryptWorkFactor);
      if (!Number.isInteger(logN) || logN < 10 || logN > 20) throw new UsageError("--scrypt-work-factor must be an integer from 10 to 20.");
      const packTarget = o.packSizeMib === undefined ? undefined : Math.round(Number(o.packSizeMib) * 1024 * 1024);
      if (packTarget !== undefined && !(packTarget >= 4096 && packTarget <= 1 << 30)) throw new UsageError("--pack-size-mib must be between 0.004 and 1024.");
      let passphrase = await c.passphrase();
      if (passphrase === null) {
        if (!canPrompt()) throw new NeedsPassphraseError("A new archive needs a passphrase: set LIFEBOAT_PASSPHRASE or pass --passphrase-file FILE (no terminal to ask on).");
        for (;;) {
          passphrase = await promptSecret("Choose a passphrase for the archive:");
          const s = passphraseStrength(passphrase);
          c.note(`Strength: ${s.verdict} (~${s.bits} bits).${s.verdict === "weak" ? " A longer passphrase (several random words) is much safer." : ""}`);
          if ((await promptSecret("Type it again:")) === passphrase) break;
          c.note("The two did not match; try again.");
        }
      }
      if (!passphrase) throw new UsageError("The passphrase must not be empty.");
      if (c.opts.remember && !c.keychain()) throw new LifeboatError("The keychain is disabled (LIFEBOAT_NO_KEYCHAIN=1); --remember cannot store the key. Nothing was created.");
      const { archive, recoveryKey } = await Archive.init(root, passphrase, { scryptLogN: logN, packTarget });
      await c.settings.update((s) => {
        s.defaultArchive = root;
        s.archives[root] ??= { sources: [] };
      });
      // The archive exists now: whatever happens with the keychain, the recovery key must be shown.
      let rememberError: string | null = null;
      if (c.opts.remember) await c.remember(archive).catch((err: unknown) => void (rememberError = (err as Error).message));
      const remembered = c.opts.remember ? { remembered: rememberError === null } : {};
      c.result({ archive: root, recoveryKey, recipient: archive.secrets.recipient, format: archive.marker.version, ...remembered }, () =>
        [
          `Created a Lifeboat archive in ${root}`,
          "",
          "Your RECOVERY KEY (shown only now; print it or write it down and keep it safe, away from this computer):",
          "",
          `    ${recoveryKey}`,
          "",
          "With it you can open the archive if you forget the passphrase, even without Lifeboat:",
          "  save it in a file and run  age -d -i THAT_FILE keys/recovery-*.age  (see README-RESTORE.txt).",
          "",
          `Next: lifeboat add folder PATH, then lifeboat backup.`,
        ].join("\n"),
      );
      if (rememberError !== null) {
        c.note(`warning: the archive was created, but its key could not be kept in the OS keychain: ${rememberError} Run a later command with --remember to try again.`);
        process.exitCode = ExitCode.partial;
      }
    });
}
