import { useEffect, useMemo, useState } from "react";
import type { MessageView } from "../../../shared/app-types.js";
import { call, errorText } from "../lib/api.js";
import { formatBytes, formatDate } from "../lib/format.js";
import { mailDocument, sanitizeMail } from "../lib/sanitize-mail.js";
import { ErrorNote } from "./error-note.js";

/** A message read safely: its HTML sanitised and shown in a frame that can run nothing and load nothing. */
export function MessagePane({ snapshot, source, path }: { snapshot: string; source: string; path: string }) {
  const [msg, setMsg] = useState<MessageView | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [note, setNote] = useState<string | null>(null);
  useEffect(() => {
    let live = true;
    setMsg(null);
    setError(null);
    call("browse:message", { snapshot, source, path }).then(
      (m) => live && setMsg(m),
      (e: unknown) => live && setError(errorText(e)),
    );
    return () => {
      live = false;
    };
  }, [snapshot, source, path]);
  const safe = useMemo(() => (msg?.html ? sanitizeMail(msg.html) : null), [msg]);
  const open = async (url: string): Promise<void> => {
    try {
      const r = await call("app:open-external", { url });
      setNote(r.opened ? `Opened ${url} in your browser.` : `Not opened: ${url} is not on the list of sites Lifeboat opens. Copy it if you trust it.`);
    } catch (e) {
      setNote(errorText(e));
    }
  };
  if (error) return <ErrorNote message={error} />;
  if (!msg) return <p role="status">Opening the message…</p>;
  return (
    <article className="message" aria-labelledby="msg-subject" data-testid="message-view">
      <h2 id="msg-subject">{msg.subject || "(no subject)"}</h2>
      <dl className="facts">
        <dt>From</dt>
        <dd>{msg.from}</dd>
        <dt>To</dt>
        <dd>{msg.to.join(", ") || "–"}</dd>
        {msg.cc.length > 0 ? (
          <>
            <dt>Cc</dt>
            <dd>{msg.cc.join(", ")}</dd>
          </>
        ) : null}
        <dt>Date</dt>
        <dd>{formatDate(msg.date)}</dd>
      </dl>
      {safe ? (
        <>
          {safe.blocked > 0 ? <p className="muted small">{safe.blocked} remote image{safe.blocked === 1 ? "" : "s"} or resource{safe.blocked === 1 ? "" : "s"} not loaded, so the sender cannot tell you read this.</p> : null}
          <iframe className="message-frame" title={`Message: ${msg.subject}`} sandbox="" srcDoc={mailDocument(safe.html)} data-testid="message-frame" />
          {safe.links.length > 0 ? (
            <details className="links">
              <summary>Links in this message ({safe.links.length})</summary>
              <ul>
                {safe.links.map((l) => (
                  <li key={l}>
                    <button type="button" className="link" onClick={() => void open(l)}>
                      {l}
                    </button>
                  </li>
                ))}
              </ul>
            </details>
          ) : null}
        </>
      ) : (
        <pre className="message-text">{msg.text ?? "(this message has no text)"}</pre>
      )}
      {note ? (
        <p role="status" className="small">
          {note}
        </p>
      ) : null}
      {msg.attachments.length > 0 ? (
        <section aria-labelledby="att-h">
          <h3 id="att-h">Attachments</h3>
          <ul className="attachments">
            {msg.attachments.map((a, i) => (
              <li key={i}>
                {a.name} <span className="muted small">({a.contentType}, {formatBytes(a.size)}{a.inline ? ", inline" : ""})</span>
              </li>
            ))}
          </ul>
        </section>
      ) : null}
    </article>
  );
}
