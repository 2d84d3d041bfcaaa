import type { GraphEvent } from "../../../../../shared/graph-types.js";

// How an event is kept in the archive: `calendars/<calendar>/<n>-<subject>.json` is the Graph event
// as Graph sent it (the source of truth; the .ics is derived from these files): single events,
// series masters and exceptions, never plain occurrences (the master's recurrence makes them).
// A master additionally carries, in beta's spelling so the converter reads it directly,
//   "cancelledOccurrences": ["OID.<master id>.<yyyy-mm-dd>", ...]   the deleted occurrences, and
//   "@lifeboat.cancelledOccurrencesChecked": {"from": "yyyy-mm-dd", "to": "yyyy-mm-dd"}
// the range of pattern dates they were looked for in (series-occurrences.ts). The second name is an
// OData instance-annotation name, which no Graph property can ever take.

export const CHECKED_MEMBER = "@lifeboat.cancelledOccurrencesChecked";

/** Response annotations that describe the request, not the event. */
const DROPPED = new Set(["@odata.context", "@odata.type", "@odata.nextLink", "@odata.deltaLink", "@removed"]);

export function storedEventJson(event: GraphEvent): Buffer {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(event)) if (!DROPPED.has(k)) out[k] = v;
  return Buffer.from(`${JSON.stringify(out, null, 2)}\n`);
}

export function parseStoredEvent(bytes: Buffer): GraphEvent {
  return JSON.parse(bytes.toString("utf8")) as GraphEvent;
}
