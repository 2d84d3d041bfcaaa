// A mailbox: the folder tree (well-known folders, nesting, hidden folders, the Recoverable Items
// folder outside the visible tree) and its messages, with the mutation API tests use while the
// emulator runs. Every mutation is written to the change logs that delta queries read: a message
// move is a removal from the old folder's log and an add to the new one's, and without immutable
// ids the message's REST id changes (its move count is part of the id).
import { ChangeLog } from "./change-log.js";
import { contentFromEml, contentFromSpec, type GeneratedMessageSpec, type MessageContent } from "./message-content.js";
import type { StoreContext } from "./store-context.js";

export interface FollowupFlag {
  flagStatus: "notFlagged" | "flagged" | "complete";
  startDateTime?: { dateTime: string; timeZone: string };
  dueDateTime?: { dateTime: string; timeZone: string };
  completedDateTime?: { dateTime: string; timeZone: string };
}

export type Importance = "low" | "normal" | "high";

export interface MessageState {
  isRead: boolean;
  flag: FollowupFlag;
  categories: string[];
  /** Overrides the importance the .eml's headers imply. */
  importance?: Importance;
  isDraft: boolean;
}

export type MessageSource = { kind: "eml"; content: MessageContent } | { kind: "generated"; spec: GeneratedMessageSpec };

export interface MessageRecord {
  serial: number;
  folder: number;
  moveCount: number;
  version: number;
  createdAt: number;
  modifiedAt: number;
  source: MessageSource;
  state: MessageState;
  sizeBytes: number;
  /** Sequence number at which the message entered its current folder (delta's changeType=created). */
  enteredSeq: number;
}

export interface MessageTombstone {
  restId: string;
  immutableId: string;
}

export interface MailFolderRecord {
  serial: number;
  displayName: string;
  /** Parent folder serial; undefined for the two roots. */
  parent?: number;
  wellKnownName?: string;
  hidden: boolean;
  /** Outside msgfolderroot (Recoverable Items): reachable by alias, never listed. */
  outsideTree: boolean;
  children: Set<number>;
  members: Set<number>;
  unread: number;
  sizeBytes: number;
  version: number;
  log: ChangeLog<MessageTombstone>;
}

export interface FolderTombstone {
  id: string;
}

/** A folder: its id, a well-known name ("inbox"), a display path ("Inbox/Receipts"), or a serial. */
export type FolderRef = string | number;

export interface AddMessageOptions extends Partial<Omit<MessageState, "flag">> {
  flag?: FollowupFlag;
  /** Overrides the time derived from the .eml's Received/Date headers. */
  receivedAt?: number;
}

export interface GeneratedMessagesOptions {
  /** Seed for subjects/Message-IDs, so two batches do not collide (default: a counter). */
  seed?: string;
  /** receivedDateTime of the first message; later ones are a minute apart (default: clock now − count minutes). */
  startTime?: number;
  isRead?: boolean;
  bodyBytes?: number;
}

export interface GeneratedBatch {
  count: number;
  /** The immutable id of the i-th generated message. */
  idAt(i: number): string;
}

// Display names as Outlook.com / Exchange Online create them for English mailboxes.
const WELL_KNOWN: Array<[string, string]> = [
  ["inbox", "Inbox"],
  ["drafts", "Drafts"],
  ["sentitems", "Sent Items"],
  ["deleteditems", "Deleted Items"],
  ["junkemail", "Junk Email"],
  ["archive", "Archive"],
  ["outbox", "Outbox"],
  ["conversationhistory", "Conversation History"],
];

/** Seed folder names that mean a well-known folder (compared case-insensitively, spaces ignored). */
const WELL_KNOWN_ALIASES = new Map<string, string>([
  ["inbox", "inbox"],
  ["drafts", "drafts"],
  ["sentitems", "sentitems"],
  ["sent", "sentitems"],
  ["deleteditems", "deleteditems"],
  ["trash", "deleteditems"],
  ["junkemail", "junkemail"],
  ["junk", "junkemail"],
  ["archive", "archive"],
  ["outbox", "outbox"],
  ["conversationhistory", "conversationhistory"],
  ["recoverableitemsdeletions", "recoverableitemsdeletions"],
]);

