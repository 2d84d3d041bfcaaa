import { promises as fsp } from "node:fs";
import path from "node:path";
import { ApiError } from "../../shared/app-api.js";
import type { ArchiveStatus } from "../../shared/app-types.js";
import { Archive, type Unlock } from "../engine/archive/archive.js";
import { changePassphrase, DEFAULT_SCRYPT_LOG_N } from "../engine/archive/archive-keys.js";
import { ArchiveLock } from "../engine/archive/archive-lock.js";
import type { SnapshotRecord } from "../engine/archive/snapshot-store.js";
import { NeedsPassphraseError } from "../engine/errors.js";
import type { SecretStore } from "../engine/secrets/secret-store.js";
import type { SettingsStore } from "../engine/settings/settings-store.js";
import { locked, noArchive } from "./api-errors.js";
import { archiveSize } from "./archive-size.js";
import { archiveKeyAccount } from "../engine/secrets/archive-key-account.js";

const SIZE_TTL_MS = 10_000;

const KEYCHAIN_TIMEOUT_MS = 5000;

/** The keychain entry `lifeboat --remember` uses, so the CLI and the app share a remembered key. */

/**
 * The one archive the app works on: which (settings' default archive), whether it is unlocked, and
 * what is cheap to keep about it (snapshot list, size). The key stays in this process only.
 */
export class ArchiveSession {
  private archive: Archive | null = null;
  private snapshotCache: Promise<SnapshotRecord[]> | null = null;
  private sizeCache: Promise<number> | null = null;
  private sizeTime = 0;
  /** The snapshot folder's listing when the cache was filled: another process (the CLI, the OS timer) may add snapshots. */
  private snapshotNames = "";
  private rememberedCache: boolean | null = null;
  root: string | null = null;

  constructor(
    private readonly settings: SettingsStore,
    private readonly secrets: SecretStore | null,
    private readonly scryptLogN = DEFAULT_SCRYPT_LOG_N,
  ) {}

  async load(): Promise<void> {
    const s = await this.settings.load();
    this.root = s.defaultArchive ? path.resolve(s.defaultArchive) : null;
  }

  async status(): Promise<ArchiveStatus> {
    if (this.archive) return "unlocked";
    if (!this.root) return "none";
    const marker = await Archive.readMarker(this.root).catch(() => null);
    return marker ? "locked" : "none";
  }

  get unlocked(): Archive | null {
    return this.archive;
  }

  /** The open archive, or the "locked" / "no-archive" error the UI acts on. */
  require(): Archive {
    if (this.archive) return this.archive;
    throw this.root ? locked() : noArchive();
  }

  private async keychainGet(account: string): Promise<string | null> {
    if (!this.secrets) return null;
    // A keychain that hangs (locked, no daemon) must not hang the app: treat it as "not remembered".
    const timeout = new Promise<null>((resolve) => setTimeout(() => resolve(null), KEYCHAIN_TIMEOUT_MS).unref());
    return Promise.race([this.secrets.get(account).catch(() => null), timeout]);
  }

  async remembered(): Promise<boolean> {
    if (!this.root) return false;
    if (this.rememberedCache !== null) return this.rememberedCache;
    const marker = await Archive.readMarker(this.root).catch(() => null);
    this.rememberedCache = marker ? (await this.keychainGet(archiveKeyAccount(marker.recipient))) !== null : false;
    return this.rememberedCache;
  }

  private async remember(archive: Archive): Promise<void> {
    if (!this.secrets) throw new ApiError("failed", "There is no keychain on this computer, so the key cannot be remembered. Unlock with the passphrase each time.");
    await this.secrets.set(archiveKeyAccount(archive.secrets.recipient), archive.secrets.identity);
    this.rememberedCache = true;
  }

  private async setDefault(root: string): Promise<void> {
    await this.settings.update((s) => {
      s.defaultArchive = root;
      s.archives[root] ??= { sources: [] };
    });
  }

  private async switchTo(root: string, archive: Archive | null): Promise<void> {
    await this.lock();
    this.root = root;
    this.archive = archive;
    this.rememberedCache = null;
  }

