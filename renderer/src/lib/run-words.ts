import type { RunRecord } from "../../../shared/schedule-types.js";
import { formatBytes } from "./format.js";
import { untilWords } from "../../../shared/until-words.js";

export const TRIGGER_WORDS: Record<RunRecord["trigger"], string> = {
  manual: "Started by you",
  schedule: "Scheduled",
  "catch-up": "Catch-up (missed while asleep or closed)",
  app: "Started by the app",
};

export const RUNNER_WORDS: Record<RunRecord["runner"], string> = {
  app: "the app",
  scheduler: "the system scheduler (app closed)",
  cli: "the command line",
};

export const OUTCOME_WORDS: Record<RunRecord["outcome"], string> = {
  ok: "Done",
  partial: "Done, with problems",
  failed: "Failed",
  interrupted: "Stopped (resumes next time)",
  skipped: "Skipped",
};

/** What a run changed, in one line. */
export function changesText(r: RunRecord): string {
  if (r.outcome === "skipped") return "—";
  const c = r.changes;
  return `${c.newItems.toLocaleString("en")} new, ${c.changedItems.toLocaleString("en")} changed, ${formatBytes(c.newBytesStored)} stored`;
}

export function verifyText(r: RunRecord): string {
  if (!r.verify) return "—";
  const what = r.verify.level === "data" ? "Full check" : "Sample check";
  return r.verify.ok ? `${what}: no problems (${r.verify.checkedPacks} packs)` : `${what}: ${r.verify.problems} problem(s)`;
}

/** "in 3 h 20 min" / "in 5 min" / "now", for the next planned run. */
export function untilText(iso: string, now = Date.now()): string {
  return untilWords(iso, now);
}
