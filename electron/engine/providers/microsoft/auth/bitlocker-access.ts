/**
 * The separate, optional permission to read BitLocker recovery keys (see microsoft-scopes.ts for
 * why it is not part of the sign-in). Work/school accounts only; personal accounts have no API for
 * their keys (they are at account.microsoft.com/devices/recoverykey).
 *
 * First a silent attempt: if a tenant administrator already granted the permission for everyone,
 * the existing sign-in gets it without a browser. Otherwise an interactive (or device-code)
 * sign-in asks for it alone; "Need admin approval" ends as `needs-admin-consent`, not an error,
 * so the rest of the backup goes on.
 */
import type { MicrosoftAccountSettings } from "../../../../../shared/microsoft-account.js";
import { LifeboatError } from "../../../errors.js";
import { MICROSOFT_BITLOCKER_SCOPES } from "./microsoft-scopes.js";
import type { MicrosoftAuthDeps } from "./microsoft-session.js";
import { signInInteractive, signInWithDeviceCode } from "./microsoft-sign-in.js";
import type { DeviceCodeSignInOptions, InteractiveSignInOptions } from "./microsoft-sign-in.js";
import { MicrosoftTokenProvider } from "./microsoft-token-provider.js";
import { SignInRequiredError } from "./sign-in-errors.js";

export type BitLockerPrompt = { interactive: Omit<InteractiveSignInOptions, "scopes"> } | { deviceCode: Omit<DeviceCodeSignInOptions, "scopes"> };

export async function requestBitLockerAccess(settings: MicrosoftAccountSettings, deps: MicrosoftAuthDeps, prompt: BitLockerPrompt): Promise<MicrosoftAccountSettings> {
  if (settings.accountKind !== "work") return { ...settings, bitLocker: "unavailable" };
  try {
    await new MicrosoftTokenProvider(settings, deps).getAccessToken(MICROSOFT_BITLOCKER_SCOPES);
    return { ...settings, bitLocker: "granted" };
  } catch (error) {
    if (!(error instanceof SignInRequiredError && error.reason === "consent")) throw error;
  }
  const scopes = [...MICROSOFT_BITLOCKER_SCOPES, "offline_access"];
  try {
    const signedIn =
      "interactive" in prompt
        ? await signInInteractive(settings, deps, { ...prompt.interactive, scopes })
        : await signInWithDeviceCode(settings, deps, { ...prompt.deviceCode, scopes });
    return { ...signedIn, bitLocker: "granted" };
  } catch (error) {
    if (error instanceof LifeboatError && error.code === "needs-admin-consent") return { ...settings, bitLocker: "needs-admin-consent" };
    throw error;
  }
}
