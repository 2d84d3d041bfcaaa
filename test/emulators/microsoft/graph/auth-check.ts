// The resource-server side of sign-in: the bearer token is checked by the identity emulator's
// verifier (as Graph checks a real token's signature), then the token's delegated scopes are held
// against what the route needs. Failures look like Graph's: 401 InvalidAuthenticationToken with a
// WWW-Authenticate challenge, 403 with the workload's own access-denied code.
import type { AccessGrant, AccessTokenVerifier } from "../emulator-contract.js";
import { GraphError } from "./graph-errors.js";

const CHALLENGE =
  'Bearer realm="", authorization_uri="https://login.microsoftonline.com/common/oauth2/authorize", client_id="00000003-0000-0000-c000-000000000000"';

export function authenticate(verifier: AccessTokenVerifier, authorization: string | undefined): AccessGrant {
  const match = /^Bearer\s+(\S+)\s*$/i.exec(authorization ?? "");
  if (!match) {
    throw new GraphError(401, "InvalidAuthenticationToken", "Access token is empty.", { headers: { "www-authenticate": CHALLENGE } });
  }
  const result = verifier.verify(match[1] ?? "");
  if (result.ok) return result.grant;
  if (result.reason === "expired") {
    throw new GraphError(401, "InvalidAuthenticationToken", "Lifetime validation failed, the token is expired.", {
      headers: { "www-authenticate": `${CHALLENGE}, error="invalid_token", error_description="The access token is expired"` },
    });
  }
  throw new GraphError(401, "InvalidAuthenticationToken", "IDX14100: JWT is not well formed, there are no dots (.).", {
    headers: { "www-authenticate": CHALLENGE },
  });
}

/** "https://graph.microsoft.com/Mail.Read" and "Mail.Read" are the same scope. */
function normalizeScope(scope: string): string {
  const slash = scope.lastIndexOf("/");
  return (slash >= 0 ? scope.slice(slash + 1) : scope).toLowerCase();
}

/** True when the grant holds any of the scopes (or ".default", which stands for all consented ones). */
export function hasAnyScope(grant: AccessGrant, anyOf: readonly string[]): boolean {
  const held = new Set(grant.scopes.flatMap((s) => s.split(/\s+/)).map(normalizeScope));
  if (held.has(".default")) return true;
  return anyOf.some((s) => held.has(s.toLowerCase()));
}

export const SCOPES = {
  mailRead: ["Mail.ReadBasic", "Mail.Read", "Mail.ReadWrite"],
  mailReadBody: ["Mail.Read", "Mail.ReadWrite"],
  mailWrite: ["Mail.ReadWrite"],
  contactsRead: ["Contacts.Read", "Contacts.ReadWrite"],
  calendarsRead: ["Calendars.ReadBasic", "Calendars.Read", "Calendars.ReadWrite"],
  filesRead: ["Files.Read", "Files.Read.All", "Files.ReadWrite", "Files.ReadWrite.All"],
  userRead: ["User.Read", "User.ReadWrite", "User.ReadBasic.All", "User.Read.All"],
  bitlockerBasic: ["BitLockerKey.ReadBasic.All", "BitLockerKey.Read.All"],
  bitlockerKey: ["BitLockerKey.Read.All"],
} as const;
