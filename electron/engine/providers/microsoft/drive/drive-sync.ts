import type { CatalogEntry } from "../../../../../shared/archive-types.js";
import { DeltaExpiredError, GraphError } from "../graph/graph-error.js";
import type { KindContext, KindSync } from "../kind-sync.js";
import { safeSegment } from "../item-names.js";
import { downloadDriveFile } from "./drive-download.js";

interface DriveItem {
  id: string;
  name?: string;
  size?: number;
  eTag?: string;
  cTag?: string;
  lastModifiedDateTime?: string;
  fileSystemInfo?: { lastModifiedDateTime?: string; createdDateTime?: string };
  parentReference?: { id?: string; driveId?: string };
  file?: { mimeType?: string; hashes?: { quickXorHash?: string; sha1Hash?: string; sha256Hash?: string } };
  folder?: { childCount?: number };
  package?: { type?: string };
  root?: object;
  deleted?: object;
  specialFolder?: { name?: string };
  malware?: object;
}

export interface DriveCursor {
  v: 1;
  deltaLink: string;
  rootId: string;
  /** Files whose download failed after their change was seen: fetched by id next run. */
  retry?: string[];
}

interface Node {
  id: string;
  name: string;
  parentId?: string;
  folder: boolean;
  item?: DriveItem; // new or changed in this run
  prev?: CatalogEntry;
}

const SELECT = "$select=id,name,size,eTag,cTag,lastModifiedDateTime,fileSystemInfo,parentReference,file,folder,package,root,deleted,specialFolder,malware";
const DOWNLOAD_NOTE = "files";

function mtimeNsOf(item: DriveItem): string | undefined {
  const t = Date.parse(item.fileSystemInfo?.lastModifiedDateTime ?? item.lastModifiedDateTime ?? "");
  return Number.isFinite(t) ? (BigInt(t) * 1_000_000n).toString() : undefined;
}

/**
 * OneDrive: every file under `files/<drive path>` as its original bytes, verified against the
 * drive's QuickXorHash while streaming. Root delta (`deleted` facet for removals); paths are
 * rebuilt from ids and parent ids, because delta never sends paths and a renamed folder does not
 * list its descendants again. A file whose hash is unchanged is never downloaded again, wherever it
 * moved; content seen under another id (a copy) is reused too. The Personal Vault and OneNote
 * packages cannot be read through the API: they are reported as skipped, not failed.
 */
export class DriveSync implements KindSync<DriveCursor> {
  readonly kind = "files";

