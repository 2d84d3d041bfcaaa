/** The CLI arguments after `--headless`, or null when the app was not started headless (see headless-cli.ts). */
export function headlessArgs(argv: readonly string[]): string[] | null {
  const i = argv.indexOf("--headless");
  return i < 0 ? null : argv.slice(i + 1);
}
