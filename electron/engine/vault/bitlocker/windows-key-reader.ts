// Reading the recovery passwords of this PC's own volumes, on Windows, once the user has agreed.
// Windows shows them to administrators only (manage-bde, Get-BitLockerVolume and WMI all need an
// elevated token; research notes §2.7, §2.8), so this starts an elevated PowerShell through UAC
// (`Start-Process -Verb RunAs`): the user sees Windows' own prompt and can decline it.
//
// The elevated PowerShell cannot hand its output back through a pipe (ShellExecute gives none), so
// it writes JSON to a file in a directory made for this one read (mkdtemp: under the user's own
// %TEMP%, which only the user, SYSTEM and Administrators can open), and the directory is deleted as
// soon as the file has been read, whether the read worked or not. Nothing secret is on a command
// line: the scripts are passed with -EncodedCommand and contain only the paths. The JSON names its
// properties itself and casts enums to strings, so parsing does not depend on the display language
// or on how a PowerShell version formats lists.
//
// Tested here: the scripts, the command lines, the orchestration (with a stand-in for PowerShell)
// and the parsing of captured output. Not tested here: a real run, which needs Windows, BitLocker
// and a UAC prompt.

import { execFile } from "node:child_process";
import { promises as fsp } from "node:fs";
import os from "node:os";
import path from "node:path";
import type { BitLockerKey, SkippedEntry } from "../../../../shared/vault-types.js";
import { ExitCode } from "../../../../shared/archive-types.js";
import { LifeboatError } from "../../errors.js";
import { parseGetBitLockerVolumeJson, volumesWithoutRecoveryPassword } from "./parse-get-bitlockervolume.js";

export interface LocalKeysResult {
  keys: BitLockerKey[];
  skipped: SkippedEntry[];
}

export type WindowsKeyReaderErrorReason = "not-windows" | "no-consent" | "cancelled" | "timeout" | "failed";

export class WindowsKeyReaderError extends LifeboatError {
  constructor(
    message: string,
    readonly reason: WindowsKeyReaderErrorReason,
  ) {
    super(message, reason === "not-windows" || reason === "no-consent" ? ExitCode.usage : ExitCode.failed, `bitlocker-local-${reason}`);
    this.name = "WindowsKeyReaderError";
  }
}

/** How PowerShell is started: replaced in tests. */
export type PowerShellRunner = (file: string, args: string[], options: { timeoutMs: number }) => Promise<{ exitCode: number | null; timedOut: boolean }>;

export interface WindowsKeyReaderOptions {
  /** The user agreed to let Lifeboat read the keys (and to the UAC prompt that follows). */
  consent: boolean;
  /** Defaults to process.platform. */
  platform?: NodeJS.Platform;
  /** Where the private directory is made; defaults to os.tmpdir() (the user's %TEMP%). */
  tempParent?: string;
  /** Defaults to %SystemRoot%. */
  systemRoot?: string;
  /** How long the user may take at the UAC prompt and Windows to answer. */
  timeoutMs?: number;
  run?: PowerShellRunner;
}

/** ERROR_CANCELLED: the user said no at the UAC prompt. */
export const UAC_CANCELLED_EXIT = 1223;
/** The elevated script's "Windows refused" exit, with the reason in the error file. */
export const SCRIPT_FAILED_EXIT = 2;
export const OUTPUT_FILE = "volumes.json";
export const ERROR_FILE = "error.txt";

/** PowerShell's path, by full path so that a powershell.exe earlier on PATH is not the one run. */
export function powerShellPath(systemRoot = process.env.SystemRoot ?? "C:\\Windows"): string {
  return path.win32.join(systemRoot, "System32", "WindowsPowerShell", "v1.0", "powershell.exe");
}

/** A string as a PowerShell single-quoted literal (no expansion; a quote is doubled). */
export function psQuote(value: string): string {
  return `'${value.replace(/['\u2018\u2019\u201a\u201b]/g, (q) => q + q)}'`;
}

