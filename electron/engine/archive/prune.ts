import { promises as fsp } from "node:fs";
import path from "node:path";
import type { PruneReport } from "../../../shared/archive-types.js";
import { AgeRandomAccessReader } from "../crypto/age-decryptor.js";
import { LifeboatError, UsageError } from "../errors.js";
import type { Archive } from "./archive.js";
import { ArchiveLock } from "./archive-lock.js";
import { blobId } from "./blob-id.js";
import { BlobIndex, listIndexFiles, type PackRecord, writeIndexFile } from "./blob-index.js";
import { BlobWriter } from "./blob-writer.js";
import { readCatalog } from "./catalog.js";
import { decompress } from "./compression.js";
import { packMembers, packUsage } from "./pack-members.js";
import { readPackRecord, unindexedPacks } from "./rebuild-index.js";
import { applyRetention, hasRule, type RetentionPolicy } from "./retention.js";

export interface PruneOptions extends RetentionPolicy {
  dryRun?: boolean;
  /** Repack a pack when less than this share of its bytes is still used (default 0.8). */
  repackBelow?: number;
}

/**
 * Forgets snapshots by rule and frees their space, in restic's order: delete the forgotten
 * snapshot files; mark every blob the remaining snapshots reach; delete packs with nothing live;
 * copy the live blobs of mostly-dead packs into new packs; write one new index that supersedes all
 * old ones; only then delete the old index files and packs. A crash at any point leaves every
 * remaining snapshot readable (at worst with orphan packs the next prune removes).
 */
