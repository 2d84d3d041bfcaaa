import type { AppState } from "../../../shared/app-types.js";
import { untilWords } from "../../../shared/until-words.js";

/** Which tray icon to show. */
export type TrayIconState = "ok" | "warning" | "error" | "running";

export interface TrayVerdict {
  icon: TrayIconState;
  /** Why, in one line (the tray's tooltip and first menu line add it); null when all is well. */
  reason: string | null;
}

const plural = (n: number, one: string, many: string): string => `${n} ${n === 1 ? one : many}`;

/**
 * The tray icon for a state: "running" while a backup runs; "error" when a source needs sign-in or
 * keeps failing, or the last run failed; "warning" when a source is stale or never copied, the
 * archive is locked (scheduled backups wait) or absent; "ok" otherwise.
 */
export function trayState(state: AppState | null): TrayVerdict {
  if (!state) return { icon: "ok", reason: null };
  if (state.job?.kind === "backup") return { icon: "running", reason: null };
  if (state.archive.status === "none") return { icon: "warning", reason: "No archive yet: open Lifeboat to create one." };
  const health = state.health?.sources ?? [];
  const signIn = health.filter((s) => s.state === "needs-sign-in").map((s) => s.name);
  const failing = health.filter((s) => s.state === "failing").map((s) => s.name);
  if (signIn.length) return { icon: "error", reason: `${signIn.join(", ")} ${signIn.length === 1 ? "needs" : "need"} a new sign-in.` };
  if (failing.length) return { icon: "error", reason: `Backups of ${failing.join(", ")} keep failing.` };
  if (state.lastRun?.outcome === "failed") return { icon: "error", reason: `The last backup failed${state.lastRun.reason ? `: ${state.lastRun.reason}` : "."}` };
  // Before the health is known (locked), the per-source view still says who needs signing in.
  const viewSignIn = state.sources.filter((s) => s.action === "sign-in").length;
  if (viewSignIn) return { icon: "error", reason: `${plural(viewSignIn, "account needs", "accounts need")} a new sign-in.` };
  if (state.archive.status === "locked") return { icon: "warning", reason: "The archive is locked: scheduled backups wait until it is unlocked." };
  const stale = health.filter((s) => s.state === "stale").map((s) => s.name);
  if (stale.length) return { icon: "warning", reason: `${stale.join(", ")} ${stale.length === 1 ? "is" : "are"} out of date.` };
  const never = health.filter((s) => s.state === "never").length;
  if (never) return { icon: "warning", reason: `${plural(never, "source has", "sources have")} no copy yet.` };
  if (state.scheduler?.state === "paused" && state.scheduler.reason) return { icon: "ok", reason: state.scheduler.reason };
  return { icon: "ok", reason: null };
}

/** "in 3 h 20 min" / "in 5 min" / "now", for the next planned run. */
export function inWords(iso: string, now: Date): string {
  return untilWords(iso, now.getTime());
}
