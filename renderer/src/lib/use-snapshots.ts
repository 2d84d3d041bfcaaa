import { useEffect, useState } from "react";
import type { SnapshotSummary } from "../../../shared/archive-types.js";
import { call, errorText } from "./api.js";
import { useStore } from "../state/use-store.js";

/** The archive's complete snapshots, newest first; fetched again when a new one is saved. */
export function useSnapshots(): { snapshots: SnapshotSummary[] | null; error: string | null } {
  const last = useStore((s) => s.app?.archive.lastSnapshot ?? null);
  const [snapshots, setSnapshots] = useState<SnapshotSummary[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    let live = true;
    call("snapshots:list", {}).then(
      (list) => {
        if (!live) return;
        setSnapshots(list.filter((s) => s.complete).sort((a, b) => Date.parse(b.time) - Date.parse(a.time)));
        setError(null);
      },
      (e: unknown) => live && setError(errorText(e)),
    );
    return () => {
      live = false;
    };
  }, [last]);
  return { snapshots, error };
}
