// A series' instances in a time window, as calendarView and /instances return them: occurrences at
// the pattern's dates (in the recurrence's time zone, at the master's wall-clock start time),
// exceptions in place of the occurrences they modify, cancelled occurrences left out. Instance ids
// are the master's id plus the original start, so they are stable and decodable.
import { graphDateTimeToUtcMs, ianaForGraphZone } from "../../../../shared/graph-date-time.js";
import { localToUtc, parseLocalIso, utcToLocal } from "../../../../shared/zone-offsets.js";
import { expandRecurrenceDates } from "../seed/graph-recurrence-expand.js";
import type { EventData, EventSeries } from "./calendar-store.js";

export interface EventInstance {
  type: "singleInstance" | "occurrence" | "exception";
  /** Original start (epoch ms); the start itself for single instances. */
  originalStart: number;
  start: number;
  end: number;
  event: EventData;
}

const DAY_MS = 86_400_000;

/** All-day events are floating: midnight to midnight of their dates, held as UTC midnights. */
function floating(value: { dateTime: string }): number {
  const t = parseLocalIso(value.dateTime);
  return Date.UTC(t.year, t.month - 1, t.day);
}

export function spanOf(e: EventData): { start: number; end: number } {
  const start = e.isAllDay ? floating(e.start) : graphDateTimeToUtcMs(e.start);
  const end = e.isAllDay ? floating(e.end) : graphDateTimeToUtcMs(e.end);
  return { start, end: Math.max(start, end) };
}

function overlaps(start: number, end: number, from: number, to: number): boolean {
  // A zero-length event at the window start still belongs to it.
  return start < to && (end > from || (end === start && start >= from));
}

/** Every instance of the series overlapping [from, to) (epoch ms). */
export function instancesInWindow(series: EventSeries, from: number, to: number): EventInstance[] {
  const master = series.event;
  if (!master.recurrence || master.type !== "seriesMaster") {
    const { start, end } = spanOf(master);
    return overlaps(start, end, from, to) ? [{ type: "singleInstance", originalStart: start, start, end, event: master }] : [];
  }
  const masterSpan = spanOf(master);
  const duration = masterSpan.end - masterSpan.start;
  const zone = ianaForGraphZone(master.recurrence.range.recurrenceTimeZone) ?? ianaForGraphZone(master.start.timeZone) ?? "UTC";
  // The master's wall-clock start in the recurrence's zone gives every occurrence's time of day.
  const local = utcToLocal(master.isAllDay ? "UTC" : zone, masterSpan.start);
  const windowEnd = utcToLocal("UTC", to + 2 * DAY_MS);
  const out: EventInstance[] = [];
  const cancelled = new Set(series.cancelled);
  const exceptions = new Map(series.exceptions.map((e) => [e.originalStart, e.event]));
  const seen = new Set<number>();
  for (const d of expandRecurrenceDates(master.recurrence, windowEnd)) {
    const originalStart = master.isAllDay
      ? Date.UTC(d.year, d.month - 1, d.day)
      : localToUtc(zone, { year: d.year, month: d.month, day: d.day, hour: local.hour, minute: local.minute, second: local.second });
    seen.add(originalStart);
    if (cancelled.has(originalStart)) continue;
    const exception = exceptions.get(originalStart);
    if (exception) {
      const span = spanOf(exception);
      if (overlaps(span.start, span.end, from, to)) out.push({ type: "exception", originalStart, start: span.start, end: span.end, event: exception });
      continue;
    }
    const end = originalStart + duration;
    if (overlaps(originalStart, end, from, to)) out.push({ type: "occurrence", originalStart, start: originalStart, end, event: master });
  }
  // An exception moved into the window from a date the window does not cover.
  for (const [originalStart, exception] of exceptions) {
    if (seen.has(originalStart) || cancelled.has(originalStart)) continue;
    const span = spanOf(exception);
    if (overlaps(span.start, span.end, from, to)) out.push({ type: "exception", originalStart, start: span.start, end: span.end, event: exception });
  }
  return out.sort((a, b) => a.start - b.start || a.originalStart - b.originalStart);
}
