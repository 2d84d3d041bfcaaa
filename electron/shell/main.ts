/**
 * The Electron main process (composition root). It owns the window, the tray and the OS-facing
 * bits; every decision about what is allowed lives in the pure modules beside it (security/, ipc/,
 * engine-link/, tray/), which are unit-tested in plain Node. The engine runs in a utilityProcess.
 */
import { readFile } from "node:fs/promises";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { BrowserWindow, Menu, Notification, Tray, app, dialog, ipcMain, nativeImage, powerMonitor, powerSaveBlocker, protocol, session, shell, utilityProcess } from "electron";
import type { WebContents } from "electron";
import { IPC_INVOKE, ipcEventChannel } from "../../shared/app-api.js";
import { SettingsStore } from "../engine/settings/settings-store.js";
import { EngineLink } from "./engine-link/engine-link.js";
import { createInvokeHandler } from "./ipc/invoke-handler.js";
import type { MainHandlers } from "./ipc/invoke-handler.js";
import { APP_HOST, APP_SCHEME, APP_START_URL } from "./security/app-origin.js";
import { mimeTypeOf, resolveAppPath } from "./security/app-protocol-path.js";
import { configuredAuthorities } from "./security/configured-authorities.js";
import { APP_RESPONSE_HEADERS } from "./security/content-security-policy.js";
import { isAllowedExternalUrl } from "./security/external-url-policy.js";
import { isAllowedFrameNavigation, isAllowedRendererRequest } from "./security/navigation-policy.js";
import { checkSender } from "./security/trusted-sender.js";
import { webPreferencesProblems } from "./security/web-preferences.js";
import type { AutostartView } from "../../shared/app-types.js";
import type { PowerEvent } from "../app-service/app-service-host.js";
import { HIDDEN_ARG, readAutostart, writeAutostart } from "./autostart/xdg-autostart.js";
import { headlessArgs } from "./headless-args.js";
import { backupRunning, canBackUpNow, trayStatusLine } from "./tray/tray-status.js";
import { inWords, trayState, type TrayIconState } from "./tray/tray-state.js";

const here = path.dirname(fileURLToPath(import.meta.url));
const RENDERER_DIR = path.join(here, "../renderer");
const PRELOAD = path.join(here, "../preload/preload.cjs");
const ENGINE_ENTRY = path.join(here, "engine-process.js");

let win: BrowserWindow | null = null;
let tray: Tray | null = null;
let quitting = false;
let blockerId: number | null = null;

// Every renderer sandboxed, whatever a window asks for.
app.enableSandbox();

protocol.registerSchemesAsPrivileged([{ scheme: APP_SCHEME, privileges: { standard: true, secure: true, supportFetchAPI: true, codeCache: true } }]);

const headless = headlessArgs(process.argv);
if (headless) {
  // Started by the OS scheduler while the app is closed: the CLI in the engine's process, no window
  // and no single-instance lock (a running app has its own scheduler; the archive's writer lock
  // keeps the two from writing at once).
  void app.whenReady().then(() => {
    const child = utilityProcess.fork(ENGINE_ENTRY, ["--headless", ...headless], { serviceName: "Lifeboat headless backup", stdio: "inherit" });
    child.on("exit", (code) => app.exit(code));
  });
} else if (!app.requestSingleInstanceLock()) {
  app.quit();
} else {
  // A second launch (e.g. from the menu while the app sits in the tray) brings the window back.
  app.on("second-instance", () => {
    if (app.isReady()) showWindow();
  });
  app.on("web-contents-created", (_e, contents) => lockDown(contents));
  void app.whenReady().then(start);
}

/** Navigation, popups and webviews: none, for every WebContents the app ever gets. */
function lockDown(contents: WebContents): void {
  contents.on("will-navigate", (e) => e.preventDefault());
  contents.on("will-frame-navigate", (e) => {
    if (!isAllowedFrameNavigation(e.url, e.isMainFrame)) e.preventDefault();
  });
  contents.on("will-redirect", (e) => e.preventDefault());
  contents.on("will-attach-webview", (e) => e.preventDefault());
  contents.setWindowOpenHandler(({ url }) => {
    void openExternalIfAllowed(url);
    return { action: "deny" };
  });
}

async function authorities(): Promise<string[]> {
  const settings = await new SettingsStore().load().catch(() => null);
  return configuredAuthorities(settings, process.env);
}

/** Opens `url` in the system browser when the allowlist takes it; false otherwise. */
async function openExternalIfAllowed(url: string): Promise<boolean> {
  if (!isAllowedExternalUrl(url, await authorities())) {
    console.warn(`Refused to open a link outside the allowlist: ${url.slice(0, 200)}`);
    return false;
  }
  await shell.openExternal(new URL(url).toString(), { activate: true });
  return true;
}

async function serveApp(request: Request): Promise<Response> {
  const file = resolveAppPath(request.url, RENDERER_DIR);
  if (!file) return new Response("Not found", { status: 404, headers: APP_RESPONSE_HEADERS });
  try {
    const body = await readFile(file);
    return new Response(body, { status: 200, headers: { ...APP_RESPONSE_HEADERS, "Content-Type": mimeTypeOf(file) } });
  } catch {
    return new Response("Not found", { status: 404, headers: APP_RESPONSE_HEADERS });
  }
}

