import { useId, useState } from "react";
import { ErrorNote } from "../components/error-note.js";
import { call, errorText } from "../lib/api.js";
import { setAppState } from "../state/store.js";
import { useStore } from "../state/use-store.js";

export function UnlockScreen() {
  const id = useId();
  const path = useStore((s) => s.app?.archive.path ?? "");
  const [useKey, setUseKey] = useState(false);
  const [secret, setSecret] = useState("");
  const [remember, setRemember] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const unlock = async (): Promise<void> => {
    setBusy(true);
    setError(null);
    try {
      const s = await call("archive:unlock", useKey ? { recoveryKey: secret.trim(), remember } : { passphrase: secret, remember });
      setAppState(s);
    } catch (e) {
      setError(errorText(e));
    } finally {
      setBusy(false);
    }
  };
  return (
    <main className="centered unlock" id="main">
      <h1>Unlock your archive</h1>
      <p className="muted">{path}</p>
      <form
        onSubmit={(e) => {
          e.preventDefault();
          if (secret) void unlock();
        }}
      >
        <fieldset className="radio-row">
          <legend>Unlock with</legend>
          <label>
            <input type="radio" name={`${id}-with`} checked={!useKey} onChange={() => (setUseKey(false), setSecret(""))} /> Passphrase
          </label>
          <label>
            <input type="radio" name={`${id}-with`} checked={useKey} onChange={() => (setUseKey(true), setSecret(""))} /> Recovery key
          </label>
        </fieldset>
        <div className="field">
          <label htmlFor={`${id}-secret`}>{useKey ? "Recovery key" : "Passphrase"}</label>
          <input id={`${id}-secret`} type={useKey ? "text" : "password"} className={useKey ? "mono" : ""} value={secret} onChange={(e) => setSecret(e.target.value)} autoComplete={useKey ? "off" : "current-password"} spellCheck={false} />
        </div>
        <div className="field checkbox">
          <label>
            <input type="checkbox" checked={remember} onChange={(e) => setRemember(e.target.checked)} /> Remember in this computer’s keychain
          </label>
        </div>
        <ErrorNote message={error} />
        <button type="submit" disabled={!secret || busy}>
          {busy ? "Unlocking…" : "Unlock"}
        </button>
      </form>
    </main>
  );
}
