import { test } from "node:test";
import assert from "node:assert/strict";
import path from "node:path";

import { mimeTypeOf, resolveAppPath } from "../../../electron/shell/security/app-protocol-path.js";

const root = path.resolve("/srv/lifeboat/out/renderer");

test("app:// paths map to files inside the renderer folder", () => {
  assert.equal(resolveAppPath("app://lifeboat/index.html", root), path.join(root, "index.html"));
  assert.equal(resolveAppPath("app://lifeboat/", root), path.join(root, "index.html"));
  assert.equal(resolveAppPath("app://lifeboat/assets/index-abc123.js?v=1#x", root), path.join(root, "assets/index-abc123.js"));
  assert.equal(resolveAppPath("app://lifeboat/assets/a%20b.css", root), path.join(root, "assets/a b.css"));
  // Dot segments that stay inside are normalised by the URL parser.
  assert.equal(resolveAppPath("app://lifeboat/assets/../index.html", root), path.join(root, "index.html"));
});

test("traversal, encoded traversal, other hosts and schemes are refused", () => {
  const hostile = [
    "app://lifeboat/../../../etc/passwd",
    "app://lifeboat/%2e%2e/%2e%2e/etc/passwd",
    "app://lifeboat/%252e%252e/%252e%252e/etc/passwd",
    "app://lifeboat/assets/..%2f..%2f..%2fetc%2fpasswd",
    "app://lifeboat/..%5c..%5cwindows%5cwin.ini",
    "app://lifeboat/assets\\..\\..\\..\\etc\\passwd",
    "app://lifeboat/index.html%00.png",
    "app://lifeboat/%E0%A4%A",
    "app://lifeboat//etc/passwd",
    "app://evil/index.html",
    "app://user@lifeboat/index.html",
    "file:///etc/passwd",
    "https://lifeboat/index.html",
    "not a url",
  ];
  for (const url of hostile) {
    const got = resolveAppPath(url, root);
    // Either refused, or a file inside the renderer folder (dot segments collapse at its root).
    assert.ok(got === null || got.startsWith(root + path.sep), `${url} -> ${got}`);
  }
  // Encoded separators, NUL, broken escapes, foreign hosts, userinfo and other schemes: refused.
  for (const url of hostile.slice(3)) assert.equal(resolveAppPath(url, root), null, url);
  // Plain and %2e dot segments are collapsed by the URL parser at the root, never above it.
  assert.equal(resolveAppPath("app://lifeboat/%2e%2e/%2e%2e/etc/passwd", root), path.join(root, "etc/passwd"));
});

test("content types: known kinds by extension, the rest as opaque bytes", () => {
  assert.equal(mimeTypeOf("/x/index.html"), "text/html; charset=utf-8");
  assert.equal(mimeTypeOf("/x/a.JS"), "text/javascript; charset=utf-8");
  assert.equal(mimeTypeOf("/x/font.woff2"), "font/woff2");
  assert.equal(mimeTypeOf("/x/unknown.bin"), "application/octet-stream");
});
