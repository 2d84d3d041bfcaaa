import type { AppState } from "../../../shared/app-types.js";

/** How long ago `iso` was, in words ("5 minutes ago"), for the tray's one line. */
export function agoInWords(iso: string, now: Date): string {
  const t = Date.parse(iso);
  if (Number.isNaN(t)) return "at an unknown time";
  const s = Math.max(0, Math.round((now.getTime() - t) / 1000));
  const unit = (n: number, u: string): string => `${n} ${u}${n === 1 ? "" : "s"} ago`;
  if (s < 60) return "just now";
  if (s < 3600) return unit(Math.floor(s / 60), "minute");
  if (s < 86_400) return unit(Math.floor(s / 3600), "hour");
  return unit(Math.floor(s / 86_400), "day");
}

/** The tray's status line: what the app is doing, or when it last copied everything. */
export function trayStatusLine(state: AppState | null, now: Date): string {
  if (!state) return "Lifeboat — starting…";
  if (state.job) {
    const j = state.job;
    const pct = j.totalItems ? ` (${Math.min(100, Math.floor((j.items / j.totalItems) * 100))}%)` : "";
    return `Lifeboat — ${j.label}${pct}`;
  }
  if (state.archive.status === "none") return "Lifeboat — no archive yet";
  const needs = state.sources.filter((s) => s.action === "sign-in").length;
  const last = state.archive.lastSnapshot ? `last copied ${agoInWords(state.archive.lastSnapshot, now)}` : "nothing copied yet";
  const locked = state.archive.status === "locked" ? " (locked)" : "";
  const signIn = needs > 0 ? ` — ${needs} account${needs === 1 ? " needs" : "s need"} sign-in` : "";
  return `Lifeboat — ${last}${locked}${signIn}`;
}

/** Whether "Back up now" can be offered: an unlocked archive and no job running. */
export function canBackUpNow(state: AppState | null): boolean {
  return state !== null && state.archive.status === "unlocked" && state.job === null;
}

/** Whether a backup job runs (the shell keeps the machine awake for it). */
export function backupRunning(state: AppState | null): boolean {
  return state?.job?.kind === "backup";
}
