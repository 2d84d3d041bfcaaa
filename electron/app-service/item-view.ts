import type { CatalogEntry } from "../../shared/archive-types.js";
import type { ItemView } from "../../shared/app-types.js";

/** Internal sidecars: shown only when a folder holds nothing else. */
export const SIDECAR_KINDS = new Set(["email-state", "bitlocker-key-json"]);

export function baseName(p: string): string {
  return p.slice(p.lastIndexOf("/") + 1);
}

export function nsToIso(ns: string | undefined): string | null {
  if (!ns) return null;
  const ms = Number(BigInt(ns) / 1_000_000n);
  return Number.isFinite(ms) ? new Date(ms).toISOString() : null;
}

function factValue(v: unknown): string {
  return Array.isArray(v) ? v.map(String).join(", ") : String(v);
}

/** The display facts of an item (meta as strings, empty ones left out). */
export function factsOf(e: CatalogEntry): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(e.meta ?? {})) {
    const s = factValue(v);
    if (s !== "") out[k] = s;
  }
  return out;
}

/** What people call the item: a message's subject, a contact's or folder's name, else its file name. */
export function displayName(e: CatalogEntry): string {
  const m = e.meta ?? {};
  if ((e.kind === "email" || e.kind === "event") && typeof m.subject === "string" && m.subject) return m.subject;
  if (typeof m.name === "string" && m.name) return m.name;
  return baseName(e.path);
}

export function itemView(e: CatalogEntry): ItemView {
  return {
    source: e.source,
    path: e.path,
    name: displayName(e),
    type: e.type,
    kind: e.kind ?? (e.type === "dir" ? "folder" : "file"),
    size: e.type === "file" ? (e.size ?? null) : null,
    modified: nsToIso(e.mtimeNs),
    facts: factsOf(e),
  };
}

/** A folder that only exists as the parent of items (e.g. "mail" or "calendars"). */
export function impliedFolder(source: string, p: string): CatalogEntry {
  return { source, path: p, type: "dir", kind: "folder" };
}

/** The time an item is sorted by: when received or starting, else modified (ms; 0 if unknown). */
export function sortTime(e: CatalogEntry): number {
  const m = e.meta ?? {};
  const t = typeof m.date === "string" ? Date.parse(m.date) : typeof m.start === "string" ? Date.parse(m.start) : NaN;
  if (Number.isFinite(t)) return t;
  return e.mtimeNs ? Number(BigInt(e.mtimeNs) / 1_000_000n) : 0;
}
