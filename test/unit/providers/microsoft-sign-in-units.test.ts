// The small parts of Lifeboat's Microsoft sign-in, each alone: which authority refreshes go to,
// what the keychain cache plugin stores, how MSAL's errors become advice, and the TLS trust store.
import { describe, test } from "node:test";
import assert from "node:assert/strict";
import { promises as fsp } from "node:fs";
import https from "node:https";
import type { AddressInfo } from "node:net";
import os from "node:os";
import path from "node:path";
import tls from "node:tls";
import { InteractionRequiredAuthError, ServerError, AuthError } from "@azure/msal-node";
import type { ISerializableTokenCache, TokenCacheContext } from "@azure/msal-node";
import { MICROSOFT_CONSUMERS_TENANT_ID } from "../../../shared/microsoft-account.js";
import { LifeboatError } from "../../../electron/engine/errors.js";
import { addTrustedCaPem, EXTRA_CA_ENV, httpsAgent, parsePemCertificates, resetHttpsAgent, trustedCertificates } from "../../../electron/engine/net/tls-trust.js";
import type { SecretStore } from "../../../electron/engine/secrets/secret-store.js";
import { SecretStoreUnavailableError } from "../../../electron/engine/secrets/secret-store.js";
import { accountKindOf, refreshAuthority, withTenant } from "../../../electron/engine/providers/microsoft/auth/account-authority.js";
import { KeychainCachePlugin, tokenCacheEntryName } from "../../../electron/engine/providers/microsoft/auth/keychain-cache-plugin.js";
import { MICROSOFT_BACKUP_SCOPES, MICROSOFT_BITLOCKER_SCOPES } from "../../../electron/engine/providers/microsoft/auth/microsoft-scopes.js";
import { aadstsCode, translateMsalError } from "../../../electron/engine/providers/microsoft/auth/msal-error-translation.js";
import type { TranslationContext } from "../../../electron/engine/providers/microsoft/auth/msal-error-translation.js";
import { newMicrosoftAccountSettings } from "../../../electron/engine/providers/microsoft/auth/new-account-settings.js";
import { SignInRequiredError } from "../../../electron/engine/providers/microsoft/auth/sign-in-errors.js";
import { createLocalTls } from "../../emulators/tls/local-ca.js";

describe("account authority", () => {
  test("personal accounts refresh through consumers, work accounts through their tenant id", () => {
    const base = { authority: "https://login.microsoftonline.com/common" };
    assert.equal(refreshAuthority(base), "https://login.microsoftonline.com/common", "before the first sign-in");
    assert.equal(refreshAuthority({ ...base, accountKind: "personal", tenantId: MICROSOFT_CONSUMERS_TENANT_ID }), "https://login.microsoftonline.com/consumers");
    assert.equal(refreshAuthority({ ...base, accountKind: "work", tenantId: "72f988bf-86f1-41af-91ab-2d7cd011db47" }), "https://login.microsoftonline.com/72f988bf-86f1-41af-91ab-2d7cd011db47");
    assert.equal(refreshAuthority({ authority: "https://login.microsoftonline.us/organizations", accountKind: "work", tenantId: "t" }), "https://login.microsoftonline.us/t", "national clouds keep their host");
    assert.equal(refreshAuthority({ authority: "https://127.0.0.1:4443/common", accountKind: "personal", tenantId: MICROSOFT_CONSUMERS_TENANT_ID }), "https://127.0.0.1:4443/consumers");
  });

  test("account kind from tid", () => {
    assert.equal(accountKindOf(MICROSOFT_CONSUMERS_TENANT_ID.toUpperCase()), "personal");
    assert.equal(accountKindOf("72f988bf-86f1-41af-91ab-2d7cd011db47"), "work");
  });

  test("withTenant replaces only the last path segment", () => {
    assert.equal(withTenant("https://login.example/prefix/common/", "consumers"), "https://login.example/prefix/consumers");
  });
});

