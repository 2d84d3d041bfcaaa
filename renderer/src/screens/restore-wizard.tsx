import { useEffect, useId, useState } from "react";
import type { RequestOf } from "../../../shared/app-api.js";
import type { RestoreReport } from "../../../shared/app-types.js";
import { ErrorNote } from "../components/error-note.js";
import { PathField } from "../components/path-field.js";
import { ProgressView } from "../components/progress-view.js";
import { call, errorText } from "../lib/api.js";
import { formatBytes, formatDate, kindName } from "../lib/format.js";
import { useSnapshots } from "../lib/use-snapshots.js";
import { setState } from "../state/store.js";
import { NO_SOURCES, useStore } from "../state/use-store.js";

type Selection = RequestOf<"restore:start">["selection"];
type What = "everything" | "account" | "kind" | "browse";

const STEPS = ["What", "From when", "Where", "Run", "Report"] as const;

export function RestoreScreen() {
  const id = useId();
  const fromBrowse = useStore((s) => s.restoreSelection);
  const sources = useStore((s) => s.app?.sources ?? NO_SOURCES).filter((s) => s.type !== "vault");
  const jobs = useStore((s) => s.jobs);
  const outcomes = useStore((s) => s.outcomes);
  const { snapshots, error: snapError } = useSnapshots();
  const [step, setStep] = useState(0);
  const [what, setWhat] = useState<What>(fromBrowse ? "browse" : "everything");
  const [account, setAccount] = useState(sources[0]?.name ?? "");
  const [kind, setKind] = useState("");
  const [snapshot, setSnapshot] = useState<string>(fromBrowse?.snapshot ?? "");
  const [to, setTo] = useState("");
  const [mailFormat, setMailFormat] = useState<"eml" | "mbox">("eml");
  const [jobId, setJobId] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    if (fromBrowse) {
      setWhat("browse");
      setSnapshot(fromBrowse.snapshot);
      setStep(0);
    }
  }, [fromBrowse]);
  useEffect(() => {
    if (!snapshot && snapshots && snapshots.length > 0) setSnapshot(snapshots[0]!.id);
  }, [snapshots, snapshot]);

  const accountKinds = sources.find((s) => s.name === account)?.kinds ?? [];
  useEffect(() => {
    if (!accountKinds.some((k) => k.kind === kind)) setKind(accountKinds[0]?.kind ?? "");
  }, [account, accountKinds, kind]);

  const outcome = jobId ? outcomes[jobId] : undefined;
  useEffect(() => {
    if (outcome && step === 3) setStep(4);
  }, [outcome, step]);

  const selection = (): Selection => {
    switch (what) {
      case "everything":
        return {};
      case "account":
        return { sources: [account] };
      case "kind": {
        const src = sources.find((s) => s.name === account);
        // A folder source's one kind is all of it; an account's kinds are its top folders.
        return src?.type === "folder" ? { sources: [account] } : { items: [{ source: account, path: kind }] };
      }
      case "browse":
        return { items: (fromBrowse?.items ?? []).map((i) => ({ source: i.source, path: i.path })) };
    }
  };
  const whatText = (): string => {
    switch (what) {
      case "everything":
        return "Everything in the archive";
      case "account":
        return `All of ${account}`;
      case "kind":
        return `${kindName(kind)} of ${account}`;
      case "browse":
        return fromBrowse?.label ?? "";
    }
  };
  const whatReady = what === "everything" || what === "browse" ? true : what === "account" ? !!account : !!account && !!kind;

  const run = async (): Promise<void> => {
    setError(null);
    try {
      const r = await call("restore:start", { snapshot, selection: selection(), to: to.trim(), mailFormat });
      setJobId(r.jobId);
      setStep(3);
    } catch (e) {
      setError(errorText(e));
    }
  };
  const cancel = async (): Promise<void> => {
    if (!jobId) return;
    try {
      await call("job:cancel", { id: jobId });
    } catch (e) {
      setError(errorText(e));
    }
  };
  const restart = (): void => {
    setJobId(null);
    setStep(0);
    setWhat("everything");
    setState({ restoreSelection: null });
  };

  const job = jobId ? jobs[jobId] : undefined;
  const snap = snapshots?.find((s) => s.id === snapshot);
  return (
    <>
      <h1>Restore</h1>
      <ol className="stepper" aria-label="Restore steps">
        {STEPS.map((s, i) => (
          <li key={s} aria-current={i === step ? "step" : undefined} className={i === step ? "current" : i < step ? "done" : ""}>
            {i + 1}. {s}
          </li>
        ))}
      </ol>
      <ErrorNote message={error ?? snapError} />
      {step === 0 ? (
        <section aria-labelledby={`${id}-h0`}>
          <h2 id={`${id}-h0`}>What to restore</h2>
          <fieldset className="radio-col">
            <legend>Restore</legend>
            <label>
              <input type="radio" name={`${id}-what`} checked={what === "everything"} onChange={() => setWhat("everything")} /> Everything
            </label>
            <label>
              <input type="radio" name={`${id}-what`} checked={what === "account"} onChange={() => setWhat("account")} disabled={sources.length === 0} /> One account or folder
            </label>
            <label>
              <input type="radio" name={`${id}-what`} checked={what === "kind"} onChange={() => setWhat("kind")} disabled={sources.length === 0} /> One kind of data of an account (mail, calendars…)
            </label>
            {fromBrowse ? (
              <label>
                <input type="radio" name={`${id}-what`} checked={what === "browse"} onChange={() => setWhat("browse")} /> From Browse: {fromBrowse.label}
              </label>
            ) : null}
          </fieldset>
          {what === "account" || what === "kind" ? (
            <div className="field">
              <label htmlFor={`${id}-acc`}>Account or folder</label>
              <select id={`${id}-acc`} value={account} onChange={(e) => setAccount(e.target.value)}>
                {sources.map((s) => (
                  <option key={s.name} value={s.name}>
                    {s.name}
                  </option>
                ))}
              </select>
            </div>
          ) : null}
          {what === "kind" ? (
            <div className="field">
              <label htmlFor={`${id}-kind`}>Kind</label>
              <select id={`${id}-kind`} value={kind} onChange={(e) => setKind(e.target.value)}>
                {accountKinds.map((k) => (
                  <option key={k.kind} value={k.kind}>
                    {kindName(k.kind)} ({k.items.toLocaleString("en")} items)
                  </option>
                ))}
              </select>
            </div>
          ) : null}
          {what === "browse" && fromBrowse ? (
            <ul className="plain-list small">
              {fromBrowse.items.slice(0, 10).map((i) => (
                <li key={`${i.source}/${i.path}`}>
                  {i.source}/{i.path || "(all)"} — {i.name}
                </li>
              ))}
              {fromBrowse.items.length > 10 ? <li>… and {fromBrowse.items.length - 10} more</li> : null}
            </ul>
          ) : null}
          <div className="actions">
            <button type="button" onClick={() => setStep(1)} disabled={!whatReady}>
              Next
            </button>
          </div>
        </section>
      ) : null}
      {step === 1 ? (
        <section aria-labelledby={`${id}-h1`}>
          <h2 id={`${id}-h1`}>From when</h2>
          {!snapshots ? <p role="status">Reading the snapshots…</p> : null}
          <fieldset className="radio-col snapshot-list">
            <legend>Snapshot</legend>
            {(snapshots ?? []).map((s, i) => (
              <label key={s.id}>
                <input type="radio" name={`${id}-snap`} checked={snapshot === s.id} onChange={() => setSnapshot(s.id)} /> {formatDate(s.time)}
                {i === 0 ? " (newest)" : ""} <span className="muted small">· {s.stats.items.toLocaleString("en")} items · {formatBytes(s.stats.bytes)} · {s.shortId}</span>
              </label>
            ))}
          </fieldset>
          <div className="actions">
            <button type="button" className="secondary" onClick={() => setStep(0)}>
              Back
            </button>
            <button type="button" onClick={() => setStep(2)} disabled={!snapshot}>
              Next
            </button>
          </div>
        </section>
      ) : null}
      {step === 2 ? (
        <section aria-labelledby={`${id}-h2`}>
          <h2 id={`${id}-h2`}>Where to put the files</h2>
          <p>
            Restoring <strong>{whatText()}</strong> from the snapshot of {formatDate(snap?.time)}.
          </p>
          <PathField label="Folder to restore into" value={to} onChange={setTo} mode="folder" help="Use an empty folder: Lifeboat does not overwrite files that are already there." />
          <fieldset className="radio-row">
            <legend>Mail as</legend>
            <label>
              <input type="radio" name={`${id}-fmt`} checked={mailFormat === "eml"} onChange={() => setMailFormat("eml")} /> One .eml file per message
            </label>
            <label>
              <input type="radio" name={`${id}-fmt`} checked={mailFormat === "mbox"} onChange={() => setMailFormat("mbox")} /> One mbox file per folder
            </label>
          </fieldset>
          <div className="actions">
            <button type="button" className="secondary" onClick={() => setStep(1)}>
              Back
            </button>
            <button type="button" onClick={() => void run()} disabled={!to.trim()}>
              Restore
            </button>
          </div>
        </section>
      ) : null}
      {step === 3 ? (
        <section aria-labelledby={`${id}-h3`}>
          <h2 id={`${id}-h3`}>Restoring…</h2>
          {job ? <ProgressView job={job} onCancel={() => void cancel()} /> : <p role="status">Starting…</p>}
        </section>
      ) : null}
      {step === 4 && outcome ? (
        <section aria-labelledby={`${id}-h4`}>
          <h2 id={`${id}-h4`}>Report</h2>
          <RestoreReportView report={outcome.restore ?? null} summary={outcome.summary} ok={outcome.ok} error={outcome.error?.message ?? null} />
          <div className="actions">
            <button type="button" onClick={restart}>
              Restore something else
            </button>
          </div>
        </section>
      ) : null}
    </>
  );
}

