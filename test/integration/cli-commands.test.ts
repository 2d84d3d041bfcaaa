// The documented commands (../shared/CLI.md), end to end through the real CLI process with stdin
// closed, as a script or the OS scheduler runs them.
import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { createHash, randomBytes } from "node:crypto";
import { promises as fsp } from "node:fs";
import path from "node:path";
import type { PruneReport, SnapshotSummary, SourceStatus, VerifyReport } from "../../shared/archive-types.js";
import { type CliResult, initArchive, runCli, tempWorkspace } from "../helpers/cli-harness.js";

type Workspace = Awaited<ReturnType<typeof tempWorkspace>>;

interface BackupJson {
  snapshot: SnapshotSummary;
  failed: Array<{ source: string; path: string; error: string }>;
  interrupted: boolean;
}
interface ListedEntry {
  source: string;
  path: string;
  type: "file" | "dir" | "symlink";
  size?: number;
  target?: string;
}
interface LsJson {
  snapshot: string;
  path: string;
  items: ListedEntry[];
}
interface SearchJson extends LsJson {
  query: string;
  total: number;
}
interface RestoreJson {
  snapshot: string;
  to: string;
  items: number;
  bytes: number;
  failed: unknown[];
}
interface ErrorJson {
  error: { code: string; message: string; exitCode: number };
}

