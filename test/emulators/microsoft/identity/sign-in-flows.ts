/**
 * A sign-in in progress in the browser: what the app asked for (from the authorize request, or
 * from a device code the person typed) and, after the password step, who signed in. Pages carry
 * only the flow's random token (like Microsoft's `flowToken` field), so no cookies are needed.
 */
import { randomBytes } from "node:crypto";
import type { EmulatedAccount, EmulatorClock } from "../emulator-contract.js";
import type { DeviceGrant } from "./device-codes.js";
import type { TenantRef } from "./tenant-directory.js";

const FLOW_LIFETIME_MS = 60 * 60 * 1000;

export type ResponseMode = "form_post" | "query" | "fragment";

export interface AuthorizeParams {
  redirectUri: string;
  responseMode: ResponseMode;
  state?: string;
  nonce?: string;
  codeChallenge?: string;
  codeChallengeMethod?: string;
  /** prompt=consent: show the consent page even when everything was granted before. */
  forceConsent: boolean;
}

export interface SignInFlow {
  token: string;
  tenantSegment: string;
  tenant: TenantRef;
  clientId: string;
  appName: string;
  resourceScopes: string[];
  oidcScopes: string[];
  createdAt: number;
  /** Set for interactive (authorization code) sign-ins. */
  authorize?: AuthorizeParams;
  /** Set for sign-ins that approve a device code. */
  device?: DeviceGrant;
  /** Set once the password was accepted. */
  account?: EmulatedAccount;
  /** Device flows: the person confirmed "Are you trying to sign in to …?". */
  confirmed?: boolean;
}

export class SignInFlows {
  private readonly flows = new Map<string, SignInFlow>();

  constructor(private readonly clock: EmulatorClock) {}

  start(init: Omit<SignInFlow, "token" | "createdAt">): SignInFlow {
    const flow: SignInFlow = { ...init, token: `AQABAAEAAAD${randomBytes(48).toString("base64url")}`, createdAt: this.clock.now() };
    this.flows.set(flow.token, flow);
    return flow;
  }

  get(token: string | null): SignInFlow | undefined {
    if (!token) return undefined;
    const flow = this.flows.get(token);
    if (!flow || this.clock.now() - flow.createdAt > FLOW_LIFETIME_MS) return undefined;
    return flow;
  }

  end(flow: SignInFlow): void {
    this.flows.delete(flow.token);
  }
}
