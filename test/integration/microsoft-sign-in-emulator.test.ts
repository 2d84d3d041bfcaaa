// The identity emulator on the wire, without MSAL: what a client sees byte for byte — discovery
// per tenant, JWKS-verifiable id tokens, PKCE, single-use short-lived codes, refresh-token
// rotation, device-code polling rules (authorization_pending, slow_down, expired_token), and
// errors in Microsoft's shape. Time moves with an injected clock; no test waits.
import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { createHash, createPublicKey, randomBytes, randomUUID, verify } from "node:crypto";
import type { JsonWebKey } from "node:crypto";
import http from "node:http";
import https from "node:https";
import type { AddressInfo } from "node:net";
import { DEFAULT_MICROSOFT_CLIENT_ID, MICROSOFT_CONSUMERS_TENANT_ID } from "../../shared/microsoft-account.js";
import type { EmulatedAccount, EmulatorClock } from "../emulators/microsoft/emulator-contract.js";
import { startIdentityEmulator } from "../emulators/microsoft/identity/identity-emulator.js";
import type { IdentityEmulator } from "../emulators/microsoft/identity/identity-emulator.js";
import { createLocalTls } from "../emulators/tls/local-ca.js";
import { ScriptedBrowser } from "../helpers/scripted-browser.js";

/** The system clock plus whatever the test has moved it forward by. */
class MovableClock implements EmulatorClock {
  private offset = 0;
  now(): number {
    return Date.now() + this.offset;
  }
  advance(ms: number): void {
    this.offset += ms;
  }
}

const TID = randomUUID();
const personal: EmulatedAccount = {
  address: "noor@hotmail.example",
  kind: "personal",
  displayName: "Noor",
  password: "pw-personal",
  oid: `00000000-0000-0000-${randomUUID().slice(19)}`,
  tid: MICROSOFT_CONSUMERS_TENANT_ID,
};
const work: EmulatedAccount = { address: "ines@contoso.example", kind: "work", displayName: "Ines", password: "pw-work", oid: randomUUID(), tid: TID };
const CLIENT = DEFAULT_MICROSOFT_CLIENT_ID;

const clock = new MovableClock();
let emulator: IdentityEmulator;
let ca: string;
/** A stand-in for the app's loopback server: records what the browser posts to it. */
let app: http.Server;
let appUrl: string;
const appReceived: URLSearchParams[] = [];

interface Answer {
  status: number;
  headers: http.IncomingHttpHeaders;
  json: Record<string, unknown>;
}

function call(method: "GET" | "POST", url: string, form?: Record<string, string>, headers: Record<string, string> = {}): Promise<Answer> {
  const body = form ? new URLSearchParams(form).toString() : undefined;
  return new Promise((resolve, reject) => {
    const req = https.request(
      url,
      { method, ca, headers: { ...headers, ...(body ? { "content-type": "application/x-www-form-urlencoded", "content-length": Buffer.byteLength(body) } : {}) } },
      (res) => {
        const chunks: Buffer[] = [];
        res.on("data", (c: Buffer) => chunks.push(c));
        res.on("end", () => resolve({ status: res.statusCode ?? 0, headers: res.headers, json: JSON.parse(Buffer.concat(chunks).toString("utf8")) as Record<string, unknown> }));
      },
    );
    req.on("error", reject);
    req.end(body);
  });
}

const token = (tenant: string, form: Record<string, string>, headers?: Record<string, string>) => call("POST", `${emulator.url}/${tenant}/oauth2/v2.0/token`, form, headers);

function assertAadError(answer: Answer, error: string, code: number): void {
  assert.equal(answer.status, 400, JSON.stringify(answer.json));
  const j = answer.json;
  assert.equal(j.error, error);
  assert.match(String(j.error_description), new RegExp(`^AADSTS${code}: .+\\r\\nTrace ID: [0-9a-f-]{36}\\r\\nCorrelation ID: [0-9a-f-]{36}\\r\\nTimestamp: \\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\dZ$`));
  assert.deepEqual(j.error_codes, [code]);
  assert.match(String(j.timestamp), /^\d{4}-\d\d-\d\d \d\d:\d\d:\d\dZ$/);
  assert.match(String(j.trace_id), /^[0-9a-f-]{36}$/);
  assert.match(String(j.correlation_id), /^[0-9a-f-]{36}$/);
  assert.equal(j.error_uri, `${emulator.url}/error?code=${code}`);
}

interface Pkce {
  verifier: string;
  challenge: string;
}
function pkce(): Pkce {
  const verifier = randomBytes(32).toString("base64url");
  return { verifier, challenge: createHash("sha256").update(verifier).digest("base64url") };
}

