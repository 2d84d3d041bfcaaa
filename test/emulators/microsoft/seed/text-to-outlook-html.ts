// Outlook keeps event bodies as HTML: a plain-text DESCRIPTION imported from a .ics file comes back
// from Graph as a small HTML document, which is what the emulator serves too (so clients meet the
// HTML path they meet on the real service).

const ESCAPES: Record<string, string> = { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;" };

export function textToOutlookHtml(text: string): string {
  if (text.length === 0) return "";
  const escaped = text
    .replace(/\r\n?/g, "\n")
    .replace(/[&<>"]/g, (c) => ESCAPES[c] ?? c)
    // Runs of spaces would collapse in HTML; Outlook keeps them as &nbsp;.
    .replace(/ {2,}/g, (run) => " " + "&nbsp;".repeat(run.length - 1))
    .replace(/\n/g, "<br>\r\n");
  return (
    '<html>\r\n<head>\r\n<meta http-equiv="Content-Type" content="text/html; charset=utf-8">\r\n</head>\r\n' +
    `<body>\r\n<div>${escaped}</div>\r\n</body>\r\n</html>\r\n`
  );
}
