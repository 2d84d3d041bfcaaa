/**
 * What the window may load, beyond its first page. The main frame never navigates (the app is a
 * single page; links go to the system browser). A subframe may only become the message viewer's
 * sandboxed srcdoc document (or a blank one). Requests may only go to the app's own origin and to
 * inline data: images — the UI needs no network at all, so a request to http(s), ws(s) or file:
 * is a bug or an attack, and is cancelled before it leaves.
 */
import { APP_HOST, APP_SCHEME } from "./app-origin.js";

/** For `will-frame-navigate`: whether a renderer-started navigation may go ahead. */
export function isAllowedFrameNavigation(url: string, isMainFrame: boolean): boolean {
  if (isMainFrame) return false;
  return url === "about:srcdoc" || url === "about:blank";
}

// DevTools (development builds only) load their own front end from these.
const DEVTOOLS_SCHEMES = new Set(["devtools:", "chrome-devtools:"]);

/** For `webRequest.onBeforeRequest`: whether a request from the app's pages may be made. */
export function isAllowedRendererRequest(url: string): boolean {
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    return false;
  }
  if (u.protocol === `${APP_SCHEME}:`) return u.host === APP_HOST;
  if (u.protocol === "data:" || u.protocol === "blob:") return true;
  return DEVTOOLS_SCHEMES.has(u.protocol);
}
