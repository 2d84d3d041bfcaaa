import type { RunRecord, ScheduleDecision, ScheduleSettings } from "../../../shared/schedule-types.js";
import { appHome } from "../settings/app-home.js";
import type { SettingsStore } from "../settings/settings-store.js";
import { archiveIdFor, RunHistory } from "./run-history.js";
import { RunLog } from "./run-log.js";
import { decideRun } from "./schedule-plan.js";

/** An archive's schedule, history and log, found from its path (CLI and app alike). */
export interface ScheduleState {
  archiveId: string;
  schedule: ScheduleSettings;
  history: RunHistory;
  log: RunLog;
}

export async function scheduleState(settings: SettingsStore, archivePath: string, home: string = appHome()): Promise<ScheduleState> {
  const archiveId = archiveIdFor(archivePath);
  return { archiveId, schedule: await settings.schedule(archivePath), history: new RunHistory(home, archiveId), log: new RunLog(home, archiveId) };
}

/** The runs decideRun looks at: the newest not-skipped attempt and the newest good run. */
export async function lastRuns(history: RunHistory): Promise<{ lastAttempt: RunRecord | null; lastSuccess: RunRecord | null; lastRun: RunRecord | null }> {
  const runs = await history.list();
  return {
    lastRun: runs[0] ?? null,
    lastAttempt: runs.find((r) => r.outcome !== "skipped") ?? null,
    lastSuccess: runs.find((r) => r.outcome === "ok" || r.outcome === "partial") ?? null,
  };
}

/**
 * Whether a run is due now. `osTimer`: the OS scheduler already spreads its starts
 * (RandomizedDelaySec, RandomDelay), so no second jitter is added on top.
 */
export async function decideNow(state: ScheduleState, now = new Date(), opts: { osTimer?: boolean } = {}): Promise<ScheduleDecision> {
  const { lastAttempt, lastSuccess } = await lastRuns(state.history);
  const schedule = opts.osTimer ? { ...state.schedule, jitterMinutes: 0 } : state.schedule;
  return decideRun({ now, schedule, lastAttempt, lastSuccess, seed: state.archiveId });
}
