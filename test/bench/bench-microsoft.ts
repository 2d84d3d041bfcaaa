// The bench's Microsoft account steps: Lifeboat's CLI against the project's Microsoft emulators
// (started in this process, so the bench can count Graph requests and change the data between
// runs), each `lifeboat` command a measured child process like every other step. There is no
// peer tool for these: the numbers are absolute, except the OneDrive throughput, which is put next
// to the age CLI encrypting the same bytes.
//
// Microsoft sign-ins live only in the OS keychain, so the CLI children get a private keyring
// (bench-keyring.ts); the accounts are added with a device code the emulated user approves.
import { mkdir, rm, writeFile } from "node:fs/promises";
import path from "node:path";
import { AccountStore } from "../emulators/microsoft/graph/account-store.js";
import { startMicrosoftEmulators, type MicrosoftEmulators } from "../emulators/microsoft/start-microsoft-emulators.js";
import { cliAddMicrosoft } from "../helpers/cli-add-microsoft.js";
import { benchMicrosoftDrive, type DriveBenchResult } from "./bench-microsoft-drive.js";
import { benchMicrosoftMail, type MailBenchResult } from "./bench-microsoft-mail.js";
import { keyringUnavailable, startPrivateKeyring } from "./bench-keyring.js";
import type { Measurement } from "./bench-process.js";
import { check, measure } from "./bench-process.js";

const MiB = 1024 * 1024;
const GiB = 1024 * MiB;
const PASSWORD = "bench: correct horse";
const MAIL_ACCOUNT = "mail.bench@outlook.com";
const DRIVE_ACCOUNT = "drive.bench@outlook.com";

export interface MicrosoftBenchOptions {
  scale: number;
  seed: string;
  /** Where archives, homes, logs and the keyring go (removed with the run folder). */
  dir: string;
  node: string;
  cli: string;
  /** Logs the step and adds it to the per-process table. */
  record(m: Measurement): Measurement;
  log(msg: string): void;
  /** Runs before every measured step (the bench's page-cache policy). */
  beforeStep(): void;
}

/** What the mail and drive steps share: the emulators, and measured CLI runs against them. */
export interface MicrosoftBenchContext {
  emu: MicrosoftEmulators;
  opts: MicrosoftBenchOptions;
  /** A fresh archive with one Microsoft account added through the CLI; returns the env to run in. */
  archiveWith(name: string, address: string): Promise<NodeJS.ProcessEnv>;
  /** `lifeboat ARGS` as a measured, recorded step; fails unless it exits 0. */
  lifeboat(phase: string, args: string[], env: NodeJS.ProcessEnv): Promise<Measurement>;
}

export type MicrosoftBenchResult = { skipped: string } | { mail: MailBenchResult; drive: DriveBenchResult };

function fileSizeFor(scale: number): number {
  const given = process.env["BENCH_ONEDRIVE_FILE_MIB"];
  if (given !== undefined) {
    const mib = Number(given);
    if (!Number.isFinite(mib) || mib <= 0) throw new Error(`BENCH_ONEDRIVE_FILE_MIB must be a number > 0, not ${JSON.stringify(given)}`);
    return Math.round(mib * MiB);
  }
  return Math.max(64 * MiB, Math.round((10 * GiB * scale) / MiB) * MiB);
}

export async function benchMicrosoft(opts: MicrosoftBenchOptions): Promise<MicrosoftBenchResult> {
  if (process.env["BENCH_MICROSOFT"] === "0") return { skipped: "BENCH_MICROSOFT=0" };
  const missing = keyringUnavailable();
  if (missing) return { skipped: `no private keyring for the CLI's Microsoft sign-in: ${missing}` };
  const messages = Math.max(1000, Math.round(100_000 * opts.scale));
  const fileBytes = fileSizeFor(opts.scale);

  await rm(opts.dir, { recursive: true, force: true });
  await mkdir(path.join(opts.dir, "logs"), { recursive: true });
  // Both accounts exist before the identity emulator starts (it takes its account list then).
  const store = new AccountStore();
  const mailAccount = store.addAccount({ address: MAIL_ACCOUNT, kind: "personal", displayName: "Mail Bench", password: PASSWORD });
  const driveAccount = store.addAccount({ address: DRIVE_ACCOUNT, kind: "personal", displayName: "Drive Bench", password: PASSWORD });
  const emu = await startMicrosoftEmulators({ store });
  let keyring: Awaited<ReturnType<typeof startPrivateKeyring>> | undefined;
  try {
    try {
      keyring = await startPrivateKeyring(path.join(opts.dir, "keyring"));
    } catch (err) {
      // The rest of the bench has run by now: report the section as skipped rather than lose it all.
      return { skipped: `the private keyring did not start: ${err instanceof Error ? err.message : String(err)}` };
    }
    const ca = path.join(opts.dir, "emulator-ca.pem");
    await writeFile(ca, emu.caCertPem);
    const keyringEnv = keyring.env;
    const alive = keyring.check;
    const lifeboat = (phase: string, args: string[], env: NodeJS.ProcessEnv): Promise<Measurement> =>
      measure("lifeboat", phase, opts.node, [opts.cli, ...args], { env, logBase: path.join(opts.dir, "logs", `lifeboat-ms-${phase.replace(/\W+/g, "-")}`) }).then(check);
    const ctx: MicrosoftBenchContext = {
      emu,
      opts,
      lifeboat: async (phase, args, env) => {
        await alive();
        opts.beforeStep();
        return opts.record(await lifeboat(phase, args, env));
      },
      archiveWith: async (name, address) => {
        const env: NodeJS.ProcessEnv = {
          ...process.env,
          ...keyringEnv,
          LIFEBOAT_HOME: path.join(opts.dir, `${name}-home`),
          LIFEBOAT_ARCHIVE: path.join(opts.dir, `${name}-archive`),
          LIFEBOAT_PASSPHRASE: PASSWORD,
          LIFEBOAT_EXTRA_CA_CERTS: ca,
        };
        delete env["LIFEBOAT_NO_KEYCHAIN"];
        await alive();
        await lifeboat(`${name}-init`, ["init", "--json", "--scrypt-work-factor", "12"], env);
        const added = await cliAddMicrosoft(emu, { address, password: PASSWORD }, env);
        if (added.code !== 0) throw new Error(`lifeboat add microsoft (${address}) exited with ${added.code}: ${added.stderr.trim().split("\n").slice(-5).join("\n")}`);
        return env;
      },
    };
    const mail = await benchMicrosoftMail(ctx, mailAccount, messages);
    const drive = await benchMicrosoftDrive(ctx, driveAccount, fileBytes);
    return { mail, drive };
  } finally {
    await keyring?.stop();
    await emu.close();
  }
}