export function wellKnownAlias(name: string): string | undefined {
  return WELL_KNOWN_ALIASES.get(name.toLowerCase().replace(/\s+/g, ""));
}

export class MailStore {
  readonly folders = new Map<number, MailFolderRecord>();
  private readonly byWellKnown = new Map<string, number>();
  /** Messages by serial; a sparse array indexed by serial is the cheapest map for 100k items. */
  private readonly messages: Array<MessageRecord | undefined> = [];
  /** Folder hierarchy changes for mailFolders/delta. */
  readonly folderLog = new ChangeLog<FolderTombstone>();
  private nextFolderSerial = 1;
  private nextMessageSerial = 1;
  private generatedBatches = 0;
  readonly rootSerial: number;

  constructor(private readonly ctx: StoreContext) {
    this.rootSerial = this.createFolder({ displayName: "Top of Information Store", wellKnownName: "msgfolderroot", hidden: false, outsideTree: false });
    for (const [wk, name] of WELL_KNOWN) {
      this.createFolder({ displayName: name, wellKnownName: wk, parent: this.rootSerial, hidden: false, outsideTree: false });
    }
    const recoverableRoot = this.createFolder({ displayName: "Recoverable Items", wellKnownName: "recoverableitemsroot", hidden: true, outsideTree: true });
    this.createFolder({ displayName: "Deletions", wellKnownName: "recoverableitemsdeletions", parent: recoverableRoot, hidden: true, outsideTree: true });
  }

  // ---- ids ----

  folderId(serial: number): string {
    return this.ctx.ids.encode("mailFolder", serial, 0, false);
  }

  restId(m: MessageRecord): string {
    return this.ctx.ids.encode("message", m.serial, m.moveCount, false);
  }

  immutableId(m: MessageRecord): string {
    return this.ctx.ids.encode("message", m.serial, 0, true);
  }

  messageId(m: MessageRecord, immutable: boolean): string {
    return immutable ? this.immutableId(m) : this.restId(m);
  }

  // ---- lookups ----

  /** Resolves a folder id, well-known name, display path or serial; undefined when unknown. */
  resolveFolder(ref: FolderRef): MailFolderRecord | undefined {
    if (typeof ref === "number") return this.folders.get(ref);
    const wk = this.byWellKnown.get(ref.toLowerCase());
    if (wk !== undefined) return this.folders.get(wk);
    const decoded = this.ctx.ids.decode(ref);
    if (decoded && decoded.kind === "mailFolder") return this.folders.get(decoded.serial);
    return this.folderByPath(ref);
  }

  private folderByPath(path: string): MailFolderRecord | undefined {
    let current = this.folders.get(this.rootSerial);
    for (const part of path.split("/").filter((p) => p.length > 0)) {
      if (!current) return undefined;
      const alias = current.serial === this.rootSerial ? wellKnownAlias(part) : undefined;
      let next: MailFolderRecord | undefined;
      if (alias) next = this.resolveFolder(alias);
      if (!next) {
        for (const child of current.children) {
          const f = this.folders.get(child);
          if (f && f.displayName.toLowerCase() === part.toLowerCase()) next = f;
        }
      }
      current = next;
    }
    return current;
  }

  /** A message by REST or immutable id; a REST id from before a move no longer resolves. */
  messageById(id: string): MessageRecord | undefined {
    const decoded = this.ctx.ids.decode(id);
    if (!decoded || decoded.kind !== "message") return undefined;
    const m = this.messages[decoded.serial];
    if (!m) return undefined;
    if (!decoded.immutable && decoded.moveCount !== (m.moveCount & 0xffff)) return undefined;
    return m;
  }

  messageBySerial(serial: number): MessageRecord | undefined {
    return this.messages[serial];
  }

  /** receivedDateTime without building a generated message's content (sorting 100k messages). */
  receivedAt(m: MessageRecord): number {
    return m.source.kind === "eml" ? m.source.content.receivedAt : m.source.spec.receivedAt;
  }

