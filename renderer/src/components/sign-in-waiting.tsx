import { useState } from "react";
import { call, errorText } from "../lib/api.js";
import { useStore } from "../state/use-store.js";

/**
 * While a sign-in waits for the browser: what is happening, and Cancel (a closed browser tab never
 * answers, so the engine runs the sign-in as a job that can be cancelled).
 */
export function SignInWaiting({ text }: { text: string }) {
  const job = useStore((s) => (s.app?.job?.kind === "sign-in" ? s.app.job : null));
  const [error, setError] = useState<string | null>(null);
  const cancel = async (): Promise<void> => {
    if (!job) return;
    try {
      await call("job:cancel", { id: job.id });
    } catch (e) {
      setError(errorText(e));
    }
  };
  return (
    <div role="status" className="waiting" data-testid="sign-in-waiting">
      <p>{job?.label ? `${job.label}…` : text}</p>
      <p className="muted small">Finish signing in on the page that opened in your web browser, then come back here.</p>
      {job ? (
        <button type="button" className="secondary" onClick={() => void cancel()}>
          Cancel sign-in
        </button>
      ) : null}
      {error ? <p className="error-note">{error}</p> : null}
    </div>
  );
}
