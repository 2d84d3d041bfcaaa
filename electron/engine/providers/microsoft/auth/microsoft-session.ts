/**
 * One Lifeboat Microsoft account's connection to MSAL: the keychain cache entry, the network
 * client and a public client for a given authority. Sign-in and token requests share it.
 */
import type { PublicClientApplication } from "@azure/msal-node";
import type { MicrosoftAccountSettings } from "../../../../../shared/microsoft-account.js";
import type { SecretStore } from "../../../secrets/secret-store.js";
import { KeychainCachePlugin, tokenCacheEntryName } from "./keychain-cache-plugin.js";
import { createMsalClient } from "./msal-client-factory.js";
import { translateMsalError } from "./msal-error-translation.js";
import type { TranslationContext } from "./msal-error-translation.js";
import { AgentNetworkClient } from "./msal-network-client.js";

export interface MicrosoftAuthDeps {
  /** The OS keychain (KeyringSecretStore); the token cache lives there. */
  secrets: SecretStore;
  /** MSAL log lines without personal data. */
  log?: (line: string) => void;
}

export class MicrosoftSession {
  readonly cachePlugin: KeychainCachePlugin;
  readonly network = new AgentNetworkClient();
  /** One client per authority, so access tokens stay in its memory between requests. */
  private readonly clients = new Map<string, PublicClientApplication>();

  constructor(
    readonly settings: MicrosoftAccountSettings,
    private readonly deps: MicrosoftAuthDeps,
  ) {
    this.cachePlugin = new KeychainCachePlugin(deps.secrets, tokenCacheEntryName(settings.id));
  }

  /** The public client for `authority`; forgets the previous operation's network failure. */
  client(authority: string): PublicClientApplication {
    this.network.lastFailure = undefined;
    this.network.lastErrorAnswer = undefined;
    let pca = this.clients.get(authority);
    if (!pca) {
      pca = createMsalClient({ clientId: this.settings.clientId, authority, cachePlugin: this.cachePlugin, networkClient: this.network, log: this.deps.log });
      this.clients.set(authority, pca);
    }
    return pca;
  }

  translate(error: unknown, ctx: Omit<TranslationContext, "clientId" | "transportFailure" | "username">): Error {
    return translateMsalError(error, {
      ...ctx,
      clientId: this.settings.clientId,
      username: this.settings.username,
      transportFailure: this.network.lastFailure,
    });
  }
}