  content(m: MessageRecord): MessageContent {
    return m.source.kind === "eml" ? m.source.content : contentFromSpec(m.source.spec);
  }

  /** Is the folder inside the visible tree (msgfolderroot and below)? */
  inVisibleTree(f: MailFolderRecord): boolean {
    return !f.outsideTree;
  }

  *allMessages(): Iterable<MessageRecord> {
    for (const m of this.messages) if (m) yield m;
  }

  // ---- folder mutations ----

  private createFolder(opts: { displayName: string; parent?: number; wellKnownName?: string; hidden: boolean; outsideTree: boolean }): number {
    const serial = this.nextFolderSerial++;
    const f: MailFolderRecord = {
      serial,
      displayName: opts.displayName,
      hidden: opts.hidden,
      outsideTree: opts.outsideTree,
      children: new Set(),
      members: new Set(),
      unread: 0,
      sizeBytes: 0,
      version: 1,
      log: new ChangeLog<MessageTombstone>(),
    };
    if (opts.parent !== undefined) f.parent = opts.parent;
    if (opts.wellKnownName) {
      f.wellKnownName = opts.wellKnownName;
      this.byWellKnown.set(opts.wellKnownName, serial);
    }
    this.folders.set(serial, f);
    if (opts.parent !== undefined) this.folders.get(opts.parent)?.children.add(serial);
    if (!opts.outsideTree && opts.parent !== undefined) this.folderLog.record(serial, this.ctx.nextSeq(), this.ctx.clock.now());
    return serial;
  }

  private requireFolder(ref: FolderRef): MailFolderRecord {
    const f = this.resolveFolder(ref);
    if (!f) throw new Error(`no mail folder ${String(ref)}`);
    return f;
  }

  private touchFolder(f: MailFolderRecord): void {
    f.version += 1;
    if (!f.outsideTree && f.parent !== undefined) this.folderLog.record(f.serial, this.ctx.nextSeq(), this.ctx.clock.now());
  }

  /** Adds a folder (under msgfolderroot by default); returns its id. */
  addFolder(opts: { displayName: string; parent?: FolderRef; hidden?: boolean }): string {
    const parent = opts.parent === undefined ? this.folders.get(this.rootSerial) : this.requireFolder(opts.parent);
    if (!parent) throw new Error("mailbox has no root folder");
    const serial = this.createFolder({ displayName: opts.displayName, parent: parent.serial, hidden: opts.hidden ?? false, outsideTree: parent.outsideTree });
    this.touchFolder(parent);
    return this.folderId(serial);
  }

  /** A folder path such as "Inbox/Receipts/2024", created as needed; returns the last folder's id. */
  ensureFolderPath(path: string, opts: { hidden?: boolean } = {}): string {
    let current = this.folders.get(this.rootSerial);
    if (!current) throw new Error("mailbox has no root folder");
    const parts = path.split("/").filter((p) => p.length > 0);
    parts.forEach((part, i) => {
      if (!current) return;
      const alias = current.serial === this.rootSerial ? wellKnownAlias(part) : undefined;
      let next = alias ? this.resolveFolder(alias) : undefined;
      if (!next) {
        for (const child of current.children) {
          const f = this.folders.get(child);
          if (f && f.displayName.toLowerCase() === part.toLowerCase()) next = f;
        }
      }
      if (!next) {
        const id = this.addFolder({ displayName: part, parent: current.serial, hidden: i === parts.length - 1 ? (opts.hidden ?? false) : false });
        next = this.resolveFolder(id);
      } else if (i === parts.length - 1 && opts.hidden !== undefined && next.hidden !== opts.hidden) {
        next.hidden = opts.hidden;
        this.touchFolder(next);
      }
      current = next;
    });
    return this.folderId(current.serial);
  }

  renameFolder(ref: FolderRef, displayName: string): void {
    const f = this.requireFolder(ref);
    f.displayName = displayName;
    this.touchFolder(f);
  }

