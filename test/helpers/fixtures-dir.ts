// Where the shared test fixtures are: `../shared/fixtures` beside the repository. A fresh clone made
// elsewhere (CI's `git clone . $tmp`) finds them beside the repository it was cloned from.
import { execFileSync } from "node:child_process";
import { existsSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

const REPO = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../../..");

function candidates(): string[] {
  const out: string[] = [];
  if (process.env.LIFEBOAT_FIXTURES) out.push(path.resolve(process.env.LIFEBOAT_FIXTURES));
  out.push(path.resolve(REPO, "../shared/fixtures"));
  try {
    const origin = execFileSync("git", ["-C", REPO, "config", "--get", "remote.origin.url"], { encoding: "utf8", stdio: ["ignore", "pipe", "ignore"] }).trim();
    const local = origin.startsWith("file://") ? fileURLToPath(origin) : origin;
    if (local && path.isAbsolute(local)) out.push(path.resolve(local, "../shared/fixtures"));
  } catch {
    /* not a git checkout, or no origin */
  }
  return out;
}

function locate(): string {
  const all = candidates();
  const found = all.find((d) => existsSync(path.join(d, "mail")));
  if (!found) throw new Error(`The shared test fixtures were not found (looked in ${all.join(", ")}). Put them at ../shared/fixtures or set LIFEBOAT_FIXTURES.`);
  return found;
}

/** The fixtures folder (throws with the places it looked when there is none). */
export const FIXTURES_DIR = locate();
