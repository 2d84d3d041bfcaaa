// "Start Lifeboat when I log in" on Linux: Electron's setLoginItemSettings does nothing there
// (electron/electron#15198), so the app writes a freedesktop autostart entry itself
// (specifications.freedesktop.org/autostart-spec): $XDG_CONFIG_HOME/autostart/lifeboat.desktop.
import { promises as fsp } from "node:fs";
import os from "node:os";
import path from "node:path";

export const AUTOSTART_FILE_NAME = "lifeboat.desktop";
/** The argument that starts the app in the tray, without a window. */
export const HIDDEN_ARG = "--hidden";

/** $XDG_CONFIG_HOME (default ~/.config) and $XDG_CONFIG_DIRS (default /etc/xdg), as the spec reads them. */
export function xdgDirs(env: NodeJS.ProcessEnv, home = os.homedir()): { user: string; system: string[] } {
  const user = env.XDG_CONFIG_HOME && path.isAbsolute(env.XDG_CONFIG_HOME) ? env.XDG_CONFIG_HOME : path.join(home, ".config");
  const system = (env.XDG_CONFIG_DIRS || "/etc/xdg").split(":").filter((d) => path.isAbsolute(d));
  return { user: path.join(user, "autostart"), system: system.map((d) => path.join(d, "autostart")) };
}

/**
 * One Exec argument quoted per the Desktop Entry spec: arguments with reserved characters go in
 * double quotes, inside which `"`, `` ` ``, `$` and `\` are backslash-escaped; a literal `%` is `%%`.
 */
export function quoteExecArg(arg: string): string {
  const percent = arg.replace(/%/g, "%%");
  if (percent !== "" && !/[\s"'\\><~|&;$*?#()`=]/.test(percent)) return percent;
  return `"${percent.replace(/(["`$\\])/g, "\\$1")}"`;
}

/** The entry's text: the program (absolute), its arguments, and --hidden so it starts in the tray. */
export function renderAutostartEntry(command: string[]): string {
  if (command.length === 0 || !path.isAbsolute(command[0]!)) throw new Error("The autostart command must start with an absolute program path.");
  const args = command.includes(HIDDEN_ARG) ? command : [...command, HIDDEN_ARG];
  return [
    "[Desktop Entry]",
    "Type=Application",
    "Version=1.0",
    "Name=Lifeboat",
    "Comment=Keeps the encrypted copy of your accounts up to date",
    `Exec=${args.map(quoteExecArg).join(" ")}`,
    "Icon=lifeboat",
    "Terminal=false",
    "Categories=Utility;Archiving;",
    "X-GNOME-Autostart-enabled=true",
    "",
  ].join("\n");
}

/** The keys of the [Desktop Entry] group (enough of the format for Hidden and the GNOME switch). */
export function parseDesktopEntry(text: string): Map<string, string> {
  const keys = new Map<string, string>();
  let inGroup = false;
  for (const raw of text.split(/\r?\n/)) {
    const line = raw.trim();
    if (line.startsWith("[")) {
      inGroup = line === "[Desktop Entry]";
      continue;
    }
    if (!inGroup || line === "" || line.startsWith("#")) continue;
    const eq = line.indexOf("=");
    if (eq > 0) keys.set(line.slice(0, eq).trim(), line.slice(eq + 1).trim());
  }
  return keys;
}

/** Whether an entry, as a session manager reads it, starts the program. */
export function entryStarts(text: string): boolean {
  const keys = parseDesktopEntry(text);
  return keys.get("Hidden") !== "true" && keys.get("X-GNOME-Autostart-enabled") !== "false";
}

async function readOrNull(file: string): Promise<string | null> {
  try {
    return await fsp.readFile(file, "utf8");
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === "ENOENT") return null;
    throw err;
  }
}

export interface AutostartStatus {
  enabled: boolean;
  /** The user's entry (whether it exists or not). */
  file: string;
}

/**
 * Whether Lifeboat starts at login: the user's entry wins over one of the same name in the system
 * directories (the spec's rule), and an entry with Hidden=true counts as absent.
 */
export async function readAutostart(env: NodeJS.ProcessEnv, home = os.homedir()): Promise<AutostartStatus> {
  const dirs = xdgDirs(env, home);
  const file = path.join(dirs.user, AUTOSTART_FILE_NAME);
  const own = await readOrNull(file);
  if (own !== null) return { enabled: entryStarts(own), file };
  for (const dir of dirs.system) {
    const text = await readOrNull(path.join(dir, AUTOSTART_FILE_NAME));
    if (text !== null) return { enabled: entryStarts(text), file };
  }
  return { enabled: false, file };
}

/**
 * Turns autostart on (writes the user's entry) or off: removes the user's entry, or, when a
 * system-wide entry of the same name would then start the app anyway, writes Hidden=true over it.
 */
export async function writeAutostart(enabled: boolean, command: string[], env: NodeJS.ProcessEnv, home = os.homedir()): Promise<AutostartStatus> {
  const dirs = xdgDirs(env, home);
  const file = path.join(dirs.user, AUTOSTART_FILE_NAME);
  if (enabled) {
    await fsp.mkdir(dirs.user, { recursive: true });
    const tmp = `${file}.${process.pid}.tmp`;
    await fsp.writeFile(tmp, renderAutostartEntry(command), { mode: 0o644 });
    await fsp.rename(tmp, file);
    return readAutostart(env, home);
  }
  await fsp.rm(file, { force: true });
  const after = await readAutostart(env, home);
  if (after.enabled) {
    await fsp.mkdir(dirs.user, { recursive: true });
    await fsp.writeFile(file, "[Desktop Entry]\nType=Application\nName=Lifeboat\nHidden=true\n", { mode: 0o644 });
  }
  return readAutostart(env, home);
}
