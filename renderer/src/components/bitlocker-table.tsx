import { useId, useState } from "react";
import type { BitLockerView } from "../../../shared/app-types.js";
import { call, errorText } from "../lib/api.js";
import { formatDate } from "../lib/format.js";
import { ErrorNote } from "./error-note.js";

/** BitLocker recovery keys: listed without their secret; "Reveal" fetches one on purpose. */
export function BitLockerTable({ keys }: { keys: BitLockerView[] }) {
  const id = useId();
  const [query, setQuery] = useState("");
  const [revealed, setRevealed] = useState<Record<string, string>>({});
  const [error, setError] = useState<string | null>(null);
  const q = query.trim().toLowerCase();
  const shown = keys.filter((k) => !q || k.keyId.toLowerCase().startsWith(q.replace(/^\{/, "")) || (k.device ?? "").toLowerCase().includes(q));
  const reveal = async (keyId: string): Promise<void> => {
    setError(null);
    try {
      const r = await call("vault:reveal-bitlocker", { keyId });
      setRevealed((m) => ({ ...m, [keyId]: r.recoveryPassword }));
    } catch (e) {
      setError(errorText(e));
    }
  };
  const hide = (keyId: string): void =>
    setRevealed((m) => {
      const { [keyId]: _gone, ...rest } = m;
      return rest;
    });
  return (
    <>
      <div className="field">
        <label htmlFor={`${id}-q`}>Find a key</label>
        <input id={`${id}-q`} type="search" value={query} onChange={(e) => setQuery(e.target.value)} placeholder="Key ID (first characters) or device" />
      </div>
      <ErrorNote message={error} />
      {shown.length === 0 ? (
        <p>{keys.length === 0 ? "No BitLocker keys yet. Microsoft accounts bring theirs with each backup; you can also import a saved key file." : "No key matches."}</p>
      ) : (
        <table className="table bitlocker">
          <caption className="visually-hidden">BitLocker recovery keys</caption>
          <thead>
            <tr>
              <th scope="col">Key ID</th>
              <th scope="col">Device</th>
              <th scope="col">Volume</th>
              <th scope="col">Saved</th>
              <th scope="col">Recovery key</th>
            </tr>
          </thead>
          <tbody>
            {shown.map((k) => (
              <tr key={k.keyId} data-testid="bitlocker-row">
                <td className="mono small">{k.keyId}</td>
                <td>{k.device ?? "–"}</td>
                <td>{[k.volume, k.volumeType].filter(Boolean).join(" · ") || "–"}</td>
                <td>{formatDate(k.created)}</td>
                <td>
                  {revealed[k.keyId] ? (
                    <>
                      <span className="mono recovery-password" data-testid="recovery-password">
                        {revealed[k.keyId]}
                      </span>{" "}
                      <button type="button" className="secondary" onClick={() => hide(k.keyId)} aria-label={`Hide the recovery key ${k.keyId}`}>
                        Hide
                      </button>
                    </>
                  ) : (
                    <button type="button" className="secondary" onClick={() => void reveal(k.keyId)} aria-label={`Reveal the recovery key ${k.keyId}`}>
                      Reveal
                    </button>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </>
  );
}
