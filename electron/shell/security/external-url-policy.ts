/**
 * Which links may leave the app for the system browser (shell.openExternal). Opening an arbitrary
 * URL can start any registered protocol handler (file:, smb:, ms-msdt:...), so only https links to
 * hosts we know are opened: Microsoft's and Google's sign-in and help pages, plus the hosts of the
 * sign-in authorities the accounts are configured with (a national cloud, a company's own
 * authority, the local emulators of the demo).
 *
 * Everything is decided on the parsed URL (WHATWG `new URL()`), never on string prefixes, so
 * `https://login.microsoftonline.com.evil.example` or `https://login.microsoftonline.com@evil.example`
 * cannot pass. Hosts match exactly (no subdomain wildcards); URL parsing lower-cases them and turns
 * IDN into punycode, so look-alike hosts stay different strings.
 */
export const ALLOWED_EXTERNAL_HOSTS: readonly string[] = [
  // Microsoft sign-in (public cloud and national clouds) and account pages.
  "login.microsoftonline.com",
  "login.microsoftonline.us",
  "login.chinacloudapi.cn",
  "login.partner.microsoftonline.cn",
  "login.live.com",
  "account.live.com",
  "account.microsoft.com",
  "myaccount.microsoft.com",
  "mysignins.microsoft.com",
  // Microsoft help.
  "support.microsoft.com",
  "learn.microsoft.com",
  "go.microsoft.com",
  "aka.ms",
  // Google sign-in, account and help pages.
  "accounts.google.com",
  "myaccount.google.com",
  "support.google.com",
];

/** The lower-cased `host[:port]` of an https authority URL, or null when it is not one. */
export function authorityHost(authority: string): string | null {
  const url = parseHttps(authority);
  return url ? url.host : null;
}

function parseHttps(raw: string): URL | null {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return null;
  }
  if (url.protocol !== "https:") return null;
  // user:password@ is never needed to open a page, and is the classic way to disguise a host.
  if (url.username !== "" || url.password !== "") return null;
  if (url.hostname === "") return null;
  return url;
}

/**
 * Whether `raw` may be opened in the system browser. `authorities` are the configured sign-in
 * authority URLs; their host (with port, as the local emulators use one) is allowed too.
 */
export function isAllowedExternalUrl(raw: string, authorities: Iterable<string> = []): boolean {
  if (typeof raw !== "string" || raw.length > 8192) return false;
  const url = parseHttps(raw);
  if (!url) return false;
  // The fixed hosts are allowed on the default port only.
  if (url.port === "" && ALLOWED_EXTERNAL_HOSTS.includes(url.hostname)) return true;
  for (const a of authorities) {
    const host = authorityHost(a);
    if (host !== null && host === url.host) return true;
  }
  return false;
}
