import { useState } from "react";
import type { AppState } from "../../../shared/app-types.js";
import { call, errorText } from "../lib/api.js";
import { formatAgo } from "../lib/format.js";
import { OUTCOME_WORDS, untilText } from "../lib/run-words.js";
import { navigate } from "../state/store.js";

type Problem = "stale" | "needs-sign-in" | "failing";
const PROBLEMS: readonly string[] = ["needs-sign-in", "failing", "stale"] satisfies Problem[];

const WHAT: Record<Problem, string> = {
  "needs-sign-in": "needs a new sign-in",
  failing: "keeps failing",
  stale: "is out of date",
};

/**
 * The dashboard's loud line: which sources are stale, need signing in again or keep failing (from
 * the engine's health report), each with the one thing to do; nothing when all is well.
 */
export function HealthBanner({ app }: { app: AppState }) {
  const [error, setError] = useState<string | null>(null);
  const trouble = (app.health?.sources ?? []).filter((s) => PROBLEMS.includes(s.state));
  if (trouble.length === 0 || app.job?.kind === "backup") return null;
  const worst = trouble.some((s) => s.state !== "stale") ? "error" : "warning";
  const backUp = async (): Promise<void> => {
    setError(null);
    try {
      await call("backup:start", {});
    } catch (e) {
      setError(errorText(e));
    }
  };
  return (
    <section className={`banner ${worst}`} aria-label="Needs attention" data-testid="health-banner">
      <strong>{trouble.length === 1 ? "One source needs attention" : `${trouble.length} sources need attention`}</strong>
      <ul>
        {trouble.map((s) => (
          <li key={s.name}>
            {s.name} {WHAT[s.state as Problem]}
            {s.message ? `: ${s.message}` : "."}
          </li>
        ))}
      </ul>
      <div className="actions">
        {trouble.some((s) => s.state === "needs-sign-in") ? (
          <button type="button" onClick={() => navigate("accounts")}>
            Sign in again
          </button>
        ) : null}
        {trouble.some((s) => s.state !== "needs-sign-in") ? (
          <button type="button" onClick={() => void backUp()} disabled={!!app.job}>
            Back up these now
          </button>
        ) : null}
      </div>
      {error ? <p role="alert">{error}</p> : null}
    </section>
  );
}

/** "Next backup: in 3 h 20 min", or why none is planned, and the last run's outcome. */
export function ScheduleLine({ app }: { app: AppState }) {
  const sch = app.scheduler ?? null;
  let next: string;
  if (!app.settings.schedule.enabled) next = "Automatic backups are off (Settings → Backups).";
  else if (app.nextRun) next = `Next backup: ${untilText(app.nextRun)}${sch?.state === "paused" && sch.reason ? ` — ${sch.reason}` : ""}`;
  else if (sch?.state === "paused" || sch?.state === "off") next = sch.reason ?? "Automatic backups are paused.";
  else if (sch?.state === "running") next = "A scheduled backup is running.";
  else next = `Automatic backups every ${app.settings.schedule.mode === "daily" ? `day at ${app.settings.schedule.atTime}` : `${app.settings.schedule.everyHours} hours`} while Lifeboat runs.`;
  const last = app.lastRun;
  return (
    <p className="schedule-line" data-testid="schedule-line">
      {next}
      {last ? (
        <>
          {" "}
          Last run {formatAgo(last.started)}: {OUTCOME_WORDS[last.outcome].toLowerCase()}
          {last.reason ? ` (${last.reason})` : ""}.{" "}
          <button type="button" className="link" onClick={() => navigate("history")}>
            History
          </button>
        </>
      ) : null}
    </p>
  );
}
