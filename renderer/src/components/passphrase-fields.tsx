import { useId } from "react";
import { estimateStrength } from "../lib/passphrase-strength.js";
import { StrengthMeter } from "./strength-meter.js";

/** A new passphrase, typed twice, with its strength; `ok` tells the form whether it may go on. */
export function PassphraseFields(props: { value: string; again: string; onChange: (value: string, again: string) => void; label?: string }) {
  const id = useId();
  const strength = estimateStrength(props.value);
  const mismatch = props.again.length > 0 && props.again !== props.value;
  return (
    <>
      <div className="field">
        <label htmlFor={`${id}-p1`}>{props.label ?? "Passphrase"}</label>
        <input id={`${id}-p1`} type="password" autoComplete="new-password" value={props.value} onChange={(e) => props.onChange(e.target.value, props.again)} aria-describedby={`${id}-strength`} />
        <StrengthMeter strength={strength} id={`${id}-strength`} />
      </div>
      <div className="field">
        <label htmlFor={`${id}-p2`}>Type it again</label>
        <input id={`${id}-p2`} type="password" autoComplete="new-password" value={props.again} onChange={(e) => props.onChange(props.value, e.target.value)} aria-invalid={mismatch} aria-describedby={mismatch ? `${id}-mismatch` : undefined} />
        {mismatch ? (
          <p className="field-error" id={`${id}-mismatch`}>
            The two passphrases differ.
          </p>
        ) : null}
      </div>
    </>
  );
}

export function passphraseReady(value: string, again: string): boolean {
  return value === again && estimateStrength(value).acceptable;
}
