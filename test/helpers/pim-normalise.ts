// Runs test/helpers/pim-normalise.py (Debian's python3-icalendar / python3-vobject) on a file and
// returns its JSON: the independent reading the round-trip tests compare against.

import { execFileSync } from "node:child_process";
import { existsSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

/** A DATE or DATE-TIME as the Python side prints it. */
export interface PyTime {
  kind: "utc" | "date" | "floating" | "unknown";
  value: string;
}

export interface PyAttendee {
  /** Lower-cased; `address` as written. */
  email: string;
  address: string;
  cn: string | null;
  role: string;
  partstat: string;
  cutype: string;
  rsvp: boolean;
  rsvp_given: boolean;
}

export interface PyAlarm {
  action: string;
  trigger: { kind: "relative"; related: string; seconds: number } | { kind: "absolute"; at: PyTime } | null;
}

export interface PyEvent {
  properties: string[];
  /** Properties RFC 5545 allows once that the VEVENT has more than once (the first is read). */
  duplicates: string[];
  uid: string | null;
  summary: string | null;
  description: string | null;
  x_alt_desc: string | null;
  location: string | null;
  status: string | null;
  class: string | null;
  transp: string | null;
  busystatus: string | null;
  importance: string | null;
  priority: number | null;
  sequence: number;
  categories: string[];
  dtstart: PyTime | null;
  dtend: PyTime | null;
  duration_seconds: number | null;
  rrules: string[];
  rdates: PyTime[];
  exdates: PyTime[];
  recurrence_id: PyTime | null;
  range: string | null;
  attendees: PyAttendee[];
  organizer: { email: string; address: string; cn: string | null } | null;
  alarms: PyAlarm[];
  attach: Array<{ binary: true; sha256: string } | { binary: false; uri: string }>;
  geo: [number, number] | null;
  occurrences: PyTime[] | null;
}

export interface PyCalendarFile {
  parser: "icalendar" | "vobject" | null;
  calendars: Array<{ method: string | null; vevents: PyEvent[]; other: string[] }>;
  errors: string[];
}

export interface PyCard {
  properties: string[];
  /** Content lines per property name (VERSION included, BEGIN/END not). */
  counts: Record<string, number>;
  fn: string[];
  n: string[] | null;
  nickname: string[];
  org: string[][];
  title: string[];
  role: string[];
  bday: string[];
  note: string[];
  email: Array<{ value: string; types: string[]; pref: boolean }>;
  tel: Array<{ value: string; types: string[] }>;
  adr: Array<{ types: string[]; fields: string[] }>;
  url: Array<{ value: string; types: string[] }>;
  impp: string[];
  categories: string[];
  photo: Array<{ sha256: string | null; uri: string | null }>;
  x: Record<string, Array<{ value: string; types: string[] }>>;
}

export interface PyCardFile {
  parser: "vobject";
  decoded_as: string;
  cards: PyCard[];
}

const SCRIPT = join(dirname(fileURLToPath(import.meta.url)), "..", "..", "..", "test", "helpers", "pim-normalise.py");

let python: string | undefined;

/**
 * Debian's own python3 (which has python3-icalendar/-vobject from apt), not a pyenv or venv
 * python3 that may shadow it on PATH without those packages.
 */
export function debianPython(): string {
  if (python) return python;
  for (const candidate of ["/usr/bin/python3", "python3"]) {
    try {
      execFileSync(candidate, ["-c", "import icalendar, vobject, dateutil"], { stdio: "ignore" });
      python = candidate;
      return candidate;
    } catch {
      // try the next one
    }
  }
  throw new Error("no python3 with icalendar and vobject: apt-get install python3-icalendar python3-vobject");
}

function run(args: string[]): unknown {
  if (!existsSync(SCRIPT)) throw new Error(`missing ${SCRIPT}`);
  const out = execFileSync(debianPython(), [SCRIPT, ...args], { maxBuffer: 512 * 1024 * 1024, encoding: "utf8" });
  return JSON.parse(out) as unknown;
}

export function normaliseIcs(path: string, parser?: "icalendar" | "vobject"): PyCalendarFile {
  return run(["ics", path, ...(parser ? ["--parser", parser] : [])]) as PyCalendarFile;
}

export function normaliseVcf(path: string, encoding?: string): PyCardFile {
  return run(["vcf", path, ...(encoding ? ["--encoding", encoding] : [])]) as PyCardFile;
}
