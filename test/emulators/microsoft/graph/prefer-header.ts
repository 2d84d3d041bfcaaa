// The Prefer header carries several switches that change Graph's answers: page size, immutable ids,
// the time zone of event times, the body format. Node joins repeated headers with ", ", and values
// may be quoted, so the header is split on commas outside quotes.

export interface PreferOptions {
  maxPageSize?: number;
  /** Prefer: IdType="ImmutableId" — Outlook item ids survive moves. */
  immutableIds: boolean;
  /** Prefer: outlook.timezone="..." */
  timeZone?: string;
  /** Prefer: outlook.body-content-type="text" | "html" */
  bodyContentType?: "text" | "html";
  /** Every preference token, lower-cased name → raw value ("" when valueless). */
  all: Map<string, string>;
  /** The Preference-Applied header value for the preferences the emulator honoured. */
  applied: string[];
}

function splitOutsideQuotes(value: string): string[] {
  const parts: string[] = [];
  let current = "";
  let quoted = false;
  for (const ch of value) {
    if (ch === '"') quoted = !quoted;
    if ((ch === "," || ch === ";") && !quoted) {
      parts.push(current);
      current = "";
    } else {
      current += ch;
    }
  }
  parts.push(current);
  return parts.map((p) => p.trim()).filter((p) => p.length > 0);
}

function unquote(value: string): string {
  const v = value.trim();
  return v.length >= 2 && v.startsWith('"') && v.endsWith('"') ? v.slice(1, -1) : v;
}

export function parsePrefer(header: string | undefined): PreferOptions {
  const all = new Map<string, string>();
  for (const token of splitOutsideQuotes(header ?? "")) {
    const eq = token.indexOf("=");
    const name = (eq < 0 ? token : token.slice(0, eq)).trim().toLowerCase();
    const value = eq < 0 ? "" : unquote(token.slice(eq + 1));
    all.set(name, value);
  }
  const opts: PreferOptions = { immutableIds: false, all, applied: [] };
  const pageSize = Number.parseInt(all.get("odata.maxpagesize") ?? "", 10);
  if (Number.isFinite(pageSize) && pageSize > 0) opts.maxPageSize = pageSize;
  opts.immutableIds = (all.get("idtype") ?? "").toLowerCase() === "immutableid";
  const tz = all.get("outlook.timezone");
  if (tz) opts.timeZone = tz;
  const bodyType = (all.get("outlook.body-content-type") ?? "").toLowerCase();
  if (bodyType === "text" || bodyType === "html") opts.bodyContentType = bodyType;
  return opts;
}

export function hasPreference(prefer: PreferOptions, name: string): boolean {
  return prefer.all.has(name.toLowerCase());
}
