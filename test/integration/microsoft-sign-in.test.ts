// Lifeboat's Microsoft sign-in (real @azure/msal-node) against the identity emulator over HTTPS,
// with the token cache in the real keychain (GNOME Keyring on D-Bus; run with
// `sh test/run-tests.sh microsoft-sign-in`). The "browser" is scripted: it loads the sign-in
// pages, types the address and password, presses Accept, and its form_post lands in MSAL's own
// loopback server. The client trusts the emulator's CA only through LIFEBOAT_EXTRA_CA_CERTS.
import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { randomUUID } from "node:crypto";
import { promises as fsp } from "node:fs";
import os from "node:os";
import path from "node:path";
import type { MicrosoftAccountSettings } from "../../shared/microsoft-account.js";
import { MICROSOFT_CONSUMERS_TENANT_ID } from "../../shared/microsoft-account.js";
import { LifeboatError } from "../../electron/engine/errors.js";
import { EXTRA_CA_ENV, resetHttpsAgent } from "../../electron/engine/net/tls-trust.js";
import { KeyringSecretStore } from "../../electron/engine/secrets/keyring-secret-store.js";
import { requestBitLockerAccess } from "../../electron/engine/providers/microsoft/auth/bitlocker-access.js";
import { tokenCacheEntryName } from "../../electron/engine/providers/microsoft/auth/keychain-cache-plugin.js";
import { MICROSOFT_BITLOCKER_SCOPES } from "../../electron/engine/providers/microsoft/auth/microsoft-scopes.js";
import type { MicrosoftAuthDeps } from "../../electron/engine/providers/microsoft/auth/microsoft-session.js";
import { signInInteractive, signInWithDeviceCode } from "../../electron/engine/providers/microsoft/auth/microsoft-sign-in.js";
import type { DeviceCodePrompt } from "../../electron/engine/providers/microsoft/auth/microsoft-sign-in.js";
import { MicrosoftTokenProvider } from "../../electron/engine/providers/microsoft/auth/microsoft-token-provider.js";
import { newMicrosoftAccountSettings } from "../../electron/engine/providers/microsoft/auth/new-account-settings.js";
import { SignInRequiredError } from "../../electron/engine/providers/microsoft/auth/sign-in-errors.js";
import type { EmulatedAccount } from "../emulators/microsoft/emulator-contract.js";
import { startIdentityEmulator } from "../emulators/microsoft/identity/identity-emulator.js";
import type { IdentityEmulator } from "../emulators/microsoft/identity/identity-emulator.js";
import { createLocalTls } from "../emulators/tls/local-ca.js";
import { ScriptedBrowser } from "../helpers/scripted-browser.js";
import type { BrowserPage } from "../helpers/scripted-browser.js";

const WORK_TID = randomUUID();
const OTHER_TID = randomUUID();
const personal: EmulatedAccount = {
  address: "malik@outlook.com",
  kind: "personal",
  displayName: "Malik Personal",
  password: "correct horse personal",
  oid: `00000000-0000-0000-${randomUUID().slice(19)}`,
  tid: MICROSOFT_CONSUMERS_TENANT_ID,
};
const work: EmulatedAccount = {
  address: "ada@contoso.example",
  kind: "work",
  displayName: "Ada Work",
  password: "correct horse work",
  oid: randomUUID(),
  tid: WORK_TID,
};
const otherWork: EmulatedAccount = {
  address: "bob@fabrikam.example",
  kind: "work",
  displayName: "Bob Elsewhere",
  password: "correct horse fabrikam",
  oid: randomUUID(),
  tid: OTHER_TID,
};

const newcomer: EmulatedAccount = {
  address: "cleo@contoso.example",
  kind: "work",
  displayName: "Cleo Newcomer",
  password: "correct horse cleo",
  oid: randomUUID(),
  tid: WORK_TID,
};

const service = `lifeboat-test-${process.pid}-${randomUUID()}`;
const secrets = new KeyringSecretStore({ service });
const deps: MicrosoftAuthDeps = { secrets };

let emulator: IdentityEmulator;
let ca: string;
let tmp: string;

