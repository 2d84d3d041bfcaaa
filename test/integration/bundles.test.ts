// Bundles (FORMAT.md, section 6): small data blobs are stored many to one pack member. Through the
// real CLI: they restore byte-identically, dedup across runs, a flipped bit inside a bundle is
// found by `verify --full` and pinned to exactly the items with data in it, the index rebuilt from
// the packs' own headers equals the written one (and restores after the index is deleted), and
// prune keeps the live blobs of partly used bundles while dropping bundles nothing uses.
import assert from "node:assert/strict";
import { promises as fsp } from "node:fs";
import path from "node:path";
import { after, before, describe, test } from "node:test";
import type { CatalogEntry, PruneReport, VerifyReport } from "../../shared/archive-types.js";
import { Archive } from "../../electron/engine/archive/archive.js";
import type { BlobEntry, PackRecord } from "../../electron/engine/archive/blob-index.js";
import { BUNDLE_BLOB_LIMIT } from "../../electron/engine/archive/bundle-format.js";
import { readPackRecord } from "../../electron/engine/archive/rebuild-index.js";
import { compareTrees } from "../../electron/engine/restore/compare-trees.js";
import { runCli, tempWorkspace } from "../helpers/cli-harness.js";
import { AGE_CHUNK, ageCipherOffset, ageHeaderLength, ageLocate, flipBit, randInt, seededBytes, seededRandom } from "../helpers/robustness-util.js";

type Workspace = Awaited<ReturnType<typeof tempWorkspace>>;

const KiB = 1024;
const MAILS = 600;

let ws: Workspace;
let src: string;
const rand = seededRandom(20261125);

/** Mail-like text: headers and words, so it compresses like real mail. */
function mail(i: number, size: number): Buffer {
  const head = `From: person${i % 37}@example.org\nTo: anna@example.com\nSubject: note ${i} about the ${["garden", "taxes", "trip", "school"][i % 4]}\n\n`;
  return Buffer.concat([Buffer.from(head), seededBytes(rand, Math.max(0, size - head.length), true)]);
}

async function cli(args: string[], code = 0, archive = ws.archive): Promise<unknown> {
  const r = await runCli(["--archive", archive, ...args, "--json"], ws.env);
  assert.equal(r.code, code, `lifeboat ${args.join(" ")}: exit ${r.code}\n${r.stdout.slice(0, 2000)}\n${r.stderr}`);
  return r.json;
}

async function open(archive = ws.archive): Promise<Archive> {
  return Archive.open(archive, { passphrase: ws.env["LIFEBOAT_PASSPHRASE"]! });
}

/** Every pack record of the archive's index, and each snapshot's catalog. */
async function model(archive = ws.archive): Promise<{ packs: PackRecord[]; snapshots: Array<{ id: string; entries: CatalogEntry[]; catalog: string[] }> }> {
  const a = await open(archive);
  try {
    const index = await a.index();
    const { snapshots } = await a.snapshots();
    const snaps = [];
    for (const s of snapshots) snaps.push({ id: s.id, entries: await a.catalog(s), catalog: s.data.catalog });
    return { packs: [...index.packs.values()], snapshots: snaps };
  } finally {
    await a.close();
  }
}

function groupBy<T, K>(items: T[], key: (t: T) => K): Map<K, T[]> {
  const out = new Map<K, T[]>();
  for (const t of items) out.set(key(t), [...(out.get(key(t)) ?? []), t]);
  return out;
}

const bundledIds = (packs: PackRecord[]): Set<string> => new Set(packs.flatMap((p) => p.blobs.filter((b) => b[5] !== undefined).map((b) => b[0])));

