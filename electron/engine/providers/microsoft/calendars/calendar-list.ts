import type { GraphClient } from "../graph/graph-client.js";
import { safeSegment } from "../item-names.js";

export interface Calendar {
  id: string;
  name: string;
  isDefault: boolean;
  /** Safe file name, unique among the account's calendars: "Calendar", "Birthdays", "Work (2)". */
  path: string;
}

interface GraphCalendarLite {
  id: string;
  name?: string;
  isDefaultCalendar?: boolean;
}

/**
 * The account's calendars (one request for most accounts). Calendar ids never change (containers
 * take no immutable ids), so paths are rebuilt from names each run and a rename only moves paths.
 * The default calendar comes first, so it keeps its plain name when another has the same one.
 */
export async function listCalendars(graph: GraphClient): Promise<Calendar[]> {
  const raw: GraphCalendarLite[] = [];
  for await (const page of graph.pages<GraphCalendarLite>("/me/calendars?$top=250&$select=id,name,isDefaultCalendar")) raw.push(...page.value);
  raw.sort((a, b) => Number(b.isDefaultCalendar === true) - Number(a.isDefaultCalendar === true) || cmp(a.name ?? "", b.name ?? "") || cmp(a.id, b.id));
  const used = new Set<string>();
  return raw.map((c) => {
    const base = safeSegment(c.name ?? "", "(unnamed calendar)");
    let p = base;
    for (let i = 2; used.has(p.toLowerCase()); i++) p = `${base} (${i})`;
    used.add(p.toLowerCase());
    return { id: c.id, name: c.name ?? "", isDefault: c.isDefaultCalendar === true, path: p };
  });
}

/** Code-unit order: the same on every machine, whatever its locale. */
function cmp(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
