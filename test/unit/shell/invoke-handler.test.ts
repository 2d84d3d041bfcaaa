import { test } from "node:test";
import assert from "node:assert/strict";

import type { Reply } from "../../../shared/app-api.js";
import { createInvokeHandler } from "../../../electron/shell/ipc/invoke-handler.js";
import type { MainHandlers } from "../../../electron/shell/ipc/invoke-handler.js";
import { APP_START_URL } from "../../../electron/shell/security/app-origin.js";
import { checkSender } from "../../../electron/shell/security/trusted-sender.js";
import type { IpcSenderLike } from "../../../electron/shell/security/trusted-sender.js";

/** A fake engine that records what reached it and answers like the app service would. */
function fakeEngine(answer: (channel: string, request: unknown) => Reply<unknown> = (channel) => ({ ok: true, value: { channel } })) {
  const calls: Array<{ channel: string; request: unknown }> = [];
  return {
    calls,
    engine: async (channel: string, request: unknown): Promise<Reply<unknown>> => {
      calls.push({ channel, request });
      return answer(channel, request);
    },
  };
}

function fakeMain() {
  const calls: string[] = [];
  const main: MainHandlers = {
    "dialog:choose-folder": async (req) => {
      calls.push(`choose:${req.title}`);
      return { path: "/home/me/Archive" };
    },
    "dialog:save-file": async (req) => {
      calls.push(`save:${req.defaultName}`);
      return { path: null };
    },
    "app:get-autostart": async () => {
      calls.push("autostart?");
      return { supported: true, enabled: false, detail: null };
    },
    "app:set-autostart": async (req) => {
      calls.push(`autostart:${req.enabled}`);
      return { supported: true, enabled: req.enabled, detail: null };
    },
    "app:open-external": async (req) => {
      calls.push(`open:${req.url}`);
      return { opened: true };
    },
  };
  return { calls, main };
}

const ours = { id: "our-window" };
const trusted: IpcSenderLike = { sender: ours, senderFrame: { url: APP_START_URL, parent: null } };

function setup(answer?: (channel: string, request: unknown) => Reply<unknown>) {
  const e = fakeEngine(answer);
  const m = fakeMain();
  const logs: string[] = [];
  const handle = createInvokeHandler({ checkSender: (event) => checkSender(event, ours), main: m.main, engine: e.engine, log: (s) => logs.push(s) });
  return { handle, engineCalls: e.calls, mainCalls: m.calls, logs };
}

test("a trusted sender's valid request reaches the engine, validated, and its Reply comes back", async () => {
  const { handle, engineCalls } = setup();
  const reply = await handle(trusted, "browse:list", { snapshot: "latest", path: "", offset: 0, limit: 50 });
  assert.deepEqual(reply, { ok: true, value: { channel: "browse:list" } });
  assert.deepEqual(engineCalls, [{ channel: "browse:list", request: { snapshot: "latest", path: "", offset: 0, limit: 50 } }]);
});

test("the engine's error Reply passes through unchanged", async () => {
  const { handle } = setup(() => ({ ok: false, error: { code: "locked", message: "Unlock the archive first." } }));
  assert.deepEqual(await handle(trusted, "snapshots:list", {}), { ok: false, error: { code: "locked", message: "Unlock the archive first." } });
});

test("dialogs and links are answered by main and never reach the engine", async () => {
  const { handle, engineCalls, mainCalls } = setup();
  assert.deepEqual(await handle(trusted, "dialog:choose-folder", { title: "Where?" }), { ok: true, value: { path: "/home/me/Archive" } });
  assert.deepEqual(await handle(trusted, "dialog:save-file", { title: "Save", defaultName: "kit.pdf" }), { ok: true, value: { path: null } });
  assert.deepEqual(await handle(trusted, "app:open-external", { url: "https://support.microsoft.com/" }), { ok: true, value: { opened: true } });
  assert.deepEqual(mainCalls, ["choose:Where?", "save:kit.pdf", "open:https://support.microsoft.com/"]);
  assert.equal(engineCalls.length, 0);
});

test("untrusted senders are refused before validation, and nothing runs", async () => {
  const { handle, engineCalls, mainCalls, logs } = setup();
  const senders: IpcSenderLike[] = [
    { sender: ours, senderFrame: { url: "about:srcdoc", parent: { url: APP_START_URL } } },
    { sender: ours, senderFrame: { url: APP_START_URL, parent: { url: APP_START_URL } } },
    { sender: ours, senderFrame: { url: "https://evil.example/", parent: null } },
    { sender: { id: "other-window" }, senderFrame: { url: APP_START_URL, parent: null } },
    { sender: ours, senderFrame: null },
  ];
  for (const s of senders) {
    const reply = await handle(s, "backup:start", {});
    assert.deepEqual(reply, { ok: false, error: { code: "forbidden", message: "This request is not allowed from here." } });
    const dialog = await handle(s, "dialog:choose-folder", { title: "x" });
    assert.equal(dialog.ok, false);
  }
  assert.equal(engineCalls.length, 0);
  assert.equal(mainCalls.length, 0);
  assert.equal(logs.length, senders.length * 2);
});

test("invalid requests and unknown channels answer 'invalid' without reaching anyone", async () => {
  const { handle, engineCalls, mainCalls } = setup();
  const bad: Array<[unknown, unknown]> = [
    ["backup:start", "yahoo"],
    ["backup:start", { sources: "all" }],
    ["archive:unlock", { passphrase: "x", recoveryKey: "y", remember: false }],
    ["archive:open", { path: "/a", extra: true }],
    ["app:open-external", { url: "not a url" }],
    ["dialog:choose-folder", {}],
    ["shell:exec", { cmd: "rm -rf /" }],
    ["__proto__", {}],
    ["constructor", {}],
    [42, {}],
    [undefined, undefined],
  ];
  for (const [channel, request] of bad) {
    const reply = await handle(trusted, channel, request);
    assert.equal(reply.ok, false, String(channel));
    if (!reply.ok) assert.equal(reply.error.code, "invalid", `${String(channel)}: ${reply.error.message}`);
  }
  assert.equal(engineCalls.length, 0);
  assert.equal(mainCalls.length, 0);
});

test("a throwing engine or main handler becomes an error Reply, never a rejection", async () => {
  const e = { engine: async (): Promise<Reply<unknown>> => Promise.reject(Object.assign(new Error("disk full"), { code: "no-space" })) };
  const m = fakeMain();
  m.main["dialog:save-file"] = async () => {
    throw new Error("no display");
  };
  const handle = createInvokeHandler({ checkSender: (event) => checkSender(event, ours), main: m.main, engine: e.engine });
  assert.deepEqual(await handle(trusted, "snapshots:list", {}), { ok: false, error: { code: "no-space", message: "disk full" } });
  assert.deepEqual(await handle(trusted, "dialog:save-file", { title: "t", defaultName: "n" }), { ok: false, error: { code: "failed", message: "no display" } });
});
