// Main's EngineLink against the real engine code (runEngine + the real app service) in a real
// child process: requests and validation, a SIGKILLed engine restarted with the UI told, and a
// clean shutdown. Electron's utilityProcess is replaced by Node's fork (same message semantics
// with "advanced" serialization: structured clone).
import { test } from "node:test";
import assert from "node:assert/strict";
import { fork } from "node:child_process";
import type { ChildProcess } from "node:child_process";
import { promises as fsp } from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";

import type { AppState } from "../../../shared/app-types.js";
import { EngineLink } from "../../../electron/shell/engine-link/engine-link.js";
import type { EngineChild } from "../../../electron/shell/engine-link/engine-link.js";

const LAUNCHER = path.join(path.dirname(fileURLToPath(import.meta.url)), "engine-launcher.js");

function forkEngine(env: NodeJS.ProcessEnv, started: ChildProcess[]): EngineChild {
  const child = fork(LAUNCHER, [], { env, serialization: "advanced", stdio: ["ignore", "inherit", "inherit", "ipc"] });
  started.push(child);
  return {
    postMessage: (m) => {
      child.send(m);
    },
    on: (event: "message" | "exit", listener: (arg: never) => void) => {
      if (event === "message") child.on("message", listener as (m: unknown) => void);
      else child.on("exit", (code) => (listener as (c: number) => void)(code ?? 137));
      return child;
    },
    kill: () => child.kill("SIGKILL"),
  } as EngineChild;
}

test("the real engine answers, survives being killed, and shuts down on request", async (t) => {
  const home = await fsp.mkdtemp(path.join(os.tmpdir(), "lifeboat-engine-process-"));
  t.after(() => fsp.rm(home, { recursive: true, force: true }));
  const env = { ...process.env, LIFEBOAT_HOME: home, LIFEBOAT_NO_KEYCHAIN: "1" };
  const started: ChildProcess[] = [];
  const events: Array<{ event: string; payload: unknown }> = [];
  let signalRestart: () => void = () => undefined;
  const restarted = new Promise<void>((r) => (signalRestart = r));
  const link = new EngineLink({
    spawn: () => forkEngine(env, started),
    onEvent: (event, payload) => {
      events.push({ event, payload });
      if (event === "state" && started.length === 2) signalRestart();
    },
    onHostRequest: async () => undefined,
    onNotify: () => undefined,
  });
  link.start();
  t.after(() => started.forEach((c) => c.exitCode === null && c.kill("SIGKILL")));

  const s = await link.request("app:get-state", {});
  assert.equal(s.ok, true, JSON.stringify(s));
  assert.equal((s as { value: AppState }).value.archive.status, "none");
  const p = await link.request("archive:default-path", {});
  assert.equal(p.ok, true, JSON.stringify(p));
  assert.equal(typeof (p as { value: { path: string } }).value.path, "string");
  // The engine validates too (main's check is not the only one).
  const bad = await link.request("archive:open", { path: 42 });
  assert.equal(bad.ok, false);
  assert.equal((bad as { error: { code: string } }).error.code, "invalid");

  // Kill it: the link starts a new engine and pushes the new engine's state.
  const first = started[0]!;
  const exited = new Promise((r) => first.once("exit", r));
  first.kill("SIGKILL");
  await exited;
  await restarted;
  assert.equal(started.length, 2);
  const last = events.filter((e) => e.event === "state").at(-1)!;
  assert.equal((last.payload as AppState).archive.status, "none");
  assert.equal((await link.request("app:get-state", {})).ok, true);

  // A clean stop: the service closes and the process exits with 0; no new engine follows.
  const second = started[1]!;
  const code = new Promise<number | null>((r) => second.once("exit", (c) => r(c)));
  await link.stop();
  assert.equal(await code, 0);
  assert.equal(started.length, 2);
  assert.equal(link.running, false);
});
