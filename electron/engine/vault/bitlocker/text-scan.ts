// Finding keys by their shape, not by the words around them: every format that carries a recovery
// password in text (the .TXT, manage-bde, pasted pages) is localised, and users re-save, print and
// paste. A protector id is a GUID; a recovery password is 8 groups of digits. MeshCentral learnt
// this the hard way with French manage-bde output (research notes §2.3).

import { GUID_SOURCE, normaliseKeyId } from "./key-id.js";

export interface TextHit {
  /** Where it starts and ends in the text. */
  index: number;
  end: number;
  /** The text as found. */
  text: string;
}

export interface GuidHit extends TextHit {
  /** Upper case, no braces. */
  id: string;
  /** Written inside braces, as manage-bde and PowerShell do. */
  braced: boolean;
}

// Not preceded or followed by more hex or dashes: a GUID inside a longer token is not an id.
const GUID_RE = new RegExp(`(?<![0-9A-Fa-f-])(\\{\\s*)?(${GUID_SOURCE})(\\s*\\})?(?![0-9A-Fa-f-])`, "g");

export function findGuids(text: string): GuidHit[] {
  const out: GuidHit[] = [];
  for (const m of text.matchAll(GUID_RE)) {
    const id = normaliseKeyId(m[2] ?? "");
    if (!id) continue;
    out.push({ index: m.index, end: m.index + m[0].length, text: m[0], id, braced: !!m[1] && !!m[3] });
  }
  return out;
}

const DASH = "[\\-\\u2010-\\u2015\\u2212]";
const SPACE = "[ \\t\\u00a0]";
// Groups of 1–8 digits joined by dashes (with spaces around them, or a line break after them, as a
// password wrapped in a narrow window or a PDF comes out): 6 to 12 groups, so that a password with
// a missing or an extra group is still found and reported, while dates (3 groups), all-digit GUIDs
// (5) and phone numbers are not.
const DASHED_RE = new RegExp(
  `(?<![\\d\\-\\u2010-\\u2015\\u2212])\\d{1,8}(?:${SPACE}*${DASH}${SPACE}*(?:\\r?\\n${SPACE}*)?\\d{1,8}){5,11}(?!\\d|${DASH}\\d)`,
  "g",
);
// Groups joined by spaces only count as exactly 8 groups of 6 digits, not part of a longer run of
// numbers: looser, they would catch ordinary numbers. (The neighbours are checked in code: a
// variable-length lookbehind over white space would make long blank stretches quadratic.)
const SPACED_RE = new RegExp(`(?<!\\d)\\d{6}(?:${SPACE}+\\d{6}){7}(?!\\d)`, "g");
// 48 digits in a row (and runs of 40–56, so that a dropped or doubled digit is reported).
const RUN_RE = /(?<!\d)\d{40,56}(?!\d)/g;

function isSpace(c: string | undefined): boolean {
  return c === " " || c === "\t" || c === "\u00a0";
}

/** A digit before `index` or from `end` on, with only spaces (or tabs) in between. */
function digitNearby(text: string, index: number, end: number): boolean {
  let i = index - 1;
  while (i >= 0 && isSpace(text[i])) i--;
  if (i < index - 1 && /\d/.test(text[i] ?? "")) return true;
  let j = end;
  while (j < text.length && isSpace(text[j])) j++;
  return j > end && /\d/.test(text[j] ?? "");
}

/** Everything that looks like a recovery password, valid or not, in text order. */
export function findPasswordCandidates(text: string): TextHit[] {
  const out: TextHit[] = [];
  for (const m of text.matchAll(DASHED_RE)) out.push({ index: m.index, end: m.index + m[0].length, text: m[0] });
  for (const m of text.matchAll(SPACED_RE)) {
    const end = m.index + m[0].length;
    if (!digitNearby(text, m.index, end)) out.push({ index: m.index, end, text: m[0] });
  }
  for (const m of text.matchAll(RUN_RE)) out.push({ index: m.index, end: m.index + m[0].length, text: m[0] });
  return out.sort((a, b) => a.index - b.index);
}

/** 1-based line numbers of positions in `text`, for "line 12" in messages (one pass, then a binary search each). */
export function lineCounter(text: string): (index: number) => number {
  const starts = [0];
  for (let i = text.indexOf("\n"); i !== -1; i = text.indexOf("\n", i + 1)) starts.push(i + 1);
  return (index) => {
    let lo = 0;
    let hi = starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (starts[mid]! <= index) lo = mid;
      else hi = mid - 1;
    }
    return lo + 1;
  };
}

/** The text split into lines (CRLF, LF or CR), without the line ends. */
export function splitLines(text: string): string[] {
  return text.split(/\r\n|\r|\n/);
}
