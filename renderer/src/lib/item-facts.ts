import type { ItemView } from "../../../shared/app-types.js";
import { formatBytes, formatDate } from "./format.js";

/** The one line under an item's name: what people look for in that kind of item. */
export function itemFacts(item: ItemView): string {
  const f = item.facts;
  switch (item.kind) {
    case "email":
      return [f.from, formatDate(f.date ?? item.modified)].filter(Boolean).join(" · ");
    case "event":
      return [f.start ? formatDate(f.start) : null, f.location, f.calendar].filter(Boolean).join(" · ");
    case "contact":
      return [f.emails, f.company].filter(Boolean).join(" · ");
    case "source":
      return "account or folder";
    case "folder":
    case "mail-folder":
      return "folder";
    case "calendar":
      return f.events ? `calendar · ${f.events} events` : "calendar";
    case "address-book":
      return f.contacts ? `address book · ${f.contacts} contacts` : "address book";
    default:
      if (item.type === "dir") return "folder";
      return [formatBytes(item.size), item.modified ? formatDate(item.modified) : null].filter(Boolean).join(" · ");
  }
}

const KIND_LABEL: Record<string, string> = {
  email: "Message",
  event: "Event",
  contact: "Contact",
  calendar: "Calendar",
  "address-book": "Address book",
  "mail-folder": "Folder",
  folder: "Folder",
  source: "Source",
  file: "File",
  "bitlocker-key": "BitLocker key",
};

export function kindLabel(kind: string): string {
  return KIND_LABEL[kind] ?? kind;
}
