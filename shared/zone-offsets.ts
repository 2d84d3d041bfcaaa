// UTC offsets of IANA zones from the tz database Node ships (through Intl), and conversions between
// wall-clock times and instants. Used to turn Graph's {dateTime, timeZone} pairs into instants and
// back, and to build VTIMEZONE definitions, without a time zone library.

/** A wall-clock time; month 1-12. */
export interface LocalDateTime {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
  second: number;
}

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatterFor(iana: string): Intl.DateTimeFormat {
  let f = formatters.get(iana);
  if (!f) {
    f = new Intl.DateTimeFormat("en-US", {
      timeZone: iana,
      hourCycle: "h23",
      year: "numeric",
      month: "numeric",
      day: "numeric",
      hour: "numeric",
      minute: "numeric",
      second: "numeric",
      era: "short",
    });
    formatters.set(iana, f);
  }
  return f;
}

/** Offset of `iana` from UTC at the instant `utcMs`, in minutes (east positive), whole seconds dropped. */
export function offsetMinutesAt(iana: string, utcMs: number): number {
  if (iana === "UTC" || iana === "Etc/UTC") return 0;
  const whole = Math.floor(utcMs / 1000) * 1000;
  const parts = formatterFor(iana).formatToParts(new Date(whole));
  let year = 0, month = 1, day = 1, hour = 0, minute = 0, second = 0, bc = false;
  for (const p of parts) {
    switch (p.type) {
      case "year": year = Number(p.value); break;
      case "month": month = Number(p.value); break;
      case "day": day = Number(p.value); break;
      case "hour": hour = Number(p.value); break;
      case "minute": minute = Number(p.value); break;
      case "second": second = Number(p.value); break;
      case "era": bc = p.value.startsWith("B"); break;
    }
  }
  if (bc) year = 1 - year;
  const local = utcFromFields(year, month, day, hour, minute, second);
  // LMT offsets have seconds (e.g. +0:53:28); calendars never need them, so round to minutes.
  return Math.round((local - whole) / 60000);
}

/** Date.UTC without its two-digit-year quirk (years 0-99 would become 1900-1999). */
export function utcFromFields(year: number, month: number, day: number, hour = 0, minute = 0, second = 0): number {
  const d = new Date(0);
  d.setUTCFullYear(year, month - 1, day);
  d.setUTCHours(hour, minute, second, 0);
  return d.getTime();
}

/** The wall-clock time of `utcMs` in `iana`. */
export function utcToLocal(iana: string, utcMs: number): LocalDateTime {
  return fieldsOf(utcMs + offsetMinutesAt(iana, utcMs) * 60000);
}

/** Fields of a millisecond count read as UTC. */
export function fieldsOf(ms: number): LocalDateTime {
  const d = new Date(ms);
  return {
    year: d.getUTCFullYear(),
    month: d.getUTCMonth() + 1,
    day: d.getUTCDate(),
    hour: d.getUTCHours(),
    minute: d.getUTCMinutes(),
    second: d.getUTCSeconds(),
  };
}

/**
 * The instant of a wall-clock time in `iana`, with RFC 5545's rules (§3.3.5) for the two awkward
 * cases: a time that occurs twice (fall back) means the first one, and a time skipped by a gap
 * (spring forward) is read with the offset in force before the gap.
 */
export function localToUtc(iana: string, t: LocalDateTime): number {
  const asUtc = utcFromFields(t.year, t.month, t.day, t.hour, t.minute, t.second);
  if (iana === "UTC" || iana === "Etc/UTC") return asUtc;
  const before = offsetMinutesAt(iana, asUtc - 86_400_000);
  const after = offsetMinutesAt(iana, asUtc + 86_400_000);
  const candidates: number[] = [];
  for (const off of new Set([before, after, offsetMinutesAt(iana, asUtc)])) {
    const u = asUtc - off * 60000;
    if (offsetMinutesAt(iana, u) === off) candidates.push(u);
  }
  if (candidates.length === 0) return asUtc - before * 60000;
  return Math.min(...candidates);
}

export function pad(n: number, width = 2): string {
  const s = String(Math.abs(n)).padStart(width, "0");
  return n < 0 ? `-${s}` : s;
}

/** "2017-10-09T18:30:00" */
export function formatLocalIso(t: LocalDateTime): string {
  return `${pad(t.year, 4)}-${pad(t.month)}-${pad(t.day)}T${pad(t.hour)}:${pad(t.minute)}:${pad(t.second)}`;
}

/** "2017-10-09" */
export function formatLocalDate(t: { year: number; month: number; day: number }): string {
  return `${pad(t.year, 4)}-${pad(t.month)}-${pad(t.day)}`;
}

/** Parses "2017-10-09T18:30:00(.fraction)" or "2017-10-09" (a trailing Z or offset is ignored). */
export function parseLocalIso(s: string): LocalDateTime {
  const m = /^(-?\d{4,})-(\d{2})-(\d{2})(?:T(\d{2}):(\d{2})(?::(\d{2}))?)?/.exec(s.trim());
  if (!m) throw new Error(`not an ISO date-time: ${JSON.stringify(s)}`);
  return {
    year: Number(m[1]),
    month: Number(m[2]),
    day: Number(m[3]),
    hour: Number(m[4] ?? 0),
    minute: Number(m[5] ?? 0),
    second: Number(m[6] ?? 0),
  };
}