function RestoreReportView({ report, summary, ok, error }: { report: RestoreReport | null; summary: string; ok: boolean; error: string | null }) {
  return (
    <div data-testid="restore-report">
      <p className={ok ? "ok-note" : "error-note"} role={ok ? "status" : "alert"}>
        {summary}
      </p>
      {error && error !== summary ? <p className="error-note">{error}</p> : null}
      {report ? (
        <>
          <dl className="facts">
            <dt>Restored into</dt>
            <dd data-testid="restore-to">{report.to}</dd>
            <dt>Items</dt>
            <dd data-testid="restore-items">{report.restoredItems.toLocaleString("en")}</dd>
            <dt>Size</dt>
            <dd>{formatBytes(report.restoredBytes)}</dd>
            <dt>Snapshot</dt>
            <dd className="mono">{report.snapshot.slice(0, 8)}</dd>
          </dl>
          {report.failed.length > 0 ? (
            <>
              <h3>Not restored ({report.failed.length})</h3>
              <ul className="failures">
                {report.failed.map((f, i) => (
                  <li key={i}>
                    {f.source}/{f.path}: {f.reason}
                  </li>
                ))}
              </ul>
            </>
          ) : (
            <p>Nothing failed.</p>
          )}
        </>
      ) : null}
    </div>
  );
}
