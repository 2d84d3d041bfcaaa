// Runs the engine process's code (runEngine) in a plain Node child process, with Node's IPC
// channel standing in for Electron's process.parentPort, so the main-side EngineLink can be
// tested against the real app service in a real, killable process.
import { runEngine } from "../../../electron/shell/engine-link/engine-main.js";

runEngine({
  on: (_event, listener) => process.on("message", (data) => listener({ data })),
  postMessage: (message) => process.send?.(message),
}).then(
  () => process.exit(0),
  (err: unknown) => {
    console.error(err);
    process.exit(1);
  },
);
