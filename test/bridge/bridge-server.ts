// The test-only bridge: serves the UI's browser build and carries shared/bridge-protocol.ts over a
// loopback WebSocket, so browser tests and `npm run ui:preview` drive the real app service without
// Electron. Never part of the packaged app.
//
// The CSP below is the one the Electron shell sends, plus the WebSocket in connect-src; the UI is
// written against it (no inline scripts or styles). Change it only together with the UI's author.
import { randomBytes, timingSafeEqual } from "node:crypto";
import { createReadStream, promises as fsp } from "node:fs";
import http from "node:http";
import type { AddressInfo } from "node:net";
import path from "node:path";
import { WebSocketServer, type WebSocket } from "ws";
import type { Channel, EventName } from "../../shared/app-api.js";
import { BRIDGE_PATH, type BridgeInvoke, type BridgeServerMessage } from "../../shared/bridge-protocol.js";
import type { AppServiceApi } from "../../electron/app-service/app-service-host.js";
// The same Content-Types the app:// protocol serves, so the browser tests see what the app sees.
import { mimeTypeOf as contentTypeOf } from "../../electron/shell/security/app-protocol-path.js";

export interface BridgeOptions {
  service: AppServiceApi;
  /** The UI's browser build (default dist/ui-bridge, made by `npm run build:ui`). */
  staticDir?: string;
  port?: number;
}

export interface Bridge {
  /** http://127.0.0.1:PORT/#token=TOKEN: the page to open. */
  url: string;
  token: string;
  port: number;
  close(): Promise<void>;
}

/** Requests bigger than this are refused (an import carries at most 64 MiB as base64). */
const MAX_MESSAGE_BYTES = 96 * 1024 * 1024;

export function bridgeCsp(port: number): string {
  return [
    "default-src 'none'",
    "script-src 'self'",
    "style-src 'self'",
    "img-src 'self' data:",
    "font-src 'self'",
    `connect-src 'self' ws://127.0.0.1:${port}`,
    "base-uri 'none'",
    "form-action 'none'",
    "frame-ancestors 'none'",
  ].join("; ");
}

function sameSecret(given: string | null, token: string): boolean {
  if (given === null) return false;
  const a = Buffer.from(given);
  const b = Buffer.from(token);
  return a.length === b.length && timingSafeEqual(a, b);
}

/** The file under `root` that a URL path names, or null when it would leave `root`. */
export function staticFile(root: string, urlPath: string): string | null {
  let decoded: string;
  try {
    decoded = decodeURIComponent(urlPath);
  } catch {
    return null;
  }
  if (decoded.includes("\0")) return null;
  const rel = decoded === "/" || decoded === "" ? "index.html" : decoded.replace(/^\/+/, "");
  const abs = path.resolve(root, rel);
  return abs === root || abs.startsWith(root + path.sep) ? abs : null;
}

function isInvoke(m: unknown): m is BridgeInvoke {
  const x = m as BridgeInvoke;
  return !!x && typeof x === "object" && x.type === "invoke" && Number.isSafeInteger(x.id) && typeof x.channel === "string";
}

/** What the bridge answers itself: there are no native dialogs or system browser in a test page. */
function shellAnswer(channel: string): unknown {
  if (channel === "dialog:choose-folder" || channel === "dialog:save-file") return { path: null };
  if (channel === "app:open-external") return { opened: false };
  if (channel === "app:get-autostart" || channel === "app:set-autostart") return { supported: false, enabled: false, detail: "Only in the desktop app (this page runs in a browser)." };
  return undefined;
}

export async function startBridge(opts: BridgeOptions): Promise<Bridge> {
  const root = path.resolve(opts.staticDir ?? path.join(process.cwd(), "dist", "ui-bridge"));
  const token = randomBytes(24).toString("base64url");
  let port = 0;
  const headers = (): Record<string, string> => ({
    "content-security-policy": bridgeCsp(port),
    "x-content-type-options": "nosniff",
    "referrer-policy": "no-referrer",
    "cache-control": "no-store",
  });

  const server = http.createServer((req, res) => {
    const fail = (status: number, text: string): void => {
      res.writeHead(status, { ...headers(), "content-type": "text/plain; charset=utf-8" });
      res.end(text);
    };
    if (req.method !== "GET" && req.method !== "HEAD") return fail(405, "Method not allowed");
    const urlPath = (req.url ?? "/").split(/[?#]/)[0]!;
    const file = staticFile(root, urlPath);
    if (!file) return fail(404, "Not found");
    void fsp
      .stat(file)
      .then((st) => {
        if (!st.isFile()) return fail(404, "Not found");
        res.writeHead(200, { ...headers(), "content-type": contentTypeOf(file), "content-length": String(st.size) });
        if (req.method === "HEAD") return res.end();
        createReadStream(file).on("error", () => res.destroy()).pipe(res);
      })
      .catch(() => fail(404, urlPath === "/" ? `No UI build in ${root}: run npm run build:ui` : "Not found"));
  });

  const wss = new WebSocketServer({ noServer: true, maxPayload: MAX_MESSAGE_BYTES });
  const clients = new Set<WebSocket>();
  server.on("upgrade", (req, socket, head) => {
    const url = new URL(req.url ?? "/", `http://127.0.0.1:${port}`);
    const originOk = req.headers.origin === `http://127.0.0.1:${port}`;
    if (url.pathname !== BRIDGE_PATH || !originOk || !sameSecret(url.searchParams.get("token"), token)) {
      socket.end("HTTP/1.1 403 Forbidden\r\nConnection: close\r\nContent-Length: 0\r\n\r\n");
      return;
    }
    wss.handleUpgrade(req, socket, head, (ws) => wss.emit("connection", ws, req));
  });

  const send = (ws: WebSocket, m: BridgeServerMessage): void => {
    if (ws.readyState === ws.OPEN) ws.send(JSON.stringify(m));
  };

  wss.on("connection", (ws: WebSocket) => {
    clients.add(ws);
    ws.on("close", () => clients.delete(ws));
    ws.on("message", (data, isBinary) => {
      let msg: unknown;
      try {
        msg = isBinary ? undefined : JSON.parse(data.toString());
      } catch {
        msg = undefined;
      }
      if (!isInvoke(msg)) {
        // Without a usable id nobody waits for an answer; a protocol violation ends the session.
        ws.close(1003, "Expected a JSON invoke message");
        return;
      }
      const { id, channel, request } = msg;
      const own = shellAnswer(channel);
      const reply = own !== undefined ? Promise.resolve({ ok: true as const, value: own }) : opts.service.handle(channel as Channel, request);
      void reply.then((r) => send(ws, { type: "reply", id, reply: r }));
    });
  });

  const unsubscribe = opts.service.subscribe((event: EventName, payload: unknown) => {
    for (const ws of clients) send(ws, { type: "event", event, payload });
  });

  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(opts.port ?? 0, "127.0.0.1", () => resolve());
  });
  port = (server.address() as AddressInfo).port;

  return {
    url: `http://127.0.0.1:${port}/#token=${token}`,
    token,
    port,
    close: async () => {
      unsubscribe();
      for (const ws of clients) ws.terminate();
      await new Promise<void>((resolve) => wss.close(() => resolve()));
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