export async function pruneArchive(archive: Archive, opts: PruneOptions): Promise<PruneReport> {
  if (!hasRule(opts)) throw new UsageError("Say what to keep: at least one of --keep-last, --keep-daily, --keep-weekly, --keep-monthly, --keep-yearly.");
  const layout = archive.layout;
  const lock = await ArchiveLock.writer(layout, "prune");
  try {
    const readers = await ArchiveLock.liveReaders(layout);
    if (readers.length > 0) throw new LifeboatError(`The archive is being read (${readers.map((r) => `${r.op}, pid ${r.pid}`).join("; ")}). Run prune when that has finished.`, 1, "locked");
    archive.reloadIndex();
    const index = await archive.index();
    const { snapshots, unreadable } = await archive.snapshots();
    if (unreadable.length > 0 || index.unreadable.length > 0) {
      throw new LifeboatError(`Some archive files cannot be read (${[...unreadable, ...index.unreadable].map((u) => u.file).join(", ")}). Prune will not delete anything until \`lifeboat verify\` is clean.`, 3, "damaged");
    }
    const complete = snapshots.filter((s) => s.data.complete);
    const newestComplete = complete[complete.length - 1];
    const { keep, forget } = applyRetention(complete.map((s) => ({ id: s.id, time: s.data.time, rec: s })), opts);
    // Checkpoints older than the newest complete snapshot are leftovers of runs that later completed
    // or were abandoned; newer ones are an interrupted run's resume point and stay.
    const staleCheckpoints = snapshots.filter((s) => !s.data.complete && newestComplete && s.data.time <= newestComplete.data.time);
    const forgetRecs = [...forget.map((f) => f.rec), ...staleCheckpoints];
    const remaining = snapshots.filter((s) => !forgetRecs.includes(s));
    const report: PruneReport = { dryRun: !!opts.dryRun, keep: [...keep.keys()], forget: forgetRecs.map((s) => s.id), deletedPacks: 0, repackedPacks: 0, freedBytes: 0 };
    if (opts.dryRun) return report;

    const before = await dirSize(layout);
    for (const s of forgetRecs) await fsp.unlink(path.join(layout.snapshotsDir, s.file));

    // Packs no index knows are orphans of crashed runs, or all that is left after the index files
    // were lost; read them first, so nothing live is lost and the catalogs can be read.
    for (const [id, size] of await unindexedPacks(layout, index)) index.addPack(await readPackRecord(layout, archive.secrets.identity, id, size));

    // Mark.
    const reader = await archive.reader();
    const live = new Set<string>();
    const catalogBlobs = new Set(remaining.flatMap((s) => s.data.catalog));
    for (const s of remaining) {
      for (const b of s.data.catalog) live.add(b);
      for (const e of await readCatalog(reader, s.data.catalog)) for (const b of e.content ?? []) live.add(b);
    }

    // Sweep.
    const repackBelow = opts.repackBelow ?? 0.8;
    const keepPacks: PackRecord[] = [];
    const dropPacks: PackRecord[] = [];
    const repack: PackRecord[] = [];
    for (const p of index.packs.values()) {
      const { stored, used } = packUsage(p.blobs, (id) => live.has(id) && index.get(id)?.pack === p.id);
      if (used === 0) dropPacks.push(p);
      else if (used < stored * repackBelow) repack.push(p);
      else keepPacks.push(p);
    }
    const fresh = new BlobIndex();
    const newPacks: PackRecord[] = [];
    const writer = new BlobWriter(layout, archive.secrets, fresh, archive.marker.packTarget);
    try {
      for (const p of repack) {
        const r = await AgeRandomAccessReader.open(layout.packPath(p.id), [archive.secrets.identity]);
        const damaged = (): LifeboatError => new LifeboatError(`Pack ${p.id.slice(0, 12)}… is damaged; prune stopped without deleting anything. Run \`lifeboat verify\`.`, 3, "damaged");
        try {
          for (const m of packMembers(p.blobs)) {
            const keep = m.blobs.filter(([id]) => live.has(id) && index.get(id)?.pack === p.id && !writer.has(id));
            if (keep.length === 0) continue;
            const stored = await r.read(m.offset, m.length);
            // Never copy damage forward silently: a blob must still match its id to be repacked.
            const plain = await decompress(stored, m.gz);
            for (const [id, , , rawLength, , inner] of keep) {
              if (inner === undefined) {
                if (blobId(archive.secrets.idKey, plain) !== id) throw damaged();
                await writer.putStored(id, stored, rawLength, m.gz, catalogBlobs.has(id) ? "meta" : "data");
              } else {
                // The live blobs of a bundle go into the new packs' bundles; the dead ones are dropped.
                const data = Buffer.from(plain.subarray(inner, inner + rawLength));
                if (data.length !== rawLength || blobId(archive.secrets.idKey, data) !== id) throw damaged();
                await writer.put(data, "data", id);
              }
            }
          }
        } finally {
          await r.close();
        }
      }
      await writer.sealPacks();
      newPacks.push(...fresh.packs.values());
    } catch (err) {
      await writer.abort();
      throw err;
    }
    const oldIndexes = (await listIndexFiles(layout)).map((n) => n.slice(0, 64));
    await writeIndexFile(layout, archive.secrets.recipient, [...keepPacks, ...newPacks], oldIndexes);
    for (const n of oldIndexes) await fsp.unlink(layout.indexPath(n)).catch(() => undefined);
    for (const p of [...dropPacks, ...repack]) await fsp.unlink(layout.packPath(p.id)).catch(() => undefined);
    report.deletedPacks = dropPacks.length;
    report.repackedPacks = repack.length;
    report.freedBytes = Math.max(0, before - (await dirSize(layout)));
    archive.reloadIndex();
    return report;
  } finally {
    await lock.release();
  }
}

async function dirSize(layout: { packsDir: string; indexDir: string }): Promise<number> {
  let total = 0;
  const walk = async (d: string): Promise<void> => {
    for (const e of await fsp.readdir(d, { withFileTypes: true }).catch(() => [])) {
      const p = path.join(d, e.name);
      if (e.isDirectory()) await walk(p);
      else total += (await fsp.stat(p)).size;
    }
  };
  await walk(layout.packsDir);
  await walk(layout.indexDir);
  return total;
}
