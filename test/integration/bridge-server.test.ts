// The test bridge: static files with the app's CSP and no way out of the build folder, and the
// WebSocket that only the page it served may open (exact Origin and the token), carrying requests
// to the real app service (which validates them) and its events to every client.
import assert from "node:assert/strict";
import { promises as fsp } from "node:fs";
import http from "node:http";
import os from "node:os";
import path from "node:path";
import { after, before, describe, test } from "node:test";
import WebSocket from "ws";
import type { BridgeServerMessage } from "../../shared/bridge-protocol.js";
import { BRIDGE_PATH } from "../../shared/bridge-protocol.js";
import { createAppService } from "../../electron/app-service/app-service.js";
import type { AppServiceApi } from "../../electron/app-service/app-service-host.js";
import { MemorySecretStore } from "../../electron/engine/secrets/memory-secret-store.js";
import { type Bridge, bridgeCsp, startBridge } from "../bridge/bridge-server.js";

let work: string;
let service: AppServiceApi;
let bridge: Bridge;
const origin = (): string => `http://127.0.0.1:${bridge.port}`;

before(async () => {
  work = await fsp.mkdtemp(path.join(os.tmpdir(), "lifeboat-bridge-"));
  const ui = path.join(work, "ui");
  await fsp.mkdir(path.join(ui, "assets"), { recursive: true });
  await fsp.writeFile(path.join(ui, "index.html"), "<!doctype html><title>Lifeboat</title>");
  await fsp.writeFile(path.join(ui, "assets", "app.js"), "console.log('ui');");
  await fsp.writeFile(path.join(work, "secret.txt"), "SECRET OUTSIDE THE BUILD");
  service = createAppService({ openExternal: () => Promise.reject(new Error("no browser")), secrets: new MemorySecretStore(), home: path.join(work, "home") });
  bridge = await startBridge({ service, staticDir: ui });
});

after(async () => {
  await bridge?.close();
  await service?.close();
  await fsp.rm(work, { recursive: true, force: true });
});

/** A raw GET (the path is sent exactly as given, no client-side normalisation). */
function get(rawPath: string): Promise<{ status: number; headers: http.IncomingHttpHeaders; body: string }> {
  return new Promise((resolve, reject) => {
    const req = http.request({ host: "127.0.0.1", port: bridge.port, path: rawPath, method: "GET" }, (res) => {
      let body = "";
      res.setEncoding("utf8");
      res.on("data", (d: string) => (body += d));
      res.on("end", () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }));
    });
    req.on("error", reject);
    req.end();
  });
}

/** Opens a client; resolves with it, or rejects with the HTTP status the upgrade got. */
function connect(opts: { token?: string | null; origin?: string | null }): Promise<WebSocket> {
  const token = opts.token === undefined ? bridge.token : opts.token;
  const url = `ws://127.0.0.1:${bridge.port}${BRIDGE_PATH}${token === null ? "" : `?token=${encodeURIComponent(token)}`}`;
  const o = opts.origin === undefined ? origin() : opts.origin;
  const ws = new WebSocket(url, o === null ? {} : { origin: o });
  return new Promise((resolve, reject) => {
    ws.once("open", () => resolve(ws));
    ws.once("unexpected-response", (_req, res) => reject(new Error(`refused ${res.statusCode}`)));
    ws.once("error", reject);
  });
}

class Client {
  private next = 1;
  readonly messages: BridgeServerMessage[] = [];
  private waiters: Array<() => void> = [];

  constructor(readonly ws: WebSocket) {
    ws.on("message", (d) => {
      this.messages.push(JSON.parse(d.toString()) as BridgeServerMessage);
      for (const w of this.waiters.splice(0)) w();
    });
  }

  async until<T>(find: () => T | undefined): Promise<T> {
    for (;;) {
      const v = find();
      if (v !== undefined) return v;
      await new Promise<void>((r) => this.waiters.push(r));
    }
  }

  async invoke(channel: string, request: unknown): Promise<Extract<BridgeServerMessage, { type: "reply" }>["reply"]> {
    const id = this.next++;
    this.ws.send(JSON.stringify({ type: "invoke", id, channel, request }));
    const m = await this.until(() => this.messages.find((x) => x.type === "reply" && x.id === id));
    return (m as Extract<BridgeServerMessage, { type: "reply" }>).reply;
  }
}

