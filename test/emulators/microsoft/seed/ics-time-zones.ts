// How Outlook reads the time zones of an imported iCalendar file, as the emulator models it.
//
// Outlook keeps events in its own (Windows) zones, so every TZID is mapped to one:
//   1. a TZID that names a zone (a Windows name, a Windows display name such as
//      "(UTC-03:00) Brasília" or "Canberra, Melbourne, Sydney", an IANA name or an IANA name
//      given by X-LIC-LOCATION / a path suffix) is taken by name, and the zone's real rules (the tz
//      database in Node's Intl) are used, not the file's VTIMEZONE text: Outlook does the same with
//      its own zone table, and so does Python's icalendar with pytz;
//   2. otherwise the file's VTIMEZONE is compared with every Windows zone over the years the events
//      use it (one sample a day), and the first Windows zone with the same offsets on every day
//      is taken ("Eastern" with US rules -> "Eastern Standard Time");
//   3. when nothing matches, the Windows zone with the same offset at the event's start (the
//      closest Outlook can do; Outlook itself would store a "tzone://Microsoft/Custom" zone);
//   4. floating times (no TZID, no Z) are read in the mailbox's zone, as Outlook does on import.

import ICAL from "ical.js";

import { WINDOWS_ZONES, canonicalIana, ianaToWindowsByName, lookupWindowsZone } from "../../../../shared/windows-time-zones.js";
import { localToUtc, offsetMinutesAt, utcFromFields, type LocalDateTime } from "../../../../shared/zone-offsets.js";
import { ianaForGraphZone } from "../../../../shared/graph-date-time.js";

/** A zone as Outlook stores it: its Windows name and the IANA zone whose rules it follows. */
export interface ResolvedZone {
  windows: string;
  iana: string;
  /** How the zone was found, for the seed report: "name", "vtimezone-rules", "offset-at-start", "utc", "floating". */
  how: "name" | "vtimezone-rules" | "offset-at-start" | "utc" | "floating";
}

export const UTC_ZONE: ResolvedZone = { windows: "UTC", iana: "UTC", how: "utc" };

/** Windows zone for an IANA zone: CLDR's table first, then a zone with the same offsets. */
export function ianaToWindows(iana: string, years: number[] = [new Date().getUTCFullYear()]): string | undefined {
  const byName = ianaToWindowsByName(iana);
  if (byName) return byName;
  const canonical = canonicalIana(iana);
  if (!canonical) return undefined;
  return matchByOffsets((local) => offsetMinutesAt(canonical, localToUtc(canonical, local)), years);
}

function ianaFromName(name: string): string | undefined {
  const windows = lookupWindowsZone(name) ?? lookupWindowsZone(name.replace(/^\(UTC[^)]*\)\s*/i, ""));
  if (windows) return windows.iana;
  const withoutDisplayPrefix = name.replace(/^\(UTC[^)]*\)\s*/i, "");
  for (const z of WINDOWS_ZONES) {
    // Outlook writes TZIDs like "Canberra, Melbourne, Sydney": the display name without "(UTC+..)".
    if (z.display.replace(/^\(UTC[^)]*\)\s*/i, "").toLowerCase() === withoutDisplayPrefix.toLowerCase()) return z.iana;
  }
  const direct = canonicalIana(name);
  if (direct) return direct;
  // "/mozilla.org/20050126_1/Europe/Paris", "/softwarestudio.org/Olson_20011030_5/America/New_York".
  const parts = name.split("/").filter((p) => p.length > 0);
  for (let i = 1; i < parts.length - 1; i++) {
    const tail = canonicalIana(parts.slice(i).join("/"));
    if (tail) return tail;
  }
  return undefined;
}

