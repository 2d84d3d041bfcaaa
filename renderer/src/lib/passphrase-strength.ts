// A small passphrase estimator (no library: zxcvbn and friends are large and unmaintained). It
// estimates entropy from the length and the character classes, then takes off for what attackers
// try first: common passwords (also with digits/symbols around them), one repeated character or
// chunk, keyboard and number runs. Good enough to steer people to long passphrases; the engine's
// scrypt work factor does the rest.
import { COMMON_PASSWORDS } from "./common-passwords.js";

export interface Strength {
  /** 0 very weak … 4 strong. */
  score: 0 | 1 | 2 | 3 | 4;
  bits: number;
  label: string;
  /** What would make it better, in people's words; empty when it is fine. */
  hint: string;
  /** Whether the app accepts it for a new archive. */
  acceptable: boolean;
}

export const MIN_LENGTH = 12;
export const MIN_BITS = 50;

const RUNS = ["abcdefghijklmnopqrstuvwxyz", "0123456789", "qwertyuiopasdfghjklzxcvbnm", "azertyuiop", "qwertzuiop"];

function poolSize(p: string): number {
  let pool = 0;
  if (/[a-z]/.test(p)) pool += 26;
  if (/[A-Z]/.test(p)) pool += 26;
  if (/[0-9]/.test(p)) pool += 10;
  if (/[^a-zA-Z0-9\s]/.test(p)) pool += 33;
  if (/\s/.test(p)) pool += 1;
  if (/[^ -~\s]/.test(p)) pool += 100; // anything beyond printable ASCII
  return Math.max(pool, 1);
}

/** Length after collapsing repeats ("aaaa" → "a", "abcabcabc" → "abc") and keyboard/number runs. */
function effectiveLength(p: string): number {
  const lower = p.toLowerCase();
  const chunk = /^(.+?)\1+$/.exec(lower);
  if (chunk) return chunk[1]!.length + 1;
  let len = 0;
  let i = 0;
  while (i < lower.length) {
    let run = 1;
    for (const seq of RUNS) {
      const at = seq.indexOf(lower[i]!);
      if (at < 0) continue;
      let k = 1;
      while (i + k < lower.length && seq[at + k] === lower[i + k]) k++;
      run = Math.max(run, k);
    }
    // A run of 3 or more counts as about two characters' worth of guessing.
    len += run >= 3 ? 2 : 1;
    i += run >= 3 ? run : 1;
  }
  return len;
}

function isCommon(p: string): boolean {
  const lower = p.toLowerCase();
  if (COMMON_PASSWORDS.has(lower)) return true;
  const core = lower.replace(/^[^a-z]+|[^a-z]+$/g, "");
  return core.length > 0 && COMMON_PASSWORDS.has(core) && lower.length - core.length <= 4;
}

export function estimateStrength(p: string): Strength {
  if (p.length === 0) return { score: 0, bits: 0, label: "Empty", hint: `Use at least ${MIN_LENGTH} characters; a few unrelated words work well.`, acceptable: false };
  let bits = effectiveLength(p) * Math.log2(poolSize(p));
  if (isCommon(p)) bits = Math.min(bits, 10);
  // Several words separated by spaces or dashes are far harder than their letters suggest to a
  // rule-based cracker, but a dictionary attack sees ~11 bits per common word: do not overrate them.
  const words = p.split(/[\s\-_.]+/).filter((w) => w.length >= 3);
  if (words.length >= 4) bits = Math.max(bits, words.length * 11);
  bits = Math.round(bits);
  const score: Strength["score"] = bits < 28 ? 0 : bits < 40 ? 1 : bits < MIN_BITS ? 2 : bits < 70 ? 3 : 4;
  const labels = ["Very weak", "Weak", "Fair", "Good", "Strong"] as const;
  let hint = "";
  if (isCommon(p)) hint = "This is one of the most used passwords: attackers try it first.";
  else if (p.length < MIN_LENGTH) hint = `Use at least ${MIN_LENGTH} characters; a few unrelated words work well.`;
  else if (bits < MIN_BITS) hint = "Add another word or some unusual characters; avoid repeats and keyboard runs.";
  return { score, bits, label: labels[score], hint, acceptable: p.length >= MIN_LENGTH && bits >= MIN_BITS && !isCommon(p) };
}
