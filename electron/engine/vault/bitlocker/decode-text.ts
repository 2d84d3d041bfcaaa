// Bytes of a text file to a string, whatever Windows or the user's editor wrote: Windows saves the
// recovery key .TXT as UTF-16LE with a byte-order mark (research notes §2.3, a strong inference),
// PowerShell 5's `>` redirection writes UTF-16LE too, and a re-saved or pasted copy may be UTF-8
// (with or without BOM), UTF-16BE, or the ANSI code page. Digits and GUIDs are ASCII in all of them;
// the encoding matters for the labels only, which are used to enrich, never to find, the keys.

export type TextEncodingName = "utf-16le" | "utf-16be" | "utf-8" | "windows-1252";

export interface DecodedText {
  text: string;
  encoding: TextEncodingName;
  /** Whether the file started with a byte-order mark. */
  bom: boolean;
}

function decodeUtf16(bytes: Buffer, bigEndian: boolean): string {
  // An odd trailing byte (a file cut short) is dropped rather than turned into garbage.
  const even = bytes.subarray(0, bytes.length - (bytes.length % 2));
  if (!bigEndian) return even.toString("utf16le");
  const swapped = Buffer.from(even);
  swapped.swap16();
  return swapped.toString("utf16le");
}

/**
 * Without a BOM, UTF-16 still shows itself: ASCII text has a zero in every other byte. Counted over
 * the first bytes; a real UTF-8 or ANSI text file has (almost) no zero bytes at all.
 */
function sniffUtf16(bytes: Buffer): "le" | "be" | undefined {
  const n = Math.min(bytes.length - (bytes.length % 2), 4096);
  if (n < 4) return undefined;
  let evenZeros = 0;
  let oddZeros = 0;
  for (let i = 0; i < n; i += 2) {
    if (bytes[i] === 0) evenZeros++;
    if (bytes[i + 1] === 0) oddZeros++;
  }
  const pairs = n / 2;
  if (oddZeros > pairs * 0.3 && evenZeros < pairs * 0.05) return "le";
  if (evenZeros > pairs * 0.3 && oddZeros < pairs * 0.05) return "be";
  return undefined;
}

export function decodeText(bytes: Buffer): DecodedText {
  if (bytes.length >= 2 && bytes[0] === 0xff && bytes[1] === 0xfe) return { text: decodeUtf16(bytes.subarray(2), false), encoding: "utf-16le", bom: true };
  if (bytes.length >= 2 && bytes[0] === 0xfe && bytes[1] === 0xff) return { text: decodeUtf16(bytes.subarray(2), true), encoding: "utf-16be", bom: true };
  if (bytes.length >= 3 && bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) {
    return { text: bytes.subarray(3).toString("utf8"), encoding: "utf-8", bom: true };
  }
  const sniffed = sniffUtf16(bytes);
  if (sniffed) return { text: decodeUtf16(bytes, sniffed === "be"), encoding: sniffed === "be" ? "utf-16be" : "utf-16le", bom: false };
  try {
    return { text: new TextDecoder("utf-8", { fatal: true }).decode(bytes), encoding: "utf-8", bom: false };
  } catch {
    // Not UTF-8: Notepad's "ANSI" on a Western European Windows. latin1 is windows-1252 but for
    // 0x80–0x9F (curly quotes, €), which only ever appear in labels.
    return { text: bytes.toString("latin1"), encoding: "windows-1252", bom: false };
  }
}
