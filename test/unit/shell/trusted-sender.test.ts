import { test } from "node:test";
import assert from "node:assert/strict";

import { APP_ORIGIN, APP_START_URL } from "../../../electron/shell/security/app-origin.js";
import { checkSender } from "../../../electron/shell/security/trusted-sender.js";

const ours = { id: 1 };
const mainFrame = (url: string) => ({ url, parent: null });

test("the main frame of our window, on our app:// origin, is trusted", () => {
  assert.deepEqual(checkSender({ sender: ours, senderFrame: mainFrame(APP_START_URL) }, ours), { trusted: true });
  assert.deepEqual(checkSender({ sender: ours, senderFrame: mainFrame(`${APP_ORIGIN}/restore?x=1#top`) }, ours), { trusted: true });
});

test("subframes, other windows, other origins and vanished frames are refused", () => {
  const refused: Array<[string, Parameters<typeof checkSender>[0], unknown]> = [
    ["subframe", { sender: ours, senderFrame: { url: APP_START_URL, parent: mainFrame(APP_START_URL) } }, ours],
    ["srcdoc subframe", { sender: ours, senderFrame: { url: "about:srcdoc", parent: mainFrame(APP_START_URL) } }, ours],
    ["another web contents", { sender: { id: 2 }, senderFrame: mainFrame(APP_START_URL) }, ours],
    ["no window yet", { sender: ours, senderFrame: mainFrame(APP_START_URL) }, null],
    ["frame gone", { sender: ours, senderFrame: null }, ours],
    ["https page", { sender: ours, senderFrame: mainFrame("https://evil.example/index.html") }, ours],
    ["file page", { sender: ours, senderFrame: mainFrame("file:///work/out/renderer/index.html") }, ours],
    ["other app host", { sender: ours, senderFrame: mainFrame("app://evil/index.html") }, ours],
    ["host suffix", { sender: ours, senderFrame: mainFrame("app://lifeboat.evil/index.html") }, ours],
    ["userinfo", { sender: ours, senderFrame: mainFrame("app://x@lifeboat/index.html") }, ours],
    ["devtools", { sender: ours, senderFrame: mainFrame("devtools://devtools/bundled/inspector.html") }, ours],
    ["about:blank", { sender: ours, senderFrame: mainFrame("about:blank") }, ours],
    ["unparsable", { sender: ours, senderFrame: mainFrame("::::") }, ours],
  ];
  for (const [what, event, window] of refused) {
    const verdict = checkSender(event, window);
    assert.equal(verdict.trusted, false, what);
  }
});