function startEngine(): EngineLink {
  return new EngineLink({
    spawn: () => utilityProcess.fork(ENGINE_ENTRY, [], { serviceName: "Lifeboat engine", stdio: "inherit" }),
    onEvent: (event, payload) => {
      if (event === "state") refreshTray();
      if (win && !win.isDestroyed()) win.webContents.send(ipcEventChannel(event), payload);
    },
    onHostRequest: async (request) => {
      if (!(await openExternalIfAllowed(request.url))) throw new Error("This address is not one Lifeboat opens.");
    },
    onNotify: (title, body) => {
      if (Notification.isSupported()) new Notification({ title, body, silent: false }).show();
    },
    onCrash: (code, restarting) => console.error(`Lifeboat engine exited with code ${code}${restarting ? "; restarting it" : ""}`),
  });
}

const engine = startEngine();

function mainHandlers(): MainHandlers {
  return {
    "dialog:choose-folder": async (req) => {
      const options: Electron.OpenDialogOptions = { title: req.title, properties: ["openDirectory", "createDirectory"], ...(req.defaultPath ? { defaultPath: req.defaultPath } : {}) };
      const r = win ? await dialog.showOpenDialog(win, options) : await dialog.showOpenDialog(options);
      return { path: r.canceled ? null : (r.filePaths[0] ?? null) };
    },
    "dialog:save-file": async (req) => {
      // Only a file name is taken from the page; the folder starts at the user's documents.
      const options: Electron.SaveDialogOptions = { title: req.title, defaultPath: path.join(app.getPath("documents"), path.basename(req.defaultName)) };
      const r = win ? await dialog.showSaveDialog(win, options) : await dialog.showSaveDialog(options);
      return { path: r.canceled || !r.filePath ? null : r.filePath };
    },
    "app:open-external": async (req) => ({ opened: await openExternalIfAllowed(req.url) }),
    "app:get-autostart": () => getAutostart(),
    "app:set-autostart": (req) => setAutostart(req.enabled),
  };
}

/** The program a login starts: the AppImage when run from one, else this binary (plus the app path in development). */
function launchCommand(): string[] {
  if (process.env.APPIMAGE) return [process.env.APPIMAGE];
  return app.isPackaged ? [process.execPath] : [process.execPath, app.getAppPath()];
}

async function getAutostart(): Promise<AutostartView> {
  if (process.platform === "linux") {
    const s = await readAutostart(process.env);
    return { supported: true, enabled: s.enabled, detail: s.file };
  }
  if (process.platform === "darwin" || process.platform === "win32") {
    return { supported: true, enabled: app.getLoginItemSettings({ args: [HIDDEN_ARG] }).openAtLogin, detail: "Login item" };
  }
  return { supported: false, enabled: false, detail: `Not available on ${process.platform}.` };
}

async function setAutostart(enabled: boolean): Promise<AutostartView> {
  if (process.platform === "linux") {
    // setLoginItemSettings is a no-op on Linux: a freedesktop autostart entry instead.
    const s = await writeAutostart(enabled, launchCommand(), process.env);
    return { supported: true, enabled: s.enabled, detail: s.file };
  }
  if (process.platform === "darwin" || process.platform === "win32") {
    app.setLoginItemSettings({ openAtLogin: enabled, args: [HIDDEN_ARG] });
  }
  return getAutostart();
}

/** The window's options, unless their webPreferences are not locked down (then it throws). */
function lockedDown(options: Electron.BrowserWindowConstructorOptions): Electron.BrowserWindowConstructorOptions {
  const problems = webPreferencesProblems(options.webPreferences ?? {});
  if (problems.length > 0) throw new Error(`Refusing to open an insecure window: ${problems.join("; ")}`);
  return options;
}

function createWindow(): BrowserWindow {
  // Every security-relevant preference spelled out, even Electron's defaults, and checked before
  // the window exists (the literal stays inline so Electronegativity, reading the source, sees it).
  const w = new BrowserWindow(
    lockedDown({
      width: 1200,
      height: 800,
      minWidth: 800,
      minHeight: 560,
      show: false,
      title: "Lifeboat",
      backgroundColor: "#ffffff",
      webPreferences: {
        preload: PRELOAD,
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
        disableBlinkFeatures: "Auxclick",
        safeDialogs: true,
        // Off in the packaged app: nobody should be talked into pasting script into a console there.
        devTools: !app.isPackaged,
      },
    }),
  );
  w.once("ready-to-show", () => w.show());
  // Closing hides to the tray: scheduled backups go on. Quit is in the tray's menu.
  w.on("close", (e) => {
    if (!quitting) {
      e.preventDefault();
      w.hide();
    }
  });
  w.on("closed", () => {
    if (win === w) win = null;
  });
  void w.loadURL(APP_START_URL);
  return w;
}

