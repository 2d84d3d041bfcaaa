import type { Strength } from "../lib/passphrase-strength.js";

export function StrengthMeter({ strength, id }: { strength: Strength; id: string }) {
  return (
    <div className="strength" id={id} aria-live="polite">
      <meter min={0} max={4} low={2} high={3} optimum={4} value={strength.score} aria-label="Passphrase strength" />
      <span className={`strength-label s${strength.score}`}>{strength.label}</span>
      {strength.hint ? <span className="muted"> {strength.hint}</span> : null}
    </div>
  );
}
