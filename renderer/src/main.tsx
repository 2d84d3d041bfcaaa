import { StrictMode } from "react";
import { createRoot } from "react-dom/client";
import { App } from "./app.js";
import { startStore } from "./state/store.js";
import "./styles/base.css";
import "./styles/layout.css";
import "./styles/components.css";
import "./styles/screens.css";

async function boot(): Promise<void> {
  // The browser build for tests gets its API from a WebSocket; the app's comes from the preload.
  if (import.meta.env.MODE === "bridge") {
    const { installBridge } = await import("./dev-bridge/bridge-client.js");
    installBridge();
  }
  startStore();
  createRoot(document.getElementById("root")!).render(
    <StrictMode>
      <App />
    </StrictMode>,
  );
}

void boot();