  async create(dir: string, passphrase: string, remember: boolean): Promise<string> {
    const root = path.resolve(dir);
    const { archive, recoveryKey } = await Archive.init(root, passphrase, { scryptLogN: this.scryptLogN });
    await this.setDefault(root);
    await this.switchTo(root, archive);
    // The archive exists now: a keychain failure must not hide the recovery key (shown only once).
    if (remember) await this.remember(archive).catch(() => undefined);
    return recoveryKey;
  }

  async open(dir: string): Promise<void> {
    const root = path.resolve(dir);
    await Archive.readMarker(root);
    await this.setDefault(root);
    await this.switchTo(root, null);
    await this.unlockRemembered();
  }

  /** Unlocks with the key the keychain remembers (at startup and after open); false when there is none. */
  async unlockRemembered(): Promise<boolean> {
    if (this.archive || !this.root) return !!this.archive;
    const marker = await Archive.readMarker(this.root).catch(() => null);
    if (!marker) return false;
    const identity = await this.keychainGet(archiveKeyAccount(marker.recipient));
    this.rememberedCache = identity !== null;
    if (!identity) return false;
    try {
      this.archive = await Archive.open(this.root, { identity });
      return true;
    } catch {
      // A stale entry (the archive was re-created): ask for the passphrase instead.
      return false;
    }
  }

  async unlock(unlock: Unlock, remember: boolean): Promise<void> {
    if (!this.root) throw noArchive();
    if (this.archive) await this.lock();
    try {
      this.archive = await Archive.open(this.root, unlock);
    } catch (err) {
      if (err instanceof NeedsPassphraseError) throw new ApiError("wrong-passphrase", "passphrase" in unlock ? "That passphrase does not open this archive. Check it and try again, or use the recovery key." : err.message);
      throw err;
    }
    if (remember) await this.remember(this.archive);
  }

  async changePassphrase(current: string, next: string): Promise<void> {
    const archive = this.require();
    let identity: string;
    try {
      identity = await Archive.identityFor(archive.root, { passphrase: current });
    } catch (err) {
      if (err instanceof NeedsPassphraseError) throw new ApiError("wrong-passphrase", "The current passphrase is not right; nothing was changed. Try again.");
      throw err;
    }
    if (identity !== archive.secrets.identity) throw new ApiError("wrong-passphrase", "The current passphrase is not right; nothing was changed.");
    const lock = await ArchiveLock.writer(archive.layout, "passwd");
    try {
      await changePassphrase(archive.layout, identity, next, this.scryptLogN);
    } finally {
      await lock.release();
    }
  }

  async lock(): Promise<void> {
    const a = this.archive;
    this.archive = null;
    this.invalidate();
    await a?.close();
  }

  /** After anything wrote to the archive: snapshots and size are read again. */
  invalidate(): void {
    this.snapshotCache = null;
    this.snapshotNames = "";
    this.sizeCache = null;
    this.archive?.reloadIndex();
  }

  async snapshots(): Promise<SnapshotRecord[]> {
    const archive = this.require();
    // A readdir is cheap next to decrypting every snapshot: reload only when the listing changed.
    const names = (await fsp.readdir(archive.layout.snapshotsDir).catch(() => [] as string[])).sort().join("\n");
    if (names !== this.snapshotNames) {
      if (this.snapshotNames !== "") archive.reloadIndex();
      this.snapshotNames = names;
      this.snapshotCache = null;
      this.sizeCache = null;
    }
    this.snapshotCache ??= archive.snapshots().then((l) => l.snapshots);
    this.snapshotCache.catch(() => (this.snapshotCache = null));
    return this.snapshotCache;
  }

  size(): Promise<number> {
    const archive = this.require();
    // Also time-bounded: packs of a run in progress (here or in another process) grow the archive.
    if (Date.now() - this.sizeTime > SIZE_TTL_MS) this.sizeCache = null;
    if (!this.sizeCache) {
      this.sizeTime = Date.now();
      this.sizeCache = archiveSize(archive.root);
    }
    return this.sizeCache;
  }
}
