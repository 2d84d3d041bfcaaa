/**
 * The device authorization grant: POST /{tenant}/oauth2/v2.0/devicecode for the app, and the
 * verification page (/devicelogin, microsoft.com/devicelogin at Microsoft) where the person types
 * the user code and then signs in like in a browser sign-in.
 */
import type { IncomingMessage, ServerResponse } from "node:http";
import type { AadError } from "./aad-error.js";
import { Aadsts } from "./aad-error.js";
import { deviceCodeEntryPage } from "./html-pages.js";
import { readForm, sendHtml, sendJson } from "./http-exchange.js";
import type { IdentityContext } from "./identity-context.js";
import { appNameOf } from "./identity-context.js";
import { parseScopes } from "./scopes.js";
import { showSignIn } from "./sign-in-steps.js";

export const DEVICE_LOGIN_PATH = "/devicelogin";

function sendError(ctx: IdentityContext, req: IncomingMessage, res: ServerResponse, error: AadError): void {
  const correlationId = req.headers["client-request-id"];
  sendJson(res, error.status, error.body({ now: ctx.clock.now(), baseUrl: ctx.baseUrl, correlationId: typeof correlationId === "string" ? correlationId : undefined }));
}

export async function handleDeviceCodeRequest(ctx: IdentityContext, req: IncomingMessage, res: ServerResponse, segment: string): Promise<void> {
  const form = await readForm(req);
  const tenant = ctx.tenants.resolve(segment);
  if (!tenant) return sendError(ctx, req, res, Aadsts.tenantNotFound(segment));
  const clientId = form.get("client_id");
  if (!clientId) return sendError(ctx, req, res, Aadsts.missingParameter("client_id"));
  if (!appNameOf(ctx, clientId)) return sendError(ctx, req, res, Aadsts.unknownClient(clientId, ctx.tenants.directoryName(tenant)));
  const scopes = parseScopes(form.get("scope") ?? undefined, ctx.graphUrl);
  if (scopes.oidc.length === 0 && scopes.resource.length === 0 && !scopes.defaultScope) {
    return sendError(ctx, req, res, Aadsts.missingParameter("scope"));
  }
  const grant = ctx.devices.create({ clientId, tenantSegment: segment, tenant, resourceScopes: scopes.resource, oidcScopes: scopes.oidc });
  const verificationUri = `${ctx.baseUrl}${DEVICE_LOGIN_PATH}`;
  sendJson(res, 200, {
    user_code: grant.userCode,
    device_code: grant.deviceCode,
    verification_uri: verificationUri,
    expires_in: Math.round((grant.expiresAt - grant.issuedAt) / 1000),
    interval: grant.intervalSeconds,
    message: `To sign in, use a web browser to open the page ${verificationUri} and enter the code ${grant.userCode} to authenticate.`,
  });
}

/** GET /devicelogin: the "Enter code" page. */
export function showDeviceLogin(res: ServerResponse): void {
  sendHtml(res, 200, deviceCodeEntryPage({ action: DEVICE_LOGIN_PATH }));
}

/** POST /devicelogin: a typed user code; a known one continues to the sign-in page. */
export async function handleDeviceLogin(ctx: IdentityContext, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const form = await readForm(req);
  const grant = ctx.devices.byUserCode(form.get("otc") ?? "");
  if (!grant) {
    return sendHtml(res, 200, deviceCodeEntryPage({ action: DEVICE_LOGIN_PATH, error: "That code didn't work. Check the code and try again." }));
  }
  const flow = ctx.flows.start({
    tenantSegment: grant.tenantSegment,
    tenant: grant.tenant,
    clientId: grant.clientId,
    appName: appNameOf(ctx, grant.clientId) ?? grant.clientId,
    resourceScopes: grant.resourceScopes,
    oidcScopes: grant.oidcScopes,
    device: grant,
  });
  showSignIn(ctx, res, flow);
}
