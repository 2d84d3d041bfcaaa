/**
 * What goes wrong with a Microsoft sign-in, as errors the user can act on. MSAL's errors are
 * translated here (msal-error-translation.ts); the classes are what callers branch on.
 */
import { ExitCode } from "../../../../../shared/archive-types.js";
import { LifeboatError } from "../../../errors.js";

/** Why a saved sign-in can no longer be used. */
export type SignInRequiredReason =
  /** Never signed in, or the keychain holds no sign-in for the account. */
  | "not-signed-in"
  /** The refresh token expired (90 days unused) or was rejected as bad. */
  | "expired"
  /** Revoked: password changed or reset, sessions revoked by the user or an admin. */
  | "revoked"
  /** A permission is missing (the user removed it, or it was never granted, e.g. BitLocker). */
  | "consent"
  /** Anything else Microsoft answers with "interaction required". */
  | "interaction-required";

/**
 * The account must be signed in again. Code "needs-sign-in" (the source state the status shows),
 * exit code 4 like every "needs credentials" case.
 */
export class SignInRequiredError extends LifeboatError {
  constructor(
    message: string,
    readonly reason: SignInRequiredReason,
    readonly detail?: string,
  ) {
    super(message, ExitCode.needsCredentials, "needs-sign-in");
    this.name = "SignInRequiredError";
  }
}

/** What the user should do to sign in again, from the CLI or the app. */
export function signInAgainAdvice(): string {
  return "Sign in again: run `lifeboat add microsoft` again (or use \"Sign in\" on the account in the Lifeboat app).";
}
