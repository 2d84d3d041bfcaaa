import { useCallback, useEffect, useId, useRef, useState } from "react";
import type { OtpCode, OtpView } from "../../../shared/app-types.js";
import { call, errorText } from "../lib/api.js";
import { ErrorNote } from "./error-note.js";

/** The code to show at `now`: this period's, else the next one the engine sent ahead. */
export function codeAt(c: OtpCode, periodMs: number, now: number): { code: string; until: number | null } {
  if (c.validUntil === null || now < c.validUntil) return { code: c.code, until: c.validUntil };
  if (c.next !== null && now < c.validUntil + periodMs) return { code: c.next, until: c.validUntil + periodMs };
  return { code: "······", until: null };
}

function grouped(code: string): string {
  return code.length === 6 ? `${code.slice(0, 3)} ${code.slice(3)}` : code.length === 8 ? `${code.slice(0, 4)} ${code.slice(4)}` : code;
}

/** OTP accounts with live codes; a click copies one. */
export function OtpList({ accounts }: { accounts: OtpView[] }) {
  const id = useId();
  const [codes, setCodes] = useState<Map<string, OtpCode>>(new Map());
  const [now, setNow] = useState(() => Date.now());
  const [query, setQuery] = useState("");
  const [copied, setCopied] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const fetching = useRef(false);

  const refresh = useCallback(async () => {
    if (fetching.current) return;
    fetching.current = true;
    try {
      const list = await call("vault:codes", {});
      setCodes(new Map(list.map((c) => [c.id, c])));
      setError(null);
    } catch (e) {
      setError(errorText(e));
    } finally {
      fetching.current = false;
    }
  }, []);

  useEffect(() => {
    void refresh();
  }, [refresh, accounts]);

  useEffect(() => {
    const t = setInterval(() => setNow(Date.now()), 250);
    return () => clearInterval(t);
  }, []);

  // Fetch again once the earliest code has expired (its `next` is on screen meanwhile).
  useEffect(() => {
    let earliest = Infinity;
    for (const c of codes.values()) if (c.validUntil !== null) earliest = Math.min(earliest, c.validUntil);
    if (now >= earliest) void refresh();
  }, [now, codes, refresh]);

  const copy = (account: OtpView, code: string): void => {
    setCopied(null);
    // The clipboard can be unavailable (no permission, page not focused): say so instead of failing silently.
    const write = navigator.clipboard?.writeText(code) ?? Promise.reject(new Error("no clipboard"));
    write.then(
      () => setCopied(`Copied the code for ${account.issuer || account.account}.`),
      () => setCopied(`Could not copy: select the code for ${account.issuer || account.account} and copy it by hand.`),
    );
  };

  const q = query.trim().toLowerCase();
  const shown = accounts.filter((a) => !q || a.issuer.toLowerCase().includes(q) || a.account.toLowerCase().includes(q));
  return (
    <>
      <div className="field">
        <label htmlFor={`${id}-q`}>Search accounts</label>
        <input id={`${id}-q`} type="search" value={query} onChange={(e) => setQuery(e.target.value)} placeholder="Issuer or account" />
      </div>
      <ErrorNote message={error} />
      <p role="status" className="copied" aria-live="polite">
        {copied ?? ""}
      </p>
      {shown.length === 0 ? <p>{accounts.length === 0 ? "No OTP accounts yet: import an export from your authenticator app below." : "No account matches."}</p> : null}
      <ul className="otp-list">
        {shown.map((a) => {
          const c = codes.get(a.id);
          const periodMs = a.period * 1000;
          const shownCode = c ? codeAt(c, periodMs, now) : null;
          const left = shownCode?.until ? Math.max(0, shownCode.until - now) : null;
          return (
            <li key={a.id} className="otp-row" data-testid="otp-row" data-otp-id={a.id}>
              <div className="otp-name">
                <strong>{a.issuer || "(no issuer)"}</strong>
                <span className="muted small">{a.account}</span>
              </div>
              <button type="button" className="otp-code mono" onClick={() => shownCode && copy(a, shownCode.code)} data-code={shownCode?.code ?? ""} data-valid-until={shownCode?.until ?? ""}>
                <span className="visually-hidden">
                  Copy code for {a.issuer} {a.account}:{" "}
                </span>
                {shownCode ? grouped(shownCode.code) : "…"}
              </button>
              {left !== null ? (
                <div className="countdown" aria-label={`${Math.ceil(left / 1000)} seconds left`} role="img">
                  <div className="countdown-bar" style={{ width: `${Math.min(100, (left / periodMs) * 100)}%` }} />
                  <span className="small muted">{Math.ceil(left / 1000)} s</span>
                </div>
              ) : (
                <span className="small muted">{a.type === "hotp" ? "counter-based" : ""}</span>
              )}
            </li>
          );
        })}
      </ul>
    </>
  );
}
