#!/usr/bin/env node
import { Command, CommanderError, Option } from "commander";
import { createRequire } from "node:module";
import { ExitCode } from "../../shared/archive-types.js";
import { LifeboatError } from "../engine/errors.js";
import { CliContext, type GlobalOptions } from "./cli-context.js";
import { registerAdd } from "./commands/add-command.js";
import { registerBackup } from "./commands/backup-command.js";
import { registerBitLocker } from "./commands/bitlocker-command.js";
import { registerDemo } from "./commands/demo-command.js";
import { registerKit } from "./commands/kit-command.js";
import { registerOtp } from "./commands/otp-command.js";
import { registerInit } from "./commands/init-command.js";
import { registerLs } from "./commands/ls-command.js";
import { registerPasswd } from "./commands/passwd-command.js";
import { registerPrune } from "./commands/prune-command.js";
import { registerHistory } from "./commands/history-command.js";
import { registerRestore } from "./commands/restore-command.js";
import { registerSchedule } from "./commands/schedule-command.js";
import { registerStatus } from "./commands/status-command.js";
import { registerSnapshots } from "./commands/snapshots-command.js";
import { registerSources } from "./commands/sources-command.js";
import { registerVerify } from "./commands/verify-command.js";

const pkg = createRequire(import.meta.url)("../../../package.json") as { version: string };

export function buildProgram(): Command {
  const program = new Command("lifeboat")
    .description("Keeps a complete, encrypted copy of your accounts and folders on your own disk.")
    .version(pkg.version)
    .addOption(new Option("--archive <dir>", "the archive folder (or LIFEBOAT_ARCHIVE; default: the one `init` created)"))
    .addOption(new Option("--passphrase-file <file>", "read the passphrase from FILE (or LIFEBOAT_PASSPHRASE)"))
    .addOption(new Option("--recovery-key-file <file>", "unlock with the recovery key in FILE instead of the passphrase"))
    .addOption(new Option("--remember", "keep the unlocked archive key in the OS keychain for unattended runs"))
    .addOption(new Option("--json", "print the result as one JSON document on stdout"))
    .addOption(new Option("--json-events", "print progress events and the result as JSON lines on stdout"))
    .addOption(new Option("--no-progress", "no progress bar"))
    .addOption(new Option("--debug", "show stack traces on errors"))
    .showHelpAfterError("(run `lifeboat --help` for usage)")
    .exitOverride();
  const ctx = (): CliContext => new CliContext(program.opts<GlobalOptions>());
  registerInit(program, ctx);
  registerAdd(program, ctx);
  registerSources(program, ctx);
  registerStatus(program, ctx);
  registerBackup(program, ctx);
  registerSnapshots(program, ctx);
  registerLs(program, ctx);
  registerRestore(program, ctx);
  registerVerify(program, ctx);
  registerPrune(program, ctx);
  registerPasswd(program, ctx);
  registerOtp(program, ctx);
  registerBitLocker(program, ctx);
  registerKit(program, ctx);
  registerSchedule(program, ctx);
  registerHistory(program, ctx);
  registerDemo(program, ctx);
  return program;
}

export async function main(argv: string[]): Promise<number> {
  const program = buildProgram();
  try {
    await program.parseAsync(argv);
    return typeof process.exitCode === "number" ? process.exitCode : ExitCode.ok;
  } catch (err) {
    if (err instanceof CommanderError) {
      // --help and --version end here too, with exit code 0.
      if (err.exitCode === 0) return ExitCode.ok;
      // Commander already printed the message to stderr; scripts asking for JSON get it on stdout too.
      const { json, jsonEvents } = program.opts<GlobalOptions>();
      if (json || jsonEvents) {
        const body = { error: { code: "usage", message: err.message.replace(/^error: /, ""), exitCode: ExitCode.usage } };
        process.stdout.write(JSON.stringify(jsonEvents ? { type: "error", ...body } : body) + "\n");
      }
      return ExitCode.usage;
    }
    const opts = program.opts<GlobalOptions>();
    const e = err as Error;
    const code = err instanceof LifeboatError ? err.exitCode : ExitCode.failed;
    if (opts.json || opts.jsonEvents) {
      const body = { error: { code: err instanceof LifeboatError ? err.code : "internal", message: e.message, exitCode: code } };
      process.stdout.write(JSON.stringify(opts.jsonEvents ? { type: "error", ...body } : body) + "\n");
    }
    process.stderr.write(`lifeboat: ${e.message}\n`);
    if (opts.debug && e.stack) process.stderr.write(e.stack + "\n");
    else if (!(err instanceof LifeboatError)) process.stderr.write("(this looks like a bug; run again with --debug for details)\n");
    return code;
  }
}

process.exitCode = await main(process.argv);
