/**
 * Builds the MSAL public client for one Lifeboat Microsoft account: its client id and authority,
 * the keychain cache, and the shared HTTPS agent.
 *
 * knownAuthorities lists the authority's own host: MSAL then builds the cloud metadata from that
 * host instead of asking login.microsoftonline.com's instance discovery, so a national cloud or
 * the emulator never causes a call to the public cloud. The OpenID configuration is still read
 * from the authority itself ({authority}/v2.0/.well-known/openid-configuration), except for the
 * public cloud hosts MSAL has built in.
 */
import { LogLevel, PublicClientApplication } from "@azure/msal-node";
import type { Configuration } from "@azure/msal-node";
import { authorityHost } from "./account-authority.js";
import type { KeychainCachePlugin } from "./keychain-cache-plugin.js";
import type { AgentNetworkClient } from "./msal-network-client.js";

export interface MsalClientOptions {
  clientId: string;
  authority: string;
  cachePlugin: KeychainCachePlugin;
  networkClient: AgentNetworkClient;
  /** MSAL's own log lines (never with personal data), e.g. for --debug. */
  log?: (line: string) => void;
}

export function createMsalClient(opts: MsalClientOptions): PublicClientApplication {
  const config: Configuration = {
    auth: {
      clientId: opts.clientId,
      authority: opts.authority,
      knownAuthorities: [authorityHost(opts.authority)],
    },
    cache: { cachePlugin: opts.cachePlugin },
    system: {
      networkClient: opts.networkClient,
      loggerOptions: {
        piiLoggingEnabled: false,
        logLevel: opts.log ? LogLevel.Info : LogLevel.Error,
        loggerCallback: (_level, message, containsPii) => {
          if (!containsPii) opts.log?.(message);
        },
      },
    },
  };
  return new PublicClientApplication(config);
}
