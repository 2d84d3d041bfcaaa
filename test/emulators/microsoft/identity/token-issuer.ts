/**
 * Mints and remembers the tokens of the emulated identity platform, and answers for them:
 *  - id tokens: RS256 JWTs with the v2.0 claims MSAL reads (aud, iss, iat, nbf, exp, oid, sub, tid,
 *    preferred_username, name, nonce, ver "2.0");
 *  - access tokens for Graph: a JWT (v1.0 claims, with the `nonce` header that makes Graph tokens
 *    unverifiable by third parties) for work accounts, an opaque "EwB…" string for personal ones,
 *    as Microsoft issues them; clients must treat both as opaque;
 *  - refresh tokens: opaque, one new token per use ("refresh tokens replace themselves with a fresh
 *    token upon every use"; the old one is not revoked), invalid after 90 days without use
 *    (AADSTS700082) or once the user's TokensValidFrom moves past them (password change, AADSTS50173).
 * Revocation and "expire now" use issue serial numbers, not times, so a token made in the same
 * millisecond as a revocation is still decided correctly.
 */
import { createHash, randomBytes, randomUUID } from "node:crypto";
import type { AccessGrant, AccessTokenVerifier, EmulatedAccount, EmulatorClock, VerifyResult } from "../emulator-contract.js";
import { Aadsts } from "./aad-error.js";
import type { AadError } from "./aad-error.js";
import type { JwtSigner } from "./jwt-signer.js";
import { opaqueToken } from "./jwt-signer.js";

export const REFRESH_TOKEN_INACTIVITY_MS = 90 * 24 * 60 * 60 * 1000;
const ID_TOKEN_LIFETIME_S = 3600;
const GRAPH_APP_ID = "00000003-0000-0000-c000-000000000000";

export interface TokenResponse {
  token_type: "Bearer";
  scope: string;
  expires_in: number;
  ext_expires_in: number;
  access_token: string;
  refresh_token?: string;
  id_token?: string;
  client_info?: string;
}

export interface IssueRequest {
  account: EmulatedAccount;
  clientId: string;
  appName: string;
  /** Graph permissions the access token carries. */
  resourceScopes: string[];
  /** openid/profile/email/offline_access as requested. */
  oidcScopes: string[];
  nonce?: string;
  clientInfo: boolean;
}

export interface RefreshTokenRecord {
  token: string;
  address: string;
  clientId: string;
  issuedAt: number;
  serial: number;
}

interface AccessTokenRecord {
  address: string;
  scopes: string[];
  issuedAt: number;
  expiresAt: number;
  serial: number;
}

export class TokenIssuer implements AccessTokenVerifier {
  private serial = 0;
  private readonly refreshTokens = new Map<string, RefreshTokenRecord>();
  private readonly accessTokens = new Map<string, AccessTokenRecord>();
  private readonly idTokens: string[] = [];
  /** Per address: refresh tokens with a serial at or below this are revoked, and when that happened. */
  private readonly revokedThrough = new Map<string, { serial: number; at: number }>();
  private accessTokensExpiredThrough = 0;

  constructor(
    private readonly signer: JwtSigner,
    private readonly clock: EmulatorClock,
    private readonly baseUrl: string,
    private readonly accessTokenLifetimeSeconds: number,
  ) {}

  issue(req: IssueRequest): TokenResponse {
    const now = this.clock.now();
    const serial = ++this.serial;
    const { account } = req;
    const expiresIn = this.accessTokenLifetimeSeconds;
    const accessToken = account.kind === "work" ? this.workAccessToken(req, now) : opaqueToken("EwB", 900);
    this.accessTokens.set(accessToken, {
      address: account.address,
      scopes: [...req.resourceScopes],
      issuedAt: now,
      expiresAt: now + expiresIn * 1000,
      serial,
    });
    const response: TokenResponse = {
      token_type: "Bearer",
      scope: [...req.resourceScopes, ...req.oidcScopes].join(" "),
      expires_in: expiresIn,
      ext_expires_in: expiresIn,
      access_token: accessToken,
    };
    if (req.oidcScopes.includes("offline_access")) {
      const token = opaqueToken(account.kind === "work" ? "0.A" : "M.C5", 560);
      this.refreshTokens.set(token, { token, address: account.address, clientId: req.clientId, issuedAt: now, serial });
      response.refresh_token = token;
    }
    if (req.oidcScopes.includes("openid")) {
      const idToken = this.idToken(req, now);
      this.idTokens.push(idToken);
      response.id_token = idToken;
    }
    if (req.clientInfo) {
      response.client_info = Buffer.from(JSON.stringify({ uid: account.oid, utid: account.tid })).toString("base64url");
    }
    return response;
  }

