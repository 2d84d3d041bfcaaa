// VTIMEZONE definitions for the zones the demo calendars use. ical.js ships no zone data, and real
// exports (Outlook, Google) always embed the VTIMEZONE of every TZID they reference, so the demo
// does too. Rules are the current ones (EU since 1996, US since 2007); Tokyo has no DST.

const EU = (tzid: string, std: string, dst: string, stdName: string, dstName: string, springHour: string, autumnHour: string): string =>
  [
    "BEGIN:VTIMEZONE",
    `TZID:${tzid}`,
    "BEGIN:DAYLIGHT",
    `TZOFFSETFROM:${std}`,
    `TZOFFSETTO:${dst}`,
    `TZNAME:${dstName}`,
    `DTSTART:19810329T${springHour}0000`,
    "RRULE:FREQ=YEARLY;BYMONTH=3;BYDAY=-1SU",
    "END:DAYLIGHT",
    "BEGIN:STANDARD",
    `TZOFFSETFROM:${dst}`,
    `TZOFFSETTO:${std}`,
    `TZNAME:${stdName}`,
    `DTSTART:19961027T${autumnHour}0000`,
    "RRULE:FREQ=YEARLY;BYMONTH=10;BYDAY=-1SU",
    "END:STANDARD",
    "END:VTIMEZONE",
  ].join("\r\n");

const US = (tzid: string, std: string, dst: string, stdName: string, dstName: string): string =>
  [
    "BEGIN:VTIMEZONE",
    `TZID:${tzid}`,
    "BEGIN:DAYLIGHT",
    `TZOFFSETFROM:${std}`,
    `TZOFFSETTO:${dst}`,
    `TZNAME:${dstName}`,
    "DTSTART:20070311T020000",
    "RRULE:FREQ=YEARLY;BYMONTH=3;BYDAY=2SU",
    "END:DAYLIGHT",
    "BEGIN:STANDARD",
    `TZOFFSETFROM:${dst}`,
    `TZOFFSETTO:${std}`,
    `TZNAME:${stdName}`,
    "DTSTART:20071104T020000",
    "RRULE:FREQ=YEARLY;BYMONTH=11;BYDAY=1SU",
    "END:STANDARD",
    "END:VTIMEZONE",
  ].join("\r\n");

export const VTIMEZONES: Readonly<Record<string, string>> = {
  "Europe/London": EU("Europe/London", "+0000", "+0100", "GMT", "BST", "01", "02"),
  "Europe/Paris": EU("Europe/Paris", "+0100", "+0200", "CET", "CEST", "02", "03"),
  "Europe/Berlin": EU("Europe/Berlin", "+0100", "+0200", "CET", "CEST", "02", "03"),
  "Europe/Lisbon": EU("Europe/Lisbon", "+0000", "+0100", "WET", "WEST", "01", "02"),
  "America/New_York": US("America/New_York", "-0500", "-0400", "EST", "EDT"),
  "America/Los_Angeles": US("America/Los_Angeles", "-0800", "-0700", "PST", "PDT"),
  "Asia/Tokyo": ["BEGIN:VTIMEZONE", "TZID:Asia/Tokyo", "BEGIN:STANDARD", "TZOFFSETFROM:+0900", "TZOFFSETTO:+0900", "TZNAME:JST", "DTSTART:19700101T000000", "END:STANDARD", "END:VTIMEZONE"].join("\r\n"),
};
