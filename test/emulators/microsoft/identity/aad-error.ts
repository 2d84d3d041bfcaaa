/**
 * Errors in the shape the Microsoft identity platform (v2.0 endpoints) sends them:
 *
 *   400 {"error":"invalid_grant","error_description":"AADSTS700082: The refresh token has expired
 *        due to inactivity. ...\r\nTrace ID: …\r\nCorrelation ID: …\r\nTimestamp: 2019-09-27 04:38:50Z",
 *        "error_codes":[700082],"timestamp":"2019-09-27 04:38:50Z","trace_id":"…",
 *        "correlation_id":"…","error_uri":"https://login.microsoftonline.com/error?code=700082"}
 *
 * (field reports quoted in ../../../../../shared/research/microsoft.md §4.3 and GitHub issues, e.g.
 * Azure/azure-cli#14244). `suberror` is added where MSAL reads it: "bad_token" for an inactive
 * refresh token (MSAL then drops it from its cache) and "consent_required" for missing consent.
 */
import { randomUUID } from "node:crypto";

export interface AadErrorBody {
  error: string;
  error_description: string;
  error_codes: number[];
  timestamp: string;
  trace_id: string;
  correlation_id: string;
  error_uri: string;
  suberror?: string;
}

/** "2019-09-27 04:38:50Z", the form AAD puts in `timestamp` and in the description. */
export function aadTimestamp(ms: number): string {
  return new Date(ms).toISOString().replace("T", " ").replace(/\.\d{3}Z$/, "Z");
}

export interface AadErrorContext {
  /** Emulator clock, ms. */
  now: number;
  /** The emulator's base URL; error_uri points at its /error page like the real one does. */
  baseUrl: string;
  /** The client's client-request-id header, echoed back as correlation_id as AAD does. */
  correlationId?: string;
}

export class AadError extends Error {
  constructor(
    readonly error: string,
    readonly code: number,
    readonly text: string,
    readonly status = 400,
    readonly suberror?: string,
  ) {
    super(`AADSTS${code}: ${text}`);
    this.name = "AadError";
  }

  body(ctx: AadErrorContext): AadErrorBody {
    const traceId = randomUUID();
    const correlationId = ctx.correlationId && /^[0-9a-f-]{36}$/i.test(ctx.correlationId) ? ctx.correlationId : randomUUID();
    const timestamp = aadTimestamp(ctx.now);
    const body: AadErrorBody = {
      error: this.error,
      error_description: `${this.message}\r\nTrace ID: ${traceId}\r\nCorrelation ID: ${correlationId}\r\nTimestamp: ${timestamp}`,
      error_codes: [this.code],
      timestamp,
      trace_id: traceId,
      correlation_id: correlationId,
      error_uri: `${ctx.baseUrl}/error?code=${this.code}`,
    };
    if (this.suberror) body.suberror = this.suberror;
    return body;
  }
}

/**
 * The AADSTS codes the emulator uses, with the texts Microsoft sends (from the AADSTS reference
 * and field reports; where a text is not documented, the closest documented one is used and the
 * comment says so).
 */
