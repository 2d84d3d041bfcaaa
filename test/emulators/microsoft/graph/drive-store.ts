// A OneDrive: the item tree (folders, files with their bytes, OneNote notebooks as packages, the
// Personal Vault), ids/eTags/cTags in the personal or business style, and the drive's change log.
// A change to an item also re-reports its ancestors (their cTag changed), ancestors first, so a
// delta round always lists a parent before its children, as OneDrive does.
import { createHash } from "node:crypto";
import { ChangeLog } from "./change-log.js";
import { GeneratedContent } from "./generated-content.js";
import { quickXorHashBase64 } from "./quick-xor-hash.js";
import type { StoreContext } from "./store-context.js";

export type DriveType = "personal" | "business";
export type DriveItemKind = "root" | "folder" | "file" | "notebook" | "vault";

export interface DriveItemRecord {
  serial: number;
  id: string;
  name: string;
  parent?: number;
  kind: DriveItemKind;
  content?: Buffer;
  /** Bytes made while they are sent (a file too big to hold); exclusive with `content`. */
  generated?: GeneratedContent;
  mimeType?: string;
  createdAt: number;
  modifiedAt: number;
  /** fileSystemInfo times (the client's file times), which may differ from the service's. */
  fsCreatedAt: number;
  fsModifiedAt: number;
  version: number;
  contentVersion: number;
  /** A malware scanner flagged the file: downloads are refused or marked (X-Virus-Infected). */
  malware?: string;
  /** Inside the Personal Vault or a notebook: never listed, never in delta. */
  hidden: boolean;
  /** The account sequence number at creation: a delta round since an earlier one does not know it. */
  createdSeq: number;
  children: Set<number>;
  hashes?: { quickXorHash: string; sha1Hash: string; sha256Hash: string };
}

export interface DriveTombstone {
  id: string;
  name: string;
  parentId?: string;
  isFolder: boolean;
}

export interface AddFileOptions {
  modifiedAt?: number;
  createdAt?: number;
  mimeType?: string;
  malware?: string;
}

export interface GeneratedFileSpec {
  /** Bytes; any size, nothing is held in memory. */
  size: number;
  /** Same seed, same bytes (see generated-content.ts). */
  seed: string;
}

/** A file's length in bytes, whether its content is held or generated. */
export function fileSize(item: DriveItemRecord): number {
  return item.generated?.size ?? item.content?.length ?? 0;
}

const MIME_BY_EXT: Record<string, string> = {
  txt: "text/plain",
  md: "text/markdown",
  csv: "text/csv",
  html: "text/html",
  json: "application/json",
  pdf: "application/pdf",
  jpg: "image/jpeg",
  jpeg: "image/jpeg",
  png: "image/png",
  gif: "image/gif",
  heic: "image/heic",
  mp4: "video/mp4",
  mp3: "audio/mpeg",
  zip: "application/zip",
  docx: "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
  xlsx: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
  pptx: "application/vnd.openxmlformats-officedocument.presentationml.presentation",
};

export function mimeTypeFor(name: string): string {
  const ext = name.toLowerCase().split(".").pop() ?? "";
  return MIME_BY_EXT[ext] ?? "application/octet-stream";
}

/** The EICAR test signature: seed files containing it are flagged as malware, as a scanner would. */
const EICAR = "X5O!P%@AP[4\\PZX54(P^)7CC)7}$EICAR-STANDARD-ANTIVIRUS-TEST-FILE!$H+H*";

/** Items below the Personal Vault or inside a notebook package are never exposed. */
function concealsChildren(parent: DriveItemRecord): boolean {
  return parent.hidden || parent.kind === "vault" || parent.kind === "notebook";
}

export class DriveStore {
  readonly driveId: string;
  readonly log = new ChangeLog<DriveTombstone>();
  private readonly items = new Map<number, DriveItemRecord>();
  private readonly byIdText = new Map<string, DriveItemRecord>();
  /** Serials in creation order (ascending): the initial delta enumeration's order. */
  private readonly ordered: number[] = [];
  private nextSerial: number;
  readonly rootSerial: number;

