import type { Screen } from "../state/store.js";
import { navigate } from "../state/store.js";
import { useStore } from "../state/use-store.js";

const ITEMS: Array<{ screen: Screen; label: string }> = [
  { screen: "dashboard", label: "Dashboard" },
  { screen: "accounts", label: "Accounts" },
  { screen: "vault", label: "Vault" },
  { screen: "browse", label: "Browse" },
  { screen: "restore", label: "Restore" },
  { screen: "history", label: "History" },
  { screen: "settings", label: "Settings" },
];

export function Sidebar() {
  const screen = useStore((s) => s.screen);
  return (
    <nav className="sidebar" aria-label="Main">
      <div className="brand" aria-hidden="true">
        Lifeboat
      </div>
      <ul>
        {ITEMS.map((i) => (
          <li key={i.screen}>
            <button type="button" className="nav-link" aria-current={screen === i.screen ? "page" : undefined} onClick={() => navigate(i.screen)}>
              {i.label}
            </button>
          </li>
        ))}
      </ul>
    </nav>
  );
}
