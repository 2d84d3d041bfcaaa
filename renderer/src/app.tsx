import { useEffect, useRef } from "react";
import { Sidebar } from "./components/sidebar.js";
import { AccountsScreen } from "./screens/accounts.js";
import { BrowseScreen } from "./screens/browse.js";
import { DashboardScreen } from "./screens/dashboard.js";
import { FirstRunScreen } from "./screens/first-run.js";
import { HistoryScreen } from "./screens/history.js";
import { RestoreScreen } from "./screens/restore-wizard.js";
import { SettingsScreen } from "./screens/settings.js";
import { UnlockScreen } from "./screens/unlock.js";
import { VaultScreen } from "./screens/vault.js";
import { refreshState, type Screen } from "./state/store.js";
import { useStore } from "./state/use-store.js";

const SCREENS: Record<Screen, () => React.JSX.Element> = {
  dashboard: DashboardScreen,
  accounts: AccountsScreen,
  vault: VaultScreen,
  browse: BrowseScreen,
  restore: RestoreScreen,
  history: HistoryScreen,
  settings: SettingsScreen,
};

export function App() {
  const app = useStore((s) => s.app);
  const loadError = useStore((s) => s.loadError);
  const onboarding = useStore((s) => s.onboarding);
  const screen = useStore((s) => s.screen);
  const mainRef = useRef<HTMLElement>(null);
  // Moving between screens puts the keyboard focus on the new screen's content.
  useEffect(() => {
    mainRef.current?.focus();
  }, [screen]);

  if (!app) {
    return (
      <main className="centered" id="main">
        <h1>Lifeboat</h1>
        {loadError ? (
          <>
            <p role="alert">{loadError}</p>
            <button type="button" onClick={() => void refreshState()}>
              Try again
            </button>
          </>
        ) : (
          <p role="status">Starting…</p>
        )}
      </main>
    );
  }
  const status = app.archive.status;
  if (status === "none" || (onboarding && status === "unlocked")) return <FirstRunScreen />;
  if (status === "locked") return <UnlockScreen />;
  const Current = SCREENS[screen];
  return (
    <div className="shell">
      <Sidebar />
      <main className="content" id="main" ref={mainRef} tabIndex={-1}>
        <Current />
      </main>
    </div>
  );
}
