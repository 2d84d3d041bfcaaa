/**
 * Signing a Microsoft account in, as a public client:
 *  - interactively: authorization code + PKCE, MSAL's loopback server on 127.0.0.1 (redirect
 *    http://localhost:<random port>), the sign-in page opened by the caller's `openBrowser`
 *    (the CLI prints and opens the URL, the app uses shell.openExternal);
 *  - with a device code, for a machine without a browser: the caller shows MSAL's message
 *    ("open … and enter the code …") and MSAL polls until the person has signed in elsewhere.
 * The result is the account's settings with who signed in and the account kind recorded; the
 * tokens are in the keychain. Signing in again must be the same person.
 */
import http from "node:http";
import { ServerError } from "@azure/msal-node";
import type { AccountInfo, AuthenticationResult, PublicClientApplication } from "@azure/msal-node";
import type { MicrosoftAccountSettings } from "../../../../../shared/microsoft-account.js";
import { LifeboatError } from "../../../errors.js";
import { ExitCode } from "../../../../../shared/archive-types.js";
import { accountKindOf } from "./account-authority.js";
import { MicrosoftSession } from "./microsoft-session.js";
import type { MicrosoftAuthDeps } from "./microsoft-session.js";

export interface InteractiveSignInOptions {
  /** Opens the sign-in URL in the user's browser; resolve once it is opened (not when signed in). */
  openBrowser: (url: string) => Promise<void>;
  /** Cancels the wait for the browser (the user closed the window, pressed Ctrl-C...). */
  signal?: AbortSignal;
  /** Pre-fills the address on the sign-in page. */
  loginHint?: string;
  /** Scopes to ask for instead of the account's (used for the separate BitLocker permission). */
  scopes?: readonly string[];
  /** prompt=consent: show the consent page even if everything was granted before. */
  forceConsent?: boolean;
}

export interface DeviceCodePrompt {
  /** Microsoft's own instruction, e.g. "To sign in, use a web browser to open the page … and enter the code …". */
  message: string;
  userCode: string;
  verificationUri: string;
  expiresInSeconds: number;
}

export interface DeviceCodeSignInOptions {
  /** Shows the code to the user (stderr in the CLI). */
  onCode: (prompt: DeviceCodePrompt) => void;
  /** Stops polling; MSAL checks it before each poll, so it takes effect within one interval. */
  signal?: AbortSignal;
  scopes?: readonly string[];
}

const SUCCESS_PAGE = `<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>Lifeboat</title></head><body style="font-family:system-ui,sans-serif;margin:3em"><h1>Lifeboat is signed in</h1><p>You can close this window and return to Lifeboat.</p></body></html>`;
const ERROR_PAGE = `<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>Lifeboat</title></head><body style="font-family:system-ui,sans-serif;margin:3em"><h1>The sign-in did not complete</h1><p>Return to Lifeboat to see what happened and try again.</p></body></html>`;

function scopesFor(settings: MicrosoftAccountSettings, override?: readonly string[]): string[] {
  return [...(override ?? settings.scopes)];
}

/**
 * Tells MSAL's loopback server that the sign-in was abandoned, by posting an error with the
 * request's own state to the redirect URI, the same way the identity platform would. Without it
 * MSAL would wait for the browser forever.
 */
function abandonLoopback(authorizeUrl: string): void {
  const url = new URL(authorizeUrl);
  const redirectUri = url.searchParams.get("redirect_uri");
  const state = url.searchParams.get("state");
  if (!redirectUri || !state) return;
  const target = new URL(redirectUri);
  // MSAL's server listens on 127.0.0.1 only, while the redirect URI says "localhost".
  if (target.hostname === "localhost") target.hostname = "127.0.0.1";
  if (target.protocol !== "http:" || target.hostname !== "127.0.0.1") return;
  const body = new URLSearchParams({ error: "access_denied", error_description: "Cancelled in Lifeboat.", state }).toString();
  const req = http.request(target, { method: "POST", headers: { "content-type": "application/x-www-form-urlencoded", "content-length": Buffer.byteLength(body) } }, (res) => res.resume());
  req.on("error", () => undefined);
  req.end(body);
}

