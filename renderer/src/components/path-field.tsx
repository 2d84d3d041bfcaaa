import { useId, useState } from "react";
import { call, errorText } from "../lib/api.js";

/**
 * A folder or file location: "Choose…" opens the system picker; when there is none (the test
 * bridge answers null) or the user prefers, the path can be typed.
 */
export function PathField(props: { label: string; value: string; onChange: (v: string) => void; mode: "folder" | "save"; defaultName?: string; help?: string }) {
  const id = useId();
  const [note, setNote] = useState<string | null>(null);
  const choose = async (): Promise<void> => {
    try {
      const r =
        props.mode === "folder"
          ? await call("dialog:choose-folder", { title: props.label, ...(props.value ? { defaultPath: props.value } : {}) })
          : await call("dialog:save-file", { title: props.label, defaultName: props.defaultName ?? "lifeboat-emergency-kit.pdf" });
      if (r.path) {
        props.onChange(r.path);
        setNote(null);
      } else setNote("No picker here: type the path in the field.");
    } catch (e) {
      setNote(errorText(e));
    }
  };
  return (
    <div className="field">
      <label htmlFor={id}>{props.label}</label>
      <div className="path-row">
        <input id={id} type="text" value={props.value} onChange={(e) => props.onChange(e.target.value)} spellCheck={false} autoComplete="off" aria-describedby={props.help ? `${id}-help` : undefined} />
        <button type="button" className="secondary" onClick={() => void choose()}>
          Choose…
        </button>
      </div>
      {props.help ? (
        <p className="muted small" id={`${id}-help`}>
          {props.help}
        </p>
      ) : null}
      {note ? <p className="muted small">{note}</p> : null}
    </div>
  );
}