  /** Moves a folder under another; its id and its messages' ids stay (containers keep their ids). */
  moveFolder(ref: FolderRef, newParent: FolderRef): void {
    const f = this.requireFolder(ref);
    const to = this.requireFolder(newParent);
    if (f.parent === undefined || f.wellKnownName) throw new Error("well-known folders cannot be moved");
    this.folders.get(f.parent)?.children.delete(f.serial);
    const oldParent = this.folders.get(f.parent);
    f.parent = to.serial;
    to.children.add(f.serial);
    if (oldParent) this.touchFolder(oldParent);
    this.touchFolder(to);
    this.touchFolder(f);
  }

  /** Deletes a folder, its subfolders and their messages (permanently). */
  deleteFolder(ref: FolderRef): void {
    const f = this.requireFolder(ref);
    if (f.wellKnownName) throw new Error("well-known folders cannot be deleted");
    for (const child of [...f.children]) this.deleteFolder(child);
    for (const serial of [...f.members]) this.removeMessage(serial, "deleted");
    if (f.parent !== undefined) {
      const parent = this.folders.get(f.parent);
      parent?.children.delete(f.serial);
      if (parent) this.touchFolder(parent);
    }
    this.folders.delete(f.serial);
    if (!f.outsideTree) this.folderLog.record(f.serial, this.ctx.nextSeq(), this.ctx.clock.now(), { reason: "deleted", tombstone: { id: this.folderId(f.serial) } });
  }

  // ---- message mutations ----

  private insert(folder: MailFolderRecord, source: MessageSource, state: MessageState, sizeBytes: number, createdAt: number): MessageRecord {
    const serial = this.nextMessageSerial++;
    const seq = this.ctx.nextSeq();
    const m: MessageRecord = { serial, folder: folder.serial, moveCount: 0, version: 1, createdAt, modifiedAt: createdAt, source, state, sizeBytes, enteredSeq: seq };
    this.messages[serial] = m;
    folder.members.add(serial);
    folder.sizeBytes += sizeBytes;
    if (!state.isRead) folder.unread += 1;
    folder.log.record(serial, seq, createdAt);
    return m;
  }

  /** Adds a real message (the .eml bytes are served verbatim by $value); returns its immutable id. */
  async addMessage(folderRef: FolderRef, eml: Buffer, opts: AddMessageOptions = {}): Promise<string> {
    const folder = this.requireFolder(folderRef);
    const now = this.ctx.clock.now();
    const content = await contentFromEml(eml, now);
    if (opts.receivedAt !== undefined) content.receivedAt = opts.receivedAt;
    const state: MessageState = {
      isRead: opts.isRead ?? true,
      flag: opts.flag ?? { flagStatus: "notFlagged" },
      categories: opts.categories ?? [],
      isDraft: opts.isDraft ?? folder.wellKnownName === "drafts",
    };
    if (opts.importance) state.importance = opts.importance;
    // Resolve the folder again: it may have been deleted while mailparser ran.
    if (!this.folders.has(folder.serial)) throw new Error("folder was deleted while the message was parsed");
    const m = this.insert(folder, { kind: "eml", content }, state, eml.length, Math.min(now, content.receivedAt));
    return this.immutableId(m);
  }

  /** Adds `count` generated messages without files or parsing (100k in well under a second). */
  addGeneratedMessages(folderRef: FolderRef, count: number, opts: GeneratedMessagesOptions = {}): GeneratedBatch {
    const folder = this.requireFolder(folderRef);
    const seed = opts.seed ?? `b${++this.generatedBatches}`;
    const now = this.ctx.clock.now();
    const start = opts.startTime ?? now - count * 60_000;
    const to = { name: this.ctx.account.displayName, address: this.ctx.account.address };
    const first = this.nextMessageSerial;
    for (let i = 0; i < count; i++) {
      const spec: GeneratedMessageSpec = { seed, index: i, receivedAt: start + i * 60_000, to };
      if (opts.bodyBytes !== undefined) spec.bodyBytes = opts.bodyBytes;
      const state: MessageState = { isRead: opts.isRead ?? i % 3 !== 0, flag: { flagStatus: "notFlagged" }, categories: [], isDraft: false };
      this.insert(folder, { kind: "generated", spec }, state, 450 + (opts.bodyBytes ?? 300), Math.min(now, spec.receivedAt));
    }
    return { count, idAt: (i: number) => this.ctx.ids.encode("message", first + i, 0, true) };
  }