/** A person signs in and accepts; returns what the app's redirect URI received. */
async function authorize(account: EmulatedAccount, tenant: string, p: Pkce, extra: Record<string, string> = {}): Promise<URLSearchParams> {
  const state = randomUUID();
  const url = new URL(`${emulator.url}/${tenant}/oauth2/v2.0/authorize`);
  url.search = new URLSearchParams({
    client_id: CLIENT,
    response_type: "code",
    redirect_uri: appUrl,
    response_mode: "form_post",
    scope: "User.Read Mail.Read openid profile offline_access",
    state,
    nonce: "n-0S6_WzA2Mj",
    code_challenge: p.challenge,
    code_challenge_method: "S256",
    client_info: "1",
    ...extra,
  }).toString();
  const browser = new ScriptedBrowser({ ca });
  let page = await browser.open(url.toString());
  page = await browser.submit(page, { fields: { login: account.address, passwd: account.password } });
  if (page.forms[0]?.id === "consent") page = await browser.submit(page, { press: "accept" });
  const received = appReceived.at(-1);
  assert.ok(received, `the app received an answer; browser ended at: ${page.text.slice(0, 300)}`);
  assert.equal(received.get("state"), state);
  return received;
}

function verifyJwt(jwt: string, keys: Array<Record<string, unknown>>): Record<string, unknown> {
  const [h, p, s] = jwt.split(".") as [string, string, string];
  const header = JSON.parse(Buffer.from(h, "base64url").toString()) as { kid: string; alg: string };
  assert.equal(header.alg, "RS256");
  const jwk = keys.find((k) => k.kid === header.kid);
  assert.ok(jwk, "the signing key is published in the JWKS");
  const key = createPublicKey({ key: jwk as unknown as JsonWebKey, format: "jwk" });
  assert.ok(verify("RSA-SHA256", Buffer.from(`${h}.${p}`), key, Buffer.from(s, "base64url")), "signature verifies");
  return JSON.parse(Buffer.from(p, "base64url").toString()) as Record<string, unknown>;
}

before(async () => {
  const tls = await createLocalTls();
  ca = tls.caCertPem;
  emulator = await startIdentityEmulator({ accounts: [personal, work], tls, clock });
  app = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      appReceived.push(new URLSearchParams(Buffer.concat(chunks).toString("utf8")));
      res.end("received");
    });
  });
  await new Promise<void>((resolve) => app.listen(0, "127.0.0.1", resolve));
  appUrl = `http://localhost:${(app.address() as AddressInfo).port}`;
});

after(async () => {
  await emulator?.close();
  await new Promise<void>((resolve) => app?.close(() => resolve()));
});

describe("discovery", () => {
  test("openid-configuration per tenant segment, with Microsoft's issuer forms", async () => {
    const cases: Array<[string, string]> = [
      ["common", "{tenantid}"],
      ["organizations", "{tenantid}"],
      ["consumers", MICROSOFT_CONSUMERS_TENANT_ID],
      [TID, TID],
      ["contoso.example", TID],
    ];
    for (const [segment, issuerTenant] of cases) {
      const { status, json } = await call("GET", `${emulator.url}/${segment}/v2.0/.well-known/openid-configuration`);
      assert.equal(status, 200, segment);
      assert.equal(json.issuer, `${emulator.url}/${issuerTenant}/v2.0`, segment);
      assert.equal(json.authorization_endpoint, `${emulator.url}/${segment}/oauth2/v2.0/authorize`);
      assert.equal(json.token_endpoint, `${emulator.url}/${segment}/oauth2/v2.0/token`);
      assert.equal(json.device_authorization_endpoint, `${emulator.url}/${segment}/oauth2/v2.0/devicecode`);
      assert.equal(json.jwks_uri, `${emulator.url}/${segment}/discovery/v2.0/keys`);
      assert.deepEqual(json.response_modes_supported, ["query", "fragment", "form_post"]);
      assert.deepEqual(json.id_token_signing_alg_values_supported, ["RS256"]);
    }
  });

  test("an unknown tenant answers invalid_tenant (AADSTS90002)", async () => {
    assertAadError(await call("GET", `${emulator.url}/${randomUUID()}/v2.0/.well-known/openid-configuration`), "invalid_tenant", 90002);
    assertAadError(await token(randomUUID(), { client_id: CLIENT, grant_type: "refresh_token", refresh_token: "x" }), "invalid_tenant", 90002);
  });
});

