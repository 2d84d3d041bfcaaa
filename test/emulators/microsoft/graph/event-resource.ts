// The Graph event resource for series masters, single events, occurrences and exceptions. Times
// are sent in UTC unless the client asks for a zone with Prefer: outlook.timezone, as Graph does;
// the zone the event was created in stays in originalStartTimeZone. Occurrence ids are the
// master's id plus the original start, so they survive as long as the series does.
import { createHash } from "node:crypto";
import { ianaForGraphZone, utcMsToGraphDateTime } from "../../../../shared/graph-date-time.js";
import type { AccountData } from "./account-store.js";
import type { EventRecord } from "./calendar-store.js";
import { spanOf, type EventInstance } from "./event-instances.js";
import { fromUrlSafe, toUrlSafe, weakEtag } from "./graph-ids.js";
import { applySelect } from "./odata-query.js";
import { outlookTime, outlookTime7 } from "./store-context.js";

export const EVENT_PROPERTIES: ReadonlySet<string> = new Set([
  "id", "createdDateTime", "lastModifiedDateTime", "changeKey", "categories", "transactionId", "originalStartTimeZone", "originalEndTimeZone", "iCalUId", "uid",
  "reminderMinutesBeforeStart", "isReminderOn", "hasAttachments", "subject", "bodyPreview", "importance", "sensitivity", "isAllDay", "isCancelled", "isOrganizer",
  "responseRequested", "seriesMasterId", "showAs", "type", "webLink", "onlineMeetingUrl", "isOnlineMeeting", "onlineMeetingProvider", "allowNewTimeProposals",
  "isDraft", "hideAttendees", "responseStatus", "body", "start", "end", "originalStart", "location", "locations", "recurrence", "attendees", "organizer",
  "onlineMeeting", "cancelledOccurrences", "occurrenceId", "exceptionOccurrences",
]);

const SUFFIX_TAG = [0x00, 0x10];

export function instanceId(masterId: string, originalStart: number): string {
  const base = fromUrlSafe(masterId) ?? Buffer.alloc(0);
  const suffix = Buffer.alloc(8);
  suffix[0] = SUFFIX_TAG[0] ?? 0;
  suffix[1] = SUFFIX_TAG[1] ?? 0;
  suffix.writeUIntBE(Math.floor(originalStart / 1000), 2, 6);
  return toUrlSafe(Buffer.concat([base, suffix]).toString("base64"));
}

/** Splits an occurrence id into the master's id and the original start, if it is one. */
export function parseInstanceId(id: string): { masterId: string; originalStart: number } | undefined {
  const bytes = fromUrlSafe(id);
  if (!bytes || bytes.length < 40) return undefined;
  const suffix = bytes.subarray(bytes.length - 8);
  if (suffix[0] !== SUFFIX_TAG[0] || suffix[1] !== SUFFIX_TAG[1]) return undefined;
  return { masterId: toUrlSafe(bytes.subarray(0, bytes.length - 8).toString("base64")), originalStart: suffix.readUIntBE(2, 6) * 1000 };
}

function occurrenceDate(ms: number): string {
  return new Date(ms).toISOString().slice(0, 10);
}

export interface RenderEventOptions {
  immutableIds: boolean;
  /** Prefer: outlook.timezone, when the zone is known. */
  timeZone?: string;
  beta: boolean;
  select?: readonly string[];
  withType?: boolean;
}

/** All-day times keep their midnights and only take the zone's name. */
function floatingTime(ms: number, zone: string): { dateTime: string; timeZone: string } {
  return { dateTime: utcMsToGraphDateTime(ms, "UTC").dateTime, timeZone: zone };
}

function zoned(ms: number, zone: string | undefined): { dateTime: string; timeZone: string } {
  const name = zone && ianaForGraphZone(zone) ? zone : "UTC";
  return utcMsToGraphDateTime(ms, name);
}

