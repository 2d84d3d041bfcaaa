import { promises as fsp } from "node:fs";
import path from "node:path";
import { ApiError } from "../../shared/app-api.js";
import type { CatalogEntry } from "../../shared/archive-types.js";
import type { RestoreReport } from "../../shared/app-types.js";
import { LifeboatError } from "../engine/errors.js";
import { restoreSnapshot, safeJoin } from "../engine/restore/restore-snapshot.js";
import { formatBytes } from "../cli/format.js";
import type { Handlers } from "./handler-types.js";
import { selectionFilter } from "./restore-selection.js";

/** Where an item lands in the restore folder (one .mbox per mail folder in mbox mode). */
function targetOf(root: string, e: CatalogEntry, mbox: boolean): string {
  if (mbox && e.kind === "email" && e.type === "file" && e.path.startsWith("mail/")) return safeJoin(root, e.source, `${e.path.slice(0, e.path.lastIndexOf("/"))}.mbox`);
  return safeJoin(root, e.source, e.path);
}

async function exists(p: string): Promise<boolean> {
  return fsp.lstat(p).then(
    () => true,
    () => false,
  );
}

export const restoreHandlers: Handlers = {
  "restore:start": async (ctx, req) => {
    const archive = ctx.session.require();
    const { snapshot, index } = await ctx.index(req.snapshot);
    const chosen = selectionFilter(req.selection);
    const root = path.resolve(req.to);
    const mbox = req.mailFormat === "mbox";
    const selected = index.entries.filter(chosen);
    if (selected.length === 0) throw new ApiError("not-found", "Nothing in this snapshot matches the selection. Choose other items or kinds.");
    const label = `Restoring ${selected.length} item(s) from snapshot ${snapshot.id.slice(0, 8)}`;
    const jobId = ctx.jobs.start("restore", label, async (job) => {
      // The app never overwrites: an item whose file is already there is left out and reported,
      // so restoring into a folder with older copies cannot destroy anything.
      const refused = new Map<string, { source: string; path: string; reason: string }>();
      const skip = new Set<CatalogEntry>();
      for (const e of selected) {
        if (e.type === "dir") continue;
        let target: string;
        try {
          target = targetOf(root, e, mbox);
        } catch (err) {
          refused.set(`${e.source}/${e.path}`, { source: e.source, path: e.path, reason: (err as Error).message });
          skip.add(e);
          continue;
        }
        if (await exists(target)) {
          skip.add(e);
          const rel = path.relative(root, target);
          if (!refused.has(rel)) refused.set(rel, { source: e.source, path: e.path, reason: `${target} already exists; Lifeboat never overwrites a file. Restore into an empty folder, or move that file away.` });
        }
      }
      const wanted = new Set(selected.filter((e) => !skip.has(e)).map((e) => `${e.source}\0${e.path}`));
      const failed = [...refused.values()];
      let restoredItems = 0;
      let restoredBytes = 0;
      if (wanted.size > 0) {
        if (job.signal.aborted) throw new LifeboatError(`Restore cancelled; nothing was restored into ${root}.`, 1, "cancelled");
        const r = await restoreSnapshot(archive, snapshot.id, root, {
          mailFormat: req.mailFormat,
          select: (e) => wanted.has(`${e.source}\0${e.path}`),
          signal: job.signal,
          onProgress: (p) => job.progress(p),
        });
        restoredItems = r.items;
        restoredBytes = r.bytes;
        failed.push(...r.failed.map((f) => ({ source: f.source, path: f.path, reason: f.error })));
      }
      const restore: RestoreReport = { to: root, snapshot: snapshot.id, restoredItems, restoredBytes, failed };
      const summary = `Restored ${restoredItems} item(s) (${formatBytes(restoredBytes)}) into ${root}${failed.length ? `; ${failed.length} not restored (see the list)` : ""}.`;
      return { ok: failed.length === 0, summary, restore };
    });
    return { jobId };
  },
};
