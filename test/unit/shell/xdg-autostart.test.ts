// The Linux autostart entry: written where the freedesktop Autostart spec says
// ($XDG_CONFIG_HOME/autostart, else ~/.config/autostart), starting the app with --hidden, Exec quoted
// per the Desktop Entry spec, Hidden=true respected, and a system-wide entry masked when turned off.
import assert from "node:assert/strict";
import { promises as fsp } from "node:fs";
import os from "node:os";
import path from "node:path";
import { test } from "node:test";
import { entryStarts, parseDesktopEntry, quoteExecArg, readAutostart, renderAutostartEntry, writeAutostart, xdgDirs } from "../../../electron/shell/autostart/xdg-autostart.js";

async function tempHome(): Promise<{ home: string; config: string; system: string; env: NodeJS.ProcessEnv }> {
  const home = await fsp.mkdtemp(path.join(os.tmpdir(), "lifeboat-autostart-"));
  const config = path.join(home, "config");
  const system = path.join(home, "etc-xdg");
  return { home, config, system, env: { XDG_CONFIG_HOME: config, XDG_CONFIG_DIRS: system } };
}

/** Splits an Exec value back into arguments the way the Desktop Entry spec says a launcher does. */
function execArgs(exec: string): string[] {
  const out: string[] = [];
  let cur = "";
  let quoted = false;
  let has = false;
  for (let i = 0; i < exec.length; i++) {
    const c = exec[i]!;
    if (quoted && c === "\\" && i + 1 < exec.length) cur += exec[++i];
    else if (c === '"') {
      quoted = !quoted;
      has = true;
    } else if (c === " " && !quoted) {
      if (has || cur) out.push(cur);
      cur = "";
      has = false;
    } else cur += c;
  }
  if (has || cur) out.push(cur);
  return out.map((a) => a.replace(/%%/g, "%"));
}

test("the directories: XDG_CONFIG_HOME, else ~/.config; relative values are ignored as the spec says", () => {
  assert.equal(xdgDirs({ XDG_CONFIG_HOME: "/x/cfg" }, "/home/m").user, "/x/cfg/autostart");
  assert.equal(xdgDirs({}, "/home/m").user, "/home/m/.config/autostart");
  assert.equal(xdgDirs({ XDG_CONFIG_HOME: "relative/cfg" }, "/home/m").user, "/home/m/.config/autostart");
  assert.deepEqual(xdgDirs({}, "/home/m").system, ["/etc/xdg/autostart"]);
  assert.deepEqual(xdgDirs({ XDG_CONFIG_DIRS: "/a:rel:/b" }, "/home/m").system, ["/a/autostart", "/b/autostart"]);
});

test("the entry starts the app hidden in the tray; arguments with spaces and reserved characters survive", () => {
  const program = "/opt/Life boat/lifeboat";
  const appPath = '/home/m/dev/life"boat $HOME 100%';
  const text = renderAutostartEntry([program, appPath]);
  const keys = parseDesktopEntry(text);
  assert.equal(keys.get("Type"), "Application");
  assert.equal(keys.get("Name"), "Lifeboat");
  assert.deepEqual(execArgs(keys.get("Exec")!), [program, appPath, "--hidden"]);
  assert.equal(entryStarts(text), true);
  assert.equal(quoteExecArg("--hidden"), "--hidden");
  assert.throws(() => renderAutostartEntry(["lifeboat"]), /absolute/);
});

test("Hidden=true and X-GNOME-Autostart-enabled=false mean the entry does not start", () => {
  const base = renderAutostartEntry(["/usr/bin/lifeboat"]);
  assert.equal(entryStarts(base.replace("[Desktop Entry]\n", "[Desktop Entry]\nHidden=true\n")), false);
  assert.equal(entryStarts(base.replace("X-GNOME-Autostart-enabled=true", "X-GNOME-Autostart-enabled=false")), false);
  // Keys of other groups do not count.
  assert.equal(entryStarts(`${base}\n[Desktop Action x]\nHidden=true\n`), true);
});

test("turning autostart on writes the user's entry, off removes it; read back each time", async () => {
  const t = await tempHome();
  try {
    assert.deepEqual(await readAutostart(t.env, t.home), { enabled: false, file: path.join(t.config, "autostart", "lifeboat.desktop") });
    const on = await writeAutostart(true, ["/usr/bin/lifeboat"], t.env, t.home);
    assert.equal(on.enabled, true);
    const text = await fsp.readFile(on.file, "utf8");
    assert.deepEqual(execArgs(parseDesktopEntry(text).get("Exec")!), ["/usr/bin/lifeboat", "--hidden"]);
    // Written by the user by hand as hidden: the app reads it as off.
    await fsp.writeFile(on.file, text.replace("Type=Application", "Type=Application\nHidden=true"));
    assert.equal((await readAutostart(t.env, t.home)).enabled, false);
    const off = await writeAutostart(false, ["/usr/bin/lifeboat"], t.env, t.home);
    assert.equal(off.enabled, false);
    await assert.rejects(fsp.stat(on.file), /ENOENT/, "no system entry to mask: the file is simply gone");
  } finally {
    await fsp.rm(t.home, { recursive: true, force: true });
  }
});

test("a system-wide entry is masked with Hidden=true when turned off, and the user's entry wins when on", async () => {
  const t = await tempHome();
  try {
    await fsp.mkdir(path.join(t.system, "autostart"), { recursive: true });
    await fsp.writeFile(path.join(t.system, "autostart", "lifeboat.desktop"), renderAutostartEntry(["/usr/bin/lifeboat"]));
    assert.equal((await readAutostart(t.env, t.home)).enabled, true, "the system entry starts it");
    const off = await writeAutostart(false, ["/usr/bin/lifeboat"], t.env, t.home);
    assert.equal(off.enabled, false);
    assert.equal(parseDesktopEntry(await fsp.readFile(off.file, "utf8")).get("Hidden"), "true");
    const on = await writeAutostart(true, ["/opt/lifeboat/lifeboat"], t.env, t.home);
    assert.equal(on.enabled, true);
    assert.match(await fsp.readFile(on.file, "utf8"), /^Exec=\/opt\/lifeboat\/lifeboat --hidden$/m);
  } finally {
    await fsp.rm(t.home, { recursive: true, force: true });
  }
});
