/**
 * The steps after the sign-in page, shared by interactive and device-code sign-ins:
 * password check and authority rules, "Are you trying to sign in?" (device flows), consent (or
 * "Need admin approval"), and finally the hand-back: an authorization code posted to the app's
 * redirect URI, or the device code marked approved. Failures that Microsoft reports to the app go
 * to the redirect URI (or decline the device code); the others end on the error page.
 */
import { randomUUID } from "node:crypto";
import type { IncomingMessage, ServerResponse } from "node:http";
import type { AadError } from "./aad-error.js";
import { Aadsts } from "./aad-error.js";
import {
  adminApprovalPage,
  consentPage,
  deviceConfirmPage,
  deviceDonePage,
  errorPage,
  formPostPage,
  signInPage,
} from "./html-pages.js";
import { readForm, redirect, sendHtml } from "./http-exchange.js";
import type { IdentityContext } from "./identity-context.js";
import type { ResponseMode, SignInFlow } from "./sign-in-flows.js";

export function showErrorPage(ctx: IdentityContext, res: ServerResponse, error: AadError, status = 400): void {
  sendHtml(res, status, errorPage({ error, now: ctx.clock.now(), correlationId: randomUUID(), requestId: randomUUID() }));
}

export function showSignIn(ctx: IdentityContext, res: ServerResponse, flow: SignInFlow, opts: { error?: string; address?: string; loginHint?: string } = {}): void {
  sendHtml(res, 200, signInPage({ action: `/${flow.tenantSegment}/login`, flowToken: flow.token, appName: flow.appName, ...opts }));
}

/** POST /{tenant}/login: the address and password. */
export async function handleLogin(ctx: IdentityContext, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const form = await readForm(req);
  const flow = ctx.flows.get(form.get("flowToken"));
  if (!flow) return showErrorPage(ctx, res, Aadsts.invalidGrant("The sign-in session has expired. Start the sign-in again."));
  const address = (form.get("login") ?? "").trim();
  const account = ctx.accounts.get(address.toLowerCase());
  if (!account) {
    const text = flow.tenant.kind === "consumers"
      ? "That Microsoft account doesn't exist. Enter a different account or get a new one."
      : "This username may be incorrect. Make sure you typed it correctly. Otherwise, contact your admin.";
    return showSignIn(ctx, res, flow, { error: text, address });
  }
  // Home-realm discovery happens on the address, before the password, as at Microsoft.
  const refusal = ctx.tenants.signInRefusal(flow.tenant, account, flow.clientId, flow.appName);
  if (refusal && "inline" in refusal) return showSignIn(ctx, res, flow, { error: refusal.inline, address });
  if (form.get("passwd") !== account.password) {
    return showSignIn(ctx, res, flow, { error: "Your account or password is incorrect. If you don't remember your password, reset it now.", address });
  }
  if (refusal) {
    ctx.flows.end(flow);
    return showErrorPage(ctx, res, refusal.error, 200);
  }
  flow.account = account;
  return continueFlow(ctx, res, flow);
}

/** POST /{tenant}/consent: Accept/Cancel on the consent, admin-approval or device-confirm page. */
export async function handleDecision(ctx: IdentityContext, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const form = await readForm(req);
  const flow = ctx.flows.get(form.get("flowToken"));
  if (!flow?.account) return showErrorPage(ctx, res, Aadsts.invalidGrant("The sign-in session has expired. Start the sign-in again."));
  const accept = form.get("decision") === "accept";
  if (flow.device && !flow.confirmed) {
    if (!accept) return failFlow(ctx, res, flow, Aadsts.deviceCodeDeclined());
    flow.confirmed = true;
    return continueFlow(ctx, res, flow);
  }
  const wanted = [...flow.resourceScopes, ...flow.oidcScopes];
  const pending = ctx.consents.pending(flow.account, flow.clientId, wanted);
  if (ctx.consents.needingAdmin(flow.account, pending).length > 0) return failFlow(ctx, res, flow, Aadsts.adminConsentRequired(), "cancel");
  if (!accept) return failFlow(ctx, res, flow, Aadsts.userDeclinedConsent(), "cancel");
  ctx.consents.grant(flow.account, flow.clientId, wanted);
  return finishFlow(ctx, res, flow);
}

