import { test } from "node:test";
import assert from "node:assert/strict";

import { isAllowedFrameNavigation, isAllowedRendererRequest } from "../../../electron/shell/security/navigation-policy.js";

test("the main frame never navigates; a subframe only to the srcdoc viewer or blank", () => {
  for (const url of ["app://lifeboat/index.html", "https://login.microsoftonline.com/", "about:srcdoc"]) assert.equal(isAllowedFrameNavigation(url, true), false, url);
  assert.equal(isAllowedFrameNavigation("about:srcdoc", false), true);
  assert.equal(isAllowedFrameNavigation("about:blank", false), true);
  for (const url of ["https://evil.example/", "http://127.0.0.1:8080/", "file:///etc/passwd", "javascript:alert(1)", "app://lifeboat/index.html", "about:srcdoc#x", "data:text/html,hi"]) {
    assert.equal(isAllowedFrameNavigation(url, false), false, url);
  }
});

test("the pages may load from app://lifeboat, data: and blob: only", () => {
  for (const url of ["app://lifeboat/assets/index.js", "data:image/png;base64,iVBOR", "blob:app://lifeboat/5b1f"]) assert.equal(isAllowedRendererRequest(url), true, url);
  for (const url of [
    "https://evil.example/beacon?d=secret",
    "http://127.0.0.1:9000/",
    "ws://127.0.0.1:5000/bridge",
    "wss://evil.example/",
    "file:///etc/passwd",
    "app://evil/x.js",
    "ftp://x/",
    "not a url",
  ]) {
    assert.equal(isAllowedRendererRequest(url), false, url);
  }
});
