import { promises as fsp } from "node:fs";
import os from "node:os";
import path from "node:path";
import { Archive } from "../../electron/engine/archive/archive.js";
import type { BackupSource, SourceRunContext } from "../../electron/engine/backup/backup-source.js";
import { runBackup } from "../../electron/engine/backup/backup-run.js";
import { loadSnapshotEntries } from "../../electron/engine/restore/restore-snapshot.js";

/**
 * Listing and searching a large catalog right after unlock: a source of N mail-like items (each
 * with subject, sender and date metadata) is backed up, then the archive is opened afresh (key
 * already unlocked, as the app holds it) and timed: read snapshots + catalog, then a search.
 */
class SyntheticMailSource implements BackupSource {
  readonly kind = "synthetic";
  readonly location = "memory";
  constructor(
    readonly name: string,
    private readonly count: number,
  ) {}
  async run(ctx: SourceRunContext): Promise<{ cursor?: unknown }> {
    ctx.plan(this.count, this.count * 600);
    for (let i = 0; i < this.count; i++) {
      const subject = `Invoice ${i} for order ${(i * 7919) % 100000}`;
      const from = `sender${i % 997}@example.com`;
      const date = new Date(Date.UTC(2013, 0, 1) + i * 3_600_000).toISOString();
      const body = Buffer.from(`From: ${from}\r\nSubject: ${subject}\r\nDate: ${date}\r\n\r\nHello ${i}\r\n`);
      await ctx.addItem({ path: `mail/Inbox/${String(i).padStart(6, "0")}.eml`, type: "file", kind: "email", meta: { subject, from, date } }, body);
    }
    return {};
  }
}

export interface CatalogListingResult {
  items: number;
  openMs: number;
  listMs: number;
  searchMs: number;
  hits: number;
}

export async function benchCatalogListing(count = 100_000): Promise<CatalogListingResult> {
  const dir = await fsp.mkdtemp(path.join(os.tmpdir(), "lifeboat-catalog-bench-"));
  try {
    const { archive } = await Archive.init(path.join(dir, "archive"), "bench", { scryptLogN: 10 });
    await runBackup(archive, [new SyntheticMailSource("me@example.com", count)]);
    const identity = archive.secrets.identity;
    await archive.close();
    const t0 = performance.now();
    const fresh = await Archive.open(path.join(dir, "archive"), { identity });
    const t1 = performance.now();
    const { entries } = await loadSnapshotEntries(fresh, "latest");
    const t2 = performance.now();
    const q = "invoice 4242";
    const terms = q.split(" ");
    const hits = entries.filter((e) => {
      const hay = `${e.path} ${e.meta ? Object.values(e.meta).join(" ") : ""}`.toLowerCase();
      return terms.every((t) => hay.includes(t));
    }).length;
    const t3 = performance.now();
    await fresh.close();
    return { items: entries.length, openMs: t1 - t0, listMs: t2 - t1, searchMs: t3 - t2, hits };
  } finally {
    await fsp.rm(dir, { recursive: true, force: true });
  }
}

if (process.argv[1] && path.resolve(process.argv[1]).endsWith(path.join("bench", "catalog-listing.js"))) {
  console.log(JSON.stringify(await benchCatalogListing(Number(process.env.CATALOG_ITEMS ?? 100_000))));
}
