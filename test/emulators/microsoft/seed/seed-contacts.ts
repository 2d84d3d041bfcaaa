// contacts/<book>/*.vcf → contact folders and contacts. "Contacts" (any case) is the default
// folder; any other directory becomes a child folder of it, as Outlook nests contact folders. The
// vCard → Graph contact conversion (which slots Outlook has, legacy charsets, photos) is
// vcf-to-graph-contacts.ts; what a card loses on the way is reported as a note.
import { promises as fsp } from "node:fs";
import path from "node:path";
import type { GraphContact } from "../../../../shared/graph-types.js";
import type { ContactData, ContactStore } from "../graph/contact-store.js";
import { listDir } from "./seed-files.js";
import { vcfToGraphContacts } from "./vcf-to-graph-contacts.js";

function contactData(c: GraphContact): Partial<ContactData> {
  const copy: Partial<GraphContact> = { ...c };
  for (const k of ["id", "parentFolderId", "changeKey", "@odata.etag", "createdDateTime", "lastModifiedDateTime"] as const) delete copy[k];
  return copy as Partial<ContactData>;
}

export async function seedContacts(store: ContactStore, contactsDir: string, now: () => number): Promise<{ contacts: number; notes: string[] }> {
  const report = { contacts: 0, notes: [] as string[] };
  let tempId = 0;
  for (const book of await listDir(contactsDir)) {
    if (!book.isDir) continue;
    const folder = book.name.toLowerCase() === "contacts" ? "contacts" : store.addFolder(book.name);
    const folderId = store.items.containerId(store.resolveFolder(folder)?.serial ?? store.root.serial);
    for (const file of await listDir(path.join(contactsDir, book.name))) {
      if (file.isDir || !file.name.toLowerCase().endsWith(".vcf")) continue;
      const where = `${book.name}/${file.name}`;
      let cards;
      try {
        cards = vcfToGraphContacts(await fsp.readFile(path.join(contactsDir, book.name, file.name)), { parentFolderId: folderId, newId: () => `seed-${++tempId}`, now });
      } catch (err) {
        report.notes.push(`${where}: skipped (${(err as Error).message})`);
        continue;
      }
      for (const card of cards) {
        store.addContact(folder, contactData(card.contact), card.photo);
        if (card.dropped.length > 0) report.notes.push(`${where}: ${card.contact.displayName}: dropped ${card.dropped.join(", ")}`);
        report.contacts += 1;
      }
    }
  }
  return report;
}