export function renderEvent(account: AccountData, record: EventRecord, instance: EventInstance | undefined, opts: RenderEventOptions): Record<string, unknown> {
  const store = account.calendar.items;
  const masterId = store.itemId(record, opts.immutableIds);
  const changeKey = store.changeKey(record);
  const series = record.data;
  const e = instance?.event ?? series.event;
  const isInstance = instance !== undefined && instance.type !== "singleInstance";
  const id = isInstance ? instanceId(masterId, instance.originalStart) : masterId;
  const span = spanOf(e);
  const start = instance?.start ?? span.start;
  const end = instance?.end ?? span.end;
  const r: Record<string, unknown> = {};
  if (opts.withType) r["@odata.type"] = "#microsoft.graph.event";
  r["@odata.etag"] = weakEtag(changeKey);
  r.id = id;
  r.createdDateTime = outlookTime7(record.createdAt);
  r.lastModifiedDateTime = outlookTime7(record.modifiedAt);
  r.changeKey = changeKey;
  r.categories = e.categories ?? [];
  r.transactionId = e.transactionId ?? null;
  r.originalStartTimeZone = e.originalStartTimeZone ?? e.start.timeZone;
  r.originalEndTimeZone = e.originalEndTimeZone ?? e.end.timeZone;
  const uid = e.iCalUId ?? createHash("sha256").update(`uid:${record.serial}`).digest("hex").slice(0, 40).toUpperCase();
  r.iCalUId = isInstance ? createHash("sha256").update(`${uid}:${instance.originalStart}`).digest("hex").toUpperCase() : uid;
  if (opts.beta) r.uid = e.uid ?? uid;
  r.reminderMinutesBeforeStart = e.reminderMinutesBeforeStart ?? 15;
  r.isReminderOn = e.isReminderOn ?? true;
  r.hasAttachments = e.hasAttachments ?? false;
  r.subject = e.subject ?? "";
  r.bodyPreview = e.bodyPreview ?? (e.body?.content ?? "").replace(/<[^>]*>/g, " ").replace(/\s+/g, " ").trim().slice(0, 255);
  r.importance = e.importance ?? "normal";
  r.sensitivity = e.sensitivity ?? "normal";
  r.isAllDay = e.isAllDay ?? false;
  r.isCancelled = e.isCancelled ?? false;
  r.isOrganizer = e.isOrganizer ?? true;
  r.responseRequested = e.responseRequested ?? true;
  r.seriesMasterId = isInstance ? masterId : null;
  r.showAs = e.showAs ?? "busy";
  r.type = instance ? instance.type : (series.event.recurrence ? "seriesMaster" : "singleInstance");
  r.webLink = `https://outlook.live.com/owa/?itemid=${encodeURIComponent(id)}&exvsurl=1&path=/calendar/item`;
  r.onlineMeetingUrl = e.onlineMeetingUrl ?? null;
  r.isOnlineMeeting = e.isOnlineMeeting ?? false;
  r.onlineMeetingProvider = e.onlineMeetingProvider ?? "unknown";
  r.allowNewTimeProposals = e.allowNewTimeProposals ?? true;
  r.isDraft = e.isDraft ?? false;
  r.hideAttendees = e.hideAttendees ?? false;
  if (opts.beta) r.occurrenceId = isInstance ? `OID.${masterId}.${occurrenceDate(instance.originalStart)}` : null;
  if (opts.beta && !isInstance && series.event.recurrence) r.cancelledOccurrences = series.cancelled.map((t) => `OID.${masterId}.${occurrenceDate(t)}`);
  r.responseStatus = e.responseStatus ?? { response: "organizer", time: "0001-01-01T00:00:00Z" };
  r.body = e.body ?? { contentType: "html", content: "" };
  r.start = e.isAllDay ? floatingTime(start, opts.timeZone ?? e.start.timeZone) : zoned(start, opts.timeZone);
  r.end = e.isAllDay ? floatingTime(end, opts.timeZone ?? e.end.timeZone) : zoned(end, opts.timeZone);
  if (isInstance) r.originalStart = outlookTime(instance.originalStart);
  r.location = e.location ?? { displayName: "", locationType: "default", uniqueIdType: "unknown", address: {}, coordinates: {} };
  r.locations = e.locations ?? [];
  r.recurrence = isInstance ? null : (series.event.recurrence ?? null);
  r.attendees = e.attendees ?? [];
  r.organizer = e.organizer ?? { emailAddress: { name: account.account.displayName, address: account.address } };
  r.onlineMeeting = e.onlineMeeting ?? null;
  return applySelect(r, opts.select);
}