/** secret-tool: an independent Secret Service client. */
function secretTool(args: string[]): Promise<{ code: number; stdout: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn("secret-tool", args, { stdio: ["ignore", "pipe", "ignore"] });
    let stdout = "";
    child.stdout.setEncoding("utf8").on("data", (c: string) => (stdout += c));
    child.on("error", reject);
    child.on("close", (code) => resolve({ code: code ?? -1, stdout }));
  });
}

async function keychainEntry(settings: MicrosoftAccountSettings): Promise<string | null> {
  const r = await secretTool(["lookup", "service", service, "username", tokenCacheEntryName(settings.id)]);
  return r.code === 0 ? r.stdout : null;
}

interface SerializedCache {
  Account: Record<string, unknown>;
  AccessToken: Record<string, unknown>;
  RefreshToken: Record<string, { secret: string }>;
}

function refreshSecretsIn(entry: string): string[] {
  return Object.values((JSON.parse(entry) as SerializedCache).RefreshToken).map((r) => r.secret);
}

function settingsFor(tenant = "common"): MicrosoftAccountSettings {
  return newMicrosoftAccountSettings({ authority: emulator.authority(tenant), graphEndpoint: "https://graph.emulator.test" });
}

interface BrowserScript {
  address: string;
  password: string;
  /** What to press on the consent page. */
  consent?: "accept" | "cancel";
  /** Inspect each page; return "stop" to leave the browser there. */
  onPage?: (page: BrowserPage) => "stop" | void;
}

/** Plays the person at the browser: sign-in page, then consent (if shown), until the app has its answer. */
async function playSignIn(browser: ScriptedBrowser, start: BrowserPage, script: BrowserScript): Promise<BrowserPage> {
  let page = start;
  for (let step = 0; step < 10; step++) {
    if (script.onPage?.(page) === "stop") return page;
    const form = page.forms[0];
    if (!form) return page;
    if (form.id === "signin") page = await browser.submit(page, { fields: { login: script.address, passwd: script.password } });
    else if (form.id === "consent" || form.id === "confirm") page = await browser.submit(page, { press: script.consent ?? "accept" });
    else return page;
  }
  throw new Error("sign-in did not finish");
}

/** An openBrowser for MSAL that runs the scripted browser. */
function scriptedOpenBrowser(script: BrowserScript, seen: BrowserPage[] = []) {
  return async (url: string): Promise<void> => {
    const browser = new ScriptedBrowser({ ca });
    const first = await browser.open(url);
    await playSignIn(browser, first, script);
    seen.push(...browser.history);
  };
}

async function signIn(account: EmulatedAccount, settings: MicrosoftAccountSettings, seen: BrowserPage[] = []): Promise<MicrosoftAccountSettings> {
  return signInInteractive(settings, deps, { openBrowser: scriptedOpenBrowser({ address: account.address, password: account.password }, seen) });
}

async function rejectsWith(promise: Promise<unknown>, check: (e: LifeboatError) => void): Promise<LifeboatError> {
  try {
    await promise;
  } catch (error) {
    assert.ok(error instanceof LifeboatError, `expected a LifeboatError, got ${String(error)}\n${(error as Error).stack ?? ""}`);
    check(error);
    return error;
  }
  assert.fail("expected the promise to reject");
}

before(async () => {
  assert.ok(process.env.DBUS_SESSION_BUS_ADDRESS, "no D-Bus session: run with `sh test/run-tests.sh microsoft-sign-in`");
  tmp = await fsp.mkdtemp(path.join(os.tmpdir(), "lifeboat-ms-sign-in-"));
  const tls = await createLocalTls();
  ca = tls.caCertPem;
  const caFile = path.join(tmp, "emulator-ca.pem");
  await fsp.writeFile(caFile, tls.caCertPem);
  // The only way the client learns to trust the emulator: the same setting a corporate proxy needs.
  process.env[EXTRA_CA_ENV] = caFile;
  resetHttpsAgent();
  emulator = await startIdentityEmulator({ accounts: [personal, work, otherWork, newcomer], tls, deviceCodeIntervalSeconds: 1 });
});

after(async () => {
  resetHttpsAgent();
  await emulator?.close();
  await secretTool(["clear", "service", service]);
  if (tmp) await fsp.rm(tmp, { recursive: true, force: true });
});