function recordAccount(settings: MicrosoftAccountSettings, result: AuthenticationResult): MicrosoftAccountSettings {
  const account = result.account;
  if (!account) throw new LifeboatError("Microsoft's answer named no account. Try the sign-in again.");
  const tenantId = (account.idTokenClaims?.tid as string | undefined) ?? account.tenantId;
  const accountKind = accountKindOf(tenantId);
  return {
    ...settings,
    homeAccountId: account.homeAccountId,
    username: account.username,
    tenantId,
    accountKind,
    bitLocker: accountKind === "personal" ? "unavailable" : (settings.bitLocker ?? "not-requested"),
  };
}

/** Signing in again must be the same account; anything else is removed from the cache again. */
async function checkSameAccount(pca: PublicClientApplication, settings: MicrosoftAccountSettings, account: AccountInfo | null): Promise<void> {
  if (!settings.homeAccountId || !account || account.homeAccountId === settings.homeAccountId) return;
  await pca.getTokenCache().removeAccount(account);
  throw new LifeboatError(
    `You signed in as ${account.username}, but this Lifeboat account backs up ${settings.username ?? settings.homeAccountId}. Sign in with that account, or add ${account.username} as a new account.`,
    ExitCode.needsCredentials,
    "wrong-account",
  );
}

export async function signInInteractive(settings: MicrosoftAccountSettings, deps: MicrosoftAuthDeps, opts: InteractiveSignInOptions): Promise<MicrosoftAccountSettings> {
  const session = new MicrosoftSession(settings, deps);
  const pca = session.client(settings.authority);
  let authorizeUrl: string | undefined;
  let cancelled = false;
  const onAbort = () => {
    cancelled = true;
    if (authorizeUrl) abandonLoopback(authorizeUrl);
  };
  opts.signal?.addEventListener("abort", onAbort, { once: true });
  try {
    if (opts.signal?.aborted) onAbort();
    const result = await pca.acquireTokenInteractive({
      scopes: scopesFor(settings, opts.scopes),
      loginHint: opts.loginHint ?? settings.username,
      prompt: opts.forceConsent ? "consent" : "select_account",
      successTemplate: SUCCESS_PAGE,
      errorTemplate: ERROR_PAGE,
      openBrowser: async (url: string) => {
        authorizeUrl = url;
        if (cancelled) throw new LifeboatError("The Microsoft sign-in was cancelled. Nothing was saved.", ExitCode.needsCredentials, "sign-in-cancelled");
        await opts.openBrowser(url);
      },
    });
    await checkSameAccount(pca, settings, result.account);
    return recordAccount(settings, result);
  } catch (error) {
    throw session.translate(error, { action: "sign-in", authority: settings.authority, cancelled });
  } finally {
    opts.signal?.removeEventListener("abort", onAbort);
  }
}

export async function signInWithDeviceCode(settings: MicrosoftAccountSettings, deps: MicrosoftAuthDeps, opts: DeviceCodeSignInOptions): Promise<MicrosoftAccountSettings> {
  const session = new MicrosoftSession(settings, deps);
  const pca = session.client(settings.authority);
  // MSAL does not check the /devicecode answer: an error (unknown client, unknown tenant) reaches
  // the callback as a response without a code. Then polling is stopped and the error reported.
  let refused = false;
  const request = {
    scopes: scopesFor(settings, opts.scopes),
    cancel: false,
    deviceCodeCallback: (response: { message?: string; userCode?: string; deviceCode?: string; verificationUri?: string; expiresIn?: number }) => {
      if (!response.userCode || !response.deviceCode || !response.verificationUri) {
        refused = true;
        request.cancel = true;
        return;
      }
      opts.onCode({ message: response.message ?? "", userCode: response.userCode, verificationUri: response.verificationUri, expiresInSeconds: response.expiresIn ?? 0 });
    },
  };
  // MSAL reads `cancel` before every poll.
  const onAbort = () => {
    request.cancel = true;
  };
  opts.signal?.addEventListener("abort", onAbort, { once: true });
  if (opts.signal?.aborted) request.cancel = true;
  try {
    const result = await pca.acquireTokenByDeviceCode(request);
    if (!result) throw new LifeboatError("The device-code sign-in returned no result. Try again.");
    await checkSameAccount(pca, settings, result.account);
    return recordAccount(settings, result);
  } catch (error) {
    const answer = session.network.lastErrorAnswer;
    if (refused && answer) {
      throw session.translate(new ServerError(answer.error, "", answer.errorDescription), { action: "sign-in", authority: settings.authority });
    }
    throw session.translate(error, { action: "sign-in", authority: settings.authority, cancelled: request.cancel });
  } finally {
    opts.signal?.removeEventListener("abort", onAbort);
  }
}
