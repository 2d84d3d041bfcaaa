import path from "node:path";

/** What the OS scheduler runs, and with which (non-secret) environment. */
export interface HeadlessSpec {
  /** argv: the program (absolute) and its arguments. */
  command: string[];
  /** Environment the run needs to find its state (LIFEBOAT_HOME...). Never secrets. */
  env: Record<string, string>;
}

/** Environment variables worth carrying into the scheduled run; nothing else (certainly no passphrase). */
const CARRIED_ENV = ["LIFEBOAT_HOME"] as const;

/**
 * The headless backup command for an archive: the absolute Node binary and CLI script (a
 * development or npm install), or the packaged app's own binary with `--headless` (the app's fuses
 * forbid ELECTRON_RUN_AS_NODE, so the packaged app runs the CLI through its normal startup).
 */
export function headlessSpec(archivePath: string, opts: { execPath?: string; cliScript?: string | null; env?: NodeJS.ProcessEnv } = {}): HeadlessSpec {
  const execPath = opts.execPath ?? process.execPath;
  const cli = opts.cliScript === undefined ? process.argv[1] : opts.cliScript;
  // Already absolute (for this OS or, when rendering a task for Windows elsewhere, for that one): as is.
  const absolute = (p: string): string => (path.isAbsolute(p) || path.win32.isAbsolute(p) ? p : path.resolve(p));
  const args = ["backup", "--scheduled", "--archive", absolute(archivePath)];
  const command = cli ? [execPath, absolute(cli), ...args] : [execPath, "--headless", ...args];
  const env: Record<string, string> = {};
  const source = opts.env ?? process.env;
  for (const k of CARRIED_ENV) if (source[k]) env[k] = source[k]!;
  return { command, env };
}

/** The command as one line a person can read (and paste into a shell). */
export function displayCommand(argv: string[]): string {
  return argv.map((a) => (/^[\w@%+=:,./-]+$/.test(a) ? a : `'${a.replace(/'/g, `'\\''`)}'`)).join(" ");
}
