/**
 * Scope strings as the v2.0 endpoints read them: space-separated; the OpenID Connect scopes
 * (openid, profile, email, offline_access) are about the sign-in itself, every other scope is a
 * permission on a resource. Only Microsoft Graph is emulated, and Graph is the default resource, so
 * "Mail.Read" and "https://graph.microsoft.com/Mail.Read" name the same permission; ".default"
 * means "whatever was consented". Comparisons are case-insensitive, as at Microsoft.
 */

export const OIDC_SCOPES = ["openid", "profile", "email", "offline_access"] as const;

/** Permissions that need a tenant administrator's consent (Graph permissions reference). */
export const ADMIN_CONSENT_SCOPES = ["BitLockerKey.Read.All", "BitLockerKey.ReadBasic.All"];

/** Delegated permissions a personal Microsoft account cannot have ("Microsoft Account supported: No"). */
export const WORK_ONLY_SCOPES = ["BitLockerKey.Read.All", "BitLockerKey.ReadBasic.All"];

export interface ParsedScopes {
  /** openid/profile/email/offline_access as requested, lower-case. */
  oidc: string[];
  /** Graph permissions as written by the client, prefix removed. */
  resource: string[];
  /** ".default" was asked for. */
  defaultScope: boolean;
}

const GRAPH_PREFIXES = ["https://graph.microsoft.com/", "00000003-0000-0000-c000-000000000000/"];

export function parseScopes(raw: string | undefined, graphUrl?: string): ParsedScopes {
  const prefixes = graphUrl ? [...GRAPH_PREFIXES, `${graphUrl.replace(/\/+$/, "")}/`] : GRAPH_PREFIXES;
  const oidc: string[] = [];
  const resource: string[] = [];
  let defaultScope = false;
  for (const token of (raw ?? "").split(/\s+/).filter(Boolean)) {
    const lower = token.toLowerCase();
    if ((OIDC_SCOPES as readonly string[]).includes(lower)) {
      if (!oidc.includes(lower)) oidc.push(lower);
      continue;
    }
    let name = token;
    for (const prefix of prefixes) {
      if (lower.startsWith(prefix.toLowerCase())) name = token.slice(prefix.length);
    }
    if (name.toLowerCase() === ".default") {
      defaultScope = true;
      continue;
    }
    if (!includesScope(resource, name)) resource.push(name);
  }
  return { oidc, resource, defaultScope };
}

export function includesScope(list: readonly string[], scope: string): boolean {
  const lower = scope.toLowerCase();
  return list.some((s) => s.toLowerCase() === lower);
}

/** Scopes of `wanted` that are not in `have`. */
export function missingScopes(wanted: readonly string[], have: readonly string[]): string[] {
  return wanted.filter((s) => !includesScope(have, s));
}

export function unionScopes(a: readonly string[], b: readonly string[]): string[] {
  return [...a, ...missingScopes(b, a)];
}
