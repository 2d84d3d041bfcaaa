// A file with several VCALENDARs is read as a stream of iTIP messages (RFC 5546) arriving in file
// order, the way the items would have reached an Outlook calendar:
//   - PUBLISH, REQUEST (and no METHOD) create or update the instance (UID, RECURRENCE-ID); an
//     update with a lower SEQUENCE than the stored one is stale and ignored (§2.1.5);
//   - CANCEL marks the instance cancelled (isCancelled), unless stale; a CANCEL of one occurrence
//     of a stored series adds a cancelled exception for it;
//   - ADD adds an instance to an existing series (Outlook stores it as a separate item);
//   - REPLY, COUNTER, REFRESH and DECLINECOUNTER are answers to the organizer, not calendar
//     items, and change nothing here.
// A single VCALENDAR goes through the same rules (its VEVENTs are one PUBLISH).

import ICAL from "ical.js";

import { text } from "./ics-values.js";

export interface MergedEvent {
  vevent: ICAL.Component;
  /** Set when METHOD:ADD added this instance to the series with that UID. */
  addedTo: string | undefined;
}

export interface MergeResult {
  events: MergedEvent[];
  notes: string[];
}

const NOT_ITEMS = new Set(["REPLY", "COUNTER", "REFRESH", "DECLINECOUNTER"]);

function sequenceOf(vevent: ICAL.Component): number {
  const n = Number(text(vevent, "sequence") || "0");
  return Number.isFinite(n) ? n : 0;
}

function ridKey(vevent: ICAL.Component): string {
  const rid = vevent.getFirstProperty("recurrence-id");
  if (!rid) return "";
  return `${String(rid.getParameter("tzid") ?? "")}:${String((rid.toJSON() as unknown[])[3] ?? "")}`;
}

function setStatusCancelled(vevent: ICAL.Component): ICAL.Component {
  const copy = new ICAL.Component(JSON.parse(JSON.stringify(vevent.toJSON())) as unknown[]);
  copy.updatePropertyWithValue("status", "CANCELLED");
  return copy;
}

export function mergeItipStream(calendars: Array<{ method: string; vevents: ICAL.Component[] }>): MergeResult {
  const stored = new Map<string, MergedEvent>();
  const notes: string[] = [];
  for (const { method, vevents } of calendars) {
    const m = method.toUpperCase();
    for (const vevent of vevents) {
      const uid = text(vevent, "uid");
      const key = `${uid}\u0000${ridKey(vevent)}`;
      const existing = stored.get(key);
      const stale = existing !== undefined && sequenceOf(vevent) < sequenceOf(existing.vevent);
      if (NOT_ITEMS.has(m)) {
        notes.push(`METHOD:${m} for ${uid || "(no UID)"} is a reply to the organizer, not a calendar item`);
        continue;
      }
      if (m === "CANCEL") {
        if (existing && !stale) {
          stored.set(key, { vevent: setStatusCancelled(existing.vevent), addedTo: existing.addedTo });
        } else if (!existing && ridKey(vevent) !== "" && stored.has(`${uid}\u0000`)) {
          const cancelled = setStatusCancelled(vevent);
          if (!cancelled.getFirstProperty("dtstart")) {
            const rid = cancelled.getFirstProperty("recurrence-id");
            if (rid) cancelled.addProperty(new ICAL.Property(JSON.parse(JSON.stringify(rid.toJSON()).replace('"recurrence-id"', '"dtstart"')) as unknown[]));
          }
          stored.set(key, { vevent: cancelled, addedTo: undefined });
        } else {
          notes.push(`METHOD:CANCEL for ${uid} ignored: ${existing ? "older SEQUENCE than the stored item" : "nothing stored to cancel"}`);
        }
        continue;
      }
      if (m === "ADD" && stored.has(`${uid}\u0000`) && ridKey(vevent) === "") {
        stored.set(`${key}\u0000add${stored.size}`, { vevent, addedTo: uid });
        continue;
      }
      if (stale) {
        notes.push(`${m} for ${uid} ignored: SEQUENCE ${sequenceOf(vevent)} is older than the stored ${sequenceOf(existing.vevent)}`);
        continue;
      }
      if (existing) stored.delete(key); // re-inserted last: a later update is the newer item
      stored.set(key, { vevent, addedTo: undefined });
    }
  }
  return { events: [...stored.values()], notes };
}
