import type { CatalogEntry } from "../../../../../shared/archive-types.js";
import type { ContactPhoto, GraphContact } from "../../../../../shared/graph-types.js";
import { graphContactsToVcf } from "../convert/graph-contact-to-vcard.js";
import { deltaRound } from "../delta-round.js";
import { GraphError } from "../graph/graph-error.js";
import { numberedName, numberOf } from "../item-names.js";
import type { KindContext, KindSync } from "../kind-sync.js";
import { orderedPrefetch } from "../ordered-prefetch.js";
import { syncContactFolders, type ContactFolder, type ContactFolderTree } from "./contact-folders.js";
import { parseStoredContact, sniffImageType, storedContactJson } from "./stored-contact.js";

// Immutable ids: a contact moved to another folder keeps its id, so the move is recognised.
const PREFER_IDS = 'IdType="ImmutableId"';
const PAGE_SIZE = 500;
const PHOTOS_IN_FLIGHT = 4;

export interface ContactsCursor {
  v: 1;
  /** The folder tree and its contactFolders/delta link. */
  tree: ContactFolderTree;
  /** Per folder id: the contacts delta link that continues after the last committed round. */
  books: Record<string, string>;
  /** Contacts seen in a committed round whose photo could not be read: fetched by id next run. */
  retry: Array<{ id: string; folderId: string }>;
}

type Contact = GraphContact & { "@removed"?: { reason?: string } };

interface Previous {
  entry: CatalogEntry;
  folderId: string;
  changeKey: string;
  n?: number;
}

interface Held {
  id: string;
  folderId: string;
  /** New or changed in this run; absent when unchanged. */
  contact?: Contact;
}

function mtimeNsOf(iso: string | undefined): string | undefined {
  const t = Date.parse(iso ?? "");
  return Number.isFinite(t) ? (BigInt(t) * 1_000_000n).toString() : undefined;
}

function metaOf(c: GraphContact, book: ContactFolder): NonNullable<CatalogEntry["meta"]> {
  return {
    name: c.displayName || [c.givenName, c.surname].filter(Boolean).join(" "),
    emails: (c.emailAddresses ?? []).map((e) => e.address ?? "").filter((a) => a.length > 0),
    company: c.companyName ?? "",
    book: book.displayName,
  };
}

/**
 * Contacts: every address book (the default Contacts folder and the folders below it) as
 * `contacts/<book>.vcf` (vCard 4.0, every card of the book) plus `contacts/<book>/<n>-<name>.json`
 * per contact: the Graph JSON with the photo inside (stored-contact.ts), the source of truth.
 * Per-folder contacts delta with immutable ids; a run with no changes costs one request for the
 * folder tree plus one per book. Photos are read only for new or changed contacts. A book's .vcf
 * is rebuilt only when one of its contacts changed, from the stored JSON of the others.
 */
export class ContactsSync implements KindSync<ContactsCursor> {
  readonly kind = "contacts";

