// A scheduled run killed mid-way (SIGKILL: a shutdown, a crash) and the next one the timer starts:
// it is due at once (the killed run has no end), resumes from the checkpoint (what was written is
// reused, not stored again), completes, and the history shows both runs. Nothing is lost: the
// restore equals the source and the archive verifies clean.
import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { promises as fsp } from "node:fs";
import path from "node:path";
import type { RunRecord } from "../../shared/schedule-types.js";
import { compareTrees } from "../../electron/engine/restore/compare-trees.js";
import { CLI, runCli, tempWorkspace } from "../helpers/cli-harness.js";
import { makeTree, seededRandom } from "../helpers/robustness-util.js";

let ws: Awaited<ReturnType<typeof tempWorkspace>>;
let src = "";
let sourceBytes = 0;

async function dirBytes(dir: string): Promise<number> {
  let n = 0;
  for (const e of await fsp.readdir(dir, { recursive: true, withFileTypes: true })) if (e.isFile()) n += (await fsp.stat(path.join(e.parentPath, e.name))).size;
  return n;
}

before(async () => {
  ws = await tempWorkspace("lifeboat-schedule-resume-");
  const init = await runCli(["init", "--json", "--scrypt-work-factor", "12", "--pack-size-mib", "1"], ws.env);
  assert.equal(init.code, 0, init.stderr);
  src = path.join(ws.dir, "Photos");
  await makeTree(src, seededRandom(11), { files: 60, maxSmall: 30_000, big: Array.from({ length: 10 }, () => 2 * 1024 * 1024), dirs: 3, bigInside: true });
  sourceBytes = await dirBytes(src);
  assert.equal((await runCli(["add", "folder", src], ws.env)).code, 0);
});
after(async () => {
  await ws?.cleanup();
});

describe("a scheduled run killed mid-way, then the next scheduled run", () => {
  test("the next run resumes from the checkpoint, completes, and nothing is lost", async () => {
    // The timer's command line (checkpointing every 2 packs so the kill lands after a checkpoint).
    const argv = [CLI, "backup", "--scheduled", "--archive", ws.archive, "--checkpoint-every-packs", "2"];
    const child = spawn(process.execPath, argv, { env: ws.env, stdio: ["ignore", "pipe", "pipe"] });
    let stderr = "";
    child.stderr.on("data", (d: Buffer) => (stderr += d.toString()));
    const closed = new Promise<void>((resolve) => child.on("close", () => resolve()));
    const snapshots = path.join(ws.archive, "snapshots");
    for (;;) {
      if ((await fsp.readdir(snapshots).catch(() => [] as string[])).length > 0) break;
      if (child.exitCode !== null) assert.fail(`the run ended before a checkpoint: ${stderr}`);
      await new Promise((r) => setTimeout(r, 10));
    }
    child.kill("SIGKILL");
    await closed;
    const packsAtKill = await dirBytes(path.join(ws.archive, "packs"));
    assert.ok(packsAtKill > 0 && packsAtKill < sourceBytes, `killed mid-way (${packsAtKill} of ~${sourceBytes} bytes in packs)`);

    const killed = (await runCli(["history", "--json"], ws.env)).json as RunRecord[];
    assert.equal(killed.length, 1);
    assert.deepEqual([killed[0]!.outcome, killed[0]!.ended], ["interrupted", null], "the killed run is in the history, with no end");

    // The timer fires again: the same command line.
    const next = await runCli(argv.slice(1).concat("--json"), ws.env);
    assert.equal(next.code, 0, next.stderr);
    const out = next.json as { ran: boolean; reason: string; run: RunRecord };
    assert.equal(out.ran, true);
    assert.equal(out.reason, "resume an interrupted run");
    assert.equal(out.run.outcome, "ok");
    assert.equal(out.run.trigger, "catch-up");
    // What the killed run wrote is reused: the second run stores only the rest.
    assert.ok(out.run.changes.newBytesStored + packsAtKill * 0.9 < sourceBytes * 1.05, `stored again: ${out.run.changes.newBytesStored} + ${packsAtKill} at kill vs ${sourceBytes}`);
    assert.ok(out.run.changes.newBytesStored < sourceBytes - packsAtKill / 2);

    const history = (await runCli(["history", "--json"], ws.env)).json as RunRecord[];
    assert.deepEqual(history.map((r) => [r.outcome, r.ended === null]), [["ok", false], ["interrupted", true]]);

    // The third tick: nothing due.
    const third = await runCli(argv.slice(1).concat("--json"), ws.env);
    assert.equal(third.code, 0);
    assert.deepEqual([(third.json as { ran: boolean }).ran, (third.json as { reason: string }).reason], [false, "not yet"]);

    const out2 = path.join(ws.dir, "restored");
    const restore = await runCli(["restore", "latest", "--to", out2], ws.env);
    assert.equal(restore.code, 0, restore.stderr);
    assert.deepEqual(await compareTrees(src, path.join(out2, "Photos")), [], "the restore equals the source");
    const v = await runCli(["verify", "--full", "--json"], ws.env);
    assert.equal(v.code, 0, v.stdout);
  });
});
