import { createHash } from "node:crypto";
import path from "node:path";
import type { CatalogEntry } from "../../shared/archive-types.js";
import type { DetailView } from "../../shared/app-types.js";
import { formatBytes } from "../cli/format.js";
import type { Handlers } from "./handler-types.js";
import { readItem } from "./item-bytes.js";
import { baseName, displayName, nsToIso } from "./item-view.js";
import { icsRows, vcardRows } from "./text-card-rows.js";

type Row = DetailView["rows"][number];
type Json = Record<string, unknown>;

const str = (v: unknown): string => (typeof v === "string" ? v : v === undefined || v === null ? "" : JSON.stringify(v));
const rows = (pairs: Array<[string, unknown]>): Row[] => pairs.map(([label, v]) => ({ label, value: str(v) })).filter((r) => r.value !== "");

function when(v: unknown): string {
  const o = v as { dateTime?: string; timeZone?: string } | undefined;
  return o?.dateTime ? `${o.dateTime}${o.timeZone ? ` (${o.timeZone})` : ""}` : "";
}

function person(v: unknown): string {
  const e = (v as { emailAddress?: { name?: string; address?: string } } | undefined)?.emailAddress;
  return e ? (e.name && e.address ? `${e.name} <${e.address}>` : (e.address ?? e.name ?? "")) : "";
}

function eventRows(j: Json): Row[] {
  const attendees = Array.isArray(j.attendees) ? j.attendees.map(person).filter(Boolean).join(", ") : "";
  return rows([
    ["Start", when(j.start)],
    ["End", when(j.end)],
    ["All day", j.isAllDay ? "yes" : ""],
    ["Location", (j.location as { displayName?: string } | undefined)?.displayName],
    ["Organizer", person(j.organizer)],
    ["Attendees", attendees],
    ["Repeats", j.recurrence ? "yes" : ""],
    ["Type", j.type],
    ["Notes", j.bodyPreview],
  ]);
}

function addressText(a: unknown): string {
  const o = a as Record<string, string> | undefined;
  return o ? [o.street, o.postalCode, o.city, o.state, o.countryOrRegion].filter(Boolean).join(", ") : "";
}

function contactRows(j: Json): Row[] {
  const emails = Array.isArray(j.emailAddresses) ? (j.emailAddresses as Array<{ address?: string }>).map((e) => e.address ?? "").filter(Boolean).join(", ") : "";
  const phones = [...((j.businessPhones as string[] | undefined) ?? []), ...((j.homePhones as string[] | undefined) ?? []), ...(j.mobilePhone ? [j.mobilePhone as string] : [])].join(", ");
  return rows([
    ["Name", j.displayName],
    ["Email", emails],
    ["Phone", phones],
    ["Company", j.companyName],
    ["Job title", j.jobTitle],
    ["Home address", addressText(j.homeAddress)],
    ["Business address", addressText(j.businessAddress)],
    ["Birthday", typeof j.birthday === "string" ? j.birthday.slice(0, 10) : ""],
    ["Notes", j.personalNotes],
  ]);
}

function fileRows(e: CatalogEntry, bytes: Buffer | null): Row[] {
  return rows([
    ["Size", e.size !== undefined ? `${formatBytes(e.size)} (${e.size} bytes)` : ""],
    ["Type", e.meta?.mime ?? (path.extname(e.path).slice(1).toUpperCase() || "file")],
    ["Modified", nsToIso(e.mtimeNs) ?? ""],
    ["SHA-256", e.sha256 ?? (bytes ? createHash("sha256").update(bytes).digest("hex") : "")],
  ]);
}

function parseJson(bytes: Buffer): Json {
  try {
    const v: unknown = JSON.parse(bytes.toString("utf8"));
    return v && typeof v === "object" ? (v as Json) : {};
  } catch {
    return {};
  }
}

export const detailHandlers: Handlers = {
  "browse:detail": async (ctx, req) => {
    const { entry: e, bytes } = await readItem(ctx, req.snapshot, req.source, req.path);
    const kind = e.kind ?? (e.type === "dir" ? "folder" : "file");
    const title = displayName(e);
    const lower = e.path.toLowerCase();
    if (e.type !== "file") return { kind, title, rows: rows([["Path", `${e.source}/${e.path}`], ["Modified", nsToIso(e.mtimeNs) ?? ""]]) };
    if (kind === "bitlocker-key") {
      // Never the recovery password: that is shown only through the vault's Reveal.
      const m = e.meta ?? {};
      return { kind, title: `BitLocker key ${str(m.keyId) || baseName(e.path)}`, rows: rows([["Key id", m.keyId], ["Device", m.device], ["Created", m.created]]) };
    }
    if (kind === "event" && lower.endsWith(".json")) return { kind, title, rows: eventRows(parseJson(bytes)) };
    if (kind === "contact" && lower.endsWith(".json")) return { kind, title, rows: contactRows(parseJson(bytes)) };
    if (lower.endsWith(".ics")) return { kind, title, rows: [...icsRows(bytes.toString("utf8")), ...fileRows(e, bytes)] };
    if (lower.endsWith(".vcf")) return { kind, title, rows: [...vcardRows(bytes.toString("utf8")), ...fileRows(e, bytes)] };
    return { kind, title, rows: fileRows(e, bytes) };
  },
};
