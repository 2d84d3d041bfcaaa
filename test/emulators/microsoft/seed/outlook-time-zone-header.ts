// The Prefer: outlook.timezone request header: Graph then writes event start/end in that zone
// instead of UTC, echoing the zone name as given (Windows or IANA). All-day events keep their
// midnight-to-midnight times (they are floating) and only take the zone's name. A zone the service
// does not know is ignored (times stay in UTC).

import type { DateTimeTimeZone, GraphEvent } from "../../../../shared/graph-types.js";
import { graphDateTimeToUtcMs, ianaForGraphZone, utcMsToGraphDateTime } from "../../../../shared/graph-date-time.js";

/** The zone named by `outlook.timezone="..."` in a Prefer header (several preferences may be listed). */
export function preferredTimeZone(prefer: string | string[] | undefined): string | undefined {
  const all = Array.isArray(prefer) ? prefer.join(",") : prefer ?? "";
  const m = /(?:^|[,;\s])outlook\.timezone\s*=\s*(?:"([^"]*)"|([^,;\s]+))/i.exec(all);
  const zone = (m?.[1] ?? m?.[2] ?? "").trim();
  return zone.length > 0 && ianaForGraphZone(zone) ? zone : undefined;
}

function convert(value: DateTimeTimeZone, zone: string, isAllDay: boolean): DateTimeTimeZone {
  if (isAllDay) return { dateTime: value.dateTime, timeZone: zone };
  return utcMsToGraphDateTime(graphDateTimeToUtcMs(value), zone);
}

/** A copy of `event` with start/end in `zone` (no copy is made when zone is undefined). */
export function applyOutlookTimeZone(event: GraphEvent, zone: string | undefined): GraphEvent {
  if (!zone) return event;
  return { ...event, start: convert(event.start, zone, event.isAllDay), end: convert(event.end, zone, event.isAllDay) };
}
