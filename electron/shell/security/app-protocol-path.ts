import path from "node:path";
import { APP_HOST, APP_SCHEME } from "./app-origin.js";

/**
 * Maps an app:// request to a file inside the built renderer folder, or null when the request must
 * be refused. The URL is parsed (so `%2e%2e`, backslashes and `..` segments are normalised the way
 * the browser would), then the decoded path is resolved and must still lie inside `root`: a
 * double-encoded `..`, an encoded separator or a NUL byte cannot reach a file outside it.
 */
export function resolveAppPath(requestUrl: string, root: string): string | null {
  let url: URL;
  try {
    url = new URL(requestUrl);
  } catch {
    return null;
  }
  if (url.protocol !== `${APP_SCHEME}:` || url.host !== APP_HOST) return null;
  if (url.username !== "" || url.password !== "") return null;
  let decoded: string;
  try {
    decoded = decodeURIComponent(url.pathname);
  } catch {
    return null;
  }
  // An encoded separator or NUL in a segment means someone is probing; real asset names have none.
  // Empty segments ("//") neither: Vite never emits them, and path.resolve would read "/x" as absolute.
  if (decoded.includes("\0") || decoded.includes("\\") || decoded.includes("//") || /%2f|%5c/i.test(url.pathname)) return null;
  const relative = decoded === "/" || decoded === "" ? "index.html" : decoded.slice(1);
  const base = path.resolve(root);
  const full = path.resolve(base, relative);
  if (full !== base && !full.startsWith(base + path.sep)) return null;
  if (full === base) return null;
  return full;
}

const MIME_TYPES: Readonly<Record<string, string>> = {
  ".html": "text/html; charset=utf-8",
  ".js": "text/javascript; charset=utf-8",
  ".mjs": "text/javascript; charset=utf-8",
  ".css": "text/css; charset=utf-8",
  ".json": "application/json",
  ".map": "application/json",
  ".svg": "image/svg+xml",
  ".png": "image/png",
  ".jpg": "image/jpeg",
  ".jpeg": "image/jpeg",
  ".gif": "image/gif",
  ".webp": "image/webp",
  ".ico": "image/x-icon",
  ".woff": "font/woff",
  ".woff2": "font/woff2",
  ".ttf": "font/ttf",
  ".wasm": "application/wasm",
  ".txt": "text/plain; charset=utf-8",
};

/** The Content-Type for a served file; unknown kinds are served as opaque bytes (and nosniff). */
export function mimeTypeOf(file: string): string {
  return MIME_TYPES[path.extname(file).toLowerCase()] ?? "application/octet-stream";
}
