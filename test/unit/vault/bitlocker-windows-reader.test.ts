// The local Windows key reader, without Windows: the PowerShell it would run (decoded from the
// command line), the orchestration around it with a stand-in for PowerShell that writes captured
// output where the script would, and the parsing of that output. A real run (UAC prompt, BitLocker
// module, Start-Process -Verb RunAs) is not tested here and cannot be on Linux.
import assert from "node:assert/strict";
import { promises as fsp } from "node:fs";
import os from "node:os";
import path from "node:path";
import { after, before, describe, test } from "node:test";
import {
  ERROR_FILE,
  OUTPUT_FILE,
  SCRIPT_FAILED_EXIT,
  UAC_CANCELLED_EXIT,
  WindowsKeyReaderError,
  buildElevatedScript,
  buildLaunchCommand,
  encodePowerShell,
  parseReaderOutput,
  powerShellPath,
  psQuote,
  readLocalBitLockerKeys,
  type PowerShellRunner,
} from "../../../electron/engine/vault/bitlocker/windows-key-reader.js";
import { PW, READER_OUTPUT_PS51 } from "../../helpers/bitlocker-samples.js";

function decode(b64: string): string {
  return Buffer.from(b64, "base64").toString("utf16le");
}

/** The launcher script and the elevated script, decoded from a launch command's arguments. */
function scriptsOf(args: string[]): { launcher: string; elevated: string } {
  assert.equal(args[args.length - 2], "-EncodedCommand");
  const launcher = decode(args[args.length - 1]!);
  const inner = /'-EncodedCommand','([A-Za-z0-9+/=]+)'/.exec(launcher)?.[1];
  assert.ok(inner, "the launcher passes the elevated script encoded");
  return { launcher, elevated: decode(inner) };
}

/** The file paths a script writes to (PowerShell single-quoted literals). */
function writtenPaths(script: string): string[] {
  return [...script.matchAll(/WriteAllText\('((?:[^']|'')*)'/g)].map((m) => m[1]!.replace(/''/g, "'"));
}

describe("Windows key reader: commands", () => {
  test("the launcher elevates through UAC, hidden, waits, and passes the exit code on (1223 when declined)", () => {
    const { file, args } = buildLaunchCommand("C:\\T\\out.json", "C:\\T\\err.txt", "C:\\Windows");
    assert.equal(file, "C:\\Windows\\System32\\WindowsPowerShell\\v1.0\\powershell.exe");
    assert.deepEqual(args.slice(0, 4), ["-NoProfile", "-NonInteractive", "-ExecutionPolicy", "Bypass"]);
    const { launcher } = scriptsOf(args);
    assert.match(launcher, /Start-Process -FilePath 'C:\\Windows\\System32\\WindowsPowerShell\\v1\.0\\powershell\.exe' -Verb RunAs -WindowStyle Hidden -Wait -PassThru/);
    assert.match(launcher, /exit \$p\.ExitCode/);
    assert.match(launcher, /NativeErrorCode -eq 1223\) \{ exit 1223 \}/);
  });

  test("the elevated script lists every volume's protectors as JSON with strings, and writes only to the given files", () => {
    const script = buildElevatedScript("C:\\T\\out.json", "C:\\T\\err.txt");
    for (const needle of ["Import-Module BitLocker", "Get-BitLockerVolume", "ConvertTo-Json -InputObject $volumes -Depth 4", "[string]$_.RecoveryPassword", "[string]$_.KeyProtectorId", "[string]$v.VolumeType", "DriveInfo", "UTF8Encoding($false)"]) {
      assert.ok(script.includes(needle), needle);
    }
    assert.deepEqual(writtenPaths(script), ["C:\\T\\out.json", "C:\\T\\err.txt"]);
    assert.ok(!/Write-Host|Write-Output|Out-File|Start-Transcript/.test(script), "no other output channel");
  });

  test("paths are quoted for PowerShell: an apostrophe in the user's name does not break out", () => {
    assert.equal(psQuote("C:\\Users\\O'Brien\\x"), "'C:\\Users\\O''Brien\\x'");
    assert.equal(psQuote("a\u2019b"), "'a\u2019\u2019b'", "PowerShell also ends strings at typographic quotes");
    const script = buildElevatedScript("C:\\Users\\O'Brien\\AppData\\Local\\Temp\\lifeboat-bitlocker-x\\volumes.json", "C:\\e");
    assert.deepEqual(writtenPaths(script)[0], "C:\\Users\\O'Brien\\AppData\\Local\\Temp\\lifeboat-bitlocker-x\\volumes.json");
  });

  test("-EncodedCommand is UTF-16LE base64, so non-ASCII paths survive", () => {
    assert.equal(decode(encodePowerShell("Zoë ✓")), "Zoë ✓");
    assert.equal(powerShellPath("D:\\WIN"), "D:\\WIN\\System32\\WindowsPowerShell\\v1.0\\powershell.exe");
  });
});

