/**
 * GET /{tenant}/oauth2/v2.0/authorize: checks the request the way Microsoft does — unknown tenant,
 * unknown application and a redirect URI the registration does not allow end on the error page
 * (the app cannot be trusted with the answer); everything else starts a sign-in.
 *
 * The emulated app registration is a "Mobile and desktop applications" platform with the
 * loopback redirect http://localhost, which matches any port (RFC 8252 §7.3; MSAL listens on a
 * random port), plus http://127.0.0.1 and the nativeclient URI.
 */
import type { ServerResponse } from "node:http";
import { Aadsts } from "./aad-error.js";
import type { IdentityContext } from "./identity-context.js";
import { appNameOf } from "./identity-context.js";
import { parseScopes } from "./scopes.js";
import type { ResponseMode } from "./sign-in-flows.js";
import { failFlow, showErrorPage, showSignIn } from "./sign-in-steps.js";

export function isAllowedRedirectUri(uri: string, baseUrl: string): boolean {
  if (uri === "https://login.microsoftonline.com/common/oauth2/nativeclient" || uri === `${baseUrl}/common/oauth2/nativeclient`) return true;
  let parsed: URL;
  try {
    parsed = new URL(uri);
  } catch {
    return false;
  }
  return parsed.protocol === "http:" && (parsed.hostname === "localhost" || parsed.hostname === "127.0.0.1") && parsed.username === "" && parsed.hash === "";
}

export function handleAuthorize(ctx: IdentityContext, res: ServerResponse, segment: string, query: URLSearchParams): void {
  const tenant = ctx.tenants.resolve(segment);
  if (!tenant) return showErrorPage(ctx, res, Aadsts.tenantNotFound(segment));
  const clientId = query.get("client_id");
  if (!clientId) return showErrorPage(ctx, res, Aadsts.missingParameter("client_id"));
  const appName = appNameOf(ctx, clientId);
  if (!appName) return showErrorPage(ctx, res, Aadsts.unknownClient(clientId, ctx.tenants.directoryName(tenant)));
  const redirectUri = query.get("redirect_uri");
  if (!redirectUri) return showErrorPage(ctx, res, Aadsts.missingParameter("redirect_uri"));
  if (!isAllowedRedirectUri(redirectUri, ctx.baseUrl)) return showErrorPage(ctx, res, Aadsts.redirectUriMismatch(redirectUri, clientId));

  const modeParam = query.get("response_mode") ?? "query";
  const responseMode: ResponseMode = modeParam === "form_post" || modeParam === "fragment" ? modeParam : "query";
  const scopes = parseScopes(query.get("scope") ?? undefined, ctx.graphUrl);
  const prompt = query.get("prompt");
  const flow = ctx.flows.start({
    tenantSegment: segment,
    tenant,
    clientId,
    appName,
    resourceScopes: scopes.resource,
    oidcScopes: scopes.oidc,
    authorize: {
      redirectUri,
      responseMode,
      state: query.get("state") ?? undefined,
      nonce: query.get("nonce") ?? undefined,
      codeChallenge: query.get("code_challenge") ?? undefined,
      codeChallengeMethod: query.get("code_challenge_method") ?? undefined,
      forceConsent: prompt === "consent",
    },
  });
  // From here on the app may be told about problems through its redirect URI.
  if (query.get("response_type") !== "code") {
    return failFlow(ctx, res, flow, Aadsts.invalidGrant("Only response_type=code is emulated."));
  }
  if (scopes.oidc.length === 0 && scopes.resource.length === 0 && !scopes.defaultScope) {
    return failFlow(ctx, res, flow, Aadsts.missingParameter("scope"));
  }
  const method = flow.authorize?.codeChallengeMethod;
  if (method && method !== "S256" && method !== "plain") {
    return failFlow(ctx, res, flow, Aadsts.invalidGrant(`Unsupported code_challenge_method '${method}'.`));
  }
  // There are no browser sessions here: prompt=none can never succeed.
  if (prompt === "none") return failFlow(ctx, res, flow, Aadsts.silentSignInNoUser());
  showSignIn(ctx, res, flow, { loginHint: query.get("login_hint") ?? undefined });
}
