// The bookkeeping properties Outlook puts on every item: timestamps in Graph's spelling, a
// changeKey that changes whenever the item does, and the matching weak ETag.

import { createHash } from "node:crypto";

/** "2017-10-06T12:02:27.0000000Z": Graph's DateTimeOffset with seven fractional digits. */
export function graphTimestamp(ms: number): string {
  return new Date(ms).toISOString().replace(/\.(\d{3})Z$/, ".$10000Z");
}

/**
 * A changeKey derived from the item's content (and the container, so copies in two calendars
 * differ): the same seed gives the same key, any edit gives a new one, as on the service.
 */
export function changeKeyOf(container: string, item: unknown): string {
  return createHash("sha256").update(container).update("\u0000").update(JSON.stringify(item)).digest().subarray(0, 16).toString("base64");
}

export function weakEtag(changeKey: string): string {
  return `W/"${changeKey}"`;
}

/** Adds changeKey and @odata.etag computed over everything else; returns the same object. */
export function stampChangeKey<T extends { changeKey?: string; "@odata.etag"?: string }>(container: string, item: T): T {
  delete item.changeKey;
  delete item["@odata.etag"];
  const key = changeKeyOf(container, item);
  item.changeKey = key;
  item["@odata.etag"] = weakEtag(key);
  return item;
}
