import { test } from "node:test";
import assert from "node:assert/strict";

import { REQUIRED_WEB_PREFERENCES, webPreferencesProblems } from "../../../electron/shell/security/web-preferences.js";

const good = { ...REQUIRED_WEB_PREFERENCES, preload: "/app/out/preload/preload.cjs", safeDialogs: true, devTools: false };

test("the locked-down preferences pass", () => {
  assert.deepEqual(webPreferencesProblems(good), []);
  assert.equal(REQUIRED_WEB_PREFERENCES.contextIsolation, true);
  assert.equal(REQUIRED_WEB_PREFERENCES.sandbox, true);
  assert.equal(REQUIRED_WEB_PREFERENCES.nodeIntegration, false);
  assert.equal(REQUIRED_WEB_PREFERENCES.webSecurity, true);
});

test("each loosened or missing preference is named", () => {
  const loosened: Array<[string, Record<string, unknown>]> = [
    ["contextIsolation", { contextIsolation: false }],
    ["sandbox", { sandbox: false }],
    ["nodeIntegration", { nodeIntegration: true }],
    ["nodeIntegrationInSubFrames", { nodeIntegrationInSubFrames: true }],
    ["webSecurity", { webSecurity: false }],
    ["allowRunningInsecureContent", { allowRunningInsecureContent: true }],
    ["experimentalFeatures", { experimentalFeatures: true }],
    ["webviewTag", { webviewTag: true }],
    ["spellcheck", { spellcheck: true }],
    ["disableBlinkFeatures", { disableBlinkFeatures: "" }],
    ["enableBlinkFeatures", { enableBlinkFeatures: "CSSVariables" }],
    ["preload", { preload: "/app/out/preload/preload.mjs" }],
    ["additionalArguments", { additionalArguments: ["--inspect"] }],
  ];
  for (const [key, change] of loosened) {
    const problems = webPreferencesProblems({ ...good, ...change });
    assert.equal(problems.length, 1, `${key}: ${problems.join("; ")}`);
    assert.match(problems[0]!, new RegExp(`^${key}`));
  }
  const { sandbox: _s, ...missing } = good;
  assert.deepEqual(webPreferencesProblems(missing), ["sandbox must be true, not undefined"]);
});
