import { GraphError } from "../graph/graph-error.js";
import type { GraphClient } from "../graph/graph-client.js";
import { safeSegment } from "../item-names.js";

export interface MailFolder {
  id: string;
  displayName: string;
  parentFolderId?: string;
  /** "/"-joined safe names from the mailbox root, e.g. "Inbox/Receipts/2024". */
  path: string;
  isHidden?: boolean;
}

interface GraphMailFolder {
  id: string;
  displayName?: string;
  parentFolderId?: string;
  childFolderCount?: number;
  isHidden?: boolean;
}

const SELECT = "$select=id,displayName,parentFolderId,childFolderCount,isHidden";

/**
 * The whole folder tree, hidden folders included (`includeHiddenFolders`), plus the well-known
 * Recoverable Items "Deletions" folder, which `/mailFolders` never lists. Folder ids are stable
 * (containers do not take immutable ids, and need none), so paths are rebuilt from names each run:
 * a renamed folder moves its messages' paths without downloading them again.
 */
export async function listMailFolders(graph: GraphClient): Promise<MailFolder[]> {
  const out: MailFolder[] = [];
  const used = new Set<string>();
  const place = (f: GraphMailFolder, parentPath: string): MailFolder => {
    const base = `${parentPath}${safeSegment(f.displayName ?? "", "(unnamed folder)")}`;
    let p = base;
    // Two folders whose names differ only in characters that are unsafe in file names.
    for (let i = 2; used.has(p.toLowerCase()); i++) p = `${base} (${i})`;
    used.add(p.toLowerCase());
    const folder: MailFolder = { id: f.id, displayName: f.displayName ?? "", parentFolderId: f.parentFolderId, path: p, isHidden: f.isHidden };
    out.push(folder);
    return folder;
  };
  const walk = async (url: string, parentPath: string): Promise<void> => {
    for await (const page of graph.pages<GraphMailFolder>(url)) {
      for (const f of page.value) {
        const folder = place(f, parentPath);
        if ((f.childFolderCount ?? 1) > 0) await walk(`/me/mailFolders/${encodeURIComponent(f.id)}/childFolders?includeHiddenFolders=true&$top=250&${SELECT}`, `${folder.path}/`);
      }
    }
  };
  await walk(`/me/mailFolders?includeHiddenFolders=true&$top=250&${SELECT}`, "");
  try {
    const rec = await graph.json<GraphMailFolder>(`/me/mailFolders/recoverableitemsdeletions?${SELECT}`);
    if (!out.some((f) => f.id === rec.id)) place({ ...rec, displayName: `Recoverable Items - ${rec.displayName ?? "Deletions"}` }, "");
  } catch (err) {
    // Personal mailboxes and some tenants have no such folder.
    if (!(err instanceof GraphError && (err.status === 404 || err.status === 400 || err.status === 403))) throw err;
  }
  return out;
}
