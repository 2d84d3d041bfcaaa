// Process boundaries are enforced here, Signal-Desktop style: the engine and the CLI run in plain
// Node and must never load Electron; the renderer runs in a sandboxed page and must never load Node
// built-ins or the engine; shared/ is imported by both, so it may use neither.
import js from "@eslint/js";
import tseslint from "typescript-eslint";

const nodeBuiltins = ["node:*", "fs", "fs/*", "path", "child_process", "crypto", "os", "net", "http", "https", "stream", "zlib", "worker_threads"];

export default tseslint.config(
  { ignores: ["dist/**", "node_modules/**", "out/**", "coverage/**"] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    files: ["**/*.ts", "**/*.tsx"],
    rules: {
      "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_", varsIgnorePattern: "^_" }],
      "@typescript-eslint/consistent-type-imports": "error",
    },
  },
  {
    files: ["electron/engine/**/*.ts", "electron/cli/**/*.ts", "electron/app-service/**/*.ts"],
    rules: {
      "no-restricted-imports": ["error", {
        paths: [{ name: "electron", message: "The engine and CLI run in plain Node: never import electron here." }],
        patterns: [
          { group: ["**/shell/**", "**/preload/**", "**/renderer/**"], message: "The engine must not depend on the app shell or the UI." },
        ],
      }],
    },
  },
  {
    files: ["renderer/**/*.ts", "renderer/**/*.tsx"],
    rules: {
      "no-restricted-imports": ["error", {
        paths: [{ name: "electron", message: "The renderer reaches the engine only through the preload's typed API." }],
        patterns: [
          { group: nodeBuiltins, message: "No Node built-ins in the renderer: it runs sandboxed." },
          { group: ["**/electron/**"], message: "The renderer must not import main-process code; use shared/ types and the preload API." },
        ],
      }],
    },
  },
  {
    files: ["shared/**/*.ts"],
    rules: {
      "no-restricted-imports": ["error", {
        paths: [{ name: "electron", message: "shared/ is used by both processes." }],
        patterns: [
          { group: nodeBuiltins, message: "shared/ is used by the renderer too: no Node built-ins." },
          { group: ["**/electron/**", "**/renderer/**"], message: "shared/ depends on nothing of the project." },
        ],
      }],
    },
  },
  // The Electron shell: only main.ts and preload.ts touch Electron at runtime; the decisions live in
  // pure modules that plain Node unit-tests (type imports from electron are fine there).
  {
    files: ["electron/shell/**/*.ts"],
    rules: {
      "no-restricted-imports": ["error", {
        patterns: [{ group: ["**/renderer/**"], message: "The shell must not depend on the UI's code." }],
      }],
    },
  },
  {
    files: ["electron/shell/security/**/*.ts", "electron/shell/ipc/**/*.ts", "electron/shell/engine-link/**/*.ts", "electron/shell/tray/**/*.ts", "electron/shell/engine-process.ts"],
    rules: {
      "no-restricted-imports": "off",
      "@typescript-eslint/no-restricted-imports": ["error", {
        paths: [{ name: "electron", allowTypeImports: true, message: "Pure shell modules (and the engine's utility process) run in plain Node: `import type` from electron only." }],
        patterns: [{ group: ["**/renderer/**"], message: "The shell must not depend on the UI's code." }],
      }],
    },
  },
  {
    files: ["electron/shell/preload.ts"],
    rules: {
      "no-restricted-imports": ["error", {
        patterns: [
          { group: nodeBuiltins, message: "The preload is sandboxed: no Node built-ins." },
          { group: ["**/engine/**", "**/app-service/**", "**/cli/**", "**/renderer/**", "./*"], message: "The preload may import electron and shared/ only (it is bundled into one sandboxed file)." },
        ],
      }],
    },
  },
);