describe("authorization code + PKCE", () => {
  let keys: Array<Record<string, unknown>>;
  before(async () => {
    keys = (await call("GET", `${emulator.url}/common/discovery/v2.0/keys`)).json.keys as Array<Record<string, unknown>>;
  });

  test("the token response and the id token carry what MSAL reads", async () => {
    const p = pkce();
    const received = await authorize(personal, "common", p);
    assert.ok(received.get("code"));
    const clientInfo = JSON.parse(Buffer.from(received.get("client_info") ?? "", "base64url").toString()) as Record<string, string>;
    assert.deepEqual(clientInfo, { uid: personal.oid, utid: personal.tid });

    const answer = await token("common", { client_id: CLIENT, grant_type: "authorization_code", code: received.get("code") ?? "", redirect_uri: appUrl, code_verifier: p.verifier, scope: "User.Read openid profile offline_access", client_info: "1" });
    assert.equal(answer.status, 200, JSON.stringify(answer.json));
    assert.equal(answer.headers["cache-control"], "no-store, no-cache");
    const j = answer.json;
    assert.equal(j.token_type, "Bearer");
    assert.equal(typeof j.expires_in, "number");
    assert.equal(j.ext_expires_in, j.expires_in);
    assert.match(String(j.scope), /\bUser\.Read\b/);
    assert.match(String(j.scope), /\bMail\.Read\b/);
    for (const field of ["access_token", "refresh_token", "id_token", "client_info"]) assert.equal(typeof j[field], "string", field);

    const claims = verifyJwt(String(j.id_token), keys);
    assert.equal(claims.aud, CLIENT);
    assert.equal(claims.iss, `${emulator.url}/${MICROSOFT_CONSUMERS_TENANT_ID}/v2.0`);
    assert.equal(claims.tid, MICROSOFT_CONSUMERS_TENANT_ID);
    assert.equal(claims.oid, personal.oid);
    assert.equal(claims.preferred_username, personal.address);
    assert.equal(claims.name, personal.displayName);
    assert.equal(claims.nonce, "n-0S6_WzA2Mj");
    assert.equal(claims.ver, "2.0");
    assert.ok(typeof claims.sub === "string" && claims.sub !== personal.oid, "sub is pairwise");
    const now = Math.floor(clock.now() / 1000);
    assert.ok(Math.abs(Number(claims.iat) - now) < 5 && claims.nbf === claims.iat && Number(claims.exp) > now);

    const verdict = emulator.verifier.verify(String(j.access_token));
    assert.ok(verdict.ok);
    assert.equal(verdict.grant.account, personal.address);
  });

  test("a work account's tokens name its tenant; its access token is a JWT for Graph", async () => {
    const p = pkce();
    const received = await authorize(work, "organizations", p);
    const j = (await token("organizations", { client_id: CLIENT, grant_type: "authorization_code", code: received.get("code") ?? "", redirect_uri: appUrl, code_verifier: p.verifier, scope: "User.Read openid profile offline_access" })).json;
    const claims = verifyJwt(String(j.id_token), keys);
    assert.equal(claims.tid, TID);
    assert.equal(claims.iss, `${emulator.url}/${TID}/v2.0`);
    const at = verifyJwt(String(j.access_token), keys);
    assert.equal(at.aud, "00000003-0000-0000-c000-000000000000");
    assert.equal(at.tid, TID);
    assert.match(String(at.scp), /Mail\.Read/);
  });

  test("a wrong code_verifier fails (AADSTS501481) and the code is spent (AADSTS54005)", async () => {
    const p = pkce();
    const code = (await authorize(personal, "consumers", p)).get("code") ?? "";
    assertAadError(await token("consumers", { client_id: CLIENT, grant_type: "authorization_code", code, redirect_uri: appUrl, code_verifier: pkce().verifier }), "invalid_grant", 501481);
    assertAadError(await token("consumers", { client_id: CLIENT, grant_type: "authorization_code", code, redirect_uri: appUrl, code_verifier: p.verifier }), "invalid_grant", 54005);
  });

  test("a code is single use", async () => {
    const p = pkce();
    const code = (await authorize(personal, "common", p)).get("code") ?? "";
    const form = { client_id: CLIENT, grant_type: "authorization_code", code, redirect_uri: appUrl, code_verifier: p.verifier };
    assert.equal((await token("common", form)).status, 200);
    assertAadError(await token("common", form), "invalid_grant", 54005);
  });

  test("a code older than 10 minutes has expired (AADSTS70008)", async () => {
    const p = pkce();
    const code = (await authorize(personal, "common", p)).get("code") ?? "";
    clock.advance(11 * 60 * 1000);
    assertAadError(await token("common", { client_id: CLIENT, grant_type: "authorization_code", code, redirect_uri: appUrl, code_verifier: p.verifier }), "invalid_grant", 70008);
  });

  test("a redirect URI that is not a registered loopback ends on the error page (AADSTS50011), not at the URI", async () => {
    const url = `${emulator.url}/common/oauth2/v2.0/authorize?client_id=${CLIENT}&response_type=code&scope=openid&redirect_uri=${encodeURIComponent("https://evil.example/cb")}`;
    const before = appReceived.length;
    const page = await new ScriptedBrowser({ ca }).open(url);
    assert.match(page.text, /AADSTS50011: The redirect URI 'https:\/\/evil\.example\/cb' specified in the request does not match/);
    assert.equal(appReceived.length, before);
  });

  test("prompt=none cannot succeed without a browser session: login_required to the app", async () => {
    const url = new URL(`${emulator.url}/common/oauth2/v2.0/authorize`);
    url.search = new URLSearchParams({ client_id: CLIENT, response_type: "code", redirect_uri: appUrl, response_mode: "form_post", scope: "openid", state: "s1", prompt: "none" }).toString();
    await new ScriptedBrowser({ ca }).open(url.toString());
    const received = appReceived.at(-1);
    assert.equal(received?.get("error"), "login_required");
    assert.equal(received?.get("state"), "s1");
    assert.match(received?.get("error_description") ?? "", /^AADSTS50058: /);
  });
});

