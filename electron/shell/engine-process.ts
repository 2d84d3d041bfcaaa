/**
 * The engine's process: an Electron utilityProcess (plain Node, no window, no Electron API used)
 * running the app service. Keeping it out of main means a slow backup never blocks the window and
 * a crash in the engine is survived: main answers what was open and starts a new one.
 */
import { runEngine } from "./engine-link/engine-main.js";

runEngine(process.parentPort).then(
  () => process.exit(0),
  (err: unknown) => {
    console.error("Lifeboat engine failed:", err);
    process.exit(1);
  },
);
