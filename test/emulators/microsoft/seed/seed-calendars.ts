// calendars/<calendar>/*.ics → calendars and events. "Calendar" (any case) is the default
// calendar, any other directory another calendar. The .ics → Graph conversion (recurrence
// patterns, exceptions, cancellations, what Outlook cannot represent) is ics-to-graph-events.ts;
// here its flat event list is regrouped into series the store keeps: a master with its exceptions
// and cancelled occurrences.
import { promises as fsp } from "node:fs";
import path from "node:path";
import type { GraphEvent } from "../../../../shared/graph-types.js";
import { ianaForGraphZone } from "../../../../shared/graph-date-time.js";
import { utcToLocal, formatLocalDate } from "../../../../shared/zone-offsets.js";
import type { AccountData } from "../graph/account-store.js";
import type { EventData, EventSeries } from "../graph/calendar-store.js";
import { instancesInWindow } from "../graph/event-instances.js";
import { icsToGraphEventsWithNotes } from "./ics-to-graph-events.js";
import { listDir } from "./seed-files.js";

const DAY_MS = 86_400_000;

function eventData(e: GraphEvent): EventData {
  const copy: Partial<GraphEvent> = { ...e };
  for (const k of ["id", "@odata.etag", "changeKey", "createdDateTime", "lastModifiedDateTime", "seriesMasterId", "cancelledOccurrences", "occurrenceId", "originalStart"] as const) delete copy[k];
  return copy as EventData;
}

/** "OID.<masterId>.2024-05-01" → that occurrence's original start (ms), found by expanding the series. */
function cancelledStart(master: EventData, oid: string): number | undefined {
  const date = oid.slice(oid.lastIndexOf(".") + 1);
  const day = Date.parse(`${date}T00:00:00Z`);
  if (!Number.isFinite(day) || !master.recurrence) return undefined;
  const zone = ianaForGraphZone(master.recurrence.range.recurrenceTimeZone) ?? "UTC";
  const series: EventSeries = { event: master, exceptions: [], cancelled: [] };
  const match = instancesInWindow(series, day - 2 * DAY_MS, day + 3 * DAY_MS).find((i) => formatLocalDate(utcToLocal(master.isAllDay ? "UTC" : zone, i.originalStart)) === date);
  return match?.originalStart;
}

/** Groups the converter's flat list into series (masters with exceptions) and single events. */
export function groupSeries(events: GraphEvent[]): Array<{ series: EventSeries; createdAt?: number }> {
  const byId = new Map<string, { series: EventSeries; createdAt?: number }>();
  const out: Array<{ series: EventSeries; createdAt?: number }> = [];
  for (const e of events) {
    if (e.type === "exception" || e.type === "occurrence") continue;
    const entry: { series: EventSeries; createdAt?: number } = { series: { event: eventData(e), exceptions: [], cancelled: [] } };
    const created = e.createdDateTime ? Date.parse(e.createdDateTime) : Number.NaN;
    if (Number.isFinite(created)) entry.createdAt = created;
    if (e.type === "seriesMaster") {
      for (const oid of e.cancelledOccurrences ?? []) {
        const t = cancelledStart(entry.series.event, oid);
        if (t !== undefined) entry.series.cancelled.push(t);
      }
    }
    byId.set(e.id, entry);
    out.push(entry);
  }
  for (const e of events) {
    if (e.type !== "exception" || !e.seriesMasterId || !e.originalStart) continue;
    const master = byId.get(e.seriesMasterId);
    const originalStart = Date.parse(e.originalStart);
    if (!master || !Number.isFinite(originalStart)) continue;
    master.series.exceptions.push({ originalStart, event: { ...eventData(e), type: "exception", recurrence: null } });
  }
  return out;
}

export interface CalendarSeedReport {
  events: number;
  notes: string[];
}

export async function seedCalendars(account: AccountData, calendarsDir: string): Promise<CalendarSeedReport> {
  const report: CalendarSeedReport = { events: 0, notes: [] };
  let tempId = 0;
  for (const dir of await listDir(calendarsDir)) {
    if (!dir.isDir) continue;
    const calendarId = dir.name.toLowerCase() === "calendar" ? account.calendar.items.containerId(account.calendar.defaultCalendar.serial) : account.calendar.addCalendar(dir.name);
    for (const file of await listDir(path.join(calendarsDir, dir.name))) {
      if (file.isDir || !file.name.toLowerCase().endsWith(".ics")) continue;
      const full = path.join(calendarsDir, dir.name, file.name);
      const text = await fsp.readFile(full, "utf8");
      let result;
      try {
        result = icsToGraphEventsWithNotes(text, {
          calendarId,
          newId: () => `seed-${++tempId}`,
          owner: { name: account.account.displayName, address: account.address },
          now: () => account.clock.now(),
        });
      } catch (err) {
        report.notes.push(`${dir.name}/${file.name}: skipped (${(err as Error).message})`);
        continue;
      }
      for (const note of result.notes) report.notes.push(`${dir.name}/${file.name}: ${note}`);
      for (const { series, createdAt } of groupSeries(result.events)) {
        account.calendar.addEvent(calendarId, series, createdAt !== undefined ? { createdAt } : {});
        report.events += 1;
      }
    }
  }
  return report;
}
