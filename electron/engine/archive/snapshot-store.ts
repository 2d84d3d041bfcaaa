import { promises as fsp } from "node:fs";
import os from "node:os";
import path from "node:path";
import type { SnapshotSourceResult, SnapshotSummary } from "../../../shared/archive-types.js";
import { decryptBytes } from "../crypto/age-decryptor.js";
import { encryptBytes } from "../crypto/age-bytes.js";
import { LifeboatError, UsageError } from "../errors.js";
import { type ArchiveLayout, parseSnapshotFileName, snapshotFileName } from "./archive-layout.js";
import { writeOnce } from "./durable-file.js";

/**
 * A snapshot file is the single commit point of a backup: it is written after every pack and
 * index file it depends on, and it names the catalog blobs that list the snapshot's items. A
 * checkpoint is a snapshot with `complete: false`, written during a long first backup so an
 * interrupted run can resume; it is removed once the run commits.
 */
export interface SnapshotFile {
  version: 1;
  time: string;
  host: string;
  parent: string | null;
  complete: boolean;
  /** Id of the backup run that wrote it (checkpoints of one run share it). */
  run: string;
  sources: Record<string, SnapshotSourceResult>;
  /** Catalog blob ids: their plaintexts, concatenated, are the catalog (JSON Lines). */
  catalog: string[];
  /**
   * Where the catalog blobs were when the snapshot was written (pack, offset, length, rawLength,
   * gz), so listing needs no index. A hint only: after prune repacks them the index is used.
   */
  catalogAt?: Array<[pack: string, offset: number, length: number, rawLength: number, gz: 0 | 1]>;
  items: number;
  bytes: number;
  stats: { newBlobs: number; newBytesStored: number; packs: number };
}

export interface SnapshotRecord {
  id: string;
  file: string;
  data: SnapshotFile;
}

export async function writeSnapshot(layout: ArchiveLayout, recipient: string, data: Omit<SnapshotFile, "version" | "host"> & { host?: string }): Promise<SnapshotRecord> {
  const body: SnapshotFile = { version: 1, host: data.host ?? os.hostname(), ...data } as SnapshotFile;
  const enc = await encryptBytes([recipient], Buffer.from(JSON.stringify(body, null, 1) + "\n"));
  await fsp.mkdir(layout.snapshotsDir, { recursive: true });
  const written = await writeOnce(layout.tmpDir, layout.snapshotsDir, enc, (sha) => snapshotFileName(new Date(body.time), sha));
  return { id: written.sha256, file: path.basename(written.path), data: body };
}

export async function listSnapshotFiles(layout: ArchiveLayout): Promise<string[]> {
  const names = await fsp.readdir(layout.snapshotsDir).catch(() => [] as string[]);
  return names.filter((n) => parseSnapshotFileName(n) !== null).sort();
}

function validSnapshot(x: unknown): x is SnapshotFile {
  const s = x as SnapshotFile;
  return !!s && s.version === 1 && typeof s.time === "string" && typeof s.complete === "boolean" && Array.isArray(s.catalog) && typeof s.sources === "object";
}

export interface SnapshotList {
  snapshots: SnapshotRecord[];
  unreadable: Array<{ file: string; error: string }>;
}

/** All snapshots, oldest first. Unreadable ones are reported, not fatal: others still restore. */
export async function loadSnapshots(layout: ArchiveLayout, identity: string): Promise<SnapshotList> {
  const names = await listSnapshotFiles(layout);
  const out: SnapshotList = { snapshots: [], unreadable: [] };
  const loaded = await Promise.all(
    names.map(async (file): Promise<SnapshotRecord | { file: string; error: string }> => {
      try {
        const data: unknown = JSON.parse((await decryptBytes([identity], await fsp.readFile(path.join(layout.snapshotsDir, file)))).toString("utf8"));
        if (!validSnapshot(data)) throw new Error("unexpected structure");
        return { id: parseSnapshotFileName(file)!.id, file, data };
      } catch (err) {
        return { file, error: (err as Error).message };
      }
    }),
  );
  for (const l of loaded) {
    if ("error" in l) out.unreadable.push({ file: `snapshots/${l.file}`, error: l.error });
    else out.snapshots.push(l);
  }
  out.snapshots.sort((a, b) => a.data.time.localeCompare(b.data.time) || a.file.localeCompare(b.file));
  return out;
}

/** `latest` (newest complete), or a unique id prefix. */
export function resolveSnapshot(list: SnapshotRecord[], ref: string): SnapshotRecord {
  if (ref === "latest") {
    const complete = list.filter((s) => s.data.complete);
    const last = complete[complete.length - 1];
    if (!last) throw new LifeboatError("The archive has no complete snapshot yet. Run `lifeboat backup` first.");
    return last;
  }
  const matches = list.filter((s) => s.id.startsWith(ref.toLowerCase()));
  if (matches.length === 0) throw new UsageError(`No snapshot with id ${ref}. List them with \`lifeboat snapshots\`.`);
  if (matches.length > 1) throw new UsageError(`Snapshot id ${ref} is ambiguous (${matches.length} match); give more characters.`);
  return matches[0]!;
}

export function summarize(s: SnapshotRecord): SnapshotSummary {
  return {
    id: s.id,
    shortId: s.id.slice(0, 8),
    time: s.data.time,
    host: s.data.host,
    parent: s.data.parent,
    complete: s.data.complete,
    sources: s.data.sources,
    stats: { items: s.data.items, bytes: s.data.bytes, ...s.data.stats },
  };
}
