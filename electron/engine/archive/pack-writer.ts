import { AgeStreamEncryptor } from "../crypto/age-encryptor.js";
import { type ArchiveLayout, packFileName } from "./archive-layout.js";
import type { BlobEntry, PackRecord } from "./blob-index.js";
import { DurableFile } from "./durable-file.js";
import type { FileHasher } from "./offloaded-sha256.js";
import { TAR_BLOCK, tarEnd, tarHeader, tarPadding } from "./tar-format.js";

/**
 * Streams blobs into one age-encrypted tar pack at a time. Each blob becomes a tar member
 * `b/<blobId>` (or `b/<blobId>.gz`), so `age -d pack | tar -x` recovers them without Lifeboat, and
 * the index records each member's data offset for random access. When a pack reaches the target
 * size it is sealed: final age chunk, fsync, rename to its content-hash name, directory fsync.
 */
// Sealed output goes into a few reused buffers of 16 age chunks each (the AEAD writes in place),
// so encrypting allocates nothing per chunk; a buffer is reused once the disk has its bytes.
const OUT_BUFFER = 16 * (64 * 1024 + 16);

export class PackWriter {
  private file: DurableFile | null = null;
  private enc: AgeStreamEncryptor | null = null;
  private pos = 0; // bytes of tar stream written to the current pack
  private members: PackRecord["blobs"] = [];
  private out: Buffer[] = [];
  private outBytes = 0;
  /** The output buffer being filled, and how much of it is used. */
  private cur: Buffer | null = null;
  private used = 0;
  private readonly spare: Buffer[] = [];
  private readonly reusable = new WeakSet<ArrayBufferLike>();
  private readonly slot = (n: number): Buffer => {
    if (!this.cur || this.used + n > this.cur.length) {
      this.retire();
      this.cur = this.spare.pop() ?? this.newBuffer();
      this.used = 0;
    }
    const s = this.cur.subarray(this.used, this.used + n);
    this.used += n;
    return s;
  };

  constructor(
    private readonly layout: ArchiveLayout,
    private readonly recipient: string,
    private readonly target: number,
    /** Called with each sealed pack once it is durable on disk. */
    private readonly onSealed: (pack: PackRecord) => void | Promise<void>,
    /** Takes each pack's SHA-256 (its name); by default in this thread. */
    private readonly hasher?: () => FileHasher,
  ) {}

  get currentSize(): number {
    return this.pos;
  }

  async add(id: string, stored: Buffer, rawLength: number, gz: boolean): Promise<void> {
    await this.addMember(gz ? `b/${id}.gz` : `b/${id}`, stored, (offset) => [[id, offset, stored.length, rawLength, gz ? 1 : 0]]);
  }

  /**
   * Appends one member under its own name: a blob, or a bundle of many (bundle-format.ts).
   * `entries` gives the index entries the member holds once its data offset is known.
   */
  async addMember(name: string, stored: Buffer, entries: (dataOffset: number) => BlobEntry[]): Promise<void> {
    if (!this.enc) {
      this.enc = await AgeStreamEncryptor.create([this.recipient]);
      this.file = await DurableFile.create(this.layout.tmpDir, this.hasher);
      this.queue([this.enc.header]);
    }
    const header = tarHeader(name, stored.length);
    this.members.push(...entries(this.pos + TAR_BLOCK));
    this.encrypt(header);
    this.encrypt(stored);
    this.encrypt(tarPadding(stored.length));
    this.pos += TAR_BLOCK + stored.length + tarPadding(stored.length).length;
    if (this.outBytes >= 1 << 20) await this.drain();
    if (this.pos >= this.target) await this.seal();
  }

  private encrypt(data: Buffer): void {
    if (data.length > 0) this.enc!.updateTo(data, this.slot);
  }

  private newBuffer(): Buffer {
    // Shared memory, so a hashing worker reads the bytes in place (offloaded-sha256.ts).
    const b = Buffer.from(new SharedArrayBuffer(OUT_BUFFER));
    this.reusable.add(b.buffer);
    return b;
  }

  /** Moves the filled part of the current output buffer to the write queue. */
  private retire(): void {
    if (this.cur && this.used > 0) this.queue([this.cur.subarray(0, this.used)]);
    else if (this.cur) this.spare.push(this.cur);
    this.cur = null;
    this.used = 0;
  }

  private queue(chunks: Buffer[]): void {
    for (const c of chunks) {
      this.out.push(c);
      this.outBytes += c.length;
    }
  }

  private async drain(): Promise<void> {
    if (this.out.length === 0) return;
    const chunks = this.out;
    this.out = [];
    this.outBytes = 0;
    // Output buffers return to the spare list once written; other chunks (the header) are dropped.
    const recycle = (): void => {
      for (const c of chunks) if (this.reusable.has(c.buffer)) this.spare.push(Buffer.from(c.buffer, 0, OUT_BUFFER));
    };
    await this.file!.write(chunks, recycle);
  }

  /** Seals the current pack (if any blob was added). */
  async seal(): Promise<void> {
    if (!this.enc || !this.file) return;
    this.encrypt(tarEnd());
    this.retire();
    this.queue([this.enc.final()]);
    await this.drain();
    const file = this.file;
    const members = this.members;
    this.enc = null;
    this.file = null;
    this.members = [];
    this.pos = 0;
    const written = await file.commit(this.layout.packsDir, packFileName);
    await this.onSealed({ id: written.sha256, size: written.size, blobs: members });
  }

  async abort(): Promise<void> {
    const f = this.file;
    this.file = null;
    this.enc = null;
    this.members = [];
    this.out = [];
    this.outBytes = 0;
    this.cur = null;
    this.used = 0;
    this.pos = 0;
    if (f) await f.abort();
  }
}
