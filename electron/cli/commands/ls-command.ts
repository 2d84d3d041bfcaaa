import type { Command } from "commander";
import type { CatalogEntry } from "../../../shared/archive-types.js";
import type { Archive } from "../../engine/archive/archive.js";
import { ArchiveLock } from "../../engine/archive/archive-lock.js";
import { UsageError } from "../../engine/errors.js";
import { loadSnapshotEntries } from "../../engine/restore/restore-snapshot.js";
import type { CliContext } from "../cli-context.js";
import { formatBytes, localTime } from "../format.js";

function entryLine(e: CatalogEntry): string {
  const t = e.mtimeNs ? localTime(new Date(Number(BigInt(e.mtimeNs) / 1_000_000n)).toISOString()) : "";
  const size = e.type === "file" ? formatBytes(e.size ?? 0) : e.type === "dir" ? "<dir>" : `-> ${e.target}`;
  return `${size.padStart(10)}  ${t}  ${e.source}/${e.path}${e.type === "dir" ? "/" : ""}`;
}

/** Reads a snapshot's items under a reader lock, so a concurrent prune cannot pull packs away. */
async function entriesOf(archive: Archive, ref: string): ReturnType<typeof loadSnapshotEntries> {
  const lock = await ArchiveLock.reader(archive.layout, "list");
  try {
    return await loadSnapshotEntries(archive, ref);
  } finally {
    await lock.release();
  }
}

export function registerLs(program: Command, ctx: () => CliContext): void {
  program
    .command("ls <snapshot> [path]")
    .description("items under PATH (SOURCE or SOURCE/sub/path) in a snapshot")
    .option("-r, --recursive", "everything below PATH, not just its direct children")
    .action(async (ref: string, prefix: string | undefined, o: { recursive?: boolean }) => {
      const c = ctx();
      const archive = await c.open();
      const { snapshot, entries } = await entriesOf(archive, ref);
      const p = (prefix ?? "").replace(/^\/+|\/+$/g, "");
      const items = entries.filter((e) => {
        const full = `${e.source}/${e.path}`;
        if (p && !full.startsWith(p + "/")) return false;
        if (o.recursive) return true;
        const rest = p ? full.slice(p.length + 1) : full;
        return p ? !rest.includes("/") : true;
      });
      // Without a path and without -r, show the sources' top level.
      const shown = !p && !o.recursive ? items.filter((e) => !e.path.includes("/")) : items;
      c.result({ snapshot: snapshot.id, path: p, items: shown }, () => shown.map(entryLine).join("\n") || "(nothing here)");
      await archive.close();
    });
  program
    .command("search <query>")
    .description("search the newest snapshot's catalog (names, paths, subjects, senders, dates)")
    .option("--snapshot <id>", "search this snapshot instead of the newest", "latest")
    .option("--limit <n>", "at most this many results", "200")
    .action(async (query: string, o: { snapshot: string; limit: string }) => {
      const c = ctx();
      const limit = Number(o.limit);
      if (!Number.isInteger(limit) || limit < 1) throw new UsageError("--limit takes a whole number of at least 1.");
      const archive = await c.open();
      const { snapshot, entries } = await entriesOf(archive, o.snapshot);
      const terms = query.toLowerCase().split(/\s+/).filter(Boolean);
      const hits = entries.filter((e) => {
        const hay = `${e.source}/${e.path} ${e.meta ? Object.values(e.meta).join(" ") : ""}`.toLowerCase();
        return terms.every((t) => hay.includes(t));
      });
      const limited = hits.slice(0, limit);
      c.result({ snapshot: snapshot.id, query, total: hits.length, items: limited }, () =>
        [limited.map(entryLine).join("\n") || "No matches.", hits.length > limited.length ? `(${hits.length - limited.length} more; use --limit)` : ""].filter(Boolean).join("\n"),
      );
      await archive.close();
    });
}
