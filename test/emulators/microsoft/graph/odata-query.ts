// The OData system query options the emulated routes understand ($select, $top, $skip, $filter,
// $expand, $orderby). Graph accepts them case-insensitively and, on v1.0, also without the "$".
import { badRequest, selectPropertyUnknown } from "./graph-errors.js";

export function queryOption(query: URLSearchParams, name: string): string | undefined {
  const bare = name.replace(/^\$/, "").toLowerCase();
  for (const [key, value] of query) {
    const k = key.toLowerCase();
    if (k === `$${bare}` || k === bare) return value;
  }
  return undefined;
}

/** $select as a list, validated against the type's properties (unknown names are a 400 in Graph). */
export function parseSelect(query: URLSearchParams, known: ReadonlySet<string>, typeName: string): string[] | undefined {
  const raw = queryOption(query, "$select");
  if (raw === undefined || raw.trim() === "") return undefined;
  const names = raw.split(",").map((s) => s.trim()).filter((s) => s.length > 0);
  const knownLower = new Map([...known].map((k) => [k.toLowerCase(), k]));
  return names.map((n) => {
    const canonical = knownLower.get(n.toLowerCase());
    if (!canonical) throw selectPropertyUnknown(n, typeName);
    return canonical;
  });
}

/** Keeps only the selected members (plus annotations such as @odata.etag and the always-kept ones). */
export function applySelect(resource: Record<string, unknown>, select: readonly string[] | undefined, alwaysKeep: readonly string[] = ["id"]): Record<string, unknown> {
  if (!select) return resource;
  const keep = new Set([...select, ...alwaysKeep]);
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(resource)) {
    if (k.startsWith("@") || keep.has(k)) out[k] = v;
  }
  return out;
}

export function parseTop(query: URLSearchParams, opts: { defaultSize: number; max: number }): number {
  const raw = queryOption(query, "$top");
  if (raw === undefined) return opts.defaultSize;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 1) throw badRequest(`Invalid value '${raw}' for $top query option found.`, "BadRequest");
  if (n > opts.max) throw badRequest(`The value of $top must be between 1 and ${opts.max}.`, "ErrorInvalidUrlQuery");
  return n;
}

export function parseSkip(query: URLSearchParams): number {
  const raw = queryOption(query, "$skip");
  if (raw === undefined) return 0;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 0) throw badRequest(`Invalid value '${raw}' for $skip query option found.`);
  return n;
}

export function parseExpand(query: URLSearchParams): string[] {
  const raw = queryOption(query, "$expand");
  if (!raw) return [];
  return raw.split(",").map((s) => s.trim().toLowerCase()).filter((s) => s.length > 0);
}

/** A URL with the given query options replaced (for @odata.nextLink of $skip paging). */
export function withQuery(base: string, query: URLSearchParams, changes: Record<string, string>): string {
  const next = new URLSearchParams();
  const changed = new Set(Object.keys(changes).map((k) => k.toLowerCase()));
  for (const [k, v] of query) if (!changed.has(k.toLowerCase())) next.append(k, v);
  for (const [k, v] of Object.entries(changes)) next.append(k, v);
  // Graph leaves "$" and "," readable in its links.
  const text = next.toString().replace(/%24/g, "$").replace(/%2C/gi, ",");
  return text.length > 0 ? `${base}?${text}` : base;
}
