import type { GraphClient } from "../graph/graph-client.js";
import { deltaRound } from "../delta-round.js";
import { safeSegment } from "../item-names.js";

/** An address book: the default Contacts folder or one of the folders below it. */
export interface ContactFolder {
  id: string;
  displayName: string;
  /** "/"-joined safe names: "Contacts", "Family", "Family/Kids". */
  path: string;
}

/** The folder tree as the cursor keeps it, so a run with no folder changes costs one request. */
export interface ContactFolderTree {
  /** The default Contacts folder's id. Folder ids never change (containers take no immutable ids). */
  rootId: string;
  /** contactFolders/delta link that continues after this tree. */
  link: string;
  /** Every folder, the default one included: name and parent id. */
  folders: Record<string, { name: string; parentId: string }>;
}

interface GraphContactFolder {
  id: string;
  displayName?: string;
  parentFolderId?: string;
  "@removed"?: { reason?: string };
}

const MAX_DEPTH = 32;

/**
 * All contact folders. The default folder is the well-known `contactFolders/contacts` (what Corso
 * uses too; `/me/contactFolders` lists only the folders below it); the others come from
 * contactFolders/delta, whose link the cursor keeps, so folder changes cost requests only when
 * there are any. An expired link starts the folder round again (folders hold no data of their own).
 */
export async function syncContactFolders(graph: GraphClient, previous: ContactFolderTree | undefined): Promise<{ tree: ContactFolderTree; folders: ContactFolder[] }> {
  let rootId = previous?.rootId;
  const folders: Record<string, { name: string; parentId: string }> = { ...(previous?.folders ?? {}) };
  let round = await deltaRound<GraphContactFolder>(graph, "/me/contactFolders/delta", previous?.link, {});
  if (round.full || !rootId) {
    const root = await graph.json<GraphContactFolder>("/me/contactFolders/contacts?$select=id,displayName,parentFolderId");
    rootId = root.id;
    for (const k of Object.keys(folders)) delete folders[k];
    folders[root.id] = { name: root.displayName ?? "Contacts", parentId: "" };
    if (!round.full) round = await deltaRound<GraphContactFolder>(graph, "/me/contactFolders/delta", undefined, {});
  }
  for (const f of round.items) {
    if (f["@removed"]) {
      if (f.id !== rootId) delete folders[f.id];
      continue;
    }
    folders[f.id] = { name: f.displayName ?? folders[f.id]?.name ?? "", parentId: f.id === rootId ? "" : (f.parentFolderId ?? "") };
  }
  // A folder whose parent is gone went with it (a deleted folder takes its subfolders along).
  const reachable = (id: string): boolean => {
    let cur = id;
    for (let depth = 0; depth < MAX_DEPTH; depth++) {
      if (cur === rootId) return true;
      const f = folders[cur];
      if (!f) return false;
      // Outlook parents the top-level contact folders to the default folder; a parent that is no
      // contact folder at all (the mailbox root) makes a folder top-level too.
      if (!folders[f.parentId]) return true;
      cur = f.parentId;
    }
    return false;
  };
  for (const id of Object.keys(folders)) if (!reachable(id)) delete folders[id];
  const tree: ContactFolderTree = { rootId, link: round.deltaLink, folders };
  return { tree, folders: placeFolders(tree) };
}

/**
 * Paths: the default folder under its own name, the folders below it as top-level books (as the
 * seed folder and Outlook's "My Contacts" list show them), deeper ones nested. Names unsafe in file
 * names are replaced, and two books that would share a path get " (2)".
 */
function placeFolders(tree: ContactFolderTree): ContactFolder[] {
  const out: ContactFolder[] = [];
  const used = new Set<string>();
  const place = (id: string, parentPath: string): void => {
    const f = tree.folders[id];
    if (!f) return;
    const base = `${parentPath}${safeSegment(f.name, "(unnamed book)")}`;
    let p = base;
    for (let i = 2; used.has(p.toLowerCase()); i++) p = `${base} (${i})`;
    used.add(p.toLowerCase());
    out.push({ id, displayName: f.name, path: p });
  };
  const childrenOf = (parentId: string): string[] =>
    Object.keys(tree.folders)
      .filter((id) => id !== tree.rootId && tree.folders[id]!.parentId === parentId)
      .sort((a, b) => cmp(tree.folders[a]!.name, tree.folders[b]!.name) || cmp(a, b));
  place(tree.rootId, "");
  const topLevel = Object.keys(tree.folders)
    .filter((id) => id !== tree.rootId && (tree.folders[id]!.parentId === tree.rootId || !tree.folders[tree.folders[id]!.parentId]))
    .sort((a, b) => cmp(tree.folders[a]!.name, tree.folders[b]!.name) || cmp(a, b));
  const walk = (id: string, depth: number): void => {
    const me = out.find((f) => f.id === id);
    if (!me || depth > MAX_DEPTH) return;
    for (const child of childrenOf(id)) {
      place(child, `${me.path}/`);
      walk(child, depth + 1);
    }
  };
  for (const id of topLevel) {
    place(id, "");
    walk(id, 1);
  }
  return out;
}

function cmp(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
