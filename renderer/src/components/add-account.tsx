import { useId, useState } from "react";
import { call, errorText } from "../lib/api.js";
import { ErrorNote } from "./error-note.js";
import { PathField } from "./path-field.js";
import { SignInWaiting } from "./sign-in-waiting.js";
import { OkNote } from "./ok-note.js";

/** Adding a Microsoft account (sign-in in the system browser) or a folder. */
export function AddAccount({ onAdded }: { onAdded?: (name: string) => void }) {
  const id = useId();
  const [accountType, setAccountType] = useState<"personal" | "work">("personal");
  const [hint, setHint] = useState("");
  const [waiting, setWaiting] = useState(false);
  const [folder, setFolder] = useState("");
  const [folderName, setFolderName] = useState("");
  const [error, setError] = useState<string | null>(null);
  const [done, setDone] = useState<string | null>(null);

  const addMicrosoft = async (): Promise<void> => {
    setError(null);
    setDone(null);
    setWaiting(true);
    try {
      const r = await call("accounts:add-microsoft", { accountType, ...(hint.trim() ? { loginHint: hint.trim() } : {}) });
      setDone(`Added ${r.username}.`);
      onAdded?.(r.name);
    } catch (e) {
      setError(errorText(e));
    } finally {
      setWaiting(false);
    }
  };
  const addFolder = async (): Promise<void> => {
    setError(null);
    setDone(null);
    try {
      const r = await call("accounts:add-folder", { path: folder.trim(), ...(folderName.trim() ? { name: folderName.trim() } : {}) });
      setDone(`Added the folder as “${r.name}”.`);
      setFolder("");
      setFolderName("");
      onAdded?.(r.name);
    } catch (e) {
      setError(errorText(e));
    }
  };

  return (
    <div className="add-account">
      <section className="card" aria-labelledby={`${id}-ms`}>
        <h3 id={`${id}-ms`}>Microsoft account</h3>
        <fieldset className="radio-row">
          <legend>Kind of account</legend>
          <label>
            <input type="radio" name={`${id}-type`} checked={accountType === "personal"} onChange={() => setAccountType("personal")} /> Personal (Outlook.com, Hotmail, Live)
          </label>
          <label>
            <input type="radio" name={`${id}-type`} checked={accountType === "work"} onChange={() => setAccountType("work")} /> Work or school
          </label>
        </fieldset>
        <div className="field">
          <label htmlFor={`${id}-hint`}>Email address (optional)</label>
          <input id={`${id}-hint`} type="email" value={hint} onChange={(e) => setHint(e.target.value)} autoComplete="email" />
        </div>
        <p className="muted small">Your web browser opens Microsoft’s sign-in page. Lifeboat never sees your password; it only gets permission to read your data.</p>
        <button type="button" onClick={() => void addMicrosoft()} disabled={waiting}>
          Add Microsoft account
        </button>
        {waiting ? <SignInWaiting text="Waiting for you to sign in in your browser…" /> : null}
      </section>
      <section className="card" aria-labelledby={`${id}-folder`}>
        <h3 id={`${id}-folder`}>A folder on this computer</h3>
        <PathField label="Folder to back up" value={folder} onChange={setFolder} mode="folder" />
        <div className="field">
          <label htmlFor={`${id}-fname`}>Name (optional)</label>
          <input id={`${id}-fname`} type="text" value={folderName} onChange={(e) => setFolderName(e.target.value)} />
        </div>
        <button type="button" onClick={() => void addFolder()} disabled={!folder.trim()}>
          Add folder
        </button>
      </section>
      <ErrorNote message={error} />
      <OkNote message={done} />
    </div>
  );
}
