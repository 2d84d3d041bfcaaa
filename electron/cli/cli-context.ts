import path from "node:path";
import { ExitCode } from "../../shared/archive-types.js";
import { Archive, type Unlock } from "../engine/archive/archive.js";
import { LifeboatError, NeedsPassphraseError, UsageError } from "../engine/errors.js";
import { KeyringSecretStore } from "../engine/secrets/keyring-secret-store.js";
import type { SecretStore } from "../engine/secrets/secret-store.js";
import { SettingsStore } from "../engine/settings/settings-store.js";
import { canPrompt, promptSecret, readSecretFile } from "./passphrase.js";
import { ProgressReporter } from "./progress-bar.js";
import { archiveKeyAccount } from "../engine/secrets/archive-key-account.js";

export interface GlobalOptions {
  archive?: string;
  passphraseFile?: string;
  recoveryKeyFile?: string;
  remember?: boolean;
  json?: boolean;
  jsonEvents?: boolean;
  debug?: boolean;
  progress?: boolean;
}

const KEYCHAIN_TIMEOUT_MS = 5000;

/** What every command shares: where the archive is, how to unlock it, how to print. */
export class CliContext {
  readonly settings = new SettingsStore();
  private keychainInstance: SecretStore | null = null;

  constructor(readonly opts: GlobalOptions) {}

  get json(): boolean {
    return !!this.opts.json || !!this.opts.jsonEvents;
  }

  keychain(): SecretStore | null {
    if (process.env.LIFEBOAT_NO_KEYCHAIN === "1") return null;
    this.keychainInstance ??= new KeyringSecretStore();
    return this.keychainInstance;
  }

  /** --archive, LIFEBOAT_ARCHIVE, or the archive `init` configured. */
  async archivePath(): Promise<string> {
    const p = this.opts.archive ?? process.env.LIFEBOAT_ARCHIVE ?? (await this.settings.load()).defaultArchive;
    if (!p) throw new UsageError("Which archive? Give --archive DIR or set LIFEBOAT_ARCHIVE, or create one with `lifeboat init`.");
    return path.resolve(p);
  }

  private async keychainGet(account: string): Promise<string | null> {
    const kc = this.keychain();
    if (!kc) return null;
    // A keychain that is missing or locked must not stop a headless run: fall through to the next way.
    const timeout = new Promise<null>((resolve) => setTimeout(() => resolve(null), KEYCHAIN_TIMEOUT_MS).unref());
    return Promise.race([kc.get(account).catch(() => null), timeout]);
  }

  /** The passphrase given without a prompt: LIFEBOAT_PASSPHRASE, then --passphrase-file. */
  async passphrase(): Promise<string | null> {
    if (process.env.LIFEBOAT_PASSPHRASE) return process.env.LIFEBOAT_PASSPHRASE;
    if (this.opts.passphraseFile) return readSecretFile(this.opts.passphraseFile, "passphrase");
    return null;
  }

  async unlockWith(root: string): Promise<{ unlock: Unlock; via: string }> {
    if (this.opts.recoveryKeyFile) return { unlock: { recoveryKey: await readSecretFile(this.opts.recoveryKeyFile, "recovery key") }, via: "recovery key" };
    const given = await this.passphrase();
    if (given !== null) return { unlock: { passphrase: given }, via: "passphrase" };
    const marker = await Archive.readMarker(root);
    const remembered = await this.keychainGet(archiveKeyAccount(marker.recipient));
    if (remembered) return { unlock: { identity: remembered }, via: "keychain" };
    if (canPrompt()) return { unlock: { passphrase: await promptSecret(`Passphrase for ${root}:`) }, via: "prompt" };
    throw new NeedsPassphraseError(
      "The archive is locked and there is no terminal to ask for its passphrase. Set LIFEBOAT_PASSPHRASE, pass --passphrase-file FILE or --recovery-key-file FILE, or unlock once with --remember to keep the key in the OS keychain.",
    );
  }

  async open(): Promise<Archive> {
    const root = await this.archivePath();
    const { unlock } = await this.unlockWith(root);
    const archive = await Archive.open(root, unlock);
    if (this.opts.remember) await this.remember(archive);
    return archive;
  }

  async remember(archive: Archive): Promise<void> {
    const kc = this.keychain();
    if (!kc) throw new LifeboatError("The keychain is disabled (LIFEBOAT_NO_KEYCHAIN=1); --remember cannot store the key.");
    try {
      await kc.set(archiveKeyAccount(archive.secrets.recipient), archive.secrets.identity);
    } catch (err) {
      // SecretStoreUnavailableError already says what to do; it is the user's setup, not a bug.
      throw new LifeboatError((err as Error).message, ExitCode.failed, "keychain");
    }
    this.note("The archive key is now in the OS keychain; scheduled backups can unlock it without a passphrase.");
  }

  async forget(recipient: string): Promise<boolean> {
    const kc = this.keychain();
    return kc ? kc.delete(archiveKeyAccount(recipient)) : false;
  }

  progress(label: string): ProgressReporter {
    const mode = this.opts.jsonEvents ? "events" : this.opts.progress !== false && process.stderr.isTTY ? "bar" : "none";
    return new ProgressReporter(label, mode);
  }

  /** Human remarks: stderr, so stdout carries only results. */
  note(text: string): void {
    process.stderr.write(text + "\n");
  }

  /** Detail only shown with --debug (retries, waits). */
  debug(text: string): void {
    if (this.opts.debug) process.stderr.write(text + "\n");
  }

  /** The command's result: JSON on stdout with --json, else the human text on stdout. */
  result(value: unknown, human: string | (() => string)): void {
    if (this.opts.jsonEvents) process.stdout.write(JSON.stringify({ type: "result", result: value }) + "\n");
    else if (this.opts.json) process.stdout.write(JSON.stringify(value, null, 2) + "\n");
    else {
      const text = typeof human === "function" ? human() : human;
      if (text) process.stdout.write(text + (text.endsWith("\n") ? "" : "\n"));
    }
  }
}