  async run(ctx: KindContext, cursor: DriveCursor | undefined): Promise<DriveCursor> {
    const { run, graph } = ctx;
    const prevById = new Map<string, CatalogEntry>();
    const prevByHash = new Map<string, CatalogEntry>();
    for (const e of ctx.previousEntries()) {
      const id = e.state?.id;
      if (typeof id === "string") prevById.set(id, e);
      const qx = e.state?.qxh;
      if (typeof qx === "string" && e.size !== undefined) prevByHash.set(`${qx}:${e.size}`, e);
    }

    let link = cursor?.deltaLink;
    let round: { items: Map<string, DriveItem>; deltaLink: string; full: boolean } | undefined;
    for (let attempt = 0; !round; attempt++) {
      try {
        round = await this.delta(ctx, link);
      } catch (err) {
        if (err instanceof DeltaExpiredError && attempt === 0) {
          link = undefined;
          continue;
        }
        throw err;
      }
    }

    // Changes seen in an earlier run whose download failed: the delta feed will not repeat them.
    for (const id of cursor?.retry ?? []) {
      if (round.items.has(id)) continue;
      try {
        round.items.set(id, await graph.json<DriveItem>(`/me/drive/items/${encodeURIComponent(id)}?${SELECT}`));
      } catch (err) {
        if (err instanceof GraphError && err.status === 404) continue;
        throw err;
      }
    }

    // The tree now: previous nodes (unless this is a full enumeration), then the changes.
    const nodes = new Map<string, Node>();
    let rootId = cursor?.rootId ?? "";
    if (!round.full) {
      for (const [id, e] of prevById) nodes.set(id, { id, name: String(e.meta?.name ?? e.path.slice(e.path.lastIndexOf("/") + 1)), parentId: typeof e.state?.parentId === "string" ? e.state.parentId : undefined, folder: e.type === "dir", prev: e });
    }
    for (const item of round.items.values()) {
      if (item.root) {
        rootId = item.id;
        continue;
      }
      if (item.deleted) {
        nodes.delete(item.id);
        continue;
      }
      nodes.set(item.id, { id: item.id, name: item.name ?? "", parentId: item.parentReference?.id, folder: !!item.folder || !!item.package, item, prev: prevById.get(item.id) });
    }

    // Paths from the root down; a node whose parent is gone is gone with it (the delta feed sends
    // a folder's deletion, and "delete locally only what is empty after all changes" holds).
    const paths = new Map<string, string>([[rootId, DOWNLOAD_NOTE]]);
    const children = new Map<string, Node[]>();
    for (const n of nodes.values()) {
      const list = children.get(n.parentId ?? "") ?? [];
      list.push(n);
      children.set(n.parentId ?? "", list);
    }
    const ordered: Array<{ node: Node; path: string }> = [];
    const queue = [rootId];
    while (queue.length > 0) {
      const parent = queue.shift()!;
      const used = new Set<string>();
      for (const n of (children.get(parent) ?? []).sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))) {
        const base = safeSegment(n.name);
        let name = base;
        for (let i = 2; used.has(name.toLowerCase()); i++) name = `${base} (${i})`;
        used.add(name.toLowerCase());
        const p = `${paths.get(parent)}/${name}`;
        paths.set(n.id, p);
        ordered.push({ node: n, path: p });
        if (n.folder && !n.item?.package && n.item?.specialFolder?.name !== "vault") queue.push(n.id);
      }
    }

    // The Personal Vault is listed as an ordinary empty folder, but anything below it answers
    // "ObjectHandle is Invalid" (rclone #8736). Its name is localised and can be changed, so a new,
    // empty top-level folder of a personal drive is asked once for its children: that error means
    // vault, and the user is told its files are not in the backup.
    const vaults = new Set<string>();
    if (ctx.accountKind === "personal") {
      for (const n of children.get(rootId) ?? []) {
        if (!n.folder || !n.item || n.item.package || (children.get(n.id) ?? []).length > 0) continue;
        try {
          await graph.json(`/me/drive/items/${encodeURIComponent(n.id)}/children?$top=1&$select=id`);
        } catch (err) {
          if (err instanceof GraphError && err.status === 400 && (err.has("invalidResourceId", "invalidRequest") || /ObjectHandle/i.test(err.message))) vaults.add(n.id);
          else if (!(err instanceof GraphError && err.status === 404)) throw err;
        }
      }
    }

    type Download = { node: Node; path: string; item: DriveItem };
    const downloads: Download[] = [];
    for (const { node, path } of ordered) {
      const item = node.item;
      if (node.folder) {
        if (item?.package) {
          run.skip(path, `a ${item.package.type ?? "package"} (e.g. a OneNote notebook): OneDrive does not hand out its contents as a file; export it from OneNote`);
          continue;
        }
        if (item?.specialFolder?.name === "vault" || vaults.has(node.id)) {
          run.skip(path, "the OneDrive Personal Vault cannot be read by any app through the API; copy its files out of the vault to back them up");
          continue;
        }
        const state = { id: node.id, parentId: node.parentId ?? "" };
        if (node.prev && node.prev.path === path && !item) run.reuse(node.prev);
        else await run.addItem({ path, type: "dir", kind: "folder", mtimeNs: item ? mtimeNsOf(item) : node.prev?.mtimeNs, meta: { name: node.name }, state });
        continue;
      }
      if (!item) {
        // Unchanged; only its path may have changed (a parent renamed or moved).
        if (node.prev) run.reuse(node.prev.path === path ? node.prev : { ...node.prev, path });
        continue;
      }
      if (item.malware) {
        run.skip(path, "OneDrive flags this file as malware and will not hand it out");
        continue;
      }
      const qxh = item.file?.hashes?.quickXorHash;
      const same = node.prev && qxh && node.prev.state?.qxh === qxh && node.prev.size === item.size ? node.prev : qxh && item.size !== undefined ? prevByHash.get(`${qxh}:${item.size}`) : undefined;
      const state = { id: item.id, parentId: node.parentId ?? "", ...(qxh ? { qxh } : {}), ...(item.cTag ? { ctag: item.cTag } : {}) };
      const meta = { name: node.name, ...(item.file?.mimeType ? { mime: item.file.mimeType } : {}) };
      if (same) {
        run.reuse({ ...same, path, mtimeNs: mtimeNsOf(item) ?? same.mtimeNs, meta, state });
        continue;
      }
      downloads.push({ node, path, item });
    }

    const retry: string[] = [];
    ctx.plan(downloads.length, downloads.reduce((n, d) => n + (d.item.size ?? 0), 0));
    for (const d of downloads) {
      if (run.signal.aborted) throw new Error("interrupted");
      const { item, path, node } = d;
      const qxh = item.file?.hashes?.quickXorHash;
      try {
        await run.addItem(
          {
            path,
            type: "file",
            kind: "file",
            mtimeNs: mtimeNsOf(item),
            meta: { name: node.name, ...(item.file?.mimeType ? { mime: item.file.mimeType } : {}) },
            state: { id: item.id, parentId: node.parentId ?? "", ...(qxh ? { qxh } : {}), ...(item.cTag ? { ctag: item.cTag } : {}) },
          },
          downloadDriveFile(graph, item.id, { size: item.size, quickXorHash: qxh }, run.signal),
        );
      } catch (err) {
        if (run.signal.aborted || (err instanceof GraphError && err.status === 401)) throw err;
        if (err instanceof GraphError && err.status === 404) continue; // deleted meanwhile
        if (err instanceof GraphError && err.has("malwareDetected")) {
          run.skip(path, err.message);
          continue;
        }
        retry.push(item.id);
        run.fail(path, err);
      }
    }
    return { v: 1, deltaLink: round.deltaLink, rootId, ...(retry.length ? { retry } : {}) };
  }

  private async delta(ctx: KindContext, link: string | undefined): Promise<{ items: Map<string, DriveItem>; deltaLink: string; full: boolean }> {
    const items = new Map<string, DriveItem>();
    for await (const page of ctx.graph.pages<DriveItem>(link ?? `/me/drive/root/delta?${SELECT}`)) {
      // "The delta feed shows the latest state for each item"; an id may repeat: the last wins.
      for (const it of page.value) if (it && typeof it.id === "string") items.set(it.id, it);
      if (page.deltaLink) return { items, deltaLink: page.deltaLink, full: !link };
    }
    throw new GraphError(200, "malformedResponse", "The drive's delta feed ended without a deltaLink.");
  }
}
