import { useState } from "react";
import type { JobView, SourceView } from "../../../shared/app-types.js";
import { call, errorText } from "../lib/api.js";
import { formatAgo, formatBytes, kindName } from "../lib/format.js";
import { ErrorNote } from "./error-note.js";
import { ProgressView } from "./progress-view.js";

const STATE_TEXT: Record<SourceView["state"], string> = {
  ok: "Safe",
  "backing-up": "Backing up",
  stale: "Out of date",
  "needs-sign-in": "Needs sign-in",
  failing: "Failing",
  never: "Not backed up yet",
};

/** One account or folder on the dashboard: how it is doing, what it holds, the one thing to do. */
export function SourceCard({ source, job }: { source: SourceView; job: JobView | null }) {
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const act = async (): Promise<void> => {
    setBusy(true);
    setError(null);
    try {
      if (source.action === "sign-in") await call("accounts:sign-in-again", { name: source.name });
      else await call("backup:start", { sources: [source.name] });
    } catch (e) {
      setError(errorText(e));
    } finally {
      setBusy(false);
    }
  };
  const headingId = `src-${source.name.replace(/[^a-zA-Z0-9_-]/g, "_")}`;
  return (
    <article className={`card source state-${source.state}`} aria-labelledby={headingId} data-testid="source-card">
      <header className="source-head">
        <h3 id={headingId}>{source.type === "vault" ? "Vault (OTP and BitLocker keys)" : source.name}</h3>
        <span className={`badge state-${source.state}`}>{STATE_TEXT[source.state]}</span>
      </header>
      <p className="muted small">
        {source.location}
        {source.accountType ? ` · ${source.accountType === "work" ? "work or school" : "personal"}` : ""} · last good copy {formatAgo(source.lastGoodCopy)}
      </p>
      {source.state === "backing-up" && job && (!job.source || job.source === source.name) ? <ProgressView job={job} /> : null}
      {source.reason ? <p className="reason">{source.reason}</p> : null}
      {source.kinds.length > 0 ? (
        <table className="kinds">
          <caption className="visually-hidden">What is kept of {source.name}</caption>
          <thead>
            <tr>
              <th scope="col">Kind</th>
              <th scope="col">Items</th>
              <th scope="col">Size</th>
            </tr>
          </thead>
          <tbody>
            {source.kinds.map((k) => (
              <tr key={k.kind}>
                <th scope="row">{kindName(k.kind)}</th>
                <td>
                  {k.items.toLocaleString("en")}
                  {k.failed > 0 ? <span className="warn"> ({k.failed} failed)</span> : null}
                </td>
                <td>{formatBytes(k.bytes)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : null}
      {source.action !== "none" ? (
        <button type="button" onClick={() => void act()} disabled={busy || !!job}>
          {source.action === "sign-in" ? `Sign in to ${source.name} again` : `Back up ${source.name} now`}
        </button>
      ) : null}
      <ErrorNote message={error} />
    </article>
  );
}
