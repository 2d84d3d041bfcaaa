import { useEffect, useState } from "react";
import type { DetailView } from "../../../shared/app-types.js";
import { call, errorText } from "../lib/api.js";
import { kindLabel } from "../lib/item-facts.js";
import { ErrorNote } from "./error-note.js";

/** An event, contact or file as label/value rows. */
export function DetailPane({ snapshot, source, path }: { snapshot: string; source: string; path: string }) {
  const [detail, setDetail] = useState<DetailView | null>(null);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    let live = true;
    setDetail(null);
    setError(null);
    call("browse:detail", { snapshot, source, path }).then(
      (d) => live && setDetail(d),
      (e: unknown) => live && setError(errorText(e)),
    );
    return () => {
      live = false;
    };
  }, [snapshot, source, path]);
  if (error) return <ErrorNote message={error} />;
  if (!detail) return <p role="status">Opening…</p>;
  return (
    <article className="detail" aria-labelledby="detail-title" data-testid="detail-view">
      <h2 id="detail-title">{detail.title}</h2>
      <p className="muted small">{kindLabel(detail.kind)}</p>
      <dl className="facts">
        {detail.rows.map((r, i) => (
          <div key={i} className="fact-row">
            <dt>{r.label}</dt>
            <dd>{r.value}</dd>
          </div>
        ))}
      </dl>
    </article>
  );
}
