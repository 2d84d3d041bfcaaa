// Nothing of what was backed up is readable on disk without the key: after init, backups, ls,
// search, restore and verify, no file under the archive or LIFEBOAT_HOME contains the content, the
// file names or the link targets of the source (raw bytes), and every archive file except the two
// documented plain ones is an age file. The archive's tmp/ is empty afterwards.
import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { randomBytes, randomUUID } from "node:crypto";
import { promises as fsp } from "node:fs";
import path from "node:path";
import { type CliResult, initArchive, runCli, tempWorkspace } from "../helpers/cli-harness.js";

type Workspace = Awaited<ReturnType<typeof tempWorkspace>>;

const id = randomUUID();
const CONTENT = `LIFEBOAT-PLAINTEXT-MARKER-${id}-content`;
const NAME = `LIFEBOAT-PLAINTEXT-MARKER-${id}-name`;
const DIRNAME = `LIFEBOAT-PLAINTEXT-MARKER-${id}-folder`;
const TARGET = `LIFEBOAT-PLAINTEXT-MARKER-${id}-link-target`;
const SOURCE_NAME = `src-${id.slice(0, 8)}`;
// The archive must not even name the source or its location.
const PLAIN_ARCHIVE_FILES = new Set(["lifeboat-archive.json", "README-RESTORE.txt"]);
const AGE_HEADER = Buffer.from("age-encryption.org/v1\n");

function expectCode(r: CliResult, code: number, what: string): void {
  assert.equal(r.code, code, `${what}: exit ${r.code}, expected ${code}\nstdout: ${r.stdout}\nstderr: ${r.stderr}`);
}

async function walk(root: string): Promise<Array<{ rel: string; abs: string; isFile: boolean }>> {
  const out: Array<{ rel: string; abs: string; isFile: boolean }> = [];
  const go = async (rel: string): Promise<void> => {
    for (const e of await fsp.readdir(path.join(root, rel), { withFileTypes: true })) {
      const r = rel ? `${rel}/${e.name}` : e.name;
      out.push({ rel: r, abs: path.join(root, r), isFile: e.isFile() });
      if (e.isDirectory()) await go(r);
    }
  };
  await go("");
  return out;
}

/** The needles in the encodings they could leak in: UTF-8 (JSON, tar headers) and UTF-16. */
function encodings(s: string): Buffer[] {
  return [Buffer.from(s, "utf8"), Buffer.from(s, "utf16le")];
}

