// Retention rules (applyRetention): keep-last and the calendar buckets, restic/borg style.
// Buckets use local time, so this file pins the process to UTC: the expectations below are then
// the same on every machine. (Node re-reads TZ when it is assigned; nothing has used a Date yet.)
process.env.TZ = "UTC";

import { describe, test } from "node:test";
import assert from "node:assert/strict";
import { applyRetention, hasRule, type Dated, type RetentionPolicy } from "../../../electron/engine/archive/retention.js";

interface Snap extends Dated {
  label: string;
}

/** Snapshots at the given UTC times; ids are "s0", "s1", ... in the order given. */
function snaps(...times: string[]): Snap[] {
  return times.map((t, i) => ({ id: `s${i}`, time: new Date(t).toISOString(), label: t }));
}

function kept(list: Snap[], policy: RetentionPolicy): string[] {
  return [...applyRetention(list, policy).keep.keys()].sort();
}

function reasons(list: Snap[], policy: RetentionPolicy): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  for (const [id, why] of applyRetention(list, policy).keep) out[id] = [...why].sort();
  return out;
}

test("the timezone is pinned to UTC for this file", () => {
  assert.equal(new Date("2024-01-01T00:30:00Z").getDate(), 1);
  assert.equal(new Date("2024-01-01T00:30:00Z").getHours(), 0);
});

