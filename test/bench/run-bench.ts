// `npm run bench`: Lifeboat measured against its peers in the same run, on the same data.
//
//   1. a deterministic, account-shaped data set (bench-dataset.ts; generation is not measured),
//   2. Lifeboat (its CLI, one process per step): full backup, unchanged re-run, restore, size, RSS,
//   3. restic, the same steps on the same data, alternating with Lifeboat phase by phase, with the
//      page cache dropped before every measured step (when the kernel lets us; else "warm cache"),
//   4. byte identity of Lifeboat's restore with the source (content, mtimes to the ms, empty
//      folders), via the engine's own compare-trees,
//   5. peak RSS of backing up one 2 GiB file (must stay under 200 MiB),
//   6. raw age encryption/decryption, file to file: the age CLI vs Lifeboat's helpers, for both
//      AEAD backends,
//   7. Microsoft accounts against the project's emulators (bench-microsoft.ts): a mailbox of
//      100,000 generated messages (full run, no-change run, run after 100 changes, with Graph
//      request counts) and one 10 GiB generated OneDrive file (peak RSS, throughput next to age
//      encrypting the same bytes, restore hash-checked); both scale with BENCH_SCALE.
//
// Environment: BENCH_SCALE (default 1, about 3.5 GiB; 0.05 for a quick run), BENCH_SEED (default 1),
// BENCH_DIR (default <repo>/.bench), BENCH_KEEP=1 (keep the run folder), BENCH_DROP_CACHES=0 (never
// drop caches), BENCH_ROUNDS (default 3: rounds of the restic comparison, each tool's median round
// counts), BENCH_CRYPTO_REPEATS (default 3, the fastest run counts), BENCH_MICROSOFT=0 (skip the
// Microsoft steps), BENCH_ONEDRIVE_FILE_MIB (the OneDrive file's size; default 10 GiB × scale).
//
// Prints the tables on stdout, progress on stderr, writes .bench/results.json. Exit 0 whatever the
// ratios; 1 if Lifeboat's restore (or a crypto round trip) is not byte-identical; 2 on setup errors.
import { execFileSync, spawnSync } from "node:child_process";
import { mkdir, readFile, readdir, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { compareTrees } from "../../electron/engine/restore/compare-trees.js";
import { ensureAccountDataset, ensureSingleFile, sha256File } from "./bench-dataset.js";
import type { Measurement } from "./bench-process.js";
import { check, dropCaches, du, measure, primeHostCache, rusageMethod, syncAll, versionOf } from "./bench-process.js";
import type { Row, Section } from "./bench-report.js";
import type { CatalogListingResult } from "./catalog-listing.js";
import { benchMicrosoft, type MicrosoftBenchResult } from "./bench-microsoft.js";
import { fmtBytes, fmtRate, fmtSeconds, formatPlain, formatSection, mibps } from "./bench-report.js";

const MiB = 1024 * 1024;
const GiB = 1024 * MiB;
const RSS_LIMIT = 200 * MiB;

const here = path.dirname(fileURLToPath(import.meta.url)); // dist/test/bench
const repoRoot = path.resolve(here, "../../..");
const CLI = path.resolve(here, "../../electron/cli/main.js");
const CRYPTO_CHILD = path.join(here, "bench-crypto-child.js");
const NODE = process.execPath;

const t0 = performance.now();
function log(msg: string): void {
  const s = ((performance.now() - t0) / 1000).toFixed(0).padStart(5);
  process.stderr.write(`[bench ${s}s] ${msg}\n`);
}

function parseScale(v: string | undefined): number {
  const n = Number(v ?? "1");
  if (!Number.isFinite(n) || n <= 0 || n > 100) throw new Error(`BENCH_SCALE must be a number > 0, not ${JSON.stringify(v)}`);
  return n;
}

async function readJson<T>(file: string): Promise<T> {
  return JSON.parse(await readFile(file, "utf8")) as T;
}

interface LbBackupJson {
  snapshot: { shortId: string; sources: Record<string, { items: number; newItems: number; changedItems: number; unchangedItems: number; failed: unknown[] }>; stats: Record<string, number> };
  failed: unknown[];
  interrupted: boolean;
}

const cpu = (m: Measurement): number => m.userSeconds + m.sysSeconds;
const cpuText = (m: Measurement): string => `${fmtSeconds(cpu(m))} (${Math.round((100 * cpu(m)) / m.wallSeconds)}% of wall)`;

async function main(): Promise<number> {
  const scale = parseScale(process.env["BENCH_SCALE"]);
  const seed = process.env["BENCH_SEED"] ?? "1";
  const benchRoot = path.resolve(process.env["BENCH_DIR"] ?? path.join(repoRoot, ".bench"));
  const datasetsRoot = path.join(benchRoot, "datasets");
  const runDir = path.join(benchRoot, "run");
  const logs = path.join(runDir, "logs");
  const cryptoRepeats = Math.max(1, Number(process.env["BENCH_CRYPTO_REPEATS"] ?? "3") || 3);
  const rounds = Math.max(1, Number(process.env["BENCH_ROUNDS"] ?? "3") || 3);

  // ---- preflight ----
  const versions = {
    node: process.version,
    restic: versionOf("restic", ["version"]),
    age: versionOf("age", ["--version"]),
    ageKeygen: versionOf("age-keygen", ["--version"]),
  };
  for (const [tool, v] of Object.entries(versions)) if (!v) throw new SetupError(`${tool} is not installed (or does not run)`);
  const rusage = rusageMethod();
  log(`scale ${scale}, seed ${seed}; restic: ${versions.restic}; age ${versions.age}; rusage via ${rusage}`);

  // ---- data (not measured) ----
  await mkdir(datasetsRoot, { recursive: true });
  const data = await ensureAccountDataset(datasetsRoot, seed, scale, log);
  const bigSize = Math.max(256 * MiB, Math.round((2 * GiB * scale) / MiB) * MiB);
  const big = await ensureSingleFile(datasetsRoot, "big", seed, bigSize, log);
  const cryptoSize = Math.max(64 * MiB, Math.round((1 * GiB * scale) / MiB) * MiB);
  const cryptoInput = await ensureSingleFile(datasetsRoot, "crypto", seed, cryptoSize, log);

  await rm(runDir, { recursive: true, force: true });
  await mkdir(logs, { recursive: true });
  const measurements: Measurement[] = [];
  const record = (m: Measurement): Measurement => {
    measurements.push(m);
    log(`  ${m.tool} ${m.phase}: ${fmtSeconds(m.wallSeconds)}, cpu ${cpuText(m)}, peak RSS ${fmtBytes(m.maxRssBytes)}`);
    return m;
  };

  // ---- setup: Lifeboat archive and restic repository ----
  const lb = {
    home: path.join(runDir, "lifeboat-home"),
    archive: path.join(runDir, "lifeboat-archive"),
    restore: path.join(runDir, "restore-lifeboat"),
  };
  const lbEnv: NodeJS.ProcessEnv = {
    ...process.env,
    LIFEBOAT_HOME: lb.home,
    LIFEBOAT_ARCHIVE: lb.archive,
    LIFEBOAT_PASSPHRASE: "bench: correct horse battery staple",
    LIFEBOAT_NO_KEYCHAIN: "1",
  };
  const rs = {
    repo: path.join(runDir, "restic-repo"),
    cache: path.join(runDir, "restic-cache"),
    restore: path.join(runDir, "restore-restic"),
  };
  const rsEnv: NodeJS.ProcessEnv = {
    ...process.env,
    RESTIC_REPOSITORY: rs.repo,
    RESTIC_PASSWORD: "bench: correct horse battery staple",
    RESTIC_CACHE_DIR: rs.cache,
  };
  const lbRun = (phase: string, args: string[], env = lbEnv): Promise<Measurement> =>
    measure("lifeboat", phase, NODE, [CLI, ...args], { env, logBase: path.join(logs, `lifeboat-${phase.replace(/\W+/g, "-")}`) });
  const rsRun = (phase: string, args: string[]): Promise<Measurement> =>
    measure("restic", phase, "restic", args, { env: rsEnv, logBase: path.join(logs, `restic-${phase.replace(/\W+/g, "-")}`) });

  // Each round starts from a fresh archive and repository (init is not measured after the first).
  const initBoth = async (): Promise<{ lbInit: Measurement; rsInit: Measurement }> => {
    await rm(lb.archive, { recursive: true, force: true });
    await rm(lb.home, { recursive: true, force: true });
    await rm(rs.repo, { recursive: true, force: true });
    await rm(rs.cache, { recursive: true, force: true });
    const lbInit = await check(await lbRun("init", ["init", "--json", "--scrypt-work-factor", "12"]));
    await check(await lbRun("add", ["add", "folder", data.dir, "--name", "account", "--json"]));
    let rsInit = await rsRun("init", ["init", "--repository-version", "2"]);
    if (rsInit.exitCode !== 0) {
      resticRepoVersion = "1 (no compression: this restic has no --repository-version)";
      await rm(rs.repo, { recursive: true, force: true });
      rsInit = await rsRun("init", ["init"]);
    }
    return { lbInit, rsInit: await check(rsInit) };
  };
  log("init (scrypt work factor 12 for Lifeboat, so key derivation stays out of the numbers)");
  let resticRepoVersion = "2 (compression: auto, zstd)";
  const { lbInit, rsInit } = await initBoth();
  record(lbInit);
  record(rsInit);
  // restic calibrates its scrypt parameters at init (to ~0.5 s on this machine, at that moment), and
  // every later command pays that to open the repository: say what it chose.
  const rsKdf = await (async (): Promise<string> => {
    try {
      const keysDir = path.join(rs.repo, "keys");
      const [first] = await readdir(keysDir);
      const k = first ? await readJson<{ kdf?: string; N?: number; r?: number; p?: number }>(path.join(keysDir, first)) : null;
      return k ? `${k.kdf ?? "?"} N=2^${Math.log2(k.N ?? 0)} r=${k.r ?? "?"} p=${k.p ?? "?"}` : "?";
    } catch {
      return "?";
    }
  })();

  log("priming the host's disk cache with one unmeasured read of the data set (see primeHostCache)");
  primeHostCache(data.dir);
  const cold = dropCaches();
  const cacheNote = cold ? "cold: sync + drop_caches before every measured step" : "WARM CACHE: could not drop the page cache (not root?); the data stays cached between steps";
  log(`page cache: ${cacheNote}`);

  // ---- the phases, alternating tools, in rounds ----
  // On a VM, one run of a step moves by ±10% from run to run for both tools (the host's memory and
  // disk). Each round runs every step once per tool, the tool going first alternating between
  // rounds; the table shows each tool's median round, and the notes list every round.
  const phase = async (round: number, name: string, lbArgs: string[], rsArgs: string[]): Promise<[Measurement, Measurement]> => {
    const one = async (tool: "lifeboat" | "restic"): Promise<Measurement> => {
      log(`${name}: ${tool === "lifeboat" ? "Lifeboat" : "restic"} (round ${round + 1} of ${rounds})`);
      dropCaches();
      return record(await check(tool === "lifeboat" ? await lbRun(name, lbArgs) : await rsRun(name, rsArgs)));
    };
    if (round % 2 === 0) {
      const a = await one("lifeboat");
      return [a, await one("restic")];
    }
    const b = await one("restic");
    return [await one("lifeboat"), b];
  };
  type Pair = [Measurement, Measurement];
  const samples: Record<"backup" | "rerun" | "restore" | "snapshots", Pair[]> = { backup: [], rerun: [], restore: [], snapshots: [] };
  let lbBackupJson: LbBackupJson | null = null;
  let lbRerunJson: LbBackupJson | null = null;
  let rsRerunOut = "";
  for (let round = 0; round < rounds; round++) {
    if (round > 0) await initBoth();
    await rm(lb.restore, { recursive: true, force: true });
    await rm(rs.restore, { recursive: true, force: true });
    const backup = await phase(round, "backup", ["backup", "--json", "--no-progress"], ["backup", data.dir]);
    samples.backup.push(backup);
    lbBackupJson = await readJson<LbBackupJson>(backup[0].stdoutFile);
    if (lbBackupJson.failed.length || lbBackupJson.interrupted) throw new Error(`Lifeboat backup reported failures: ${JSON.stringify(lbBackupJson.failed).slice(0, 500)}`);
    const rerun = await phase(round, "rerun", ["backup", "--json", "--no-progress"], ["backup", data.dir]);
    samples.rerun.push(rerun);
    lbRerunJson = await readJson<LbBackupJson>(rerun[0].stdoutFile);
    rsRerunOut = await readFile(rerun[1].stdoutFile, "utf8");
    samples.restore.push(await phase(round, "restore", ["restore", "latest", "--to", lb.restore, "--json", "--no-progress"], ["restore", "latest", "--target", rs.restore]));
    // The fixed cost of any command: process start plus opening the archive. restic's includes its
    // scrypt KDF, calibrated at init to about half a second and not adjustable; Lifeboat's is small
    // because of --scrypt-work-factor 12 (its default is 18).
    samples.snapshots.push(await phase(round, "snapshots", ["snapshots", "--json"], ["snapshots"]));
  }
  const median = (ms: Measurement[]): Measurement => [...ms].sort((x, y) => x.wallSeconds - y.wallSeconds)[Math.floor((ms.length - 1) / 2)]!;
  const medians = (pairs: Pair[]): Pair => [median(pairs.map((p) => p[0])), median(pairs.map((p) => p[1]))];
  const [lbBackup, rsBackup] = medians(samples.backup);
  const [lbRerun, rsRerun] = medians(samples.rerun);
  const [lbRestore, rsRestore] = medians(samples.restore);
  const [lbList, rsList] = medians(samples.snapshots);
  const rerunSrc = lbRerunJson?.snapshot.sources["account"];
  const roundsNote = (Object.keys(samples) as Array<keyof typeof samples>)
    .map((k) => `${k}: Lifeboat ${samples[k].map((p) => fmtSeconds(p[0].wallSeconds)).join(", ")}; restic ${samples[k].map((p) => fmtSeconds(p[1].wallSeconds)).join(", ")}`)
    .join("; ");
  syncAll();

  const lbSize = du(lb.archive);
  const rsSize = du(rs.repo);
  const lbHome = du(lb.home);
  const rsCache = du(rs.cache);

  // ---- byte identity ----
  log("byte identity: comparing Lifeboat's restore with the source (content, mtimes to the ms, empty folders)");
  const diffs = await compareTrees(data.dir, path.join(lb.restore, "account"));
  const identical = diffs.length === 0;
  log(`byte identity: ${identical ? "PASS" : `FAIL (${diffs.length} differences)`}`);
  if (process.env["BENCH_KEEP"] !== "1") {
    await rm(lb.restore, { recursive: true, force: true });
    await rm(rs.restore, { recursive: true, force: true });
  }

  // ---- one big file: peak RSS ----
  log(`large file: backing up one ${fmtBytes(big.size)} file into a fresh archive`);
  const bigEnv: NodeJS.ProcessEnv = { ...lbEnv, LIFEBOAT_HOME: path.join(runDir, "big-home"), LIFEBOAT_ARCHIVE: path.join(runDir, "big-archive") };
  await check(await lbRun("big-init", ["init", "--json", "--scrypt-work-factor", "12"], bigEnv));
  await check(await lbRun("big-add", ["add", "folder", big.dir, "--name", "big", "--json"], bigEnv));
  dropCaches();
  const lbBig = record(await check(await lbRun(`backup one ${fmtBytes(big.size)} file`, ["backup", "--json", "--no-progress"], bigEnv)));
  const bigPass = lbBig.maxRssBytes < RSS_LIMIT;
  if (process.env["BENCH_KEEP"] !== "1") await rm(path.join(runDir, "big-archive"), { recursive: true, force: true });

  // ---- raw crypto: age CLI vs Lifeboat's file helpers ----
  log(`raw crypto: ${fmtBytes(cryptoInput.size)} file to file, best of ${cryptoRepeats}`);
  const cdir = path.join(runDir, "crypto");
  await mkdir(cdir, { recursive: true });
  const keyFile = path.join(cdir, "key.txt");
  const kg = spawnSync("age-keygen", ["-o", keyFile], { encoding: "utf8" });
  if (kg.status !== 0) throw new Error(`age-keygen failed: ${kg.stderr}`);
  const recipient = /^# public key: (age1\S+)$/m.exec(await readFile(keyFile, "utf8"))?.[1];
  if (!recipient) throw new Error("age-keygen wrote no public key line");
  const warm = (file: string): void => void spawnSync("cat", [file], { stdio: ["ignore", "ignore", "inherit"] });
  type Impl = { id: string; tool: string; enc: (src: string, dst: string) => [string, string[], NodeJS.ProcessEnv]; dec: (src: string, dst: string) => [string, string[], NodeJS.ProcessEnv] };
  // age does not fsync; Lifeboat's helpers do (temp file, fsync, rename). `sync FILE` (fsync) after
  // age makes the two do the same work.
  const impls: Impl[] = [
    {
      id: "age",
      tool: "age",
      enc: (src, dst) => ["sh", ["-c", 'age -e -r "$1" -o "$2" "$3" && sync "$2"', "sh", recipient, dst, src], process.env],
      dec: (src, dst) => ["sh", ["-c", 'age -d -i "$1" -o "$2" "$3" && sync "$2"', "sh", keyFile, dst, src], process.env],
    },
    ...(["node", "sodium"] as const).map(
      (b): Impl => ({
        id: `lifeboat-${b}`,
        tool: "lifeboat",
        enc: (src, dst) => [NODE, [CRYPTO_CHILD, "encrypt", keyFile, src, dst], { ...process.env, LIFEBOAT_AEAD: b }],
        dec: (src, dst) => [NODE, [CRYPTO_CHILD, "decrypt", keyFile, src, dst], { ...process.env, LIFEBOAT_AEAD: b }],
      }),
    ),
  ];
  const best = new Map<string, Measurement>();
  const keepBest = (key: string, m: Measurement): void => {
    const prev = best.get(key);
    if (!prev || m.wallSeconds < prev.wallSeconds) best.set(key, m);
  };
  let cryptoRoundTripOk = true;
  // A one-byte round trip loads the tool (age's binary; node, its modules and sodium-native) into
  // the page cache, so start-up does not read from a cold disk.
  const tiny = path.join(cdir, "tiny");
  await writeFile(tiny, "x");
  const warmTool = (impl: Impl): void => {
    for (const [cmd, args, env] of [impl.enc(tiny, `${tiny}.age`), impl.dec(`${tiny}.age`, `${tiny}.out`)]) {
      const r = spawnSync(cmd, args, { env, stdio: ["ignore", "ignore", "pipe"], encoding: "utf8" });
      if (r.status !== 0) throw new Error(`${impl.id} warm-up failed: ${r.stderr}`);
    }
    spawnSync("rm", ["-f", `${tiny}.age`, `${tiny}.out`]);
  };
  // Same conditions for every step: the previous output is gone, dirty pages are written back and
  // the page cache dropped (when allowed), then the tool and the input are read once so they come
  // from memory.
  for (let round = 1; round <= cryptoRepeats; round++) {
    for (const op of ["encrypt", "decrypt"] as const) {
      for (const impl of impls) {
        const src = op === "encrypt" ? cryptoInput.file : path.join(cdir, `${impl.id}.age`);
        const dst = op === "encrypt" ? path.join(cdir, `${impl.id}.age`) : path.join(cdir, `${impl.id}.out`);
        await rm(dst, { force: true });
        dropCaches();
        warmTool(impl);
        warm(src);
        const [cmd, args, env] = impl[op === "encrypt" ? "enc" : "dec"](src, dst);
        const m = record(await check(await measure(impl.tool, `${op} ${impl.id} #${round}`, cmd, args, { env, logBase: path.join(logs, `crypto-${op}-${impl.id}-${round}`) })));
        keepBest(`${op}:${impl.id}`, m);
        if (op === "decrypt") {
          if ((await sha256File(dst)) !== cryptoInput.sha256) {
            cryptoRoundTripOk = false;
            log(`crypto round trip FAILED for ${impl.id}: the decrypted file differs from the input`);
          }
          await rm(dst, { force: true });
        }
      }
    }
  }
  if (process.env["BENCH_KEEP"] !== "1") await rm(cdir, { recursive: true, force: true });

  // ---- Microsoft accounts against the emulators ----
  log("microsoft: mailbox and OneDrive file against the emulators");
  const ms: MicrosoftBenchResult = await benchMicrosoft({
    scale,
    seed,
    dir: path.join(runDir, "microsoft"),
    node: NODE,
    cli: CLI,
    record,
    log,
    beforeStep: () => void dropCaches(),
  });
  if ("skipped" in ms) log(`microsoft: skipped (${ms.skipped})`);

  // ---- report ----
  const bytes = data.bytes;
  const get = (key: string): Measurement => {
    const m = best.get(key);
    if (!m) throw new Error(`missing crypto measurement ${key}`);
    return m;
  };
  // Throughput rows (over the whole data set) and time rows, both oriented so >= 1 favours Lifeboat.
  const rateRow = (metric: string, lb: Measurement, rs: Measurement): Row => ({
    metric,
    lifeboat: `${fmtRate(bytes, lb.wallSeconds)} (${fmtSeconds(lb.wallSeconds)})`,
    peer: `${fmtRate(bytes, rs.wallSeconds)} (${fmtSeconds(rs.wallSeconds)})`,
    ratio: mibps(bytes, lb.wallSeconds) / mibps(bytes, rs.wallSeconds),
    ratioIs: "lifeboat MiB/s / restic MiB/s",
  });
  const timeRow = (metric: string, lb: Measurement, rs: Measurement): Row => ({
    metric,
    lifeboat: fmtSeconds(lb.wallSeconds),
    peer: fmtSeconds(rs.wallSeconds),
    ratio: rs.wallSeconds / lb.wallSeconds,
    ratioIs: "restic time / lifeboat time",
  });
  const restic: Section = {
    title: `Lifeboat vs restic: ${data.files} files, ${data.dirs} folders, ${fmtBytes(bytes)} (scale ${scale}, seed ${seed})`,
    peerName: "restic",
    rows: [
      rateRow("full backup", lbBackup, rsBackup),
      timeRow("no-change re-run", lbRerun, rsRerun),
      timeRow("list snapshots (fixed cost)", lbList, rsList),
      rateRow("restore latest", lbRestore, rsRestore),
      {
        metric: "archive size (du)",
        lifeboat: `${fmtBytes(lbSize.diskBytes)} (${((100 * lbSize.diskBytes) / bytes).toFixed(1)}%)`,
        peer: `${fmtBytes(rsSize.diskBytes)} (${((100 * rsSize.diskBytes) / bytes).toFixed(1)}%)`,
        ratio: rsSize.diskBytes / lbSize.diskBytes,
        ratioIs: "restic size / lifeboat size",
      },
      ...([
        ["peak RSS, full backup", lbBackup, rsBackup],
        ["peak RSS, re-run", lbRerun, rsRerun],
        ["peak RSS, restore", lbRestore, rsRestore],
      ] as const).map(([metric, a, b]): Row => ({ metric, lifeboat: fmtBytes(a.maxRssBytes), peer: fmtBytes(b.maxRssBytes), ratio: b.maxRssBytes / a.maxRssBytes, ratioIs: "restic RSS / lifeboat RSS" })),
      ...([
        ["CPU user+sys, full backup", lbBackup, rsBackup],
        ["CPU user+sys, re-run", lbRerun, rsRerun],
        ["CPU user+sys, restore", lbRestore, rsRestore],
      ] as const).map(([metric, a, b]): Row => ({ metric, lifeboat: cpuText(a), peer: cpuText(b), ratio: cpu(b) / cpu(a), ratioIs: "restic CPU s / lifeboat CPU s" })),
    ],
  };
  const cryptoRows: Row[] = [];
  for (const op of ["encrypt", "decrypt"] as const) {
    const age = get(`${op}:age`);
    for (const b of ["node", "sodium"] as const) {
      const m = get(`${op}:lifeboat-${b}`);
      cryptoRows.push({
        metric: `${op} (${b === "node" ? "node:crypto" : "sodium-native"} AEAD)`,
        lifeboat: `${fmtRate(cryptoInput.size, m.wallSeconds)} (${fmtSeconds(m.wallSeconds)}, cpu ${fmtSeconds(cpu(m))})`,
        peer: `${fmtRate(cryptoInput.size, age.wallSeconds)} (${fmtSeconds(age.wallSeconds)}, cpu ${fmtSeconds(cpu(age))})`,
        ratio: age.wallSeconds / m.wallSeconds,
        ratioIs: "lifeboat MiB/s / age MiB/s",
      });
    }
  }
  const crypto: Section = { title: `Raw crypto, file to file, ${fmtBytes(cryptoInput.size)} (tool and input in page cache, output fsynced by both; best of ${cryptoRepeats})`, peerName: `age ${versions.age}`, rows: cryptoRows };
  const msReport = microsoftReport(ms, versions.age ?? "?");

  // Listing and searching a 100k-item catalog right after unlock (a child process, so it runs cold).
  log("catalog: 100k items, list + search after unlock");
  const listing = JSON.parse(execFileSync(NODE, [path.join(path.dirname(fileURLToPath(import.meta.url)), "catalog-listing.js")], { encoding: "utf8", env: { ...process.env, CATALOG_ITEMS: String(Math.max(10_000, Math.round(100_000 * Math.min(scale, 1)))) } })) as CatalogListingResult;
  const listingMs = listing.openMs + listing.listMs + listing.searchMs;
  const checks = [
    [`list + search ${listing.items} catalog items after unlock (< 1 s)`, `${listingMs < 1000 ? "PASS" : "FAIL"}: ${Math.round(listingMs)} ms (open ${Math.round(listing.openMs)}, read catalog ${Math.round(listing.listMs)}, search ${Math.round(listing.searchMs)}; ${listing.hits} hits)`],
    ["byte identity of Lifeboat's restore (content, mtimes to the ms, empty folders)", identical ? "PASS" : `FAIL: ${diffs.length} differences`],
    [`peak RSS backing up one ${fmtBytes(big.size)} file (< ${fmtBytes(RSS_LIMIT)})`, `${bigPass ? "PASS" : "FAIL"}: ${fmtBytes(lbBig.maxRssBytes)} (${fmtRate(big.size, lbBig.wallSeconds)}, cpu ${cpuText(lbBig)})`],
    ["crypto round trips (decrypted == input, all three)", cryptoRoundTripOk ? "PASS" : "FAIL"],
    ...msReport.checks,
  ];
  const rerunLb = rerunSrc ? `${rerunSrc.unchangedItems} unchanged, ${rerunSrc.newItems} new, ${rerunSrc.changedItems} changed` : "?";
  const rerunRs = /Files:.*$/m.exec(rsRerunOut)?.[0].replace(/\s+/g, " ") ?? "?";
  const notes = [
    `page cache: ${cacheNote}`,
    `rounds: ${rounds}, each tool's median round in the table (CPU and RSS from that same run); the tool going first alternates; every round's wall time: ${roundsNote}`,
    `wall time: spawn to exit of each process, measured the same way for every tool; CPU and peak RSS from wait4() via ${rusage === "gnu-time" ? "GNU time" : "python3 getrusage(RUSAGE_CHILDREN)"}`,
    `Lifeboat: init with --scrypt-work-factor 12 (unlocking then costs milliseconds, so key derivation is not in the numbers); AEAD backend ${process.env["LIFEBOAT_AEAD"] ?? "default (sodium-native, node:crypto where its addon cannot load)"}; gzip where it pays`,
    `restic: repository version ${resticRepoVersion}; cache in ${path.relative(repoRoot, rs.cache)} (${fmtBytes(rsCache.diskBytes)}, not counted in its size); Lifeboat's home holds ${fmtBytes(lbHome.diskBytes)} (not counted either)`,
    `sizes: disk usage (du); apparent: Lifeboat ${fmtBytes(lbSize.apparentBytes)}, restic ${fmtBytes(rsSize.apparentBytes)}`,
    `re-run: Lifeboat ${rerunLb}; restic ${rerunRs}`,
    `fixed cost = "snapshots" with each tool: process start (cold cache: node and its modules, or restic's binary, come from disk) plus unlocking; restic's includes its scrypt KDF (calibrated at init, not adjustable; this run: ${rsKdf}), Lifeboat's uses work factor 12 (its default is 18)`,
    `init (not in the table): Lifeboat ${fmtSeconds(lbInit.wallSeconds)}, restic ${fmtSeconds(rsInit.wallSeconds)}`,
    ...msReport.notes,
    `machine: ${os.cpus().length} CPUs (${os.cpus()[0]?.model ?? "?"}), ${fmtBytes(os.totalmem())} RAM; node ${versions.node}; ${versions.restic}`,
  ];

  const detail = formatPlain(
    "Per process",
    ["tool", "step", "wall", "user", "sys", "cpu/wall", "peak RSS"],
    measurements.map((m) => [m.tool, m.phase, fmtSeconds(m.wallSeconds), fmtSeconds(m.userSeconds), fmtSeconds(m.sysSeconds), `${Math.round((100 * cpu(m)) / m.wallSeconds)}%`, fmtBytes(m.maxRssBytes)]),
  );
  const out = [
    formatSection(restic),
    "",
    formatSection(crypto),
    "",
    ...msReport.sections.flatMap((s) => [formatSection(s), ""]),
    formatPlain("Checks", ["check", "result"], checks),
    "",
    "Notes",
    ...notes.map((n) => `  - ${n}`),
    "",
    detail,
    "",
  ].join("\n");
  process.stdout.write(out);

  const results = {
    date: new Date().toISOString(),
    scale,
    seed,
    versions,
    machine: { cpus: os.cpus().length, cpuModel: os.cpus()[0]?.model ?? null, totalMemBytes: os.totalmem() },
    cache: cold ? "cold" : "warm",
    dataset: data,
    sections: [restic, crypto, ...msReport.sections],
    checks: Object.fromEntries(checks),
    identical,
    differences: diffs.slice(0, 100),
    catalogListing: listing,
    largeFile: { size: big.size, maxRssBytes: lbBig.maxRssBytes, limitBytes: RSS_LIMIT, pass: bigPass },
    crypto: { size: cryptoInput.size, repeats: cryptoRepeats, roundTripOk: cryptoRoundTripOk, best: Object.fromEntries(best) },
    microsoft: msReport.results,
    sizes: { lifeboat: lbSize, restic: rsSize, lifeboatHome: lbHome, resticCache: rsCache },
    resticRepoVersion,
    notes,
    measurements,
  };
  await writeFile(path.join(benchRoot, "results.json"), JSON.stringify(results, null, 2) + "\n");
  log(`wrote ${path.relative(process.cwd(), path.join(benchRoot, "results.json"))}`);

  if (process.env["BENCH_KEEP"] !== "1") {
    await rm(lb.archive, { recursive: true, force: true });
    await rm(rs.repo, { recursive: true, force: true });
  }
  if (!identical) {
    process.stderr.write(`Lifeboat's restore differs from the source:\n${diffs.slice(0, 20).map((d) => `  ${d}`).join("\n")}\n`);
    return 1;
  }
  if (msReport.failed) {
    process.stderr.write("The OneDrive file restored from the Microsoft backup differs from the generated bytes.\n");
    return 1;
  }
  return cryptoRoundTripOk ? 0 : 1;
}

/** The Microsoft steps' tables (absolute numbers; age for the OneDrive throughput), checks and notes. */
function microsoftReport(ms: MicrosoftBenchResult, ageVersion: string): { sections: Section[]; checks: string[][]; notes: string[]; results: unknown; failed: boolean } {
  if ("skipped" in ms) return { sections: [], checks: [["Microsoft account steps", `SKIPPED: ${ms.skipped}`]], notes: [], results: ms, failed: false };
  const { mail, drive } = ms;
  const none = { peer: "-", ratio: null, ratioIs: "no peer" };
  const reqs = (r: typeof mail.full): string => `${r.total} Graph requests (${r.mime} MIME, ${r.deltaPages} message delta pages)`;
  const c = mail.changes;
  const mailSection: Section = {
    title: `Microsoft account, mail: ${mail.messages} generated messages (≈${fmtBytes(mail.approxBytes)} of MIME), Lifeboat's CLI against the emulators`,
    peerName: "(no peer)",
    rows: [
      { metric: "first full backup", lifeboat: `${fmtSeconds(mail.full.m.wallSeconds)} (${Math.round(mail.messages / mail.full.m.wallSeconds)} msg/s), ${reqs(mail.full)}`, ...none },
      { metric: "no-change run", lifeboat: `${fmtSeconds(mail.unchanged.m.wallSeconds)}, ${reqs(mail.unchanged)}`, ...none },
      { metric: `after 100 changes (${c.added} new, ${c.moved} moved, ${c.deleted} deleted, ${c.flagged} flagged)`, lifeboat: `${fmtSeconds(mail.changed.m.wallSeconds)}, ${reqs(mail.changed)}`, ...none },
      { metric: "peak RSS: full / no-change / changes", lifeboat: [mail.full, mail.unchanged, mail.changed].map((r) => fmtBytes(r.m.maxRssBytes)).join(" / "), ...none },
      { metric: "CPU user+sys, full backup", lifeboat: cpuText(mail.full.m), ...none },
    ],
  };
  const age = drive.age;
  const driveSection: Section = {
    title: `Microsoft account, OneDrive: one ${fmtBytes(drive.size)} generated file, Lifeboat's CLI against the emulators`,
    peerName: age ? `age ${ageVersion}, same bytes piped in` : "-",
    rows: [
      {
        metric: "backup (download, hash, encrypt, store)",
        lifeboat: `${fmtRate(drive.size, drive.backup.wallSeconds)} (${fmtSeconds(drive.backup.wallSeconds)}, cpu ${fmtSeconds(cpu(drive.backup))})`,
        ...(age
          ? { peer: `${fmtRate(drive.size, age.wallSeconds)} (${fmtSeconds(age.wallSeconds)})`, ratio: age.wallSeconds / drive.backup.wallSeconds, ratioIs: "lifeboat backup MiB/s / age encrypt MiB/s" }
          : none),
      },
      { metric: "peak RSS, backup", lifeboat: fmtBytes(drive.backup.maxRssBytes), ...none },
      { metric: "restore latest", lifeboat: `${fmtRate(drive.size, drive.restore.wallSeconds)} (${fmtSeconds(drive.restore.wallSeconds)}, cpu ${fmtSeconds(cpu(drive.restore))})`, ...none },
      { metric: "peak RSS, restore", lifeboat: fmtBytes(drive.restore.maxRssBytes), ...none },
    ],
  };
  const rssPass = drive.backup.maxRssBytes < RSS_LIMIT;
  return {
    sections: [mailSection, driveSection],
    checks: [
      ["mail no-change run downloads no message", mail.unchanged.mime === 0 ? "PASS" : `FAIL: ${mail.unchanged.mime} MIME downloads`],
      [`mail run after 100 changes downloads only the ${c.added} new messages`, mail.changed.mime === c.added ? "PASS" : `FAIL: ${mail.changed.mime} MIME downloads`],
      [`peak RSS backing up one ${fmtBytes(drive.size)} OneDrive file (< ${fmtBytes(RSS_LIMIT)})`, `${rssPass ? "PASS" : "FAIL"}: ${fmtBytes(drive.backup.maxRssBytes)} (${fmtRate(drive.size, drive.backup.wallSeconds)})`],
      ["OneDrive file restored == generated bytes (SHA-256, both streamed)", drive.identical ? "PASS" : "FAIL"],
    ],
    notes: [
      "Microsoft steps: the emulators run inside the bench process, on the same cores as the measured CLI (their CPU is not in the CLI's numbers, but it is in the wall time); Graph requests are the emulator's own count per run; each CLI run has a private D-Bus session and GNOME Keyring for the account's sign-in",
      `OneDrive: the file's bytes are made by the emulator while they are sent (AES-CTR keystream from a seed), over HTTPS; the emulator hashed them once beforehand (${fmtSeconds(drive.hashSetupSeconds)}, not measured)${age ? "; age's time includes the node process generating the same bytes into its pipe" : "; age is not installed, so there is no reference"}`,
    ],
    results: ms,
    failed: !drive.identical,
  };
}

class SetupError extends Error {}

main().then(
  (code) => {
    process.exitCode = code;
  },
  (err: unknown) => {
    process.stderr.write(`bench: ${err instanceof Error ? err.message : String(err)}\n`);
    if (err instanceof Error && err.stack && !(err instanceof SetupError)) process.stderr.write(err.stack + "\n");
    process.exitCode = err instanceof SetupError ? 2 : 1;
  },
);
