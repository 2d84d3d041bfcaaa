import type { JobView } from "../../../shared/app-types.js";
import { formatBytes, formatDuration } from "../lib/format.js";

/** Long work as people want to see it: a bar, items and bytes, speed and time left. */
export function ProgressView({ job, onCancel }: { job: JobView; onCancel?: () => void }) {
  const fraction =
    job.totalBytes && job.totalBytes > 0 ? job.bytes / job.totalBytes : job.totalItems && job.totalItems > 0 ? job.items / job.totalItems : null;
  const pct = fraction === null ? undefined : Math.min(100, Math.round(fraction * 100));
  // A sign-in has nothing to count: it waits for the person in the browser.
  if (job.kind === "sign-in") {
    return (
      <div className="progress" role="status" aria-live="polite" data-testid="job-progress">
        <div className="progress-label">
          <strong>{job.label}…</strong>
        </div>
        {onCancel ? (
          <button type="button" className="secondary" onClick={onCancel}>
            Cancel
          </button>
        ) : null}
      </div>
    );
  }
  return (
    <div className="progress" role="status" aria-live="polite" data-testid="job-progress">
      <div className="progress-label">
        <strong>{job.label}</strong>
        {job.phase ? <span className="muted"> · {job.phase}</span> : null}
      </div>
      <progress max={100} value={pct} aria-label={`${job.label}: progress`}>
        {pct === undefined ? "working" : `${pct}%`}
      </progress>
      <div className="progress-facts">
        <span>
          {job.items.toLocaleString("en")}
          {job.totalItems !== null ? ` of ${job.totalItems.toLocaleString("en")}` : ""} items
        </span>
        <span>
          {formatBytes(job.bytes)}
          {job.totalBytes !== null ? ` of ${formatBytes(job.totalBytes)}` : ""}
        </span>
        <span>{job.rate !== null ? `${formatBytes(job.rate)}/s` : "measuring speed…"}</span>
        <span>{job.etaSeconds !== null ? `about ${formatDuration(job.etaSeconds)} left` : "estimating time left…"}</span>
      </div>
      {job.currentPath ? <div className="progress-path muted">{job.currentPath}</div> : null}
      {onCancel ? (
        <button type="button" className="secondary" onClick={onCancel}>
          Cancel
        </button>
      ) : null}
    </div>
  );
}
