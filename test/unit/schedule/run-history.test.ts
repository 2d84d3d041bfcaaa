// Run history and logs (run-history.ts, run-log.ts, scrub.ts): JSON lines that survive a torn last
// line, the end of a run replacing its start, bounded files, and no user content in either.
import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { promises as fsp } from "node:fs";
import os from "node:os";
import path from "node:path";
import type { RunRecord } from "../../../shared/schedule-types.js";
import { archiveIdFor, HISTORY_KEEP, RunHistory } from "../../../electron/engine/schedule/run-history.js";
import { RunLog } from "../../../electron/engine/schedule/run-log.js";
import { scrubMessage } from "../../../electron/engine/schedule/scrub.js";

let dir = "";
before(async () => {
  dir = await fsp.mkdtemp(path.join(os.tmpdir(), "lifeboat-history-"));
});
after(async () => {
  await fsp.rm(dir, { recursive: true, force: true });
});

function rec(i: number, over: Partial<RunRecord> = {}): RunRecord {
  return {
    id: `run-${i}`,
    trigger: "schedule",
    runner: "scheduler",
    started: new Date(Date.UTC(2026, 0, 1) + i * 3600_000).toISOString(),
    ended: null,
    outcome: "interrupted",
    reason: null,
    snapshot: null,
    changes: { newItems: i, changedItems: 0, unchangedItems: 0, newBytesStored: 0 },
    errors: [],
    verify: null,
    ...over,
  };
}

describe("RunHistory", () => {
  test("start then end: the later line wins; newest first; limit; last(filter)", async () => {
    const h = new RunHistory(dir, "a1");
    await h.append(rec(1));
    await h.append(rec(2));
    await h.update(rec(1, { ended: "2026-01-01T02:00:00.000Z", outcome: "ok" }));
    const all = await h.list();
    assert.deepEqual(all.map((r) => [r.id, r.outcome]), [["run-2", "interrupted"], ["run-1", "ok"]]);
    assert.deepEqual((await h.list({ limit: 1 })).map((r) => r.id), ["run-2"]);
    assert.equal((await h.last((r) => r.outcome === "ok"))!.id, "run-1");
    assert.equal(await new RunHistory(dir, "nothing-yet").last(), null);
  });

  test("a torn last line (crash mid-write) is skipped and the next record starts on its own line", async () => {
    const h = new RunHistory(dir, "torn");
    await h.append(rec(1));
    await fsp.appendFile(h.file, JSON.stringify(rec(2)).slice(0, 40));
    assert.deepEqual((await h.list()).map((r) => r.id), ["run-1"]);
    await h.append(rec(3));
    assert.deepEqual((await h.list()).map((r) => r.id), ["run-3", "run-1"]);
  });

  test("bounded: after many runs the file is compacted to the newest HISTORY_KEEP records", async () => {
    const h = new RunHistory(dir, "many");
    const total = HISTORY_KEEP * 4;
    // Written in bulk (as lines) to keep the test fast, then one real append triggers compaction.
    const big = Array.from({ length: total }, (_, i) => JSON.stringify(rec(i, { reason: "x".repeat(150) })) + "\n").join("");
    await fsp.mkdir(path.dirname(h.file), { recursive: true });
    await fsp.writeFile(h.file, big);
    await h.append(rec(total));
    const runs = await h.list();
    assert.equal(runs.length, HISTORY_KEEP);
    assert.equal(runs[0]!.id, `run-${total}`);
    assert.equal(runs[HISTORY_KEEP - 1]!.id, `run-${total - HISTORY_KEEP + 1}`);
    assert.ok((await fsp.readFile(h.file, "utf8")).trim().split("\n").length === HISTORY_KEEP);
  });

  test("error messages and reasons are scrubbed of paths, quoted names, addresses and tokens", async () => {
    const h = new RunHistory(dir, "scrub");
    const secretPath = path.join(os.homedir(), "Documents", "Tax 2025", "salary.pdf");
    await h.append(
      rec(1, {
        reason: `cannot read ${secretPath}`,
        errors: [{ source: "mail", code: "http", message: `message "Dinner with Anna" from anna@example.org failed: Bearer eyJhbGciOi.abc.def /srv/data/x/y` }],
      }),
    );
    const text = await fsp.readFile(h.file, "utf8");
    for (const leak of ["Documents", "salary", "Dinner", "anna@example.org", "eyJhbGciOi", "/srv/data"]) assert.ok(!text.includes(leak), `history holds "${leak}"`);
    assert.match(text, /cannot read/);
  });

  test("archive ids are stable, short and path-free", () => {
    assert.equal(archiveIdFor("/tmp/a/../b"), archiveIdFor("/tmp/b"));
    assert.notEqual(archiveIdFor("/tmp/b"), archiveIdFor("/tmp/c"));
    assert.match(archiveIdFor("/home/malik/archive"), /^[0-9a-f]{16}$/);
  });
});

describe("RunLog", () => {
  test("rotates by size and keeps N files; lines are timestamp, event, key=value", async () => {
    const log = new RunLog(dir, "rot", { maxBytes: 2000, keep: 3 });
    for (let i = 0; i < 200; i++) await log.write("run-end", { run: `r${i}`, outcome: "ok", new: i, message: "a b" });
    const files = await log.files();
    assert.equal(files.length, 3, "the current file and two rotated ones");
    for (const f of files) assert.ok((await fsp.stat(f)).size < 2000 + 200);
    const last = (await fsp.readFile(files[0]!, "utf8")).trim().split("\n").pop()!;
    assert.match(last, /^\d{4}-\d\d-\d\dT[\d:.]+Z run-end run=r199 outcome=ok new=199 message="a b"$/);
    const oldest = (await fsp.readFile(files[2]!, "utf8")).split("\n")[0]!;
    assert.ok(!oldest.includes("run=r0 "), "the oldest lines were dropped");
  });

  test("scrubMessage keeps the gist, drops the content", () => {
    assert.equal(scrubMessage("ENOENT: no such file or directory, open '/home/x/secret plans.txt'"), "ENOENT: no such file or directory, open '…'");
    assert.equal(scrubMessage("HTTP 503 from Graph, retried 4 times"), "HTTP 503 from Graph, retried 4 times");
    assert.equal(scrubMessage("Run `lifeboat backup --remember` once; `secret.docx` failed"), "Run `lifeboat backup --remember` once; \"…\" failed", "advice stays, names go");
    assert.ok(!scrubMessage("key AGE-SECRET-KEY-1QQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQ").includes("QQQQ"));
  });
});
