import type { CatalogEntry } from "../../../../../shared/archive-types.js";
import { DeltaExpiredError, GraphError } from "../graph/graph-error.js";
import type { KindContext, KindSync } from "../kind-sync.js";
import { numberedName, numberOf } from "../item-names.js";
import { orderedPrefetch } from "../ordered-prefetch.js";
import { listMailFolders, type MailFolder } from "./mail-folders.js";

/** What MIME does not carry, kept in the sidecar and the catalog. */
const MESSAGE_FIELDS = [
  "id", "changeKey", "parentFolderId", "subject", "from", "sender", "toRecipients", "ccRecipients", "bccRecipients", "replyTo",
  "receivedDateTime", "sentDateTime", "lastModifiedDateTime", "isRead", "isDraft", "flag", "categories", "importance",
  "inferenceClassification", "internetMessageId", "conversationId", "hasAttachments",
];
const SELECT = `$select=${MESSAGE_FIELDS.filter((f) => f !== "id").join(",")}`;
// Immutable ids: a message moved to another folder keeps its id, so a move is recognised and
// never downloaded again.
const PREFER_IDS = 'IdType="ImmutableId"';
const PAGE_SIZE = 200;
const DOWNLOADS_IN_FLIGHT = 4;

export interface GraphMessage {
  id: string;
  changeKey?: string;
  parentFolderId?: string;
  subject?: string | null;
  from?: { emailAddress?: { name?: string; address?: string } } | null;
  toRecipients?: Array<{ emailAddress?: { name?: string; address?: string } }>;
  receivedDateTime?: string;
  isDraft?: boolean;
  "@removed"?: { reason?: string };
  [k: string]: unknown;
}

export interface MailCursor {
  v: 1;
  /** Per folder id: the delta link that continues after the last committed round. */
  folders: Record<string, string>;
  /** Messages seen in a committed round whose download failed: fetched by id next run. */
  retry: Array<{ id: string; folderId: string }>;
}

interface Held {
  id: string;
  folderId: string;
  /** New or changed metadata from this run; absent when unchanged. */
  msg?: GraphMessage;
}

interface Previous {
  eml?: CatalogEntry;
  sidecar?: CatalogEntry;
  folderId?: string;
  n?: number;
}

function addressOf(a: { emailAddress?: { name?: string; address?: string } } | null | undefined): string {
  const e = a?.emailAddress;
  if (!e) return "";
  return e.name && e.address ? `${e.name} <${e.address}>` : (e.address ?? e.name ?? "");
}

function sidecarOf(msg: GraphMessage, folder: MailFolder): Buffer {
  const out: Record<string, unknown> = { folder: folder.path, folderId: folder.id };
  for (const f of MESSAGE_FIELDS) if (msg[f] !== undefined) out[f] = msg[f];
  return Buffer.from(`${JSON.stringify(out, null, 2)}\n`);
}

/**
 * Mail: every folder's messages as their exact MIME (`$value`) in `mail/<folder path>/<n>-<subject>.eml`,
 * plus `<same>.json` with the Outlook state MIME does not carry (folder, read and flag state,
 * categories, ids). Per-folder delta: a run after N changes makes O(N) requests; moves (remove in
 * one folder, add in another, same immutable id) reuse the stored MIME; an expired delta token
 * falls back to a full enumeration of that folder that still downloads only what is new.
 */
export class MailSync implements KindSync<MailCursor> {
  readonly kind = "mail";

