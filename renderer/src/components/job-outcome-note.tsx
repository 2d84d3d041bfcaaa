import type { JobOutcome } from "../../../shared/app-types.js";

/** How the last job of a kind ended, in the engine's words. */
export function JobOutcomeNote({ outcome }: { outcome: JobOutcome | undefined }) {
  if (!outcome) return null;
  return (
    <div className={outcome.ok ? "ok-note" : "error-note"} role={outcome.ok ? "status" : "alert"}>
      <p>{outcome.summary}</p>
      {outcome.error && outcome.error.message !== outcome.summary ? <p>{outcome.error.message}</p> : null}
      {outcome.backup && outcome.backup.failed.length > 0 ? (
        <ul>
          {outcome.backup.failed.slice(0, 20).map((f, i) => (
            <li key={i}>
              {f.source}
              {f.path ? `/${f.path}` : ""}: {f.error}
            </li>
          ))}
        </ul>
      ) : null}
      {outcome.verify && outcome.verify.problems.length > 0 ? (
        <ul>
          {outcome.verify.problems.slice(0, 20).map((p, i) => (
            <li key={i}>
              {p.file}: {p.problem}
            </li>
          ))}
        </ul>
      ) : null}
    </div>
  );
}

export function lastOutcome(outcomes: Record<string, JobOutcome>, kind: JobOutcome["kind"]): JobOutcome | undefined {
  return Object.values(outcomes)
    .filter((o) => o.kind === kind)
    .at(-1);
}