  /** The record behind a refresh token, or the error Microsoft answers for it. */
  checkRefreshToken(token: string, clientId: string): RefreshTokenRecord | AadError {
    const record = this.refreshTokens.get(token);
    if (!record) return Aadsts.malformedGrant();
    if (record.clientId.toLowerCase() !== clientId.toLowerCase()) {
      return Aadsts.invalidGrant("The refresh token was issued to a different client.");
    }
    const revoked = this.revokedThrough.get(record.address.toLowerCase());
    if (revoked && record.serial <= revoked.serial) return Aadsts.refreshTokenRevoked(record.issuedAt, revoked.at);
    if (this.clock.now() - record.issuedAt > REFRESH_TOKEN_INACTIVITY_MS) return Aadsts.refreshTokenInactive(record.issuedAt);
    return record;
  }

  verify(bearerToken: string): VerifyResult {
    const record = this.accessTokens.get(bearerToken);
    if (!record) return { ok: false, reason: "invalid" };
    if (record.serial <= this.accessTokensExpiredThrough || this.clock.now() >= record.expiresAt) {
      return { ok: false, reason: "expired" };
    }
    const grant: AccessGrant = { account: record.address, scopes: [...record.scopes], expiresAt: record.expiresAt };
    return { ok: true, grant };
  }

  /** Like a password change or "revoke sessions": every refresh token issued so far stops working. */
  revokeRefreshTokens(address: string): void {
    this.revokedThrough.set(address.toLowerCase(), { serial: this.serial, at: this.clock.now() });
  }

  /** Ages the refresh tokens of `address` (or of everyone) past the 90-day inactivity limit. */
  expireRefreshTokensByInactivity(address?: string): void {
    const agedIssue = this.clock.now() - REFRESH_TOKEN_INACTIVITY_MS - 60_000;
    for (const record of this.refreshTokens.values()) {
      if (!address || record.address.toLowerCase() === address.toLowerCase()) record.issuedAt = Math.min(record.issuedAt, agedIssue);
    }
  }

  /** Every access token issued so far is expired from now on (Graph answers 401). */
  expireAccessTokens(): void {
    this.accessTokensExpiredThrough = this.serial;
  }

  /** Every secret string this issuer handed out, for "no token on disk" checks. */
  issuedSecrets(): string[] {
    return [...this.accessTokens.keys(), ...this.refreshTokens.keys(), ...this.idTokens];
  }

  /** Refresh tokens issued to `address`, oldest first (tests check rotation). */
  refreshTokensOf(address: string): string[] {
    return [...this.refreshTokens.values()]
      .filter((r) => r.address.toLowerCase() === address.toLowerCase())
      .sort((a, b) => a.serial - b.serial)
      .map((r) => r.token);
  }

  private idToken(req: IssueRequest, now: number): string {
    const { account } = req;
    const iat = Math.floor(now / 1000);
    const claims: Record<string, unknown> = {
      aud: req.clientId,
      iss: `${this.baseUrl}/${account.tid}/v2.0`,
      iat,
      nbf: iat,
      exp: iat + ID_TOKEN_LIFETIME_S,
      aio: randomBytes(48).toString("base64url"),
      name: account.displayName,
      oid: account.oid,
      preferred_username: account.address,
      rh: `0.${randomBytes(24).toString("base64url")}.`,
      sub: pairwiseSubject(account.oid, req.clientId),
      tid: account.tid,
      uti: randomBytes(16).toString("base64url"),
      ver: "2.0",
    };
    if (req.nonce) claims.nonce = req.nonce;
    if (req.oidcScopes.includes("email") && account.kind === "work") claims.email = account.address;
    return this.signer.sign(claims);
  }

  private workAccessToken(req: IssueRequest, now: number): string {
    const { account } = req;
    const iat = Math.floor(now / 1000);
    return this.signer.sign(
      {
        aud: GRAPH_APP_ID,
        iss: `https://sts.windows.net/${account.tid}/`,
        iat,
        nbf: iat,
        exp: iat + this.accessTokenLifetimeSeconds,
        acct: 0,
        app_displayname: req.appName,
        appid: req.clientId,
        idtyp: "user",
        name: account.displayName,
        oid: account.oid,
        scp: req.resourceScopes.join(" "),
        sub: pairwiseSubject(account.oid, GRAPH_APP_ID),
        tid: account.tid,
        unique_name: account.address,
        upn: account.address,
        uti: randomBytes(16).toString("base64url"),
        ver: "1.0",
        xms_tcdt: iat,
      },
      { nonce: randomUUID().replace(/-/g, "") },
    );
  }
}

/** `sub` is pairwise: the same user has a different subject in every application. */
function pairwiseSubject(oid: string, clientId: string): string {
  return createHash("sha256").update(`${oid}|${clientId.toLowerCase()}`).digest("base64url");
}
