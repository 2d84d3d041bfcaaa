// The descriptive properties of one VEVENT as Outlook stores them on import (subject, body,
// people, reminder, flags). Times and recurrence are handled by ics-to-graph-events.ts.
//
// Mappings that lose something, because Outlook has no place for it:
//   - ATTENDEE ROLE: CHAIR and REQ-PARTICIPANT are "required", OPT- and NON-PARTICIPANT "optional",
//     CUTYPE=RESOURCE/ROOM "resource"; PARTSTAT NEEDS-ACTION/DELEGATED/COMPLETED/IN-PROCESS are
//     "none". RSVP is per event in Outlook (responseRequested), not per attendee.
//   - VALARM: Outlook has one reminder per event. The first DISPLAY or AUDIO alarm (file order)
//     becomes reminderMinutesBeforeStart (none if it fires after the start); EMAIL alarms and
//     further alarms are dropped.
//   - CLASS: PUBLIC/PRIVATE/CONFIDENTIAL -> normal/private/confidential (x-names -> normal).
//   - PRIORITY 1-4 high, 5 (and 0/absent) normal, 6-9 low; X-MICROSOFT-CDO-IMPORTANCE wins.
//   - X-MICROSOFT-CDO-BUSYSTATUS gives showAs; else TRANSP (TRANSPARENT = free, OPAQUE = busy).
//   - STATUS: only CANCELLED survives (isCancelled); TENTATIVE/CONFIRMED are not stored.
//   - ATTACH: inline BINARY values become file attachments; URI attachments are dropped (Outlook
//     does not fetch them).

import type ICAL from "ical.js";

import type {
  Attendee,
  FreeBusyStatus,
  GraphFileAttachment,
  Importance,
  ItemBody,
  Location,
  Recipient,
  ResponseType,
  Sensitivity,
} from "../../../../shared/graph-types.js";
import { allTextValues, durationSeconds, stringParam, text, timesOf } from "./ics-values.js";
import { textToOutlookHtml } from "./text-to-outlook-html.js";

export const NEVER = "0001-01-01T00:00:00Z";

export type Reminder =
  | { related: "start"; minutesBefore: number }
  | { related: "end"; minutesBefore: number }
  | { related: "absolute"; utcMs: number };

export interface EventFields {
  subject: string;
  body: ItemBody;
  bodyPreview: string;
  location: Location;
  locations: Location[];
  attendees: Attendee[];
  organizer: Recipient | undefined;
  responseRequested: boolean;
  allowNewTimeProposals: boolean;
  /** The surviving alarm; END-relative and absolute ones are resolved by the caller, who knows the times. */
  reminder: Reminder | undefined;
  showAs: FreeBusyStatus;
  sensitivity: Sensitivity;
  importance: Importance;
  categories: string[];
  isCancelled: boolean;
  attachments: Array<Omit<GraphFileAttachment, "id" | "lastModifiedDateTime">>;
  /** What was dropped, for the seed report. */
  dropped: string[];
}

/**
 * ical.js leaves the values of properties it does not know (X-ALT-DESC) as written; they are TEXT
 * in practice (Outlook escapes them so), so undo RFC 5545 §3.3.11 escaping here.
 */
function unescapeText(raw: string): string {
  return raw.replace(/\\([\\;,nN])/g, (_, c: string) => (c === "n" || c === "N" ? "\n" : c));
}

function addressOf(value: string): string {
  return value.replace(/^mailto:/i, "").trim();
}

const PARTSTAT: Record<string, ResponseType> = { ACCEPTED: "accepted", DECLINED: "declined", TENTATIVE: "tentativelyAccepted" };

const BUSY: Record<string, FreeBusyStatus> = {
  FREE: "free", TENTATIVE: "tentative", BUSY: "busy", OOF: "oof", WORKINGELSEWHERE: "workingElsewhere",
};

const EXTENSIONS: Record<string, string> = {
  "image/png": "png", "image/jpeg": "jpg", "image/gif": "gif", "application/pdf": "pdf", "text/plain": "txt",
  "text/calendar": "ics", "application/msword": "doc",
};

/** Reads the 'geo:lat,lon' out of GEO (lat;lon) or an Apple structured location. */
function coordinatesOf(vevent: ICAL.Component): { latitude: number; longitude: number } | undefined {
  const geo = vevent.getFirstProperty("geo");
  if (geo) {
    const v = geo.getFirstValue() as unknown;
    if (Array.isArray(v) && v.length === 2) return { latitude: Number(v[0]), longitude: Number(v[1]) };
  }
  const apple = text(vevent, "x-apple-structured-location");
  const m = /^geo:(-?[\d.]+),(-?[\d.]+)/i.exec(apple);
  return m ? { latitude: Number(m[1]), longitude: Number(m[2]) } : undefined;
}

function preview(body: string): string {
  return body.replace(/\r\n?/g, "\n").trim().slice(0, 255);
}