  async run(ctx: KindContext, cursor: MailCursor | undefined): Promise<MailCursor> {
    const { graph, run } = ctx;
    const folders = await listMailFolders(graph);
    const folderById = new Map(folders.map((f) => [f.id, f]));

    const prevById = new Map<string, Previous>();
    for (const e of ctx.previousEntries()) {
      const id = e.state?.id;
      if (typeof id !== "string") continue;
      const p = prevById.get(id) ?? {};
      if (e.path.endsWith(".eml")) {
        p.eml = e;
        p.folderId = typeof e.state?.folderId === "string" ? e.state.folderId : undefined;
        p.n = numberOf(e.path.slice(e.path.lastIndexOf("/") + 1));
      } else if (e.path.endsWith(".json")) p.sidecar = e;
      prevById.set(id, p);
    }

    // What the mailbox holds now: previous messages, minus removals, plus this run's changes.
    const held = new Map<string, Held>();
    for (const [id, p] of prevById) if (p.eml && p.folderId) held.set(id, { id, folderId: p.folderId });
    const newCursor: MailCursor = { v: 1, folders: {}, retry: [] };
    const upserts: GraphMessage[] = [];
    const removals: Array<{ id: string; folderId: string }> = [];

    for (const folder of folders) {
      if (run.signal.aborted) throw new Error("interrupted");
      const link = cursor?.folders[folder.id];
      try {
        const round = await this.delta(ctx, folder, link);
        newCursor.folders[folder.id] = round.deltaLink;
        if (round.full) {
          // A full enumeration is the folder's whole content: anything not in it is gone.
          const present = new Set(round.items.map((m) => m.id));
          for (const h of held.values()) if (h.folderId === folder.id && !present.has(h.id)) removals.push({ id: h.id, folderId: folder.id });
        }
        for (const m of round.items) {
          if (m["@removed"]) removals.push({ id: m.id, folderId: folder.id });
          else upserts.push({ ...m, parentFolderId: folder.id });
        }
      } catch (err) {
        if (err instanceof GraphError && err.status === 401) throw err;
        if (run.signal.aborted) throw err;
        // The folder keeps its previous messages (still in `held`) and its old delta link.
        if (link) newCursor.folders[folder.id] = link;
        run.fail(`mail/${folder.path}`, err);
      }
    }
    // Removals first, and only from the folder that reported them: a move is "removed from A"
    // plus "added to B", in either order of folders.
    for (const r of removals) if (held.get(r.id)?.folderId === r.folderId) held.delete(r.id);
    for (const m of upserts) held.set(m.id, { id: m.id, folderId: m.parentFolderId!, msg: m });
    // Messages of folders that are gone are gone (their moves arrived as adds elsewhere).
    for (const h of held.values()) if (!folderById.has(h.folderId)) held.delete(h.id);

    // Downloads that failed in an earlier run, after their folder's round was committed.
    for (const r of cursor?.retry ?? []) {
      if (held.get(r.id)?.msg) continue;
      try {
        const m = await graph.json<GraphMessage>(`/me/messages/${encodeURIComponent(r.id)}?${SELECT}`, { headers: { prefer: PREFER_IDS } });
        if (m.parentFolderId && folderById.has(m.parentFolderId)) held.set(m.id, { id: m.id, folderId: m.parentFolderId, msg: m });
      } catch (err) {
        if (err instanceof GraphError && err.status === 404) continue;
        newCursor.retry.push(r);
        run.fail(`mail/(message ${r.id.slice(0, 12)}…)`, err);
      }
    }

    // Numbers: stable for a message that stays in its folder, the next free one in a new folder.
    const nextN = new Map<string, number>();
    for (const p of prevById.values()) if (p.folderId && p.n !== undefined) nextN.set(p.folderId, Math.max(nextN.get(p.folderId) ?? 0, p.n));
    const takeN = (folderId: string): number => {
      const n = (nextN.get(folderId) ?? 0) + 1;
      nextN.set(folderId, n);
      return n;
    };

    type Work = { h: Held; folder: MailFolder; base: string; prev?: Previous; download: boolean };
    const work: Work[] = [];
    for (const h of held.values()) {
      const folder = folderById.get(h.folderId)!;
      const prev = prevById.get(h.id);
      const sameFolder = prev?.folderId === h.folderId && prev.n !== undefined;
      const n = sameFolder ? prev!.n! : takeN(h.folderId);
      const subject = h.msg ? (h.msg.subject ?? "") : String(prev?.eml?.meta?.subject ?? "");
      const base = `mail/${folder.path}/${numberedName(n, subject, "(no subject)")}`;
      // Sent mail never changes; a draft can, so only drafts are fetched again when changed.
      const download = !prev?.eml || (h.msg !== undefined && h.msg.isDraft === true && h.msg.changeKey !== prev.eml.state?.changeKey);
      work.push({ h, folder, base, prev, download });
    }
    ctx.plan(work.filter((w) => w.download).length, 0);

    const downloads = work.filter((w) => w.download);
    const fetched = orderedPrefetch(downloads, DOWNLOADS_IN_FLIGHT, (w) =>
      graph.bytes(`/me/messages/${encodeURIComponent(w.h.id)}/$value`, { headers: { prefer: PREFER_IDS, accept: "*/*" } }),
    );
    const emit = async (w: Work, mime: Buffer | undefined): Promise<void> => {
      const { h, folder, base, prev } = w;
      const msg = h.msg;
      const meta: NonNullable<CatalogEntry["meta"]> = msg
        ? { subject: msg.subject ?? "", from: addressOf(msg.from), to: (msg.toRecipients ?? []).map(addressOf).join(", "), date: msg.receivedDateTime ?? "", folder: folder.path }
        : { ...(prev?.eml?.meta ?? {}), folder: folder.path };
      const state = { id: h.id, folderId: h.folderId, changeKey: String(msg?.changeKey ?? prev?.eml?.state?.changeKey ?? "") };
      // A restored message file carries the time it was received, as mail clients show it.
      const received = Date.parse(msg?.receivedDateTime ?? "");
      const mtimeNs = Number.isFinite(received) ? (BigInt(received) * 1_000_000n).toString() : prev?.eml?.mtimeNs;
      if (mime) await run.addItem({ path: `${base}.eml`, type: "file", kind: "email", mtimeNs, meta, state }, mime);
      else run.reuse({ ...prev!.eml!, path: `${base}.eml`, meta, state, ...(mtimeNs ? { mtimeNs } : {}) });
      if (msg) await run.addItem({ path: `${base}.json`, type: "file", kind: "email-state", mtimeNs, state: { id: h.id } }, sidecarOf(msg, folder));
      else if (prev?.sidecar) run.reuse({ ...prev.sidecar, path: `${base}.json` });
    };
    // Every folder is an item too, so an empty one comes back on restore.
    const prevDirs = new Map(ctx.previousEntries().filter((e) => e.type === "dir").map((e) => [e.path, e]));
    for (const f of folders) {
      const p = `mail/${f.path}`;
      const old = prevDirs.get(p);
      if (old && old.state?.id === f.id) run.reuse(old);
      else await run.addItem({ path: p, type: "dir", kind: "mail-folder", meta: { name: f.displayName }, state: { id: f.id } });
    }
    for (const w of work) if (!w.download) await emit(w, undefined);
    for await (const r of fetched) {
      if (run.signal.aborted) throw new Error("interrupted");
      if (r.error !== undefined) {
        if (r.error instanceof GraphError && r.error.status === 404) continue; // deleted meanwhile
        if (r.error instanceof GraphError && r.error.status === 401) throw r.error;
        newCursor.retry.push({ id: r.item.h.id, folderId: r.item.h.folderId });
        run.fail(`${r.item.base}.eml`, r.error);
        continue;
      }
      await emit(r.item, r.result!);
    }
    return newCursor;
  }

  /** One delta round of a folder; restarts as a full enumeration when the token expired. */
  private async delta(ctx: KindContext, folder: MailFolder, link: string | undefined): Promise<{ items: GraphMessage[]; deltaLink: string; full: boolean }> {
    const start = `/me/mailFolders/${encodeURIComponent(folder.id)}/messages/delta?${SELECT}`;
    const headers = { prefer: `${PREFER_IDS}, odata.maxpagesize=${PAGE_SIZE}` };
    for (let attempt = 0; ; attempt++) {
      const full = !link;
      const items = new Map<string, GraphMessage>();
      try {
        for await (const page of ctx.graph.pages<GraphMessage>(link ?? start, { headers })) {
          // Replays happen: the last word on an id wins.
          for (const m of page.value) if (m && typeof m.id === "string") items.set(m.id, m);
          if (page.deltaLink) return { items: [...items.values()], deltaLink: page.deltaLink, full };
        }
        throw new GraphError(200, "malformedResponse", "A delta round ended without a deltaLink.");
      } catch (err) {
        if (err instanceof DeltaExpiredError && attempt === 0) {
          link = undefined;
          continue;
        }
        throw err;
      }
    }
  }
}
