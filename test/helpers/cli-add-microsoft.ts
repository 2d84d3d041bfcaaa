// `lifeboat add microsoft --device-code` in a child process, with the printed code approved by the
// emulated user "on another device", as a person without a browser on the backup machine does it.
// The sign-in lands in whatever keychain the child's environment reaches (a private test keyring).
import { spawn } from "node:child_process";
import { approveDeviceCode, parseDeviceCodeMessage, type EmulatedUser } from "../emulators/microsoft/emulated-user.js";
import type { MicrosoftEmulators } from "../emulators/microsoft/start-microsoft-emulators.js";
import { CLI } from "./cli-harness.js";

export function cliAddMicrosoft(emu: MicrosoftEmulators, user: EmulatedUser, env: NodeJS.ProcessEnv): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const args = [CLI, "add", "microsoft", "--device-code", "--json", "--authority", emu.identity.authority("common"), "--graph", emu.graphUrl];
    const child = spawn(process.execPath, args, { env, stdio: ["ignore", "pipe", "pipe"] });
    let stdout = "";
    let stderr = "";
    let approving: Promise<unknown> | undefined;
    child.stdout.on("data", (d: Buffer) => (stdout += d.toString()));
    child.stderr.on("data", (d: Buffer) => {
      stderr += d.toString();
      const found = approving ? null : parseDeviceCodeMessage(stderr);
      if (found) approving = approveDeviceCode(found.verificationUri, found.userCode, user, emu.caCertPem).catch(reject);
    });
    child.on("error", reject);
    child.on("close", (code) => resolve({ code: code ?? -1, stdout, stderr }));
  });
}
