// Running the measured processes. Every tool (Lifeboat's CLI, restic, age) is a child process run
// the same way: wall time from spawn to exit (performance.now in this process), and user/sys CPU
// time and peak RSS from wait4() of that child, via GNU time (`/usr/bin/time -f`), or, when that is
// missing, a python3 wrapper reading getrusage(RUSAGE_CHILDREN). Both report the child's own
// ru_maxrss (which covers its waited-for descendants too), not this process's memory.
import { spawn, spawnSync } from "node:child_process";
import { existsSync, openSync, closeSync, writeFileSync } from "node:fs";
import { readFile } from "node:fs/promises";

export interface Measurement {
  tool: string;
  phase: string;
  command: string;
  exitCode: number;
  wallSeconds: number;
  userSeconds: number;
  sysSeconds: number;
  maxRssBytes: number;
  stdoutFile: string;
  stderrFile: string;
}

const GNU_TIME = "/usr/bin/time";

const PY_WRAPPER = [
  "import resource, subprocess, sys",
  "r = subprocess.run(sys.argv[2:])",
  "u = resource.getrusage(resource.RUSAGE_CHILDREN)",
  "open(sys.argv[1], 'w').write('%.3f %.3f %d %d\\n' % (u.ru_utime, u.ru_stime, u.ru_maxrss, r.returncode))",
  "sys.exit(r.returncode)",
].join("\n");

let method: "gnu-time" | "python3" | null = null;

/** Which rusage wrapper is in use; checks once. Throws if neither works. */
export function rusageMethod(): "gnu-time" | "python3" {
  if (method) return method;
  if (existsSync(GNU_TIME) && spawnSync(GNU_TIME, ["-f", "%M", "true"], { stdio: "pipe" }).status === 0) method = "gnu-time";
  else if (spawnSync("python3", ["-c", "import resource"], { stdio: "pipe" }).status === 0) method = "python3";
  else throw new Error("need /usr/bin/time (GNU time) or python3 to measure a child's peak RSS");
  return method;
}

/**
 * Runs `cmd args` with stdout/stderr into `${logBase}.out` / `.err`, and measures it. Never throws
 * for a non-zero exit (the caller decides); throws if the process cannot be started.
 */
export async function measure(
  tool: string,
  phase: string,
  cmd: string,
  args: readonly string[],
  opts: { env?: NodeJS.ProcessEnv; cwd?: string; logBase: string },
): Promise<Measurement> {
  const timeFile = `${opts.logBase}.rusage`;
  const stdoutFile = `${opts.logBase}.out`;
  const stderrFile = `${opts.logBase}.err`;
  writeFileSync(timeFile, "");
  const m = rusageMethod();
  const [wrapper, wrapperArgs] =
    m === "gnu-time"
      ? [GNU_TIME, ["-o", timeFile, "-f", "%U %S %M %x", cmd, ...args]]
      : ["python3", ["-c", PY_WRAPPER, timeFile, cmd, ...args]];
  const out = openSync(stdoutFile, "w");
  const err = openSync(stderrFile, "w");
  let wallSeconds: number;
  let code: number;
  try {
    const t0 = performance.now();
    code = await new Promise<number>((resolve, reject) => {
      const child = spawn(wrapper, wrapperArgs, { env: opts.env ?? process.env, cwd: opts.cwd, stdio: ["ignore", out, err] });
      child.on("error", reject);
      child.on("exit", (c, sig) => resolve(c ?? (sig ? 128 : -1)));
    });
    wallSeconds = (performance.now() - t0) / 1000;
  } finally {
    closeSync(out);
    closeSync(err);
  }
  // GNU time writes "Command exited with non-zero status N" before the format line; take the last.
  const lines = (await readFile(timeFile, "utf8")).trim().split("\n");
  const fields = (lines[lines.length - 1] ?? "").trim().split(/\s+/).map(Number);
  const [user, sys, maxRssKiB, exit] = fields;
  if (fields.length < 4 || fields.some((n) => !Number.isFinite(n))) {
    throw new Error(`${tool} ${phase}: could not read the resource usage (${lines.join(" | ")}); see ${stderrFile}`);
  }
  return {
    tool,
    phase,
    command: [cmd, ...args].join(" "),
    exitCode: exit ?? code,
    wallSeconds,
    userSeconds: user ?? 0,
    sysSeconds: sys ?? 0,
    maxRssBytes: (maxRssKiB ?? 0) * 1024,
    stdoutFile,
    stderrFile,
  };
}

/** Fails with the child's stderr tail when it did not exit 0. */
export async function check(m: Measurement): Promise<Measurement> {
  if (m.exitCode === 0) return m;
  const err = await readFile(m.stderrFile, "utf8").catch(() => "");
  throw new Error(`${m.tool} ${m.phase} exited with ${m.exitCode}: ${err.trim().split("\n").slice(-8).join("\n")}`);
}

let dropWorks: boolean | null = null;

/**
 * `sync`, then drop the page cache, dentries and inodes (root only). Returns false (and stays
 * false) when the kernel does not let us; the run then happens with a warm cache.
 */
export function dropCaches(): boolean {
  spawnSync("sync");
  if (dropWorks === false || process.env["BENCH_DROP_CACHES"] === "0") return (dropWorks = false);
  try {
    writeFileSync("/proc/sys/vm/drop_caches", "3\n");
    dropWorks = true;
  } catch {
    dropWorks = false;
  }
  return dropWorks;
}

/**
 * Reads every file under `dir` once, unmeasured. On a virtual machine the guest's drop_caches does
 * not reach the host's cache of the virtual disk: the first tool to read data that has not been
 * read for a while pays for the host's cold disk (measured here: 25 s for the data set, then 5 s for
 * every later cold read), which would favour whichever tool runs second. Priming puts both tools
 * on the same footing; the guest cache is still dropped before each measured step.
 */
export function primeHostCache(dir: string): void {
  spawnSync("sh", ["-c", 'tar -cf - -C "$1" . | cat > /dev/null', "prime", dir], { stdio: "ignore" });
}

/** Flushes dirty pages to disk (not timed). */
export function syncAll(): void {
  spawnSync("sync");
}

/** `du` of a folder in bytes: disk usage (allocated blocks) and apparent size. */
export function du(dir: string): { diskBytes: number; apparentBytes: number } {
  const run = (extra: string[]): number => {
    const r = spawnSync("du", ["-s", "--block-size=1", ...extra, dir], { encoding: "utf8" });
    if (r.status !== 0) throw new Error(`du ${dir}: ${r.stderr}`);
    return Number(r.stdout.split(/\s+/)[0]);
  };
  return { diskBytes: run([]), apparentBytes: run(["--apparent-size"]) };
}

/** First line of `cmd args` output (for versions), or null when the command is missing. */
export function versionOf(cmd: string, args: readonly string[]): string | null {
  const r = spawnSync(cmd, args, { encoding: "utf8" });
  if (r.error || r.status !== 0) return null;
  return (r.stdout || r.stderr).trim().split("\n")[0] ?? null;
}
