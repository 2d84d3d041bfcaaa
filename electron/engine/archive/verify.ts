import { createHash } from "node:crypto";
import { createReadStream, promises as fsp } from "node:fs";
import path from "node:path";
import type { BackupProgress, CatalogEntry, DamagedItem, VerifyReport } from "../../../shared/archive-types.js";
import { AgeRandomAccessReader } from "../crypto/age-decryptor.js";
import { type Archive, type ArchiveMarker, markerProblem } from "./archive.js";
import { ArchiveLayout, MARKER_FILE, parseIndexFileName, parseKeyFileName, parsePackFileName, parseSnapshotFileName, parseVaultFileName, README_FILE } from "./archive-layout.js";
import { ArchiveLock } from "./archive-lock.js";
import { blobId } from "./blob-id.js";
import type { BlobEntry } from "./blob-index.js";
import { readBundleTable } from "./bundle-format.js";
import { packMembers } from "./pack-members.js";
import { readCatalog } from "./catalog.js";
import { decompress } from "./compression.js";
import { readPackRecord, unindexedPacks } from "./rebuild-index.js";
import { restoreReadme } from "./restore-readme.js";

/**
 * Verification in three levels, like restic's and borg's check:
 *  files     — no key needed: every pack, index, snapshot and key file still hashes to its name;
 *  structure — snapshots → catalogs → blobs → index → packs all resolve;
 *  data      — every blob (or a sample of packs) is decrypted and its keyed hash recomputed.
 * Damage is reported per archive file and, with the key, per affected item of every snapshot.
 */
export interface VerifyOptions {
  level: "files" | "structure" | "data";
  /** With level "data": check only this percentage of packs (chosen at random). */
  samplePercent?: number;
  onProgress?: (p: BackupProgress) => void;
}

async function sha256File(file: string): Promise<string> {
  const h = createHash("sha256");
  for await (const chunk of createReadStream(file, { highWaterMark: 1 << 20 })) h.update(chunk as Buffer);
  return h.digest("hex");
}

interface HashedFile {
  rel: string;
  abs: string;
  expected: string | null;
}

async function archiveFiles(layout: ArchiveLayout): Promise<{ files: HashedFile[]; strays: string[] }> {
  const files: HashedFile[] = [];
  const strays: string[] = [];
  const scan = async (dir: string, parse: (n: string) => string | null, relDir: string): Promise<void> => {
    for (const n of (await fsp.readdir(dir).catch(() => [] as string[])).sort()) {
      const id = parse(n);
      const rel = `${relDir}/${n}`;
      if (id) files.push({ rel, abs: path.join(dir, n), expected: id });
      else strays.push(rel);
    }
  };
  for (const d of (await fsp.readdir(layout.packsDir).catch(() => [] as string[])).sort()) {
    await scan(path.join(layout.packsDir, d), (n) => {
      const id = parsePackFileName(n);
      return id && id.startsWith(d) ? id : null;
    }, `packs/${d}`);
  }
  await scan(layout.indexDir, parseIndexFileName, "index");
  await scan(layout.snapshotsDir, (n) => parseSnapshotFileName(n)?.id ?? null, "snapshots");
  await scan(layout.keysDir, (n) => parseKeyFileName(n)?.sha ?? null, "keys");
  await scan(layout.vaultDir, parseVaultFileName, "vault");
  return { files, strays };
}

/**
 * Level "files": needs no key. With `keysOnly`, only the files needed to unlock the archive (the
 * marker, README-RESTORE.txt and keys/): a quick check of why an archive does not open.
 */
