// `lifeboat history` and `lifeboat status` through the real CLI: JSON shapes and exit codes
// (status: 0 all fresh, 6 stale/failing/never, 4 a sign-in expired; history needs no unlock).
import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { promises as fsp } from "node:fs";
import path from "node:path";
import type { RunRecord } from "../../shared/schedule-types.js";
import type { HealthReport } from "../../shared/schedule-types.js";
import { ExitCode } from "../../shared/archive-types.js";
import { type CliResult, initArchive, runCli, tempWorkspace } from "../helpers/cli-harness.js";

let ws: Awaited<ReturnType<typeof tempWorkspace>>;
let src = "";

function expectCode(r: CliResult, code: number, what: string): void {
  assert.equal(r.code, code, `${what}: exit ${r.code}, expected ${code}\nstdout: ${r.stdout}\nstderr: ${r.stderr}`);
}
type StatusJson = HealthReport & { healthy: boolean; sources: Array<HealthReport["sources"][number] & { kind: string; location: string; lastSnapshot: string | null }> };

before(async () => {
  ws = await tempWorkspace("lifeboat-schedule-cli-");
  await initArchive(ws.env);
  src = path.join(ws.dir, "Docs");
  await fsp.mkdir(src);
  await fsp.writeFile(path.join(src, "letter.txt"), "dear x");
  expectCode(await runCli(["add", "folder", src], ws.env), 0, "add folder");
});
after(async () => {
  await ws?.cleanup();
});

describe("status and history", () => {
  test("before any backup: status says never (exit 6), history is empty", async () => {
    const s = await runCli(["status", "--json"], ws.env);
    expectCode(s, ExitCode.unhealthy, "status");
    const j = s.json as StatusJson;
    assert.equal(j.fresh, false);
    assert.equal(j.healthy, false, "the old field stays, with the same meaning");
    assert.deepEqual(j.sources.map((x) => [x.name, x.state, x.failures]), [["Docs", "never", 0]]);
    assert.equal(j.lastRun, null);
    assert.ok(j.nextRun && !Number.isNaN(Date.parse(j.nextRun)), "the next run is announced");
    const h = await runCli(["history", "--json"], ws.env);
    expectCode(h, 0, "history");
    assert.deepEqual(h.json, []);
    assert.match((await runCli(["history"], ws.env)).stdout, /No runs recorded yet/);
  });

  test("after a backup: fresh (exit 0); history shows the manual run with its counts", async () => {
    expectCode(await runCli(["backup"], ws.env), 0, "backup");
    const s = await runCli(["status", "--json"], ws.env);
    expectCode(s, 0, "status");
    const j = s.json as StatusJson;
    assert.equal(j.fresh, true);
    assert.deepEqual(Object.keys(j).sort(), ["checked", "fresh", "healthy", "lastRun", "nextRun", "sources"]);
    assert.deepEqual(Object.keys(j.sources[0]!).sort(), ["failures", "kind", "lastGoodCopy", "lastSnapshot", "location", "message", "name", "state"]);
    assert.equal(j.sources[0]!.state, "ok");
    const runs = (await runCli(["history", "--json"], ws.env)).json as RunRecord[];
    assert.equal(runs.length, 1);
    const r = runs[0]!;
    assert.deepEqual(Object.keys(r).sort(), ["changes", "ended", "errors", "id", "outcome", "reason", "runner", "snapshot", "started", "trigger", "verify"]);
    assert.deepEqual([r.trigger, r.runner, r.outcome, r.changes.newItems], ["manual", "cli", "ok", 1]);
    assert.equal(j.lastRun!.id, r.id);
  });

  test("a source that cannot be read: the run is recorded as failed, status says failing (exit 6) without naming the folder", async () => {
    await fsp.rename(src, `${src}-away`);
    try {
      expectCode(await runCli(["backup"], ws.env), ExitCode.partial, "backup with the folder gone");
      const s = await runCli(["status", "--json"], ws.env);
      expectCode(s, ExitCode.unhealthy, "status");
      const j = s.json as StatusJson;
      assert.equal(j.sources[0]!.state, "failing");
      assert.equal(j.sources[0]!.failures, 1);
      const runs = (await runCli(["history", "--json", "--limit", "1"], ws.env)).json as RunRecord[];
      assert.equal(runs.length, 1, "--limit");
      assert.equal(runs[0]!.outcome, "failed");
      assert.equal(runs[0]!.errors[0]!.source, "Docs");
      assert.ok(!JSON.stringify(runs).includes(ws.dir), "the history does not hold the folder's path");
      const human = await runCli(["status"], ws.env);
      assert.match(human.stdout, /Docs \(folder\): failing/);
    } finally {
      await fsp.rename(`${src}-away`, src);
    }
    expectCode(await runCli(["backup"], ws.env), 0, "backup again");
    const j = (await runCli(["status", "--json"], ws.env)).json as StatusJson;
    assert.deepEqual([j.fresh, j.sources[0]!.failures], [true, 0], "a good run resets the counter");
  });

  test("history needs no passphrase; bad --limit is a usage error (exit 2)", async () => {
    const noPass = { ...ws.env };
    delete noPass.LIFEBOAT_PASSPHRASE;
    const h = await runCli(["history", "--json"], noPass);
    expectCode(h, 0, "history without a passphrase");
    assert.equal((h.json as RunRecord[]).length, 3);
    expectCode(await runCli(["history", "--limit", "0"], ws.env), ExitCode.usage, "--limit 0");
    expectCode(await runCli(["status"], noPass), ExitCode.needsCredentials, "status needs the key (snapshots are encrypted)");
  });
});
