// Line folding for iCalendar and vCard text (RFC 5545 §3.1, RFC 6350 §3.2): content lines longer
// than 75 octets are split, each continuation starting with one space. ical.js folds by characters,
// so lines with non-ASCII text (Cyrillic TZIDs, umlauts) came out longer than 75 octets; this
// re-folds by UTF-8 octets and never splits a character.

const LIMIT = 75;

function octets(codePoint: number): number {
  return codePoint < 0x80 ? 1 : codePoint < 0x800 ? 2 : codePoint < 0x10000 ? 3 : 4;
}

function foldLine(line: string): string {
  const out: string[] = [];
  let current = "";
  let size = 0;
  let limit = LIMIT;
  for (const ch of line) {
    const n = octets(ch.codePointAt(0) ?? 0);
    if (size + n > limit) {
      out.push(current);
      current = " ";
      size = 1;
      limit = LIMIT;
    }
    current += ch;
    size += n;
  }
  out.push(current);
  return out.join("\r\n");
}

/** Unfolds `text` and folds it again at 75 octets; line ends become CRLF. */
export function refold(text: string): string {
  const lines = text.replace(/\r\n[ \t]/g, "").split(/\r\n/);
  if (lines[lines.length - 1] === "") lines.pop();
  return lines.map(foldLine).join("\r\n") + "\r\n";
}

/** Applies `fix` to each unfolded content line whose name (before ; or :) is in `names`, then refolds. */
export function rewriteLines(text: string, names: Set<string>, fix: (line: string) => string): string {
  const lines = text.replace(/\r\n[ \t]/g, "").split(/\r\n/);
  const fixed = lines.map((line) => {
    const name = /^([A-Za-z0-9-]+)[;:]/.exec(line)?.[1]?.toUpperCase();
    return name && names.has(name) ? fix(line) : line;
  });
  return refold(fixed.join("\r\n"));
}
