/** The state one emulated identity platform shares between its endpoints. */
import type { EmulatedAccount, EmulatorClock } from "../emulator-contract.js";
import type { AuthorizationCodes } from "./authorization-codes.js";
import type { ConsentRegistry } from "./consent-registry.js";
import type { DeviceCodes } from "./device-codes.js";
import type { JwtSigner } from "./jwt-signer.js";
import type { SignInFlows } from "./sign-in-flows.js";
import type { TenantDirectory } from "./tenant-directory.js";
import type { TokenIssuer } from "./token-issuer.js";

export interface TokenRequestRecord {
  grantType: string;
  clientId: string;
  /** The `{tenant}` segment of the token URL. */
  tenant: string;
  /** The account the request was about, when known. */
  address?: string;
  /** "ok", or the `error` answered (e.g. "invalid_grant", "authorization_pending"). */
  outcome: string;
  at: number;
}

export interface IdentityContext {
  baseUrl: string;
  clock: EmulatorClock;
  /** By lower-case address. Mutable: changePassword replaces entries. */
  accounts: Map<string, EmulatedAccount>;
  /** Registered public clients: lower-case client id → display name. */
  clients: Map<string, string>;
  tenants: TenantDirectory;
  consents: ConsentRegistry;
  issuer: TokenIssuer;
  codes: AuthorizationCodes;
  devices: DeviceCodes;
  flows: SignInFlows;
  signer: JwtSigner;
  /** Host of the Graph service the discovery document names (msgraph_host). */
  graphHost: string;
  graphUrl: string;
  tokenLog: TokenRequestRecord[];
}

export function appNameOf(ctx: IdentityContext, clientId: string): string | undefined {
  return ctx.clients.get(clientId.toLowerCase());
}