describe("refresh tokens", () => {
  async function freshRefreshToken(): Promise<string> {
    const p = pkce();
    const code = (await authorize(personal, "consumers", p)).get("code") ?? "";
    return String((await token("consumers", { client_id: CLIENT, grant_type: "authorization_code", code, redirect_uri: appUrl, code_verifier: p.verifier })).json.refresh_token);
  }

  test("each use returns a new refresh token; the old one is not revoked by that", async () => {
    const first = await freshRefreshToken();
    const a = await token("consumers", { client_id: CLIENT, grant_type: "refresh_token", refresh_token: first, scope: "Mail.Read openid offline_access" });
    assert.equal(a.status, 200);
    assert.notEqual(a.json.refresh_token, first);
    assert.equal((await token("consumers", { client_id: CLIENT, grant_type: "refresh_token", refresh_token: first })).status, 200);
  });

  test("a correlation id sent as client-request-id comes back in the error", async () => {
    const correlation = randomUUID();
    const answer = await token("consumers", { client_id: CLIENT, grant_type: "refresh_token", refresh_token: "0.not-a-token" }, { "client-request-id": correlation });
    assertAadError(answer, "invalid_grant", 9002313);
    assert.equal(answer.json.correlation_id, correlation);
  });

  test("90 days without use: AADSTS700082 with suberror bad_token", async () => {
    const rt = await freshRefreshToken();
    clock.advance(91 * 24 * 60 * 60 * 1000);
    const answer = await token("consumers", { client_id: CLIENT, grant_type: "refresh_token", refresh_token: rt });
    assertAadError(answer, "invalid_grant", 700082);
    assert.equal(answer.json.suberror, "bad_token");
    assert.match(String(answer.json.error_description), /was inactive for 90\.00:00:00/);
  });

  test("a scope the user never consented to: AADSTS65001 consent_required", async () => {
    const rt = await freshRefreshToken();
    const answer = await token("consumers", { client_id: CLIENT, grant_type: "refresh_token", refresh_token: rt, scope: "Files.Read.All offline_access" });
    assertAadError(answer, "invalid_grant", 65001);
    assert.equal(answer.json.suberror, "consent_required");
  });

  test("a personal account's refresh token is refused through organizations (AADSTS500200)", async () => {
    const rt = await freshRefreshToken();
    assertAadError(await token("organizations", { client_id: CLIENT, grant_type: "refresh_token", refresh_token: rt }), "invalid_grant", 500200);
  });

  test("an unknown client: unauthorized_client AADSTS700016; a missing one: AADSTS900144; a strange grant: AADSTS70003", async () => {
    assertAadError(await token("common", { client_id: randomUUID(), grant_type: "refresh_token", refresh_token: "x" }), "unauthorized_client", 700016);
    assertAadError(await token("common", { grant_type: "refresh_token", refresh_token: "x" }), "invalid_request", 900144);
    assertAadError(await token("common", { client_id: CLIENT, grant_type: "password" }), "unsupported_grant_type", 70003);
  });
});