export const Aadsts = {
  missingParameter: (name: string) =>
    new AadError("invalid_request", 900144, `The request body must contain the following parameter: '${name}'.`),
  unsupportedGrantType: (grant: string) =>
    new AadError("unsupported_grant_type", 70003, `The app requested an unsupported grant type '${grant}'.`),
  tenantNotFound: (tenant: string) =>
    new AadError(
      "invalid_tenant",
      90002,
      `Tenant '${tenant}' not found. Check to make sure you have the correct tenant ID and are signing into the correct cloud. Check with your subscription administrator, this may happen if there are no active subscriptions for the tenant.`,
    ),
  unknownClient: (clientId: string, directory: string) =>
    new AadError(
      "unauthorized_client",
      700016,
      `Application with identifier '${clientId}' was not found in the directory '${directory}'. This can happen if the application has not been installed by the administrator of the tenant or consented to by any user in the tenant. You may have sent your authentication request to the wrong tenant.`,
    ),
  redirectUriMismatch: (uri: string, clientId: string) =>
    new AadError(
      "invalid_request",
      50011,
      `The redirect URI '${uri}' specified in the request does not match the redirect URIs configured for the application '${clientId}'. Make sure the redirect URI sent in the request matches one added to your application in the Azure portal.`,
    ),
  malformedGrant: () => new AadError("invalid_grant", 9002313, "Invalid request. Request is malformed or invalid."),
  invalidGrant: (what: string) => new AadError("invalid_grant", 70000, `Provided grant is invalid or malformed. ${what}`),
  codeRedeemed: () =>
    new AadError(
      "invalid_grant",
      54005,
      "OAuth2 Authorization code was already redeemed, please retry with a new valid code or use an existing refresh token.",
    ),
  codeExpired: () =>
    new AadError(
      "invalid_grant",
      70008,
      "The provided authorization code or refresh token has expired due to inactivity. Send a new interactive authorization request for this user and resource.",
    ),
  pkceMismatch: () =>
    new AadError("invalid_grant", 501481, "The Code_Verifier does not match the code_challenge supplied in the authorization request."),
  refreshTokenInactive: (issuedAt: number) =>
    new AadError(
      "invalid_grant",
      700082,
      `The refresh token has expired due to inactivity. The token was issued on ${new Date(issuedAt).toISOString().replace("Z", "0000Z")} and was inactive for 90.00:00:00.`,
      400,
      "bad_token",
    ),
  refreshTokenRevoked: (issuedAt: number, validFrom: number) =>
    new AadError(
      "invalid_grant",
      50173,
      `The provided grant has expired due to it being revoked, a fresh auth token is needed. The user might have changed or reset their password. The grant was issued on '${new Date(issuedAt).toISOString().replace("Z", "0000Z")}' and the TokensValidFrom date (before which tokens are not valid) for this user is '${new Date(validFrom).toISOString().replace("Z", "0000Z")}'.`,
    ),
  consentRequired: (clientId: string, appName: string) =>
    new AadError(
      "invalid_grant",
      65001,
      `The user or administrator has not consented to use the application with ID '${clientId}' named '${appName}'. Send an interactive authorization request for this user and resource.`,
      400,
      "consent_required",
    ),
  userDeclinedConsent: () => new AadError("access_denied", 65004, "User declined to consent to access the app."),
  adminConsentRequired: () => new AadError("access_denied", 90094, "The grant requires admin permission."),
  personalAccountNotAllowed: (address: string) =>
    new AadError(
      "invalid_grant",
      500200,
      `User account '${address}' is a personal Microsoft account. Personal Microsoft accounts are not supported for this application unless explicitly invited to an organization. Try signing out and signing back in with an organizational account.`,
    ),
  accountNotInTenant: (address: string, identityProvider: string, tenantName: string, clientId: string, appName: string) =>
    new AadError(
      "invalid_grant",
      50020,
      `User account '${address}' from identity provider '${identityProvider}' does not exist in tenant '${tenantName}' and cannot access the application '${clientId}'(${appName}) in that tenant. The account needs to be added as an external user in the tenant first. Sign out and sign in again with a different Azure Active Directory user account.`,
    ),
  // Scopes a personal account cannot have (BitLocker: "Microsoft Account supported: No" in the
  // Graph permissions reference). The exact MSA wording is not documented; 70011 is the code AAD
  // uses for an unusable scope value.
  scopeNotForPersonal: (scope: string) =>
    new AadError("invalid_scope", 70011, `The provided value for the input parameter 'scope' is not valid. The scope '${scope}' is not supported for Microsoft accounts.`),
  silentSignInNoUser: () =>
    new AadError("login_required", 50058, "A silent sign-in request was sent but no user is signed in."),
  authorizationPending: () =>
    new AadError("authorization_pending", 70016, "OAuth 2.0 device flow error. Authorization is pending. Continue polling."),
  // RFC 8628 §3.5; the AADSTS number for slow_down is not documented, so none is invented:
  // 70016 (the device-flow polling family) is used.
  slowDown: () => new AadError("slow_down", 70016, "OAuth 2.0 device flow error. Polling too frequently; slow down and continue polling."),
  deviceCodeExpired: () =>
    new AadError("expired_token", 70020, "The provided value for the input parameter 'device_code' is not valid. This device code has expired."),
  // Clients seen in the wild treat authorization_declined with AADSTS65004 (user declined).
  deviceCodeDeclined: () => new AadError("authorization_declined", 65004, "User declined to consent to access the app."),
  badVerificationCode: () =>
    new AadError("bad_verification_code", 70000, "Provided grant is invalid or malformed. The device_code was not recognized."),
} as const;