describe("account settings", () => {
  test("defaults: public cloud, common, read-only backup scopes; BitLocker asked for separately", () => {
    const s = newMicrosoftAccountSettings({ id: "acct-1" });
    assert.equal(s.authority, "https://login.microsoftonline.com/common");
    assert.equal(s.graphEndpoint, "https://graph.microsoft.com");
    assert.deepEqual(s.scopes, ["User.Read", "Mail.Read", "Calendars.Read", "Contacts.Read", "Files.Read.All", "offline_access"]);
    assert.deepEqual(s.scopes, [...MICROSOFT_BACKUP_SCOPES]);
    assert.ok(!s.scopes.some((x) => x.startsWith("BitLocker")));
    assert.deepEqual([...MICROSOFT_BITLOCKER_SCOPES], ["BitLockerKey.Read.All"]);
  });

  test("an http authority is refused (MSAL would refuse it too, and tokens must not travel in the clear)", () => {
    assert.throws(() => newMicrosoftAccountSettings({ authority: "http://login.example/common" }), (e: unknown) => e instanceof LifeboatError && /https/.test(e.message));
  });
});

class MemoryStore implements SecretStore {
  readonly backend = "memory";
  readonly entries = new Map<string, string>();
  writes = 0;
  async get(account: string): Promise<string | null> {
    return this.entries.get(account) ?? null;
  }
  async set(account: string, secret: string): Promise<void> {
    this.writes++;
    this.entries.set(account, secret);
  }
  async delete(account: string): Promise<boolean> {
    return this.entries.delete(account);
  }
}

/** A stand-in for MSAL's TokenCache: holds one serialized state. */
class FakeTokenCache implements ISerializableTokenCache {
  state = "";
  deserialize(cache: string): void {
    this.state = cache;
  }
  serialize(): string {
    return this.state;
  }
}

function context(cache: FakeTokenCache, changed: boolean): TokenCacheContext {
  return { cache, hasChanged: changed, cacheHasChanged: changed, tokenCache: cache } as unknown as TokenCacheContext;
}

const HOME = "uid.utid";
function msalCache(rt: string, at?: string): string {
  return JSON.stringify({
    Account: { [`${HOME}-env-utid`]: { home_account_id: HOME } },
    IdToken: {},
    AccessToken: at ? { [`${HOME}-env-accesstoken`]: { home_account_id: HOME, secret: at } } : {},
    RefreshToken: { [`${HOME}-env-refreshtoken`]: { home_account_id: HOME, secret: rt } },
    AppMetadata: {},
  });
}

describe("keychain cache plugin", () => {
  test("stores the cache without access tokens, under one entry per Lifeboat account", async () => {
    const store = new MemoryStore();
    const plugin = new KeychainCachePlugin(store, tokenCacheEntryName("acct-7"));
    const cache = new FakeTokenCache();
    await plugin.beforeCacheAccess(context(cache, false));
    cache.state = msalCache("RT-1", "AT-1");
    await plugin.afterCacheAccess(context(cache, true));
    const stored = store.entries.get("microsoft-token-cache:acct-7") ?? "";
    assert.ok(stored.includes("RT-1"));
    assert.ok(!stored.includes("AT-1"));
  });

  test("access tokens come back from memory; a refresh token rotated by another process is picked up", async () => {
    const store = new MemoryStore();
    const plugin = new KeychainCachePlugin(store, "e");
    const cache = new FakeTokenCache();
    await plugin.beforeCacheAccess(context(cache, false));
    cache.state = msalCache("RT-1", "AT-1");
    await plugin.afterCacheAccess(context(cache, true));

    store.entries.set("e", msalCache("RT-2")); // the app refreshed while the CLI runs
    await plugin.beforeCacheAccess(context(cache, false));
    assert.ok(cache.state.includes("RT-2") && !cache.state.includes("RT-1"));
    assert.ok(cache.state.includes("AT-1"), "this process's access token is still usable");
  });

  test("nothing is written when nothing changed; access tokens of removed accounts are dropped", async () => {
    const store = new MemoryStore();
    const plugin = new KeychainCachePlugin(store, "e");
    const cache = new FakeTokenCache();
    await plugin.beforeCacheAccess(context(cache, false));
    cache.state = msalCache("RT-1", "AT-1");
    await plugin.afterCacheAccess(context(cache, true));
    await plugin.beforeCacheAccess(context(cache, false));
    await plugin.afterCacheAccess(context(cache, false));
    await plugin.afterCacheAccess(context(cache, true));
    assert.equal(store.writes, 1);

    store.entries.set("e", JSON.stringify({ Account: {}, IdToken: {}, AccessToken: {}, RefreshToken: {}, AppMetadata: {} }));
    await plugin.beforeCacheAccess(context(cache, false));
    assert.ok(!cache.state.includes("AT-1"));
  });

  test("clear() deletes the entry", async () => {
    const store = new MemoryStore();
    const plugin = new KeychainCachePlugin(store, "e");
    store.entries.set("e", msalCache("RT"));
    await plugin.clear();
    assert.equal(store.entries.size, 0);
  });
});