export function readEventFields(vevent: ICAL.Component): EventFields {
  const dropped: string[] = [];
  const subject = text(vevent, "summary");
  const description = text(vevent, "description");
  let html: string | undefined;
  for (const p of vevent.getAllProperties("x-alt-desc")) {
    if ((stringParam(p, "fmttype") ?? "").toLowerCase() === "text/html") html = unescapeText(String((p.toJSON() as unknown[])[3] ?? ""));
  }
  const body: ItemBody = { contentType: "html", content: html ?? textToOutlookHtml(description) };

  const locationText = text(vevent, "location");
  const coordinates = coordinatesOf(vevent);
  const location: Location = locationText.length > 0 || coordinates
    ? {
        displayName: locationText,
        locationType: "default",
        uniqueId: locationText,
        uniqueIdType: "private",
        address: {},
        coordinates: coordinates ?? {},
      }
    : { displayName: "", locationType: "default", uniqueIdType: "unknown", address: {}, coordinates: {} };

  const attendees: Attendee[] = [];
  let rsvpTrue = false;
  let rsvpSeen = false;
  for (const p of vevent.getAllProperties("attendee")) {
    const address = addressOf(String((p.toJSON() as unknown[])[3] ?? ""));
    const role = (stringParam(p, "role") ?? "REQ-PARTICIPANT").toUpperCase();
    const cutype = (stringParam(p, "cutype") ?? "").toUpperCase();
    const partstat = (stringParam(p, "partstat") ?? "NEEDS-ACTION").toUpperCase();
    const rsvp = stringParam(p, "rsvp");
    if (rsvp !== undefined) {
      rsvpSeen = true;
      if (rsvp.toUpperCase() === "TRUE") rsvpTrue = true;
    }
    attendees.push({
      type: cutype === "RESOURCE" || cutype === "ROOM" ? "resource" : role === "OPT-PARTICIPANT" || role === "NON-PARTICIPANT" ? "optional" : "required",
      status: { response: PARTSTAT[partstat] ?? "none", time: NEVER },
      emailAddress: { name: stringParam(p, "cn") ?? address, address },
    });
  }

  let organizer: Recipient | undefined;
  const org = vevent.getFirstProperty("organizer");
  if (org) {
    const address = addressOf(String((org.toJSON() as unknown[])[3] ?? ""));
    organizer = { emailAddress: { name: stringParam(org, "cn") ?? address, address } };
  }

  let reminder: Reminder | undefined;
  const alarms = vevent.getAllSubcomponents("valarm");
  for (const alarm of alarms) {
    const action = text(alarm, "action").toUpperCase();
    if (action !== "DISPLAY" && action !== "AUDIO" && action !== "") continue;
    const trigger = alarm.getFirstProperty("trigger");
    if (!trigger) continue;
    const raw = String((trigger.toJSON() as unknown[])[3] ?? "");
    const at = timesOf(trigger)[0];
    if (at && (trigger.type === "date-time" || /^\d{4}-/.test(raw))) {
      // Absolute triggers must be UTC (RFC 5545 §3.8.6.3).
      reminder = { related: "absolute", utcMs: Date.UTC(at.local.year, at.local.month - 1, at.local.day, at.local.hour, at.local.minute, at.local.second) };
      break;
    }
    const seconds = durationSeconds(alarm, "trigger");
    if (seconds === undefined) continue;
    const related = (stringParam(trigger, "related") ?? "START").toUpperCase();
    if (related === "END") {
      reminder = { related: "end", minutesBefore: Math.round(-seconds / 60) };
      break;
    }
    // A trigger after the start gives a negative lead time, which the caller drops (Outlook
    // cannot remind after the start); the alarm is still the one Outlook would have taken.
    reminder = { related: "start", minutesBefore: Math.round(-seconds / 60) };
    break;
  }
  const kept = reminder ? 1 : 0;
  if (alarms.length > kept) dropped.push(`${alarms.length - kept} VALARM(s): Outlook keeps one reminder`);

  const busy = text(vevent, "x-microsoft-cdo-busystatus").toUpperCase();
  const showAs: FreeBusyStatus = BUSY[busy] ?? (text(vevent, "transp").toUpperCase() === "TRANSPARENT" ? "free" : "busy");

  const cls = text(vevent, "class").toUpperCase();
  const sensitivity: Sensitivity = cls === "PRIVATE" ? "private" : cls === "CONFIDENTIAL" ? "confidential" : "normal";

  let importance: Importance = "normal";
  const cdoImportance = text(vevent, "x-microsoft-cdo-importance");
  const priority = Number(text(vevent, "priority") || "0");
  if (cdoImportance === "0") importance = "low";
  else if (cdoImportance === "2") importance = "high";
  else if (cdoImportance === "1") importance = "normal";
  else if (priority >= 1 && priority <= 4) importance = "high";
  else if (priority >= 6 && priority <= 9) importance = "low";

  const attachments: EventFields["attachments"] = [];
  for (const p of vevent.getAllProperties("attach")) {
    const raw = (p.toJSON() as unknown[])[3];
    const isBinary = p.type === "binary" || (stringParam(p, "encoding") ?? "").toUpperCase() === "BASE64";
    if (!isBinary || typeof raw !== "string") {
      dropped.push("ATTACH by URI: Outlook does not fetch linked attachments");
      continue;
    }
    const bytes = Buffer.from(raw.replace(/\s+/g, ""), "base64");
    const contentType = stringParam(p, "fmttype") ?? "application/octet-stream";
    const name = stringParam(p, "x-filename") ?? stringParam(p, "filename") ?? `attachment${attachments.length + 1}.${EXTENSIONS[contentType] ?? "bin"}`;
    attachments.push({ "@odata.type": "#microsoft.graph.fileAttachment", name, contentType, size: bytes.length, isInline: false, contentBytes: bytes.toString("base64") });
  }

  return {
    subject,
    body,
    bodyPreview: preview(description.length > 0 || html === undefined ? description : html.replace(/<[^>]*>/g, " ").replace(/\s+/g, " ")),
    location,
    locations: location.displayName.length > 0 ? [location] : [],
    attendees,
    organizer,
    responseRequested: attendees.length === 0 ? true : rsvpTrue || !rsvpSeen,
    allowNewTimeProposals: text(vevent, "x-microsoft-disallow-counter").toUpperCase() !== "TRUE",
    reminder,
    showAs,
    sensitivity,
    importance,
    categories: allTextValues(vevent, "categories"),
    isCancelled: text(vevent, "status").toUpperCase() === "CANCELLED",
    attachments,
    dropped,
  };
}
