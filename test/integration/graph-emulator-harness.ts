// Shared by the Graph emulator tests: a trivial token verifier (the identity emulator has its own
// tests), a clock tests move by hand, a seed folder laid out from ../shared/fixtures, and a small
// HTTPS client that trusts the test CA and never follows redirects (tests look at the 302s).
import https from "node:https";
import { promises as fsp } from "node:fs";
import os from "node:os";
import path from "node:path";
import type { AccessTokenVerifier, EmulatorClock, VerifyResult } from "../emulators/microsoft/emulator-contract.js";
import { AccountStore } from "../emulators/microsoft/graph/account-store.js";
import { startGraphEmulator, type GraphEmulator } from "../emulators/microsoft/graph/graph-emulator.js";
import { createLocalTls } from "../emulators/tls/local-ca.js";
import { FIXTURES_DIR } from "../helpers/fixtures-dir.js";

export const FIXTURES = FIXTURES_DIR;

export const ALL_SCOPES = ["User.Read", "Mail.ReadWrite", "Contacts.Read", "Calendars.Read", "Files.Read.All", "BitLockerKey.Read.All"];

/** Starts at a fixed instant; tests move it forward explicitly. */
export class ManualClock implements EmulatorClock {
  constructor(private t = Date.parse("2025-03-01T12:00:00Z")) {}
  now(): number {
    return this.t;
  }
  advance(ms: number): void {
    this.t += ms;
  }
}

/**
 * Tokens of the form "t.<base64url JSON {account, scopes, exp}>"; anything else is invalid. Stands
 * in for the identity emulator, whose signed tokens are tested on their own.
 */
export class TestVerifier implements AccessTokenVerifier {
  constructor(private readonly clock: EmulatorClock) {}

  issue(account: string, scopes: string[] = ALL_SCOPES, lifetimeMs = 3_600_000): string {
    return `t.${Buffer.from(JSON.stringify({ account, scopes, exp: this.clock.now() + lifetimeMs })).toString("base64url")}`;
  }

  verify(token: string): VerifyResult {
    if (!token.startsWith("t.")) return { ok: false, reason: "invalid" };
    try {
      const claims = JSON.parse(Buffer.from(token.slice(2), "base64url").toString("utf8")) as { account: string; scopes: string[]; exp: number };
      if (this.clock.now() >= claims.exp) return { ok: false, reason: "expired" };
      return { ok: true, grant: { account: claims.account, scopes: claims.scopes, expiresAt: claims.exp } };
    } catch {
      return { ok: false, reason: "invalid" };
    }
  }
}

export interface Answer {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: Buffer;
  json<T = Record<string, unknown>>(): T;
}

export interface TestGraph {
  emulator: GraphEmulator;
  store: AccountStore;
  clock: ManualClock;
  verifier: TestVerifier;
  caCertPem: string;
  /** "https://127.0.0.1:port/v1.0" */
  base: string;
  request(method: string, urlOrPath: string, opts?: { token?: string | null; headers?: Record<string, string>; body?: string | Buffer }): Promise<Answer>;
  get(urlOrPath: string, opts?: { token?: string | null; headers?: Record<string, string> }): Promise<Answer>;
  close(): Promise<void>;
}

