import { useId, useState } from "react";
import type { AppState } from "../../../shared/app-types.js";
import { ErrorNote } from "../components/error-note.js";
import { HealthBanner, ScheduleLine } from "../components/health-banner.js";
import { JobOutcomeNote, lastOutcome } from "../components/job-outcome-note.js";
import { ProgressView } from "../components/progress-view.js";
import { SourceCard } from "../components/source-card.js";
import { call, errorText } from "../lib/api.js";
import { formatAgo, formatBytes, formatDate } from "../lib/format.js";
import { navigate } from "../state/store.js";
import { useStore } from "../state/use-store.js";

/** The one sentence that says whether everything is fine, or what is not. */
export function headline(app: AppState): string {
  const sources = app.sources.filter((s) => s.type !== "vault");
  if (sources.length === 0) return "Nothing is backed up yet: add an account or a folder.";
  if (app.job?.kind === "backup") return "Backing up now…";
  const attention = sources.filter((s) => s.state !== "ok" && s.state !== "backing-up");
  if (attention.length === 1) return `${attention[0]!.name} needs attention: ${attention[0]!.reason ?? "see below"}`;
  if (attention.length > 1) return `${attention.length} sources need attention (see below).`;
  return `Your accounts are safe on this disk — last copied ${formatAgo(app.archive.lastSnapshot)}.`;
}

export function DashboardScreen() {
  const id = useId();
  const app = useStore((s) => s.app)!;
  const outcomes = useStore((s) => s.outcomes);
  const [error, setError] = useState<string | null>(null);
  const [level, setLevel] = useState<"files" | "structure" | "data">("structure");
  const job = app.job;
  const start = async (what: "backup" | "verify"): Promise<void> => {
    setError(null);
    try {
      if (what === "backup") await call("backup:start", {});
      else await call("verify:start", { level });
    } catch (e) {
      setError(errorText(e));
    }
  };
  const cancel = async (): Promise<void> => {
    if (!job) return;
    try {
      await call("job:cancel", { id: job.id });
    } catch (e) {
      setError(errorText(e));
    }
  };
  const sources = app.sources;
  const lv = app.archive.lastVerify;
  const ok = sources.length > 0 && sources.every((s) => s.state === "ok") && !job;
  return (
    <>
      <h1>Dashboard</h1>
      <p className={`headline ${ok ? "good" : ""}`} data-testid="headline">
        {headline(app)}
      </p>
      <HealthBanner app={app} />
      <ScheduleLine app={app} />
      <div className="actions">
        <button type="button" onClick={() => void start("backup")} disabled={!!job || sources.length === 0}>
          Back up now
        </button>
      </div>
      {job ? <ProgressView job={job} onCancel={() => void cancel()} /> : null}
      <ErrorNote message={error} />
      <JobOutcomeNote outcome={lastOutcome(outcomes, "backup")} />
      <section aria-labelledby={`${id}-sources`}>
        <h2 id={`${id}-sources`}>Accounts and folders</h2>
        {sources.length === 0 ? (
          <p>
            None yet.{" "}
            <button type="button" className="link" onClick={() => navigate("accounts")}>
              Add an account or a folder
            </button>
          </p>
        ) : (
          <div className="cards">
            {sources.map((s) => (
              <SourceCard key={s.name} source={s} job={job} />
            ))}
          </div>
        )}
      </section>
      <section aria-labelledby={`${id}-archive`} className="card">
        <h2 id={`${id}-archive`}>Archive</h2>
        <dl className="facts">
          <dt>Location</dt>
          <dd>{app.archive.path}</dd>
          <dt>Size on disk</dt>
          <dd>{formatBytes(app.archive.sizeBytes)}</dd>
          <dt>Snapshots</dt>
          <dd>{app.archive.snapshots.toLocaleString("en")}</dd>
          <dt>Last snapshot</dt>
          <dd>{app.archive.lastSnapshot ? `${formatDate(app.archive.lastSnapshot)} (${formatAgo(app.archive.lastSnapshot)})` : "none yet"}</dd>
          <dt>Health</dt>
          <dd data-testid="health">
            {lv ? `${lv.ok ? "Checked, no problems" : `${lv.problems} problem${lv.problems === 1 ? "" : "s"} found`} (${lv.level} check, ${formatAgo(lv.time)})` : "Not checked yet"}
          </dd>
        </dl>
        <div className="actions">
          <label htmlFor={`${id}-level`}>How thorough</label>
          <select id={`${id}-level`} value={level} onChange={(e) => setLevel(e.target.value as typeof level)}>
            <option value="files">Quick (files present)</option>
            <option value="structure">Structure (indexes and snapshots)</option>
            <option value="data">Full (read and decrypt everything)</option>
          </select>
          <button type="button" className="secondary" onClick={() => void start("verify")} disabled={!!job}>
            Check archive
          </button>
        </div>
        <JobOutcomeNote outcome={lastOutcome(outcomes, "verify")} />
      </section>
    </>
  );
}
