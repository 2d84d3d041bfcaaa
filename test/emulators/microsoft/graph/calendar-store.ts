// Calendars and their events. An event item is a single instance or a recurring series (the master
// with its recurrence, its modified occurrences — exceptions — and its cancelled occurrences).
// calendarView expands series into instances in a window; its delta must also tell a client which
// instances disappeared, so every series keeps a short history of its past states by sequence
// number (what a client saw at the end of its last round is "the state at seq ≤ since").
import type { GraphEvent } from "../../../../shared/graph-types.js";
import { OutlookItemStore, type ContainerRecord, type ItemRecord } from "./outlook-item-store.js";
import type { StoreContext } from "./store-context.js";

/** Members of an event the store owns (ids, change keys, timestamps, series links). */
type StoreOwned = "id" | "@odata.etag" | "changeKey" | "createdDateTime" | "lastModifiedDateTime" | "seriesMasterId" | "cancelledOccurrences" | "occurrenceId" | "originalStart";

/** An event's own data as Graph would describe it, minus store-owned members. */
export type EventData = Omit<GraphEvent, StoreOwned>;

export interface EventException {
  /** The occurrence's original start, epoch ms (UTC). */
  originalStart: number;
  event: EventData;
}

export interface EventSeries {
  /** A singleInstance event, or the seriesMaster (type "seriesMaster", recurrence set). */
  event: EventData;
  exceptions: EventException[];
  /** Original starts (epoch ms) of cancelled (deleted) occurrences. */
  cancelled: number[];
}

export type EventRecord = ItemRecord<EventSeries>;

interface HistoryEntry {
  seq: number;
  series: EventSeries | null;
}

export class CalendarStore {
  readonly items: OutlookItemStore<EventSeries>;
  readonly defaultCalendar: ContainerRecord;
  private readonly history = new Map<number, HistoryEntry[]>();

  constructor(private readonly ctx: StoreContext) {
    this.items = new OutlookItemStore<EventSeries>(ctx, "event", "calendar");
    this.defaultCalendar = this.items.addContainer("Calendar", { isDefault: true });
  }

  private remember(item: EventRecord, series: EventSeries | null): void {
    const list = this.history.get(item.serial) ?? [];
    list.push({ seq: this.ctx.currentSeq(), series });
    this.history.set(item.serial, list);
  }

  /** The series as it was once every change up to `seq` had happened (null: did not exist). */
  seriesAt(serial: number, seq: number): EventSeries | null {
    const list = this.history.get(serial) ?? [];
    let found: EventSeries | null = null;
    for (const h of list) {
      if (h.seq > seq) break;
      found = h.series;
    }
    return found;
  }

  /** "calendar" (or "") is the default calendar; otherwise an id or a calendar name. */
  resolveCalendar(ref: string | number): ContainerRecord | undefined {
    if (typeof ref === "string" && (ref === "" || ref.toLowerCase() === "calendar")) return this.defaultCalendar;
    return this.items.resolveContainer(ref);
  }

  private requireCalendar(ref: string | number): ContainerRecord {
    const c = this.resolveCalendar(ref);
    if (!c) throw new Error(`no calendar ${String(ref)}`);
    return c;
  }

  private requireEvent(id: string): EventRecord {
    const e = this.items.byId(id);
    if (!e) throw new Error(`no event ${id}`);
    return e;
  }

  addCalendar(name: string): string {
    const existing = this.items.resolveContainer(name);
    if (existing) return this.items.containerId(existing.serial);
    return this.items.containerId(this.items.addContainer(name).serial);
  }

  deleteCalendar(ref: string): void {
    const c = this.requireCalendar(ref);
    for (const item of [...this.items.itemsIn(c)]) this.remember(item, null);
    this.items.deleteContainer(c);
  }

  /** Adds a single event or a series; returns the (immutable) id of the event / series master. */
  addEvent(calendar: string | number, series: EventSeries | EventData, opts: { createdAt?: number } = {}): string {
    const full: EventSeries = "exceptions" in series && "cancelled" in series ? series : { event: series as EventData, exceptions: [], cancelled: [] };
    const item = this.items.add(this.requireCalendar(calendar), structuredClone(full), opts.createdAt);
    this.remember(item, item.data);
    return this.items.immutableId(item);
  }

  /** Changes members of a single event or of a series master (e.g. subject, start/end, recurrence). */
  updateEvent(id: string, patch: Partial<EventData>): void {
    const item = this.requireEvent(id);
    const next: EventSeries = { ...structuredClone(item.data), event: { ...structuredClone(item.data.event), ...patch } };
    this.items.update(item, next);
    this.remember(item, next);
  }

  /** Modifies one occurrence of a series (an exception); `originalStart` is the occurrence's start. */
  setException(id: string, originalStart: number, patch: Partial<EventData>): void {
    const item = this.requireEvent(id);
    const next = structuredClone(item.data);
    const existing = next.exceptions.find((e) => e.originalStart === originalStart);
    const base = existing?.event ?? { ...next.event, recurrence: null, type: "exception" as const };
    const updated: EventException = { originalStart, event: { ...base, ...patch, type: "exception", recurrence: null } };
    next.exceptions = [...next.exceptions.filter((e) => e.originalStart !== originalStart), updated];
    this.items.update(item, next);
    this.remember(item, next);
  }

  /** Deletes one occurrence of a series. */
  cancelOccurrence(id: string, originalStart: number): void {
    const item = this.requireEvent(id);
    const next = structuredClone(item.data);
    next.exceptions = next.exceptions.filter((e) => e.originalStart !== originalStart);
    if (!next.cancelled.includes(originalStart)) next.cancelled.push(originalStart);
    this.items.update(item, next);
    this.remember(item, next);
  }

  deleteEvent(id: string): void {
    const item = this.requireEvent(id);
    this.items.remove(item.serial);
    this.remember(item, null);
  }

  moveEvent(id: string, calendar: string): void {
    const item = this.requireEvent(id);
    this.items.move(item, this.requireCalendar(calendar));
    this.remember(item, item.data);
  }

  eventIds(calendar: string | number = "calendar"): string[] {
    return [...this.items.itemsIn(this.requireCalendar(calendar))].map((e) => this.items.immutableId(e));
  }
}