const STACK_LINE = /\n\s+at .+[(:]\d+/;

/** Fails with the CLI's own output, so a broken run explains itself. */
function expectCode(r: CliResult, code: number, what: string): void {
  assert.equal(r.code, code, `${what}: exit ${r.code}, expected ${code}\nstdout: ${r.stdout}\nstderr: ${r.stderr}`);
}

async function cli(ws: Workspace, args: string[], code = 0, env: NodeJS.ProcessEnv = ws.env): Promise<CliResult> {
  const r = await runCli(args, env);
  expectCode(r, code, `lifeboat ${args.join(" ")}`);
  return r;
}

async function cliJson<T>(ws: Workspace, args: string[], code = 0, env: NodeJS.ProcessEnv = ws.env): Promise<T> {
  const r = await cli(ws, [...args, "--json"], code, env);
  assert.notEqual(r.json, undefined, `stdout of lifeboat ${args.join(" ")} --json is one JSON document: ${r.stdout}`);
  return r.json as T;
}

function assertNoStack(r: CliResult): void {
  assert.doesNotMatch(r.stderr, STACK_LINE, `no stack trace without --debug:\n${r.stderr}`);
  assert.doesNotMatch(r.stdout, STACK_LINE);
}

function assertJsonError(r: CliResult, code: string, exitCode: number): ErrorJson["error"] {
  const body = r.json as ErrorJson;
  assert.ok(body && typeof body === "object" && body.error, `--json error is a JSON object on stdout: ${r.stdout}`);
  assert.deepEqual(Object.keys(body), ["error"]);
  assert.equal(body.error.code, code);
  assert.equal(body.error.exitCode, exitCode);
  assert.equal(typeof body.error.message, "string");
  assert.ok(body.error.message.length > 0);
  return body.error;
}

// ---- Source trees with exact, known metadata ----

const T0 = 1_600_000_000; // whole seconds: restored times can be compared exactly
const bumps = new Map<string, number>();

function mtimeFor(rel: string): number {
  let h = 0;
  for (const ch of rel) h = (h * 31 + ch.charCodeAt(0)) % 100_000;
  return T0 + h * 60 + (bumps.get(rel) ?? 0) * 86_400;
}

/** Sets every entry's mtime below `root` to its known value (symlinks included). */
async function stamp(root: string, rel = ""): Promise<void> {
  for (const e of await fsp.readdir(path.join(root, rel), { withFileTypes: true })) {
    const r = rel ? `${rel}/${e.name}` : e.name;
    const abs = path.join(root, r);
    if (e.isDirectory()) await stamp(root, r);
    const t = mtimeFor(r);
    if (e.isSymbolicLink()) await fsp.lutimes(abs, t, t);
    else await fsp.utimes(abs, t, t);
  }
}

interface TreeNode {
  type: "file" | "dir" | "symlink" | "other";
  mode: string;
  mtimeNs: string;
  size?: number;
  sha256?: string;
  target?: string;
}

/** Everything below `root` by relative path: type, permission bits, exact mtime, content hash, link target. */
async function readTree(root: string): Promise<Record<string, TreeNode>> {
  const out: Record<string, TreeNode> = {};
  const walk = async (rel: string): Promise<void> => {
    for (const name of (await fsp.readdir(path.join(root, rel))).sort()) {
      const r = rel ? `${rel}/${name}` : name;
      const abs = path.join(root, r);
      const st = await fsp.lstat(abs, { bigint: true });
      const base = { mode: (st.mode & 0o7777n).toString(8), mtimeNs: st.mtimeNs.toString() };
      if (st.isDirectory()) {
        out[r] = { type: "dir", ...base };
        await walk(r);
      } else if (st.isSymbolicLink()) out[r] = { type: "symlink", ...base, target: await fsp.readlink(abs) };
      else if (st.isFile()) out[r] = { type: "file", ...base, size: Number(st.size), sha256: createHash("sha256").update(await fsp.readFile(abs)).digest("hex") };
      else out[r] = { type: "other", ...base };
    }
  };
  await walk("");
  return out;
}

async function write(root: string, rel: string, content: string | Buffer, mode = 0o644): Promise<void> {
  const abs = path.join(root, rel);
  await fsp.mkdir(path.dirname(abs), { recursive: true });
  await fsp.writeFile(abs, content);
  await fsp.chmod(abs, mode);
}

/** All files below `dir` with size and mtime: a fingerprint of what is on disk. */
async function fileListing(dir: string): Promise<string[]> {
  const out: string[] = [];
  const walk = async (d: string): Promise<void> => {
    for (const e of await fsp.readdir(d, { withFileTypes: true })) {
      const p = path.join(d, e.name);
      if (e.isDirectory()) await walk(p);
      else {
        const st = await fsp.stat(p);
        out.push(`${path.relative(dir, p)} ${st.size} ${st.mtimeMs}`);
      }
    }
  };
  await walk(dir);
  return out.sort();
}

async function dirBytes(dir: string): Promise<number> {
  let total = 0;
  for (const line of await fileListing(dir)) total += Number(line.split(" ").at(-2));
  return total;
}

// ------------------------------------------------------------------------------------------------

describe("init", () => {
  let ws: Workspace;
  before(async () => {
    ws = await tempWorkspace("lifeboat-cli-init-");
  });
  after(async () => ws.cleanup());

  test("creates an archive and prints the recovery key once; --json has {archive, recoveryKey, ...}", async () => {
    const r = await cli(ws, ["init", "--json", "--scrypt-work-factor", "12"]);
    const out = r.json as { archive: string; recoveryKey: string; recipient: string; format: number };
    assert.equal(out.archive, ws.archive);
    assert.match(out.recoveryKey, /^AGE-SECRET-KEY-1[0-9A-Z]{58}$/);
    assert.match(out.recipient, /^age1[0-9a-z]+$/);
    assert.equal(out.format, 1);
    const marker = JSON.parse(await fsp.readFile(path.join(ws.archive, "lifeboat-archive.json"), "utf8")) as { recipient: string };
    assert.equal(marker.recipient, out.recipient);
    assert.ok((await fsp.readdir(ws.archive)).includes("README-RESTORE.txt"));
    // The recovery key is not stored anywhere in the archive or the settings.
    for (const dir of [ws.archive, ws.home]) {
      for (const line of await fileListing(dir)) {
        const file = path.join(dir, line.split(" ")[0]!);
        assert.ok(!(await fsp.readFile(file)).includes(out.recoveryKey), `${file} must not hold the recovery key`);
      }
    }

    // The recovery key unlocks it, without the passphrase.
    const keyFile = path.join(ws.dir, "recovery.txt");
    await fsp.writeFile(keyFile, out.recoveryKey + "\n");
    const noPass = { ...ws.env, LIFEBOAT_PASSPHRASE: "" };
    const list = await cliJson<SnapshotSummary[]>(ws, ["snapshots", "--recovery-key-file", keyFile], 0, noPass);
    assert.deepEqual(list, []);

    // init made it the default archive: found without --archive / LIFEBOAT_ARCHIVE.
    const noArchiveEnv = { ...ws.env };
    delete noArchiveEnv.LIFEBOAT_ARCHIVE;
    assert.deepEqual(await cliJson<SnapshotSummary[]>(ws, ["snapshots"], 0, noArchiveEnv), []);
  });

  test("refuses a folder that already holds an archive (exit 2) and leaves it alone", async () => {
    const before = await fileListing(ws.archive);
    const r = await runCli(["init", "--json", "--scrypt-work-factor", "12"], ws.env);
    expectCode(r, 2, "init over an archive");
    assertJsonError(r, "exists", 2);
    assertNoStack(r);
    assert.deepEqual(await fileListing(ws.archive), before);
    const human = await runCli(["init", "--scrypt-work-factor", "12"], ws.env);
    expectCode(human, 2, "init over an archive (human)");
    assert.match(human.stderr, /already holds a Lifeboat archive/);
    assert.equal(human.stdout, "", "no recovery key is printed when nothing was created");
  });

  test("refuses a non-empty folder (exit 2) without writing into it", async () => {
    const busy = path.join(ws.dir, "busy");
    await write(busy, "someone-elses.txt", "keep me");
    const r = await runCli(["init", "--json", "--archive", busy, "--scrypt-work-factor", "12"], ws.env);
    expectCode(r, 2, "init into a non-empty folder");
    assertJsonError(r, "not-empty", 2);
    assert.deepEqual(await fsp.readdir(busy), ["someone-elses.txt"]);
  });

  test("with no passphrase and no terminal: exit 4 and says what to provide", async () => {
    const env = { ...ws.env };
    delete env.LIFEBOAT_PASSPHRASE;
    const target = path.join(ws.dir, "no-pass");
    const r = await runCli(["init", "--archive", target], env);
    expectCode(r, 4, "init without a passphrase");
    assert.match(r.stderr, /LIFEBOAT_PASSPHRASE/);
    assert.match(r.stderr, /--passphrase-file/);
    assertNoStack(r);
    assert.equal(await fsp.access(path.join(target, "lifeboat-archive.json")).then(() => true, () => false), false);
  });

  test("--passphrase-file is read (first line) when LIFEBOAT_PASSPHRASE is not set", async () => {
    const env = { ...ws.env };
    delete env.LIFEBOAT_PASSPHRASE;
    const target = path.join(ws.dir, "from-file");
    const passFile = path.join(ws.dir, "pass.txt");
    await fsp.writeFile(passFile, "file passphrase\nsecond line is ignored\n");
    await cli(ws, ["init", "--json", "--archive", target, "--passphrase-file", passFile, "--scrypt-work-factor", "12"], 0, env);
    await cli(ws, ["snapshots", "--archive", target], 0, { ...env, LIFEBOAT_PASSPHRASE: "file passphrase" });
    const wrong = await runCli(["snapshots", "--archive", target], { ...env, LIFEBOAT_PASSPHRASE: "second line is ignored" });
    expectCode(wrong, 4, "wrong passphrase");
  });
});

describe("add folder, sources, remove", () => {
  let ws: Workspace;
  before(async () => {
    ws = await tempWorkspace("lifeboat-cli-add-");
    await initArchive(ws.env);
    await write(path.join(ws.dir, "Pictures"), "a.jpg", "jpeg");
    await write(path.join(ws.dir, "Work"), "b.txt", "text");
  });
  after(async () => ws.cleanup());

  test("NAME defaults to the folder's base name; --name overrides it", async () => {
    const a = await cliJson<{ name: string; kind: string; path: string }>(ws, ["add", "folder", path.join(ws.dir, "Pictures")]);
    assert.deepEqual([a.name, a.kind, a.path], ["Pictures", "folder", path.join(ws.dir, "Pictures")]);
    // A relative path is resolved against the working directory... of the CLI (our cwd here).
    const b = await cliJson<{ name: string; path: string }>(ws, ["add", "folder", path.relative(process.cwd(), path.join(ws.dir, "Work")), "--name", "Work stuff"]);
    assert.deepEqual([b.name, b.path], ["Work stuff", path.join(ws.dir, "Work")]);
    const list = await cliJson<SourceStatus[]>(ws, ["sources"]);
    assert.deepEqual(
      list.map((s) => [s.name, s.kind, s.location, s.state, s.lastGoodCopy]),
      [
        ["Pictures", "folder", path.join(ws.dir, "Pictures"), "never", null],
        ["Work stuff", "folder", path.join(ws.dir, "Work"), "never", null],
      ],
    );
  });

  test("a duplicate name is refused with exit 2, and nothing changes", async () => {
    const settings = await fsp.readFile(path.join(ws.home, "settings.json"), "utf8");
    const r = await runCli(["add", "folder", path.join(ws.dir, "Work"), "--name", "Pictures", "--json"], ws.env);
    expectCode(r, 2, "duplicate name");
    assertJsonError(r, "exists", 2);
    assert.match(r.stderr, /already exists/);
    const again = await runCli(["add", "folder", path.join(ws.dir, "Pictures")], ws.env);
    expectCode(again, 2, "same folder, same default name");
    assert.equal(await fsp.readFile(path.join(ws.home, "settings.json"), "utf8"), settings);
  });

  test("a file or a missing path is not a folder: exit 2", async () => {
    const file = path.join(ws.dir, "Pictures", "a.jpg");
    for (const p of [file, path.join(ws.dir, "does-not-exist")]) {
      const r = await runCli(["add", "folder", p], ws.env);
      expectCode(r, 2, `add folder ${p}`);
      assert.match(r.stderr, /is not a folder/);
      assertNoStack(r);
    }
    const bad = await runCli(["add", "folder", path.join(ws.dir, "Work"), "--name", "vault"], ws.env);
    expectCode(bad, 2, "reserved name");
    const slash = await runCli(["add", "folder", path.join(ws.dir, "Work"), "--name", "a/b"], ws.env);
    expectCode(slash, 2, "a name with a slash");
    assert.equal((await cliJson<SourceStatus[]>(ws, ["sources"])).length, 2);
  });

  test("remove stops backing a source up; an unknown name is exit 2", async () => {
    assert.deepEqual(await cliJson<{ removed: string }>(ws, ["remove", "Work stuff"]), { removed: "Work stuff" });
    assert.deepEqual(
      (await cliJson<SourceStatus[]>(ws, ["sources"])).map((s) => s.name),
      ["Pictures"],
    );
    const r = await runCli(["remove", "Work stuff", "--json"], ws.env);
    expectCode(r, 2, "remove twice");
    assertJsonError(r, "not-found", 2);
    const backup = await cliJson<BackupJson>(ws, ["backup"]);
    assert.deepEqual(Object.keys(backup.snapshot.sources), ["Pictures"]);
  });

  test("backup with no sources is a usage error", async () => {
    await cli(ws, ["remove", "Pictures"]);
    const r = await runCli(["backup"], ws.env);
    expectCode(r, 2, "backup without sources");
    assert.match(r.stderr, /add folder/);
  });
});

describe("an archive's life: backup, snapshots, ls, search, restore, verify, prune", () => {
  let ws: Workspace;
  let docs: string;
  let extra: string;
  const snaps: BackupJson[] = [];
  let treeAtFirst: Record<string, TreeNode>;
  let entryCount = 0;
  const keepOriginal = "unchanged content: must not be read again by later backups\n";
  const big = randomBytes(3 * 1024 * 1024); // incompressible, several chunks

  before(async () => {
    ws = await tempWorkspace("lifeboat-cli-life-");
    await initArchive(ws.env);
    docs = path.join(ws.dir, "Docs");
    extra = path.join(ws.dir, "Extra");
    await write(docs, "hello.txt", "hello world\n");
    await write(docs, "script.sh", "#!/bin/sh\necho hi\n", 0o755);
    await write(docs, "private.txt", "only for me\n", 0o600);
    await write(docs, "keep.txt", keepOriginal);
    await write(docs, "gone.txt", "this file will be deleted\n");
    await write(docs, "big.bin", big);
    await write(docs, "name with spaces & ünïcode.txt", "unicode name\n");
    await write(docs, "sub/nested/deep.txt", "deep down\n", 0o640);
    await fsp.mkdir(path.join(docs, "sub/empty"), { recursive: true });
    await fsp.chmod(path.join(docs, "sub"), 0o750);
    await fsp.chmod(path.join(docs, "sub/empty"), 0o700);
    await fsp.symlink("hello.txt", path.join(docs, "link-to-hello"));
    await fsp.symlink("../does-not-exist", path.join(docs, "sub/dangling"));
    await write(extra, "o1.txt", "other source\n");
    await stamp(docs);
    await stamp(extra);
    entryCount = Object.keys(await readTree(docs)).length;
  });
  after(async () => ws.cleanup());

  test("add both sources; sources --json says `never` before any backup", async () => {
    await cli(ws, ["add", "folder", docs]);
    await cli(ws, ["add", "folder", extra]);
    const list = await cliJson<SourceStatus[]>(ws, ["sources"]);
    assert.deepEqual(list.map((s) => [s.name, s.state, s.lastGoodCopy, s.lastSnapshot]), [
      ["Docs", "never", null, null],
      ["Extra", "never", null, null],
    ]);
  });

  test("first backup: every item is new; sources are then `ok`", async () => {
    const b = await cliJson<BackupJson>(ws, ["backup"]);
    snaps.push(b);
    treeAtFirst = await readTree(docs);
    assert.equal(b.interrupted, false);
    assert.deepEqual(b.failed, []);
    assert.equal(b.snapshot.complete, true);
    assert.equal(b.snapshot.parent, null);
    const d = b.snapshot.sources.Docs!;
    assert.deepEqual([d.items, d.newItems, d.changedItems, d.unchangedItems, d.failed.length], [entryCount, entryCount, 0, 0, 0]);
    assert.equal(b.snapshot.sources.Extra!.newItems, 1);
    assert.equal(b.snapshot.stats.items, entryCount + 1);
    assert.ok(b.snapshot.stats.newBytesStored > big.length * 0.9, "the big file was stored");
    const list = await cliJson<SourceStatus[]>(ws, ["sources"]);
    for (const s of list) {
      assert.equal(s.state, "ok", s.name);
      assert.equal(s.lastGoodCopy, b.snapshot.time);
      assert.equal(s.lastSnapshot, b.snapshot.id);
    }
  });

  test("second backup without changes: everything unchanged, nothing new stored", async () => {
    const b = await cliJson<BackupJson>(ws, ["backup"]);
    snaps.push(b);
    const d = b.snapshot.sources.Docs!;
    assert.deepEqual([d.items, d.newItems, d.changedItems, d.unchangedItems], [entryCount, 0, 0, entryCount]);
    assert.equal(b.snapshot.parent, snaps[0]!.snapshot.id);
    assert.equal(b.snapshot.stats.newBytesStored, 0);
  });

  test("third backup: one added, one changed, one deleted; an unchanged file is not read again", async () => {
    await write(docs, "new.txt", "a new file\n");
    await fsp.writeFile(path.join(docs, "hello.txt"), "hello again, world\n");
    bumps.set("hello.txt", 1);
    await fsp.rm(path.join(docs, "gone.txt"));
    // Same size, same mtime, same inode, different bytes: only reading the file could notice.
    const keep = path.join(docs, "keep.txt");
    const ino = (await fsp.stat(keep)).ino;
    await fsp.writeFile(keep, "X".repeat(Buffer.byteLength(keepOriginal)));
    assert.equal((await fsp.stat(keep)).ino, ino);
    await stamp(docs);
    const b = await cliJson<BackupJson>(ws, ["backup"]);
    snaps.push(b);
    const d = b.snapshot.sources.Docs!;
    assert.deepEqual(
      { items: d.items, new: d.newItems, changed: d.changedItems, unchanged: d.unchangedItems },
      { items: entryCount, new: 1, changed: 1, unchanged: entryCount - 2 },
    );
    assert.equal(b.snapshot.sources.Extra!.unchangedItems, 1);

    const out = path.join(ws.dir, "restore-keep");
    await cli(ws, ["restore", "latest", "Docs/keep.txt", "--to", out]);
    assert.equal(await fsp.readFile(path.join(out, "Docs/keep.txt"), "utf8"), keepOriginal, "the archive still holds what was read the first time");
    // Put the real content back (same size, mtime, inode): the source and the archive agree again.
    await fsp.writeFile(keep, keepOriginal);
    await stamp(docs);
  });

  test("snapshots --json: newest last, complete, chained by parent", async () => {
    const list = await cliJson<SnapshotSummary[]>(ws, ["snapshots"]);
    assert.deepEqual(list.map((s) => s.id), snaps.map((s) => s.snapshot.id));
    for (let i = 1; i < list.length; i++) {
      assert.ok(list[i]!.time > list[i - 1]!.time, "newest last");
      assert.equal(list[i]!.parent, list[i - 1]!.id);
    }
    assert.ok(list.every((s) => s.complete));
    assert.deepEqual(list.map((s) => s.shortId), list.map((s) => s.id.slice(0, 8)));
    const human = await cli(ws, ["snapshots"]);
    for (const s of list) assert.match(human.stdout, new RegExp(s.shortId));
  });

  test("ls: the top level, a path, -r, --json", async () => {
    const top = await cliJson<LsJson>(ws, ["ls", "latest"]);
    assert.equal(top.snapshot, snaps[2]!.snapshot.id);
    assert.deepEqual(
      top.items.map((e) => `${e.source}/${e.path}`).sort(),
      ["Docs/big.bin", "Docs/hello.txt", "Docs/keep.txt", "Docs/link-to-hello", "Docs/name with spaces & ünïcode.txt", "Docs/new.txt", "Docs/private.txt", "Docs/script.sh", "Docs/sub", "Extra/o1.txt"],
    );
    const link = top.items.find((e) => e.path === "link-to-hello")!;
    assert.deepEqual([link.type, link.target], ["symlink", "hello.txt"]);
    assert.equal(top.items.find((e) => e.path === "hello.txt")!.size, Buffer.byteLength("hello again, world\n"));

    const sub = await cliJson<LsJson>(ws, ["ls", "latest", "Docs/sub"]);
    assert.equal(sub.path, "Docs/sub");
    assert.deepEqual(sub.items.map((e) => e.path).sort(), ["sub/dangling", "sub/empty", "sub/nested"]);
    const rec = await cliJson<LsJson>(ws, ["ls", "latest", "Docs/sub", "-r"]);
    assert.deepEqual(rec.items.map((e) => e.path).sort(), ["sub/dangling", "sub/empty", "sub/nested", "sub/nested/deep.txt"]);
    const all = await cliJson<LsJson>(ws, ["ls", "latest", "-r"]);
    assert.equal(all.items.length, entryCount + 1);
    // A trailing or leading slash means the same path.
    assert.deepEqual((await cliJson<LsJson>(ws, ["ls", "latest", "/Docs/sub/"])).items.map((e) => e.path).sort(), sub.items.map((e) => e.path).sort());

    // An older snapshot by id prefix still has the deleted file.
    const first = await cliJson<LsJson>(ws, ["ls", snaps[0]!.snapshot.shortId, "Docs"]);
    assert.ok(first.items.some((e) => e.path === "gone.txt"));
    assert.ok(!first.items.some((e) => e.path === "new.txt"));

    const human = await cli(ws, ["ls", "latest", "Docs"]);
    assert.match(human.stdout, /Docs\/hello\.txt/);
    assert.match(human.stdout, /<dir>\s+\S+ \S+\s+Docs\/sub\//);
    assert.match(human.stdout, /-> hello\.txt\s+\S+ \S+\s+Docs\/link-to-hello/);
    assert.doesNotMatch(human.stdout, /deep\.txt/);

    const unknown = await runCli(["ls", "0000000000"], ws.env);
    expectCode(unknown, 2, "ls of an unknown snapshot");
    assert.match(unknown.stderr, /No snapshot with id/);
  });

  test("search: names and paths, every term must match, case-insensitive", async () => {
    const deep = await cliJson<SearchJson>(ws, ["search", "deep"]);
    assert.equal(deep.total, 1);
    assert.deepEqual(deep.items.map((e) => `${e.source}/${e.path}`), ["Docs/sub/nested/deep.txt"]);
    const two = await cliJson<SearchJson>(ws, ["search", "DOCS HELLO.TXT"]);
    assert.deepEqual(two.items.map((e) => e.path), ["hello.txt"]);
    const unicode = await cliJson<SearchJson>(ws, ["search", "ünïcode"]);
    assert.equal(unicode.total, 1);
    const none = await cliJson<SearchJson>(ws, ["search", "zzz-nothing-like-this"]);
    assert.deepEqual([none.total, none.items], [0, []]);
    // The newest snapshot no longer has gone.txt; the first one does.
    assert.equal((await cliJson<SearchJson>(ws, ["search", "gone"])).total, 0);
    assert.equal((await cliJson<SearchJson>(ws, ["search", "gone", "--snapshot", snaps[0]!.snapshot.shortId])).total, 1);
    const limited = await cliJson<SearchJson>(ws, ["search", "docs", "--limit", "2"]);
    assert.equal(limited.items.length, 2);
    assert.equal(limited.total, entryCount);
  });

  test("restore everything: the tree equals the source (bytes, mtimes, modes, empty folders, symlinks)", async () => {
    const out = path.join(ws.dir, "restore-all");
    const r = await cliJson<RestoreJson>(ws, ["restore", "latest", "--to", out]);
    assert.equal(r.snapshot, snaps[2]!.snapshot.id);
    assert.equal(r.to, out);
    assert.equal(r.items, entryCount + 1);
    assert.deepEqual(r.failed, []);
    assert.deepEqual((await fsp.readdir(out)).sort(), ["Docs", "Extra"]);
    assert.deepEqual(await readTree(path.join(out, "Docs")), await readTree(docs));
    assert.deepEqual(await readTree(path.join(out, "Extra")), await readTree(extra));
    const tree = await readTree(path.join(out, "Docs"));
    assert.deepEqual([tree["sub/empty"]!.type, tree["sub/empty"]!.mode], ["dir", "700"]);
    assert.equal(tree["script.sh"]!.mode, "755");
    assert.equal(tree["private.txt"]!.mode, "600");
    assert.equal(tree["sub/dangling"]!.target, "../does-not-exist");
    assert.equal((await fsp.readFile(path.join(out, "Docs/big.bin"))).equals(big), true);
  });

  test("restore one source, or a sub path", async () => {
    const one = path.join(ws.dir, "restore-extra");
    await cli(ws, ["restore", "latest", "Extra", "--to", one]);
    assert.deepEqual(await fsp.readdir(one), ["Extra"]);
    assert.deepEqual(await readTree(path.join(one, "Extra")), await readTree(extra));

    const part = path.join(ws.dir, "restore-part");
    const r = await cliJson<RestoreJson>(ws, ["restore", "latest", "Docs/sub/nested", "--to", part]);
    assert.equal(r.items, 2);
    assert.deepEqual(await fsp.readdir(part), ["Docs"]);
    assert.deepEqual(await fsp.readdir(path.join(part, "Docs")), ["sub"]);
    assert.deepEqual(await fsp.readdir(path.join(part, "Docs/sub")), ["nested"]);
    assert.deepEqual(await readTree(path.join(part, "Docs/sub/nested")), await readTree(path.join(docs, "sub/nested")));

    const several = path.join(ws.dir, "restore-several");
    await cli(ws, ["restore", "latest", "Docs/hello.txt", "Extra/o1.txt", "--to", several]);
    assert.equal(await fsp.readFile(path.join(several, "Docs/hello.txt"), "utf8"), "hello again, world\n");
    assert.equal(await fsp.readFile(path.join(several, "Extra/o1.txt"), "utf8"), "other source\n");
    assert.deepEqual(await fsp.readdir(path.join(several, "Docs")), ["hello.txt"]);

    const none = await runCli(["restore", "latest", "Docs/no/such/thing", "--to", path.join(ws.dir, "restore-none")], ws.env);
    expectCode(none, 2, "restore of a path the snapshot does not have");
    assert.match(none.stderr, /Nothing in the snapshot matches/);
  });

  test("restore an older snapshot: the older content, exactly as it was", async () => {
    const out = path.join(ws.dir, "restore-first");
    await cli(ws, ["restore", snaps[0]!.snapshot.shortId, "--to", out]);
    assert.deepEqual(await readTree(path.join(out, "Docs")), treeAtFirst);
    assert.equal(await fsp.readFile(path.join(out, "Docs/hello.txt"), "utf8"), "hello world\n");
    assert.equal(await fsp.readFile(path.join(out, "Docs/gone.txt"), "utf8"), "this file will be deleted\n");
    await assert.rejects(fsp.access(path.join(out, "Docs/new.txt")));
  });

  test("backup SOURCE backs up only that source; the snapshot still lists the others' items", async () => {
    await write(extra, "o2.txt", "second file of Extra\n");
    await write(docs, "late.txt", "written after the Extra-only backup started\n");
    await stamp(extra);
    await stamp(docs);
    const prevDocs = snaps[snaps.length - 1]!.snapshot.sources.Docs!;
    const b = await cliJson<BackupJson>(ws, ["backup", "Extra"]);
    snaps.push(b);
    assert.deepEqual(Object.keys(b.snapshot.sources).sort(), ["Docs", "Extra"]);
    assert.deepEqual(b.snapshot.sources.Docs, prevDocs, "Docs carried over unchanged");
    assert.deepEqual([b.snapshot.sources.Extra!.newItems, b.snapshot.sources.Extra!.unchangedItems], [1, 1]);
    const all = await cliJson<LsJson>(ws, ["ls", "latest", "-r"]);
    const paths = all.items.map((e) => `${e.source}/${e.path}`);
    assert.ok(paths.includes("Docs/hello.txt"));
    assert.ok(paths.includes("Docs/sub/nested/deep.txt"));
    assert.ok(paths.includes("Extra/o2.txt"));
    assert.ok(!paths.includes("Docs/late.txt"), "Docs was not read in this run");
    assert.equal(b.snapshot.stats.items, entryCount + 2);

    const unknown = await runCli(["backup", "NoSuchSource"], ws.env);
    expectCode(unknown, 2, "backup of an unknown source");
    assert.match(unknown.stderr, /Unknown source/);

    const full = await cliJson<BackupJson>(ws, ["backup"]);
    snaps.push(full);
    assert.deepEqual([full.snapshot.sources.Docs!.newItems, full.snapshot.sources.Docs!.changedItems], [1, 0]);
    entryCount += 1; // late.txt
  });

  test("a source whose folder is gone: `failing`, exit 5, and its files stay in the new snapshot", async () => {
    const before = await cliJson<LsJson>(ws, ["ls", "latest", "Docs", "-r"]);
    const lastGood = snaps[snaps.length - 1]!.snapshot;
    const away = `${docs}.away`;
    await fsp.rename(docs, away);
    try {
      const r = await runCli(["backup", "--json"], ws.env);
      // CLI.md: 5 = partially done (some items failed; they are listed, and the next run retries them).
      expectCode(r, 5, "backup with a missing source folder");
      assertNoStack(r);
      const b = r.json as BackupJson;
      snaps.push(b);
      assert.equal(b.snapshot.complete, true);
      assert.equal(b.failed.length, 1);
      assert.deepEqual([b.failed[0]!.source, b.failed[0]!.path], ["Docs", ""]);
      assert.match(b.failed[0]!.error, /cannot be read/);
      assert.equal(b.snapshot.sources.Docs!.failed[0]!.path, "");
      assert.equal(b.snapshot.sources.Docs!.items, entryCount, "the source's result counts the items it kept");
      assert.deepEqual(b.snapshot.sources.Extra!.failed, []);
      const after = await cliJson<LsJson>(ws, ["ls", "latest", "Docs", "-r"]);
      assert.equal(after.snapshot, b.snapshot.id);
      assert.deepEqual(after.items, before.items, "the new snapshot keeps the previous files");

      const list = await cliJson<SourceStatus[]>(ws, ["sources"]);
      const d = list.find((s) => s.name === "Docs")!;
      assert.deepEqual([d.state, d.lastGoodCopy, d.lastSnapshot], ["failing", lastGood.time, b.snapshot.id]);
      assert.equal(list.find((s) => s.name === "Extra")!.state, "ok");

      const human = await runCli(["backup"], ws.env);
      expectCode(human, 5, "again, human output");
      assert.match(human.stdout, /FAILED Docs/);
    } finally {
      await fsp.rename(away, docs);
    }
    // Back again: the next run is clean, and incremental (nothing is read again).
    const b = await cliJson<BackupJson>(ws, ["backup"]);
    snaps.push(b);
    const d = b.snapshot.sources.Docs!;
    assert.deepEqual([d.failed.length, d.newItems, d.changedItems, d.unchangedItems], [0, 0, 0, entryCount]);
    assert.equal((await cliJson<SourceStatus[]>(ws, ["sources"])).find((s) => s.name === "Docs")!.state, "ok");
  });

  test("verify: exit 0 and ok on a clean archive, structure and --full", async () => {
    const v = await cliJson<VerifyReport>(ws, ["verify"]);
    assert.deepEqual([v.ok, v.level, v.problems, v.damagedItems], [true, "structure", [], []]);
    assert.ok(v.checkedFiles > snaps.length, "every snapshot file (and more) was checked");
    const full = await cliJson<VerifyReport>(ws, ["verify", "--full"]);
    assert.deepEqual([full.ok, full.level], [true, "data"]);
    assert.ok(full.checkedBlobs > 3, `decrypted the stored pieces (${full.checkedBlobs})`);
    assert.ok(full.checkedPacks >= 1);
    const human = await cli(ws, ["verify"]);
    assert.match(human.stdout, /No damage found/);
    const both = await runCli(["verify", "--full", "--sample", "10"], ws.env);
    expectCode(both, 2, "--full with --sample");
  });

  test("prune needs a rule (exit 2); --dry-run changes nothing", async () => {
    const r = await runCli(["prune", "--json"], ws.env);
    expectCode(r, 2, "prune without a rule");
    assertJsonError(r, "usage", 2);
    const zero = await runCli(["prune", "--keep-last", "0"], ws.env);
    expectCode(zero, 2, "prune --keep-last 0 alone");
    const bad = await runCli(["prune", "--keep-last", "two"], ws.env);
    expectCode(bad, 2, "prune --keep-last two");

    const before = await fileListing(ws.archive);
    const list = await cliJson<SnapshotSummary[]>(ws, ["snapshots"]);
    const dry = await cliJson<PruneReport>(ws, ["prune", "--keep-last", "1", "--dry-run"]);
    assert.equal(dry.dryRun, true);
    assert.deepEqual(dry.keep, [list.at(-1)!.id]);
    assert.deepEqual([...dry.forget].sort(), list.slice(0, -1).map((s) => s.id).sort());
    assert.deepEqual([dry.deletedPacks, dry.repackedPacks, dry.freedBytes], [0, 0, 0]);
    assert.deepEqual(await fileListing(ws.archive), before, "a dry run touches no file");
  });

  test("prune --keep-last 1 forgets older snapshots and frees the space of deleted files", async () => {
    await fsp.rm(path.join(docs, "big.bin"));
    const b = await cliJson<BackupJson>(ws, ["backup"]);
    const packsBefore = await dirBytes(path.join(ws.archive, "packs"));
    assert.ok(packsBefore > big.length * 0.9);
    const older = (await cliJson<SnapshotSummary[]>(ws, ["snapshots"])).map((s) => s.id).filter((id) => id !== b.snapshot.id);
    assert.ok(older.length >= snaps.length);
    const r = await cliJson<PruneReport>(ws, ["prune", "--keep-last", "1"]);
    assert.equal(r.dryRun, false);
    assert.deepEqual(r.keep, [b.snapshot.id]);
    assert.deepEqual([...r.forget].sort(), older.sort(), "every older snapshot is forgotten");
    assert.ok(r.deletedPacks + r.repackedPacks >= 1);
    assert.ok(r.freedBytes > big.length * 0.9, `freed ${r.freedBytes} bytes`);
    const packsAfter = await dirBytes(path.join(ws.archive, "packs"));
    assert.ok(packsBefore - packsAfter > big.length * 0.9, `packs went from ${packsBefore} to ${packsAfter} bytes`);

    const list = await cliJson<SnapshotSummary[]>(ws, ["snapshots"]);
    assert.deepEqual(list.map((s) => s.id), [b.snapshot.id]);
    const gone = await runCli(["restore", snaps[0]!.snapshot.shortId, "--to", path.join(ws.dir, "restore-pruned")], ws.env);
    expectCode(gone, 2, "restore of a pruned snapshot");

    const out = path.join(ws.dir, "restore-after-prune");
    await cli(ws, ["restore", "latest", "--to", out]);
    assert.deepEqual(await readTree(path.join(out, "Docs")), await readTree(docs));
    assert.deepEqual(await readTree(path.join(out, "Extra")), await readTree(extra));
    const v = await cliJson<VerifyReport>(ws, ["verify", "--full"]);
    assert.equal(v.ok, true, JSON.stringify(v.problems));
    assert.deepEqual(await fsp.readdir(path.join(ws.archive, "tmp")), []);
    assert.deepEqual(await fsp.readdir(path.join(ws.archive, "locks")), []);
  });

  test("remove: later snapshots leave the source out; older ones keep its data", async () => {
    const withExtra = (await cliJson<SnapshotSummary[]>(ws, ["snapshots"])).at(-1)!;
    await cli(ws, ["remove", "Extra"]);
    const b = await cliJson<BackupJson>(ws, ["backup"]);
    assert.deepEqual(Object.keys(b.snapshot.sources), ["Docs"]);
    const latest = await cliJson<LsJson>(ws, ["ls", "latest", "-r"]);
    assert.ok(latest.items.every((e) => e.source === "Docs"), "the removed source is not in new snapshots");
    const older = await cliJson<LsJson>(ws, ["ls", withExtra.shortId, "Extra"]);
    assert.deepEqual(older.items.map((e) => e.path).sort(), ["o1.txt", "o2.txt"]);
    assert.deepEqual((await cliJson<SourceStatus[]>(ws, ["sources"])).map((s) => s.name), ["Docs"]);
  });
});

describe("passwd", () => {
  let ws: Workspace;
  let recoveryKey = "";
  before(async () => {
    ws = await tempWorkspace("lifeboat-cli-passwd-");
    ({ recoveryKey } = await initArchive(ws.env));
    await write(path.join(ws.dir, "src"), "f.txt", "before the passphrase change\n");
    await cli(ws, ["add", "folder", path.join(ws.dir, "src")]);
    await cli(ws, ["backup"]);
  });
  after(async () => ws.cleanup());

  test("changes the passphrase without re-encrypting data; the recovery key still works", async () => {
    const packs = await fileListing(path.join(ws.archive, "packs"));
    const snapshotsBefore = await fileListing(path.join(ws.archive, "snapshots"));
    const r = await cliJson<{ changed: boolean }>(ws, ["passwd"], 0, { ...ws.env, LIFEBOAT_NEW_PASSPHRASE: "a brand new passphrase" });
    assert.deepEqual(r, { changed: true });
    assert.deepEqual(await fileListing(path.join(ws.archive, "packs")), packs, "data is not re-encrypted");
    assert.deepEqual(await fileListing(path.join(ws.archive, "snapshots")), snapshotsBefore);

    const old = await runCli(["snapshots", "--json"], ws.env);
    expectCode(old, 4, "the old passphrase");
    assertJsonError(old, "needs-passphrase", 4);
    assert.match(old.stderr, /Wrong passphrase/);
    assertNoStack(old);

    const newEnv = { ...ws.env, LIFEBOAT_PASSPHRASE: "a brand new passphrase" };
    const out = path.join(ws.dir, "out");
    await cli(ws, ["restore", "latest", "--to", out], 0, newEnv);
    assert.equal(await fsp.readFile(path.join(out, "src/f.txt"), "utf8"), "before the passphrase change\n");

    const keyFile = path.join(ws.dir, "recovery.txt");
    await fsp.writeFile(keyFile, recoveryKey + "\n");
    const noPass = { ...ws.env };
    delete noPass.LIFEBOAT_PASSPHRASE;
    assert.equal((await cliJson<SnapshotSummary[]>(ws, ["snapshots", "--recovery-key-file", keyFile], 0, noPass)).length, 1);

    // Forgot it? The recovery key unlocks, and sets a new one from a file.
    const newFile = path.join(ws.dir, "new-pass.txt");
    await fsp.writeFile(newFile, "third passphrase\n");
    await cli(ws, ["passwd", "--recovery-key-file", keyFile, "--new-passphrase-file", newFile], 0, noPass);
    await cli(ws, ["snapshots"], 0, { ...ws.env, LIFEBOAT_PASSPHRASE: "third passphrase" });
    expectCode(await runCli(["snapshots"], newEnv), 4, "the second passphrase no longer works");
  });

  test("without a new passphrase and no terminal: exit 4, nothing changed", async () => {
    const env = { ...ws.env, LIFEBOAT_PASSPHRASE: "third passphrase" };
    const keys = await fileListing(path.join(ws.archive, "keys"));
    const r = await runCli(["passwd"], env);
    expectCode(r, 4, "passwd without a new passphrase");
    assert.match(r.stderr, /--new-passphrase-file|LIFEBOAT_NEW_PASSPHRASE/);
    assert.deepEqual(await fileListing(path.join(ws.archive, "keys")), keys);
    const wrong = await runCli(["passwd"], { ...ws.env, LIFEBOAT_PASSPHRASE: "not it", LIFEBOAT_NEW_PASSPHRASE: "x" });
    expectCode(wrong, 4, "passwd with a wrong old passphrase");
    assert.deepEqual(await fileListing(path.join(ws.archive, "keys")), keys);
  });
});

describe("output conventions and errors", () => {
  let ws: Workspace;
  before(async () => {
    ws = await tempWorkspace("lifeboat-cli-conventions-");
    await initArchive(ws.env);
    await write(path.join(ws.dir, "src"), "a.txt", "a");
    await write(path.join(ws.dir, "src"), "b/c.txt", "c");
    await cli(ws, ["add", "folder", path.join(ws.dir, "src")]);
  });
  after(async () => ws.cleanup());

  test("--json-events: JSON lines, progress events, then one result line", async () => {
    const r = await cli(ws, ["backup", "--json-events"]);
    const lines = r.stdout.split("\n").filter((l) => l !== "");
    const events = lines.map((l) => JSON.parse(l) as { type: string; task?: string; phase?: string; items?: number; result?: BackupJson });
    assert.ok(events.length >= 2);
    const progress = events.slice(0, -1);
    assert.ok(progress.length >= 1, "at least one progress event");
    for (const e of progress) {
      assert.equal(e.type, "progress");
      assert.equal(e.task, "backup");
      assert.equal(typeof e.items, "number");
      assert.ok(["scan", "copy", "checkpoint", "commit", "done"].includes(e.phase!), e.phase);
    }
    const last = events.at(-1)!;
    assert.equal(last.type, "result");
    assert.equal(last.result!.snapshot.complete, true);
    assert.equal(last.result!.snapshot.sources.src!.newItems, 3);
    const snaps = await cliJson<SnapshotSummary[]>(ws, ["snapshots"]);
    assert.equal(last.result!.snapshot.id, snaps.at(-1)!.id);
  });

  test("--json-events: an error is an error line", async () => {
    const r = await runCli(["backup", "nope", "--json-events"], ws.env);
    expectCode(r, 2, "unknown source");
    const line = JSON.parse(r.stdout.trim()) as { type: string; error: ErrorJson["error"] };
    assert.equal(line.type, "error");
    assert.deepEqual([line.error.code, line.error.exitCode], ["usage", 2]);
  });

  test("human text goes to stdout, nothing else: no JSON, no progress bar without a terminal", async () => {
    const r = await cli(ws, ["backup"]);
    assert.match(r.stdout, /^Snapshot [0-9a-f]{8} saved/);
    assert.equal(r.json, undefined);
    assert.doesNotMatch(r.stderr, /\[[█░=\- ]+\]/);
  });

  test("usage errors: unknown command or option, a missing argument or option → exit 2", async () => {
    for (const args of [["frobnicate"], ["snapshots", "--no-such-option"], ["ls"], ["restore", "latest"], ["add", "folder"], ["add", "floppy", "x"]]) {
      const r = await runCli(args, ws.env);
      expectCode(r, 2, `lifeboat ${args.join(" ")}`);
      assert.ok(r.stderr.length > 0, "says what was wrong");
      assertNoStack(r);
      assert.equal(r.stdout, "");
    }
  });

  test("with --json a usage error is a JSON error object on stdout too", async () => {
    const r = await runCli(["snapshots", "--no-such-option", "--json"], ws.env);
    expectCode(r, 2, "unknown option with --json");
    const e = assertJsonError(r, "usage", 2);
    assert.match(e.message, /--no-such-option/);
    const cmd = await runCli(["--json", "frobnicate"], ws.env);
    expectCode(cmd, 2, "unknown command with --json");
    assertJsonError(cmd, "usage", 2);
  });

  test("errors: what happened and what to do, no stack trace unless --debug", async () => {
    const env = { ...ws.env, LIFEBOAT_ARCHIVE: path.join(ws.dir, "nowhere") };
    const plain = await runCli(["snapshots"], env);
    expectCode(plain, 1, "no archive there");
    assert.match(plain.stderr, /^lifeboat: No Lifeboat archive at .*nowhere/);
    assert.match(plain.stderr, /lifeboat init/);
    assert.ok(plain.stderr.trim().split("\n").length <= 2, `one or two lines: ${plain.stderr}`);
    assertNoStack(plain);

    const json = await runCli(["snapshots", "--json"], env);
    expectCode(json, 1, "no archive there, --json");
    const e = assertJsonError(json, "no-archive", 1);
    assert.match(e.message, /No Lifeboat archive/);
    assertNoStack(json);

    const debug = await runCli(["snapshots", "--debug"], env);
    expectCode(debug, 1, "no archive there, --debug");
    assert.match(debug.stderr, STACK_LINE, "--debug shows the stack");
  });

  test("a locked archive with nothing to unlock it and no terminal: exit 4, says which to provide", async () => {
    const env = { ...ws.env };
    delete env.LIFEBOAT_PASSPHRASE;
    for (const args of [["snapshots"], ["backup"], ["ls", "latest"], ["restore", "latest", "--to", path.join(ws.dir, "x")], ["verify"], ["prune", "--keep-last", "1"]]) {
      const r = await runCli([...args, "--json"], env);
      expectCode(r, 4, `lifeboat ${args.join(" ")}`);
      assertJsonError(r, "needs-passphrase", 4);
      assert.match(r.stderr, /LIFEBOAT_PASSPHRASE/);
      assert.match(r.stderr, /--passphrase-file/);
      assertNoStack(r);
    }
    await assert.rejects(fsp.access(path.join(ws.dir, "x")), "restore wrote nothing");
  });

  test("restore of an empty archive and of an unknown snapshot are clear errors", async () => {
    const fresh = await tempWorkspace("lifeboat-cli-empty-");
    try {
      await initArchive(fresh.env);
      const r = await runCli(["restore", "latest", "--to", path.join(fresh.dir, "out"), "--json"], fresh.env);
      expectCode(r, 1, "restore latest of an empty archive");
      assert.match(assertJsonError(r, "failed", 1).message, /no complete snapshot/);
      assertNoStack(r);
      assert.deepEqual(await cliJson<SnapshotSummary[]>(fresh, ["snapshots"]), []);
    } finally {
      await fresh.cleanup();
    }
  });
});
