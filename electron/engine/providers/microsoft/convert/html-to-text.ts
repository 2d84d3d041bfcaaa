// Plain text from the HTML bodies Graph returns for events (DESCRIPTION must be text; the HTML
// itself goes into X-ALT-DESC). Not a general HTML renderer: it follows the rules that matter for
// Outlook's bodies - source whitespace collapses, <br> and block ends break lines, entities decode.

const NAMED: Record<string, string> = {
  amp: "&", lt: "<", gt: ">", quot: '"', apos: "'", nbsp: "\u00a0", copy: "\u00a9", reg: "\u00ae",
  hellip: "\u2026", mdash: "\u2014", ndash: "\u2013", lsquo: "\u2018", rsquo: "\u2019", ldquo: "\u201c",
  rdquo: "\u201d", bull: "\u2022", euro: "\u20ac", trade: "\u2122",
};

function decodeEntities(s: string): string {
  return s.replace(/&(#x[0-9a-f]+|#\d+|[a-z]+);/gi, (whole, body: string) => {
    if (body[0] === "#") {
      const code = body[1] === "x" || body[1] === "X" ? parseInt(body.slice(2), 16) : parseInt(body.slice(1), 10);
      return Number.isFinite(code) && code > 0 && code <= 0x10ffff ? String.fromCodePoint(code) : whole;
    }
    return NAMED[body.toLowerCase()] ?? whole;
  });
}

export function htmlToText(html: string): string {
  const text = html
    .replace(/<!--[\s\S]*?-->/g, "")
    .replace(/<(head|style|script|title)\b[\s\S]*?<\/\1\s*>/gi, "")
    .replace(/<!DOCTYPE[^>]*>/gi, "")
    .replace(/\s+/g, " ")
    .replace(/<br\s*\/?>/gi, "\n")
    .replace(/<\/(p|div|li|tr|h[1-6]|blockquote|pre|table)\s*>/gi, "\n")
    .replace(/<[^>]*>/g, "");
  // Spaces next to tags pile up once the tags are gone; &nbsp; (U+00A0) is meant and stays until
  // the ordinary spaces are tidied, then becomes a space.
  return decodeEntities(text)
    .split("\n")
    .map((line) => line.replace(/ {2,}/g, " ").replace(/^ +| +$/g, "").replace(/\u00a0/g, " "))
    .join("\n")
    .replace(/^\n+|\n+$/g, "");
}