  constructor(
    private readonly ctx: StoreContext,
    readonly driveType: DriveType,
    /** Personal accounts: the 16-hex-digit "cid" that personal drive and item ids are built on. */
    private readonly cid: string,
  ) {
    this.driveId = driveType === "personal" ? cid : `b!${createHash("sha256").update(`drive:${ctx.account.oid}`).digest("base64url").slice(0, 64)}`;
    // Personal drives number their items from 101 (the root), like "CID!101".
    this.nextSerial = driveType === "personal" ? 101 : 1;
    const now = ctx.clock.now();
    this.rootSerial = this.insert({ name: "root", kind: "root", hidden: false }, now).serial;
  }

  private makeId(serial: number): string {
    if (this.driveType === "personal") return `${this.cid.toUpperCase()}!${serial}`;
    // OneDrive for Business ids: "01" and 32 base32 characters.
    const digest = createHash("sha256").update(`${this.driveId}:${serial}`).digest();
    const alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
    let out = "01";
    for (let i = 0; i < 32; i++) out += alphabet[(digest[i] ?? 0) % 32];
    return out;
  }

  private insert(spec: { name: string; kind: DriveItemKind; hidden: boolean; parent?: number; content?: Buffer; generated?: GeneratedContent; mimeType?: string; malware?: string; createdAt?: number; modifiedAt?: number }, now: number): DriveItemRecord {
    const serial = this.nextSerial++;
    const item: DriveItemRecord = {
      serial,
      id: this.makeId(serial),
      name: spec.name,
      kind: spec.kind,
      createdAt: now,
      modifiedAt: now,
      fsCreatedAt: spec.createdAt ?? spec.modifiedAt ?? now,
      fsModifiedAt: spec.modifiedAt ?? now,
      version: 1,
      contentVersion: 1,
      hidden: spec.hidden,
      createdSeq: this.ctx.currentSeq() + 1,
      children: new Set(),
    };
    if (spec.parent !== undefined) item.parent = spec.parent;
    if (spec.content) item.content = spec.content;
    if (spec.generated) item.generated = spec.generated;
    if (spec.mimeType) item.mimeType = spec.mimeType;
    if (spec.malware) item.malware = spec.malware;
    this.items.set(serial, item);
    this.byIdText.set(item.id, item);
    this.ordered.push(serial);
    if (spec.parent !== undefined) this.items.get(spec.parent)?.children.add(serial);
    if (!item.hidden) this.logWithAncestors(item, now);
    return item;
  }

  /** Records the item and, before it, every ancestor whose content tag changed. */
  private logWithAncestors(item: DriveItemRecord, now: number, removed?: DriveTombstone): void {
    for (const anc of this.ancestorsOf(item)) {
      anc.contentVersion += 1;
      this.log.record(anc.serial, this.ctx.nextSeq(), now);
    }
    this.log.record(item.serial, this.ctx.nextSeq(), now, removed ? { reason: "deleted", tombstone: removed } : undefined);
  }

  // ---- lookups ----

  root(): DriveItemRecord {
    const r = this.items.get(this.rootSerial);
    if (!r) throw new Error("drive has no root");
    return r;
  }

  bySerial(serial: number): DriveItemRecord | undefined {
    return this.items.get(serial);
  }

  byId(id: string): DriveItemRecord | undefined {
    if (id.toLowerCase() === "root") return this.root();
    return this.byIdText.get(id);
  }

  /** "/Documents/a.txt" relative to `from` (default root); names compare case-insensitively. */
  byPath(path: string, from?: DriveItemRecord): DriveItemRecord | undefined {
    let current: DriveItemRecord | undefined = from ?? this.root();
    for (const part of path.split("/").filter((p) => p.length > 0)) {
      if (!current) return undefined;
      let next: DriveItemRecord | undefined;
      for (const c of current.children) {
        const child = this.items.get(c);
        if (child && child.name.toLowerCase() === part.toLowerCase()) next = child;
      }
      current = next;
    }
    return current;
  }

  /** Path from the root, e.g. "/Documents/a.txt" ("" for the root itself). */
  pathOf(item: DriveItemRecord): string {
    const names: string[] = [];
    for (let cur: DriveItemRecord | undefined = item; cur && cur.kind !== "root"; cur = cur.parent !== undefined ? this.items.get(cur.parent) : undefined) names.unshift(cur.name);
    return names.length === 0 ? "" : "/" + names.join("/");
  }

  childrenOf(item: DriveItemRecord): DriveItemRecord[] {
    return [...item.children].map((s) => this.items.get(s)).filter((c): c is DriveItemRecord => c !== undefined && !c.hidden);
  }

