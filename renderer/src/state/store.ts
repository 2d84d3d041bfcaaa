// The one app-wide store: the engine's AppState (fetched at start, then pushed), the running job's
// progress, the finished jobs' outcomes, and where the user is. Components read it through
// useSyncExternalStore, so a pushed event re-renders exactly what depends on it.
import type { AppState, JobOutcome, JobView } from "../../../shared/app-types.js";
import type { RestoreSelection } from "./restore-selection.js";
import { call, errorText } from "../lib/api.js";

export type Screen = "dashboard" | "accounts" | "vault" | "browse" | "restore" | "history" | "settings";

export interface StoreState {
  app: AppState | null;
  loadError: string | null;
  /** Latest progress per job id. */
  jobs: Record<string, JobView>;
  /** Outcomes of jobs that finished while the app was open, newest last. */
  outcomes: Record<string, JobOutcome>;
  screen: Screen;
  /** True while the first-run steps after creating the archive are still on screen. */
  onboarding: boolean;
  /** What "Restore this…" in Browse handed to the wizard. */
  restoreSelection: RestoreSelection | null;
}

let state: StoreState = { app: null, loadError: null, jobs: {}, outcomes: {}, screen: "dashboard", onboarding: false, restoreSelection: null };
const subscribers = new Set<() => void>();

export function getState(): StoreState {
  return state;
}

export function setState(patch: Partial<StoreState>): void {
  state = { ...state, ...patch };
  for (const s of subscribers) s();
}

export function subscribe(fn: () => void): () => void {
  subscribers.add(fn);
  return () => subscribers.delete(fn);
}

export function setAppState(app: AppState): void {
  const jobs = app.job ? { ...state.jobs, [app.job.id]: app.job } : state.jobs;
  // A first run stays on its steps (recovery key, add accounts) after the archive exists.
  const onboarding = state.onboarding || app.archive.status === "none";
  setState({ app, jobs, onboarding });
}

export function navigate(screen: Screen): void {
  setState({ screen });
}

let started = false;

export function startStore(): void {
  if (started) return;
  started = true;
  const api = window.lifeboat;
  api.on("state", (s) => setAppState(s));
  api.on("job-progress", (j) => setState({ jobs: { ...state.jobs, [j.id]: j } }));
  api.on("job-finished", (o) => setState({ outcomes: { ...state.outcomes, [o.id]: o } }));
  void refreshState();
}

export async function refreshState(): Promise<void> {
  try {
    setAppState(await call("app:get-state", {}));
    setState({ loadError: null });
  } catch (e) {
    setState({ loadError: errorText(e) });
  }
}