describe("Windows key reader: captured output", () => {
  test("Windows PowerShell 5.1 output: keys with computer, drive, type; locked and key-less drives explained", () => {
    const r = parseReaderOutput(READER_OUTPUT_PS51);
    assert.deepEqual(r.keys, [
      { keyId: "A1B2C3D4-E5F6-4A7B-8C9D-0E1F2A3B4C5D", recoveryPassword: PW[0], device: "DESKTOP-7H3K2LQ", volume: "C:", volumeType: "operatingSystem", origin: "get-bitlockervolume" },
      { keyId: "B2C3D4E5-F6A7-4B8C-9D0E-1F2A3B4C5D6E", recoveryPassword: PW[1], device: "DESKTOP-7H3K2LQ", volume: "E:", volumeType: "removableData", origin: "get-bitlockervolume" },
    ]);
    assert.deepEqual(
      r.skipped.map((s) => s.name),
      ["key D4E5F6A7-B8C9-4DAE-9F20-3B4C5D6E7F80 (DESKTOP-7H3K2LQ F:)", "DESKTOP-7H3K2LQ F:", "DESKTOP-7H3K2LQ G:"],
    );
    assert.match(r.skipped[1]!.reason, /locked/);
    assert.match(r.skipped[2]!.reason, /no recovery password.*-RecoveryPassword/);
    for (const s of r.skipped) assert.ok(!/\d{6}-\d{6}/.test(s.reason));
  });

  test("one volume (PowerShell writes an object, not an array), no volumes, a BOM, and garbage", () => {
    const one = JSON.stringify({ ComputerName: "PC", MountPoint: "C:", VolumeType: "OperatingSystem", DriveType: "Fixed", VolumeStatus: "FullyEncrypted", LockStatus: "Unlocked", KeyProtector: { KeyProtectorId: "{A1B2C3D4-E5F6-4A7B-8C9D-0E1F2A3B4C5D}", KeyProtectorType: "RecoveryPassword", RecoveryPassword: PW[3] } });
    assert.equal(parseReaderOutput(`\uFEFF${one}`).keys[0]?.recoveryPassword, PW[3]);
    assert.deepEqual(parseReaderOutput("[]"), { keys: [], skipped: [] });
    assert.deepEqual(parseReaderOutput(""), { keys: [], skipped: [] });
    assert.throws(() => parseReaderOutput("Get-BitLockerVolume : Access denied"), (e: unknown) => e instanceof WindowsKeyReaderError && e.reason === "failed");
  });
});

