import type { WebPreferences } from "electron";

/**
 * The window's webPreferences, every security-relevant one spelled out even where it is Electron's
 * default, so a future default change or a stray edit cannot loosen them silently.
 */
export function secureWebPreferences(preloadPath: string, opts: { devTools: boolean }): WebPreferences {
  return {
    preload: preloadPath,
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
    safeDialogs: true,
    disableBlinkFeatures: "Auxclick",
    // Off in the packaged app: nobody should be talked into pasting script into a console there.
    devTools: opts.devTools,
  };
}
