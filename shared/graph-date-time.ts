// Graph's dateTimeTimeZone values <-> instants. Graph names zones the Windows way by default but
// accepts and echoes IANA names too (Prefer: outlook.timezone="Europe/Paris" works), and writes UTC
// as "UTC" (start/end) or "tzone://Microsoft/Utc" (originalStartTimeZone of some events).

import type { DateTimeTimeZone } from "./graph-types.js";
import { canonicalIana, windowsToIana } from "./windows-time-zones.js";
import { formatLocalIso, localToUtc, parseLocalIso, utcToLocal, type LocalDateTime } from "./zone-offsets.js";

/** The IANA zone behind a Graph zone name (Windows, IANA or UTC spellings), or undefined. */
export function ianaForGraphZone(name: string | undefined | null): string | undefined {
  if (!name) return undefined;
  const n = name.trim();
  if (/^(utc|gmt|etc\/utc|etc\/gmt|z|tzone:\/\/microsoft\/utc|coordinated universal time)$/i.test(n)) return "UTC";
  return windowsToIana(n) ?? canonicalIana(n);
}

/** "2017-10-09T18:30:00.0000000": Graph's dateTime spelling (seven fractional digits, no offset). */
export function formatGraphLocal(t: LocalDateTime): string {
  return `${formatLocalIso(t)}.0000000`;
}

/** The instant a Graph dateTimeTimeZone denotes; throws on a zone Graph itself would reject. */
export function graphDateTimeToUtcMs(value: DateTimeTimeZone): number {
  const iana = ianaForGraphZone(value.timeZone);
  if (iana === undefined) throw new Error(`unknown time zone ${JSON.stringify(value.timeZone)}`);
  return localToUtc(iana, parseLocalIso(value.dateTime));
}

/** A dateTimeTimeZone for an instant, expressed in the zone `zoneName` (Windows, IANA or "UTC"). */
export function utcMsToGraphDateTime(utcMs: number, zoneName: string): DateTimeTimeZone {
  const iana = ianaForGraphZone(zoneName);
  if (iana === undefined) throw new Error(`unknown time zone ${JSON.stringify(zoneName)}`);
  return { dateTime: formatGraphLocal(utcToLocal(iana, utcMs)), timeZone: zoneName };
}

/** "2017-10-09T18:30:00Z": Graph's DateTimeOffset spelling for originalStart and the like. */
export function formatUtcOffset(utcMs: number): string {
  return new Date(utcMs).toISOString().replace(/\.\d{3}Z$/, "Z");
}