describe("bridge server", () => {
  test("url carries the token in the fragment", () => {
    assert.equal(bridge.url, `${origin()}/#token=${bridge.token}`);
    assert.ok(bridge.token.length >= 32);
  });

  test("serves the build with the app's CSP and the right content types", async () => {
    const index = await get("/");
    assert.equal(index.status, 200);
    assert.match(index.headers["content-type"]!, /^text\/html/);
    assert.equal(index.body, "<!doctype html><title>Lifeboat</title>");
    assert.equal(index.headers["content-security-policy"], bridgeCsp(bridge.port));
    assert.equal(
      index.headers["content-security-policy"],
      `default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; font-src 'self'; connect-src 'self' ws://127.0.0.1:${bridge.port}; base-uri 'none'; form-action 'none'; frame-ancestors 'none'`,
    );
    const js = await get("/assets/app.js?v=1");
    assert.equal(js.status, 200);
    assert.match(js.headers["content-type"]!, /^text\/javascript/);
    assert.equal((await get("/assets/missing.js")).status, 404);
    assert.equal((await get("/assets")).status, 404, "a folder is not a file");
  });

  test("no path leaves the build folder", async () => {
    for (const p of ["/../secret.txt", "/%2e%2e/secret.txt", "/..%2fsecret.txt", "/assets/..%2f..%2fsecret.txt", "/%2fetc%2fpasswd", "//etc/passwd", "/assets/%00.js"]) {
      const r = await get(p);
      assert.notEqual(r.status, 200, p);
      assert.ok(!r.body.includes("SECRET") && !r.body.includes("root:"), p);
    }
  });

  test("refuses a WebSocket without the exact Origin or the right token", async () => {
    await assert.rejects(connect({ origin: "http://evil.example" }), /refused 403/);
    await assert.rejects(connect({ origin: `http://localhost:${bridge.port}` }), /refused 403/);
    await assert.rejects(connect({ origin: null }), /refused 403/);
    await assert.rejects(connect({ token: null }), /refused 403/);
    await assert.rejects(connect({ token: "wrong" }), /refused 403/);
    await assert.rejects(connect({ token: bridge.token.slice(0, -1) + (bridge.token.endsWith("A") ? "B" : "A") }), /refused 403/);
    const ok = await connect({});
    ok.close();
  });

  test("invokes go through the service: round trip, validation, shell-only channels", async () => {
    const c = new Client(await connect({}));
    try {
      const state = await c.invoke("app:get-state", {});
      assert.ok(state.ok);
      assert.equal((state.value as { archive: { status: string } }).archive.status, "none");
      const bad = await c.invoke("browse:list", { snapshot: "latest" });
      assert.ok(!bad.ok && bad.error.code === "invalid", JSON.stringify(bad));
      const unknown = await c.invoke("rm:-rf", {});
      assert.ok(!unknown.ok && unknown.error.code === "invalid");
      assert.deepEqual(await c.invoke("dialog:choose-folder", { title: "Where?" }), { ok: true, value: { path: null } });
      assert.deepEqual(await c.invoke("app:open-external", { url: "https://example.com/" }), { ok: true, value: { opened: false } });
    } finally {
      c.ws.close();
    }
  });

  test("events reach every connected client", async () => {
    const a = new Client(await connect({}));
    const b = new Client(await connect({}));
    try {
      const r = await a.invoke("settings:update", { schedule: { everyHours: 12 } });
      assert.ok(r.ok);
      for (const c of [a, b]) {
        const ev = await c.until(() => c.messages.find((m) => m.type === "event" && m.event === "state"));
        assert.equal((ev as { payload: { settings: { schedule: { everyHours: number } } } }).payload.settings.schedule.everyHours, 12);
      }
    } finally {
      a.ws.close();
      b.ws.close();
    }
  });

  test("a message that is not an invoke ends the session", async () => {
    const ws = await connect({});
    const closed = new Promise<number>((resolve) => ws.once("close", (code) => resolve(code)));
    ws.send("not json");
    assert.equal(await closed, 1003);
  });
});
