/**
 * The keychain entry that remembers an archive's key (`--remember`, the app's "Remember on this
 * computer"): one name for the CLI, the app and headless scheduled runs, which must all find it.
 */
export function archiveKeyAccount(recipient: string): string {
  return `archive-identity:${recipient}`;
}
