/**
 * POST /{tenant}/oauth2/v2.0/token for a public client: authorization_code (+PKCE),
 * refresh_token and the device_code grant. Every request is logged for the tests.
 *
 * Access tokens carry every Graph permission the user has consented to for the app (the v2.0
 * endpoint accumulates consent per resource); asking for one not consented yet answers
 * AADSTS65001 with suberror consent_required, which MSAL turns into InteractionRequiredAuthError.
 */
import type { IncomingMessage, ServerResponse } from "node:http";
import type { EmulatedAccount } from "../emulator-contract.js";
import { AadError, Aadsts } from "./aad-error.js";
import { readForm, sendJson } from "./http-exchange.js";
import type { IdentityContext } from "./identity-context.js";
import { appNameOf } from "./identity-context.js";
import { missingScopes, OIDC_SCOPES, parseScopes } from "./scopes.js";
import type { TenantRef } from "./tenant-directory.js";
import type { TokenResponse } from "./token-issuer.js";

// RFC 8628 names the grant "urn:ietf:params:oauth:grant-type:device_code"; Microsoft also takes
// the short "device_code", which is what MSAL sends.
const DEVICE_CODE_GRANTS = ["urn:ietf:params:oauth:grant-type:device_code", "device_code"];

interface Outcome {
  address?: string;
  result: TokenResponse | AadError;
}

export async function handleToken(ctx: IdentityContext, req: IncomingMessage, res: ServerResponse, segment: string): Promise<void> {
  const form = await readForm(req);
  const grantType = form.get("grant_type") ?? "";
  const clientId = form.get("client_id") ?? "";
  const outcome = answer(ctx, segment, form, grantType, clientId);
  const { result } = outcome;
  ctx.tokenLog.push({
    grantType,
    clientId,
    tenant: segment,
    address: outcome.address,
    outcome: result instanceof AadError ? result.error : "ok",
    at: ctx.clock.now(),
  });
  if (result instanceof AadError) {
    const correlationId = req.headers["client-request-id"];
    sendJson(res, result.status, result.body({ now: ctx.clock.now(), baseUrl: ctx.baseUrl, correlationId: typeof correlationId === "string" ? correlationId : undefined }));
  } else {
    sendJson(res, 200, result);
  }
}

function answer(ctx: IdentityContext, segment: string, form: URLSearchParams, grantType: string, clientId: string): Outcome {
  const tenant = ctx.tenants.resolve(segment);
  if (!tenant) return { result: Aadsts.tenantNotFound(segment) };
  if (!clientId) return { result: Aadsts.missingParameter("client_id") };
  const appName = appNameOf(ctx, clientId);
  if (!appName) return { result: Aadsts.unknownClient(clientId, ctx.tenants.directoryName(tenant)) };
  const wantClientInfo = form.get("client_info") === "1";
  const requested = parseScopes(form.get("scope") ?? undefined, ctx.graphUrl);

  switch (grantType) {
    case "authorization_code": {
      const code = form.get("code");
      if (!code) return { result: Aadsts.missingParameter("code") };
      const grant = ctx.codes.redeem({ code, clientId, redirectUri: form.get("redirect_uri") ?? undefined, codeVerifier: form.get("code_verifier") ?? undefined });
      if (grant instanceof AadError) return { result: grant };
      return issue(ctx, tenant, grant.account, clientId, appName, grant.oidcScopes, [], wantClientInfo, grant.nonce);
    }
    case "refresh_token": {
      const token = form.get("refresh_token");
      if (!token) return { result: Aadsts.missingParameter("refresh_token") };
      const record = ctx.issuer.checkRefreshToken(token, clientId);
      if (record instanceof AadError) return { result: record };
      const account = ctx.accounts.get(record.address.toLowerCase());
      if (!account) return { result: Aadsts.malformedGrant() };
      const oidc = requested.oidc.length > 0 ? requested.oidc : [...OIDC_SCOPES];
      return issue(ctx, tenant, account, clientId, appName, oidc, requested.resource, wantClientInfo);
    }
    case DEVICE_CODE_GRANTS[0]:
    case DEVICE_CODE_GRANTS[1]: {
      const deviceCode = form.get("device_code");
      if (!deviceCode) return { result: Aadsts.missingParameter("device_code") };
      const grant = ctx.devices.poll(deviceCode, clientId);
      if (grant instanceof AadError) return { result: grant };
      if (!grant.account) return { result: Aadsts.badVerificationCode() };
      return issue(ctx, tenant, grant.account, clientId, appName, grant.oidcScopes, [], wantClientInfo);
    }
    case "":
      return { result: Aadsts.missingParameter("grant_type") };
    default:
      return { result: Aadsts.unsupportedGrantType(grantType) };
  }
}

function issue(
  ctx: IdentityContext,
  tenant: TenantRef,
  account: EmulatedAccount,
  clientId: string,
  appName: string,
  oidcScopes: string[],
  mustHave: string[],
  clientInfo: boolean,
  nonce?: string,
): Outcome {
  const address = account.address;
  const refusal = ctx.tenants.tokenRefusal(tenant, account, clientId, appName);
  if (refusal) return { address, result: refusal };
  const granted = ctx.consents.granted(account, clientId);
  if (missingScopes(mustHave, granted).length > 0) return { address, result: Aadsts.consentRequired(clientId, appName) };
  const resourceScopes = granted.filter((s) => !(OIDC_SCOPES as readonly string[]).includes(s.toLowerCase()));
  return { address, result: ctx.issuer.issue({ account, clientId, appName, resourceScopes, oidcScopes, nonce, clientInfo }) };
}
