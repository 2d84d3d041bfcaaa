/**
 * MSAL's token cache kept in the OS keychain (through SecretStore), one entry per Lifeboat
 * account, never in a file.
 *
 * What is stored: MSAL's serialized cache without access tokens, i.e. the account, the id token,
 * the refresh token and app metadata. Access tokens live about an hour and are re-obtained with
 * the refresh token, so keeping them in this process's memory only costs one token request per
 * process start, and keeps the entry small (Windows' Credential Manager limits a secret to 2560
 * bytes; a work account's access token alone can be larger) and the secrets at rest few.
 *
 * MSAL treats the persisted cache as the truth: before every lookup it clears its memory and
 * loads what beforeCacheAccess deserialized. So the hook always deserializes the keychain entry
 * (picking up a refresh token another process rotated), with this process's access tokens added
 * back in.
 */
import type { ICachePlugin, TokenCacheContext } from "@azure/msal-node";
import type { SecretStore } from "../../../secrets/secret-store.js";

/** The keychain account name of a Lifeboat Microsoft account's token cache. */
export function tokenCacheEntryName(lifeboatAccountId: string): string {
  return `microsoft-token-cache:${lifeboatAccountId}`;
}

type CacheSection = Record<string, { home_account_id?: string }>;
interface SerializedCache {
  Account?: CacheSection;
  AccessToken?: CacheSection;
  [section: string]: unknown;
}

export class KeychainCachePlugin implements ICachePlugin {
  /** Access tokens of this process, by MSAL cache key; never persisted. */
  private memoryAccessTokens: CacheSection = {};
  /** The entry as last read or written, to skip writing the same thing again. */
  private lastPersisted: string | null = null;

  constructor(
    private readonly secrets: SecretStore,
    readonly entryName: string,
  ) {}

  async beforeCacheAccess(context: TokenCacheContext): Promise<void> {
    const stored = await this.secrets.get(this.entryName);
    this.lastPersisted = stored;
    if (stored === null) {
      this.memoryAccessTokens = {};
      return;
    }
    const cache = JSON.parse(stored) as SerializedCache;
    // Only tokens of accounts still in the keychain: a sign-out elsewhere takes them along.
    const accounts = new Set(Object.values(cache.Account ?? {}).map((a) => a.home_account_id));
    const kept: CacheSection = {};
    for (const [key, token] of Object.entries(this.memoryAccessTokens)) {
      if (accounts.has(token.home_account_id)) kept[key] = token;
    }
    this.memoryAccessTokens = kept;
    cache.AccessToken = { ...kept };
    context.tokenCache.deserialize(JSON.stringify(cache));
  }

  async afterCacheAccess(context: TokenCacheContext): Promise<void> {
    if (!context.cacheHasChanged) return;
    const full = JSON.parse(context.tokenCache.serialize()) as SerializedCache;
    this.memoryAccessTokens = { ...(full.AccessToken ?? {}) };
    full.AccessToken = {};
    const persisted = JSON.stringify(full);
    if (persisted === this.lastPersisted) return;
    await this.secrets.set(this.entryName, persisted);
    this.lastPersisted = persisted;
  }

  /** Removes the entry and this process's access tokens (sign-out). */
  async clear(): Promise<void> {
    this.memoryAccessTokens = {};
    this.lastPersisted = null;
    await this.secrets.delete(this.entryName);
  }
}
