/**
 * Authorization codes: single use, short-lived ("typically expiring after about 10 minutes",
 * learn.microsoft.com v2-oauth2-auth-code-flow), bound to the client, the redirect URI and the
 * PKCE challenge of the authorization request (RFC 7636; S256 and plain).
 */
import { createHash } from "node:crypto";
import type { EmulatedAccount, EmulatorClock } from "../emulator-contract.js";
import { Aadsts } from "./aad-error.js";
import type { AadError } from "./aad-error.js";
import { opaqueToken } from "./jwt-signer.js";

export const AUTH_CODE_LIFETIME_MS = 10 * 60 * 1000;

export interface CodeGrant {
  account: EmulatedAccount;
  clientId: string;
  redirectUri: string;
  codeChallenge?: string;
  codeChallengeMethod?: string;
  resourceScopes: string[];
  oidcScopes: string[];
  nonce?: string;
}

interface CodeRecord extends CodeGrant {
  issuedAt: number;
  redeemed: boolean;
}

export interface RedeemRequest {
  code: string;
  clientId: string;
  redirectUri: string | undefined;
  codeVerifier: string | undefined;
}

export function s256(verifier: string): string {
  return createHash("sha256").update(verifier, "ascii").digest("base64url");
}

export class AuthorizationCodes {
  private readonly codes = new Map<string, CodeRecord>();

  constructor(private readonly clock: EmulatorClock) {}

  issue(grant: CodeGrant): string {
    const code = opaqueToken(grant.account.kind === "work" ? "1.A" : "M.C5_BAY.2.U.", 300);
    this.codes.set(code, { ...grant, issuedAt: this.clock.now(), redeemed: false });
    return code;
  }

  /** The grant behind a code, consuming it; or the error Microsoft answers. */
  redeem(req: RedeemRequest): CodeGrant | AadError {
    const record = this.codes.get(req.code);
    if (!record) return Aadsts.malformedGrant();
    if (record.redeemed) return Aadsts.codeRedeemed();
    // Single use even when this redemption fails (wrong verifier, wrong client): a leaked code
    // must not be retried until something matches. (Microsoft does not document this case.)
    record.redeemed = true;
    if (this.clock.now() - record.issuedAt > AUTH_CODE_LIFETIME_MS) return Aadsts.codeExpired();
    if (record.clientId.toLowerCase() !== req.clientId.toLowerCase()) {
      return Aadsts.invalidGrant("The code was issued to a different client.");
    }
    if (req.redirectUri !== record.redirectUri) return Aadsts.redirectUriMismatch(req.redirectUri ?? "", req.clientId);
    if (record.codeChallenge) {
      const verifier = req.codeVerifier ?? "";
      const expected = record.codeChallengeMethod?.toLowerCase() === "plain" ? verifier : s256(verifier);
      if (!verifier || expected !== record.codeChallenge) return Aadsts.pkceMismatch();
    }
    return record;
  }
}
