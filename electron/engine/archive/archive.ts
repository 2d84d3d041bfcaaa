import { createHash } from "node:crypto";
import { promises as fsp } from "node:fs";
import type { CatalogEntry } from "../../../shared/archive-types.js";
import path from "node:path";
import { LifeboatError } from "../errors.js";
import { type ArchiveSecrets, createKeys, identityFromPassphrase, identityFromRecoveryKey, loadSecrets } from "./archive-keys.js";
import { ArchiveLayout, DEFAULT_PACK_TARGET, FORMAT_NAME, FORMAT_VERSION, MARKER_FILE } from "./archive-layout.js";
import { BlobIndex, loadBlobIndex } from "./blob-index.js";
import { BlobReader } from "./blob-reader.js";
import { DEFAULT_CHUNKER } from "./chunker.js";
import { fsyncDir, writeOnce } from "./durable-file.js";
import { restoreReadme } from "./restore-readme.js";
import { readCatalog } from "./catalog.js";
import { loadSnapshots, type SnapshotList, type SnapshotRecord } from "./snapshot-store.js";

export interface ArchiveMarker {
  format: typeof FORMAT_NAME;
  version: number;
  created: string;
  recipient: string;
  packTarget: number;
  chunker: { algorithm: "fastcdc-gear-keyed"; min: number; avg: number; max: number; smallFileLimit: number };
  compression: "gzip";
  blobId: "hmac-sha256";
  /** SHA-256 (hex) of the JSON of the fields above: lets `verify` notice any changed byte. */
  integrity: string;
}

export function markerIntegrity(fields: Omit<ArchiveMarker, "integrity">): string {
  return createHash("sha256").update(JSON.stringify(fields)).digest("hex");
}

/**
 * What is wrong with the bytes of lifeboat-archive.json, or null. Nothing else describes the marker,
 * so it carries its own checksum; it is also written in exactly one form (2-space JSON, final newline).
 */
export function markerProblem(raw: Buffer): string | null {
  let parsed: unknown;
  try {
    parsed = JSON.parse(raw.toString("utf8"));
  } catch (err) {
    return `not valid JSON (${(err as Error).message})`;
  }
  if (!parsed || typeof parsed !== "object" || Array.isArray(parsed)) return "not a JSON object";
  if (!Buffer.from(JSON.stringify(parsed, null, 2) + "\n").equals(raw)) return "its text is not as Lifeboat wrote it";
  const { integrity, ...fields } = parsed as ArchiveMarker;
  if (integrity === undefined) return "its checksum field is missing";
  return integrity === markerIntegrity(fields) ? null : "its checksum does not match its content";
}

export type Unlock = { passphrase: string } | { recoveryKey: string } | { identity: string };

export interface InitOptions {
  scryptLogN?: number;
  packTarget?: number;
}

/** An open, unlocked archive: keys, index and snapshot list, and a blob reader. */
export class Archive {
  private indexPromise: Promise<BlobIndex> | null = null;
  private readerInstance: BlobReader | null = null;

  private constructor(
    readonly layout: ArchiveLayout,
    readonly marker: ArchiveMarker,
    readonly secrets: ArchiveSecrets,
  ) {}

  static async init(root: string, passphrase: string, opts: InitOptions = {}): Promise<{ archive: Archive; recoveryKey: string }> {
    const layout = new ArchiveLayout(path.resolve(root));
    await fsp.mkdir(layout.root, { recursive: true });
    const existing = (await fsp.readdir(layout.root)).filter((n) => !n.startsWith("."));
    if (existing.includes(MARKER_FILE)) throw new LifeboatError(`${layout.root} already holds a Lifeboat archive.`, 2, "exists");
    if (existing.length > 0) throw new LifeboatError(`${layout.root} is not empty. Choose an empty or new folder for the archive.`, 2, "not-empty");
    for (const d of [layout.keysDir, layout.packsDir, layout.indexDir, layout.snapshotsDir, layout.locksDir, layout.tmpDir]) await fsp.mkdir(d, { recursive: true });
    const { secrets, recoveryKey } = await createKeys(layout, passphrase, opts.scryptLogN);
    const fields: Omit<ArchiveMarker, "integrity"> = {
      format: FORMAT_NAME,
      version: FORMAT_VERSION,
      created: new Date().toISOString(),
      recipient: secrets.recipient,
      packTarget: opts.packTarget ?? DEFAULT_PACK_TARGET,
      chunker: { algorithm: "fastcdc-gear-keyed", ...DEFAULT_CHUNKER, smallFileLimit: DEFAULT_CHUNKER.min * 2 },
      compression: "gzip",
      blobId: "hmac-sha256",
    };
    const marker: ArchiveMarker = { ...fields, integrity: markerIntegrity(fields) };
    await writeOnce(layout.tmpDir, layout.root, Buffer.from(restoreReadme(marker)), () => "README-RESTORE.txt");
    // The marker goes last: a folder without it is not an archive, so a crash during init leaves
    // nothing that looks like a usable archive.
    await writeOnce(layout.tmpDir, layout.root, Buffer.from(JSON.stringify(marker, null, 2) + "\n"), () => MARKER_FILE);
    await fsyncDir(layout.root);
    return { archive: new Archive(layout, marker, secrets), recoveryKey };
  }