before(async () => {
  ws = await tempWorkspace("lifeboat-bundles-");
  src = path.join(ws.dir, "src");
  for (let i = 0; i < MAILS; i++) {
    const dir = path.join(src, "mail", `folder-${i % 4}`);
    await fsp.mkdir(dir, { recursive: true });
    await fsp.writeFile(path.join(dir, `m-${String(i).padStart(4, "0")}.eml`), mail(i, randInt(rand, 300, 12 * KiB)));
  }
  // Incompressible small files (thumbnails), and files at and around the bundling limit.
  await fsp.mkdir(path.join(src, "photos"), { recursive: true });
  for (let i = 0; i < 20; i++) await fsp.writeFile(path.join(src, "photos", `t-${i}.jpg`), seededBytes(rand, randInt(rand, 2 * KiB, 40 * KiB)));
  await fsp.writeFile(path.join(src, "photos", "just-below.bin"), seededBytes(rand, BUNDLE_BLOB_LIMIT - 1));
  await fsp.writeFile(path.join(src, "photos", "at-limit.bin"), seededBytes(rand, BUNDLE_BLOB_LIMIT));
  await fsp.writeFile(path.join(src, "photos", "big.bin"), seededBytes(rand, 2 * 1024 * KiB + 123));
  await fsp.writeFile(path.join(src, "empty.txt"), "");
  // A folder whose every file is gone before the prune test: its bundles must disappear (it is
  // incompressible, so the packs holding it are mostly dead and get repacked or deleted).
  await fsp.mkdir(path.join(src, "dead"), { recursive: true });
  for (let i = 0; i < 150; i++) await fsp.writeFile(path.join(src, "dead", `d-${String(i).padStart(3, "0")}.bin`), seededBytes(rand, randInt(rand, 4 * KiB, 12 * KiB)));

  // Small packs, so the prune test has several packs to keep, repack or delete.
  for (const args of [["init", "--json", "--scrypt-work-factor", "12", "--pack-size-mib", "1.5"], ["add", "folder", src, "--name", "docs"], ["backup"]]) {
    const b = await runCli(args, ws.env);
    assert.equal(b.code, 0, `${args.join(" ")}: ${b.stderr}`);
  }
});

after(async () => {
  await ws?.cleanup();
});

