import { useSyncExternalStore } from "react";
import { getState, subscribe, type StoreState } from "./store.js";

/** A slice of the store; re-renders only when the selected value changes (by identity). */
export function useStore<T>(select: (s: StoreState) => T): T {
  return useSyncExternalStore(subscribe, () => select(getState()));
}

/** A stable empty list for selectors (a fresh [] each time would re-render forever). */
export const NO_SOURCES: readonly never[] = [];
