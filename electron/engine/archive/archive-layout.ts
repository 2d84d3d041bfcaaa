import path from "node:path";

/** The on-disk layout of format v1 (FORMAT.md is the normative description). */
export const FORMAT_NAME = "lifeboat-archive";
export const FORMAT_VERSION = 1;

export const MARKER_FILE = "lifeboat-archive.json";
export const README_FILE = "README-RESTORE.txt";

export const DEFAULT_PACK_TARGET = 32 * 1024 * 1024;

export class ArchiveLayout {
  constructor(readonly root: string) {}
  get marker(): string {
    return path.join(this.root, MARKER_FILE);
  }
  get readme(): string {
    return path.join(this.root, README_FILE);
  }
  get keysDir(): string {
    return path.join(this.root, "keys");
  }
  get packsDir(): string {
    return path.join(this.root, "packs");
  }
  get indexDir(): string {
    return path.join(this.root, "index");
  }
  get snapshotsDir(): string {
    return path.join(this.root, "snapshots");
  }
  /** The newest vault, also on its own: one `age -d` away in an emergency (FORMAT.md). */
  get vaultDir(): string {
    return path.join(this.root, "vault");
  }
  get locksDir(): string {
    return path.join(this.root, "locks");
  }
  get tmpDir(): string {
    return path.join(this.root, "tmp");
  }
  packPath(packId: string): string {
    return path.join(this.packsDir, packId.slice(0, 2), `${packId}.tar.age`);
  }
  indexPath(indexId: string): string {
    return path.join(this.indexDir, `${indexId}.json.gz.age`);
  }
}

export const packFileName = (sha: string): string => path.join(sha.slice(0, 2), `${sha}.tar.age`);
export const indexFileName = (sha: string): string => `${sha}.json.gz.age`;
export const snapshotFileName = (time: Date, sha: string): string => `${compactTime(time)}-${sha}.json.age`;
// Milliseconds too: two vault changes in one second must still sort in the order they were made.
export const vaultFileName = (time: Date, sha: string): string => `${time.toISOString().replace(/[-:.]/g, "")}-${sha}.json.age`;
export function parseVaultFileName(name: string): string | null {
  const m = /^\d{8}T\d{9}Z-([0-9a-f]{64})\.json\.age$/.exec(name);
  return m ? m[1]! : null;
}

/** 2026-11-24T17:08:21.123Z → 20261124T170821Z: sorts by time, readable in `ls`. */
export function compactTime(d: Date): string {
  return d.toISOString().replace(/[-:]/g, "").replace(/\.\d+Z$/, "Z");
}

const SHA = /^[0-9a-f]{64}$/;
export function parsePackFileName(name: string): string | null {
  const m = /^([0-9a-f]{64})\.tar\.age$/.exec(name);
  return m ? m[1]! : null;
}
export function parseIndexFileName(name: string): string | null {
  const m = /^([0-9a-f]{64})\.json\.gz\.age$/.exec(name);
  return m ? m[1]! : null;
}
export function parseSnapshotFileName(name: string): { time: string; id: string } | null {
  const m = /^(\d{8}T\d{6}Z)-([0-9a-f]{64})\.json\.age$/.exec(name);
  return m ? { time: m[1]!, id: m[2]! } : null;
}
export function parseKeyFileName(name: string): { kind: "passphrase" | "recovery" | "config"; sha: string } | null {
  const m = /^(passphrase|recovery|config)-([0-9a-f]{64})\.(?:json\.)?age$/.exec(name);
  return m ? { kind: m[1] as "passphrase" | "recovery" | "config", sha: m[2]! } : null;
}
export const isSha256 = (s: string): boolean => SHA.test(s);