describe("interactive sign-in (authorization code + PKCE, loopback)", () => {
  let settings: MicrosoftAccountSettings;

  test("a personal account signs in through common; the consent page lists what Lifeboat reads", async () => {
    const seen: BrowserPage[] = [];
    settings = await signIn(personal, settingsFor("common"), seen);
    assert.equal(settings.accountKind, "personal");
    assert.equal(settings.tenantId, MICROSOFT_CONSUMERS_TENANT_ID);
    assert.equal(settings.username, personal.address);
    assert.equal(settings.homeAccountId, `${personal.oid}.${personal.tid}`);
    assert.equal(settings.bitLocker, "unavailable");

    const consent = seen.find((p) => p.forms[0]?.id === "consent");
    assert.ok(consent, "a consent page was shown");
    for (const text of ["Read your mail", "Read your calendars", "Read your contacts", "Read all files that you have access to", "Maintain access to data you have given it access to"]) {
      assert.ok(consent.text.includes(text), `consent page lists "${text}": ${consent.text}`);
    }
    const last = seen[seen.length - 1];
    assert.match(last?.text ?? "", /Lifeboat is signed in/, "the browser ends on MSAL's loopback success page");
    assert.equal(emulator.tokenRequestCount({ grantType: "authorization_code", outcome: "ok", address: personal.address }), 1);
  });

  test("the token cache is in the keychain: refresh token yes, access tokens no", async () => {
    const entry = await keychainEntry(settings);
    assert.ok(entry, "secret-tool finds the cache entry");
    const cache = JSON.parse(entry) as SerializedCache;
    assert.equal(Object.keys(cache.Account).length, 1);
    assert.deepEqual(cache.AccessToken, {});
    const issued = emulator.refreshTokensOf(personal.address);
    assert.deepEqual(refreshSecretsIn(entry), [issued[issued.length - 1]]);
  });

  test("a backup gets a token silently, refreshed at the consumers authority, and Graph accepts it", async () => {
    const provider = new MicrosoftTokenProvider(settings, deps);
    assert.equal(provider.authority, emulator.authority("consumers"));
    const before = emulator.tokenRequestCount({ grantType: "refresh_token" });
    const token = await provider.getAccessToken();
    assert.equal(emulator.tokenRequestCount({ grantType: "refresh_token" }), before + 1, "a fresh process has no access token, only the refresh token");
    const last = emulator.tokenRequests().at(-1);
    assert.equal(last?.tenant, "consumers");
    const verdict = emulator.verifier.verify(token.token);
    assert.ok(verdict.ok, JSON.stringify(verdict));
    assert.equal(verdict.grant.account, personal.address);
    for (const scope of ["User.Read", "Mail.Read", "Calendars.Read", "Contacts.Read", "Files.Read.All"]) assert.ok(verdict.grant.scopes.includes(scope), scope);

    const again = await provider.getAccessToken();
    assert.equal(again.token, token.token, "served from MSAL's memory");
    assert.equal(emulator.tokenRequestCount({ grantType: "refresh_token" }), before + 1);
  });
});