describe("Windows key reader: a run with a stand-in for PowerShell", () => {
  let parent = "";
  before(async () => {
    parent = await fsp.mkdtemp(path.join(os.tmpdir(), "lifeboat-test-blreader-"));
  });
  after(async () => {
    await fsp.rm(parent, { recursive: true, force: true });
  });

  /** A runner that does what the elevated script would: write `content` to a file, exit with `code`. */
  function fake(code: number | null, write?: { file: "out" | "err"; content: string }, timedOut = false): { runner: PowerShellRunner; seen: { file: string; dir: string }[] } {
    const seen: { file: string; dir: string }[] = [];
    const runner: PowerShellRunner = async (file, args) => {
      const [out, err] = writtenPaths(scriptsOf(args).elevated);
      assert.ok(out && err);
      assert.equal(path.basename(out), OUTPUT_FILE);
      assert.equal(path.basename(err), ERROR_FILE);
      const dir = path.dirname(out);
      seen.push({ file, dir });
      if (process.platform !== "win32") assert.equal((await fsp.stat(dir)).mode & 0o777, 0o700, "a private directory");
      if (write) await fsp.writeFile(write.file === "out" ? out : err, write.content);
      return { exitCode: code, timedOut };
    };
    return { runner, seen };
  }

  async function assertGone(seen: { dir: string }[]): Promise<void> {
    assert.equal(seen.length, 1);
    await assert.rejects(fsp.stat(seen[0]!.dir), { code: "ENOENT" }, "the directory with the keys is deleted right after");
    assert.deepEqual(await fsp.readdir(parent), []);
  }

  test("success: keys read, the output deleted", async () => {
    const { runner, seen } = fake(0, { file: "out", content: READER_OUTPUT_PS51 });
    const r = await readLocalBitLockerKeys({ consent: true, platform: "win32", tempParent: parent, systemRoot: "C:\\Windows", run: runner });
    assert.equal(r.keys.length, 2);
    assert.equal(seen[0]!.file, "C:\\Windows\\System32\\WindowsPowerShell\\v1.0\\powershell.exe");
    await assertGone(seen);
  });

  test("the UAC prompt declined", async () => {
    const { runner, seen } = fake(UAC_CANCELLED_EXIT);
    await assert.rejects(readLocalBitLockerKeys({ consent: true, platform: "win32", tempParent: parent, run: runner }), (e: unknown) => e instanceof WindowsKeyReaderError && e.reason === "cancelled" && /declined/.test(e.message));
    await assertGone(seen);
  });

  test("Windows refused (the script's error file), the output deleted even so", async () => {
    const { runner, seen } = fake(SCRIPT_FAILED_EXIT, { file: "err", content: "Microsoft.Management.Infrastructure.CimException: Access denied\r\n" });
    await assert.rejects(readLocalBitLockerKeys({ consent: true, platform: "win32", tempParent: parent, run: runner }), (e: unknown) => e instanceof WindowsKeyReaderError && e.reason === "failed" && /Access denied/.test(e.message));
    await assertGone(seen);
  });

  test("no output, an unexpected exit code, and a timeout", async () => {
    for (const [code, timedOut, reason] of [
      [0, false, "failed"],
      [1, false, "failed"],
      [null, true, "timeout"],
    ] as const) {
      const { runner, seen } = fake(code, undefined, timedOut);
      await assert.rejects(readLocalBitLockerKeys({ consent: true, platform: "win32", tempParent: parent, run: runner }), (e: unknown) => e instanceof WindowsKeyReaderError && e.reason === reason);
      await assertGone(seen);
    }
  });

  test("not on Windows, or without the user's consent: nothing is started", async () => {
    const { runner, seen } = fake(0, { file: "out", content: "[]" });
    await assert.rejects(readLocalBitLockerKeys({ consent: true, platform: "linux", tempParent: parent, run: runner }), (e: unknown) => e instanceof WindowsKeyReaderError && e.reason === "not-windows");
    await assert.rejects(readLocalBitLockerKeys({ consent: false, platform: "win32", tempParent: parent, run: runner }), (e: unknown) => e instanceof WindowsKeyReaderError && e.reason === "no-consent");
    assert.equal(seen.length, 0);
    assert.deepEqual(await fsp.readdir(parent), []);
  });
});
