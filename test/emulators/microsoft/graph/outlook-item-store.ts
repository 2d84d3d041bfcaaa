// Containers of Outlook items with per-container change logs: contact folders with contacts, and
// calendars with events. (Mail has its own store: its folder tree, hidden folders and counters
// are richer.) Item ids follow Exchange: a REST id changes when the item moves to another
// container, an immutable id does not; container ids never change.
import { ChangeLog } from "./change-log.js";
import type { OutlookKind } from "./graph-ids.js";
import type { StoreContext } from "./store-context.js";

export interface OutlookTombstone {
  restId: string;
  immutableId: string;
}

export interface ContainerRecord {
  serial: number;
  name: string;
  parent?: number;
  isDefault: boolean;
  version: number;
  children: Set<number>;
  members: Set<number>;
  log: ChangeLog<OutlookTombstone>;
}

export interface ItemRecord<TData> {
  serial: number;
  container: number;
  moveCount: number;
  version: number;
  createdAt: number;
  modifiedAt: number;
  data: TData;
}

export class OutlookItemStore<TData> {
  readonly containers = new Map<number, ContainerRecord>();
  private readonly items: Array<ItemRecord<TData> | undefined> = [];
  /** Container hierarchy changes (contactFolders/delta). */
  readonly containerLog = new ChangeLog<{ id: string }>();
  private nextContainer = 1;
  private nextItem = 1;

  constructor(
    private readonly ctx: StoreContext,
    private readonly itemKind: OutlookKind,
    private readonly containerKind: OutlookKind,
  ) {}

  containerId(serial: number): string {
    return this.ctx.ids.encode(this.containerKind, serial, 0, false);
  }

  restId(item: ItemRecord<TData>): string {
    return this.ctx.ids.encode(this.itemKind, item.serial, item.moveCount, false);
  }

  immutableId(item: ItemRecord<TData>): string {
    return this.ctx.ids.encode(this.itemKind, item.serial, 0, true);
  }

  itemId(item: ItemRecord<TData>, immutable: boolean): string {
    return immutable ? this.immutableId(item) : this.restId(item);
  }

  changeKey(item: ItemRecord<TData>): string {
    return this.ctx.ids.changeKey(this.itemKind, item.serial, item.version);
  }

  containerChangeKey(c: ContainerRecord): string {
    return this.ctx.ids.changeKey(this.containerKind, c.serial, c.version);
  }

  tombstone(item: ItemRecord<TData>): OutlookTombstone {
    return { restId: this.restId(item), immutableId: this.immutableId(item) };
  }

  defaultContainer(): ContainerRecord | undefined {
    for (const c of this.containers.values()) if (c.isDefault) return c;
    return undefined;
  }

  /** By id, serial, or name (case-insensitive); "default" style aliases are resolved by callers. */
  resolveContainer(ref: string | number): ContainerRecord | undefined {
    if (typeof ref === "number") return this.containers.get(ref);
    const decoded = this.ctx.ids.decode(ref);
    if (decoded && decoded.kind === this.containerKind) return this.containers.get(decoded.serial);
    for (const c of this.containers.values()) if (c.name.toLowerCase() === ref.toLowerCase()) return c;
    return undefined;
  }

  byId(id: string): ItemRecord<TData> | undefined {
    const decoded = this.ctx.ids.decode(id);
    if (!decoded || decoded.kind !== this.itemKind) return undefined;
    const item = this.items[decoded.serial];
    if (!item) return undefined;
    if (!decoded.immutable && decoded.moveCount !== (item.moveCount & 0xffff)) return undefined;
    return item;
  }

  bySerial(serial: number): ItemRecord<TData> | undefined {
    return this.items[serial];
  }

  *itemsIn(container: ContainerRecord): Iterable<ItemRecord<TData>> {
    for (const serial of container.members) {
      const item = this.items[serial];
      if (item) yield item;
    }
  }

  addContainer(name: string, opts: { parent?: number; isDefault?: boolean } = {}): ContainerRecord {
    const serial = this.nextContainer++;
    const c: ContainerRecord = { serial, name, isDefault: opts.isDefault ?? false, version: 1, children: new Set(), members: new Set(), log: new ChangeLog() };
    if (opts.parent !== undefined) {
      c.parent = opts.parent;
      this.containers.get(opts.parent)?.children.add(serial);
    }
    this.containers.set(serial, c);
    this.containerLog.record(serial, this.ctx.nextSeq(), this.ctx.clock.now());
    return c;
  }

  renameContainer(c: ContainerRecord, name: string): void {
    c.name = name;
    c.version += 1;
    this.containerLog.record(c.serial, this.ctx.nextSeq(), this.ctx.clock.now());
  }

  deleteContainer(c: ContainerRecord): void {
    if (c.isDefault) throw new Error("the default container cannot be deleted");
    for (const child of [...c.children]) {
      const cc = this.containers.get(child);
      if (cc) this.deleteContainer(cc);
    }
    for (const serial of [...c.members]) this.remove(serial);
    if (c.parent !== undefined) this.containers.get(c.parent)?.children.delete(c.serial);
    this.containers.delete(c.serial);
    this.containerLog.record(c.serial, this.ctx.nextSeq(), this.ctx.clock.now(), { reason: "deleted", tombstone: { id: this.containerId(c.serial) } });
  }

  add(container: ContainerRecord, data: TData, createdAt?: number): ItemRecord<TData> {
    const now = this.ctx.clock.now();
    const serial = this.nextItem++;
    const item: ItemRecord<TData> = { serial, container: container.serial, moveCount: 0, version: 1, createdAt: createdAt ?? now, modifiedAt: now, data };
    this.items[serial] = item;
    container.members.add(serial);
    container.log.record(serial, this.ctx.nextSeq(), now);
    return item;
  }

  update(item: ItemRecord<TData>, data: TData): void {
    item.data = data;
    item.version += 1;
    item.modifiedAt = this.ctx.clock.now();
    this.containers.get(item.container)?.log.record(item.serial, this.ctx.nextSeq(), item.modifiedAt);
  }

  move(item: ItemRecord<TData>, to: ContainerRecord): void {
    if (item.container === to.serial) return;
    const now = this.ctx.clock.now();
    const from = this.containers.get(item.container);
    if (from) {
      from.members.delete(item.serial);
      from.log.record(item.serial, this.ctx.nextSeq(), now, { reason: "deleted", tombstone: this.tombstone(item) });
    }
    item.container = to.serial;
    item.moveCount += 1;
    item.version += 1;
    item.modifiedAt = now;
    to.members.add(item.serial);
    to.log.record(item.serial, this.ctx.nextSeq(), now);
  }

  remove(serial: number): void {
    const item = this.items[serial];
    if (!item) return;
    const c = this.containers.get(item.container);
    if (c) {
      c.members.delete(serial);
      c.log.record(serial, this.ctx.nextSeq(), this.ctx.clock.now(), { reason: "deleted", tombstone: this.tombstone(item) });
    }
    this.items[serial] = undefined;
  }
}