describe("device code polling rules", () => {
  async function deviceCode(): Promise<Record<string, unknown>> {
    const answer = await call("POST", `${emulator.url}/common/oauth2/v2.0/devicecode`, { client_id: CLIENT, scope: "User.Read openid profile offline_access" });
    assert.equal(answer.status, 200);
    return answer.json;
  }
  const poll = (device: Record<string, unknown>) => token("common", { client_id: CLIENT, grant_type: "urn:ietf:params:oauth:grant-type:device_code", device_code: String(device.device_code) });

  test("the /devicecode answer has Microsoft's fields", async () => {
    const d = await deviceCode();
    assert.match(String(d.user_code), /^[A-Z0-9]{9}$/);
    assert.equal(d.verification_uri, `${emulator.url}/devicelogin`);
    assert.equal(d.expires_in, 900);
    assert.equal(d.interval, 5);
    assert.equal(d.message, `To sign in, use a web browser to open the page ${emulator.url}/devicelogin and enter the code ${String(d.user_code)} to authenticate.`);
  });

  test("pending, then slow_down when polled faster than the interval (which grows by 5 s), then pending again", async () => {
    const d = await deviceCode();
    assertAadError(await poll(d), "authorization_pending", 70016);
    assert.equal((await poll(d)).json.error, "slow_down");
    clock.advance(6_000);
    assert.equal((await poll(d)).json.error, "slow_down", "the interval is now 10 s");
    clock.advance(15_000);
    assert.equal((await poll(d)).json.error, "authorization_pending", "15 s apart is slow enough for the 15 s interval");
  });

  test("after 15 minutes: expired_token (AADSTS70020)", async () => {
    const d = await deviceCode();
    clock.advance(16 * 60 * 1000);
    assertAadError(await poll(d), "expired_token", 70020);
  });

  test("approved on the verification page: tokens, once", async () => {
    const d = await deviceCode();
    const browser = new ScriptedBrowser({ ca });
    let page = await browser.open(String(d.verification_uri));
    page = await browser.submit(page, { form: "devicelogin", fields: { otc: String(d.user_code).toLowerCase() } });
    page = await browser.submit(page, { fields: { login: work.address, passwd: work.password } });
    assert.match(page.text, /Are you trying to sign in to Lifeboat\?/);
    page = await browser.submit(page, { press: "accept" });
    if (page.forms[0]?.id === "consent") page = await browser.submit(page, { press: "accept" });
    assert.match(page.text, /You have signed in to the Lifeboat application on your device/);
    clock.advance(5_000);
    const answer = await poll(d);
    assert.equal(answer.status, 200, JSON.stringify(answer.json));
    assert.ok(emulator.verifier.verify(String(answer.json.access_token)).ok);
    clock.advance(5_000);
    assert.equal((await poll(d)).json.error, "bad_verification_code");
  });

  test("a wrong user code is rejected on the page", async () => {
    const browser = new ScriptedBrowser({ ca });
    const page = await browser.submit(await browser.open(`${emulator.url}/devicelogin`), { form: "devicelogin", fields: { otc: "NOTACODE1" } });
    assert.match(page.text, /That code didn't work/);
  });
});

describe("access token verifier (for the Graph emulator)", () => {
  test("valid, then expired when the clock passes expires_in or on expireAccessTokens; garbage is invalid", async () => {
    const p = pkce();
    const code = (await authorize(work, "common", p)).get("code") ?? "";
    const j = (await token("common", { client_id: CLIENT, grant_type: "authorization_code", code, redirect_uri: appUrl, code_verifier: p.verifier })).json;
    const at = String(j.access_token);
    const verdict = emulator.verifier.verify(at);
    assert.ok(verdict.ok);
    assert.equal(verdict.grant.expiresAt, clockAtIssue(verdict.grant.expiresAt, Number(j.expires_in)));
    clock.advance(Number(j.expires_in) * 1000 + 1);
    assert.deepEqual(emulator.verifier.verify(at), { ok: false, reason: "expired" });
    assert.deepEqual(emulator.verifier.verify("Bearer nonsense"), { ok: false, reason: "invalid" });

    const p2 = pkce();
    const code2 = (await authorize(work, "common", p2)).get("code") ?? "";
    const at2 = String((await token("common", { client_id: CLIENT, grant_type: "authorization_code", code: code2, redirect_uri: appUrl, code_verifier: p2.verifier })).json.access_token);
    assert.ok(emulator.verifier.verify(at2).ok);
    emulator.expireAccessTokens();
    assert.deepEqual(emulator.verifier.verify(at2), { ok: false, reason: "expired" });
  });
});

/** expiresAt is issue time + expires_in; checked to be within a few seconds of the clock. */
function clockAtIssue(expiresAt: number, expiresIn: number): number {
  const issuedAt = expiresAt - expiresIn * 1000;
  assert.ok(Math.abs(issuedAt - clock.now()) < 5_000);
  return expiresAt;
}
