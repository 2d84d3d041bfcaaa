/**
 * An emulated Microsoft identity platform (login.microsoftonline.com, v2.0 endpoints) over HTTPS,
 * for the tests and the demo. Lifeboat's real MSAL sign-in runs against it unchanged: only the
 * authority URL differs. What it serves (see the modules next to this one for the rules):
 *
 *   GET  /{tenant}/v2.0/.well-known/openid-configuration   discovery, per tenant segment
 *   GET  /{tenant}/discovery/v2.0/keys                     JWKS
 *   GET  /common/discovery/instance                        instance discovery
 *   GET  /{tenant}/oauth2/v2.0/authorize                   sign-in page → consent → form_post/redirect
 *   POST /{tenant}/oauth2/v2.0/token                       authorization_code, refresh_token, device_code
 *   POST /{tenant}/oauth2/v2.0/devicecode                  device authorization
 *   GET  /devicelogin                                      "Enter code" page
 *   GET  /{tenant}/oauth2/v2.0/logout                      signed-out page
 *
 * The Graph emulator checks bearer tokens with `verifier`. Control methods let tests do what
 * happens to real accounts: a password change, 90 days of inactivity, expired access tokens.
 */
import https from "node:https";
import type { IncomingMessage, ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { DEFAULT_MICROSOFT_CLIENT_ID } from "../../../../shared/microsoft-account.js";
import { CONSUMERS_TENANT_ID, systemClock } from "../emulator-contract.js";
import type { AccessTokenVerifier, EmulatedAccount, EmulatorClock } from "../emulator-contract.js";
import { AadError, Aadsts } from "./aad-error.js";
import { handleAuthorize } from "./authorize-endpoint.js";
import { AuthorizationCodes } from "./authorization-codes.js";
import { ConsentRegistry } from "./consent-registry.js";
import { DEVICE_LOGIN_PATH, handleDeviceCodeRequest, handleDeviceLogin, showDeviceLogin } from "./device-endpoints.js";
import { DeviceCodes } from "./device-codes.js";
import { signedOutPage } from "./html-pages.js";
import { sendHtml, sendJson } from "./http-exchange.js";
import type { IdentityContext, TokenRequestRecord } from "./identity-context.js";
import { JwtSigner } from "./jwt-signer.js";
import { instanceDiscovery, openIdConfiguration } from "./openid-configuration.js";
import { SignInFlows } from "./sign-in-flows.js";
import { handleDecision, handleLogin, showErrorPage } from "./sign-in-steps.js";
import { TenantDirectory } from "./tenant-directory.js";
import { TokenIssuer } from "./token-issuer.js";
import { handleToken } from "./token-endpoint.js";

export type { TokenRequestRecord } from "./identity-context.js";

export interface IdentityEmulatorOptions {
  accounts: EmulatedAccount[];
  /** Server certificate and key (createLocalTls); the client trusts the CA that signed them. */
  tls: { certPem: string; keyPem: string };
  clock?: EmulatorClock;
  /** Registered public clients; default: Lifeboat's client id. */
  clientIds?: string[];
  /** The applications' display name on the sign-in and consent pages. */
  appName?: string;
  /** Default 0: any free port. */
  port?: number;
  /** Graph's base URL, named in discovery (msgraph_host) and accepted as a scope prefix. */
  graphUrl?: string;
  /** Display names of work tenants by tenant id (default: from the accounts' domains). */
  tenantNames?: Record<string, string>;
  /** Access token lifetime; Microsoft's is 60–90 minutes. Default 3600. */
  accessTokenLifetimeSeconds?: number;
  /** Device-code polling interval; Microsoft says 5. */
  deviceCodeIntervalSeconds?: number;
  /** Device-code lifetime; Microsoft's is 900 s. */
  deviceCodeLifetimeSeconds?: number;
  /** Permissions a tenant admin has already granted for the whole tenant, by tenant id. */
  adminConsent?: Record<string, string[]>;
}

export interface IdentityEmulator {
  /** e.g. https://127.0.0.1:40123 */
  readonly url: string;
  /** The authority URL for a tenant segment ("common", "consumers", "organizations", a GUID). */
  authority(tenant?: string): string;
  readonly verifier: AccessTokenVerifier;
  close(): Promise<void>;
  /** Like a password change: the account's refresh tokens are revoked (AADSTS50173). */
  revokeRefreshTokens(address: string): void;
  /** Sets a new password and revokes the refresh tokens, as a real password change does. */
  changePassword(address: string, newPassword: string): void;
  /** The account's (or everyone's) refresh tokens have been unused for 90 days (AADSTS700082). */
  expireRefreshTokensByInactivity(address?: string): void;
  /** Every access token issued so far is expired now (Graph answers 401). */
  expireAccessTokens(): void;
  /** Every outstanding device code expires now (expired_token). */
  expireDeviceCodes(): void;
  /** A tenant admin grants these permissions for every user of the tenant. */
  grantAdminConsent(tenantId: string, scopes: string[]): void;
  /** The user removes the app's permissions from their account. */
  revokeConsent(address: string, clientId?: string): void;
  /** Every token request so far, in order. */
  tokenRequests(): readonly TokenRequestRecord[];
  /** How many token requests match, e.g. { grantType: "refresh_token", outcome: "ok" }. */
  tokenRequestCount(filter?: Partial<Pick<TokenRequestRecord, "grantType" | "address" | "outcome" | "tenant">>): number;
  /** Every token string handed out (access, refresh, id), for "nothing on disk" checks. */
  issuedSecrets(): string[];
  /** Refresh tokens issued to an account, oldest first. */
  refreshTokensOf(address: string): string[];
}

function route(ctx: IdentityContext, req: IncomingMessage, res: ServerResponse): Promise<void> | void {
  const url = new URL(req.url ?? "/", ctx.baseUrl);
  const parts = url.pathname.split("/").filter(Boolean);
  const method = req.method ?? "GET";
  const [segment = "", ...rest] = parts;
  const tail = rest.join("/");

  if (url.pathname === DEVICE_LOGIN_PATH) return method === "POST" ? handleDeviceLogin(ctx, req, res) : showDeviceLogin(res);
  if (url.pathname === "/error") {
    const code = Number(url.searchParams.get("code") ?? 0);
    return showErrorPage(ctx, res, new AadError("error", code, "This is the error the sign-in service answered; its description came with the answer."), 200);
  }
  if (method === "GET" && tail === "v2.0/.well-known/openid-configuration") {
    const tenant = ctx.tenants.resolve(segment);
    if (!tenant) return sendJson(res, 400, Aadsts.tenantNotFound(segment).body({ now: ctx.clock.now(), baseUrl: ctx.baseUrl }));
    return sendJson(res, 200, openIdConfiguration(ctx.baseUrl, segment, ctx.tenants.issuerTenant(tenant), tenant, ctx.graphHost));
  }
  if (method === "GET" && tail === "discovery/v2.0/keys") {
    return sendJson(res, 200, { keys: [ctx.signer.jwk(`${ctx.baseUrl}/{tenantid}/v2.0`)] });
  }
  if (method === "GET" && segment === "common" && tail === "discovery/instance") {
    return sendJson(res, 200, instanceDiscovery(ctx.baseUrl, url.searchParams.get("authorization_endpoint")));
  }
  if (method === "GET" && tail === "oauth2/v2.0/authorize") return handleAuthorize(ctx, res, segment, url.searchParams);
  if (method === "POST" && tail === "login") return handleLogin(ctx, req, res);
  if (method === "POST" && tail === "consent") return handleDecision(ctx, req, res);
  if (method === "POST" && tail === "oauth2/v2.0/token") return handleToken(ctx, req, res, segment);
  if (method === "POST" && tail === "oauth2/v2.0/devicecode") return handleDeviceCodeRequest(ctx, req, res, segment);
  if (method === "GET" && tail === "oauth2/v2.0/logout") return sendHtml(res, 200, signedOutPage());
  sendJson(res, 404, { error: "not_found", error_description: `No emulated endpoint at ${method} ${url.pathname}` });
}

export async function startIdentityEmulator(opts: IdentityEmulatorOptions): Promise<IdentityEmulator> {
  for (const account of opts.accounts) {
    // Every personal Microsoft account lives in the one consumers tenant; anything else would
    // give tokens no real account can have.
    if (account.kind === "personal" && account.tid.toLowerCase() !== CONSUMERS_TENANT_ID) {
      throw new Error(`identity emulator: personal account ${account.address} must have tid ${CONSUMERS_TENANT_ID}`);
    }
  }
  const clock = opts.clock ?? systemClock;
  const signer = await JwtSigner.create();
  const server = https.createServer({ cert: opts.tls.certPem, key: opts.tls.keyPem });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(opts.port ?? 0, "127.0.0.1", () => resolve());
  });
  const port = (server.address() as AddressInfo).port;
  const baseUrl = `https://127.0.0.1:${port}`;
  const graphUrl = (opts.graphUrl ?? "https://graph.microsoft.com").replace(/\/+$/, "");
  const appName = opts.appName ?? "Lifeboat";
  const accounts = new Map(opts.accounts.map((a) => [a.address.toLowerCase(), { ...a }]));
  const consents = new ConsentRegistry();
  for (const [tid, scopes] of Object.entries(opts.adminConsent ?? {})) consents.grantAdmin(tid, scopes);
  const ctx: IdentityContext = {
    baseUrl,
    clock,
    accounts,
    clients: new Map((opts.clientIds ?? [DEFAULT_MICROSOFT_CLIENT_ID]).map((id) => [id.toLowerCase(), appName])),
    tenants: new TenantDirectory(opts.accounts, opts.tenantNames),
    consents,
    issuer: new TokenIssuer(signer, clock, baseUrl, opts.accessTokenLifetimeSeconds ?? 3600),
    codes: new AuthorizationCodes(clock),
    devices: new DeviceCodes(clock, opts.deviceCodeLifetimeSeconds ?? 900, opts.deviceCodeIntervalSeconds ?? 5),
    flows: new SignInFlows(clock),
    signer,
    graphHost: new URL(graphUrl).host,
    graphUrl,
    tokenLog: [],
  };

  server.on("request", (req: IncomingMessage, res: ServerResponse) => {
    Promise.resolve()
      .then(() => route(ctx, req, res))
      .catch((error: unknown) => {
        if (!res.headersSent) sendJson(res, 500, { error: "server_error", error_description: String(error) });
        else res.destroy();
      });
  });

  const accountOf = (address: string): EmulatedAccount => {
    const account = accounts.get(address.toLowerCase());
    if (!account) throw new Error(`identity emulator: no account ${address}`);
    return account;
  };

  return {
    url: baseUrl,
    authority: (tenant = "common") => `${baseUrl}/${tenant}`,
    verifier: ctx.issuer,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
    revokeRefreshTokens: (address) => ctx.issuer.revokeRefreshTokens(accountOf(address).address),
    changePassword: (address, newPassword) => {
      const account = accountOf(address);
      accounts.set(account.address.toLowerCase(), { ...account, password: newPassword });
      ctx.issuer.revokeRefreshTokens(account.address);
    },
    expireRefreshTokensByInactivity: (address) => ctx.issuer.expireRefreshTokensByInactivity(address),
    expireAccessTokens: () => ctx.issuer.expireAccessTokens(),
    expireDeviceCodes: () => ctx.devices.expireAll(),
    grantAdminConsent: (tenantId, scopes) => consents.grantAdmin(tenantId, scopes),
    revokeConsent: (address, clientId) => consents.revoke(accountOf(address), clientId ?? [...ctx.clients.keys()][0] ?? ""),
    tokenRequests: () => [...ctx.tokenLog],
    tokenRequestCount: (filter = {}) =>
      ctx.tokenLog.filter((r) =>
        (Object.entries(filter) as Array<[keyof TokenRequestRecord, string]>).every(([k, v]) => String(r[k] ?? "").toLowerCase() === v.toLowerCase()),
      ).length,
    issuedSecrets: () => ctx.issuer.issuedSecrets(),
    refreshTokensOf: (address) => ctx.issuer.refreshTokensOf(address),
  };
}
