import { useState } from "react";
import { call, errorText } from "../lib/api.js";
import { formatBytes } from "../lib/format.js";
import { ErrorNote } from "./error-note.js";
import { PathField } from "./path-field.js";
import { OkNote } from "./ok-note.js";

/** "Save emergency kit (PDF)": the recovery key, OTP QR codes and BitLocker keys on paper. */
export function SaveKit({ recoveryKey }: { recoveryKey?: string }) {
  const [to, setTo] = useState("");
  const [busy, setBusy] = useState(false);
  const [saved, setSaved] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const save = async (): Promise<void> => {
    setBusy(true);
    setError(null);
    try {
      let target = to.trim();
      if (!target) {
        const r = await call("dialog:save-file", { title: "Save emergency kit", defaultName: "lifeboat-emergency-kit.pdf" });
        if (!r.path) {
          setError("Type where to save the kit (a full path ending in .pdf), then save.");
          return;
        }
        target = r.path;
        setTo(target);
      }
      const r = await call("archive:save-kit", { to: target, ...(recoveryKey ? { recoveryKey } : {}) });
      setSaved(`Saved ${r.path} (${formatBytes(r.bytes)}). Print it and keep it somewhere safe.`);
    } catch (e) {
      setError(errorText(e));
    } finally {
      setBusy(false);
    }
  };
  return (
    <div className="save-kit">
      <PathField label="Emergency kit file" value={to} onChange={setTo} mode="save" defaultName="lifeboat-emergency-kit.pdf" />
      <button type="button" className="secondary" onClick={() => void save()} disabled={busy}>
        Save emergency kit (PDF)
      </button>
      <ErrorNote message={error} />
      <OkNote message={saved} />
    </div>
  );
}
