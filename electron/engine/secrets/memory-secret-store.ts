import type { SecretStore } from "./secret-store.js";

/**
 * Secrets held only in this process's memory, gone when it exits. For `lifeboat demo`, whose
 * accounts live in emulators that stop with it: their sign-ins must not land in the user's real
 * keychain, and the demo must also run where no keychain exists (a fresh server, CI).
 */
export class MemorySecretStore implements SecretStore {
  readonly backend = "memory";
  private readonly map = new Map<string, string>();

  async get(account: string): Promise<string | null> {
    return this.map.get(account) ?? null;
  }

  async set(account: string, secret: string): Promise<void> {
    this.map.set(account, secret);
  }

  async delete(account: string): Promise<boolean> {
    return this.map.delete(account);
  }
}
