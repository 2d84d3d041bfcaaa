/**
 * The engine's process: an Electron utilityProcess (plain Node, no window, no Electron API used)
 * running the app service. Keeping it out of main means a slow backup never blocks the window and
 * a crash in the engine is survived: main answers what was open and starts a new one. Started with
 * `--headless …` it runs the CLI instead (the OS scheduler's backups while the app is closed).
 */
import { setWorkerScript } from "../engine/worker-script.js";
import { runEngine } from "./engine-link/engine-main.js";
import { headlessArgs, runHeadless } from "./headless-cli.js";

// In the bundle the worker is its own entry beside this file (electron.vite.config.ts), not beside
// worker-script.ts.
setWorkerScript(new URL("./engine-worker.js", import.meta.url));

const headless = headlessArgs(process.argv);
const run: Promise<number> = headless ? runHeadless(headless) : runEngine(process.parentPort).then(() => 0);
run.then(
  (code) => process.exit(code),
  (err: unknown) => {
    console.error("Lifeboat engine failed:", err);
    process.exit(1);
  },
);
