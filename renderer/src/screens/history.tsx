import { useVirtualizer } from "@tanstack/react-virtual";
import { useEffect, useId, useRef, useState } from "react";
import type { RunRecord } from "../../../shared/schedule-types.js";
import { ErrorNote } from "../components/error-note.js";
import { call, errorText } from "../lib/api.js";
import { formatDate } from "../lib/format.js";
import { changesText, OUTCOME_WORDS, RUNNER_WORDS, TRIGGER_WORDS, verifyText } from "../lib/run-words.js";
import { useStore } from "../state/use-store.js";

const ROW_HEIGHT = 76;

function duration(r: RunRecord): string {
  if (!r.ended) return "";
  const s = Math.max(0, Math.round((Date.parse(r.ended) - Date.parse(r.started)) / 1000));
  return s < 60 ? ` · ${s} s` : ` · ${Math.round(s / 60)} min`;
}

function RunRow({ run }: { run: RunRecord }) {
  const problem = run.reason ?? (run.errors.length ? run.errors.map((e) => `${e.source}: ${e.message}`).join("; ") : null);
  return (
    <>
      <div className="run-line">
        <span className={`badge outcome-${run.outcome}`}>{OUTCOME_WORDS[run.outcome]}</span>
        <span className="run-when">{formatDate(run.started)}</span>
        <span className="muted small">
          {TRIGGER_WORDS[run.trigger]} · by {RUNNER_WORDS[run.runner]}
          {duration(run)}
        </span>
      </div>
      <div className="run-line small">
        <span>{changesText(run)}</span>
        <span className="muted">{verifyText(run)}</span>
      </div>
      {problem ? <div className="run-line small run-problem">{problem}</div> : null}
    </>
  );
}

/** Every recorded run, newest first: the app's, the system scheduler's and the command line's. Virtualised: a year of runs is long. */
export function HistoryScreen() {
  const id = useId();
  const lastRun = useStore((s) => s.app?.lastRun?.id ?? null);
  const lastEnd = useStore((s) => s.app?.lastRun?.ended ?? null);
  const [runs, setRuns] = useState<RunRecord[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const scrollRef = useRef<HTMLDivElement>(null);
  // A new or finished run (from any runner) shows up without a reload.
  useEffect(() => {
    call("history:list", {}).then(setRuns, (e: unknown) => setError(errorText(e)));
  }, [lastRun, lastEnd]);
  const virtualizer = useVirtualizer({ count: runs?.length ?? 0, getScrollElement: () => scrollRef.current, estimateSize: () => ROW_HEIGHT, overscan: 6 });
  return (
    <>
      <h1>History</h1>
      <p className="muted">Every backup run, newest first: when it ran, why, what it changed, and what went wrong.</p>
      <ErrorNote message={error} />
      {runs === null ? (
        <p role="status">Loading…</p>
      ) : runs.length === 0 ? (
        <p>No runs yet. The first backup shows up here.</p>
      ) : (
        <>
          <p id={`${id}-count`} className="small muted">
            {runs.length.toLocaleString("en")} run{runs.length === 1 ? "" : "s"}
          </p>
          <div className="run-scroll" ref={scrollRef} tabIndex={0} aria-label="Backup runs" data-testid="run-scroll">
            <div role="list" aria-describedby={`${id}-count`} aria-label="Backup runs" className="item-inner" style={{ height: `${virtualizer.getTotalSize()}px` }}>
              {virtualizer.getVirtualItems().map((r) => (
                <div role="listitem" key={r.key} className="run-row" data-testid="run-row" data-outcome={runs[r.index]!.outcome} style={{ height: `${r.size}px`, transform: `translateY(${r.start}px)` }}>
                  <RunRow run={runs[r.index]!} />
                </div>
              ))}
            </div>
          </div>
        </>
      )}
    </>
  );
}
