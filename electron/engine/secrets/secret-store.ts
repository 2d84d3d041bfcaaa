/**
 * The OS keychain, behind one small interface.
 *
 * A SecretStore keeps short secrets (the archive passphrase, OAuth refresh tokens) in the platform's
 * credential store, keyed by an account name within the store's service. Implementations never
 * write a secret to disk themselves: the keychain owns persistence and encryption at rest.
 */
export interface SecretStore {
  /** Which credential store is behind this instance, e.g. "secret-service" on Linux. */
  readonly backend: string;
  /** The secret stored for `account`, or null if there is none. */
  get(account: string): Promise<string | null>;
  /** Stores `secret` for `account`, replacing any previous value. */
  set(account: string, secret: string): Promise<void>;
  /** Removes the secret for `account`; true if one was removed, false if there was none. */
  delete(account: string): Promise<boolean>;
}

const FALLBACK_ADVICE = "or give the passphrase with LIFEBOAT_PASSPHRASE or --passphrase-file";

/** What the user can do when the keychain of `platform` cannot be used. */
export function keychainAdvice(platform: NodeJS.Platform = process.platform): string {
  switch (platform) {
    case "linux":
    case "freebsd":
      return (
        "no Secret Service (GNOME Keyring / KWallet) is running on D-Bus, or its default keyring is locked; " +
        `start and unlock one, ${FALLBACK_ADVICE}`
      );
    case "darwin":
      return `the macOS Keychain is locked or not accessible; unlock your login keychain, ${FALLBACK_ADVICE}`;
    case "win32":
      return `the Windows Credential Manager is not accessible; sign in to an interactive session, ${FALLBACK_ADVICE}`;
    default:
      return `no OS keychain is available on ${platform}; ${FALLBACK_ADVICE}`;
  }
}

/**
 * The keychain cannot be reached or is locked. The message says what to do about it; `detail`
 * keeps the backend's own words for logs.
 */
export class SecretStoreUnavailableError extends Error {
  override readonly name = "SecretStoreUnavailableError";
  readonly detail: string | undefined;

  constructor(detail?: string, options?: { cause?: unknown; platform?: NodeJS.Platform }) {
    const advice = keychainAdvice(options?.platform);
    super(
      `The OS keychain is unavailable: ${advice}.` + (detail ? ` (${detail})` : ""),
      options?.cause === undefined ? undefined : { cause: options.cause },
    );
    this.detail = detail;
  }
}
