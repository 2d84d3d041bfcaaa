/**
 * SecretStore over the OS keychain, through @napi-rs/keyring (a napi binding of keyring-rs).
 *
 * Backends: macOS Keychain, Windows Credential Manager, and on Linux the freedesktop Secret
 * Service over D-Bus (GNOME Keyring, KWallet, KeePassXC, ...).
 *
 * Linux backend, as found in @napi-rs/keyring 2.1.2 (index.d.ts `LinuxEntryOptions`, README
 * "Linux backend selection", and the crates linked into the .node binary: keyring-core with
 * dbus-secret-service-keyring-store 1.0.1 and linux-keyutils-keyring-store 1.0.0):
 *   - By default an Entry tries the Secret Service first and SILENTLY falls back to the kernel
 *     keyutils keyring when no Secret Service is reachable. That fallback is in kernel memory only
 *     (lost on reboot / logout) and, worse, hides the failure: without a D-Bus session a `get`
 *     just resolves null and a `set` "succeeds" into a store that will be gone tomorrow.
 *   - Passing `{ linux: { store: "secret-service" } }` as the last constructor argument pins the
 *     entry to the Secret Service. Then no fallback happens: the constructor throws
 *     ("Platform failure: DBus error: ...") when the session bus cannot be reached. We always pin.
 *   - Items are written to the Secret Service's "default" collection with the attributes
 *     `service` and `username` (label "keyring:<username>@<service>"), so
 *     `secret-tool lookup service <service> username <account>` finds them.
 * The option is accepted and ignored on other platforms.
 *
 * Secrets pass straight from memory to the keychain API; this module writes nothing to disk and
 * never puts a secret into an error message.
 */
import { AsyncEntry } from "@napi-rs/keyring";
import type { EntryOptions } from "@napi-rs/keyring";
import { SecretStoreUnavailableError } from "./secret-store.js";
import type { SecretStore } from "./secret-store.js";

export const DEFAULT_SERVICE = "lifeboat";

export interface KeyringSecretStoreOptions {
  /** Keychain service name the accounts live under; "lifeboat" unless a test needs its own. */
  service?: string;
}

const ENTRY_OPTIONS: EntryOptions = { linux: { store: "secret-service" } };

function backendName(platform: NodeJS.Platform): string {
  switch (platform) {
    case "linux":
      return "secret-service";
    case "darwin":
      return "macos-keychain";
    case "win32":
      return "windows-credential-manager";
    default:
      return `keyring-${platform}`;
  }
}

// keyring-rs error texts (Display of keyring_core::Error and of the Secret Service store's errors).
// PlatformFailure / NoStorageAccess / NoDefaultStore mean "the keychain itself is not usable":
// no D-Bus session, no Secret Service provider, a locked collection whose unlock prompt was
// dismissed (always the case headless), no default collection, a locked macOS keychain.
const UNAVAILABLE_PATTERNS: readonly RegExp[] = [
  /^Platform failure\b/i,
  /^Couldn't access platform storage\b/i,
  /No default store has been set/i,
  /No DBus session or Secret Service provider found/i,
  /\bD-?Bus error\b/i,
  /Secret Service: (object locked|unlock prompt was dismissed|no result found)/i,
];
const NO_ENTRY_PATTERN = /No matching (entry|credential) found/i;

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

export function isKeychainUnavailableMessage(message: string): boolean {
  return UNAVAILABLE_PATTERNS.some((pattern) => pattern.test(message));
}

export class KeyringSecretStore implements SecretStore {
  readonly backend: string;
  readonly service: string;

  constructor(options: KeyringSecretStoreOptions = {}) {
    this.service = options.service ?? DEFAULT_SERVICE;
    if (this.service === "") throw new TypeError("KeyringSecretStore: service must not be empty");
    this.backend = backendName(process.platform);
  }

  async get(account: string): Promise<string | null> {
    try {
      return await this.entry(account).getPassword();
    } catch (error) {
      if (NO_ENTRY_PATTERN.test(messageOf(error))) return null;
      throw this.translate("read", account, error);
    }
  }

  async set(account: string, secret: string): Promise<void> {
    if (typeof secret !== "string") throw new TypeError("KeyringSecretStore.set: secret must be a string");
    try {
      await this.entry(account).setPassword(secret);
    } catch (error) {
      throw this.translate("write", account, error);
    }
  }

  async delete(account: string): Promise<boolean> {
    try {
      return await this.entry(account).deleteCredential();
    } catch (error) {
      if (NO_ENTRY_PATTERN.test(messageOf(error))) return false;
      throw this.translate("delete", account, error);
    }
  }

  /** A fresh entry per call: with the Secret Service pin, constructing one connects to D-Bus and can throw. */
  private entry(account: string): AsyncEntry {
    if (typeof account !== "string" || account === "") {
      throw new TypeError("KeyringSecretStore: account must be a non-empty string");
    }
    return new AsyncEntry(this.service, account, ENTRY_OPTIONS);
  }

  private translate(operation: string, account: string, error: unknown): Error {
    if (error instanceof TypeError || error instanceof SecretStoreUnavailableError) return error;
    const message = messageOf(error);
    if (isKeychainUnavailableMessage(message)) {
      return new SecretStoreUnavailableError(message, { cause: error });
    }
    return new Error(`Keychain ${operation} failed for ${this.service}/${account}: ${message}`, { cause: error });
  }
}

const PROBE_ACCOUNT = "lifeboat-keychain-probe";

/**
 * Checks that the keychain can really store and return a secret: writes a random value under a
 * fixed probe account, reads it back and removes it. A read alone is not enough: with the Secret
 * Service running but no default collection, reads succeed (null) and only writes fail.
 */
export async function probeKeychain(store: SecretStore): Promise<{ ok: true } | { ok: false; reason: string }> {
  const value = `probe-${Date.now().toString(36)}-${Math.random().toString(36).slice(2)}`;
  try {
    await store.set(PROBE_ACCOUNT, value);
    const readBack = await store.get(PROBE_ACCOUNT);
    await store.delete(PROBE_ACCOUNT);
    if (readBack !== value) {
      return { ok: false, reason: `the ${store.backend} keychain did not return the value just stored in it` };
    }
    return { ok: true };
  } catch (error) {
    return { ok: false, reason: messageOf(error) };
  }
}