describe("no plaintext on disk", () => {
  let ws: Workspace;
  let src: string;
  let recoveryKey = "";

  before(async () => {
    ws = await tempWorkspace("lifeboat-no-plaintext-");
    ({ recoveryKey } = await initArchive(ws.env));
    src = path.join(ws.dir, "source-folder");
    await fsp.mkdir(path.join(src, DIRNAME, "empty"), { recursive: true });
    // Small text with the marker inside; a file named by a marker; a big compressible file that
    // goes through the chunker; a marker in a link target.
    await fsp.writeFile(path.join(src, "letter.txt"), `Dear reader,\nthe secret word is ${CONTENT}.\nRegards\n`);
    await fsp.writeFile(path.join(src, `${NAME}.txt`), "an ordinary body\n");
    await fsp.writeFile(path.join(src, DIRNAME, "log.txt"), `${CONTENT}\n`.repeat(40_000));
    await fsp.writeFile(path.join(src, DIRNAME, "random.bin"), Buffer.concat([randomBytes(200_000), Buffer.from(CONTENT), randomBytes(200_000)]));
    await fsp.symlink(TARGET, path.join(src, "link"));
  });
  after(async () => ws.cleanup());

  test("init, backup twice, ls, search, restore and verify all work on the marked folder", async () => {
    expectCode(await runCli(["add", "folder", src, "--name", SOURCE_NAME], ws.env), 0, "add folder");
    expectCode(await runCli(["backup"], ws.env), 0, "first backup");
    await fsp.appendFile(path.join(src, "letter.txt"), `P.S. ${CONTENT}\n`);
    await fsp.writeFile(path.join(src, DIRNAME, `${NAME}-second.txt`), `${CONTENT} again\n`);
    expectCode(await runCli(["backup"], ws.env), 0, "second backup");

    // The markers really are in the archive (else the scan below proves nothing).
    const found = await runCli(["search", NAME, "--json"], ws.env);
    expectCode(found, 0, "search");
    assert.equal((found.json as { total: number }).total, 2);
    const ls = await runCli(["ls", "latest", `${SOURCE_NAME}/${DIRNAME}`, "--json"], ws.env);
    expectCode(ls, 0, "ls");
    assert.equal((ls.json as { items: unknown[] }).items.length, 4);
    const out = path.join(ws.dir, "restored");
    expectCode(await runCli(["restore", "latest", "--to", out], ws.env), 0, "restore");
    assert.match(await fsp.readFile(path.join(out, SOURCE_NAME, "letter.txt"), "utf8"), new RegExp(`P\\.S\\. ${CONTENT}`));
    assert.equal(await fsp.readlink(path.join(out, SOURCE_NAME, "link")), TARGET);
    assert.equal((await fsp.readFile(path.join(out, SOURCE_NAME, DIRNAME, "log.txt"), "utf8")).length, (CONTENT.length + 1) * 40_000);
    assert.ok((await fsp.readFile(path.join(out, SOURCE_NAME, DIRNAME, "random.bin"))).includes(Buffer.from(CONTENT)));
    expectCode(await runCli(["verify", "--full"], ws.env), 0, "verify --full");
  });

  test("no archive file and no settings file holds the content, names, link targets or secrets", async () => {
    const needles: Array<[string, Buffer[]]> = [
      ["content marker", encodings(CONTENT)],
      ["file-name marker", encodings(NAME)],
      ["folder-name marker", encodings(DIRNAME)],
      ["link-target marker", encodings(TARGET)],
      ["the common marker prefix", encodings(`LIFEBOAT-PLAINTEXT-MARKER-${id}`)],
      ["the recovery key", encodings(recoveryKey)],
      ["the passphrase", encodings(ws.env.LIFEBOAT_PASSPHRASE!)],
      ["a file body", encodings("an ordinary body")],
      ["the letter", encodings("Dear reader")],
    ];
    // The archive does not even name the source or where it lives (the settings do: that is their job).
    const archiveOnly: Array<[string, Buffer[]]> = [
      ["the source name", encodings(SOURCE_NAME)],
      ["the source path", encodings(src)],
      ["a file name", encodings("letter.txt")],
    ];
    let scanned = 0;
    for (const [root, extra] of [
      [ws.archive, archiveOnly],
      [ws.home, []],
    ] as const) {
      for (const e of await walk(root)) {
        for (const [what, forms] of [...needles, ...extra]) {
          assert.ok(!forms.some((f) => e.rel.includes(f.toString("utf8"))), `the path ${e.rel} shows ${what}`);
        }
        if (!e.isFile) continue;
        const bytes = await fsp.readFile(e.abs);
        scanned += bytes.length;
        for (const [what, forms] of [...needles, ...extra]) {
          assert.ok(!forms.some((f) => bytes.includes(f)), `${path.relative(ws.dir, e.abs)} contains ${what} in plaintext`);
        }
      }
    }
    assert.ok(scanned > 400_000, `scanned ${scanned} bytes, the archive holds the backed-up data`);
  });

  test("every archive file but lifeboat-archive.json and README-RESTORE.txt is age-encrypted", async () => {
    const files = (await walk(ws.archive)).filter((e) => e.isFile);
    const plain = files.filter((e) => PLAIN_ARCHIVE_FILES.has(e.rel)).map((e) => e.rel).sort();
    assert.deepEqual(plain, [...PLAIN_ARCHIVE_FILES].sort());
    const encrypted = files.filter((e) => !PLAIN_ARCHIVE_FILES.has(e.rel));
    for (const dir of ["keys/", "packs/", "index/", "snapshots/"]) {
      assert.ok(encrypted.some((e) => e.rel.startsWith(dir)), `there are files in ${dir}`);
    }
    for (const e of encrypted) {
      const fh = await fsp.open(e.abs, "r");
      try {
        const head = Buffer.alloc(AGE_HEADER.length);
        await fh.read(head, 0, head.length, 0);
        assert.ok(head.equals(AGE_HEADER), `${e.rel} is not an age file`);
      } finally {
        await fh.close();
      }
    }
    // The plain marker file describes the format and names the public recipient, not the secret key.
    const marker = JSON.parse(await fsp.readFile(path.join(ws.archive, "lifeboat-archive.json"), "utf8")) as Record<string, unknown>;
    assert.equal(marker.format, "lifeboat-archive");
    assert.match(String(marker.recipient), /^age1[0-9a-z]+$/);
  });

  test("the archive's tmp/ and locks/ are empty after the runs", async () => {
    assert.deepEqual(await fsp.readdir(path.join(ws.archive, "tmp")), []);
    assert.deepEqual(await fsp.readdir(path.join(ws.archive, "locks")), []);
    // The restore left no temporary files next to the restored ones either.
    const restored = await walk(path.join(ws.dir, "restored"));
    assert.deepEqual(restored.filter((e) => /\.lifeboat-[0-9a-f]+$/.test(e.rel)), []);
  });
});