describe("silent refresh, rotation, expiry and revocation", () => {
  let settings: MicrosoftAccountSettings;
  let provider: MicrosoftTokenProvider;

  before(async () => {
    // Signed in in the suite above; consent is remembered, so no consent page this time.
    const seen: BrowserPage[] = [];
    settings = await signIn(personal, settingsFor("common"), seen);
    assert.equal(seen.filter((p) => p.forms[0]?.id === "consent").length, 0, "consent is asked once per permission");
    provider = new MicrosoftTokenProvider(settings, deps);
  });

  test("an access token Graph rejects is replaced by a forced refresh, and the refresh token rotates", async () => {
    const first = await provider.getAccessToken();
    const rtBefore = refreshSecretsIn((await keychainEntry(settings)) ?? "{}");
    emulator.expireAccessTokens();
    assert.deepEqual(emulator.verifier.verify(first.token), { ok: false, reason: "expired" });

    const second = await provider.getAccessToken(undefined, { forceRefresh: true });
    assert.notEqual(second.token, first.token);
    assert.ok(emulator.verifier.verify(second.token).ok);
    const rtAfter = refreshSecretsIn((await keychainEntry(settings)) ?? "{}");
    assert.equal(rtAfter.length, 1);
    assert.notDeepEqual(rtAfter, rtBefore, "a new refresh token replaced the old one in the keychain");
    assert.equal(rtAfter[0], emulator.refreshTokensOf(personal.address).at(-1));
  });

  test("when the access token expires by time, the next request refreshes it silently", async (t) => {
    const current = await provider.getAccessToken();
    const refreshes = emulator.tokenRequestCount({ grantType: "refresh_token", outcome: "ok" });
    // Both MSAL and the emulator read Date: two hours pass for both.
    t.mock.timers.enable({ apis: ["Date"], now: Date.now() });
    try {
      t.mock.timers.tick(2 * 60 * 60 * 1000);
      assert.deepEqual(emulator.verifier.verify(current.token), { ok: false, reason: "expired" });
      const renewed = await provider.getAccessToken();
      assert.equal(emulator.tokenRequestCount({ grantType: "refresh_token", outcome: "ok" }), refreshes + 1);
      assert.notEqual(renewed.token, current.token);
      assert.ok(emulator.verifier.verify(renewed.token).ok);
    } finally {
      t.mock.timers.reset();
    }
  });

  test("a revoked refresh token (password change) asks for a new sign-in, exit code 4", async () => {
    emulator.revokeRefreshTokens(personal.address);
    const error = await rejectsWith(new MicrosoftTokenProvider(settings, deps).getAccessToken(), (e) => {
      assert.ok(e instanceof SignInRequiredError);
      assert.equal(e.code, "needs-sign-in");
      assert.equal(e.exitCode, 4);
      assert.equal(e.reason, "revoked");
      assert.match(e.message, /malik@outlook\.com/);
      assert.match(e.message, /lifeboat add microsoft/);
    });
    assert.equal((error as SignInRequiredError).detail, "AADSTS50173");
    assert.equal(emulator.tokenRequests().at(-1)?.outcome, "invalid_grant");

    // Signing in again restores backups.
    settings = await signIn(personal, settings);
    provider = new MicrosoftTokenProvider(settings, deps);
    assert.ok(emulator.verifier.verify((await provider.getAccessToken()).token).ok);
  });

  test("a refresh token unused for 90 days (AADSTS700082) asks for a new sign-in, every time", async () => {
    emulator.expireRefreshTokensByInactivity(personal.address);
    await rejectsWith(provider.getAccessToken(undefined, { forceRefresh: true }), (e) => {
      assert.ok(e instanceof SignInRequiredError);
      assert.equal(e.reason, "expired");
      assert.equal(e.detail, "AADSTS700082");
      assert.match(e.message, /90 days/);
    });
    // The next run (a new process) asks Microsoft again and gets the same, telling answer.
    await rejectsWith(new MicrosoftTokenProvider(settings, deps).getAccessToken(), (e) => {
      assert.ok(e instanceof SignInRequiredError);
      assert.equal(e.reason, "expired");
    });
  });

  test("signing in again as a different person is refused and leaves the cache as it was", async () => {
    settings = await signIn(personal, settings);
    await rejectsWith(signIn(otherWork, settings), (e) => {
      assert.equal(e.code, "wrong-account");
      assert.match(e.message, /bob@fabrikam\.example/);
    });
    const cache = JSON.parse((await keychainEntry(settings)) ?? "{}") as SerializedCache;
    assert.deepEqual(Object.values(cache.Account).map((a) => (a as { username: string }).username), [personal.address]);
  });

  test("sign-out removes the keychain entry; the next backup needs a sign-in", async () => {
    await new MicrosoftTokenProvider(settings, deps).signOut();
    assert.equal(await keychainEntry(settings), null);
    await rejectsWith(new MicrosoftTokenProvider(settings, deps).getAccessToken(), (e) => {
      assert.ok(e instanceof SignInRequiredError);
      assert.equal(e.reason, "not-signed-in");
    });
  });
});