/** Years are sampled daily at noon local time; `offsetAt` gives the candidate's offset there. */
function matchByOffsets(offsetAt: (local: LocalDateTime) => number, years: number[]): string | undefined {
  const quick = years.flatMap((year) => [1, 4, 7, 10].map((month) => ({ year, month, day: 15, hour: 12, minute: 0, second: 0 })));
  const quickWanted = quick.map(offsetAt);
  const survivors = WINDOWS_ZONES.filter((z) =>
    quick.every((l, i) => offsetMinutesAt(z.iana, localToUtc(z.iana, l)) === quickWanted[i]),
  );
  if (survivors.length === 0) return undefined;
  const daily: LocalDateTime[] = [];
  for (const year of years) {
    for (let ms = utcFromFields(year, 1, 1, 12); ms < utcFromFields(year + 1, 1, 1, 12); ms += 86_400_000) {
      const d = new Date(ms);
      daily.push({ year: d.getUTCFullYear(), month: d.getUTCMonth() + 1, day: d.getUTCDate(), hour: 12, minute: 0, second: 0 });
    }
  }
  const wanted = daily.map(offsetAt);
  const hit = survivors.find((z) => daily.every((l, i) => offsetMinutesAt(z.iana, localToUtc(z.iana, l)) === wanted[i]));
  return hit?.windows;
}

/** Resolves the TZIDs of one iCalendar object (the VTIMEZONEs it carries) the way Outlook would. */
export class IcsZoneResolver {
  private readonly vtimezones = new Map<string, ICAL.Component>();
  private readonly cache = new Map<string, ResolvedZone>();
  readonly mailbox: ResolvedZone;

  constructor(roots: ICAL.Component[], mailboxZone: string) {
    for (const root of roots) {
      for (const vtz of root.getAllSubcomponents("vtimezone")) {
        const tzid = vtz.getFirstPropertyValue("tzid");
        if (typeof tzid === "string" && !this.vtimezones.has(tzid)) this.vtimezones.set(tzid, vtz);
      }
    }
    const iana = ianaForGraphZone(mailboxZone);
    if (!iana) throw new Error(`unknown mailbox time zone ${JSON.stringify(mailboxZone)}`);
    const windows = lookupWindowsZone(mailboxZone)?.windows ?? (iana === "UTC" ? "UTC" : ianaToWindows(iana));
    if (!windows) throw new Error(`no Windows zone for mailbox time zone ${JSON.stringify(mailboxZone)}`);
    this.mailbox = { windows, iana, how: "floating" };
  }

  /**
   * The zone of a date-time value. `years` are the years the calling event uses the zone in (for
   * rule matching); `localAtStart` is its first local time (for the last-resort offset match).
   */
  resolve(tzid: string | undefined, isUtc: boolean, years: number[], localAtStart: LocalDateTime): ResolvedZone {
    if (isUtc) return UTC_ZONE;
    if (!tzid) return this.mailbox;
    const key = `${tzid}\u0000${years.join(",")}`;
    const cached = this.cache.get(key);
    if (cached) return cached;
    const resolved = this.resolveUncached(tzid, years, localAtStart);
    this.cache.set(key, resolved);
    return resolved;
  }

  private resolveUncached(tzid: string, years: number[], localAtStart: LocalDateTime): ResolvedZone {
    const vtz = this.vtimezones.get(tzid);
    const location = vtz?.getFirstPropertyValue("x-lic-location");
    for (const name of [tzid, typeof location === "string" ? location : ""]) {
      if (!name) continue;
      const iana = ianaFromName(name);
      if (!iana) continue;
      if (iana === "UTC" || iana === "Etc/UTC") return UTC_ZONE;
      const windows = lookupWindowsZone(name)?.windows ?? ianaToWindows(iana, years);
      if (windows) return { windows, iana: ianaForGraphZone(windows) ?? iana, how: "name" };
    }
    if (vtz) {
      const zone = new ICAL.Timezone(vtz);
      const offsetAt = (l: LocalDateTime): number =>
        Math.round(zone.utcOffset(new ICAL.Time({ year: l.year, month: l.month, day: l.day, hour: l.hour, minute: l.minute, second: l.second, isDate: false }, zone)) / 60);
      const windows = matchByOffsets(offsetAt, years);
      if (windows) return { windows, iana: ianaForGraphZone(windows) ?? "UTC", how: "vtimezone-rules" };
      const wanted = offsetAt(localAtStart);
      const closest = WINDOWS_ZONES.find((z) => offsetMinutesAt(z.iana, localToUtc(z.iana, localAtStart)) === wanted);
      if (closest) return { windows: closest.windows, iana: closest.iana, how: "offset-at-start" };
    }
    // An unknown TZID without a definition: Outlook falls back to the mailbox zone.
    return this.mailbox;
  }
}
