// Source health from the snapshots (electron/engine/backup/source-status.ts): never / ok / stale /
// failing, the last good copy and the last snapshot that ran the source.
import { describe, test } from "node:test";
import assert from "node:assert/strict";
import type { SnapshotSourceResult, SourceConfig } from "../../../shared/archive-types.js";
import type { SnapshotRecord } from "../../../electron/engine/archive/snapshot-store.js";
import { DEFAULT_STALE_HOURS, sourceStatuses } from "../../../electron/engine/backup/source-status.js";

const HOUR = 3600_000;
const NOW = Date.parse("2025-06-15T12:00:00Z");

const docs: SourceConfig = { name: "Documents", kind: "folder", path: "/home/u/Documents", added: "2025-01-01T00:00:00Z" };
const photos: SourceConfig = { name: "Photos", kind: "folder", path: "/mnt/photos", added: "2025-01-01T00:00:00Z" };

function result(failed: Array<{ path: string; error: string }> = []): SnapshotSourceResult {
  return { kind: "folder", items: 3, bytes: 30, newItems: 0, changedItems: 0, unchangedItems: 3, failed };
}
const ok = (): SnapshotSourceResult => result();
const wholeSourceFailed = (): SnapshotSourceResult => result([{ path: "", error: "The folder cannot be read (ENOENT)" }]);
const someItemsFailed = (): SnapshotSourceResult => result([{ path: "a/locked.txt", error: "EACCES" }]);

let n = 0;
/** A snapshot `hoursAgo` before NOW, oldest first in the lists below (as loadSnapshots returns them). */
function snap(hoursAgo: number, sources: Record<string, SnapshotSourceResult>, complete = true): SnapshotRecord {
  const id = `${String(n++).padStart(4, "0")}${"ab".repeat(30)}`;
  const time = new Date(NOW - hoursAgo * HOUR).toISOString();
  return {
    id,
    file: `${time}-${id}.json.age`,
    data: { version: 1, time, host: "test", parent: null, complete, run: `run${n}`, sources, catalog: [], items: 3, bytes: 30, stats: { newBlobs: 0, newBytesStored: 0, packs: 0 } },
  };
}

