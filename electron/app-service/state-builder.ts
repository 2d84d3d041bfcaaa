import type { AppState, KindView, SourceView } from "../../shared/app-types.js";
import { type SourceConfig, type SourceStatus } from "../../shared/archive-types.js";
import type { RunRecord } from "../../shared/schedule-types.js";
import type { SnapshotRecord } from "../engine/archive/snapshot-store.js";
import { sourceStatuses } from "../engine/backup/source-status.js";
import { healthReport } from "../engine/schedule/health.js";
import { VAULT_SOURCE } from "../engine/vault/vault-source.js";
import type { CatalogIndex } from "./catalog-index.js";
import type { ServiceContext } from "./service-context.js";
import { SIDECAR_KINDS } from "./item-view.js";

/** Per source, per part (mail, calendars, contacts, files, bitlocker; a folder is all "files"). */
export function kindsOf(index: CatalogIndex, snapshot: SnapshotRecord, source: string, folderSource: boolean): KindView[] {
  const kinds = new Map<string, KindView>();
  for (const e of index.entries) {
    if (e.source !== source || e.type !== "file" || SIDECAR_KINDS.has(e.kind ?? "")) continue;
    const slash = e.path.indexOf("/");
    const kind = folderSource ? "files" : slash < 0 ? (source === VAULT_SOURCE ? "vault" : "files") : e.path.slice(0, slash);
    const k = kinds.get(kind) ?? { kind, items: 0, bytes: 0, failed: 0 };
    k.items++;
    k.bytes += e.size ?? 0;
    kinds.set(kind, k);
  }
  for (const f of snapshot.data.sources[source]?.failed ?? []) {
    if (f.path === "") continue;
    const slash = f.path.indexOf("/");
    const kind = folderSource || slash < 0 ? "files" : f.path.slice(0, slash);
    const k = kinds.get(kind) ?? { kind, items: 0, bytes: 0, failed: 0 };
    k.failed++;
    kinds.set(kind, k);
  }
  return [...kinds.values()].sort((a, b) => a.kind.localeCompare(b.kind));
}

function day(iso: string | null): string {
  return iso ? new Date(iso).toUTCString().replace(/ \d\d:\d\d:\d\d GMT$/, "") : "an earlier run";
}

/** Why a source needs attention, in people's words, and the one thing to do. */
function explain(status: SourceStatus, snapshots: SnapshotRecord[], cfg: SourceConfig, staleHours: number): Pick<SourceView, "reason" | "action"> {
  const last = snapshots.find((s) => s.id === status.lastSnapshot);
  const whole = last?.data.sources[cfg.name]?.failed.find((f) => f.path === "");
  switch (status.state) {
    case "ok":
      return { reason: null, action: "none" };
    case "never":
      return { reason: "Not backed up yet. Back it up now to have a first copy.", action: "back-up" };
    case "needs-sign-in":
      return { reason: `Sign in again: Microsoft asked for a new sign-in on ${day(last?.data.time ?? null)}. Until then, new mail and files are not copied; what is in the archive stays.`, action: "sign-in" };
    case "failing":
      return { reason: `The last backup could not copy it${whole ? `: ${whole.error}` : ""}. The last good copy is kept; back up again.`, action: "back-up" };
    case "stale":
      return { reason: `No backup for more than ${Math.round(staleHours / 24) >= 2 ? `${Math.round(staleHours / 24)} days` : `${staleHours} hours`}. Back up now.`, action: "back-up" };
  }
}

/** Failed runs in a row per source, newest first (skipped runs did not try, so they do not count). */
export function failureStreaks(runs: RunRecord[], names: string[]): Record<string, number> {
  const out: Record<string, number> = {};
  for (const name of names) {
    let n = 0;
    for (const r of runs) {
      if (r.outcome === "skipped" || r.ended === null) continue;
      if (r.outcome === "failed" || r.errors.some((e) => e.source === name)) n++;
      else break;
    }
    out[name] = n;
  }
  return out;
}

