// The browser build of the UI for the test bridge (`npm run build:ui`, mode "bridge"): the same
// renderer the app ships, plus the WebSocket client that stands in for the Electron preload. Paths
// are relative to the repository root, where the npm scripts run, so this file needs no Node APIs.
import react from "@vitejs/plugin-react";
import { defineConfig } from "vite";

export default defineConfig({
  root: "renderer",
  base: "./",
  plugins: [react()],
  build: {
    outDir: "../dist/ui-bridge",
    emptyOutDir: true,
    // No inline scripts or data: modules: the CSP allows script-src 'self' only.
    assetsInlineLimit: 0,
    modulePreload: { polyfill: false },
    sourcemap: true,
  },
});
