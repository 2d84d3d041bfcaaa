// A BitLocker recovery password: 8 groups of 6 digits. Each group is a 16-bit slice of the 128-bit
// key multiplied by 11, so every group is divisible by 11 and below 65536 × 11 = 720896; the 6th
// digit is thereby a check digit of the first five. There is no checksum across groups, so a
// mistyped group can be found, but a wrong (valid-looking) group cannot. Research notes §2.1.
//
// Error messages name the group (1–8) and why it is wrong, never its digits: an error can end up
// in a log, a screenshot or a support ticket, while the user has the source (the file, the screen,
// the printout) in front of them and only needs to know where to look. The other seven groups
// are right most of the time, so echoing even one would give away a good part of the key.

import { ExitCode } from "../../../../shared/archive-types.js";
import { LifeboatError } from "../../errors.js";

export const GROUP_COUNT = 8;
export const GROUP_DIGITS = 6;
/** 2¹⁶ × 11: every group is below this. */
export const GROUP_LIMIT = 720896;

export type GroupProblem =
  /** More or fewer than 6 digits. */
  | "not-6-digits"
  /** Fails the per-group checksum: not divisible by 11 (its 6th digit does not match the first five). */
  | "not-divisible-by-11"
  /** Divisible by 11 but 720896 or more: no 16-bit value gives it. */
  | "too-large";

export type RecoveryPasswordProblem =
  | GroupProblem
  /** Nothing but separators. */
  | "empty"
  /** Something other than digits and separators, e.g. the letter O for a zero. */
  | "not-a-digit"
  /** Not 8 groups (and not 48 digits in a row either). */
  | "wrong-length";

const ORDINAL = ["first", "second", "third", "fourth", "fifth", "sixth", "seventh", "eighth"];

/** A recovery password that is not valid; `group` (1–8) says where, when one group is at fault. */
export class RecoveryPasswordError extends LifeboatError {
  constructor(
    message: string,
    readonly problem: RecoveryPasswordProblem,
    /** The first group at fault (1–8), when the problem is in a group. */
    readonly group?: number,
    /** Every group at fault, in order (at least `group`). */
    readonly groups: readonly number[] = group === undefined ? [] : [group],
  ) {
    super(message, ExitCode.usage, "bitlocker-invalid-password");
    this.name = "RecoveryPasswordError";
  }
}

/**
 * The check digit of a group's first five digits, as dislocker computes it:
 * (x1 − x2 + x3 − x4 + x5) mod 11, as a non-negative residue. 10 means no 6th digit can make the
 * group valid. (Microsoft's WMI documentation prints the signs inverted, which rejects real keys.)
 */
export function checkDigit(firstFive: string): number {
  if (!/^\d{5}$/.test(firstFive)) throw new RangeError("checkDigit needs exactly 5 digits");
  const d = [...firstFive].map(Number) as [number, number, number, number, number];
  const sum = d[0] - d[1] + d[2] - d[3] + d[4];
  return ((sum % 11) + 11) % 11;
}

/** Why one group (a string of digits) is not valid, or null when it is. */
export function groupProblem(group: string): GroupProblem | null {
  if (!/^\d{6}$/.test(group)) return "not-6-digits";
  const value = Number(group);
  // Both tests, as dislocker does them; for six digits they agree (10 ≡ −1 mod 11), and the check
  // digit one is what the recovery console applies as each block is typed.
  if (value % 11 !== 0 || checkDigit(group.slice(0, 5)) !== Number(group[5])) return "not-divisible-by-11";
  if (value >= GROUP_LIMIT) return "too-large";
  return null;
}

function describe(group: number, problem: GroupProblem, digits: number): string {
  const where = `group ${group} (the ${ORDINAL[group - 1] ?? `#${group}`} block of 6 digits)`;
  switch (problem) {
    case "not-6-digits":
      return `${where} has ${digits} digit${digits === 1 ? "" : "s"} instead of 6`;
    case "not-divisible-by-11":
      return `${where} fails its checksum: every block is divisible by 11 (its 6th digit is a check digit of the first five), so a digit in it is mistyped`;
    case "too-large":
      return `${where} is too large: every block is below 720896, so a digit in it is mistyped`;
  }
}