describe("MSAL error translation", () => {
  const ctx: TranslationContext = { action: "refresh", username: "ada@contoso.example", authority: "https://login.microsoftonline.com/t", clientId: "cid" };

  test("inactivity, revocation and missing consent are 'needs sign-in' with the reason, exit code 4", () => {
    const cases: Array<[Error, string]> = [
      [new InteractionRequiredAuthError("invalid_grant", "", "AADSTS700082: The refresh token has expired due to inactivity.", "bad_token"), "expired"],
      [new ServerError("invalid_grant", "", "AADSTS50173: The provided grant has expired due to it being revoked."), "revoked"],
      [new InteractionRequiredAuthError("invalid_grant", "", "AADSTS65001: The user or administrator has not consented", "consent_required"), "consent"],
      [new InteractionRequiredAuthError("no_tokens_found", "", "No refresh token found in the cache."), "not-signed-in"],
    ];
    for (const [error, reason] of cases) {
      const out = translateMsalError(error, ctx);
      assert.ok(out instanceof SignInRequiredError, String(out));
      assert.equal(out.reason, reason);
      assert.equal(out.code, "needs-sign-in");
      assert.equal(out.exitCode, 4);
      assert.match(out.message, /ada@contoso\.example/);
      assert.match(out.message, /lifeboat add microsoft/);
    }
  });

  test("sign-in problems say what to do", () => {
    const signIn = { ...ctx, action: "sign-in" as const };
    const code = (e: Error) => (translateMsalError(e, signIn) as LifeboatError).code;
    assert.equal(code(new ServerError("access_denied", "", "AADSTS65004: User declined to consent to access the app.")), "sign-in-declined");
    assert.equal(code(new ServerError("access_denied", "", "AADSTS90094: The grant requires admin permission.")), "needs-admin-consent");
    assert.equal(code(new ServerError("unauthorized_client", "", "AADSTS700016: Application with identifier 'x' was not found")), "unknown-client");
    assert.equal(code(new ServerError("invalid_tenant", "", "AADSTS90002: Tenant 'x' not found.")), "unknown-tenant");
    assert.equal(code(new AuthError("device_code_expired", "", "")), "sign-in-expired");
    assert.equal(code(new AuthError("post_request_failed", "", "expired_token")), "sign-in-expired");
    assert.equal(code(new AuthError("post_request_failed", "", "authorization_declined")), "sign-in-declined");
    assert.equal(code(new ServerError("invalid_grant", "", "AADSTS54005: code already redeemed")), "sign-in-failed", "a broken exchange during sign-in is not a lost sign-in");
  });

  test("network and TLS failures name the host and, for certificates, LIFEBOAT_EXTRA_CA_CERTS", () => {
    const tlsFailure = translateMsalError(new AuthError("endpoints_resolution_error", "", ""), { ...ctx, transportFailure: { url: "https://login.microsoftonline.com/t/v2.0/.well-known/openid-configuration", code: "UNABLE_TO_VERIFY_LEAF_SIGNATURE", message: "unable to verify the first certificate" } });
    assert.equal((tlsFailure as LifeboatError).code, "tls-untrusted");
    assert.match(tlsFailure.message, /LIFEBOAT_EXTRA_CA_CERTS/);
    const down = translateMsalError(new AuthError("network_error", "", ""), { ...ctx, transportFailure: { url: "https://login.microsoftonline.com/x", code: "ECONNREFUSED", message: "connect ECONNREFUSED" } });
    assert.equal((down as LifeboatError).code, "network");
    assert.match(down.message, /login\.microsoftonline\.com/);
  });

  test("a locked keychain is reported as such, a cancelled sign-in as cancelled", () => {
    const locked = translateMsalError(new SecretStoreUnavailableError("Secret Service: object locked"), ctx);
    assert.equal((locked as LifeboatError).code, "keychain-unavailable");
    assert.equal((locked as LifeboatError).exitCode, 4);
    assert.equal((translateMsalError(new ServerError("access_denied", "", "x"), { ...ctx, cancelled: true }) as LifeboatError).code, "sign-in-cancelled");
  });

  test("AADSTS numbers are read from descriptions", () => {
    assert.equal(aadstsCode("AADSTS700082: The refresh token has expired"), 700082);
    assert.equal(aadstsCode("no code"), undefined);
  });
});

