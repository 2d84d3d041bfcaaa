import { useId } from "react";
import type { SnapshotSummary } from "../../../shared/archive-types.js";
import { formatBytes, formatDate } from "../lib/format.js";

export function SnapshotPicker({ snapshots, value, onChange }: { snapshots: SnapshotSummary[]; value: string; onChange: (id: string) => void }) {
  const id = useId();
  return (
    <div className="field inline">
      <label htmlFor={id}>Snapshot</label>
      <select id={id} value={value} onChange={(e) => onChange(e.target.value)}>
        {snapshots.map((s, i) => (
          <option key={s.id} value={s.id}>
            {formatDate(s.time)} · {s.stats.items.toLocaleString("en")} items · {formatBytes(s.stats.bytes)}
            {i === 0 ? " (newest)" : ""}
          </option>
        ))}
      </select>
    </div>
  );
}