describe("bundles", () => {
  test("small data blobs are bundled, larger and catalog blobs are not, and everything restores byte-identically", async () => {
    const { packs, snapshots } = await model();
    const entries = snapshots[0]!.entries;
    const sizeOf = new Map<string, number>();
    for (const e of entries) for (const b of e.content ?? []) sizeOf.set(b, e.size!);
    const all = packs.flatMap((p) => p.blobs);
    const catalog = new Set(snapshots[0]!.catalog);
    const bundled = bundledIds(packs);
    for (const [id, , , rawLength, , inner] of all) {
      if (catalog.has(id)) assert.equal(inner, undefined, "catalog blobs are members of their own");
      else assert.equal(inner !== undefined, rawLength < BUNDLE_BLOB_LIMIT, `blob of ${rawLength} bytes: bundled iff below the limit`);
    }
    assert.ok(bundled.size >= MAILS, `${bundled.size} bundled blobs`);
    const members = new Set(packs.flatMap((p) => p.blobs.map((b) => `${p.id}:${b[1]}`)));
    assert.ok(members.size * 10 < all.length, `${members.size} tar members for ${all.length} blobs`);
    // Bundles of mail are compressed; incompressible small blobs go to bundles of their own.
    assert.ok(all.some((b) => b[5] !== undefined && b[4] === 1), "some bundle is gzip-compressed");
    assert.ok(all.some((b) => b[5] !== undefined && b[4] === 0), "incompressible small blobs share a bundle stored as it is");

    const out = path.join(ws.dir, "out-1");
    await cli(["restore", "latest", "--to", out]);
    assert.deepEqual(await compareTrees(src, path.join(out, "docs")), []);
    await fsp.rm(out, { recursive: true, force: true });
  });

  test("a small blob is stored once across runs: a copy adds nothing, a new file adds one bundled blob", async () => {
    const before = bundledIds((await model()).packs);
    await fsp.copyFile(path.join(src, "mail", "folder-1", "m-0005.eml"), path.join(src, "copy-of-m-0005.eml"));
    await cli(["backup"]);
    const second = (await model()).packs;
    assert.deepEqual([...bundledIds(second)].sort(), [...before].sort(), "the copy's content was not stored again");
    await fsp.writeFile(path.join(src, "new-note.txt"), mail(99_999, 5 * KiB));
    await cli(["backup"]);
    const third = (await model()).packs;
    assert.equal(bundledIds(third).size, before.size + 1);
    const bundledEntries = (packs: PackRecord[]): number => packs.flatMap((p) => p.blobs).filter((b) => b[5] !== undefined).length;
    assert.equal(bundledEntries(third), bundledEntries(second) + 1, "each small blob is in one bundle only");
  });

  test("the index rebuilt from the packs' headers equals the written one, and restores after the index is deleted", async () => {
    const a = await open();
    try {
      const index = await a.index();
      const sort = (b: BlobEntry[]): BlobEntry[] => [...b].sort((x, y) => x[1] - y[1] || x[0].localeCompare(y[0]));
      for (const p of index.packs.values()) {
        const rebuilt = await readPackRecord(a.layout, a.secrets.identity, p.id, p.size);
        assert.deepEqual(sort(rebuilt.blobs), sort(p.blobs), `pack ${p.id.slice(0, 12)}`);
      }
    } finally {
      await a.close();
    }
    const copy = path.join(ws.dir, "no-index");
    await fsp.cp(ws.archive, copy, { recursive: true });
    try {
      for (const n of await fsp.readdir(path.join(copy, "index"))) await fsp.rm(path.join(copy, "index", n));
      const v = (await cli(["verify", "--full"], 0, copy)) as VerifyReport;
      assert.equal(v.ok, true, JSON.stringify(v.problems));
      assert.ok(v.checkedBlobs > MAILS);
      // prune reads the packs no index lists and writes a complete index again.
      await cli(["prune", "--keep-last", "100"], 0, copy);
      const out = path.join(ws.dir, "out-rebuilt");
      await cli(["restore", "latest", "--to", out], 0, copy);
      assert.deepEqual(await compareTrees(src, path.join(out, "docs")), []);
      await fsp.rm(out, { recursive: true, force: true });
    } finally {
      await fsp.rm(copy, { recursive: true, force: true });
    }
  });

  test("a flipped bit inside a bundle: verify --full names exactly the items with data in that bundle", async () => {
    const { packs, snapshots } = await model();
    // A bundle that has an age chunk of its own that is not the pack's last (flips in the last
    // chunk make the whole pack unreadable).
    let target: { pack: PackRecord; chunk: number } | null = null;
    for (const p of packs) {
      const header = ageHeaderLength(await fsp.readFile(path.join(ws.archive, "packs", p.id.slice(0, 2), `${p.id}.tar.age`)));
      for (const b of p.blobs) {
        if (b[5] === undefined) continue;
        const chunk = Math.floor((b[1] + b[2] / 2) / AGE_CHUNK);
        const { chunk: located } = ageLocate(p.size, header, ageCipherOffset(header, chunk * AGE_CHUNK));
        if (located !== "all") target = { pack: p, chunk };
        if (target) break;
      }
      if (target) break;
    }
    assert.ok(target, "some bundle spans an age chunk that is not a pack's last");
    const lo = target.chunk * AGE_CHUNK;
    const hi = lo + AGE_CHUNK;
    // Every blob of every member that overlaps that chunk is lost: a bundle is gunzipped whole.
    const bad = new Set(target.pack.blobs.filter(([, o, l]) => o < hi && o + l > lo).map((b) => b[0]));
    const expected = new Set<string>();
    for (const s of snapshots) for (const e of s.entries) if ((e.content ?? []).some((b) => bad.has(b))) expected.add(`${s.id.slice(0, 8)}|${e.source}|${e.path}`);
    assert.ok(expected.size > 1, `${expected.size} affected items`);

    const copy = path.join(ws.dir, "flipped");
    await fsp.cp(ws.archive, copy, { recursive: true });
    try {
      const rel = `packs/${target.pack.id.slice(0, 2)}/${target.pack.id}.tar.age`;
      const header = ageHeaderLength(await fsp.readFile(path.join(copy, rel)));
      await flipBit(path.join(copy, rel), ageCipherOffset(header, lo + randInt(rand, 0, AGE_CHUNK - 1)), randInt(rand, 0, 7));
      for (const level of [[], ["--full"]]) {
        const v = (await cli(["verify", ...level], 3, copy)) as VerifyReport;
        assert.deepEqual([...new Set(v.problems.map((p) => p.file))], [rel]);
        assert.deepEqual(v.damagedItems.map((d) => `${d.snapshot}|${d.source}|${d.path}`).sort(), [...expected].sort(), `verify ${level.join(" ")}`);
      }
      // Restoring a damaged item fails; an item of an intact bundle still restores.
      const latest = snapshots[snapshots.length - 1]!;
      const damaged = latest.entries.find((e) => (e.content ?? []).some((b) => bad.has(b)))!;
      const intact = latest.entries.find((e) => e.type === "file" && (e.content ?? []).length === 1 && !bad.has(e.content![0]!) && e.size! < BUNDLE_BLOB_LIMIT)!;
      const out = path.join(ws.dir, "out-flipped");
      await cli(["restore", latest.id, `docs/${damaged.path}`, "--to", out], 3, copy);
      await cli(["restore", latest.id, `docs/${intact.path}`, "--to", out], 0, copy);
      assert.deepEqual(await fsp.readFile(path.join(out, "docs", intact.path)), await fsp.readFile(path.join(src, intact.path)));
      await fsp.rm(out, { recursive: true, force: true });
    } finally {
      await fsp.rm(copy, { recursive: true, force: true });
    }
  });

  test("prune re-bundles the live blobs of partly used bundles and drops bundles nothing uses", async () => {
    const before = await model();
    const deadIds = new Set(before.snapshots[0]!.entries.filter((e) => e.path.startsWith("dead/")).flatMap((e) => e.content ?? []));
    // Every other mail of each folder (so every mail bundle is partly used), and all of dead/.
    for (let i = 0; i < MAILS; i++) if (Math.floor(i / 4) % 2 === 1) await fsp.rm(path.join(src, "mail", `folder-${i % 4}`, `m-${String(i).padStart(4, "0")}.eml`));
    await fsp.rm(path.join(src, "dead"), { recursive: true });
    await cli(["backup"]);
    const latest = (await model()).snapshots.at(-1)!;
    const live = new Set([...latest.catalog, ...latest.entries.flatMap((e) => e.content ?? [])]);
    const report = (await cli(["prune", "--keep-last", "1"])) as PruneReport;
    assert.ok(report.repackedPacks > 0, JSON.stringify(report));

    const { packs, snapshots } = await model();
    assert.equal(snapshots.length, 1);
    // The partly used bundles of the packs that were repacked: their live blobs are in new bundles.
    const kept = new Set(packs.map((p) => p.id));
    const mixed = before.packs
      .filter((p) => !kept.has(p.id))
      .flatMap((p) => [...groupBy(p.blobs.filter((b) => b[5] !== undefined), (b) => b[1]).values()])
      .filter((blobs) => blobs.some((b) => live.has(b[0])) && blobs.some((b) => !live.has(b[0])));
    assert.ok(mixed.length > 0, "some repacked pack held a partly used bundle");
    const nowBundled = bundledIds(packs);
    for (const b of mixed.flat()) assert.equal(nowBundled.has(b[0]), live.has(b[0]), "a live blob of a partly used bundle is in a new bundle, a dead one is gone");
    const bundled = packs.flatMap((p) => p.blobs.filter((b) => b[5] !== undefined).map((b) => ({ pack: p.id, b })));
    const left = bundled.filter((x) => deadIds.has(x.b[0]));
    assert.deepEqual(left.map((x) => `${x.pack.slice(0, 8)}:${x.b[1]}`), [], `no blob of the deleted folder is left in a bundle (prune: ${JSON.stringify(report)})`);
    // Every bundle left holds live blobs only (its pack was either kept whole or rebuilt).
    const byBundle = groupBy(bundled, (x) => `${x.pack}:${x.b[1]}`);
    assert.ok(byBundle.size > 0);
    const dead = [...byBundle.values()].filter((xs) => xs.every((x) => !live.has(x.b[0])));
    assert.deepEqual(dead, [], "no bundle is left with only unused blobs");
    for (const id of live) assert.ok(packs.some((p) => p.blobs.some((b) => b[0] === id)), `live blob ${id.slice(0, 12)} is indexed`);

    const v = (await cli(["verify", "--full"])) as VerifyReport;
    assert.equal(v.ok, true, JSON.stringify(v.problems));
    const out = path.join(ws.dir, "out-pruned");
    await cli(["restore", "latest", "--to", out]);
    assert.deepEqual(await compareTrees(src, path.join(out, "docs")), []);
    await fsp.rm(out, { recursive: true, force: true });
  });
});
