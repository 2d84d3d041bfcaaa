// Local clock-time arithmetic for schedules. Everything goes through Date's local-time setters, so
// daylight-saving changes are the platform's (a 02:30 that does not exist moves forward, a repeated
// hour is taken once), and tests can pin the zone with TZ.

/** "HH:MM" → minutes after midnight; throws on anything else. */
export function parseClock(hhmm: string): number {
  const m = /^([01]\d|2[0-3]):([0-5]\d)$/.exec(hhmm);
  if (!m) throw new Error(`"${hhmm}" is not a time of day (HH:MM, 24-hour).`);
  return Number(m[1]) * 60 + Number(m[2]);
}

/** The local date of `d` at the clock time `minutes` after midnight, `dayOffset` days later. */
export function atLocalClock(d: Date, minutes: number, dayOffset = 0): Date {
  const out = new Date(d.getFullYear(), d.getMonth(), d.getDate() + dayOffset, 0, 0, 0, 0);
  out.setHours(Math.floor(minutes / 60), minutes % 60, 0, 0);
  return out;
}

export function localMinutes(d: Date): number {
  return d.getHours() * 60 + d.getMinutes();
}

/** A stable name for the local day of `d` ("2026-03-29"), used to seed that day's jitter. */
export function localDayKey(d: Date): string {
  return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, "0")}-${String(d.getDate()).padStart(2, "0")}`;
}

/** Is `d` inside the local window [from, to)? A window whose end is before its start spans midnight. */
export function inWindow(d: Date, from: number, to: number): boolean {
  if (from === to) return false;
  const m = localMinutes(d);
  return from < to ? m >= from && m < to : m >= from || m < to;
}

/** The end of the window `d` is in (the next local `to` after `d`). */
export function windowEnd(d: Date, to: number): Date {
  const sameDay = atLocalClock(d, to);
  return sameDay.getTime() > d.getTime() ? sameDay : atLocalClock(d, to, 1);
}