  static async readMarker(root: string): Promise<ArchiveMarker> {
    const layout = new ArchiveLayout(path.resolve(root));
    let text: string;
    try {
      text = await fsp.readFile(layout.marker, "utf8");
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === "ENOENT") {
        throw new LifeboatError(`No Lifeboat archive at ${layout.root}. Create one with \`lifeboat init --archive ${root}\`, or point --archive / LIFEBOAT_ARCHIVE at an existing one.`, 1, "no-archive");
      }
      throw err;
    }
    let marker: ArchiveMarker;
    try {
      marker = JSON.parse(text) as ArchiveMarker;
    } catch {
      throw new LifeboatError(`${MARKER_FILE} in ${layout.root} is damaged (not JSON). Run \`lifeboat verify\`.`);
    }
    if (marker.format !== FORMAT_NAME) throw new LifeboatError(`${layout.root} is not a Lifeboat archive.`);
    if (marker.version > FORMAT_VERSION) throw new LifeboatError(`This archive uses format v${marker.version}; this Lifeboat reads up to v${FORMAT_VERSION}. Update Lifeboat (or follow README-RESTORE.txt).`);
    return marker;
  }

  static async identityFor(root: string, unlock: Unlock): Promise<string> {
    const layout = new ArchiveLayout(path.resolve(root));
    if ("identity" in unlock) return unlock.identity;
    if ("recoveryKey" in unlock) return identityFromRecoveryKey(layout, unlock.recoveryKey);
    return identityFromPassphrase(layout, unlock.passphrase);
  }

  static async open(root: string, unlock: Unlock): Promise<Archive> {
    const marker = await Archive.readMarker(root);
    const layout = new ArchiveLayout(path.resolve(root));
    const identity = await Archive.identityFor(root, unlock);
    const secrets = await loadSecrets(layout, identity);
    if (secrets.recipient !== marker.recipient) throw new LifeboatError(`${MARKER_FILE} names a different key than keys/: the archive's plain files were changed. Run \`lifeboat verify\`.`);
    return new Archive(layout, marker, secrets);
  }

  get root(): string {
    return this.layout.root;
  }

  index(): Promise<BlobIndex> {
    this.indexPromise ??= loadBlobIndex(this.layout, this.secrets.identity);
    return this.indexPromise;
  }

  /** Forces the index to be read again (after another process wrote to the archive). */
  reloadIndex(): void {
    this.indexPromise = null;
    void this.readerInstance?.close();
    this.readerInstance = null;
  }

  async reader(): Promise<BlobReader> {
    const index = await this.index();
    this.readerInstance ??= new BlobReader(this.layout, this.secrets.identity, this.secrets.idKey, index);
    return this.readerInstance;
  }

  /**
   * A snapshot's catalog. Read through the locations the snapshot recorded when they are still
   * valid (no index needed: listing 100k items right after unlock stays well under a second),
   * else through the index.
   */
  async catalog(snapshot: SnapshotRecord): Promise<CatalogEntry[]> {
    const at = snapshot.data.catalogAt;
    if (!this.indexPromise && at && at.length === snapshot.data.catalog.length) {
      const hints = new BlobIndex();
      snapshot.data.catalog.forEach((id, i) => {
        const [pack, offset, length, rawLength, gz] = at[i]!;
        hints.blobs.set(id, { pack, offset, length, rawLength, gz: gz === 1 });
      });
      const reader = new BlobReader(this.layout, this.secrets.identity, this.secrets.idKey, hints);
      try {
        return await readCatalog(reader, snapshot.data.catalog);
      } catch {
        // Repacked by prune, or damaged: the index knows (and verify names the damage).
      } finally {
        await reader.close();
      }
    }
    return readCatalog(await this.reader(), snapshot.data.catalog);
  }

  snapshots(): Promise<SnapshotList> {
    return loadSnapshots(this.layout, this.secrets.identity);
  }

  async close(): Promise<void> {
    await this.readerInstance?.close();
    this.readerInstance = null;
  }
}
