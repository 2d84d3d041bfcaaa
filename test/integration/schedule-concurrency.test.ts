// Two `lifeboat backup --scheduled` processes started at the same moment on one archive (a timer
// and a second timer, or the app and the timer): one runs, the other records "skipped" with the
// lock's reason; there is never a second writer, and the archive verifies clean.
import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { promises as fsp } from "node:fs";
import path from "node:path";
import type { RunRecord } from "../../shared/schedule-types.js";
import { CLI, initArchive, runCli, tempWorkspace } from "../helpers/cli-harness.js";
import { makeTree, seededRandom } from "../helpers/robustness-util.js";

let ws: Awaited<ReturnType<typeof tempWorkspace>>;

before(async () => {
  ws = await tempWorkspace("lifeboat-schedule-conc-");
  await initArchive(ws.env);
  const src = path.join(ws.dir, "Photos");
  // Big enough that the first run is still writing when the second one asks for the lock.
  await makeTree(src, seededRandom(7), { files: 40, maxSmall: 20_000, big: [4, 4, 4, 4, 4, 4].map((m) => m * 1024 * 1024), dirs: 2 });
  assert.equal((await runCli(["add", "folder", src], ws.env)).code, 0);
});
after(async () => {
  await ws?.cleanup();
});

function start(): { pid: number; done: Promise<{ code: number | null; stdout: string; stderr: string }> } {
  const child = spawn(process.execPath, [CLI, "backup", "--scheduled", "--json"], { env: ws.env, stdio: ["ignore", "pipe", "pipe"] });
  let stdout = "";
  let stderr = "";
  child.stdout.on("data", (d: Buffer) => (stdout += d.toString()));
  child.stderr.on("data", (d: Buffer) => (stderr += d.toString()));
  return { pid: child.pid!, done: new Promise((resolve) => child.on("close", (code) => resolve({ code, stdout, stderr }))) };
}

describe("two scheduled runs at once", () => {
  test("one backs up, the other is skipped with the lock holder's pid; one snapshot; verify is clean", async () => {
    const a = start();
    const b = start();
    const [ra, rb] = await Promise.all([a.done, b.done]);
    assert.equal(ra.code, 0, ra.stderr);
    assert.equal(rb.code, 0, rb.stderr);
    const outs = [ra, rb].map((r) => JSON.parse(r.stdout) as { ran: boolean; run: RunRecord });
    const outcomes = outs.map((o) => o.run.outcome).sort();
    assert.deepEqual(outcomes, ["ok", "skipped"]);
    const skippedIdx = outs.findIndex((o) => o.run.outcome === "skipped");
    const winnerPid = skippedIdx === 0 ? b.pid : a.pid;
    assert.equal(outs[skippedIdx]!.run.reason, `another backup is running (pid ${winnerPid})`);

    const history = (await runCli(["history", "--json"], ws.env)).json as RunRecord[];
    assert.deepEqual(history.map((r) => r.outcome).sort(), ["ok", "skipped"]);
    assert.ok(history.every((r) => r.ended !== null && r.runner === "scheduler"));
    const snaps = (await runCli(["snapshots", "--json"], ws.env)).json as Array<{ complete: boolean }>;
    assert.equal(snaps.length, 1, "one snapshot: the skipped run wrote nothing");
    assert.equal(snaps[0]!.complete, true);
    const v = await runCli(["verify", "--full", "--json"], ws.env);
    assert.equal(v.code, 0, v.stdout);
    assert.deepEqual(await fsp.readdir(path.join(ws.archive, "locks")), [], "no lock left behind");
  });
});
