import os from "node:os";
import path from "node:path";

/** Lifeboat's state folder: LIFEBOAT_HOME, or the OS's usual place for app data. */
export function appHome(env: NodeJS.ProcessEnv = process.env): string {
  if (env.LIFEBOAT_HOME) return path.resolve(env.LIFEBOAT_HOME);
  const home = os.homedir();
  switch (process.platform) {
    case "win32":
      return path.join(env.APPDATA ?? path.join(home, "AppData", "Roaming"), "Lifeboat");
    case "darwin":
      return path.join(home, "Library", "Application Support", "Lifeboat");
    default:
      return path.join(env.XDG_CONFIG_HOME ?? path.join(home, ".config"), "lifeboat");
  }
}

export function defaultArchiveDir(): string {
  return path.join(os.homedir(), "Lifeboat Archive");
}
