// The emulated Microsoft cloud started as one unit from a seed folder: identity and Graph on one
// local CA, a device-code sign-in whose token Graph accepts (Graph asks the identity emulator's
// verifier), accounts from account.json with the documented default password, and the one-command
// CLI entry (prints URLs and the CA file, stops on Ctrl-C).
import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { promises as fsp } from "node:fs";
import https from "node:https";
import path from "node:path";
import { DEFAULT_MICROSOFT_CLIENT_ID } from "../../shared/microsoft-account.js";
import { DEFAULT_EMULATED_PASSWORD } from "../emulators/microsoft/seed/load-seed.js";
import { startMicrosoftEmulators, type MicrosoftEmulators } from "../emulators/microsoft/start-microsoft-emulators.js";
import { ScriptedBrowser } from "../helpers/scripted-browser.js";
import { fixtureSeedDir, ManualClock } from "./graph-emulator-harness.js";

const PERSONAL = "ivy@outlook.example";
const WORK = "jon@contoso.example";

let seed: Awaited<ReturnType<typeof fixtureSeedDir>>;
let emulators: MicrosoftEmulators;
const clock = new ManualClock();

function call(method: string, url: string, opts: { ca: string; form?: Record<string, string>; token?: string }): Promise<{ status: number; json: Record<string, unknown>; headers: Record<string, unknown> }> {
  const body = opts.form ? new URLSearchParams(opts.form).toString() : undefined;
  const headers: Record<string, string> = { "user-agent": "lifeboat-tests" };
  if (body) headers["content-type"] = "application/x-www-form-urlencoded";
  if (opts.token) headers.authorization = `Bearer ${opts.token}`;
  return new Promise((resolve, reject) => {
    const req = https.request(url, { method, ca: opts.ca, headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on("data", (c: Buffer) => chunks.push(c));
      res.on("end", () => {
        const text = Buffer.concat(chunks).toString("utf8");
        resolve({ status: res.statusCode ?? 0, headers: res.headers, json: text ? (JSON.parse(text) as Record<string, unknown>) : {} });
      });
    });
    req.on("error", reject);
    if (body) req.write(body);
    req.end();
  });
}

before(async () => {
  seed = await fixtureSeedDir(PERSONAL);
  const work = path.join(seed.dir, "microsoft", WORK);
  await fsp.mkdir(path.join(work, "bitlocker"), { recursive: true });
  await fsp.writeFile(path.join(work, "account.json"), JSON.stringify({ kind: "work", displayName: "Jon Work", password: "work-pass" }));
  await fsp.writeFile(
    path.join(work, "bitlocker", "laptop.json"),
    JSON.stringify({ id: "b465e4e8-e4e8-b465-e8e4-65b4e8e465b4", createdDateTime: "2020-06-15T13:45:30Z", volumeType: "1", deviceId: "1ab40ab2-32a8-4b00-b1f7-b1c1d1c1e1f1", key: "123456-231453-873456-213546-654678-765689-123456-324565" }),
  );
  emulators = await startMicrosoftEmulators({ seedDir: seed.dir, clock });
});

after(async () => {
  await emulators?.close();
  await seed?.cleanup();
});

