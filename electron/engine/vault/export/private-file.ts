// Exported seeds and the emergency kit are as secret as the accounts they open, so they are
// written readable by the owner only, and never half-written: a crash leaves at most a hidden
// temporary file, not a truncated export the user might trust.
import { randomBytes } from "node:crypto";
import { promises as fsp } from "node:fs";
import path from "node:path";

/** Creates `dir` (and missing parents) with mode 0700; an existing folder is left as it is. */
export async function makePrivateDir(dir: string): Promise<void> {
  const existed = await fsp
    .stat(dir)
    .then((s) => s.isDirectory())
    .catch(() => false);
  if (existed) return;
  await fsp.mkdir(dir, { recursive: true, mode: 0o700 });
  // mkdir's mode is filtered by the umask (which can only remove bits): state it exactly.
  await fsp.chmod(dir, 0o700);
}

/**
 * Writes `bytes` to `file` with mode 0600: a temporary file beside it, fsynced, then renamed over
 * the target. Replacing (not rewriting) also drops wider permissions an older file had.
 */
export async function writePrivateFile(file: string, bytes: Buffer | string): Promise<void> {
  await makePrivateDir(path.dirname(file));
  const tmp = path.join(path.dirname(file), `.${path.basename(file)}.${randomBytes(6).toString("hex")}.tmp`);
  const fh = await fsp.open(tmp, "wx", 0o600);
  try {
    await fh.writeFile(bytes);
    await fh.chmod(0o600);
    await fh.sync();
  } catch (err) {
    await fh.close().catch(() => undefined);
    await fsp.unlink(tmp).catch(() => undefined);
    throw err;
  }
  await fh.close();
  try {
    await fsp.rename(tmp, file);
  } catch (err) {
    await fsp.unlink(tmp).catch(() => undefined);
    throw err;
  }
}
