import { useId, useState } from "react";
import type { SourceView } from "../../../shared/app-types.js";
import { AddAccount } from "../components/add-account.js";
import { ConfirmDialog } from "../components/confirm-dialog.js";
import { ErrorNote } from "../components/error-note.js";
import { SignInWaiting } from "../components/sign-in-waiting.js";
import { call, errorText } from "../lib/api.js";
import { formatAgo } from "../lib/format.js";
import { NO_SOURCES, useStore } from "../state/use-store.js";
import { OkNote } from "../components/ok-note.js";

export function AccountsScreen() {
  const id = useId();
  const sources = useStore((s) => s.app?.sources ?? NO_SOURCES).filter((s) => s.type !== "vault");
  const [removing, setRemoving] = useState<SourceView | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [note, setNote] = useState<string | null>(null);
  const [busy, setBusy] = useState<string | null>(null);
  const run = async (name: string, what: "sign-in" | "sign-out" | "remove"): Promise<void> => {
    setError(null);
    setNote(null);
    setBusy(name);
    try {
      if (what === "sign-in") {
        await call("accounts:sign-in-again", { name });
        setNote(`Signed in to ${name} again.`);
      } else if (what === "sign-out") {
        await call("accounts:sign-out", { name });
        setNote(`Signed out of ${name}. Its data stays in the archive.`);
      } else {
        await call("accounts:remove", { name });
        setNote(`${name} is no longer backed up. What was copied stays in the archive’s snapshots.`);
      }
    } catch (e) {
      setError(errorText(e));
    } finally {
      setBusy(null);
    }
  };
  return (
    <>
      <h1>Accounts</h1>
      <section aria-labelledby={`${id}-list`}>
        <h2 id={`${id}-list`}>Backed up</h2>
        {sources.length === 0 ? <p>No accounts or folders yet.</p> : null}
        <ul className="account-list">
          {sources.map((s) => (
            <li key={s.name} className="card account-row">
              <div>
                <strong>{s.name}</strong>
                <div className="muted small">
                  {s.type === "folder" ? "Folder" : s.accountType === "work" ? "Microsoft work or school account" : "Microsoft personal account"} · {s.location} · last good copy {formatAgo(s.lastGoodCopy)}
                </div>
                {s.state === "needs-sign-in" ? <div className="warn small">Needs sign-in</div> : null}
              </div>
              <div className="row-actions">
                {s.type === "microsoft" ? (
                  <>
                    <button type="button" className="secondary" disabled={busy === s.name} onClick={() => void run(s.name, "sign-in")} aria-label={`Sign in again to ${s.name}`}>
                      Sign in again
                    </button>
                    <button type="button" className="secondary" disabled={busy === s.name} onClick={() => void run(s.name, "sign-out")} aria-label={`Sign out of ${s.name}`}>
                      Sign out
                    </button>
                  </>
                ) : null}
                <button type="button" className="danger" disabled={busy === s.name} onClick={() => setRemoving(s)} aria-label={`Remove ${s.name}`}>
                  Remove
                </button>
              </div>
            </li>
          ))}
        </ul>
        {busy ? <SignInWaiting text={`Working on ${busy}…`} /> : null}
        <ErrorNote message={error} />
        <OkNote message={note} />
      </section>
      <section aria-labelledby={`${id}-add`}>
        <h2 id={`${id}-add`}>Add</h2>
        <AddAccount />
      </section>
      {removing ? (
        <ConfirmDialog
          title={`Stop backing up ${removing.name}?`}
          confirmLabel="Remove"
          danger
          onCancel={() => setRemoving(null)}
          onConfirm={() => {
            const name = removing.name;
            setRemoving(null);
            void run(name, "remove");
          }}
        >
          <p>New backups will no longer copy it. Everything already copied stays in the archive and can still be browsed and restored.</p>
        </ConfirmDialog>
      ) : null}
    </>
  );
}
