// Time windows for calendarView/delta and /instances. Graph refuses a range longer than 1825 days
// ("The range between the start and end dates is greater than the allowed range. Maximum number of
// days: 1825", microsoft-graph-docs-contrib issue #6321, since 2019), so the change-detection window
// is just under five years and longer spans are read in pieces.

const DAY_MS = 86_400_000;

/** A little under Graph's 1825 days, so leap days and rounding never cross it. */
export const MAX_RANGE_DAYS = 1820;

/** Days of the change-detection window that lie before "now": the recent past still changes. */
const PAST_DAYS = 730;

/** A window this close to its end is moved on: a new round starts around "now" again. */
const REANCHOR_BEFORE_END_DAYS = 365;

export interface ViewWindow {
  /** ISO instants, as sent in startDateTime/endDateTime. */
  start: string;
  end: string;
}

export function isoOf(ms: number): string {
  return new Date(ms).toISOString().replace(/\.\d{3}Z$/, "Z");
}

/**
 * The fixed window of a new calendarView/delta round: two years back and three ahead of today
 * (UTC midnights). The window is sealed into the round's tokens; events outside it still surface
 * in the round as `@removed` ids when they change (Graph documents this), which the sync resolves.
 */
export function deltaWindowAt(nowMs: number): ViewWindow {
  const from = Math.floor(nowMs / DAY_MS) * DAY_MS - PAST_DAYS * DAY_MS;
  return { start: isoOf(from), end: isoOf(from + MAX_RANGE_DAYS * DAY_MS) };
}

/** True when "now" has come within a year of the window's end: time to start a round around now. */
export function needsReanchor(w: ViewWindow, nowMs: number): boolean {
  return nowMs > Date.parse(w.end) - REANCHOR_BEFORE_END_DAYS * DAY_MS;
}

/** [from, to) cut into pieces Graph accepts. */
export function rangeChunks(fromMs: number, toMs: number): Array<[number, number]> {
  const out: Array<[number, number]> = [];
  for (let s = fromMs; s < toMs; s += MAX_RANGE_DAYS * DAY_MS) out.push([s, Math.min(toMs, s + MAX_RANGE_DAYS * DAY_MS)]);
  return out;
}
