/**
 * Which authority to use for an account after its first sign-in.
 *
 * The first sign-in goes through the configured authority (usually `common`, which takes both
 * kinds of account). Later silent refreshes go to the account's own home: `consumers` for a
 * personal account (tid 9188040d-…), the tenant GUID for a work/school account. A 2026 field report
 * saw personal-account refresh tokens obtained through `common` rejected at the first refresh
 * while the same sign-in through `consumers` kept working (research microsoft.md §4.3), and the
 * tenant GUID keeps a work account from being routed to another directory.
 */
import { MICROSOFT_CONSUMERS_TENANT_ID } from "../../../../../shared/microsoft-account.js";
import type { MicrosoftAccountKind, MicrosoftAccountSettings } from "../../../../../shared/microsoft-account.js";

export function accountKindOf(tenantId: string): MicrosoftAccountKind {
  return tenantId.toLowerCase() === MICROSOFT_CONSUMERS_TENANT_ID ? "personal" : "work";
}

/** `https://host[:port]` of an authority URL: what MSAL must treat as a known authority. */
export function authorityHost(authority: string): string {
  return new URL(authority).host;
}

/** The authority with its tenant segment (the last path segment) replaced. */
export function withTenant(authority: string, tenant: string): string {
  const url = new URL(authority);
  const segments = url.pathname.split("/").filter(Boolean);
  segments[segments.length === 0 ? 0 : segments.length - 1] = tenant;
  return `${url.origin}/${segments.join("/")}`;
}

/** The authority for silent refreshes: the account's home, once known; the configured one before. */
export function refreshAuthority(settings: Pick<MicrosoftAccountSettings, "authority" | "accountKind" | "tenantId">): string {
  if (!settings.accountKind || !settings.tenantId) return settings.authority;
  return withTenant(settings.authority, settings.accountKind === "personal" ? "consumers" : settings.tenantId);
}