export async function startTestGraph(store?: AccountStore, clock = new ManualClock()): Promise<TestGraph> {
  const tls = await createLocalTls();
  const accounts = store ?? new AccountStore(clock);
  const verifier = new TestVerifier(clock);
  const emulator = await startGraphEmulator({ accounts, verifier, tls, clock });
  const agent = new https.Agent({ ca: tls.caCertPem, keepAlive: true, maxSockets: 32 });
  const base = `${emulator.url}/v1.0`;
  const defaultAccount = (): string => accounts.list()[0]?.address ?? "nobody@example.com";
  const request: TestGraph["request"] = (method, urlOrPath, opts = {}) => {
    const url = /^https:/.test(urlOrPath) ? urlOrPath : `${base}${urlOrPath.startsWith("/") ? "" : "/"}${urlOrPath}`;
    const headers: Record<string, string> = { "user-agent": "lifeboat-tests", ...(opts.headers ?? {}) };
    const token = opts.token === undefined ? verifier.issue(defaultAccount()) : opts.token;
    if (token !== null) headers.authorization = `Bearer ${token}`;
    if (opts.body !== undefined) headers["content-length"] = String(Buffer.byteLength(opts.body));
    return new Promise((resolve, reject) => {
      const req = https.request(url, { method, agent, headers }, (res) => {
        const chunks: Buffer[] = [];
        res.on("data", (c: Buffer) => chunks.push(c));
        res.on("end", () => {
          const body = Buffer.concat(chunks);
          resolve({ status: res.statusCode ?? 0, headers: res.headers, body, json: <T>() => JSON.parse(body.toString("utf8")) as T });
        });
        res.on("error", reject);
      });
      req.on("error", reject);
      if (opts.body !== undefined) req.write(opts.body);
      req.end();
    });
  };
  return {
    emulator,
    store: accounts,
    clock,
    verifier,
    caCertPem: tls.caCertPem,
    base,
    request,
    get: (urlOrPath, opts = {}) => request("GET", urlOrPath, opts),
    close: async () => {
      agent.destroy();
      await emulator.close();
    },
  };
}

/** Follows @odata.nextLink until a page has @odata.deltaLink; returns every item and the deltaLink. */
export async function drainDelta(graph: TestGraph, first: string, opts: { headers?: Record<string, string>; token?: string } = {}): Promise<{ items: Array<Record<string, unknown>>; deltaLink: string; pages: number }> {
  const items: Array<Record<string, unknown>> = [];
  let url: string | undefined = first;
  let pages = 0;
  while (url) {
    const res = await graph.get(url, opts);
    if (res.status !== 200) throw new Error(`delta page ${url} answered ${res.status}: ${res.body.toString("utf8").slice(0, 300)}`);
    const body = res.json<{ value: Array<Record<string, unknown>>; "@odata.nextLink"?: string; "@odata.deltaLink"?: string }>();
    pages += 1;
    items.push(...body.value);
    if (body["@odata.deltaLink"]) return { items, deltaLink: body["@odata.deltaLink"], pages };
    url = body["@odata.nextLink"];
    if (pages > 100_000) throw new Error("delta never ended");
  }
  throw new Error("delta ended without a deltaLink");
}

export interface FixtureMailFile {
  name: string;
  bytes: number;
  sha256: string;
  subject: string;
  attachments: string[];
}

export async function mailManifest(): Promise<Record<string, FixtureMailFile & Record<string, unknown>>> {
  return JSON.parse(await fsp.readFile(path.join(FIXTURES, "mail", "MANIFEST.facts.json"), "utf8")) as Record<string, FixtureMailFile & Record<string, unknown>>;
}

/**
 * A seed folder for one account with every shared mail fixture, spread over Inbox, a nested
 * "Inbox/Receipts" folder, "Archive/2019" and a hidden folder (byte-identical copies, renamed .eml).
 */
export async function fixtureSeedDir(address = "alice@outlook.example", extra?: (accountDir: string) => Promise<void>): Promise<{ dir: string; layout: Map<string, string>; cleanup(): Promise<void> }> {
  const dir = await fsp.mkdtemp(path.join(os.tmpdir(), "lifeboat-graph-seed-"));
  const accountDir = path.join(dir, "microsoft", address);
  const manifest = await mailManifest();
  const names = Object.keys(manifest).sort();
  const folders = ["Inbox", "Inbox/Receipts", "Archive/2019", "Hidden Stuff"];
  const layout = new Map<string, string>();
  for (const f of folders) await fsp.mkdir(path.join(accountDir, "mail", ...f.split("/")), { recursive: true });
  await fsp.writeFile(path.join(accountDir, "mail", "Hidden Stuff", "folder.json"), JSON.stringify({ hidden: true }));
  names.forEach((name, i) => layout.set(name, folders[i % folders.length] ?? "Inbox"));
  for (const [name, folder] of layout) {
    const target = path.join(accountDir, "mail", ...folder.split("/"), `${name.replace(/\.[^.]+$/, "")}.eml`);
    await fsp.copyFile(path.join(FIXTURES, "mail", name), target);
  }
  if (extra) await extra(accountDir);
  return { dir, layout, cleanup: () => fsp.rm(dir, { recursive: true, force: true }) };
}