describe("sourceStatuses", () => {
  test("no sources, no statuses", () => {
    assert.deepEqual(sourceStatuses([], [snap(1, { Documents: ok() })], NOW), []);
  });

  test("a source no snapshot has run is `never`, with no last good copy", () => {
    const [s] = sourceStatuses([docs], [], NOW);
    assert.deepEqual(s, { name: "Documents", kind: "folder", location: "/home/u/Documents", state: "never", lastGoodCopy: null, lastSnapshot: null });
    // Snapshots of other sources do not count for it.
    const [t] = sourceStatuses([docs], [snap(2, { Photos: ok() })], NOW);
    assert.equal(t!.state, "never");
    assert.equal(t!.lastSnapshot, null);
  });

  test("a recent good copy is `ok`; lastGoodCopy and lastSnapshot point at the newest snapshot", () => {
    const older = snap(30, { Documents: ok() });
    const newer = snap(1, { Documents: ok() });
    const [s] = sourceStatuses([docs], [older, newer], NOW);
    assert.equal(s!.state, "ok");
    assert.equal(s!.lastGoodCopy, newer.data.time);
    assert.equal(s!.lastSnapshot, newer.id);
  });

  test("checkpoints (incomplete snapshots) are ignored", () => {
    const good = snap(10, { Documents: ok() });
    const checkpoint = snap(1, { Documents: wholeSourceFailed() }, false);
    const [s] = sourceStatuses([docs], [good, checkpoint], NOW);
    assert.equal(s!.state, "ok");
    assert.equal(s!.lastSnapshot, good.id);
    const [t] = sourceStatuses([docs], [snap(1, { Documents: ok() }, false)], NOW);
    assert.equal(t!.state, "never", "a source only a checkpoint has is not backed up yet");
  });

  test("a whole-source failure in the newest snapshot is `failing`; the last good copy is the one before", () => {
    const good = snap(20, { Documents: ok() });
    const bad = snap(1, { Documents: wholeSourceFailed() });
    const [s] = sourceStatuses([docs], [good, bad], NOW);
    assert.equal(s!.state, "failing");
    assert.equal(s!.lastGoodCopy, good.data.time);
    assert.equal(s!.lastSnapshot, bad.id);
  });

  test("failing from the first run on: `failing` with no last good copy", () => {
    const bad = snap(1, { Documents: wholeSourceFailed() });
    const [s] = sourceStatuses([docs], [bad], NOW);
    assert.equal(s!.state, "failing");
    assert.equal(s!.lastGoodCopy, null);
    assert.equal(s!.lastSnapshot, bad.id);
  });

  test("single items that failed do not make the source failing", () => {
    const partial = snap(1, { Documents: someItemsFailed() });
    const [s] = sourceStatuses([docs], [partial], NOW);
    assert.equal(s!.state, "ok");
    assert.equal(s!.lastGoodCopy, partial.data.time);
  });

  test("a source that recovers is `ok` again", () => {
    const list = [snap(30, { Documents: ok() }), snap(20, { Documents: wholeSourceFailed() }), snap(2, { Documents: ok() })];
    const [s] = sourceStatuses([docs], list, NOW);
    assert.equal(s!.state, "ok");
    assert.equal(s!.lastGoodCopy, list[2]!.data.time);
  });

  test("a snapshot that did not include the source does not change its state", () => {
    // `backup Photos` only: the newest snapshot has no entry for Documents.
    const docsBad = snap(10, { Documents: wholeSourceFailed(), Photos: ok() });
    const photosOnly = snap(1, { Photos: ok() });
    const [d, p] = sourceStatuses([docs, photos], [docsBad, photosOnly], NOW);
    assert.equal(d!.state, "failing");
    assert.equal(d!.lastSnapshot, docsBad.id);
    assert.equal(p!.state, "ok");
    assert.equal(p!.lastSnapshot, photosOnly.id);
  });

  test("`stale` once the last good copy is older than the limit (default 72 hours)", () => {
    assert.equal(DEFAULT_STALE_HOURS, 72);
    const justInside = snap(DEFAULT_STALE_HOURS - 0.01, { Documents: ok() });
    assert.equal(sourceStatuses([docs], [justInside], NOW)[0]!.state, "ok");
    const exactly = snap(DEFAULT_STALE_HOURS, { Documents: ok() });
    assert.equal(sourceStatuses([docs], [exactly], NOW)[0]!.state, "ok", "exactly at the limit is not yet stale");
    const old = snap(DEFAULT_STALE_HOURS + 0.01, { Documents: ok() });
    const [s] = sourceStatuses([docs], [old], NOW);
    assert.equal(s!.state, "stale");
    assert.equal(s!.lastGoodCopy, old.data.time, "stale still names the last good copy");
  });

  test("the stale limit and the clock can be given", () => {
    const twoHoursAgo = snap(2, { Documents: ok() });
    assert.equal(sourceStatuses([docs], [twoHoursAgo], NOW, 1)[0]!.state, "stale");
    assert.equal(sourceStatuses([docs], [twoHoursAgo], NOW, 3)[0]!.state, "ok");
    assert.equal(sourceStatuses([docs], [twoHoursAgo], NOW + 100 * HOUR)[0]!.state, "stale");
  });

  test("failing wins over stale", () => {
    const list = [snap(500, { Documents: ok() }), snap(400, { Documents: wholeSourceFailed() })];
    assert.equal(sourceStatuses([docs], list, NOW)[0]!.state, "failing");
  });

  test("one status per configured source, in the configured order, with kind and location from the config", () => {
    const list = [snap(5, { Documents: ok(), Photos: wholeSourceFailed(), Removed: ok() })];
    const statuses = sourceStatuses([photos, docs], list, NOW);
    assert.deepEqual(
      statuses.map((s) => [s.name, s.kind, s.location, s.state]),
      [
        ["Photos", "folder", "/mnt/photos", "failing"],
        ["Documents", "folder", "/home/u/Documents", "ok"],
      ],
    );
  });
});
