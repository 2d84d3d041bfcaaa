import { promises as fsp } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import type { AboutView } from "../../shared/app-types.js";
import type { Handlers } from "./handler-types.js";

/** Libraries whose versions the About page names (what the archive's safety depends on). */
const KEY_LIBRARIES = ["age-encryption", "@azure/msal-node", "mailparser", "ical.js", "zod", "electron", "react"];

interface PackageJson {
  name?: string;
  version?: string;
  license?: string | { type?: string };
  dependencies?: Record<string, string>;
}

async function readJson(file: string): Promise<PackageJson | null> {
  try {
    return JSON.parse(await fsp.readFile(file, "utf8")) as PackageJson;
  } catch {
    return null;
  }
}

/** The folder holding package.json: up from this file (dist/electron/app-service or the source). */
async function appRoot(): Promise<string | null> {
  let dir = path.dirname(fileURLToPath(import.meta.url));
  for (let i = 0; i < 6; i++) {
    const pkg = await readJson(path.join(dir, "package.json"));
    if (pkg?.name === "lifeboat") return dir;
    dir = path.dirname(dir);
  }
  return null;
}

let cached: Promise<AboutView> | null = null;

async function about(): Promise<AboutView> {
  const root = await appRoot();
  const pkg = root ? await readJson(path.join(root, "package.json")) : null;
  const versions: Record<string, string> = { node: process.versions.node };
  for (const [k, v] of Object.entries(process.versions)) if (k === "electron" || k === "chrome" || k === "v8") versions[k] = v ?? "";
  const licences: AboutView["licences"] = [];
  const dep = async (name: string): Promise<PackageJson | null> => (root ? readJson(path.join(root, "node_modules", name, "package.json")) : null);
  for (const name of KEY_LIBRARIES) {
    const p = await dep(name);
    if (p?.version && !versions[name]) versions[name] = p.version;
  }
  // Licences of what ships with the app (its direct dependencies); a missing one is left out.
  for (const name of Object.keys(pkg?.dependencies ?? {}).sort()) {
    const p = await dep(name);
    if (!p) continue;
    const license = typeof p.license === "string" ? p.license : (p.license?.type ?? "see the package");
    licences.push({ name, version: p.version ?? "", license });
  }
  return { version: pkg?.version ?? "unknown", versions, licences };
}

export const aboutHandlers: Handlers = {
  "app:about": () => (cached ??= about()),
};
