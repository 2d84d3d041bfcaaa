import type { MicrosoftAccountSettings } from "../../../../../shared/microsoft-account.js";
import type { SecretStore } from "../../../secrets/secret-store.js";

/** How a sign-in reaches the user: the system browser, or a code to type on another device. */
export type SignInPrompt = { interactive: { openBrowser: (url: string) => Promise<void> } } | { deviceCode: { onCode: (p: { message: string }) => void } };

/**
 * Signs in to a Microsoft account and returns its settings, BitLocker access included for work
 * accounts (asked for separately; a refusal only switches that part off). Shared by the CLI's
 * `add microsoft`, `lifeboat demo` and the desktop app.
 */
export async function signInMicrosoft(settings: MicrosoftAccountSettings, secrets: SecretStore, prompt: SignInPrompt, bitlocker: boolean, signal?: AbortSignal): Promise<MicrosoftAccountSettings> {
  // Loaded here: MSAL is only needed to sign in (and by account backups).
  const { signInInteractive, signInWithDeviceCode } = await import("./microsoft-sign-in.js");
  const { requestBitLockerAccess } = await import("./bitlocker-access.js");
  const deps = { secrets };
  let signed =
    "interactive" in prompt
      ? await signInInteractive(settings, deps, { openBrowser: prompt.interactive.openBrowser, signal })
      : await signInWithDeviceCode(settings, deps, { onCode: prompt.deviceCode.onCode, signal });
  if (signed.accountKind === "work" && bitlocker) {
    signed = await requestBitLockerAccess(signed, deps, "interactive" in prompt ? { interactive: { openBrowser: prompt.interactive.openBrowser, signal } } : { deviceCode: { onCode: prompt.deviceCode.onCode, signal } });
  } else if (signed.accountKind === "work") signed = { ...signed, bitLocker: "not-requested" };
  else signed = { ...signed, bitLocker: "unavailable" };
  return signed;
}

