/**
 * The renderer's Content-Security-Policy, sent as a response header by the app:// protocol handler.
 *
 * A header (not a <meta> tag) so it covers the document before any markup is parsed and cannot be
 * removed by the page. Nothing inline, nothing remote: scripts, styles and fonts come from the
 * app's own files only; `img-src data:` is for thumbnails the engine sends inline. The message
 * viewer's iframe uses `srcdoc` and inherits this policy, so mail HTML cannot run script either.
 */
export const CONTENT_SECURITY_POLICY = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data:",
  "font-src 'self'",
  "connect-src 'self'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join("; ");

/** Headers every app:// response carries, beside its Content-Type. */
export const APP_RESPONSE_HEADERS: Readonly<Record<string, string>> = {
  "Content-Security-Policy": CONTENT_SECURITY_POLICY,
  "X-Content-Type-Options": "nosniff",
  "Cross-Origin-Opener-Policy": "same-origin",
  "Cross-Origin-Resource-Policy": "same-origin",
  "Referrer-Policy": "no-referrer",
};
