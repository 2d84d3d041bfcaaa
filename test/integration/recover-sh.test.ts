// recover.sh (the repository's standard-tools restore script) against the real CLI: it must give
// exactly the tree `lifeboat restore latest` gives, from an archive with awkward content, and fail
// cleanly (nothing written, no secret left behind) on a wrong key or an archive with nothing to restore.
import assert from "node:assert/strict";
import { execFile, spawn } from "node:child_process";
import { createHash, randomBytes } from "node:crypto";
import { promises as fsp } from "node:fs";
import path from "node:path";
import { after, before, describe, test } from "node:test";
import { promisify } from "node:util";
import { Archive } from "../../electron/engine/archive/archive.js";
import { compareTrees } from "../../electron/engine/restore/compare-trees.js";
import { initArchive, REPO_ROOT, runCli, tempWorkspace } from "../helpers/cli-harness.js";

const execFileAsync = promisify(execFile);
const RECOVER = path.join(REPO_ROOT, "recover.sh");

interface RunResult {
  code: number;
  stdout: string;
  stderr: string;
}

function run(cmd: string, args: string[], env: NodeJS.ProcessEnv = process.env): Promise<RunResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(cmd, args, { env, stdio: ["ignore", "pipe", "pipe"] });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (d: Buffer) => (stdout += d.toString()));
    child.stderr.on("data", (d: Buffer) => (stderr += d.toString()));
    child.on("error", reject);
    child.on("close", (code) => resolve({ code: code ?? -1, stdout, stderr }));
  });
}

/** recover.sh under /bin/sh (dash on Debian), with its temporary files in a fresh folder. */
async function recover(archive: string, keyFile: string, out: string, tmpdir: string, extraEnv: NodeJS.ProcessEnv = {}): Promise<RunResult> {
  await fsp.mkdir(tmpdir, { recursive: true });
  return run("/bin/sh", [RECOVER, archive, keyFile, out], { ...process.env, TMPDIR: tmpdir, ...extraEnv });
}

async function hasCommand(cmd: string): Promise<boolean> {
  return (await run("/bin/sh", ["-c", `command -v ${cmd}`])).code === 0;
}

/** touch -d @SEC.NSEC: sets a time to the nanosecond (-h: the link itself). */
async function setTime(p: string, when: string, link = false): Promise<void> {
  await execFileAsync("touch", [...(link ? ["-h"] : []), "-d", `@${when}`, p]);
}

interface Item {
  type: "file" | "dir" | "symlink";
  mode: number;
  mtimeNs: bigint;
  size: number;
  sha256?: string;
  target?: string;
}

/** Everything below `root` (not `root` itself): type, permission bits, mtime in ns, content. */
async function scan(root: string): Promise<Map<string, Item>> {
  const out = new Map<string, Item>();
  const walk = async (rel: string): Promise<void> => {
    for (const n of (await fsp.readdir(path.join(root, rel))).sort()) {
      const r = rel ? `${rel}/${n}` : n;
      const abs = path.join(root, r);
      const st = await fsp.lstat(abs, { bigint: true });
      const base = { mode: Number(st.mode & 0o7777n), mtimeNs: st.mtimeNs, size: Number(st.size) };
      if (st.isDirectory()) {
        out.set(r, { ...base, type: "dir", size: 0 });
        await walk(r);
      } else if (st.isSymbolicLink()) {
        out.set(r, { ...base, type: "symlink", target: await fsp.readlink(abs) });
      } else {
        out.set(r, { ...base, type: "file", sha256: createHash("sha256").update(await fsp.readFile(abs)).digest("hex") });
      }
    }
  };
  await walk("");
  return out;
}

/**
 * Differences between two trees: presence, type, content, link target, permission bits (not of
 * symlinks, whose bits Linux ignores) and mtime, to `resolutionNs` (1 = exact; symlink times are
 * compared only when `linkTimes`).
 */
