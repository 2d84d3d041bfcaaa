import { useId, useState, type DragEvent } from "react";
import type { ImportReport } from "../../../shared/app-types.js";
import { call, errorCode, errorText } from "../lib/api.js";
import { bytesToBase64 } from "../lib/base64.js";
import { ErrorNote } from "./error-note.js";

type Pending = { fileName: string; dataBase64: string };

/** Import an authenticator or BitLocker export: drop it here or pick it; asks for its password when needed. */
export function VaultImport({ onImported }: { onImported: () => void }) {
  const id = useId();
  const [what, setWhat] = useState<"auto" | "otp" | "bitlocker">("auto");
  const [pending, setPending] = useState<Pending | null>(null);
  const [needsPassword, setNeedsPassword] = useState(false);
  const [password, setPassword] = useState("");
  const [report, setReport] = useState<ImportReport | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [over, setOver] = useState(false);

  const send = async (p: Pending, pw?: string): Promise<void> => {
    setBusy(true);
    setError(null);
    setReport(null);
    try {
      const r = await call("vault:import", { ...p, what, ...(pw !== undefined ? { password: pw } : {}) });
      setReport(r);
      setPending(null);
      setNeedsPassword(false);
      setPassword("");
      onImported();
    } catch (e) {
      const code = errorCode(e);
      if (code === "needs-password" || code === "wrong-password") {
        setPending(p);
        setNeedsPassword(true);
        setError(code === "wrong-password" ? errorText(e) : null);
      } else setError(errorText(e));
    } finally {
      setBusy(false);
    }
  };

  const read = async (file: File): Promise<void> => {
    const bytes = new Uint8Array(await file.arrayBuffer());
    const p = { fileName: file.name, dataBase64: bytesToBase64(bytes) };
    setNeedsPassword(false);
    setPassword("");
    await send(p);
  };

  const onDrop = (e: DragEvent<HTMLDivElement>): void => {
    e.preventDefault();
    setOver(false);
    const f = e.dataTransfer.files[0];
    if (f) void read(f);
  };

  return (
    <div className="vault-import">
      <div className="field">
        <label htmlFor={`${id}-what`}>What the file holds</label>
        <select id={`${id}-what`} value={what} onChange={(e) => setWhat(e.target.value as typeof what)}>
          <option value="auto">Find out from the file</option>
          <option value="otp">Authenticator (OTP) accounts</option>
          <option value="bitlocker">BitLocker recovery keys</option>
        </select>
      </div>
      <div
        className={`drop-zone ${over ? "over" : ""}`}
        onDragOver={(e) => {
          e.preventDefault();
          setOver(true);
        }}
        onDragLeave={() => setOver(false)}
        onDrop={onDrop}
        data-testid="drop-zone"
      >
        <p>Drop an export file here (Aegis, 2FAS, Google Authenticator, andOTP, Bitwarden, a BitLocker key .TXT…)</p>
        <label htmlFor={`${id}-file`} className="file-label">
          or choose a file
        </label>
        <input
          id={`${id}-file`}
          type="file"
          onChange={(e) => {
            const f = e.target.files?.[0];
            if (f) void read(f);
            e.target.value = "";
          }}
        />
      </div>
      {busy ? <p role="status">Importing…</p> : null}
      {needsPassword && pending ? (
        <form
          className="card"
          onSubmit={(e) => {
            e.preventDefault();
            void send(pending, password);
          }}
        >
          <div className="field">
            <label htmlFor={`${id}-pw`}>Password of {pending.fileName}</label>
            <input id={`${id}-pw`} type="password" value={password} onChange={(e) => setPassword(e.target.value)} autoComplete="off" />
            <p className="muted small">The export is encrypted: type the password you chose when exporting it.</p>
          </div>
          <button type="submit" disabled={!password || busy}>
            Import
          </button>
        </form>
      ) : null}
      <ErrorNote message={error} />
      {report ? (
        <div className="ok-note" role="status" data-testid="import-report">
          <p>
            Imported {report.what === "otp" ? "authenticator accounts" : "BitLocker keys"} ({report.format}): {report.added} added, {report.updated} updated, {report.unchanged} unchanged
            {report.skipped.length > 0 ? `, ${report.skipped.length} skipped` : ""}. Saved in snapshot {report.snapshot.slice(0, 8)}.
          </p>
          {report.skipped.length > 0 ? (
            <ul>
              {report.skipped.map((s, i) => (
                <li key={i}>
                  {s.name}: {s.reason}
                </li>
              ))}
            </ul>
          ) : null}
        </div>
      ) : null}
    </div>
  );
}