describe("work accounts and authorities", () => {
  test("a work account signs in through organizations; refreshes go to its tenant id", async () => {
    const settings = await signIn(work, settingsFor("organizations"));
    assert.equal(settings.accountKind, "work");
    assert.equal(settings.tenantId, WORK_TID);
    assert.equal(settings.bitLocker, "not-requested");
    const provider = new MicrosoftTokenProvider(settings, deps);
    assert.equal(provider.authority, emulator.authority(WORK_TID));
    const token = await provider.getAccessToken();
    assert.equal(emulator.tokenRequests().at(-1)?.tenant, WORK_TID);
    const verdict = emulator.verifier.verify(token.token);
    assert.ok(verdict.ok && verdict.grant.account === work.address);
  });

  /** Starts an interactive sign-in, lets the script look at the pages, then cancels it. */
  async function refusedSignIn(account: EmulatedAccount, tenant: string, expect: RegExp): Promise<void> {
    const controller = new AbortController();
    let sawRefusal = false;
    const openBrowser = scriptedOpenBrowser({
      address: account.address,
      password: account.password,
      onPage: (page) => {
        if (!expect.test(page.text)) return;
        sawRefusal = true;
        // The person gives up and closes the window; the app cancels the wait.
        controller.abort();
        return "stop";
      },
    });
    await rejectsWith(signInInteractive(settingsFor(tenant), deps, { openBrowser, signal: controller.signal }), (e) => assert.equal(e.code, "sign-in-cancelled"));
    assert.ok(sawRefusal, `the sign-in page said ${String(expect)}`);
  }

  test("a personal account cannot sign in through organizations", () =>
    refusedSignIn(personal, "organizations", /You can't sign in here with a personal account\. Use your work or school account instead\./));

  test("a personal account cannot sign in through a work tenant (AADSTS50020)", () =>
    refusedSignIn(personal, WORK_TID, /AADSTS50020: User account 'malik@outlook\.com' from identity provider 'live\.com' does not exist in tenant/));

  test("a work account cannot sign in through consumers", () =>
    refusedSignIn(work, "consumers", /That Microsoft account doesn't exist/));

  test("a work account cannot sign in through another organization's tenant (AADSTS50020)", () =>
    refusedSignIn(otherWork, WORK_TID, /AADSTS50020: User account 'bob@fabrikam\.example' from identity provider 'https:\/\/sts\.windows\.net\//));

  test("an unknown client id gets Microsoft's error page (AADSTS700016) and no redirect", async () => {
    const settings = { ...settingsFor("common"), clientId: randomUUID() };
    const controller = new AbortController();
    const seen: BrowserPage[] = [];
    const openBrowser = async (url: string) => {
      const page = await new ScriptedBrowser({ ca }).open(url);
      seen.push(page);
      controller.abort();
    };
    await rejectsWith(signInInteractive(settings, deps, { openBrowser, signal: controller.signal }), (e) => assert.equal(e.code, "sign-in-cancelled"));
    assert.match(seen[0]?.text ?? "", new RegExp(`AADSTS700016: Application with identifier '${settings.clientId}' was not found in the directory`));
    assert.equal(seen[0]?.forms.length, 0);
  });

  test("a wrong password is reported on the page and can be corrected", async () => {
    let attempts = 0;
    const seen: BrowserPage[] = [];
    const openBrowser = async (url: string) => {
      const browser = new ScriptedBrowser({ ca });
      let page = await browser.open(url);
      page = await browser.submit(page, { fields: { login: work.address, passwd: "not the password" } });
      attempts++;
      seen.push(page);
      await playSignIn(browser, page, { address: work.address, password: work.password });
    };
    const settings = await signInInteractive(settingsFor("common"), deps, { openBrowser });
    assert.equal(attempts, 1);
    assert.match(seen[0]?.text ?? "", /Your account or password is incorrect/);
    assert.equal(seen[0]?.forms[0]?.id, "signin", "the sign-in form is shown again");
    assert.equal(settings.username, work.address);
  });

  test("declining consent ends the sign-in with AADSTS65004 and nothing saved", async () => {
    const settings = settingsFor("common");
    const openBrowser = scriptedOpenBrowser({ address: newcomer.address, password: newcomer.password, consent: "cancel" });
    await rejectsWith(signInInteractive(settings, deps, { openBrowser }), (e) => {
      assert.equal(e.code, "sign-in-declined");
      assert.equal(e.exitCode, 4);
      assert.match(e.message, /AADSTS65004/);
    });
    assert.equal(await keychainEntry(settings), null);
  });

  test("an authority whose certificate is not trusted fails with advice about LIFEBOAT_EXTRA_CA_CERTS", async () => {
    const stranger = await startIdentityEmulator({ accounts: [personal], tls: await createLocalTls() });
    try {
      const settings = newMicrosoftAccountSettings({ authority: stranger.authority("common") });
      await rejectsWith(signInWithDeviceCode(settings, deps, { onCode: () => assert.fail("no code expected") }), (e) => {
        assert.equal(e.code, "tls-untrusted");
        assert.match(e.message, /LIFEBOAT_EXTRA_CA_CERTS/);
      });
    } finally {
      await stranger.close();
    }
  });
});

describe("device code sign-in (headless)", () => {
  /** The person on another device: opens the verification page, types the code, signs in. */
  async function approveOnAnotherDevice(prompt: DeviceCodePrompt, account: EmulatedAccount, decision: "accept" | "cancel" = "accept"): Promise<BrowserPage> {
    const browser = new ScriptedBrowser({ ca });
    const entry = await browser.open(prompt.verificationUri);
    const signInPage = await browser.submit(entry, { form: "devicelogin", fields: { otc: prompt.userCode } });
    return playSignIn(browser, signInPage, { address: account.address, password: account.password, consent: decision });
  }

  test("the code is shown, approved elsewhere, and MSAL's polling completes", async () => {
    let approval: Promise<BrowserPage> | undefined;
    let prompt: DeviceCodePrompt | undefined;
    const settings = await signInWithDeviceCode(settingsFor("common"), deps, {
      onCode: (p) => {
        prompt = p;
        approval = approveOnAnotherDevice(p, work);
      },
    });
    const done = await approval;
    assert.ok(prompt);
    assert.match(prompt.message, new RegExp(`enter the code ${prompt.userCode}`));
    assert.match(prompt.userCode, /^[A-Z0-9]{9}$/);
    assert.equal(done?.html.includes('data-result="approved"'), true, done?.text);
    assert.equal(settings.username, work.address);
    assert.equal(settings.accountKind, "work");
    const polls = emulator.tokenRequests().filter((r) => r.grantType === "device_code");
    assert.equal(polls.at(-1)?.outcome, "ok");
    assert.ok(!polls.some((r) => r.outcome === "slow_down"), "MSAL keeps to the interval");
    assert.ok(emulator.verifier.verify((await new MicrosoftTokenProvider(settings, deps).getAccessToken()).token).ok);
  });

  test("declining on the verification page ends the sign-in", async () => {
    let approval: Promise<BrowserPage> | undefined;
    await rejectsWith(
      signInWithDeviceCode(settingsFor("common"), deps, { onCode: (p) => (approval = approveOnAnotherDevice(p, personal, "cancel")) }),
      (e) => assert.equal(e.code, "sign-in-declined"),
    );
    assert.equal((await approval)?.html.includes('data-result="declined"'), true);
    assert.equal(emulator.tokenRequests().at(-1)?.outcome, "authorization_declined");
  });

  test("a code nobody enters expires (expired_token)", async () => {
    await rejectsWith(signInWithDeviceCode(settingsFor("common"), deps, { onCode: () => emulator.expireDeviceCodes() }), (e) => assert.equal(e.code, "sign-in-expired"));
    assert.equal(emulator.tokenRequests().at(-1)?.outcome, "expired_token");
  });

  test("the caller can stop waiting", async () => {
    const controller = new AbortController();
    await rejectsWith(signInWithDeviceCode(settingsFor("common"), deps, { onCode: () => controller.abort(), signal: controller.signal }), (e) => assert.equal(e.code, "sign-in-cancelled"));
  });

  test("an unknown client id is reported as such (AADSTS700016)", async () => {
    const settings = { ...settingsFor("common"), clientId: randomUUID() };
    await rejectsWith(signInWithDeviceCode(settings, deps, { onCode: () => assert.fail("no code for an unknown app") }), (e) => {
      assert.equal(e.code, "unknown-client");
      assert.match(e.message, /AADSTS700016/);
    });
  });
});

describe("BitLocker permission (work accounts, admin consent)", () => {
  test("without admin consent the user sees 'Need admin approval' and BitLocker is switched off, not the account", async () => {
    const settings = await signIn(work, settingsFor("common"));
    const seen: BrowserPage[] = [];
    const result = await requestBitLockerAccess(settings, deps, {
      interactive: { openBrowser: scriptedOpenBrowser({ address: work.address, password: work.password, consent: "cancel" }, seen) },
    });
    assert.equal(result.bitLocker, "needs-admin-consent");
    assert.ok(seen.some((p) => /Need admin approval/.test(p.text) && /Read your BitLocker keys/.test(p.text)));
    // The backup scopes still work.
    assert.ok(emulator.verifier.verify((await new MicrosoftTokenProvider(result, deps).getAccessToken()).token).ok);
  });

  test("once an admin consented for the tenant, the permission comes silently", async () => {
    emulator.grantAdminConsent(WORK_TID, [...MICROSOFT_BITLOCKER_SCOPES]);
    const settings = await signIn(work, settingsFor("common"));
    const result = await requestBitLockerAccess(settings, deps, { interactive: { openBrowser: async () => assert.fail("no browser needed") } });
    assert.equal(result.bitLocker, "granted");
    const token = await new MicrosoftTokenProvider(result, deps).getAccessToken(MICROSOFT_BITLOCKER_SCOPES);
    const verdict = emulator.verifier.verify(token.token);
    assert.ok(verdict.ok && verdict.grant.scopes.includes("BitLockerKey.Read.All"));
  });

  test("personal accounts have no BitLocker API", async () => {
    const settings = await signIn(personal, settingsFor("consumers"));
    const result = await requestBitLockerAccess(settings, deps, { interactive: { openBrowser: async () => assert.fail("not asked") } });
    assert.equal(result.bitLocker, "unavailable");
  });
});

describe("no token on disk", () => {
  async function filesUnder(root: string): Promise<string[]> {
    const out: string[] = [];
    const walk = async (dir: string): Promise<void> => {
      let entries;
      try {
        entries = await fsp.readdir(dir, { withFileTypes: true });
      } catch {
        return;
      }
      for (const e of entries) {
        const full = path.join(dir, e.name);
        if (e.isDirectory()) await walk(full);
        else if (e.isFile()) out.push(full);
      }
    };
    await walk(root);
    return out;
  }

  async function filesContaining(roots: string[], needles: string[]): Promise<string[]> {
    const hits: string[] = [];
    const probes = needles.map((n) => Buffer.from(n.slice(5, 45)));
    for (const root of roots) {
      for (const file of await filesUnder(root)) {
        const bytes = await fsp.readFile(file).catch(() => Buffer.alloc(0));
        if (probes.some((p) => bytes.includes(p))) hits.push(file);
      }
    }
    return hits;
  }

  test("no access, refresh or id token appears in any file of the test's temp dirs or the keyring's own files", async () => {
    const secretsIssued = emulator.issuedSecrets();
    assert.ok(secretsIssued.length > 20, "the suite issued tokens");
    const session = process.env.LIFEBOAT_TEST_SESSION_DIR;
    const roots = [tmp, ...(session ? [session] : [])];
    if (session) {
      const keyrings = (await filesUnder(path.join(session, "data", "keyrings"))).filter((f) => f.endsWith(".keyring"));
      assert.ok(keyrings.length > 0, "GNOME Keyring keeps its (encrypted) keyring file in the sandbox");
    }
    // The scan can fail: a token written to a file is found.
    const control = path.join(tmp, "control");
    await fsp.mkdir(control);
    await fsp.writeFile(path.join(control, "leak.json"), JSON.stringify({ token: secretsIssued[0] }));
    assert.deepEqual(await filesContaining([control], secretsIssued), [path.join(control, "leak.json")]);
    await fsp.rm(control, { recursive: true });

    assert.deepEqual(await filesContaining(roots, secretsIssued), []);
  });
});
