// The seam between the Microsoft identity emulator and the Graph emulator: both run in one process
// (tests, `lifeboat demo`), the identity side issues access tokens and the Graph side asks it
// whether a bearer token is good, as a resource server would check a real token's signature.

export type AccountKind = "personal" | "work";

/** A signed-in-able account of the emulated cloud. */
export interface EmulatedAccount {
  /** Sign-in name and mailbox address, e.g. "malik@outlook.com". */
  address: string;
  kind: AccountKind;
  displayName: string;
  /** Password the sign-in page accepts. */
  password: string;
  /** Object id (GUID) of the user. */
  oid: string;
  /** Tenant id: 9188040d-6c67-4c5b-b112-36a304b66dad for personal accounts, a tenant GUID for work. */
  tid: string;
}

export const CONSUMERS_TENANT_ID = "9188040d-6c67-4c5b-b112-36a304b66dad";

export interface AccessGrant {
  /** The account's address. */
  account: string;
  scopes: string[];
  /** Milliseconds since the epoch (emulator clock). */
  expiresAt: number;
}

export type VerifyResult = { ok: true; grant: AccessGrant } | { ok: false; reason: "expired" | "invalid" };

export interface AccessTokenVerifier {
  verify(bearerToken: string): VerifyResult;
}

/** The emulators' clock; tests move it forward to expire tokens and delta state. */
export interface EmulatorClock {
  now(): number;
}

export const systemClock: EmulatorClock = { now: () => Date.now() };
