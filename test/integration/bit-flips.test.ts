// Bit flips: one flipped bit in any file of the archive is found by `lifeboat verify` (exit 3), which
// names the damaged file and, for packs, exactly the items whose data sat in the damaged part.
//
// The archive has two snapshots. Each case flips one seeded-random bit in a fresh copy of it. The
// expected damage is computed independently of Lifeboat's reader: the index and snapshot files are
// decrypted with the real `age` CLI (identity from the recovery key), items come from `lifeboat ls`,
// and the age format's geometry (header, nonce, 64 KiB chunks with 16-byte tags) says which blobs a
// flipped byte makes unreadable: those overlapping its chunk, or all of the pack's when the flip is
// in the header, the nonce or the final chunk (authenticated whenever the pack is opened).
import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { promises as fsp } from "node:fs";
import path from "node:path";
import { gunzipSync } from "node:zlib";
import type { CatalogEntry, VerifyReport } from "../../shared/archive-types.js";
import { runCli, tempWorkspace } from "../helpers/cli-harness.js";
import {
  AGE_CHUNK,
  ageCipherOffset,
  ageHeaderLength,
  ageLocate,
  digestDiff,
  flipBit,
  listTree,
  makeTree,
  randInt,
  runTool,
  seededBytes,
  seededRandom,
  treeDigest,
} from "../helpers/robustness-util.js";

const SEED = Number(process.env.LIFEBOAT_FLIP_SEED ?? 424242);
const MiB = 1024 * 1024;

type Blob = [id: string, offset: number, length: number, rawLength: number, gz: 0 | 1];
interface Pack {
  id: string;
  rel: string;
  abs: string;
  size: number;
  blobs: Blob[];
}
interface Snap {
  id: string;
  short: string;
  rel: string;
  time: string;
  catalog: string[];
  entries: CatalogEntry[];
}
interface Case {
  name: string;
  /** Archive-relative path of the file to damage. */
  rel: string;
  offset: number;
  bit: number;
  /** Expected damaged items as "snapshot|source|path" (packs only; [] for other files). */
  damaged: Set<string>;
  /** For packs: every item (either snapshot) with a piece in that pack. */
  inPack?: Set<string>;
  restore?: boolean;
}

let ws: Awaited<ReturnType<typeof tempWorkspace>>;
let src: string;
let identityFile: string;
let recoveryFile: string;
const packs = new Map<string, Pack>();
const snaps: Snap[] = [];
const cases: Case[] = [];
let v2: Map<string, string>;

async function ageDecrypt(file: string): Promise<Buffer> {
  const r = await runTool("age", ["-d", "-i", identityFile, file]);
  assert.equal(r.code, 0, `age -d ${file}: ${r.stderr}`);
  return r.stdout;
}

function key(snapshot: string, source: string, p: string): string {
  return `${snapshot}|${source}|${p}`;
}

/** Which blobs of `pack` a flip at `offset` of its file makes unreadable. */
async function affectedBlobs(pack: Pack, offset: number): Promise<Set<string>> {
  const header = ageHeaderLength(await fsp.readFile(pack.abs));
  const { chunk } = ageLocate(pack.size, header, offset);
  if (chunk === "all") return new Set(pack.blobs.map((b) => b[0]));
  const lo = chunk * AGE_CHUNK;
  const hi = lo + AGE_CHUNK;
  return new Set(pack.blobs.filter(([, o, l]) => o < hi && o + l > lo).map((b) => b[0]));
}

/** What verify must report for these unreadable blobs, per snapshot: lost catalogs, or affected items. */
function damagedItems(bad: Set<string>): Set<string> {
  const out = new Set<string>();
  for (const s of snaps) {
    if (s.catalog.some((b) => bad.has(b))) {
      out.add(key(s.short, "*", "*"));
      continue;
    }
    for (const e of s.entries) if ((e.content ?? []).some((b) => bad.has(b))) out.add(key(s.short, e.source, e.path));
  }
  return out;
}

async function packCase(name: string, pack: Pack, offset: number, bit: number, restore = false): Promise<Case> {
  const ids = new Set(pack.blobs.map((b) => b[0]));
  return { name, rel: pack.rel, offset, bit, damaged: damagedItems(await affectedBlobs(pack, offset)), inPack: damagedItems(ids), restore };
}

async function fileCase(name: string, rel: string, rand: () => number): Promise<Case> {
  const size = (await fsp.stat(path.join(ws.archive, rel))).size;
  return { name, rel, offset: randInt(rand, 0, size - 1), bit: randInt(rand, 0, 7), damaged: new Set() };
}