/** Per source, the larger of two counts (the history's streak, and the counters the OS timer's runs keep). */
function mergeMax(a: Record<string, number>, b: Record<string, number>): Record<string, number> {
  const out = { ...a };
  for (const [k, v] of Object.entries(b)) out[k] = Math.max(out[k] ?? 0, v);
  return out;
}

export async function buildState(ctx: ServiceContext): Promise<AppState> {
  const settings = await ctx.appSettings();
  const status = await ctx.session.status();
  const archive = ctx.session.unlocked;
  const configs = await ctx.sources();
  const remembered = await ctx.session.remembered();
  let lastVerify = null;
  if (ctx.session.root) lastVerify = (await ctx.settings.load()).archives[ctx.session.root]?.lastVerify ?? null;
  const state: AppState = {
    archive: { status, path: ctx.session.root, sizeBytes: null, snapshots: 0, lastSnapshot: null, lastVerify, remembered },
    sources: [],
    job: ctx.jobs.running,
    settings,
    health: null,
    lastRun: null,
    nextRun: null,
    scheduler: ctx.schedulerStatus(),
  };
  const runs = ctx.session.root ? await ctx.runs(50).catch(() => []) : [];
  state.lastRun = runs[0] ?? null;
  state.nextRun = state.scheduler?.state === "waiting" || state.scheduler?.state === "paused" ? ctx.nextRun : null;
  if (!archive) {
    // Locked: what is configured is known, not how it is doing.
    state.sources = configs.map((c) => ({
      name: c.name,
      type: c.kind,
      location: c.kind === "folder" ? c.path : (c.account.username ?? c.name),
      ...(c.kind === "microsoft" && c.account.accountKind ? { accountType: c.account.accountKind } : {}),
      state: "never" as const,
      lastGoodCopy: null,
      reason: "Unlock the archive to see how this source is doing.",
      action: "none" as const,
      kinds: [],
    }));
    return state;
  }
  const snapshots = await ctx.session.snapshots();
  const complete = snapshots.filter((s) => s.data.complete);
  const newest = complete[complete.length - 1] ?? null;
  state.archive.sizeBytes = await ctx.session.size();
  state.archive.snapshots = complete.length;
  state.archive.lastSnapshot = newest?.data.time ?? null;
  const index = newest ? await ctx.catalogs.get(archive, newest) : null;
  const now = ctx.clock.now();
  const statuses = sourceStatuses(configs, snapshots, now.getTime(), settings.notifications.whenStaleHours);
  const health = healthReport({
    configs,
    snapshots,
    schedule: settings.schedule,
    failures: mergeMax(failureStreaks(runs, configs.map((c) => c.name)), await ctx.settings.failures(ctx.session.root!).catch(() => ({}))),
    lastRun: state.lastRun ?? null,
    nextRun: state.nextRun ?? null,
    now,
  });
  state.health = health;
  ctx.observeHealth(health, settings);
  for (const [i, cfg] of configs.entries()) {
    const fromHealth = health.sources[i]!.state;
    // Repeated failures in the run history make a source "failing" even when an older snapshot has it.
    const st = fromHealth === "failing" && statuses[i]!.state !== "failing" ? { ...statuses[i]!, state: "failing" as const } : statuses[i]!;
    const kinds = index && newest ? kindsOf(index, newest, cfg.name, cfg.kind === "folder") : [];
    state.sources.push({
      name: cfg.name,
      type: cfg.kind,
      location: st.location,
      ...(cfg.kind === "microsoft" && cfg.account.accountKind ? { accountType: cfg.account.accountKind } : {}),
      state: ctx.backingUp.has(cfg.name) ? "backing-up" : st.state,
      lastGoodCopy: st.lastGoodCopy,
      ...explain(st, snapshots, cfg, settings.notifications.whenStaleHours),
      kinds,
    });
  }
  if (newest && index && newest.data.sources[VAULT_SOURCE]) {
    state.sources.push({
      name: VAULT_SOURCE,
      type: "vault",
      location: "Inside the archive",
      state: "ok",
      lastGoodCopy: newest.data.time,
      reason: null,
      action: "none",
      kinds: kindsOf(index, newest, VAULT_SOURCE, false),
    });
  }
  return state;
}
