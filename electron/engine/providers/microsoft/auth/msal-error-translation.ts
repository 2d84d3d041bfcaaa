/**
 * MSAL's errors (and the identity platform's AADSTS codes inside them) turned into messages that
 * say what happened and what to do. Branches on error codes, never on message wording, except the
 * AADSTS number, which is the only stable identifier Microsoft puts in the description.
 */
import { AuthError, InteractionRequiredAuthError, ServerError } from "@azure/msal-node";
import { ExitCode } from "../../../../../shared/archive-types.js";
import { LifeboatError } from "../../../errors.js";
import { SecretStoreUnavailableError } from "../../../secrets/secret-store.js";
import type { TransportFailure } from "./msal-network-client.js";
import { SignInRequiredError, signInAgainAdvice } from "./sign-in-errors.js";
import type { SignInRequiredReason } from "./sign-in-errors.js";

export interface TranslationContext {
  /** "sign-in" while signing in, "refresh" for a silent token request. */
  action: "sign-in" | "refresh";
  /** The account's address when known, for the message. */
  username?: string;
  authority: string;
  clientId: string;
  /** The last network failure MSAL hid behind a generic error. */
  transportFailure?: TransportFailure;
  /** The sign-in was cancelled by the caller (AbortSignal). */
  cancelled?: boolean;
}

const TLS_CODES = /CERT|SELF_SIGNED|UNABLE_TO_VERIFY|UNABLE_TO_GET_ISSUER|ERR_TLS|DEPTH_ZERO/;

/** The AADSTS number in an error description, if any. */
export function aadstsCode(text: string | undefined): number | undefined {
  const match = /AADSTS(\d+)/.exec(text ?? "");
  return match ? Number(match[1]) : undefined;
}

function firstLine(text: string): string {
  return text.split(/\r?\n/)[0]?.trim() ?? text;
}

function reasonFor(code: number | undefined, error: AuthError): SignInRequiredReason {
  if (code === 700082 || code === 70008 || error.subError === "bad_token") return "expired";
  if (code === 50173 || code === 50133 || code === 50089) return "revoked";
  if (code === 65001 || error.errorCode === "consent_required" || error.subError === "consent_required") return "consent";
  if (error.errorCode === "no_tokens_found" || error.errorCode === "no_account_in_silent_request") return "not-signed-in";
  return "interaction-required";
}

const REASON_TEXT: Record<SignInRequiredReason, string> = {
  "not-signed-in": "there is no saved sign-in for it in the OS keychain",
  expired: "its sign-in expired (Microsoft drops a sign-in that is not used for 90 days)",
  revoked: "Microsoft revoked its sign-in (the password was changed or reset, or its sessions were signed out)",
  consent: "Lifeboat no longer has (or never had) a permission it needs for it",
  "interaction-required": "Microsoft asks for an interactive sign-in",
};

function needsSignIn(ctx: TranslationContext, reason: SignInRequiredReason, detail?: string): SignInRequiredError {
  const who = ctx.username ? `The Microsoft account ${ctx.username}` : "The Microsoft account";
  const tail = detail ? ` (${detail})` : "";
  return new SignInRequiredError(`${who} needs to be signed in again: ${REASON_TEXT[reason]}${tail}. ${signInAgainAdvice()}`, reason, detail);
}

function networkError(ctx: TranslationContext): LifeboatError {
  const failure = ctx.transportFailure;
  const host = (() => {
    try {
      return new URL(failure?.url ?? ctx.authority).host;
    } catch {
      return ctx.authority;
    }
  })();
  if (failure && TLS_CODES.test(failure.code)) {
    return new LifeboatError(
      `The Microsoft sign-in service at ${host} presented a certificate Lifeboat does not trust (${failure.code}). If a company proxy inspects TLS, point LIFEBOAT_EXTRA_CA_CERTS at its CA certificate (PEM) and try again.`,
      ExitCode.failed,
      "tls-untrusted",
    );
  }
  const why = failure ? ` (${failure.code}: ${failure.message})` : "";
  return new LifeboatError(`Cannot reach the Microsoft sign-in service at ${host}${why}. Check the network connection and try again; nothing was changed.`, ExitCode.failed, "network");
}