describe("TLS trust store", () => {
  test("a bad LIFEBOAT_EXTRA_CA_CERTS is reported with its path; a good one is trusted next to Node's roots", async () => {
    const dir = await fsp.mkdtemp(path.join(os.tmpdir(), "lifeboat-tls-"));
    try {
      process.env[EXTRA_CA_ENV] = path.join(dir, "missing.pem");
      resetHttpsAgent();
      assert.throws(() => httpsAgent(), (e: unknown) => e instanceof LifeboatError && e.message.includes("missing.pem") && e.message.includes(EXTRA_CA_ENV));

      await fsp.writeFile(path.join(dir, "junk.pem"), "not a certificate");
      process.env[EXTRA_CA_ENV] = path.join(dir, "junk.pem");
      assert.throws(() => httpsAgent(), (e: unknown) => e instanceof LifeboatError && /no PEM certificate/.test(e.message));

      const local = await createLocalTls();
      await fsp.writeFile(path.join(dir, "ca.pem"), local.caCertPem);
      process.env[EXTRA_CA_ENV] = path.join(dir, "ca.pem");
      const trusted = trustedCertificates();
      assert.ok(tls.rootCertificates.every((root) => trusted.includes(root)), "Node's roots stay trusted");
      assert.ok(trusted.includes(local.caCertPem.trim()));
    } finally {
      delete process.env[EXTRA_CA_ENV];
      await fsp.rm(dir, { recursive: true, force: true });
    }
  });

  test("addTrustedCaPem makes the shared agent trust a server it refused before", async () => {
    const local = await createLocalTls();
    const server = https.createServer({ cert: local.certPem, key: local.keyPem }, (_req, res) => res.end("hello"));
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    const url = `https://127.0.0.1:${(server.address() as AddressInfo).port}/`;
    const get = () =>
      new Promise<string>((resolve, reject) => {
        https.get(url, { agent: httpsAgent() }, (res) => {
          let body = "";
          res.on("data", (c: Buffer) => (body += c.toString()));
          res.on("end", () => resolve(body));
        }).on("error", reject);
      });
    try {
      await assert.rejects(get(), (e: NodeJS.ErrnoException) => /UNABLE_TO_VERIFY|SELF_SIGNED|CERT/.test(e.code ?? ""));
      addTrustedCaPem(local.caCertPem);
      assert.equal(await get(), "hello");
      assert.throws(() => parsePemCertificates("-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----", "test"), LifeboatError);
    } finally {
      resetHttpsAgent();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    }
  });
});
