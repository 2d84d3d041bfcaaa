/**
 * Access tokens for a signed-in Microsoft account, for backups: MSAL's silent flow against the
 * keychain cache (a cached access token, else a refresh — which rotates the refresh token — at
 * the account's home authority). When Microsoft no longer accepts the sign-in, the answer is a
 * SignInRequiredError (code "needs-sign-in", exit 4) that says what to do.
 */
import type { MicrosoftAccountSettings } from "../../../../../shared/microsoft-account.js";
import { refreshAuthority } from "./account-authority.js";
import { MicrosoftSession } from "./microsoft-session.js";
import type { MicrosoftAuthDeps } from "./microsoft-session.js";
import { SignInRequiredError, signInAgainAdvice } from "./sign-in-errors.js";

export interface AccessToken {
  token: string;
  /** When Microsoft said it expires. */
  expiresOn: Date | null;
  scopes: string[];
}

export interface GetAccessTokenOptions {
  /** Skip the cached access token, e.g. after Graph answered 401 for it. */
  forceRefresh?: boolean;
}

export class MicrosoftTokenProvider {
  private readonly session: MicrosoftSession;

  constructor(
    readonly settings: MicrosoftAccountSettings,
    deps: MicrosoftAuthDeps,
  ) {
    this.session = new MicrosoftSession(settings, deps);
  }

  /** The authority silent refreshes go to (consumers or the tenant id, once known). */
  get authority(): string {
    return refreshAuthority(this.settings);
  }

  /**
   * Access tokens this provider already holds, by scope set. MSAL's silent call goes through the
   * cache plugin, i.e. a keychain read over D-Bus (~9 ms), on every call; a backup asks for a token
   * per Graph request, so the token is kept here until shortly before it expires.
   */
  private readonly held = new Map<string, AccessToken>();

  async getAccessToken(scopes: readonly string[] = this.settings.scopes, opts: GetAccessTokenOptions = {}): Promise<AccessToken> {
    const key = [...scopes].sort().join(" ");
    const have = this.held.get(key);
    if (have && !opts.forceRefresh && have.expiresOn && have.expiresOn.getTime() - Date.now() > 5 * 60_000) return have;
    const fresh = await this.acquire(scopes, opts);
    this.held.set(key, fresh);
    return fresh;
  }

  private async acquire(scopes: readonly string[], opts: GetAccessTokenOptions): Promise<AccessToken> {
    const { homeAccountId } = this.settings;
    const who = this.settings.username ? `The Microsoft account ${this.settings.username}` : "This Microsoft account";
    if (!homeAccountId) {
      throw new SignInRequiredError(`${who} has not been signed in yet. ${signInAgainAdvice()}`, "not-signed-in");
    }
    const authority = this.authority;
    const pca = this.session.client(authority);
    try {
      const account = await pca.getTokenCache().getAccountByHomeId(homeAccountId);
      if (!account) {
        throw new SignInRequiredError(`${who} needs to be signed in again: there is no saved sign-in for it in the OS keychain. ${signInAgainAdvice()}`, "not-signed-in");
      }
      const result = await pca.acquireTokenSilent({ account, scopes: [...scopes], forceRefresh: opts.forceRefresh ?? false });
      return { token: result.accessToken, expiresOn: result.expiresOn, scopes: result.scopes };
    } catch (error) {
      throw this.session.translate(error, { action: "refresh", authority });
    }
  }

  /** For GraphClientOptions.getToken: the account's backup scopes, fresh when Graph rejected the last one. */
  graphTokenGetter(scopes: readonly string[] = this.settings.scopes): (force: boolean) => Promise<string> {
    return async (force) => (await this.getAccessToken(scopes, { forceRefresh: force })).token;
  }

  /** Forgets the account: removed from MSAL's cache and the keychain entry deleted. */
  async signOut(): Promise<void> {
    const pca = this.session.client(this.authority);
    try {
      const { homeAccountId } = this.settings;
      const account = homeAccountId ? await pca.getTokenCache().getAccountByHomeId(homeAccountId) : null;
      if (account) await pca.signOut({ account });
    } catch (error) {
      throw this.session.translate(error, { action: "refresh", authority: this.authority });
    } finally {
      await this.session.cachePlugin.clear();
    }
  }
}
