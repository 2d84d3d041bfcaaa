import type { WebPreferences } from "electron";

/**
 * The values the window's security-relevant webPreferences must have. main.ts spells its
 * webPreferences out as a literal (so Electronegativity, which reads the source, sees them too)
 * and refuses to open a window whose preferences differ from these (webPreferencesProblems).
 */
export const REQUIRED_WEB_PREFERENCES = {
  contextIsolation: true,
  sandbox: true,
  nodeIntegration: false,
  nodeIntegrationInWorker: false,
  nodeIntegrationInSubFrames: false,
  webSecurity: true,
  allowRunningInsecureContent: false,
  experimentalFeatures: false,
  webviewTag: false,
  navigateOnDragDrop: false,
  spellcheck: false,
  // Middle-click (auxclick) could open links in new windows behind the open handler's back.
  disableBlinkFeatures: "Auxclick",
} as const satisfies WebPreferences;

/** What is wrong with `prefs` (empty when they are locked down): a missing key counts as wrong. */
export function webPreferencesProblems(prefs: WebPreferences): string[] {
  const problems: string[] = [];
  for (const [key, want] of Object.entries(REQUIRED_WEB_PREFERENCES)) {
    const got = (prefs as Record<string, unknown>)[key];
    if (got !== want) problems.push(`${key} must be ${JSON.stringify(want)}, not ${JSON.stringify(got)}`);
  }
  if (prefs.enableBlinkFeatures !== undefined && prefs.enableBlinkFeatures !== "") problems.push("enableBlinkFeatures must not be set");
  if (typeof prefs.preload !== "string" || !/\.cjs$/.test(prefs.preload)) problems.push("preload must be the bundled CommonJS preload (.cjs)");
  if ((prefs as Record<string, unknown>)["additionalArguments"] !== undefined) problems.push("additionalArguments must not be set");
  return problems;
}
