import type { CatalogEntry } from "../../../../shared/archive-types.js";
import type { BitLockerKey } from "../../../../shared/vault-types.js";
import type { BackupSource, SourceRunContext, SourceRunResult } from "../../backup/backup-source.js";
import { LifeboatError } from "../../errors.js";
import type { GraphClient } from "./graph/graph-client.js";
import type { KindContext, KindSync } from "./kind-sync.js";

export interface MicrosoftCursor {
  v: 1;
  /** Each kind's own cursor ("mail": per-folder delta links, "files": the drive's delta link...). */
  kinds: Record<string, unknown>;
}

export interface MicrosoftSourceDeps {
  graph: GraphClient;
  accountKind: "personal" | "work";
  kinds: Array<KindSync<unknown>>;
}

/**
 * A Microsoft account as a backup source: mail, contacts, calendars, OneDrive files and BitLocker
 * keys, each synced by its own KindSync under its own path prefix. One kind failing (Graph down
 * for OneDrive, a permission missing for BitLocker keys) keeps that kind's previous items and
 * cursor and does not stop the others; an expired sign-in stops the source (the orchestrator keeps
 * all of its items and marks it "needs sign-in").
 */
export class MicrosoftSource implements BackupSource {
  readonly kind = "microsoft";

  constructor(
    readonly name: string,
    readonly location: string,
    private readonly deps: MicrosoftSourceDeps,
  ) {}

  /** BitLocker keys this run read from the account, for the vault. */
  vaultKeys(): Array<BitLockerKey & { account: string }> {
    const out: Array<BitLockerKey & { account: string }> = [];
    for (const k of this.deps.kinds) {
      const fetched = (k as { fetched?: BitLockerKey[] }).fetched;
      if (Array.isArray(fetched)) for (const key of fetched) out.push({ ...key, account: this.location });
    }
    return out;
  }

  async run(ctx: SourceRunContext): Promise<SourceRunResult> {
    const previous = ctx.previousCursor as MicrosoftCursor | undefined;
    const all = [...ctx.previousEntries()];
    const cursor: MicrosoftCursor = { v: 1, kinds: {} };
    for (const k of this.deps.kinds) {
      if (ctx.signal.aborted) throw new LifeboatError("Backup interrupted.", 1, "interrupted");
      ctx.setKind(k.kind);
      const prefix = `${k.kind}/`;
      const mine = all.filter((e) => e.path.startsWith(prefix));
      const emitted = new Set<string>();
      const run = tracking(ctx, emitted);
      const kctx: KindContext = {
        run,
        graph: this.deps.graph,
        accountKind: this.deps.accountKind,
        previousEntries: () => mine,
        plan: (items, bytes) => ctx.plan(items, bytes),
      };
      try {
        cursor.kinds[k.kind] = await k.run(kctx, previous?.kinds[k.kind]);
      } catch (err) {
        if (ctx.signal.aborted || (err instanceof LifeboatError && (err.code === "needs-sign-in" || err.code === "disk-full" || err.code === "interrupted"))) throw err;
        // Nothing of this kind is lost: what it did not get to stays as it was, and the next run
        // starts again from the kind's previous cursor (stored content is found again by id).
        for (const e of mine) if (!emitted.has(e.path)) run.reuse(e);
        cursor.kinds[k.kind] = previous?.kinds[k.kind];
        ctx.fail(k.kind, err);
      }
    }
    return { cursor };
  }
}

/** The run context, remembering which paths a kind has already put into the new snapshot. */
function tracking(ctx: SourceRunContext, emitted: Set<string>): SourceRunContext {
  return {
    source: ctx.source,
    signal: ctx.signal,
    previousCursor: ctx.previousCursor,
    previous: (p) => ctx.previous(p),
    previousEntries: () => ctx.previousEntries(),
    plan: (items, bytes) => ctx.plan(items, bytes),
    addItem: async (entry, content, opts) => {
      await ctx.addItem(entry, content, opts);
      emitted.add(entry.path);
    },
    reuse: (entry: CatalogEntry, state) => {
      if (emitted.has(entry.path)) return;
      ctx.reuse(entry, state);
      emitted.add(entry.path);
    },
    fail: (p, err) => {
      ctx.fail(p, err);
      emitted.add(p);
    },
    skip: (p, reason) => ctx.skip(p, reason),
    readPrevious: (e) => ctx.readPrevious(e),
    setKind: (k) => ctx.setKind(k),
  };
}
