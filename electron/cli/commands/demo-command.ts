import type { Command } from "commander";
import type { CliContext } from "../cli-context.js";

export function registerDemo(program: Command, ctx: () => CliContext): void {
  program
    .command("demo")
    .description("start the Microsoft emulators with the built-in demo accounts (or --seed DIR), sign in through their sign-in page, back everything up, change a few things, back up again, verify, restore and compare")
    .option("--seed <dir>", "an emulator seed folder (DIR/microsoft/<address>/...) instead of the built-in demo accounts")
    .action(async (o: { seed?: string }) => {
      // Loaded here: the emulators (and the libraries they use) are only for the demo.
      const { runDemo } = await import("../demo/run-demo.js");
      await runDemo(ctx(), o);
    });
}
