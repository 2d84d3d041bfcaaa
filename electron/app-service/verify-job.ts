import type { VerifyOutcome } from "../../shared/app-types.js";
import { verifyArchive } from "../engine/archive/verify.js";
import type { Handlers } from "./handler-types.js";

const LEVEL_WORDS = { files: "Checking the archive's files", structure: "Checking the archive's structure", data: "Decrypting and checking all data" } as const;

export const verifyHandlers: Handlers = {
  "verify:start": async (ctx, req) => {
    const archive = ctx.session.require();
    const root = archive.root;
    const jobId = ctx.jobs.start("verify", LEVEL_WORDS[req.level], async (job) => {
      const r = await verifyArchive(archive, { level: req.level, onProgress: (p) => job.progress(p) });
      const verify: VerifyOutcome = { level: r.level, ok: r.ok, problems: r.problems, damagedItems: r.damagedItems };
      // Remembered with the archive, for the dashboard's "last checked".
      await ctx.settings.update((s) => {
        const entry = (s.archives[root] ??= { sources: [] });
        entry.lastVerify = { time: new Date().toISOString(), level: r.level, ok: r.ok, problems: r.problems.length };
      });
      const summary = r.ok
        ? `No damage found (${r.checkedFiles} files${r.checkedBlobs ? `, ${r.checkedBlobs} pieces decrypted and checked` : ""}).`
        : `Found ${r.problems.length} problem(s)${r.damagedItems.length ? ` affecting ${r.damagedItems.length} item(s)` : ""}. The list says which; run a backup to store damaged items again while the originals exist.`;
      return { ok: r.ok, summary, verify };
    });
    return { jobId };
  },
};
