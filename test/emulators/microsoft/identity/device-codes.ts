/**
 * Device authorization grants (RFC 8628, learn.microsoft.com v2-oauth2-device-code): a device code
 * the client polls with and a short user code the person types at the verification page. Polling
 * faster than `interval` gets slow_down and adds 5 seconds to the interval (RFC 8628 §3.5).
 */
import { randomBytes, randomInt } from "node:crypto";
import type { EmulatedAccount, EmulatorClock } from "../emulator-contract.js";
import { Aadsts } from "./aad-error.js";
import type { AadError } from "./aad-error.js";
import type { TenantRef } from "./tenant-directory.js";

export type DeviceCodeState = "pending" | "approved" | "declined" | "redeemed";

export interface DeviceGrant {
  deviceCode: string;
  userCode: string;
  clientId: string;
  tenantSegment: string;
  tenant: TenantRef;
  resourceScopes: string[];
  oidcScopes: string[];
  issuedAt: number;
  expiresAt: number;
  intervalSeconds: number;
  state: DeviceCodeState;
  account?: EmulatedAccount;
  lastPollAt?: number;
}

// Microsoft's user codes are 9 characters of upper-case letters and digits.
const USER_CODE_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789";

export class DeviceCodes {
  private readonly byDevice = new Map<string, DeviceGrant>();
  private readonly byUser = new Map<string, DeviceGrant>();

  constructor(
    private readonly clock: EmulatorClock,
    private readonly lifetimeSeconds: number,
    private readonly intervalSeconds: number,
  ) {}

  create(init: Pick<DeviceGrant, "clientId" | "tenantSegment" | "tenant" | "resourceScopes" | "oidcScopes">): DeviceGrant {
    let userCode = "";
    do {
      userCode = Array.from({ length: 9 }, () => USER_CODE_ALPHABET[randomInt(USER_CODE_ALPHABET.length)]).join("");
    } while (this.byUser.has(userCode));
    const now = this.clock.now();
    const grant: DeviceGrant = {
      ...init,
      deviceCode: `DAQABIQEAAAB${randomBytes(120).toString("base64url")}`,
      userCode,
      issuedAt: now,
      expiresAt: now + this.lifetimeSeconds * 1000,
      intervalSeconds: this.intervalSeconds,
      state: "pending",
    };
    this.byDevice.set(grant.deviceCode, grant);
    this.byUser.set(userCode, grant);
    return grant;
  }

  /** The grant a person's typed code names, if it is still waiting for them. */
  byUserCode(typed: string): DeviceGrant | undefined {
    const grant = this.byUser.get(typed.replace(/[\s-]/g, "").toUpperCase());
    if (!grant || grant.state !== "pending" || this.clock.now() >= grant.expiresAt) return undefined;
    return grant;
  }

  /** One poll of the token endpoint: the approved grant, or the error to answer. */
  poll(deviceCode: string, clientId: string): DeviceGrant | AadError {
    const grant = this.byDevice.get(deviceCode);
    if (!grant || grant.clientId.toLowerCase() !== clientId.toLowerCase() || grant.state === "redeemed") {
      return Aadsts.badVerificationCode();
    }
    const now = this.clock.now();
    if (now >= grant.expiresAt) return Aadsts.deviceCodeExpired();
    if (grant.state === "declined") return Aadsts.deviceCodeDeclined();
    const last = grant.lastPollAt;
    grant.lastPollAt = now;
    // 10 % slack: a client that sleeps `interval` between polls must never be told to slow down
    // because its timer and the emulator's clock disagree by a millisecond.
    if (last !== undefined && now - last < grant.intervalSeconds * 900) {
      grant.intervalSeconds += 5;
      return Aadsts.slowDown();
    }
    if (grant.state === "pending") return Aadsts.authorizationPending();
    grant.state = "redeemed";
    return grant;
  }

  /** Expires every outstanding device code now (tests of expired_token). */
  expireAll(): void {
    const now = this.clock.now();
    for (const grant of this.byDevice.values()) grant.expiresAt = Math.min(grant.expiresAt, now);
  }
}