async function verify(archive: string, args: string[], extraEnv: NodeJS.ProcessEnv = {}): Promise<{ code: number; report: VerifyReport; stderr: string }> {
  const r = await runCli(["--archive", archive, "verify", ...args, "--json"], { ...ws.env, ...extraEnv });
  return { code: r.code, report: r.json as VerifyReport, stderr: r.stderr };
}

before(async () => {
  ws = await tempWorkspace("lifeboat-flips-");
  src = path.join(ws.dir, "src");
  const rand = seededRandom(SEED);
  await makeTree(src, rand, { files: 120, maxSmall: 20_000, big: [3 * MiB, Math.round(2.5 * MiB)], dirs: 3 });
  const init = await runCli(["init", "--json", "--scrypt-work-factor", "12", "--pack-size-mib", "1.5"], ws.env);
  assert.equal(init.code, 0, init.stderr);
  recoveryFile = path.join(ws.dir, "recovery-key.txt");
  await fsp.writeFile(recoveryFile, (init.json as { recoveryKey: string }).recoveryKey + "\n", { mode: 0o600 });
  assert.equal((await runCli(["add", "folder", src, "--name", "docs"], ws.env)).code, 0);
  const b1 = await runCli(["backup", "--json"], ws.env);
  assert.equal(b1.code, 0, b1.stderr);
  // Second snapshot: some files changed, some added, 64 KiB changed inside a big file.
  const small = (await listTree(src)).filter((e) => e.kind === "file" && !e.rel.includes("big"));
  for (let i = 0; i < 8; i++) await fsp.writeFile(small[randInt(rand, 0, small.length - 1)]!.abs, seededBytes(rand, randInt(rand, 1, 20_000)));
  await makeTree(src, rand, { files: 10, maxSmall: 20_000, big: [], prefix: "g1", dirs: 1 });
  const fh = await fsp.open(path.join(src, "g0-big0.bin"), "r+");
  await fh.write(seededBytes(rand, 64 * 1024), 0, 64 * 1024, MiB);
  await fh.close();
  const b2 = await runCli(["backup", "--json"], ws.env);
  assert.equal(b2.code, 0, b2.stderr);
  v2 = await treeDigest(src);

  // The model of the archive, read with the real age CLI.
  identityFile = path.join(ws.dir, "identity.txt");
  const recoveryKeyFile = (await fsp.readdir(path.join(ws.archive, "keys"))).find((n) => n.startsWith("recovery-"))!;
  const id = await runTool("age", ["-d", "-i", recoveryFile, path.join(ws.archive, "keys", recoveryKeyFile)]);
  assert.equal(id.code, 0, id.stderr);
  await fsp.writeFile(identityFile, id.stdout, { mode: 0o600 });
  for (const n of await fsp.readdir(path.join(ws.archive, "index"))) {
    const body = JSON.parse(gunzipSync(await ageDecrypt(path.join(ws.archive, "index", n))).toString("utf8")) as { packs: Array<{ id: string; size: number; blobs: Blob[] }> };
    for (const p of body.packs) {
      const rel = `packs/${p.id.slice(0, 2)}/${p.id}.tar.age`;
      packs.set(p.id, { id: p.id, rel, abs: path.join(ws.archive, rel), size: p.size, blobs: p.blobs });
    }
  }
  for (const n of (await fsp.readdir(path.join(ws.archive, "snapshots"))).sort()) {
    const body = JSON.parse((await ageDecrypt(path.join(ws.archive, "snapshots", n))).toString("utf8")) as { catalog: string[]; time: string };
    const sid = /-([0-9a-f]{64})\.json\.age$/.exec(n)![1]!;
    const ls = await runCli(["ls", sid, "-r", "--json"], ws.env);
    assert.equal(ls.code, 0, ls.stderr);
    snaps.push({ id: sid, short: sid.slice(0, 8), rel: `snapshots/${n}`, time: body.time, catalog: body.catalog, entries: (ls.json as { items: CatalogEntry[] }).items });
  }
  snaps.sort((a, b) => a.time.localeCompare(b.time)); // names sort by the second only
  assert.equal(snaps.length, 2);

  // The cases.
  const catalogBlobs = new Set(snaps.flatMap((s) => s.catalog));
  const dataPacks = [...packs.values()].filter((p) => p.blobs.every((b) => !catalogBlobs.has(b[0]))).sort((a, b) => a.id.localeCompare(b.id));
  const metaPacks = [...packs.values()].filter((p) => p.blobs.some((b) => catalogBlobs.has(b[0]))).sort((a, b) => a.id.localeCompare(b.id));
  assert.ok(dataPacks.length >= 3 && metaPacks.length >= 1, `${dataPacks.length} data and ${metaPacks.length} catalog packs`);

  // A chunk (not the last) holding the end of one piece of a big file of the newest snapshot and the
  // start of the next: one flip damages two pieces of one item.
  const latest = snaps[snaps.length - 1]!;
  let shared: { pack: Pack; chunk: number } | null = null;
  for (const e of latest.entries.filter((x) => (x.content ?? []).length > 1)) {
    for (const p of dataPacks) {
      const mine = p.blobs.filter((b) => e.content!.includes(b[0])).sort((a, b) => a[1] - b[1]);
      const chunks = Math.ceil((p.size - ageHeaderLength(await fsp.readFile(p.abs)) - 16) / (AGE_CHUNK + 16));
      for (let i = 0; i + 1 < mine.length && !shared; i++) {
        const c = Math.floor((mine[i]![1] + mine[i]![2] - 1) / AGE_CHUNK);
        if (c === Math.floor(mine[i + 1]![1] / AGE_CHUNK) && c < chunks - 1) shared = { pack: p, chunk: c };
      }
    }
  }
  // Chunk boundaries depend on the archive's random chunker key, so on rare runs no two pieces of
  // one file share an age chunk (e.g. they landed in different packs): the case is then left out
  // (and said), the other cases still run.
  if (shared) {
    const header = ageHeaderLength(await fsp.readFile(shared.pack.abs));
    cases.push(await packCase("data pack: a chunk holding two pieces of one file", shared.pack, ageCipherOffset(header, shared.chunk * AGE_CHUNK + randInt(rand, 0, AGE_CHUNK - 1)), randInt(rand, 0, 7), true));
  } else console.log("# bit-flips: this run's data has no age chunk shared by two pieces of one file; that case is left out");
  const anyData = dataPacks[randInt(rand, 0, dataPacks.length - 1)]!;
  cases.push(await packCase("data pack: a random bit", anyData, randInt(rand, 0, anyData.size - 1), randInt(rand, 0, 7)));
  const headerPack = dataPacks[randInt(rand, 0, dataPacks.length - 1)]!;
  cases.push(await packCase("data pack: a bit of the age header", headerPack, randInt(rand, 0, ageHeaderLength(await fsp.readFile(headerPack.abs)) - 1), randInt(rand, 0, 7)));
  const meta = metaPacks[randInt(rand, 0, metaPacks.length - 1)]!;
  cases.push(await packCase("catalog pack: a random bit", meta, randInt(rand, 0, meta.size - 1), randInt(rand, 0, 7)));
  const indexes = (await fsp.readdir(path.join(ws.archive, "index"))).sort();
  cases.push(await fileCase("index file", `index/${indexes[randInt(rand, 0, indexes.length - 1)]}`, rand));
  cases.push(await fileCase("snapshot file (the older one)", snaps[0]!.rel, rand));
  for (const kind of ["passphrase", "recovery", "config"]) {
    const n = (await fsp.readdir(path.join(ws.archive, "keys"))).find((x) => x.startsWith(`${kind}-`))!;
    cases.push(await fileCase(`${kind} key file`, `keys/${n}`, rand));
  }
  for (let i = 1; i <= 3; i++) cases.push(await fileCase(`lifeboat-archive.json (#${i})`, "lifeboat-archive.json", rand));
  cases.push(await fileCase("README-RESTORE.txt", "README-RESTORE.txt", rand));
});

