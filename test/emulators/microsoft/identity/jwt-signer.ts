/**
 * RS256 JSON Web Tokens and the JWKS that publishes their key, as the identity platform signs its
 * id tokens (and work-account access tokens). One RSA key per emulator run; `kid` and `x5t` carry
 * the same thumbprint-like id, as in Microsoft's key set.
 */
import { createHash, generateKeyPair, randomBytes, sign, verify } from "node:crypto";
import type { KeyObject } from "node:crypto";
import { promisify } from "node:util";

const generateKeyPairAsync = promisify(generateKeyPair);

export type JwtClaims = Record<string, unknown>;

export interface Jwk {
  kty: "RSA";
  use: "sig";
  kid: string;
  x5t: string;
  n: string;
  e: string;
  issuer?: string;
}

function b64url(data: Buffer | string): string {
  return Buffer.from(data).toString("base64url");
}

export class JwtSigner {
  private constructor(
    private readonly privateKey: KeyObject,
    private readonly publicKey: KeyObject,
    readonly kid: string,
  ) {}

  static async create(): Promise<JwtSigner> {
    const { privateKey, publicKey } = await generateKeyPairAsync("rsa", { modulusLength: 2048 });
    const der = publicKey.export({ type: "spki", format: "der" });
    const kid = createHash("sha1").update(der).digest("base64url");
    return new JwtSigner(privateKey, publicKey, kid);
  }

  /** A signed compact JWT; `extraHeader` lets access tokens carry Graph's `nonce` header. */
  sign(claims: JwtClaims, extraHeader: Record<string, string> = {}): string {
    const header = { typ: "JWT", ...extraHeader, alg: "RS256", x5t: this.kid, kid: this.kid };
    const input = `${b64url(JSON.stringify(header))}.${b64url(JSON.stringify(claims))}`;
    const signature = sign("RSA-SHA256", Buffer.from(input), this.privateKey);
    return `${input}.${b64url(signature)}`;
  }

  /** The claims of a token this signer made, or null if the signature or form is wrong. */
  verify(token: string): JwtClaims | null {
    const parts = token.split(".");
    if (parts.length !== 3) return null;
    const [h, p, s] = parts as [string, string, string];
    const ok = verify("RSA-SHA256", Buffer.from(`${h}.${p}`), this.publicKey, Buffer.from(s, "base64url"));
    if (!ok) return null;
    try {
      return JSON.parse(Buffer.from(p, "base64url").toString("utf8")) as JwtClaims;
    } catch {
      return null;
    }
  }

  jwk(issuer?: string): Jwk {
    const jwk = this.publicKey.export({ format: "jwk" }) as { n: string; e: string };
    const out: Jwk = { kty: "RSA", use: "sig", kid: this.kid, x5t: this.kid, n: jwk.n, e: jwk.e };
    if (issuer) out.issuer = issuer;
    return out;
  }
}

/** Decodes a JWT's payload without checking it (what MSAL itself does with id tokens). */
export function decodeJwtPayload(token: string): JwtClaims {
  const payload = token.split(".")[1];
  if (!payload) throw new Error("not a JWT");
  return JSON.parse(Buffer.from(payload, "base64url").toString("utf8")) as JwtClaims;
}

/** An opaque random token with a recognisable prefix, like Microsoft's refresh tokens. */
export function opaqueToken(prefix: string, bytes: number): string {
  return prefix + randomBytes(bytes).toString("base64url");
}
