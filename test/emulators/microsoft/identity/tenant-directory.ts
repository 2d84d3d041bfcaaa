/**
 * The `{tenant}` segment of the identity platform's URLs and who may sign in through it
 * (learn.microsoft.com/entra/identity-platform/v2-protocols, "Endpoints"):
 *   common        — work/school accounts and personal Microsoft accounts
 *   organizations — work/school accounts only
 *   consumers     — personal Microsoft accounts only (same as the tenant id 9188040d-…)
 *   a tenant GUID or one of its domain names — that tenant's own users only.
 */
import { CONSUMERS_TENANT_ID } from "../emulator-contract.js";
import type { EmulatedAccount } from "../emulator-contract.js";
import { Aadsts } from "./aad-error.js";
import type { AadError } from "./aad-error.js";

export type TenantRef =
  | { kind: "common" }
  | { kind: "organizations" }
  | { kind: "consumers" }
  | { kind: "tenant"; tid: string };

/** What the sign-in page does with an account that may not sign in here. */
export type SignInRefusal =
  /** Shown next to the address field, as Microsoft's home-realm discovery does. */
  | { inline: string }
  /** The "Sorry, but we're having trouble signing you in" page with an AADSTS code. */
  | { error: AadError };

/** Identity provider names as they appear in AADSTS50020. */
function identityProvider(account: EmulatedAccount): string {
  return account.kind === "personal" ? "live.com" : `https://sts.windows.net/${account.tid}/`;
}

export class TenantDirectory {
  private readonly tenantNames = new Map<string, string>();
  private readonly domains = new Map<string, string>();

  constructor(accounts: readonly EmulatedAccount[], names: Record<string, string> = {}) {
    for (const account of accounts) {
      if (account.kind !== "work") continue;
      const domain = account.address.split("@")[1]?.toLowerCase();
      if (domain) this.domains.set(domain, account.tid.toLowerCase());
      if (!this.tenantNames.has(account.tid.toLowerCase())) {
        const label = (domain ?? "tenant").split(".")[0] ?? "tenant";
        this.tenantNames.set(account.tid.toLowerCase(), label.charAt(0).toUpperCase() + label.slice(1));
      }
    }
    for (const [tid, name] of Object.entries(names)) this.tenantNames.set(tid.toLowerCase(), name);
  }

  /** The tenant a URL segment names, or null when no such tenant exists (AADSTS90002). */
  resolve(segment: string): TenantRef | null {
    const s = segment.toLowerCase();
    if (s === "common") return { kind: "common" };
    if (s === "organizations") return { kind: "organizations" };
    if (s === "consumers" || s === CONSUMERS_TENANT_ID) return { kind: "consumers" };
    if (this.tenantNames.has(s)) return { kind: "tenant", tid: s };
    const byDomain = this.domains.get(s);
    if (byDomain) return { kind: "tenant", tid: byDomain };
    return null;
  }

  tenantName(tid: string): string {
    if (tid.toLowerCase() === CONSUMERS_TENANT_ID) return "Microsoft Services";
    return this.tenantNames.get(tid.toLowerCase()) ?? tid;
  }

  /** Why `account` may not sign in through `ref`, in the form the sign-in page shows it; null if it may. */
  signInRefusal(ref: TenantRef, account: EmulatedAccount, clientId: string, appName: string): SignInRefusal | null {
    switch (ref.kind) {
      case "common":
        return null;
      case "organizations":
        return account.kind === "personal" ? { inline: "You can't sign in here with a personal account. Use your work or school account instead." } : null;
      case "consumers":
        return account.kind === "work" ? { inline: "That Microsoft account doesn't exist. Enter a different account or get a new one." } : null;
      case "tenant":
        if (account.kind === "work" && account.tid.toLowerCase() === ref.tid) return null;
        return {
          error: Aadsts.accountNotInTenant(account.address, identityProvider(account), this.tenantName(ref.tid), clientId, appName),
        };
    }
  }

  /** The same rule at the token endpoint (a grant redeemed through another authority). */
  tokenRefusal(ref: TenantRef, account: EmulatedAccount, clientId: string, appName: string): AadError | null {
    if (ref.kind === "organizations" && account.kind === "personal") return Aadsts.personalAccountNotAllowed(account.address);
    if (ref.kind === "consumers" && account.kind === "work") {
      return Aadsts.accountNotInTenant(account.address, identityProvider(account), this.tenantName(CONSUMERS_TENANT_ID), clientId, appName);
    }
    if (ref.kind === "tenant" && !(account.kind === "work" && account.tid.toLowerCase() === ref.tid)) {
      return Aadsts.accountNotInTenant(account.address, identityProvider(account), this.tenantName(ref.tid), clientId, appName);
    }
    return null;
  }

  /** The directory named in AADSTS700016 for a request through `ref`. */
  directoryName(ref: TenantRef): string {
    switch (ref.kind) {
      case "tenant":
        return this.tenantName(ref.tid);
      case "consumers":
        return "Microsoft Accounts";
      default:
        return ref.kind;
    }
  }

  /** The tenant id an issuer names: the real one when the segment fixes it, else the `{tenantid}` placeholder. */
  issuerTenant(ref: TenantRef): string {
    if (ref.kind === "tenant") return ref.tid;
    if (ref.kind === "consumers") return CONSUMERS_TENANT_ID;
    return "{tenantid}";
  }
}