  async run(ctx: KindContext, cursor: ContactsCursor | undefined): Promise<ContactsCursor> {
    const { graph, run } = ctx;
    const { tree, folders } = await syncContactFolders(graph, cursor?.tree);
    const folderById = new Map(folders.map((f) => [f.id, f]));

    const prevById = new Map<string, Previous>();
    const prevBooks = new Map<string, CatalogEntry>();
    for (const e of ctx.previousEntries()) {
      const id = e.state?.id;
      if (typeof id !== "string") continue;
      if (e.kind === "address-book") prevBooks.set(id, e);
      else if (e.kind === "contact" && typeof e.state?.folderId === "string") {
        prevById.set(id, { entry: e, folderId: e.state.folderId, changeKey: String(e.state.changeKey ?? ""), n: numberOf(e.path.slice(e.path.lastIndexOf("/") + 1)) });
      }
    }

    const held = new Map<string, Held>();
    for (const [id, p] of prevById) held.set(id, { id, folderId: p.folderId });
    const dirty = new Set<string>();
    const newCursor: ContactsCursor = { v: 1, tree, books: {}, retry: [] };
    const removals: Array<{ id: string; folderId: string }> = [];
    const upserts: Contact[] = [];
    const headers = { prefer: `${PREFER_IDS}, odata.maxpagesize=${PAGE_SIZE}` };

    for (const folder of folders) {
      if (run.signal.aborted) throw new Error("interrupted");
      const link = cursor?.books[folder.id];
      try {
        const round = await deltaRound<Contact>(graph, `/me/contactFolders/${encodeURIComponent(folder.id)}/contacts/delta`, link, headers);
        newCursor.books[folder.id] = round.deltaLink;
        if (round.full) {
          // A full enumeration is the book's whole content: anything not in it is gone.
          const present = new Set(round.items.filter((c) => !c["@removed"]).map((c) => c.id));
          for (const h of held.values()) if (h.folderId === folder.id && !present.has(h.id)) removals.push({ id: h.id, folderId: folder.id });
        }
        for (const c of round.items) {
          if (c["@removed"]) removals.push({ id: c.id, folderId: folder.id });
          else upserts.push({ ...c, parentFolderId: folder.id });
        }
      } catch (err) {
        if (run.signal.aborted || (err instanceof GraphError && err.status === 401)) throw err;
        // The book keeps its previous contacts (still held) and its old delta link.
        if (link) newCursor.books[folder.id] = link;
        run.fail(`contacts/${folder.path}`, err);
      }
    }
    // Removals first, and only from the folder that reported them: a move is "removed from A"
    // plus "added to B", in either order of folders.
    for (const r of removals) {
      if (held.get(r.id)?.folderId !== r.folderId) continue;
      held.delete(r.id);
      dirty.add(r.folderId);
    }
    for (const c of upserts) this.take(held, prevById, dirty, c);
    // Contacts whose photo failed in an earlier run, after their book's round was committed.
    for (const r of cursor?.retry ?? []) {
      if (held.get(r.id)?.contact) continue;
      try {
        const c = await graph.json<Contact>(`/me/contacts/${encodeURIComponent(r.id)}`, { headers: { prefer: PREFER_IDS } });
        if (c.parentFolderId && folderById.has(c.parentFolderId)) {
          held.set(c.id, { id: c.id, folderId: c.parentFolderId, contact: c });
          dirty.add(c.parentFolderId);
        }
      } catch (err) {
        if (err instanceof GraphError && err.status === 404) continue;
        if (run.signal.aborted || (err instanceof GraphError && err.status === 401)) throw err;
        newCursor.retry.push(r);
        run.fail(`contacts/(contact ${r.id.slice(0, 12)}…)`, err);
      }
    }
    // Contacts of folders that are gone are gone (their moves arrived as adds elsewhere).
    for (const h of held.values()) if (!folderById.has(h.folderId)) held.delete(h.id);

    // Numbers: stable for a contact that stays in its book, the next free one in a new book.
    const nextN = new Map<string, number>();
    for (const p of prevById.values()) if (p.n !== undefined) nextN.set(p.folderId, Math.max(nextN.get(p.folderId) ?? 0, p.n));
    type Item = { h: Held; book: ContactFolder; base: string; n: number; prev?: Previous };
    const items: Item[] = [];
    for (const h of held.values()) {
      const book = folderById.get(h.folderId)!;
      const prev = prevById.get(h.id);
      let n = prev?.folderId === h.folderId ? prev.n : undefined;
      if (n === undefined) {
        n = (nextN.get(h.folderId) ?? 0) + 1;
        nextN.set(h.folderId, n);
      }
      const name = h.contact ? (h.contact.displayName || h.contact.emailAddresses?.[0]?.address || "") : String(prev?.entry.meta?.name ?? "");
      items.push({ h, book, base: `contacts/${book.path}/${numberedName(n, name, "(no name)")}`, n, prev });
    }
    items.sort((a, b) => (a.book.path < b.book.path ? -1 : a.book.path > b.book.path ? 1 : a.n - b.n));
    const changed = items.filter((i) => i.h.contact);
    ctx.plan(changed.length + dirty.size, 0);

    // Photos, only for new and changed contacts; a contact without one answers 404.
    const photos = orderedPrefetch(changed, PHOTOS_IN_FLIGHT, async (i): Promise<ContactPhoto | undefined> => {
      try {
        const bytes = await graph.bytes(`/me/contacts/${encodeURIComponent(i.h.id)}/photo/$value`, { headers: { prefer: PREFER_IDS, accept: "*/*" } });
        return bytes.length > 0 ? { contentType: sniffImageType(bytes), bytes: new Uint8Array(bytes) } : undefined;
      } catch (err) {
        if (err instanceof GraphError && err.status === 404) return undefined;
        throw err;
      }
    });
    /** What goes into the book files: this run's contacts with their photos. */
    const fresh = new Map<string, { contact: GraphContact; photo?: ContactPhoto }>();
    const failed = new Set<string>();
    for await (const r of photos) {
      if (run.signal.aborted) throw new Error("interrupted");
      const { h, book, base } = r.item;
      const contact = h.contact!;
      if (r.error !== undefined) {
        if (r.error instanceof GraphError && r.error.status === 401) throw r.error;
        // Kept as it was (if it was), and fetched again next run.
        failed.add(h.id);
        newCursor.retry.push({ id: h.id, folderId: h.folderId });
        const prev = r.item.prev;
        if (!prev || prev.entry.path === `${base}.json`) run.fail(`${base}.json`, r.error);
        else {
          run.reuse({ ...prev.entry, path: `${base}.json` });
          run.fail(`contacts/(contact ${h.id.slice(0, 12)}…)`, r.error);
        }
        continue;
      }
      const { "@removed": _removed, ...clean } = contact;
      fresh.set(h.id, { contact: clean, photo: r.result });
      await run.addItem(
        { path: `${base}.json`, type: "file", kind: "contact", mtimeNs: mtimeNsOf(contact.lastModifiedDateTime), meta: metaOf(contact, book), state: { id: h.id, folderId: h.folderId, changeKey: contact.changeKey ?? "" } },
        storedContactJson(clean, r.result),
      );
    }
    for (const i of items) {
      if (i.h.contact || !i.prev) continue;
      const meta = { ...(i.prev.entry.meta ?? {}), book: i.book.displayName };
      run.reuse({ ...i.prev.entry, path: `${i.base}.json`, meta });
    }

    // Book files: rebuilt when a contact of the book came, went or changed; else kept (under the
    // book's current name: a renamed folder changes only the path).
    for (const book of folders) {
      if (run.signal.aborted) throw new Error("interrupted");
      const path = `contacts/${book.path}.vcf`;
      const old = prevBooks.get(book.id);
      const members = items.filter((i) => i.h.folderId === book.id);
      if (old && !dirty.has(book.id)) {
        run.reuse({ ...old, path, meta: { ...(old.meta ?? {}), name: book.displayName } });
        continue;
      }
      try {
        const cards: Array<{ contact: GraphContact; photo?: ContactPhoto }> = [];
        let newest = 0;
        for (const i of members) {
          let card = fresh.get(i.h.id);
          if (!card && i.prev && (!i.h.contact || failed.has(i.h.id))) card = parseStoredContact(await run.readPrevious(i.prev.entry));
          if (!card) continue;
          cards.push(card);
          newest = Math.max(newest, Date.parse(card.contact.lastModifiedDateTime ?? "") || 0);
        }
        await run.addItem(
          { path, type: "file", kind: "address-book", mtimeNs: newest > 0 ? (BigInt(newest) * 1_000_000n).toString() : undefined, meta: { name: book.displayName, contacts: cards.length }, state: { id: book.id } },
          Buffer.from(graphContactsToVcf(cards)),
        );
      } catch (err) {
        if (run.signal.aborted) throw err;
        run.fail(path, err);
      }
    }
    return newCursor;
  }

  /** A contact from a round: new, moved or changed; an unchanged replay (same change key, same book) is ignored. */
  private take(held: Map<string, Held>, prevById: Map<string, Previous>, dirty: Set<string>, c: Contact): void {
    const folderId = c.parentFolderId!;
    const now = held.get(c.id);
    const prev = prevById.get(c.id);
    if (now && !now.contact && prev && prev.folderId === folderId && now.folderId === folderId && prev.changeKey !== "" && prev.changeKey === c.changeKey) return;
    if (now && now.folderId !== folderId) dirty.add(now.folderId);
    held.set(c.id, { id: c.id, folderId, contact: c });
    dirty.add(folderId);
  }
}