export async function verifyFiles(root: string, onProgress?: VerifyOptions["onProgress"], opts: { keysOnly?: boolean } = {}): Promise<VerifyReport & { badFiles: Set<string> }> {
  const layout = new ArchiveLayout(path.resolve(root));
  const report: VerifyReport & { badFiles: Set<string> } = { level: "files", checkedFiles: 0, checkedPacks: 0, checkedBlobs: 0, problems: [], damagedItems: [], ok: true, badFiles: new Set() };
  const raw = await fsp.readFile(layout.marker).catch((err: unknown) => err as Error);
  const damage = raw instanceof Error ? `unreadable (${raw.message})` : markerProblem(raw);
  if (damage !== null || raw instanceof Error) {
    report.problems.push({ file: MARKER_FILE, problem: `changed or damaged: ${damage}. It holds no data, but Lifeboat needs it to open the archive: copy it from another copy of the archive, or restore by hand as README-RESTORE.txt explains` });
  } else {
    // Its expected text comes from the marker, so it is only checked against an intact one.
    const readme = await fsp.readFile(layout.readme, "utf8").catch(() => null);
    if (readme !== restoreReadme(JSON.parse(raw.toString("utf8")) as ArchiveMarker)) report.problems.push({ file: README_FILE, problem: readme === null ? "missing" : "changed or damaged (it is plain text: no data is affected)" });
  }
  const all = await archiveFiles(layout);
  const files = opts.keysOnly ? all.files.filter((f) => f.rel.startsWith("keys/")) : all.files;
  const strays = opts.keysOnly ? all.strays.filter((s) => s.startsWith("keys/")) : all.strays;
  const totalBytes = (await Promise.all(files.map((f) => fsp.stat(f.abs).then((s) => s.size)))).reduce((a, b) => a + b, 0);
  const progress: BackupProgress = { phase: "scan", items: 0, bytes: 0, totalItems: files.length, totalBytes };
  for (const s of strays) report.problems.push({ file: s, problem: "unexpected file name (renamed or damaged directory entry)" });
  for (const f of files) {
    const actual = await sha256File(f.abs);
    report.checkedFiles++;
    if (actual !== f.expected) {
      report.problems.push({ file: f.rel, problem: "content does not match its name (the disk changed or damaged it)" });
      report.badFiles.add(f.rel);
    }
    progress.items++;
    progress.bytes += (await fsp.stat(f.abs)).size;
    onProgress?.({ ...progress });
  }
  report.ok = report.problems.length === 0;
  return report;
}

/**
 * Checks every blob of one pack by random access; returns the ids that fail and why. A bundle is
 * read and decompressed once for all its blobs, and its own table (the tar headers inside it, which
 * recovery by hand relies on) must list each blob where the index says.
 */
async function checkPackData(archive: Archive, packId: string, blobs: BlobEntry[]): Promise<Map<string, string>> {
  const bad = new Map<string, string>();
  let reader: AgeRandomAccessReader;
  try {
    reader = await AgeRandomAccessReader.open(archive.layout.packPath(packId), [archive.secrets.identity]);
  } catch (err) {
    for (const [id] of blobs) bad.set(id, `pack ${packId.slice(0, 12)}… cannot be opened (${(err as Error).message})`);
    return bad;
  }
  try {
    for (const m of packMembers(blobs)) {
      let plain: Buffer;
      try {
        plain = await decompress(await reader.read(m.offset, m.length), m.gz);
      } catch (err) {
        for (const [id] of m.blobs) bad.set(id, `data in pack ${packId.slice(0, 12)}… is damaged (${(err as Error).message})`);
        continue;
      }
      const table = m.bundled ? new Map((await readBundleTable(plain).catch(() => [])).map(([id, inner]) => [id, inner])) : null;
      for (const [id, , , rawLength, , inner] of m.blobs) {
        const data = inner === undefined ? plain : plain.subarray(inner, inner + rawLength);
        if (data.length !== rawLength || blobId(archive.secrets.idKey, data) !== id) bad.set(id, `data in pack ${packId.slice(0, 12)}… does not match its checksum`);
        else if (table && table.get(id) !== inner) bad.set(id, `the list of pieces inside its bundle in pack ${packId.slice(0, 12)}… is damaged`);
      }
    }
  } finally {
    await reader.close();
  }
  return bad;
}