  private requireMessage(id: string): MessageRecord {
    const m = this.messageById(id);
    if (!m) throw new Error(`no message ${id}`);
    return m;
  }

  private touchMessage(m: MessageRecord): void {
    m.version += 1;
    m.modifiedAt = this.ctx.clock.now();
    this.folders.get(m.folder)?.log.record(m.serial, this.ctx.nextSeq(), m.modifiedAt);
  }

  /** Changes Outlook state (read, flag, categories, importance); the message shows up as updated. */
  updateMessage(id: string, patch: Partial<MessageState>): void {
    const m = this.requireMessage(id);
    const folder = this.folders.get(m.folder);
    if (patch.isRead !== undefined && patch.isRead !== m.state.isRead && folder) folder.unread += patch.isRead ? -1 : 1;
    m.state = { ...m.state, ...patch };
    this.touchMessage(m);
  }

  /** Moves a message: removed from the old folder's delta, added to the new one's; REST id changes. */
  moveMessage(id: string, destination: FolderRef): string {
    const m = this.requireMessage(id);
    const to = this.requireFolder(destination);
    if (to.serial === m.folder) return this.restId(m);
    const from = this.folders.get(m.folder);
    const now = this.ctx.clock.now();
    if (from) {
      from.members.delete(m.serial);
      from.sizeBytes -= m.sizeBytes;
      if (!m.state.isRead) from.unread -= 1;
      from.log.record(m.serial, this.ctx.nextSeq(), now, { reason: "deleted", tombstone: { restId: this.restId(m), immutableId: this.immutableId(m) } });
    }
    m.folder = to.serial;
    m.moveCount += 1;
    m.version += 1;
    m.modifiedAt = now;
    to.members.add(m.serial);
    to.sizeBytes += m.sizeBytes;
    if (!m.state.isRead) to.unread += 1;
    m.enteredSeq = this.ctx.nextSeq();
    to.log.record(m.serial, m.enteredSeq, now);
    return this.restId(m);
  }

  /**
   * Deletes a message the way Outlook does: a soft delete moves it to Deleted Items (from there to
   * Recoverable Items), `permanent` removes it for good.
   */
  deleteMessage(id: string, opts: { permanent?: boolean } = {}): void {
    const m = this.requireMessage(id);
    if (opts.permanent) {
      this.removeMessage(m.serial, "deleted");
      return;
    }
    const folder = this.folders.get(m.folder);
    const target = folder?.wellKnownName === "deleteditems" ? "recoverableitemsdeletions" : "deleteditems";
    if (folder?.wellKnownName === "recoverableitemsdeletions") {
      this.removeMessage(m.serial, "deleted");
      return;
    }
    this.moveMessage(id, target);
  }

  private removeMessage(serial: number, reason: "deleted" | "changed"): void {
    const m = this.messages[serial];
    if (!m) return;
    const folder = this.folders.get(m.folder);
    if (folder) {
      folder.members.delete(serial);
      folder.sizeBytes -= m.sizeBytes;
      if (!m.state.isRead) folder.unread -= 1;
      folder.log.record(serial, this.ctx.nextSeq(), this.ctx.clock.now(), { reason, tombstone: { restId: this.restId(m), immutableId: this.immutableId(m) } });
    }
    this.messages[serial] = undefined;
  }

  /** Immutable ids of the messages in a folder, in insertion order. */
  messageIds(folderRef: FolderRef): string[] {
    const folder = this.requireFolder(folderRef);
    return [...folder.members].map((serial) => this.ctx.ids.encode("message", serial, 0, true));
  }

  /** The folder id and current REST id of a message (tests compare them with what a client saw). */
  describeMessage(id: string): { immutableId: string; restId: string; folderId: string; internetMessageId: string } | undefined {
    const m = this.messageById(id);
    if (!m) return undefined;
    return { immutableId: this.immutableId(m), restId: this.restId(m), folderId: this.folderId(m.folder), internetMessageId: this.content(m).internetMessageId };
  }
}