after(async () => {
  await ws?.cleanup();
});

describe("a flipped bit anywhere is detected and pinned down", () => {
  test("every case", async (t) => {
    // 12 fixed cases, plus the shared-chunk one when this run's chunking gave such a chunk.
    assert.ok(cases.length >= 12, `${cases.length} cases`);
    for (const c of cases) {
      await t.test(c.name, async (t2) => {
        const dir = path.join(ws.dir, `case-${cases.indexOf(c)}`);
        await fsp.cp(ws.archive, dir, { recursive: true, preserveTimestamps: true });
        try {
          await flipBit(path.join(dir, c.rel), c.offset, c.bit);
          t2.diagnostic(`${c.rel} byte ${c.offset} bit ${c.bit}; expected damaged items: ${c.damaged.size}`);
          const isSnapshot = c.rel.startsWith("snapshots/");
          for (const level of [[], ["--full"]]) {
            const { code, report, stderr } = await verify(dir, level);
            const what = `verify ${level.join(" ") || "(default)"} after flipping ${c.rel}`;
            assert.equal(code, 3, `${what}: exit ${code}: ${stderr} ${JSON.stringify(report)?.slice(0, 1500)}`);
            assert.doesNotMatch(stderr, /looks like a bug|\n\s+at /);
            assert.equal(report.ok, false);
            assert.deepEqual([...new Set(report.problems.map((p) => p.file))], [c.rel], `${what}: names exactly the damaged file`);
            const got = new Set(report.damagedItems.map((d) => key(d.snapshot, d.source, d.path)));
            if (isSnapshot) {
              assert.deepEqual([...got], [key(c.rel, "*", "*")], `${what}: only that snapshot is lost`);
            } else {
              assert.deepEqual([...got].sort(), [...c.damaged].sort(), `${what}: names exactly the damaged items`);
            }
            if (c.inPack) {
              assert.ok(got.size > 0, `${what}: names the affected items`);
              for (const g of got) assert.ok(c.inPack.has(g), `${what}: ${g} has no data in that pack`);
            }
          }
          // Without any key: names every damaged file (all but the plain files are named by their hash).
          const files = await verify(dir, ["--files-only"], { LIFEBOAT_PASSPHRASE: "" });
          assert.equal(files.code, 3, `verify --files-only after flipping ${c.rel}: ${files.stderr}`);
          assert.deepEqual([...new Set(files.report.problems.map((p) => p.file))], [c.rel]);
          assert.deepEqual(files.report.damagedItems, []);
          if (c.rel.startsWith("keys/passphrase-")) {
            // The recovery key still opens the archive, and the full check then runs.
            const rk = await verify(dir, ["--full", "--recovery-key-file", recoveryFile]);
            assert.equal(rk.code, 3);
            assert.equal(rk.report.level, "data");
            assert.deepEqual([...new Set(rk.report.problems.map((p) => p.file))], [c.rel]);
          }
          if (c.restore) await checkRestore(dir, c);
        } finally {
          await fsp.rm(dir, { recursive: true, force: true });
        }
      });
    }
  });
});

