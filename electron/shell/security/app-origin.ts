/**
 * The renderer's home: a privileged custom scheme instead of file:// (Electron security checklist
 * item 18), so the page is an origin of its own and reads no file it was not served.
 */
export const APP_SCHEME = "app";
export const APP_HOST = "lifeboat";
/** The origin the window's main frame must have for its IPC to be accepted. */
export const APP_ORIGIN = `${APP_SCHEME}://${APP_HOST}`;
/** What the window loads. */
export const APP_START_URL = `${APP_ORIGIN}/index.html`;