function diffTrees(a: Map<string, Item>, b: Map<string, Item>, resolutionNs: bigint, linkTimes: boolean): string[] {
  const diffs: string[] = [];
  for (const [p, x] of a) {
    const y = b.get(p);
    if (!y) {
      diffs.push(`missing: ${JSON.stringify(p)}`);
      continue;
    }
    if (x.type !== y.type) diffs.push(`type: ${p} ${x.type} vs ${y.type}`);
    else if (x.sha256 !== y.sha256 || x.size !== y.size) diffs.push(`content: ${p}`);
    else if (x.target !== y.target) diffs.push(`target: ${p} ${x.target} vs ${y.target}`);
    if (x.type !== "symlink" && x.mode !== y.mode) diffs.push(`mode: ${p} ${x.mode.toString(8)} vs ${y.mode.toString(8)}`);
    if (x.type !== "symlink" || linkTimes) {
      const d = x.mtimeNs > y.mtimeNs ? x.mtimeNs - y.mtimeNs : y.mtimeNs - x.mtimeNs;
      if (d >= resolutionNs) diffs.push(`mtime: ${p} ${x.mtimeNs} vs ${y.mtimeNs}`);
    }
  }
  for (const p of b.keys()) if (!a.has(p)) diffs.push(`extra: ${JSON.stringify(p)}`);
  return diffs;
}

async function isEmptyDir(dir: string): Promise<string[]> {
  return fsp.readdir(dir);
}

async function exists(p: string): Promise<boolean> {
  return fsp.lstat(p).then(
    () => true,
    () => false,
  );
}

/** The awkward source folder. Times are set last, deepest first, with nanosecond parts. */
async function buildSource(src: string): Promise<void> {
  const dirs = ["docs", "docs/deep/er/est", "empty", "docs/empty inner", "private dir", "text"];
  for (const d of dirs) await fsp.mkdir(path.join(src, d), { recursive: true });
  const files: Array<[string, Buffer | string, number?]> = [
    ["docs/readme.txt", "Read me.\n"],
    ["docs/deep/er/est/bottom.txt", "at the bottom\n"],
    ["file with spaces.txt", "spaces\n"],
    [`it's "quoted".txt`, "quotes\n"],
    ["ünïcødé 日本語 ✓.txt", "unicode\n"],
    ["-leading-dash.txt", "dash\n"],
    ["line\nbreak.txt", "a newline in the name\n"],
    ["$(echo no) `nope` ; * ?.txt", "shell metacharacters\n"],
    [`${"n".repeat(240)}.txt`, "a name near the 255-byte limit\n"],
    ["zero.bin", Buffer.alloc(0)],
    ["big.bin", randomBytes(3 * 1024 * 1024 + 512 * 1024 + 123)],
    ["dup-a.txt", "the same bytes twice\n".repeat(50)],
    ["docs/dup-b.txt", "the same bytes twice\n".repeat(50)],
    ["private.txt", "secret\n", 0o600],
    ["script.sh", "#!/bin/sh\necho hi\n", 0o755],
    ["private dir/inside.txt", "inside\n", 0o640],
  ];
  for (let i = 0; i < 20; i++) files.push([`text/log-${i}.txt`, `line ${i}: the quick brown fox jumps over the lazy dog\n`.repeat(200 + i * 37)]);
  for (const [rel, data, mode] of files) {
    await fsp.writeFile(path.join(src, rel), data);
    if (mode !== undefined) await fsp.chmod(path.join(src, rel), mode);
  }
  await fsp.symlink("docs/readme.txt", path.join(src, "link to readme"));
  await fsp.symlink("../nowhere/at all", path.join(src, "docs/dangling"));
  await fsp.symlink("-dash target", path.join(src, "dash link"));

  let sec = 1_600_000_000;
  const ns = (): string => `${sec++}.${String(100_000_001 + ((sec * 7919) % 899_999_998)).padStart(9, "0")}`;
  for (const [rel] of files) await setTime(path.join(src, rel), ns());
  await setTime(path.join(src, "link to readme"), ns(), true);
  await setTime(path.join(src, "docs/dangling"), ns(), true);
  await setTime(path.join(src, "dash link"), ns(), true);
  for (const d of [...dirs].sort((a, b) => b.length - a.length)) await setTime(path.join(src, d), ns());
  for (const d of ["docs/deep/er", "docs/deep"]) await setTime(path.join(src, d), ns());
  await fsp.chmod(path.join(src, "private dir"), 0o700);
  await fsp.chmod(path.join(src, "docs/deep/er"), 0o750);
}