/** Restoring the newest snapshot fails exactly for the damaged items (exit 3), leaves no partial files, and restores the rest. */
async function checkRestore(dir: string, c: Case): Promise<void> {
  const latest = snaps[snaps.length - 1]!;
  const bad = [...c.damaged].filter((k) => k.startsWith(`${latest.short}|`)).map((k) => k.split("|").slice(1).join("|"));
  assert.ok(bad.length > 0 && !bad.includes("*|*"), "the case damages items of the newest snapshot");
  const out = path.join(ws.dir, "restore-all");
  const r = await runCli(["--archive", dir, "restore", latest.id, "--to", out, "--json"], ws.env);
  assert.equal(r.code, 3, `restore with damaged data: exit ${r.code}: ${r.stderr}`);
  assert.doesNotMatch(r.stderr, /looks like a bug|\n\s+at /);
  const failed = (r.json as { failed: Array<{ source: string; path: string }> }).failed.map((f) => `${f.source}|${f.path}`);
  assert.deepEqual(failed.sort(), bad.sort(), "exactly the damaged items fail");
  const restored = await listTree(out);
  assert.deepEqual(restored.filter((e) => /lifeboat/.test(path.basename(e.rel))), [], "no partial or temporary files left");
  const expected = new Map([...v2].filter(([p]) => !bad.includes(`docs|${p}`)));
  assert.deepEqual(digestDiff(expected, await treeDigest(path.join(out, "docs"))), [], "every other item restores byte-identically");
  await fsp.rm(out, { recursive: true, force: true });

  // The damaged item alone: exit 3 and nothing written; an intact one alone restores.
  const [source, ...rest] = bad[0]!.split("|");
  const one = path.join(ws.dir, "restore-one");
  const r1 = await runCli(["--archive", dir, "restore", latest.id, `${source}/${rest.join("|")}`, "--to", one, "--json"], ws.env);
  assert.equal(r1.code, 3, r1.stderr);
  assert.deepEqual((await listTree(one)).filter((e) => e.kind === "file"), []);
  await fsp.rm(one, { recursive: true, force: true });
  const intact = [...v2.keys()].find((p) => v2.get(p)!.startsWith("file") && !bad.includes(`docs|${p}`))!;
  const r2 = await runCli(["--archive", dir, "restore", latest.id, `docs/${intact}`, "--to", one, "--json"], ws.env);
  assert.equal(r2.code, 0, r2.stderr);
  assert.equal((await treeDigest(path.join(one, "docs"))).get(intact), v2.get(intact));
  await fsp.rm(one, { recursive: true, force: true });
}