  hashes(item: DriveItemRecord): { quickXorHash: string; sha1Hash: string; sha256Hash: string } {
    // Generated files got theirs when they were added (it takes a streaming pass).
    if (!item.hashes) {
      const data = item.content ?? Buffer.alloc(0);
      item.hashes = {
        quickXorHash: quickXorHashBase64(data),
        sha1Hash: createHash("sha1").update(data).digest("hex").toUpperCase(),
        sha256Hash: createHash("sha256").update(data).digest("hex").toUpperCase(),
      };
    }
    return item.hashes;
  }

  /** Up to `limit` visible items with serial > afterSerial, in serial (creation) order. */
  serialsAfter(afterSerial: number, limit: number): { keys: number[]; done: boolean } {
    let lo = 0;
    let hi = this.ordered.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if ((this.ordered[mid] ?? 0) <= afterSerial) lo = mid + 1;
      else hi = mid;
    }
    const keys: number[] = [];
    let i = lo;
    for (; i < this.ordered.length && keys.length < limit; i++) {
      const serial = this.ordered[i] ?? 0;
      const item = this.items.get(serial);
      if (item && !item.hidden) keys.push(serial);
    }
    for (; i < this.ordered.length; i++) {
      const item = this.items.get(this.ordered[i] ?? 0);
      if (item && !item.hidden) return { keys, done: false };
    }
    return { keys, done: true };
  }

  /** Ancestors from the root down (excluding the item). */
  ancestorsOf(item: DriveItemRecord): DriveItemRecord[] {
    const chain: DriveItemRecord[] = [];
    for (let p = item.parent; p !== undefined; p = this.items.get(p)?.parent) {
      const anc = this.items.get(p);
      if (!anc) break;
      chain.unshift(anc);
    }
    return chain;
  }

  *allItems(): Iterable<DriveItemRecord> {
    yield* this.items.values();
  }

  // ---- mutations ----

  private requireItem(ref: string): DriveItemRecord {
    const item = ref.startsWith("/") || ref === "" ? this.byPath(ref) : (this.byId(ref) ?? this.byPath(ref));
    if (!item) throw new Error(`no drive item ${ref}`);
    return item;
  }

  private requireContainer(path: string): DriveItemRecord {
    const parent = this.byPath(path);
    if (!parent || (parent.kind !== "folder" && parent.kind !== "root" && parent.kind !== "vault" && parent.kind !== "notebook")) throw new Error(`no drive folder ${path}`);
    return parent;
  }

  /** Creates the folders of a path as needed ("/Documents/Taxes"); returns the last folder's id. */
  ensureFolder(path: string): string {
    let current = this.root();
    for (const part of path.split("/").filter((p) => p.length > 0)) {
      const existing = this.byPath(part, current);
      current = existing ?? this.insert({ name: part, kind: "folder", hidden: concealsChildren(current), parent: current.serial }, this.ctx.clock.now());
    }
    return current.id;
  }

  /** The Personal Vault folder (personal drives): listed, but its content is unreachable. */
  ensureVault(name = "Personal Vault"): string {
    const existing = [...this.root().children].map((s) => this.items.get(s)).find((i) => i?.kind === "vault");
    if (existing) return existing.id;
    return this.insert({ name, kind: "vault", hidden: false, parent: this.rootSerial }, this.ctx.clock.now()).id;
  }

  /** A OneNote notebook (a package item whose content cannot be downloaded). */
  addNotebook(path: string, opts: { modifiedAt?: number } = {}): string {
    const slash = path.lastIndexOf("/");
    const parent = this.requireContainer(slash <= 0 ? "/" : path.slice(0, slash));
    const name = path.slice(slash + 1);
    const spec: Parameters<DriveStore["insert"]>[0] = { name, kind: "notebook", hidden: concealsChildren(parent), parent: parent.serial };
    if (opts.modifiedAt !== undefined) spec.modifiedAt = opts.modifiedAt;
    return this.insert(spec, this.ctx.clock.now()).id;
  }

  /** Adds a file at a path (parent folders are created); returns its id. */
  addFile(path: string, content: Buffer, opts: AddFileOptions = {}): string {
    const malware = opts.malware ?? (content.includes(EICAR) ? "Eicar-Test-Signature" : undefined);
    return this.placeFile(path, { content }, malware ? { ...opts, malware } : opts).id;
  }

  /**
   * Adds a file of `spec.size` generated bytes (see generated-content.ts). Its hashes are computed
   * here, streaming once, because every listing and delta page shows them; that takes a while for
   * gigabytes (about 2 s per GiB), hence async.
   */
  async addGeneratedFile(path: string, spec: GeneratedFileSpec, opts: AddFileOptions = {}): Promise<string> {
    const generated = new GeneratedContent(spec.seed, spec.size);
    const hashes = await generated.hashes();
    const item = this.placeFile(path, { generated }, opts);
    item.hashes = hashes;
    return item.id;
  }

  private placeFile(path: string, bytes: { content: Buffer } | { generated: GeneratedContent }, opts: AddFileOptions): DriveItemRecord {
    const slash = path.lastIndexOf("/");
    const folderPath = slash <= 0 ? "/" : path.slice(0, slash);
    const existingParent = this.byPath(folderPath);
    const parent = existingParent ?? this.requireItem(this.ensureFolder(folderPath));
    const name = path.slice(slash + 1);
    if (this.byPath(name, parent)) throw new Error(`drive item ${path} already exists`);
    const spec: Parameters<DriveStore["insert"]>[0] = {
      name,
      kind: "file",
      hidden: concealsChildren(parent),
      parent: parent.serial,
      ...bytes,
      mimeType: opts.mimeType ?? mimeTypeFor(name),
    };
    if (opts.malware) spec.malware = opts.malware;
    if (opts.modifiedAt !== undefined) spec.modifiedAt = opts.modifiedAt;
    if (opts.createdAt !== undefined) spec.createdAt = opts.createdAt;
    return this.insert(spec, this.ctx.clock.now());
  }

  /** Replaces a file's bytes (new cTag and hashes). */
  updateFile(ref: string, content: Buffer, opts: { modifiedAt?: number } = {}): void {
    const item = this.requireItem(ref);
    if (item.kind !== "file") throw new Error(`${ref} is not a file`);
    const now = this.ctx.clock.now();
    item.content = content;
    delete item.generated;
    delete item.hashes;
    item.version += 1;
    item.contentVersion += 1;
    item.modifiedAt = now;
    item.fsModifiedAt = opts.modifiedAt ?? now;
    if (!item.hidden) this.logWithAncestors(item, now);
  }

  /** Moves and/or renames an item; ids stay. */
  moveItem(ref: string, newParentPath: string, newName?: string): void {
    const item = this.requireItem(ref);
    const to = this.requireContainer(newParentPath);
    const now = this.ctx.clock.now();
    const from = item.parent !== undefined ? this.items.get(item.parent) : undefined;
    if (from && !from.hidden) {
      // The old parent's content changed too.
      from.children.delete(item.serial);
      this.logWithAncestors(from, now);
    } else {
      from?.children.delete(item.serial);
    }
    item.parent = to.serial;
    to.children.add(item.serial);
    if (newName) item.name = newName;
    item.version += 1;
    item.modifiedAt = now;
    if (!item.hidden) this.logWithAncestors(item, now);
  }

  renameItem(ref: string, newName: string): void {
    const item = this.requireItem(ref);
    const parent = item.parent !== undefined ? this.items.get(item.parent) : undefined;
    this.moveItem(ref, parent ? this.pathOf(parent) || "/" : "/", newName);
  }

  /** Deletes an item and everything below it; each gets a `deleted` entry in delta. */
  deleteItem(ref: string): void {
    const item = this.requireItem(ref);
    if (item.kind === "root") throw new Error("the drive root cannot be deleted");
    const now = this.ctx.clock.now();
    const remove = (it: DriveItemRecord): void => {
      for (const c of [...it.children]) {
        const child = this.items.get(c);
        if (child) remove(child);
      }
      this.items.delete(it.serial);
      this.byIdText.delete(it.id);
      const parentItem = it.parent !== undefined ? this.items.get(it.parent) : undefined;
      parentItem?.children.delete(it.serial);
      if (!it.hidden) {
        const tomb: DriveTombstone = { id: it.id, name: it.name, isFolder: it.kind !== "file" };
        if (parentItem) tomb.parentId = parentItem.id;
        // Children before parents: "only delete a folder locally if it is empty after syncing".
        this.log.record(it.serial, this.ctx.nextSeq(), now, { reason: "deleted", tombstone: tomb });
      }
    };
    const parent = item.parent !== undefined ? this.items.get(item.parent) : undefined;
    remove(item);
    if (parent && !parent.hidden) this.logWithAncestors(parent, now);
  }
}
