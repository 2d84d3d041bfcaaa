// The packaged app's --headless mode (what the OS scheduler starts while the app is closed): the
// arguments after --headless go to the CLI, run in the engine's process, with the CLI's own output
// and exit code. Checked against the CLI run directly, in child processes.
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { test } from "node:test";
import { headlessArgs } from "../../../electron/shell/headless-cli.js";

const dist = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..", "..", "..");
const HEADLESS = path.join(dist, "electron", "shell", "headless-cli.js");
const CLI = path.join(dist, "electron", "cli", "main.js");

function viaHeadless(args: string[], env: NodeJS.ProcessEnv): { status: number | null; stdout: string } {
  const script = `import(${JSON.stringify(HEADLESS)}).then((m) => m.runHeadless(${JSON.stringify(args)})).then((c) => process.exit(c))`;
  const r = spawnSync(process.execPath, ["--input-type=module", "-e", script], { env, encoding: "utf8" });
  return { status: r.status, stdout: r.stdout };
}

function viaCli(args: string[], env: NodeJS.ProcessEnv): { status: number | null; stdout: string } {
  const r = spawnSync(process.execPath, [CLI, ...args], { env, encoding: "utf8" });
  return { status: r.status, stdout: r.stdout };
}

test("the arguments after --headless, or null without it", () => {
  assert.deepEqual(headlessArgs(["/opt/Lifeboat/lifeboat", "--headless", "backup", "--scheduled", "--archive", "/a b"]), ["backup", "--scheduled", "--archive", "/a b"]);
  assert.equal(headlessArgs(["/opt/Lifeboat/lifeboat", "--hidden"]), null);
});

test("headless runs the CLI: the same output and exit codes as the CLI itself", () => {
  const env = { ...process.env, LIFEBOAT_HOME: path.join(os.tmpdir(), `lifeboat-headless-${process.pid}`), LIFEBOAT_NO_KEYCHAIN: "1" };
  for (const args of [["--version"], ["frobnicate", "--json"], ["history", "--json"]]) {
    const a = viaHeadless(args, env);
    const b = viaCli(args, env);
    assert.equal(a.status, b.status, `exit code of ${args.join(" ")}`);
    assert.equal(a.stdout, b.stdout, `output of ${args.join(" ")}`);
  }
  assert.equal(viaCli(["--version"], env).status, 0);
  assert.notEqual(viaCli(["frobnicate", "--json"], env).status, 0);
});
