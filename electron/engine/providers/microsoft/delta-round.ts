import type { GraphClient } from "./graph/graph-client.js";
import { DeltaExpiredError, GraphError } from "./graph/graph-error.js";

/** One complete delta round: the changes (the last word on each id) and the link that continues after them. */
export interface DeltaRound<T> {
  items: T[];
  deltaLink: string;
  /** True when the round enumerated everything (no link, or the link had expired). */
  full: boolean;
}

/**
 * Runs a delta round from `link`, or from `start` when there is none. An expired link (410,
 * syncStateNotFound...) restarts once from `start`: the caller then sees `full` and treats the
 * round as the container's whole content. Replays and duplicates are merged by id, since the
 * service may list one entity more than once.
 */
export async function deltaRound<T extends { id: string }>(graph: GraphClient, start: string, link: string | undefined, headers: Record<string, string>): Promise<DeltaRound<T>> {
  let from = link;
  for (let attempt = 0; ; attempt++) {
    const items = new Map<string, T>();
    try {
      for await (const page of graph.pages<T>(from ?? start, { headers })) {
        for (const it of page.value) if (it && typeof it.id === "string") items.set(it.id, it);
        if (page.deltaLink) return { items: [...items.values()], deltaLink: page.deltaLink, full: from === undefined };
      }
      throw new GraphError(200, "malformedResponse", "A delta round ended without a deltaLink.");
    } catch (err) {
      if (err instanceof DeltaExpiredError && attempt === 0 && from !== undefined) {
        from = undefined;
        continue;
      }
      throw err;
    }
  }
}