function showWindow(): void {
  if (!win || win.isDestroyed()) win = createWindow();
  if (win.isMinimized()) win.restore();
  win.show();
  win.focus();
}

const trayIcons = new Map<TrayIconState, Electron.NativeImage>();
let shownIcon: TrayIconState | null = null;

/** The tray icon for a state: build/tray/<state>.png (packaged: resources/tray/), else the plain app icon. */
function trayIcon(state: TrayIconState): Electron.NativeImage {
  let icon = trayIcons.get(state);
  if (!icon) {
    const dir = app.isPackaged ? path.join(process.resourcesPath, "tray") : path.join(app.getAppPath(), "build/tray");
    icon = nativeImage.createFromPath(path.join(dir, `tray-${state}.png`));
    if (icon.isEmpty()) icon = nativeImage.createFromPath(app.isPackaged ? path.join(process.resourcesPath, "tray-icon.png") : path.join(app.getAppPath(), "build/icons/32x32.png"));
    trayIcons.set(state, icon);
  }
  return icon;
}

function refreshTray(): void {
  const state = engine.state;
  // Keep the machine awake while a backup runs (the screen may still sleep).
  if (backupRunning(state) && blockerId === null) blockerId = powerSaveBlocker.start("prevent-app-suspension");
  if (!backupRunning(state) && blockerId !== null) {
    powerSaveBlocker.stop(blockerId);
    blockerId = null;
  }
  if (!tray) return;
  const now = new Date();
  const status = trayStatusLine(state, now);
  const verdict = trayState(state);
  if (verdict.icon !== shownIcon) {
    tray.setImage(trayIcon(verdict.icon));
    shownIcon = verdict.icon;
  }
  const next = state?.nextRun ? `Next backup: ${inWords(state.nextRun, now)}` : null;
  tray.setToolTip([status, verdict.reason, next].filter(Boolean).join("\n"));
  if (win && !win.isDestroyed()) win.setProgressBar(state?.job?.totalItems ? Math.min(1, state.job.items / state.job.totalItems) : -1);
  tray.setContextMenu(
    Menu.buildFromTemplate([
      { label: status, enabled: false },
      ...(verdict.reason ? [{ label: verdict.reason, enabled: false }] : []),
      ...(next ? [{ label: next, enabled: false }] : []),
      { type: "separator" },
      { label: "Back up now", enabled: canBackUpNow(state), click: () => void engine.request("backup:start", {}) },
      { label: "Open Lifeboat", click: () => showWindow() },
      { type: "separator" },
      { label: "Quit", click: () => app.quit() },
    ]),
  );
}

function start(): void {
  const ses = session.defaultSession;
  ses.setPermissionRequestHandler((_wc, _permission, callback) => callback(false));
  ses.setPermissionCheckHandler(() => false);
  ses.setDevicePermissionHandler(() => false);
  // The UI needs no network: anything but app://, data: and blob: is cancelled before it leaves.
  ses.webRequest.onBeforeRequest((details, callback) => callback({ cancel: !isAllowedRendererRequest(details.url) }));
  protocol.handle(APP_SCHEME, serveApp);

  const handle = createInvokeHandler({
    checkSender: (event) => checkSender(event, win?.webContents ?? null),
    main: mainHandlers(),
    engine: (channel, request) => engine.request(channel, request),
    log: (m) => console.warn(m),
  });
  ipcMain.handle(IPC_INVOKE, (event, channel: unknown, request: unknown) => handle(event, channel, request));

  engine.start();
  watchPower();
  tray = new Tray(trayIcon("ok"));
  shownIcon = "ok";
  tray.on("click", () => showWindow());
  refreshTray();
  // Started at login (--hidden, or macOS's login item): stay in the tray until asked.
  const hidden = process.argv.includes(HIDDEN_ARG) || (process.platform === "darwin" && app.getLoginItemSettings().wasOpenedAtLogin);
  if (!hidden) win = createWindow();
  console.info(`Lifeboat serving ${APP_SCHEME}://${APP_HOST} from ${RENDERER_DIR}`);
}

/** The OS's power events, to the engine's scheduler: suspend checkpoints a run, resume catches up, battery pauses. */
function watchPower(): void {
  const send = (event: PowerEvent): void => engine.power(event, powerMonitor.isOnBatteryPower());
  for (const event of ["suspend", "resume", "on-battery", "on-ac"] as const) powerMonitor.on(event as "suspend", () => send(event));
  // The engine starts believing it runs on mains power; tell it the truth once it is up.
  send(powerMonitor.isOnBatteryPower() ? "on-battery" : "on-ac");
}

app.on("activate", () => {
  if (app.isReady()) showWindow();
});
// The tray keeps the app alive with no window.
app.on("window-all-closed", () => undefined);
app.on("before-quit", (e) => {
  quitting = true;
  if (!engine.running) return;
  // Let the engine checkpoint a running backup and close the archive first.
  e.preventDefault();
  const killer = setTimeout(() => engine.kill(), 20_000);
  void engine.stop().then(() => {
    clearTimeout(killer);
    app.quit();
  });
});