/** What -EncodedCommand takes: the script as UTF-16LE, base64. */
export function encodePowerShell(script: string): string {
  return Buffer.from(script, "utf16le").toString("base64");
}

/**
 * The script that runs elevated: every BitLocker volume with its protectors, as JSON with string
 * values, written without a BOM to `outFile`. DriveType tells a removable data drive from a fixed
 * one, which Get-BitLockerVolume's VolumeType ("Data") does not. On failure only the exception's
 * type and message go to `errFile`.
 */
export function buildElevatedScript(outFile: string, errFile: string): string {
  return [
    "$ErrorActionPreference = 'Stop'",
    "$utf8 = New-Object System.Text.UTF8Encoding($false)",
    "try {",
    "  Import-Module BitLocker",
    "  $volumes = @(Get-BitLockerVolume | ForEach-Object {",
    "    $v = $_",
    "    $driveType = ''",
    "    try { if ([string]$v.MountPoint -match '^[A-Za-z]:') { $driveType = [string]([System.IO.DriveInfo]::new(([string]$v.MountPoint).Substring(0, 2)).DriveType) } } catch { }",
    "    [pscustomobject]@{",
    "      ComputerName = [string]$v.ComputerName",
    "      MountPoint = [string]$v.MountPoint",
    "      VolumeType = [string]$v.VolumeType",
    "      DriveType = $driveType",
    "      VolumeStatus = [string]$v.VolumeStatus",
    "      LockStatus = [string]$v.LockStatus",
    "      KeyProtector = @($v.KeyProtector | ForEach-Object {",
    "        [pscustomobject]@{",
    "          KeyProtectorId = [string]$_.KeyProtectorId",
    "          KeyProtectorType = [string]$_.KeyProtectorType",
    "          RecoveryPassword = [string]$_.RecoveryPassword",
    "        }",
    "      })",
    "    }",
    "  })",
    "  $json = ConvertTo-Json -InputObject $volumes -Depth 4",
    `  [System.IO.File]::WriteAllText(${psQuote(outFile)}, $json, $utf8)`,
    "  exit 0",
    "} catch {",
    "  $message = ($_.Exception.GetType().FullName + ': ' + $_.Exception.Message)",
    `  [System.IO.File]::WriteAllText(${psQuote(errFile)}, $message, $utf8)`,
    `  exit ${SCRIPT_FAILED_EXIT}`,
    "}",
  ].join("\r\n");
}

/**
 * The script that runs as the user: starts the elevated one through UAC, waits, and passes its exit
 * code on; a declined prompt (Win32 error 1223) exits 1223.
 */
export function buildLauncherScript(elevatedScript: string, powerShell: string): string {
  const args = ["-NoProfile", "-NonInteractive", "-ExecutionPolicy", "Bypass", "-EncodedCommand", encodePowerShell(elevatedScript)];
  return [
    "$ErrorActionPreference = 'Stop'",
    "try {",
    `  $p = Start-Process -FilePath ${psQuote(powerShell)} -Verb RunAs -WindowStyle Hidden -Wait -PassThru -ArgumentList ${args.map(psQuote).join(",")}`,
    "  exit $p.ExitCode",
    "} catch [System.ComponentModel.Win32Exception] {",
    `  if ($_.Exception.NativeErrorCode -eq ${UAC_CANCELLED_EXIT}) { exit ${UAC_CANCELLED_EXIT} }`,
    "  exit 1",
    "} catch {",
    "  exit 1",
    "}",
  ].join("\r\n");
}

/** The command line that starts it all (un-elevated). */
export function buildLaunchCommand(outFile: string, errFile: string, systemRoot?: string): { file: string; args: string[] } {
  const ps = powerShellPath(systemRoot);
  const launcher = buildLauncherScript(buildElevatedScript(outFile, errFile), ps);
  return { file: ps, args: ["-NoProfile", "-NonInteractive", "-ExecutionPolicy", "Bypass", "-EncodedCommand", encodePowerShell(launcher)] };
}

