// The kit uses only the PDF standard fonts (Helvetica, Courier): every PDF reader and printer has
// them, nothing is downloaded or embedded, and the output does not depend on the fonts of the
// machine that made it. Their encoding (WinAnsi) covers Latin-1 plus a few typographic signs, so
// other text (an issuer in Cyrillic, Greek, CJK...) would print as garbage. It is rewritten here:
// accented letters outside WinAnsi lose their accent ("ő" → "o", "ł" → "l"); what is left that
// cannot be printed becomes "?", and the caller says so next to it. Nothing is lost for the user:
// the QR code carries the full name, and the app shows it after scanning.

// The WinAnsi code points above Latin-1's printable ASCII and 0xA0–0xFF.
const WIN_ANSI_EXTRA = new Set("€‚ƒ„…†‡ˆ‰Š‹ŒŽ‘’“”•–—˜™š›œžŸ");

// Letters NFKD does not decompose.
const BASE_LETTER: Record<string, string> = { ł: "l", Ł: "L", đ: "d", Đ: "D", ħ: "h", Ħ: "H", ı: "i", ŀ: "l", Ŀ: "L", ŧ: "t", Ŧ: "T", ĸ: "k", ŉ: "'n" };

function printable(ch: string): boolean {
  const c = ch.codePointAt(0)!;
  return (c >= 0x20 && c <= 0x7e) || (c >= 0xa0 && c <= 0xff) || WIN_ANSI_EXTRA.has(ch);
}

export interface PdfText {
  text: string;
  /** True when some characters had to be replaced by "?" (accents dropped do not count). */
  lossy: boolean;
}

/** `text` in characters the standard fonts can print. Control characters become spaces. */
export function pdfText(text: string): PdfText {
  let out = "";
  let lossy = false;
  for (const ch of text.normalize("NFC")) {
    if (printable(ch)) {
      out += ch;
      continue;
    }
    if (/\s|\p{Cc}/u.test(ch)) {
      out += " ";
      continue;
    }
    const base = BASE_LETTER[ch] ?? ch.normalize("NFKD").replace(/\p{M}/gu, "");
    if (base !== "" && [...base].every(printable)) {
      out += base;
      continue;
    }
    out += "?";
    lossy = true;
  }
  return { text: out, lossy };
}
