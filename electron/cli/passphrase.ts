import { promises as fsp } from "node:fs";
import { NeedsPassphraseError } from "../engine/errors.js";

/** Reads the first line of a passphrase or key file (trailing newline and CR removed). */
export async function readSecretFile(file: string, what: string): Promise<string> {
  let text: string;
  try {
    text = await fsp.readFile(file, "utf8");
  } catch (err) {
    throw new NeedsPassphraseError(`Cannot read the ${what} file ${file} (${(err as NodeJS.ErrnoException).code ?? (err as Error).message}).`);
  }
  const line = text.split(/\r?\n/)[0] ?? "";
  if (!line) throw new NeedsPassphraseError(`The ${what} file ${file} is empty.`);
  return line;
}

export function canPrompt(): boolean {
  return !!process.stdin.isTTY && !!process.stderr.isTTY;
}

export async function promptSecret(message: string): Promise<string> {
  const { default: password } = await import("@inquirer/password");
  // The prompt goes to stderr: stdout is reserved for results (and --json).
  return password({ message, mask: "*" }, { output: process.stderr });
}

/** Rough strength hint (bits of entropy by character classes); a nudge, not a policy. */
export function passphraseStrength(p: string): { bits: number; verdict: "weak" | "fair" | "strong" } {
  let pool = 0;
  if (/[a-z]/.test(p)) pool += 26;
  if (/[A-Z]/.test(p)) pool += 26;
  if (/[0-9]/.test(p)) pool += 10;
  if (/[^a-zA-Z0-9]/.test(p)) pool += 33;
  const bits = Math.round(p.length * Math.log2(Math.max(pool, 1)));
  return { bits, verdict: bits < 50 ? "weak" : bits < 80 ? "fair" : "strong" };
}
