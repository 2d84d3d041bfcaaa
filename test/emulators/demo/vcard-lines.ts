// The text rules vCard 3.0 (RFC 2426) and 4.0 (RFC 6350) share: value escaping, structured values,
// and folding content lines at 75 octets without splitting a UTF-8 character, CRLF line ends.

/** Escapes a text value: backslash, comma, semicolon and newline. */
export function escapeText(s: string): string {
  return s.replace(/\\/g, "\\\\").replace(/,/g, "\\,").replace(/;/g, "\\;").replace(/\r?\n/g, "\\n");
}

/** A structured value (N, ADR, ORG): components escaped, joined by ";". */
export function structured(parts: ReadonlyArray<string | undefined>): string {
  return parts.map((p) => escapeText(p ?? "")).join(";");
}

/** Folds one content line: at most 75 octets per physical line, continuation lines start with a space. */
export function foldLine(line: string): string {
  const out: string[] = [];
  let current = "";
  let octets = 0;
  let limit = 75;
  for (const ch of line) {
    const n = Buffer.byteLength(ch, "utf8");
    if (octets + n > limit) {
      out.push(current);
      current = " ";
      octets = 1;
      limit = 75;
    }
    current += ch;
    octets += n;
  }
  out.push(current);
  return out.join("\r\n");
}

/** A whole card from its content lines (without BEGIN/END). */
export function card(lines: readonly string[]): string {
  return ["BEGIN:VCARD", ...lines, "END:VCARD"].map(foldLine).join("\r\n") + "\r\n";
}
