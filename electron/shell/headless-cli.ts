/**
 * The packaged app's `--headless` mode: what the OS scheduler starts when the app is closed
 * (`Lifeboat --headless backup --scheduled --archive …`). The app's fuses forbid
 * ELECTRON_RUN_AS_NODE, so the CLI runs inside the engine's utility process instead: no window,
 * no tray, the CLI's own output and exit code.
 */

export { headlessArgs } from "./headless-args.js";

/** Runs the CLI with `args` in this process; resolves its exit code. */
export async function runHeadless(args: string[]): Promise<number> {
  // The CLI reads process.argv when it loads (as `node main.js …` would give it).
  process.argv = [process.argv[0]!, "lifeboat", ...args];
  await import("../cli/main.js");
  return typeof process.exitCode === "number" ? process.exitCode : 0;
}
