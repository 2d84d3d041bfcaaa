import type { GraphEvent, GraphFileAttachment } from "../../../../../shared/graph-types.js";
import type { GraphClient } from "../graph/graph-client.js";

const PREFER_IDS = 'IdType="ImmutableId"';

/**
 * An event with its attachments inside (`attachments`, as `$expand=attachments` would give them,
 * which is where graph-events-to-ics.ts looks for ATTACH). Only events that say they have any are
 * asked: neither calendarView/delta nor /instances can expand them. File attachments come with
 * their bytes (`contentBytes`); item and reference attachments are kept as Graph describes them.
 */
export async function withAttachments(graph: GraphClient, event: GraphEvent): Promise<GraphEvent> {
  if (event.hasAttachments !== true) return event;
  const attachments: GraphFileAttachment[] = [];
  for await (const page of graph.pages<GraphFileAttachment>(`/me/events/${encodeURIComponent(event.id)}/attachments`, { headers: { prefer: PREFER_IDS } })) {
    attachments.push(...page.value);
  }
  return { ...event, attachments };
}
