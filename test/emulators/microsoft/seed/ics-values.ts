// Reading iCalendar property values from ical.js components without ical.js's own date handling:
// its Time decoration throws on values real files contain (a DATE written without VALUE=DATE
// becomes the jCal string "2004-12-25T::"), and it resolves TZIDs only against the file's
// VTIMEZONEs. The jCal strings are parsed here and zones are resolved by IcsZoneResolver.

import ICAL from "ical.js";

import type { LocalDateTime } from "../../../../shared/zone-offsets.js";

/** A DATE or DATE-TIME value as written: wall-clock fields plus how to read them. */
export interface IcsTime {
  local: LocalDateTime;
  isDate: boolean;
  /** Written with a trailing Z. */
  isUtc: boolean;
  tzid: string | undefined;
}

/** Parses a jCal date or date-time string ("2012-10-02", "2012-10-02T10:00:00Z", "2004-12-25T::"). */
export function parseJcalTime(value: string, tzid: string | undefined): IcsTime | undefined {
  const m = /^(\d{4})-(\d{2})-(\d{2})(?:T(\d{2})?:(\d{2})?:(\d{2})?(Z)?)?$/.exec(value.trim());
  if (!m) return undefined;
  const isDate = m[4] === undefined;
  return {
    local: {
      year: Number(m[1]),
      month: Number(m[2]),
      day: Number(m[3]),
      hour: Number(m[4] ?? 0),
      minute: Number(m[5] ?? 0),
      second: Number(m[6] ?? 0),
    },
    isDate,
    isUtc: m[7] === "Z",
    tzid: isDate ? undefined : tzid,
  };
}

function tzidOf(prop: ICAL.Property): string | undefined {
  const tzid = prop.getParameter("tzid");
  return typeof tzid === "string" && tzid.length > 0 ? tzid : undefined;
}

/** Every DATE/DATE-TIME value of a property (RDATE and EXDATE may hold several). */
export function timesOf(prop: ICAL.Property): IcsTime[] {
  const out: IcsTime[] = [];
  const jcal = prop.toJSON() as unknown[];
  for (const raw of jcal.slice(3)) {
    const text = Array.isArray(raw) ? raw[0] : raw;
    if (typeof text !== "string") continue;
    const t = parseJcalTime(text, tzidOf(prop));
    if (t) out.push(t);
  }
  return out;
}

/** RDATE;VALUE=PERIOD values: start plus the end (or duration) of each period. */
export function periodsOf(prop: ICAL.Property): Array<{ start: IcsTime; end?: IcsTime; durationSeconds?: number }> {
  const out: Array<{ start: IcsTime; end?: IcsTime; durationSeconds?: number }> = [];
  const jcal = prop.toJSON() as unknown[];
  for (const raw of jcal.slice(3)) {
    if (!Array.isArray(raw) || typeof raw[0] !== "string") continue;
    const start = parseJcalTime(raw[0], tzidOf(prop));
    if (!start) continue;
    const second = typeof raw[1] === "string" ? raw[1] : "";
    const end = parseJcalTime(second, tzidOf(prop));
    if (end) out.push({ start, end });
    else if (/^[+-]?P/.test(second)) out.push({ start, durationSeconds: ICAL.Duration.fromString(second).toSeconds() });
    else out.push({ start });
  }
  return out;
}

export function firstTime(comp: ICAL.Component, name: string): IcsTime | undefined {
  const prop = comp.getFirstProperty(name);
  return prop ? timesOf(prop)[0] : undefined;
}

/** Text of the first `name` property ("" when absent); values that are lists are joined by ",". */
export function text(comp: ICAL.Component, name: string): string {
  const prop = comp.getFirstProperty(name);
  if (!prop) return "";
  const values = (prop.toJSON() as unknown[]).slice(3);
  return values.map((v) => (typeof v === "string" ? v : String(v ?? ""))).join(",");
}

export function hasProperty(comp: ICAL.Component, name: string): boolean {
  return comp.getFirstProperty(name) !== null;
}

export function stringParam(prop: ICAL.Property, name: string): string | undefined {
  const v = prop.getParameter(name);
  if (Array.isArray(v)) return v.join(",");
  return typeof v === "string" ? v : undefined;
}

/** DURATION-valued properties in seconds, or undefined. */
export function durationSeconds(comp: ICAL.Component, name: string): number | undefined {
  const prop = comp.getFirstProperty(name);
  if (!prop) return undefined;
  const raw = (prop.toJSON() as unknown[])[3];
  if (typeof raw !== "string") return undefined;
  try {
    return ICAL.Duration.fromString(raw).toSeconds();
  } catch {
    return undefined;
  }
}

/** Every value of every `name` property, flattened (CATEGORIES:a,b + CATEGORIES:c -> [a,b,c]). */
export function allTextValues(comp: ICAL.Component, name: string): string[] {
  const out: string[] = [];
  for (const prop of comp.getAllProperties(name)) {
    for (const v of (prop.toJSON() as unknown[]).slice(3)) {
      if (typeof v === "string" && v.length > 0) out.push(v);
    }
  }
  return out;
}
