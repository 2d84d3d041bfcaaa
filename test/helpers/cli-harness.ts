import { spawn } from "node:child_process";
import { promises as fsp } from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";

/** The compiled CLI entry point (tests run from dist/test/..., the CLI is dist/electron/cli/main.js). */
export const CLI = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../../electron/cli/main.js");
/** The repository root (for recover.sh and fixtures). */
export const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../../..");

export interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
  json: unknown;
}

/** A throwaway LIFEBOAT_HOME + archive location; removed by `cleanup`. */
export async function tempWorkspace(prefix = "lifeboat-test-"): Promise<{ dir: string; home: string; archive: string; env: NodeJS.ProcessEnv; cleanup: () => Promise<void> }> {
  const dir = await fsp.mkdtemp(path.join(os.tmpdir(), prefix));
  const home = path.join(dir, "home");
  const archive = path.join(dir, "archive");
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    LIFEBOAT_HOME: home,
    LIFEBOAT_ARCHIVE: archive,
    LIFEBOAT_PASSPHRASE: "correct horse battery staple",
    LIFEBOAT_NO_KEYCHAIN: "1",
  };
  return { dir, home, archive, env, cleanup: () => fsp.rm(dir, { recursive: true, force: true }) };
}

/** Runs the CLI with stdin closed (like CI and the OS scheduler). Parses stdout as JSON when it is. */
export function runCli(args: string[], env: NodeJS.ProcessEnv, opts: { input?: string; timeoutMs?: number } = {}): Promise<CliResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [CLI, ...args], { env, stdio: ["pipe", "pipe", "pipe"] });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (d: Buffer) => (stdout += d.toString()));
    child.stderr.on("data", (d: Buffer) => (stderr += d.toString()));
    const timer = setTimeout(() => child.kill("SIGKILL"), opts.timeoutMs ?? 120_000);
    child.on("error", reject);
    child.on("close", (code) => {
      clearTimeout(timer);
      let json: unknown = undefined;
      try {
        json = JSON.parse(stdout);
      } catch {
        /* not JSON */
      }
      resolve({ code: code ?? -1, stdout, stderr, json });
    });
    child.stdin.end(opts.input ?? "");
  });
}

/** init with a fast scrypt work factor (tests unlock many times; users get the default). */
export async function initArchive(env: NodeJS.ProcessEnv): Promise<{ recoveryKey: string }> {
  const r = await runCli(["init", "--json", "--scrypt-work-factor", "12"], env);
  if (r.code !== 0) throw new Error(`init failed: ${r.stderr}`);
  return { recoveryKey: (r.json as { recoveryKey: string }).recoveryKey };
}