/** After the password: the next page the person sees, or the hand-back. */
function continueFlow(ctx: IdentityContext, res: ServerResponse, flow: SignInFlow): void {
  const account = flow.account;
  if (!account) return showSignIn(ctx, res, flow);
  const unsupported = ctx.consents.unsupportedForAccount(account, flow.resourceScopes);
  if (unsupported.length > 0) return failFlow(ctx, res, flow, Aadsts.scopeNotForPersonal(unsupported.join(" ")));
  const action = `/${flow.tenantSegment}/consent`;
  if (flow.device && !flow.confirmed) {
    return sendHtml(res, 200, deviceConfirmPage({ action, flowToken: flow.token, appName: flow.appName, address: account.address }));
  }
  const wanted = [...flow.resourceScopes, ...flow.oidcScopes];
  const pending = flow.authorize?.forceConsent ? wanted : ctx.consents.pending(account, flow.clientId, wanted);
  if (pending.length === 0) return finishFlow(ctx, res, flow);
  const adminOnly = ctx.consents.needingAdmin(account, pending);
  const page = adminOnly.length > 0 ? adminApprovalPage : consentPage;
  sendHtml(res, 200, page({ action, flowToken: flow.token, appName: flow.appName, address: account.address, scopes: adminOnly.length > 0 ? adminOnly : pending }));
}

function finishFlow(ctx: IdentityContext, res: ServerResponse, flow: SignInFlow): void {
  const account = flow.account;
  if (!account) return showSignIn(ctx, res, flow);
  ctx.flows.end(flow);
  if (flow.device) {
    flow.device.state = "approved";
    flow.device.account = account;
    return sendHtml(res, 200, deviceDonePage(flow.appName, true));
  }
  const auth = flow.authorize;
  if (!auth) return showErrorPage(ctx, res, Aadsts.invalidGrant("Unknown sign-in."));
  const code = ctx.codes.issue({
    account,
    clientId: flow.clientId,
    redirectUri: auth.redirectUri,
    codeChallenge: auth.codeChallenge,
    codeChallengeMethod: auth.codeChallengeMethod,
    resourceScopes: flow.resourceScopes,
    oidcScopes: flow.oidcScopes,
    nonce: auth.nonce,
  });
  const fields: Record<string, string> = { code };
  fields.client_info = Buffer.from(JSON.stringify({ uid: account.oid, utid: account.tid })).toString("base64url");
  if (auth.state !== undefined) fields.state = auth.state;
  fields.session_state = randomUUID();
  respondToApp(res, auth.redirectUri, auth.responseMode, fields);
}

/** An error the app itself is told about (redirect URI), or for device flows, a declined code. */
export function failFlow(ctx: IdentityContext, res: ServerResponse, flow: SignInFlow, error: AadError, subcode?: string): void {
  ctx.flows.end(flow);
  if (flow.device) {
    flow.device.state = "declined";
    return sendHtml(res, 200, deviceDonePage(flow.appName, false));
  }
  const auth = flow.authorize;
  if (!auth) return showErrorPage(ctx, res, error);
  const body = error.body({ now: ctx.clock.now(), baseUrl: ctx.baseUrl });
  const fields: Record<string, string> = { error: body.error };
  if (subcode) fields.error_subcode = subcode;
  if (auth.state !== undefined) fields.state = auth.state;
  fields.error_description = body.error_description;
  fields.error_uri = body.error_uri;
  respondToApp(res, auth.redirectUri, auth.responseMode, fields);
}

function respondToApp(res: ServerResponse, redirectUri: string, mode: ResponseMode, fields: Record<string, string>): void {
  if (mode === "form_post") return sendHtml(res, 200, formPostPage(redirectUri, fields));
  const params = new URLSearchParams(fields).toString();
  if (mode === "fragment") return redirect(res, `${redirectUri}#${params}`);
  return redirect(res, `${redirectUri}${redirectUri.includes("?") ? "&" : "?"}${params}`);
}