export function translateMsalError(error: unknown, ctx: TranslationContext): Error {
  if (error instanceof LifeboatError) return error;
  if (error instanceof SecretStoreUnavailableError) {
    return new LifeboatError(
      `Lifeboat keeps the Microsoft sign-in in the OS keychain, which is unavailable: ${error.detail ?? error.message}. Unlock or start the keychain (on Linux: GNOME Keyring or KWallet) and try again.`,
      ExitCode.needsCredentials,
      "keychain-unavailable",
    );
  }
  if (ctx.cancelled) return new LifeboatError("The Microsoft sign-in was cancelled. Nothing was saved.", ExitCode.needsCredentials, "sign-in-cancelled");
  if (!(error instanceof AuthError)) {
    const code = (error as NodeJS.ErrnoException | undefined)?.code;
    if (code && ctx.transportFailure?.code === code) return networkError(ctx);
    return error instanceof Error ? error : new Error(String(error));
  }

  const description = error.errorMessage ?? "";
  const code = aadstsCode(description);
  const detail = code !== undefined ? `AADSTS${code}` : undefined;

  if (error instanceof InteractionRequiredAuthError) return needsSignIn(ctx, reasonFor(code, error), detail);
  if (error instanceof ServerError) {
    switch (error.errorCode) {
      case "invalid_grant":
        // During a first sign-in an invalid grant is a broken exchange, not a lost sign-in.
        if (ctx.action === "refresh") return needsSignIn(ctx, reasonFor(code, error), detail);
        break;
      case "access_denied":
        if (code === 90094) {
          return new LifeboatError(
            `Your organization requires an administrator to approve this permission for Lifeboat (AADSTS90094). Ask your IT administrator to grant admin consent for Lifeboat (client id ${ctx.clientId}); the rest of the backup works without it.`,
            ExitCode.needsCredentials,
            "needs-admin-consent",
          );
        }
        return new LifeboatError(
          `The sign-in was cancelled or the permissions were declined at Microsoft${detail ? ` (${detail})` : ""}. Lifeboat only reads the account; sign in again and choose Accept to back it up.`,
          ExitCode.needsCredentials,
          "sign-in-declined",
        );
      case "unauthorized_client":
      case "invalid_client":
        return new LifeboatError(
          `Microsoft does not know the application id ${ctx.clientId} at ${ctx.authority}${detail ? ` (${detail})` : ""}. Check the account's client id and authority settings (a national cloud or your own app registration needs its own).`,
          ExitCode.failed,
          "unknown-client",
        );
      case "invalid_tenant":
        return new LifeboatError(`Microsoft does not know the tenant in the authority ${ctx.authority}${detail ? ` (${detail})` : ""}. Check the account's authority setting.`, ExitCode.failed, "unknown-tenant");
      case "invalid_scope":
        return new LifeboatError(`Microsoft refused a permission Lifeboat asked for: ${firstLine(description)}`, ExitCode.failed, "invalid-scope");
    }
    if (code === 50020 || code === 500200) {
      return new LifeboatError(`This account cannot sign in through ${ctx.authority}: ${firstLine(description)}`, ExitCode.needsCredentials, "wrong-account-type");
    }
    return new LifeboatError(`Microsoft sign-in failed: ${firstLine(description) || error.errorCode}`, ExitCode.failed, "sign-in-failed");
  }

  // Client-side MSAL errors.
  switch (error.errorCode) {
    case "no_tokens_found":
    case "no_account_in_silent_request":
    case "refresh_token_expired":
      return needsSignIn(ctx, error.errorCode === "refresh_token_expired" ? "expired" : "not-signed-in");
    case "device_code_expired":
      return new LifeboatError("The sign-in code expired before the sign-in was finished. Run the command again and complete the sign-in within 15 minutes.", ExitCode.needsCredentials, "sign-in-expired");
    case "device_code_polling_cancelled":
      return new LifeboatError("The Microsoft sign-in was cancelled. Nothing was saved.", ExitCode.needsCredentials, "sign-in-cancelled");
    case "user_timeout_reached":
      return new LifeboatError("The sign-in was not finished in time. Run the command again.", ExitCode.needsCredentials, "sign-in-expired");
    case "post_request_failed": {
      // The device-code poll answered something other than authorization_pending; MSAL keeps only the `error`.
      const what = description;
      if (/expired_token/.test(what)) return new LifeboatError("The sign-in code expired before the sign-in was finished. Run the command again and complete the sign-in within 15 minutes.", ExitCode.needsCredentials, "sign-in-expired");
      if (/authorization_declined|access_denied/.test(what)) return new LifeboatError("The sign-in was declined on the verification page. Run the command again and choose Continue to back up the account.", ExitCode.needsCredentials, "sign-in-declined");
      return new LifeboatError(`Microsoft sign-in failed while waiting for the code to be entered: ${what}`, ExitCode.failed, "sign-in-failed");
    }
    case "network_error":
    case "endpoints_resolution_error":
    case "openid_config_error":
      return networkError(ctx);
  }
  if (ctx.transportFailure) return networkError(ctx);
  return new LifeboatError(`Microsoft sign-in failed: ${error.errorCode}: ${firstLine(description)}`, ExitCode.failed, "sign-in-failed");
}