function others(groups: readonly number[]): string {
  if (groups.length === 0) return "";
  const list = groups.length === 1 ? `group ${groups[0]} is` : `groups ${groups.slice(0, -1).join(", ")} and ${groups[groups.length - 1]} are`;
  return ` (${list} also wrong)`;
}

// Separators people use or that copying brings in: ASCII and Unicode hyphens and dashes (PDFs and
// word processors turn "-" into "‐" or "–"), the minus sign, dots, underscores, and any white space
// including line breaks and no-break spaces.
const SEPARATORS = /[\s\u00a0\u2000-\u200b\u202f\u205f\u3000\-\u2010-\u2015\u2212\ufe63\uff0d._]+/u;

/** The groups of digits the user wrote, or a RecoveryPasswordError for anything else. */
function splitGroups(text: string): string[] {
  // NFKC turns full-width digits (typed with an East Asian input method) into ASCII ones.
  const tokens = text.normalize("NFKC").split(SEPARATORS).filter((t) => t !== "");
  if (tokens.length === 0) throw new RecoveryPasswordError("The recovery password is empty: it is 8 groups of 6 digits.", "empty");
  const bad = tokens.findIndex((t) => !/^\d+$/.test(t));
  if (bad >= 0) {
    const where = tokens.length === GROUP_COUNT ? ` in group ${bad + 1}` : "";
    throw new RecoveryPasswordError(
      `The recovery password has a character that is not a digit${where} (a letter O for a zero, or l for a one?): it is 8 groups of 6 digits.`,
      "not-a-digit",
      tokens.length === GROUP_COUNT ? bad + 1 : undefined,
    );
  }
  if (tokens.length === GROUP_COUNT) return tokens;
  // 48 digits written without separators, or split somewhere other than every 6 digits (a line
  // break in the middle of a group): cut them into groups of 6. Each group is still checked.
  const all = tokens.join("");
  if (all.length === GROUP_COUNT * GROUP_DIGITS) return all.match(/\d{6}/g) ?? [];
  const groupWord = tokens.length === 1 ? "1 group" : `${tokens.length} groups`;
  throw new RecoveryPasswordError(
    `The recovery password has ${groupWord} and ${all.length} digits: it is 8 groups of 6 digits (48 digits).`,
    "wrong-length",
  );
}

/**
 * Checks a recovery password as a user might paste or type it (spaces, dashes, line breaks, or 48
 * digits in a row) and returns it normalised: "dddddd-dddddd-dddddd-dddddd-dddddd-dddddd-dddddd-dddddd".
 * Throws RecoveryPasswordError naming the first wrong group and why.
 */
export function validateRecoveryPassword(text: string): string {
  const groups = splitGroups(text);
  const wrong: { group: number; problem: GroupProblem; digits: number }[] = [];
  groups.forEach((g, i) => {
    const problem = groupProblem(g);
    if (problem) wrong.push({ group: i + 1, problem, digits: g.length });
  });
  const first = wrong[0];
  if (first) {
    const rest = wrong.slice(1).map((w) => w.group);
    throw new RecoveryPasswordError(
      `This recovery password is not valid: ${describe(first.group, first.problem, first.digits)}${others(rest)}.`,
      first.problem,
      first.group,
      wrong.map((w) => w.group),
    );
  }
  return groups.join("-");
}

/** validateRecoveryPassword without the exception. */
export function checkRecoveryPassword(text: string): { ok: true; password: string } | { ok: false; error: RecoveryPasswordError } {
  try {
    return { ok: true, password: validateRecoveryPassword(text) };
  } catch (err) {
    if (err instanceof RecoveryPasswordError) return { ok: false, error: err };
    throw err;
  }
}

export function isValidRecoveryPassword(text: string): boolean {
  return checkRecoveryPassword(text).ok;
}
