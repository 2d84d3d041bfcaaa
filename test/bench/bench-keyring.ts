// A private, unlocked Secret Service for the bench's Microsoft steps: the CLI keeps a Microsoft
// sign-in only in the OS keychain, and the bench must neither need the user's desktop session nor
// write into the user's own keyring. So, as test/run-tests.sh does for the tests: a D-Bus session
// bus of our own on a socket in the run folder, and GNOME Keyring on it with a "login" collection
// created unlocked from a password on stdin. Both processes are ours and stopped by their pids.
// The bus has no service activation: if our keyring dies, a keychain call fails at once instead of
// starting a second, locked keyring daemon and waiting forever for its unlock prompt.
import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { closeSync, openSync } from "node:fs";
import { chmod, mkdir, readFile, writeFile } from "node:fs/promises";
import path from "node:path";

const PASSWORD = "lifeboat-bench-keyring";
const LOGIN = "/org/freedesktop/secrets/collection/login";

export interface PrivateKeyring {
  /** What a child needs to reach the keyring (the bus address). */
  env: Record<string, string>;
  /** Throws, with the keyring's log, if the keyring daemon is no longer running. */
  check(): Promise<void>;
  stop(): Promise<void>;
}

/** Why a private keyring cannot be started here (a missing command), or null when it can. */
export function keyringUnavailable(): string | null {
  const missing = ["dbus-daemon", "dbus-send", "gnome-keyring-daemon"].filter((cmd) => spawnSync("sh", ["-c", `command -v ${cmd}`], { stdio: "ignore" }).status !== 0);
  return missing.length ? `missing ${missing.join(", ")} (sh test/setup-debian.sh installs them)` : null;
}

function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    child.once("exit", () => resolve());
    child.kill("SIGTERM");
  });
}

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

export async function startPrivateKeyring(dir: string): Promise<PrivateKeyring> {
  const xdg = { XDG_DATA_HOME: path.join(dir, "data"), XDG_CONFIG_HOME: path.join(dir, "config"), XDG_CACHE_HOME: path.join(dir, "cache"), XDG_RUNTIME_DIR: path.join(dir, "run") };
  for (const d of Object.values(xdg)) await mkdir(d, { recursive: true });
  await chmod(xdg.XDG_RUNTIME_DIR, 0o700);
  const address = `unix:path=${path.join(xdg.XDG_RUNTIME_DIR, "bus")}`;
  const base: NodeJS.ProcessEnv = { ...process.env, ...xdg, DBUS_SESSION_BUS_ADDRESS: address };
  // No display: an unlock prompt must fail instead of popping up on a desktop.
  for (const k of ["DISPLAY", "WAYLAND_DISPLAY", "GNOME_KEYRING_CONTROL", "SSH_AUTH_SOCK"]) delete base[k];

  // The session bus's usual policy, without <standard_session_servicedirs/> (no activation).
  const config = path.join(dir, "bus.conf");
  await writeFile(
    config,
    [
      '<!DOCTYPE busconfig PUBLIC "-//freedesktop//DTD D-Bus Bus Configuration 1.0//EN" "http://www.freedesktop.org/standards/dbus/1.0/busconfig.dtd">',
      "<busconfig>",
      "  <type>session</type>",
      `  <listen>${address}</listen>`,
      '  <policy context="default"><allow send_destination="*" eavesdrop="true"/><allow eavesdrop="true"/><allow own="*"/></policy>',
      "</busconfig>",
      "",
    ].join("\n"),
  );
  const bus = spawn("dbus-daemon", [`--config-file=${config}`, "--nofork", "--nopidfile", "--print-address=1"], { env: base, stdio: ["ignore", "pipe", "pipe"] });
  const started: ChildProcess[] = [bus];
  let checkAlive = async (): Promise<void> => {};
  const stop = async (): Promise<void> => {
    for (const c of started.reverse()) await stopChild(c);
  };
  try {
    await new Promise<void>((resolve, reject) => {
      bus.once("error", reject);
      bus.once("exit", (code) => reject(new Error(`dbus-daemon exited with ${code}`)));
      bus.stdout?.once("data", () => resolve());
    });
    // Its messages go to a file in the run folder: the place to look when a step hangs on the keychain.
    const logFile = path.join(dir, "gnome-keyring.log");
    const logFd = openSync(logFile, "w");
    const keyring = spawn("gnome-keyring-daemon", ["--foreground", "--unlock", "--components=secrets"], { env: base, stdio: ["pipe", logFd, logFd] });
    closeSync(logFd);
    started.push(keyring);
    const log = async (): Promise<string> => (await readFile(logFile, "utf8").catch(() => "")).trim();
    keyring.stdin?.end(PASSWORD);
    let ended = "";
    keyring.once("exit", (code, signal) => (ended = signal ? `killed by ${signal}` : `exited with ${code}`));
    checkAlive = async () => {
      if (ended) throw new Error(`the bench's private gnome-keyring-daemon ${ended}: ${await log()}`);
    };
    const send = (dest: string, object: string, method: string, ...args: string[]): string => {
      const r = spawnSync("dbus-send", ["--session", "--print-reply", "--reply-timeout=5000", `--dest=${dest}`, object, method, ...args], { env: base, encoding: "utf8" });
      return r.status === 0 ? r.stdout : "";
    };
    const secrets = (object: string, method: string, ...args: string[]): string => send("org.freedesktop.secrets", object, method, ...args);
    for (let tries = 0; ; tries++) {
      if (tries >= 100) throw new Error(`GNOME Keyring did not offer an unlocked login collection within 10 s: ${await log()}`);
      if (keyring.exitCode !== null) throw new Error(`gnome-keyring-daemon exited during startup: ${await log()}`);
      // Ask the bus who owns the name first: calling the service before ours owns it would make
      // D-Bus start a second (locked) keyring daemon.
      const owner = send("org.freedesktop.DBus", "/org/freedesktop/DBus", "org.freedesktop.DBus.GetConnectionUnixProcessID", "string:org.freedesktop.secrets");
      if (owner.includes(`uint32 ${keyring.pid}`)) {
        const alias = secrets("/org/freedesktop/secrets", "org.freedesktop.Secret.Service.ReadAlias", "string:default");
        if (alias.includes(LOGIN)) {
          if (secrets(LOGIN, "org.freedesktop.DBus.Properties.Get", "string:org.freedesktop.Secret.Collection", "string:Locked").includes("boolean false")) break;
        } else if (alias.includes('object path "/"')) {
          secrets("/org/freedesktop/secrets", "org.freedesktop.Secret.Service.SetAlias", "string:default", `objpath:${LOGIN}`);
        }
      } else if (/uint32/.test(owner)) {
        throw new Error("org.freedesktop.secrets on the private bus belongs to another process");
      }
      await sleep(100);
    }
  } catch (err) {
    await stop();
    throw err;
  }
  return { env: { DBUS_SESSION_BUS_ADDRESS: address }, check: () => checkAlive(), stop };
}