/** The elevated script's JSON (as captured from a real run) to keys, and volumes worth a word. */
export function parseReaderOutput(json: string): LocalKeysResult {
  let value: unknown;
  try {
    value = JSON.parse(json.replace(/^\uFEFF/, "").trim() || "[]") as unknown;
  } catch {
    throw new WindowsKeyReaderError("Windows answered, but not with the list of volumes Lifeboat asked for. No keys were read.", "failed");
  }
  const parsed = parseGetBitLockerVolumeJson(value);
  return { keys: parsed.keys, skipped: [...parsed.skipped, ...volumesWithoutRecoveryPassword(value)] };
}

const defaultRunner: PowerShellRunner = (file, args, { timeoutMs }) =>
  new Promise((resolve) => {
    execFile(file, args, { timeout: timeoutMs, windowsHide: true }, (err) => {
      if (!err) return resolve({ exitCode: 0, timedOut: false });
      const e = err as NodeJS.ErrnoException & { code?: number | string; killed?: boolean; signal?: string | null };
      resolve({ exitCode: typeof e.code === "number" ? e.code : null, timedOut: !!e.killed && e.signal !== null });
    });
  });

async function readIfThere(file: string): Promise<string | undefined> {
  try {
    return await fsp.readFile(file, "utf8");
  } catch {
    return undefined;
  }
}

/**
 * Reads the recovery passwords of this PC's BitLocker volumes. Call only after the user agreed
 * (`consent: true`): Windows then shows its UAC prompt. Never logs or returns anything of the
 * passwords but the keys themselves.
 */
export async function readLocalBitLockerKeys(options: WindowsKeyReaderOptions): Promise<LocalKeysResult> {
  if ((options.platform ?? process.platform) !== "win32") {
    throw new WindowsKeyReaderError("Reading this computer's BitLocker keys works on Windows only. Elsewhere, import the .TXT file Windows saved, or the keys from https://aka.ms/myrecoverykey.", "not-windows");
  }
  if (options.consent !== true) throw new WindowsKeyReaderError("Lifeboat reads this computer's BitLocker keys only when you ask it to.", "no-consent");
  const dir = await fsp.mkdtemp(path.join(options.tempParent ?? os.tmpdir(), "lifeboat-bitlocker-"));
  try {
    // On Windows mode bits are ignored and the directory inherits %TEMP%'s owner-only ACL; elsewhere (tests) 0700.
    await fsp.chmod(dir, 0o700).catch(() => undefined);
    const outFile = path.join(dir, OUTPUT_FILE);
    const errFile = path.join(dir, ERROR_FILE);
    const { file, args } = buildLaunchCommand(outFile, errFile, options.systemRoot);
    const run = options.run ?? defaultRunner;
    const { exitCode, timedOut } = await run(file, args, { timeoutMs: options.timeoutMs ?? 10 * 60 * 1000 });
    if (timedOut) throw new WindowsKeyReaderError("Windows did not answer in time (was the administrator prompt left open?). No keys were read.", "timeout");
    if (exitCode === UAC_CANCELLED_EXIT) throw new WindowsKeyReaderError("The administrator prompt was declined, so Windows did not show the recovery keys. Nothing was read.", "cancelled");
    if (exitCode === SCRIPT_FAILED_EXIT) {
      const why = ((await readIfThere(errFile)) ?? "no reason given").replace(/\s+/g, " ").trim().slice(0, 300);
      throw new WindowsKeyReaderError(`Windows could not list the BitLocker volumes (${why}). No keys were read.`, "failed");
    }
    const json = exitCode === 0 ? await readIfThere(outFile) : undefined;
    if (json === undefined) throw new WindowsKeyReaderError(`PowerShell did not run as expected (exit code ${exitCode ?? "none"}). No keys were read.`, "failed");
    return parseReaderOutput(json);
  } finally {
    // Retries: on Windows a virus scanner (or a late write of a timed-out PowerShell) can hold the
    // file for a moment, and the keys must not stay behind.
    await fsp.rm(dir, { recursive: true, force: true, maxRetries: 10, retryDelay: 100 });
  }
}
