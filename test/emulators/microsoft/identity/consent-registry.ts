/**
 * Who agreed to what: each user's consent per application (remembered, so the consent page is
 * shown once per new permission, as at Microsoft) and a tenant administrator's consent for the
 * whole organization (the only way to get permissions marked "Admin consent required").
 */
import type { EmulatedAccount } from "../emulator-contract.js";
import { ADMIN_CONSENT_SCOPES, includesScope, missingScopes, unionScopes, WORK_ONLY_SCOPES } from "./scopes.js";

export class ConsentRegistry {
  private readonly userConsents = new Map<string, string[]>();
  private readonly adminConsents = new Map<string, string[]>();

  private key(account: EmulatedAccount, clientId: string): string {
    return `${account.address.toLowerCase()}|${clientId.toLowerCase()}`;
  }

  /** Every Graph permission `account` has granted `clientId`, directly or through its admin. */
  granted(account: EmulatedAccount, clientId: string): string[] {
    const mine = this.userConsents.get(this.key(account, clientId)) ?? [];
    const admin = account.kind === "work" ? (this.adminConsents.get(account.tid.toLowerCase()) ?? []) : [];
    return unionScopes(mine, admin);
  }

  /** Of `wanted`, what the consent page must still ask for. */
  pending(account: EmulatedAccount, clientId: string, wanted: readonly string[]): string[] {
    return missingScopes(wanted, this.granted(account, clientId));
  }

  /** Of `scopes`, those a personal account can never have. */
  unsupportedForAccount(account: EmulatedAccount, scopes: readonly string[]): string[] {
    return account.kind === "personal" ? scopes.filter((s) => includesScope(WORK_ONLY_SCOPES, s)) : [];
  }

  /** Of `scopes`, those a user of `account`'s tenant cannot grant alone. */
  needingAdmin(account: EmulatedAccount, scopes: readonly string[]): string[] {
    if (account.kind !== "work") return [];
    return scopes.filter((s) => includesScope(ADMIN_CONSENT_SCOPES, s));
  }

  grant(account: EmulatedAccount, clientId: string, scopes: readonly string[]): void {
    const key = this.key(account, clientId);
    this.userConsents.set(key, unionScopes(this.userConsents.get(key) ?? [], scopes));
  }

  grantAdmin(tid: string, scopes: readonly string[]): void {
    const key = tid.toLowerCase();
    this.adminConsents.set(key, unionScopes(this.adminConsents.get(key) ?? [], scopes));
  }

  /** The user removes the app from their account (myapps / account.live.com "apps and services"). */
  revoke(account: EmulatedAccount, clientId: string): void {
    this.userConsents.delete(this.key(account, clientId));
  }
}