describe("recover.sh", { skip: !(await hasCommand("age")) || !(await hasCommand("jq")) ? "needs age and jq on PATH" : false }, () => {
  let ws: Awaited<ReturnType<typeof tempWorkspace>>;
  let keyFile: string;
  let src: string;
  let other: string;

  before(async () => {
    ws = await tempWorkspace("lifeboat-recover-sh-");
    const { recoveryKey } = await initArchive(ws.env);
    keyFile = path.join(ws.dir, "recovery-key.txt");
    await fsp.writeFile(keyFile, `${recoveryKey}\n`, { mode: 0o600 });
    src = path.join(ws.dir, "src");
    other = path.join(ws.dir, "my docs");
    await buildSource(src);
    await fsp.mkdir(path.join(other, "sub"), { recursive: true });
    await fsp.writeFile(path.join(other, "sub/note.md"), "# note\n");
    for (const args of [["add", "folder", src], ["add", "folder", other, "--name", "my docs"], ["backup"]]) {
      const r = await runCli(args, ws.env);
      assert.equal(r.code, 0, `${args.join(" ")}: ${r.stderr}`);
    }
    // Second backup: a changed file, a new one, a removed one, a changed folder.
    await fsp.writeFile(path.join(src, "docs/readme.txt"), "Read me, version 2.\n");
    await setTime(path.join(src, "docs/readme.txt"), "1700000000.987654321");
    await fsp.writeFile(path.join(src, "text/new.txt"), "new in the second backup\n");
    await fsp.rm(path.join(src, "text/log-3.txt"));
    await setTime(path.join(src, "text/new.txt"), "1700000001.000000007");
    await setTime(path.join(src, "text"), "1700000002.123456789");
    await setTime(path.join(src, "docs"), "1700000003.999999999");
    const r = await runCli(["backup"], ws.env);
    assert.equal(r.code, 0, r.stderr);
  });

  after(async () => {
    await ws?.cleanup();
  });

  test("restores exactly what `lifeboat restore latest` restores, and what the source holds", async () => {
    const tmp = path.join(ws.dir, "tmp-1");
    const out1 = path.join(ws.dir, "out-recover");
    const out2 = path.join(ws.dir, "out-lifeboat");
    // The small files are stored in bundles (FORMAT.md, section 6), so this covers unpacking them.
    const archive = await Archive.open(ws.archive, { passphrase: ws.env["LIFEBOAT_PASSPHRASE"]! });
    const bundled = [...(await archive.index()).packs.values()].flatMap((p) => p.blobs.filter((b) => b[5] !== undefined));
    await archive.close();
    assert.ok(bundled.length >= 20, `${bundled.length} bundled blobs`);
    const r = await recover(ws.archive, keyFile, out1, tmp);
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stderr, /restored \d+ item/);
    const l = await runCli(["restore", "latest", "--to", out2], ws.env);
    assert.equal(l.code, 0, l.stderr);

    assert.deepEqual((await fsp.readdir(out1)).sort(), ["my docs", "src"]);
    assert.deepEqual((await fsp.readdir(out2)).sort(), ["my docs", "src"]);
    for (const name of ["src", "my docs"]) {
      // The engine's own comparison (content, type, link target, mtime to the ms)...
      assert.deepEqual(await compareTrees(path.join(out1, name), path.join(out2, name)), [], name);
      // ...and a stricter one: permission bits too, against both the CLI's restore and the source.
      const a = await scan(path.join(out1, name));
      const b = await scan(path.join(out2, name));
      assert.deepEqual(diffTrees(a, b, 1_000_000n, false), [], `recover.sh vs lifeboat restore (${name})`);
      const s = await scan(name === "src" ? src : other);
      // recover.sh sets times with touch -d @s.ns: exact to the nanosecond, links included.
      assert.deepEqual(diffTrees(s, a, 1n, true), [], `source vs recover.sh (${name})`);
      assert.deepEqual(diffTrees(s, b, 1_000_000n, false), [], `source vs lifeboat restore (${name})`);
    }

    // The tricky items really are there.
    const a = await scan(path.join(out1, "src"));
    assert.equal(a.get("zero.bin")?.size, 0);
    assert.equal(a.get("empty")?.type, "dir");
    assert.equal(a.get("docs/empty inner")?.type, "dir");
    assert.equal(a.get("link to readme")?.target, "docs/readme.txt");
    assert.equal(a.get("dash link")?.target, "-dash target");
    assert.equal(a.get("private.txt")?.mode, 0o600);
    assert.equal(a.get("script.sh")?.mode, 0o755);
    assert.equal(a.get("private dir")?.mode, 0o700);
    assert.ok(a.has("line\nbreak.txt") && a.has(`it's "quoted".txt`) && a.has("-leading-dash.txt") && a.has("ünïcødé 日本語 ✓.txt"));
    assert.equal(await fsp.readFile(path.join(out1, "src/docs/readme.txt"), "utf8"), "Read me, version 2.\n");
    assert.ok(!a.has("text/log-3.txt"), "a file removed before the second backup is not in the newest snapshot");
    assert.equal(a.get("big.bin")?.size, 3 * 1024 * 1024 + 512 * 1024 + 123);

    // No secret and no work file is left behind: the private work folder is gone, and nothing in
    // the output holds the archive's identity.
    assert.deepEqual(await isEmptyDir(tmp), []);
    const identity = (await execFileAsync("sh", ["-c", 'age -d -i "$1" "$2"/keys/recovery-*.age', "sh", keyFile, ws.archive])).stdout;
    const secret = /AGE-SECRET-KEY-1[0-9A-Z]+/.exec(identity)![0];
    for (const [rel, item] of a) {
      if (item.type === "file") assert.ok(!(await fsp.readFile(path.join(out1, "src", rel), "utf8")).includes(secret), rel);
    }
    assert.deepEqual(
      [...a.keys()].filter((p) => p.includes("lifeboat") || p.endsWith(".tmp")),
      [],
      "no temporary files in the output",
    );
  });

  test("a key typed from the printed copy (lower case, spaces, comment line) works too", async () => {
    const typed = path.join(ws.dir, "typed-key.txt");
    const key = (await fsp.readFile(keyFile, "utf8")).trim();
    const spaced = key.toLowerCase().replace(/(.{10})/g, "$1 ");
    await fsp.writeFile(typed, `# my recovery key\r\n${spaced.slice(0, 40)}\r\n${spaced.slice(40)}\r\n`);
    const out = path.join(ws.dir, "out-typed");
    const r = await recover(ws.archive, typed, out, path.join(ws.dir, "tmp-typed"));
    assert.equal(r.code, 0, r.stderr);
    assert.deepEqual(await compareTrees(path.join(out, "src"), src), []);
  });

  test("a wrong recovery key: exit 4, a clear message, nothing written, nothing left in TMPDIR", async () => {
    const wrong = path.join(ws.dir, "wrong-key.txt");
    await execFileAsync("age-keygen", ["-o", wrong]);
    const out = path.join(ws.dir, "out-wrong");
    const tmp = path.join(ws.dir, "tmp-wrong");
    const r = await recover(ws.archive, wrong, out, tmp);
    assert.equal(r.code, 4, r.stderr);
    assert.match(r.stderr, /recovery key does not open the archive/);
    assert.equal(await exists(out), false);
    assert.deepEqual(await isEmptyDir(tmp), []);

    const garbage = path.join(ws.dir, "garbage-key.txt");
    await fsp.writeFile(garbage, "not a key at all\n");
    const g = await recover(ws.archive, garbage, out, tmp);
    assert.equal(g.code, 4, g.stderr);
    assert.match(g.stderr, /does not contain a recovery key/);
    assert.equal(await exists(out), false);
    assert.deepEqual(await isEmptyDir(tmp), []);
  });

  test("a newer checkpoint (complete: false) is skipped; an archive with only checkpoints restores nothing", async () => {
    // Forge a checkpoint newer than every snapshot, pointing at the FIRST backup's catalog, the
    // way an interrupted third backup would leave one: age-encrypted to the archive's recipient,
    // named by its UTC time and the SHA-256 of its own bytes.
    const copy = path.join(ws.dir, "archive-with-checkpoint");
    await fsp.cp(ws.archive, copy, { recursive: true });
    const snapDir = path.join(copy, "snapshots");
    const names = (await fsp.readdir(snapDir)).sort();
    assert.equal(names.length, 2);
    const identityFile = path.join(ws.dir, "identity-for-test.txt");
    await execFileAsync("sh", ["-c", 'umask 077; age -d -i "$1" "$2"/keys/recovery-*.age > "$3"', "sh", keyFile, copy, identityFile]);
    const decrypt = async (name: string): Promise<Record<string, unknown>> =>
      JSON.parse((await execFileAsync("age", ["-d", "-i", identityFile, path.join(snapDir, name)])).stdout) as Record<string, unknown>;
    const first = await decrypt(names[0]!);
    const newest = await decrypt(names[1]!);
    const time = new Date(Date.parse(newest.time as string) + 3_600_000);
    const checkpoint = { ...newest, time: time.toISOString(), complete: false, catalog: first.catalog, run: "0123456789abcdef" };
    const recipient = (JSON.parse(await fsp.readFile(path.join(copy, "lifeboat-archive.json"), "utf8")) as { recipient: string }).recipient;
    const plain = path.join(ws.dir, "checkpoint.json");
    await fsp.writeFile(plain, JSON.stringify(checkpoint, null, 1) + "\n");
    const enc = path.join(ws.dir, "checkpoint.json.age");
    await execFileAsync("age", ["-r", recipient, "-o", enc, plain]);
    const bytes = await fsp.readFile(enc);
    const stamp = time.toISOString().replace(/[-:]/g, "").replace(/\.\d+Z$/, "Z");
    await fsp.writeFile(path.join(snapDir, `${stamp}-${createHash("sha256").update(bytes).digest("hex")}.json.age`), bytes);
    await fsp.rm(identityFile);

    const out1 = path.join(ws.dir, "out-ckpt-recover");
    const out2 = path.join(ws.dir, "out-ckpt-lifeboat");
    const r = await recover(copy, keyFile, out1, path.join(ws.dir, "tmp-ckpt"));
    assert.equal(r.code, 0, r.stderr);
    const l = await runCli(["restore", "latest", "--to", out2], { ...ws.env, LIFEBOAT_ARCHIVE: copy });
    assert.equal(l.code, 0, l.stderr);
    assert.deepEqual(await compareTrees(path.join(out1, "src"), path.join(out2, "src")), []);
    assert.deepEqual(await compareTrees(path.join(out1, "src"), src), [], "the newest complete snapshot, not the checkpoint");

    // Only the checkpoint left: nothing complete to restore.
    for (const n of names) await fsp.rm(path.join(snapDir, n));
    const out3 = path.join(ws.dir, "out-ckpt-only");
    const tmp = path.join(ws.dir, "tmp-ckpt-only");
    const none = await recover(copy, keyFile, out3, tmp);
    assert.equal(none.code, 1, none.stderr);
    assert.match(none.stderr, /no complete snapshot \(only 1 checkpoint/);
    assert.equal(await exists(out3), false);
    assert.deepEqual(await isEmptyDir(tmp), []);
  });

  test("an archive without any backup: a clear message, nothing written", async () => {
    const fresh = await tempWorkspace("lifeboat-recover-sh-empty-");
    try {
      const { recoveryKey } = await initArchive(fresh.env);
      const key = path.join(fresh.dir, "key.txt");
      await fsp.writeFile(key, recoveryKey + "\n");
      const out = path.join(fresh.dir, "out");
      const r = await recover(fresh.archive, key, out, path.join(fresh.dir, "tmp"));
      assert.equal(r.code, 1, r.stderr);
      assert.match(r.stderr, /no complete snapshot/);
      assert.equal(await exists(out), false);
      assert.deepEqual(await isEmptyDir(path.join(fresh.dir, "tmp")), []);
    } finally {
      await fresh.cleanup();
    }
  });

  test("a damaged pack: the damage is reported (exit 3) and every file written is intact", async () => {
    const copy = path.join(ws.dir, "archive-damaged");
    await fsp.cp(ws.archive, copy, { recursive: true });
    // The largest pack holds big.bin; damage it three quarters of the way in.
    let largest = { file: "", size: 0 };
    for (const d of await fsp.readdir(path.join(copy, "packs"))) {
      for (const n of await fsp.readdir(path.join(copy, "packs", d))) {
        const file = path.join(copy, "packs", d, n);
        const { size } = await fsp.stat(file);
        if (size > largest.size) largest = { file, size };
      }
    }
    const fh = await fsp.open(largest.file, "r+");
    try {
      const at = Math.floor(largest.size * 0.75);
      const b = Buffer.alloc(1);
      await fh.read(b, 0, 1, at);
      b[0] = b[0]! ^ 0xff;
      await fh.write(b, 0, 1, at);
    } finally {
      await fh.close();
    }
    const out = path.join(ws.dir, "out-damaged");
    const tmp = path.join(ws.dir, "tmp-damaged");
    const r = await recover(copy, keyFile, out, tmp);
    assert.equal(r.code, 3, r.stderr);
    assert.match(r.stderr, /pack .* is damaged/);
    assert.match(r.stderr, /FAILED src\/.*\(damaged\)/);
    const restored = await scan(path.join(out, "src"));
    const source = await scan(src);
    let files = 0;
    for (const [rel, item] of restored) {
      if (item.type !== "file") continue;
      files++;
      assert.equal(item.sha256, source.get(rel)?.sha256, `${rel} is written only when intact`);
    }
    assert.ok(files < [...source.values()].filter((i) => i.type === "file").length, "some file is missing");
    assert.deepEqual(await isEmptyDir(tmp), []);

    // Lifeboat itself reports the damage per item too (exit 3), rather than crashing.
    const l = await runCli(["restore", "latest", "--to", path.join(ws.dir, "out-damaged-lifeboat")], { ...ws.env, LIFEBOAT_ARCHIVE: copy });
    assert.equal(l.code, 3, l.stdout + l.stderr);
    assert.match(l.stdout + l.stderr, /FAILED src\//);
  });

  test("a forged snapshot cannot make it write outside OUT_DIR", async () => {
    // recover.sh cannot check the keyed blob ids (Lifeboat can), so anyone with the archive's
    // public recipient could add a snapshot. Its paths still must not escape OUT_DIR.
    const copy = path.join(ws.dir, "archive-forged");
    await fsp.cp(ws.archive, copy, { recursive: true });
    const recipient = (JSON.parse(await fsp.readFile(path.join(copy, "lifeboat-archive.json"), "utf8")) as { recipient: string }).recipient;
    const outside = path.join(ws.dir, "outside");
    await fsp.mkdir(outside);
    const data = Buffer.from("pwned\n");
    const dataId = randomBytes(32).toString("hex");
    const sha = createHash("sha256").update(data).digest("hex");
    const file = (source: string, p: string): object => ({ source, path: p, type: "file", size: data.length, sha256: sha, content: [dataId], mode: 0o644, mtimeNs: "1600000000000000000" });
    const catalog = [
      file("..", "up.txt"),
      file("src", "../up2.txt"),
      file("src", "/abs.txt"),
      file("../escape", "x.txt"),
      file("src", "a/./b.txt"),
      file("src", "link/pwned.txt"),
      { source: "src", path: "link", type: "symlink", target: outside, mtimeNs: "1600000000000000000" },
      { source: "src", path: "link2", type: "symlink", target: outside, mtimeNs: "1600000000000000000" },
      file("src", "link2/pwned2.txt"),
      file("src", "ok.txt"),
    ]
      .map((e) => JSON.stringify(e) + "\n")
      .join("");
    const catId = randomBytes(32).toString("hex");
    const stage = path.join(ws.dir, "forge-stage");
    await fsp.mkdir(path.join(stage, "b"), { recursive: true });
    await fsp.writeFile(path.join(stage, "b", catId), catalog);
    await fsp.writeFile(path.join(stage, "b", dataId), data);
    const packTmp = path.join(ws.dir, "forged-pack.tar.age");
    await execFileAsync("sh", ["-c", 'tar -c -C "$1" b | age -r "$2" > "$3"', "sh", stage, recipient, packTmp]);
    const pack = await fsp.readFile(packTmp);
    const packId = createHash("sha256").update(pack).digest("hex");
    await fsp.mkdir(path.join(copy, "packs", packId.slice(0, 2)), { recursive: true });
    await fsp.writeFile(path.join(copy, "packs", packId.slice(0, 2), `${packId}.tar.age`), pack);
    const time = new Date(Date.now() + 3_600_000);
    const snap = { version: 1, host: "forger", time: time.toISOString(), parent: null, complete: true, run: "0", sources: {}, catalog: [catId], items: 10, bytes: 60, stats: { newBlobs: 2, newBytesStored: 0, packs: 1 } };
    const snapPlain = path.join(ws.dir, "forged-snapshot.json");
    await fsp.writeFile(snapPlain, JSON.stringify(snap));
    const snapEnc = (await execFileAsync("sh", ["-c", 'age -r "$1" "$2" | base64 -w0', "sh", recipient, snapPlain])).stdout;
    const snapBytes = Buffer.from(snapEnc, "base64");
    const stamp = time.toISOString().replace(/[-:]/g, "").replace(/\.\d+Z$/, "Z");
    await fsp.writeFile(path.join(copy, "snapshots", `${stamp}-${createHash("sha256").update(snapBytes).digest("hex")}.json.age`), snapBytes);

    const out = path.join(ws.dir, "out-forged", "inner");
    const r = await recover(copy, keyFile, out, path.join(ws.dir, "tmp-forged"));
    assert.equal(r.code, 5, r.stderr);
    assert.equal((r.stderr.match(/refused: its path is unsafe/g) ?? []).length, 5, r.stderr);
    assert.match(r.stderr, /FAILED src\/link: a folder of that name is in the way/);
    assert.match(r.stderr, /FAILED src\/link2: a folder of that name is in the way/);
    assert.deepEqual(await fsp.readdir(outside), [], "nothing written through a symlink");
    assert.deepEqual((await fsp.readdir(path.join(ws.dir, "out-forged"))).sort(), ["inner"], "nothing written next to OUT_DIR");
    assert.deepEqual(await fsp.readdir(out), ["src"]);
    assert.deepEqual((await fsp.readdir(path.join(out, "src"))).sort(), ["link", "link2", "ok.txt"]);
    assert.equal(await fsp.readFile(path.join(out, "src", "ok.txt"), "utf8"), "pwned\n");
    // The symlinks lost to the real folders the files needed: they never pointed anywhere.
    assert.equal((await fsp.lstat(path.join(out, "src", "link"))).isDirectory(), true);
  });

  test("usage and missing tools", async () => {
    const u = await run("/bin/sh", [RECOVER]);
    assert.equal(u.code, 2);
    assert.match(u.stderr, /^Usage: sh recover\.sh ARCHIVE_DIR RECOVERY_KEY_FILE OUT_DIR/m);
    const u2 = await run("/bin/sh", [RECOVER, "a", "b"]);
    assert.equal(u2.code, 2);

    const out = path.join(ws.dir, "out-tools");
    const bin = path.join(ws.dir, "bin-only-age");
    await fsp.mkdir(bin, { recursive: true });
    const agePath = (await execFileAsync("sh", ["-c", "command -v age"])).stdout.trim();
    await fsp.symlink(agePath, path.join(bin, "age"));
    const noAge = await recover(ws.archive, keyFile, out, path.join(ws.dir, "tmp-tools"), { PATH: path.join(ws.dir, "no-such-bin") });
    assert.equal(noAge.code, 1);
    assert.match(noAge.stderr, /'age' is not installed/);
    const noJq = await recover(ws.archive, keyFile, out, path.join(ws.dir, "tmp-tools"), { PATH: bin });
    assert.equal(noJq.code, 1);
    assert.match(noJq.stderr, /'jq' is not installed/);
    assert.equal(await exists(out), false);
  });
});