describe("applyRetention", () => {
  test("an empty list keeps and forgets nothing", () => {
    const r = applyRetention([], { keepLast: 3, keepDaily: 2 });
    assert.equal(r.keep.size, 0);
    assert.deepEqual(r.forget, []);
  });

  test("keep-last N keeps the N newest, whatever order they come in", () => {
    const list = snaps("2024-03-01T10:00:00Z", "2024-03-05T10:00:00Z", "2024-03-02T10:00:00Z", "2024-03-04T10:00:00Z", "2024-03-03T10:00:00Z");
    // Newest first: s1 (03-05), s3 (03-04), s4 (03-03), s2 (03-02), s0 (03-01).
    assert.deepEqual(kept(list, { keepLast: 2 }), ["s1", "s3"]);
    const r = applyRetention(list, { keepLast: 3 });
    assert.deepEqual([...r.keep.keys()].sort(), ["s1", "s3", "s4"]);
    // forget is newest first and hands back the caller's own objects.
    assert.deepEqual(r.forget.map((s) => s.id), ["s2", "s0"]);
    assert.equal(r.forget[0], list[2]);
    assert.equal(r.forget[0]!.label, "2024-03-02T10:00:00Z");
  });

  test("keep-last larger than the list keeps everything", () => {
    const list = snaps("2024-03-01T10:00:00Z", "2024-03-02T10:00:00Z");
    const r = applyRetention(list, { keepLast: 10 });
    assert.deepEqual([...r.keep.keys()].sort(), ["s0", "s1"]);
    assert.deepEqual(r.forget, []);
  });

  test("keep-daily keeps the newest snapshot of each of the N most recent days that have one", () => {
    const list = snaps(
      "2024-05-01T08:00:00Z", // s0
      "2024-05-01T20:00:00Z", // s1  newest of 05-01
      "2024-05-03T01:00:00Z", // s2
      "2024-05-03T23:59:59Z", // s3  newest of 05-03
      "2024-05-06T00:00:00Z", // s4  only one on 05-06 (05-04 and 05-05 have none)
    );
    assert.deepEqual(kept(list, { keepDaily: 1 }), ["s4"]);
    assert.deepEqual(kept(list, { keepDaily: 2 }), ["s3", "s4"], "days without snapshots do not use up the count");
    assert.deepEqual(kept(list, { keepDaily: 3 }), ["s1", "s3", "s4"]);
    assert.deepEqual(kept(list, { keepDaily: 30 }), ["s1", "s3", "s4"], "one per day at most");
    const r = applyRetention(list, { keepDaily: 3 });
    assert.deepEqual(r.forget.map((s) => s.id), ["s2", "s0"]);
  });

  test("day boundaries are midnight (UTC here): 23:59:59 and 00:00:00 are different days", () => {
    const list = snaps("2024-05-01T23:59:59Z", "2024-05-02T00:00:00Z");
    assert.deepEqual(kept(list, { keepDaily: 2 }), ["s0", "s1"]);
    assert.deepEqual(kept(list, { keepMonthly: 2 }), ["s1"]);
  });

  test("keep-weekly uses ISO weeks (Monday to Sunday, ISO week-year at the new year)", () => {
    const list = snaps(
      "2024-12-22T12:00:00Z", // s0 Sun, 2024-W51
      "2024-12-23T12:00:00Z", // s1 Mon, 2024-W52
      "2024-12-29T12:00:00Z", // s2 Sun, 2024-W52 (newest of that week)
      "2024-12-30T12:00:00Z", // s3 Mon, 2025-W01 (ISO week-year 2025 although the date is 2024)
      "2025-01-03T12:00:00Z", // s4 Fri, 2025-W01 (newest of that week)
    );
    assert.deepEqual(kept(list, { keepWeekly: 1 }), ["s4"]);
    assert.deepEqual(kept(list, { keepWeekly: 2 }), ["s2", "s4"], "Sunday 2024-12-29 and Monday 2024-12-30 are in different weeks");
    assert.deepEqual(kept(list, { keepWeekly: 3 }), ["s0", "s2", "s4"]);
  });

  test("keep-weekly: one week spanning two calendar years is one bucket", () => {
    // 2020-12-31 (Thu) and 2021-01-03 (Sun) are both in ISO week 2020-W53.
    const list = snaps("2020-12-31T12:00:00Z", "2021-01-03T12:00:00Z", "2021-01-04T12:00:00Z");
    assert.deepEqual(kept(list, { keepWeekly: 2 }), ["s1", "s2"]);
    assert.deepEqual(kept(list, { keepYearly: 2 }), ["s0", "s2"], "but they are in different years");
  });

  test("keep-monthly and keep-yearly", () => {
    const list = snaps(
      "2022-06-15T00:00:00Z", // s0 2022
      "2022-12-31T23:00:00Z", // s1 2022 newest, 2022-12
      "2023-01-01T01:00:00Z", // s2 2023-01
      "2023-01-31T12:00:00Z", // s3 2023-01 newest
      "2023-03-10T12:00:00Z", // s4 2023-03 newest of 2023
      "2024-02-29T12:00:00Z", // s5 2024-02
    );
    assert.deepEqual(kept(list, { keepMonthly: 1 }), ["s5"]);
    assert.deepEqual(kept(list, { keepMonthly: 3 }), ["s3", "s4", "s5"], "months without snapshots are skipped");
    assert.deepEqual(kept(list, { keepMonthly: 4 }), ["s1", "s3", "s4", "s5"]);
    assert.deepEqual(kept(list, { keepYearly: 2 }), ["s4", "s5"]);
    assert.deepEqual(kept(list, { keepYearly: 5 }), ["s1", "s4", "s5"]);
  });

  test("combined rules keep the union and record every reason", () => {
    const list = snaps(
      "2023-11-20T12:00:00Z", // s0
      "2024-01-10T12:00:00Z", // s1
      "2024-01-15T09:00:00Z", // s2
      "2024-01-15T18:00:00Z", // s3
      "2024-01-16T12:00:00Z", // s4
    );
    const policy: RetentionPolicy = { keepLast: 2, keepDaily: 2, keepMonthly: 2, keepYearly: 2 };
    assert.deepEqual(reasons(list, policy), {
      s4: ["daily", "last", "monthly", "newest", "yearly"],
      s3: ["daily", "last"],
      s0: ["monthly", "yearly"],
    });
    const r = applyRetention(list, policy);
    assert.deepEqual(r.forget.map((s) => s.id), ["s2", "s1"]);
    // Every snapshot is either kept or forgotten, never both.
    for (const s of list) assert.notEqual(r.keep.has(s.id), r.forget.includes(s));
  });

  test("the newest always stays, even with keep-last 0 and no other rule", () => {
    const list = snaps("2024-01-01T00:00:00Z", "2024-01-02T00:00:00Z", "2024-01-03T00:00:00Z");
    assert.deepEqual(reasons(list, { keepLast: 0 }), { s2: ["newest"] });
    assert.deepEqual(reasons(list, {}), { s2: ["newest"] });
    assert.deepEqual(
      applyRetention(list, { keepLast: 0 }).forget.map((s) => s.id),
      ["s1", "s0"],
    );
  });

  test("the newest stays with keep-last 0 next to other rules, and those rules still apply", () => {
    const list = snaps("2024-01-01T06:00:00Z", "2024-01-01T07:00:00Z", "2024-01-02T06:00:00Z", "2024-01-02T07:00:00Z");
    assert.deepEqual(reasons(list, { keepLast: 0, keepDaily: 2 }), {
      s3: ["daily", "newest"],
      s1: ["daily"],
    });
    assert.deepEqual(reasons(list, { keepLast: 0, keepYearly: 1 }), { s3: ["newest", "yearly"] });
  });

  test("a zero or negative bucket count is no rule", () => {
    const list = snaps("2024-01-01T00:00:00Z", "2024-02-01T00:00:00Z");
    assert.deepEqual(kept(list, { keepMonthly: 0, keepDaily: -1 }), ["s1"]);
  });
});

describe("hasRule", () => {
  test("only a positive count is a rule", () => {
    assert.equal(hasRule({}), false);
    assert.equal(hasRule({ keepLast: 0 }), false);
    assert.equal(hasRule({ keepLast: 0, keepDaily: 0, keepWeekly: 0, keepMonthly: 0, keepYearly: 0 }), false);
    assert.equal(hasRule({ keepLast: 1 }), true);
    assert.equal(hasRule({ keepLast: 0, keepWeekly: 2 }), true);
    assert.equal(hasRule({ keepYearly: 1 }), true);
  });
});
