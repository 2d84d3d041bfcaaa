import { existsSync } from "node:fs";
import { resolve } from "node:path";
import { defineConfig } from "electron-vite";
import react from "@vitejs/plugin-react";

/**
 * The packaged app's build (`npm run build:app`, offline: no Electron binary needed).
 * - main: three entries in one ESM bundle folder, out/main/main.js (the main process),
 *   out/main/engine-process.js (the engine's utilityProcess) and out/main/engine-worker.js (the
 *   engine's worker threads, which the engine points worker-script.ts at). Project code is bundled; electron,
 *   Node built-ins and the npm dependencies (native @napi-rs/keyring, sodium-native, wasm
 *   packages) stay external and load from node_modules in the asar.
 * - preload: ONE CommonJS file, out/preload/preload.cjs, with everything it uses inlined: a
 *   sandboxed preload can require nothing but electron (and a few polyfilled built-ins). The
 *   contract module it imports brings zod along (~170 kB, loaded once per window); zod's own
 *   top-level registries keep it from being tree-shaken.
 * - renderer: renderer/index.html in production mode, which leaves the test bridge out.
 */
const root = import.meta.dirname;
// LIFEBOAT_APP_OUT builds elsewhere (the tooling test builds into a temp folder, not over out/).
const out = resolve(root, process.env.LIFEBOAT_APP_OUT ?? "out");
const rendererEntry = resolve(root, "renderer/index.html");

export default defineConfig({
  main: {
    build: {
      outDir: resolve(out, "main"),
      externalizeDeps: true,
      sourcemap: true,
      rolldownOptions: {
        input: {
          main: resolve(root, "electron/shell/main.ts"),
          "engine-process": resolve(root, "electron/shell/engine-process.ts"),
          // The engine's worker threads (backup content, pack hashing, restore) run this file (worker-script.ts).
          "engine-worker": resolve(root, "electron/engine/engine-worker.ts"),
        },
        output: { format: "es", entryFileNames: "[name].js", chunkFileNames: "chunks/[name]-[hash].js" },
      },
    },
  },
  preload: {
    build: {
      outDir: resolve(out, "preload"),
      externalizeDeps: false,
      isolatedEntries: true,
      rolldownOptions: {
        input: { preload: resolve(root, "electron/shell/preload.ts") },
        output: { format: "cjs", entryFileNames: "[name].cjs", inlineDynamicImports: true },
      },
    },
  },
  // Until the renderer exists, main and preload still build.
  renderer: existsSync(rendererEntry) ? {
    root: resolve(root, "renderer"),
    plugins: [react()],
    build: {
      outDir: resolve(out, "renderer"),
      emptyOutDir: true,
      // No inline <script> or data: scripts: the CSP allows only 'self'.
      assetsInlineLimit: 0,
      modulePreload: { polyfill: false },
      rolldownOptions: {
        input: { index: rendererEntry },
      },
    },
  } : undefined,
});
