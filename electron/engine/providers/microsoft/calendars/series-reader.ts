import type { GraphEvent } from "../../../../../shared/graph-types.js";
import type { GraphClient } from "../graph/graph-client.js";
import { isoOf, rangeChunks } from "./calendar-view-window.js";
import { withAttachments } from "./event-attachments.js";
import { cancelledOccurrences, seriesCheck } from "./series-occurrences.js";
import { CHECKED_MEMBER } from "./stored-event.js";

const PREFER_IDS = 'IdType="ImmutableId"';
/** Outlook collections page up to 1000 items; instances are small with $select. */
const PAGE_TOP = 1000;
/** Enough to tell occurrences, exceptions and deleted dates apart; exceptions are then read whole. */
const INSTANCE_SELECT = "id,type,originalStart,start,end,seriesMasterId";

/** A series as the archive keeps it: the master (with its deleted dates) and its exceptions. */
export interface SeriesRead {
  master: GraphEvent;
  exceptions: GraphEvent[];
}

/** Whether Graph sent the whole event even though fewer properties were selected. */
function isWhole(e: GraphEvent): boolean {
  return typeof e.subject === "string" && e.body !== undefined && Array.isArray(e.attendees) && e.start !== undefined;
}

/**
 * Reads a series exactly: its instances over every pattern date it has (an endless one: see
 * seriesCheck), in pieces Graph accepts, so that each exception is found wherever it was moved and
 * each deleted occurrence is known; then every exception in full. `horizonMs` is the end of the
 * change-detection window, up to which an endless series is checked at least.
 */
export async function readSeries(graph: GraphClient, master: GraphEvent, horizonMs: number): Promise<SeriesRead> {
  const check = seriesCheck(master, horizonMs);
  const instances = new Map<string, GraphEvent>();
  for (const [from, to] of rangeChunks(check.fromMs, check.toMs)) {
    const url = `/me/events/${encodeURIComponent(master.id)}/instances?startDateTime=${isoOf(from)}&endDateTime=${isoOf(to)}&$top=${PAGE_TOP}&$select=${INSTANCE_SELECT}`;
    for await (const page of graph.pages<GraphEvent>(url, { headers: { prefer: PREFER_IDS } })) {
      for (const i of page.value) if (i && typeof i.id === "string") instances.set(i.id, i);
    }
  }
  const exceptions: GraphEvent[] = [];
  for (const i of instances.values()) {
    if (i.type !== "exception") continue;
    const whole = isWhole(i) ? i : await graph.json<GraphEvent>(`/me/events/${encodeURIComponent(i.id)}`, { headers: { prefer: PREFER_IDS } });
    exceptions.push(await withAttachments(graph, { ...whole, seriesMasterId: whole.seriesMasterId ?? master.id }));
  }
  exceptions.sort((a, b) => cmp(a.originalStart ?? "", b.originalStart ?? "") || cmp(a.id, b.id));
  const withCancelled: GraphEvent & Record<string, unknown> = {
    ...(await withAttachments(graph, master)),
    cancelledOccurrences: cancelledOccurrences(master, check, [...instances.values()]),
    [CHECKED_MEMBER]: { from: check.firstDate, to: check.lastDate },
  };
  return { master: withCancelled, exceptions };
}

/** Code-unit order: the same on every machine, whatever its locale. */
function cmp(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