describe("startMicrosoftEmulators", () => {
  test("accounts come from the seed, with account.json or the documented defaults", () => {
    const byAddress = new Map(emulators.accounts.map((a) => [a.address, a]));
    assert.equal(byAddress.get(PERSONAL)?.kind, "personal");
    assert.equal(byAddress.get(PERSONAL)?.password, DEFAULT_EMULATED_PASSWORD);
    assert.equal(byAddress.get(PERSONAL)?.tid, "9188040d-6c67-4c5b-b112-36a304b66dad");
    assert.equal(byAddress.get(WORK)?.kind, "work");
    assert.equal(byAddress.get(WORK)?.password, "work-pass");
    assert.equal(emulators.store.require(WORK).bitlocker.list().length, 1);
    assert.equal(emulators.seedReports.find((r) => r.address === PERSONAL)?.messages, 47);
  });

  test("a device-code sign-in at the identity emulator gives a token Graph accepts", async () => {
    const ca = emulators.caCertPem;
    const device = await call("POST", `${emulators.authorityBase}/consumers/oauth2/v2.0/devicecode`, { ca, form: { client_id: DEFAULT_MICROSOFT_CLIENT_ID, scope: "User.Read Mail.Read openid profile offline_access" } });
    assert.equal(device.status, 200);
    const browser = new ScriptedBrowser({ ca });
    let page = await browser.open(String(device.json.verification_uri));
    page = await browser.submit(page, { form: "devicelogin", fields: { otc: String(device.json.user_code) } });
    page = await browser.submit(page, { fields: { login: PERSONAL, passwd: DEFAULT_EMULATED_PASSWORD } });
    for (let i = 0; i < 3 && page.forms[0]; i++) page = await browser.submit(page, { press: "accept" });
    clock.advance(6_000);
    const token = await call("POST", `${emulators.authorityBase}/consumers/oauth2/v2.0/token`, {
      ca,
      form: { client_id: DEFAULT_MICROSOFT_CLIENT_ID, grant_type: "urn:ietf:params:oauth:grant-type:device_code", device_code: String(device.json.device_code) },
    });
    assert.equal(token.status, 200, JSON.stringify(token.json));
    const access = String(token.json.access_token);
    const me = await call("GET", `${emulators.graphUrl}/v1.0/me`, { ca, token: access });
    assert.equal(me.status, 200, JSON.stringify(me.json));
    assert.equal(me.json.userPrincipalName, PERSONAL);
    assert.equal(me.json.mail, null, "personal accounts have no mail property");
    const inbox = await call("GET", `${emulators.graphUrl}/v1.0/me/mailFolders/inbox`, { ca, token: access });
    assert.equal(inbox.status, 200);
    const drive = await call("GET", `${emulators.graphUrl}/v1.0/me/drive`, { ca, token: access });
    assert.equal(drive.status, 403, "Files.Read was not granted");
    const forged = await call("GET", `${emulators.graphUrl}/v1.0/me`, { ca, token: `${access.slice(0, -4)}AAAA` });
    assert.equal(forged.status, 401);
    emulators.identity.expireAccessTokens();
    assert.equal((await call("GET", `${emulators.graphUrl}/v1.0/me`, { ca, token: access })).status, 401, "expired at the identity emulator");
  });
});

describe("emulators-main", () => {
  test("starts from --seed, prints URLs and the CA file, and stops on SIGINT", async () => {
    const script = path.join(process.cwd(), "dist", "test", "emulators", "microsoft", "emulators-main.js");
    const caOut = path.join(seed.dir, "ca.pem");
    const child = spawn(process.execPath, [script, "--seed", seed.dir, "--json", "--ca-out", caOut], { stdio: ["ignore", "pipe", "pipe"] });
    let stdout = "";
    let stderr = "";
    child.stderr.on("data", (c: Buffer) => (stderr += c.toString()));
    const line = await new Promise<string>((resolve, reject) => {
      child.stdout.on("data", (c: Buffer) => {
        stdout += c.toString();
        const nl = stdout.indexOf("\n");
        if (nl >= 0) resolve(stdout.slice(0, nl));
      });
      child.on("exit", (code) => reject(new Error(`exited ${code}: ${stderr}`)));
    });
    const summary = JSON.parse(line) as { graph: string; authority: string; caFile: string; accounts: Array<{ address: string; password: string }> };
    assert.equal(summary.caFile, caOut);
    const ca = await fsp.readFile(caOut, "utf8");
    assert.match(ca, /^-----BEGIN CERTIFICATE-----/);
    assert.deepEqual(summary.accounts.map((a) => a.address).sort(), [PERSONAL, WORK]);
    const unauthenticated = await call("GET", `${summary.graph}/v1.0/me`, { ca });
    assert.equal(unauthenticated.status, 401);
    const discovery = await call("GET", `${summary.authority}/v2.0/.well-known/openid-configuration`, { ca });
    assert.equal(discovery.status, 200);
    const exited = new Promise<number | null>((resolve) => child.on("exit", (code) => resolve(code)));
    child.kill("SIGINT");
    assert.equal(await exited, 0, stderr);
  });
});
