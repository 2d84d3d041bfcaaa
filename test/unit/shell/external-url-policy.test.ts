import { test } from "node:test";
import assert from "node:assert/strict";

import { authorityHost, isAllowedExternalUrl } from "../../../electron/shell/security/external-url-policy.js";

test("Microsoft's and Google's sign-in and help pages open", () => {
  for (const url of [
    "https://login.microsoftonline.com/common/oauth2/v2.0/authorize?client_id=x&redirect_uri=http%3A%2F%2Flocalhost%3A5555",
    "https://login.live.com/oauth20_authorize.srf",
    "https://support.microsoft.com/en-us/windows/find-your-bitlocker-recovery-key",
    "https://accounts.google.com/o/oauth2/v2/auth?x=1",
    "https://support.google.com/accounts/answer/185833",
  ]) {
    assert.equal(isAllowedExternalUrl(url), true, url);
  }
});

test("look-alike hosts, wrong schemes and userinfo tricks are refused", () => {
  const hostile = [
    "https://login.microsoftonline.com.evil.example/common",
    "https://evil.example/login.microsoftonline.com",
    "https://evil.example/?next=https://login.microsoftonline.com",
    "https://login.microsoftonline.com@evil.example/",
    "https://user:pass@login.microsoftonline.com/common",
    "https://login.microsoftonline.com:pw@evil.example/",
    "http://login.microsoftonline.com/common",
    "javascript:alert(1)",
    "JavaScript://login.microsoftonline.com/%0aalert(1)",
    "file:///etc/passwd",
    "file://login.microsoftonline.com/c$/windows",
    "smb://login.microsoftonline.com/share",
    "ms-msdt:/id PCWDiagnostic",
    "data:text/html,<script>alert(1)</script>",
    "//login.microsoftonline.com/common",
    "login.microsoftonline.com/common",
    "https://xn--login-microsoftonline-xyz.com/",
    // IDN look-alike (Cyrillic "о" in microsoftonline): parsed to punycode, never equal.
    "https://login.micrоsoftonline.com/common",
    "https://login.microsoftonline.com:8443/common",
    "https://sub.login.microsoftonline.com/common",
    "https://microsoftonline.com/",
    "",
    "not a url",
  ];
  for (const url of hostile) assert.equal(isAllowedExternalUrl(url), false, url);
});

test("upper-case and trailing-dot-free hosts are normalised by the URL parser, not by us", () => {
  assert.equal(isAllowedExternalUrl("HTTPS://LOGIN.MICROSOFTONLINE.COM/common"), true);
  assert.equal(isAllowedExternalUrl("https://Login.MicrosoftOnline.com:443/common"), true);
  // A trailing dot names a different host for us (an exact match is required).
  assert.equal(isAllowedExternalUrl("https://login.microsoftonline.com./common"), false);
});

test("a configured authority's host (with its port) is allowed, and nothing beside it", () => {
  const authorities = ["https://127.0.0.1:44321/common", "https://login.contoso-cloud.example/tenant-id"];
  assert.equal(isAllowedExternalUrl("https://127.0.0.1:44321/common/oauth2/v2.0/authorize?x=1", authorities), true);
  assert.equal(isAllowedExternalUrl("https://login.contoso-cloud.example/tenant-id/oauth2/v2.0/authorize", authorities), true);
  assert.equal(isAllowedExternalUrl("https://127.0.0.1:44322/common", authorities), false);
  assert.equal(isAllowedExternalUrl("https://127.0.0.1/common", authorities), false);
  assert.equal(isAllowedExternalUrl("http://127.0.0.1:44321/common", authorities), false);
  assert.equal(isAllowedExternalUrl("https://login.contoso-cloud.example.evil.example/", authorities), false);
  // An authority that is not https gives nothing.
  assert.equal(isAllowedExternalUrl("https://intranet.example/", ["http://intranet.example/"]), false);
  assert.equal(authorityHost("http://intranet.example/"), null);
  assert.equal(authorityHost("https://LOGIN.Example:8443/x"), "login.example:8443");
});
