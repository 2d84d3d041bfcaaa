import type { CatalogEntry } from "../../../../shared/archive-types.js";
import type { SourceRunContext } from "../../backup/backup-source.js";
import type { GraphClient } from "./graph/graph-client.js";

/** What one part of an account ("mail", "contacts"...) gets to do its work. */
export interface KindContext {
  readonly run: SourceRunContext;
  readonly graph: GraphClient;
  /** "personal" or "work": some data (BitLocker keys) exists only for work accounts. */
  readonly accountKind: "personal" | "work";
  /** The previous items of this kind only (their paths start with the kind's prefix). */
  previousEntries(): CatalogEntry[];
  /** Progress: items and bytes this kind will handle, as soon as it knows. */
  plan(items: number, bytes: number): void;
}

/**
 * One part of an account, synced incrementally with its own cursor. A kind that throws loses
 * nothing: the source keeps that kind's previous items and cursor, and the next run retries.
 */
export interface KindSync<C> {
  /** "mail", "contacts", "calendars", "files", "bitlocker": also the first path segment. */
  readonly kind: string;
  run(ctx: KindContext, cursor: C | undefined): Promise<C>;
}