export async function verifyArchive(archive: Archive, opts: VerifyOptions): Promise<VerifyReport> {
  const lock = await ArchiveLock.reader(archive.layout, "verify");
  try {
    const files = await verifyFiles(archive.root, opts.onProgress);
    const report: VerifyReport = { ...files, level: opts.level };
    delete (report as Partial<typeof files>).badFiles;
    if (opts.level === "files") return report;

    archive.reloadIndex();
    const index = await archive.index();
    for (const u of index.unreadable) report.problems.push({ file: u.file, problem: `cannot be read (${u.error}); the packs it described are re-read below, and the next backup writes a new index` });
    // Packs that no readable index covers are read from their tar headers, so items are only called
    // damaged when their data is really gone.
    for (const [id, size] of await unindexedPacks(archive.layout, index)) {
      try {
        index.addPack(await readPackRecord(archive.layout, archive.secrets.identity, id, size));
      } catch (err) {
        report.problems.push({ file: `packs/${id.slice(0, 2)}/${id}.tar.age`, problem: `not in any index and unreadable (${(err as Error).message})` });
      }
    }
    const badBlobs = new Map<string, string>();
    const packIds = [...index.packs.keys()];
    const damagedPacks = new Set(packIds.filter((id) => files.badFiles.has(`packs/${id.slice(0, 2)}/${id}.tar.age`)));
    for (const id of packIds) {
      const st = await fsp.stat(archive.layout.packPath(id)).catch(() => null);
      if (!st) {
        report.problems.push({ file: `packs/${id.slice(0, 2)}/${id}.tar.age`, problem: "missing" });
        for (const [b] of index.packs.get(id)!.blobs) badBlobs.set(b, `pack ${id.slice(0, 12)}… is missing`);
      }
    }
    let toRead: string[] = [];
    if (opts.level === "data") {
      toRead = packIds;
      if (opts.samplePercent !== undefined && opts.samplePercent < 100) {
        const n = Math.max(1, Math.ceil((packIds.length * opts.samplePercent) / 100));
        toRead = [...packIds].sort(() => Math.random() - 0.5).slice(0, n);
      }
    }
    // A pack whose hash failed is always read blob by blob, so its damage is pinned to items.
    for (const id of damagedPacks) if (!toRead.includes(id)) toRead.push(id);
    const progress: BackupProgress = { phase: "copy", items: 0, bytes: 0, totalItems: toRead.length };
    for (const id of toRead) {
      if (badBlobs.size > 0 && [...index.packs.get(id)!.blobs].every(([b]) => badBlobs.has(b))) continue;
      const bad = await checkPackData(archive, id, index.packs.get(id)!.blobs);
      report.checkedPacks++;
      report.checkedBlobs += index.packs.get(id)!.blobs.length;
      for (const [b, why] of bad) badBlobs.set(b, why);
      progress.items++;
      opts.onProgress?.({ ...progress });
    }

    const { snapshots, unreadable } = await archive.snapshots();
    for (const u of unreadable) {
      report.problems.push({ file: u.file, problem: `snapshot cannot be read (${u.error})` });
      report.damagedItems.push({ snapshot: u.file, source: "*", path: "*", reason: "the snapshot file is damaged; other snapshots are not affected" });
    }
    const reader = await archive.reader();
    for (const s of snapshots) {
      const catalogBad = s.data.catalog.filter((b) => badBlobs.has(b) || !index.has(b));
      let entries: CatalogEntry[] = [];
      if (catalogBad.length === 0) {
        try {
          entries = await readCatalog(reader, s.data.catalog);
        } catch (err) {
          catalogBad.push(String((err as Error).message));
        }
      }
      if (catalogBad.length > 0) {
        report.damagedItems.push({ snapshot: s.id.slice(0, 8), source: "*", path: "*", reason: "the snapshot's catalog is damaged, so its item list is lost (its data may still be in other snapshots)" });
        continue;
      }
      for (const e of entries) {
        for (const b of e.content ?? []) {
          const why = badBlobs.get(b) ?? (index.has(b) ? null : "data is missing from the archive");
          if (why) {
            report.damagedItems.push({ snapshot: s.id.slice(0, 8), source: e.source, path: e.path, reason: why } satisfies DamagedItem);
            break;
          }
        }
      }
    }
    // Damage from blobs that no damaged pack file explains (an unreadable snapshot file is its own problem).
    if (report.damagedItems.some((d) => !d.snapshot.startsWith("snapshots/")) && !report.problems.some((p) => p.file.startsWith("packs/"))) {
      report.problems.push({ file: "packs/", problem: `${badBlobs.size} stored piece(s) are damaged or missing` });
    }
    report.ok = report.problems.length === 0 && report.damagedItems.length === 0;
    return report;
  } finally {
    await lock.release();
  }
}
