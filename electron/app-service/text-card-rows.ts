import ICAL from "ical.js";
import type { DetailView } from "../../shared/app-types.js";

type Row = DetailView["rows"][number];

/** Rows for an iCalendar file: its events (first few) or, for one event, its details. */
export function icsRows(text: string): Row[] {
  let comp: ICAL.Component;
  try {
    comp = new ICAL.Component(ICAL.parse(text));
  } catch {
    return [{ label: "Calendar", value: "(could not be read as iCalendar)" }];
  }
  const events = comp.getAllSubcomponents("vevent").map((v) => new ICAL.Event(v));
  if (events.length === 1) {
    const ev = events[0]!;
    return [
      { label: "Summary", value: ev.summary ?? "" },
      { label: "Start", value: ev.startDate?.toString() ?? "" },
      { label: "End", value: ev.endDate?.toString() ?? "" },
      { label: "Location", value: ev.location ?? "" },
    ].filter((r) => r.value !== "");
  }
  const out: Row[] = [{ label: "Events", value: String(events.length) }];
  for (const ev of events.slice(0, 20)) out.push({ label: ev.startDate?.toString() ?? "", value: ev.summary ?? "" });
  return out;
}

/** Rows for a vCard file: one card's details, or the number of cards and their names. */
export function vcardRows(text: string): Row[] {
  let cards: ICAL.Component[];
  try {
    const parsed = ICAL.parse(text) as unknown;
    const list = Array.isArray(parsed) && typeof parsed[0] === "string" ? [parsed] : (parsed as unknown[]);
    cards = list.map((c) => new ICAL.Component(c as never));
  } catch {
    return [{ label: "Contacts", value: "(could not be read as vCard)" }];
  }
  const val = (c: ICAL.Component, name: string): string =>
    c
      .getAllProperties(name)
      .map((p) => String(p.getFirstValue() ?? ""))
      .filter(Boolean)
      .join(", ");
  if (cards.length === 1) {
    const c = cards[0]!;
    return [
      { label: "Name", value: val(c, "fn") },
      { label: "Email", value: val(c, "email") },
      { label: "Phone", value: val(c, "tel") },
      { label: "Organisation", value: val(c, "org") },
    ].filter((r) => r.value !== "");
  }
  return [{ label: "Contacts", value: String(cards.length) }, ...cards.slice(0, 20).map((c) => ({ label: "Contact", value: val(c, "fn") }))];
}
