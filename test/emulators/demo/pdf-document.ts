// A small, valid PDF 1.4 written by hand (catalog, pages, the standard Helvetica font, one text
// stream per page, an exact cross-reference table), for the receipts, tickets and statements the
// demo account holds. Readers and the backup see a real PDF; nothing is needed to make one.

export interface PdfOptions {
  title: string;
  /** Lines of text; a line starting with "# " is set as a heading. About 48 lines fit a page. */
  lines: string[];
  /** Creation date written into the document information dictionary. */
  created: Date;
  author?: string;
}

const LINES_PER_PAGE = 48;

/**
 * Text in the standard fonts' WinAnsiEncoding (Latin-1 plus a few extras such as €): characters
 * outside it become "?", and ( ) \ are escaped, as a PDF literal string requires.
 */
function pdfString(s: string): Buffer {
  const bytes: number[] = [0x28];
  for (const ch of s) {
    let code = ch.codePointAt(0)!;
    if (ch === "€") code = 0x80;
    else if (ch === "–") code = 0x96;
    else if (ch === "—") code = 0x97;
    else if (ch === "’") code = 0x92;
    else if (ch === "“") code = 0x93;
    else if (ch === "”") code = 0x94;
    else if (ch === "•") code = 0x95;
    else if (code > 0xff || (code >= 0x80 && code < 0xa0) || code < 0x20) code = 0x3f;
    if (code === 0x28 || code === 0x29 || code === 0x5c) bytes.push(0x5c);
    bytes.push(code);
  }
  bytes.push(0x29);
  return Buffer.from(bytes);
}

/** A text string outside content streams (the document information), UTF-16BE with BOM. */
function pdfTextString(s: string): Buffer {
  const utf16be = Buffer.from(s, "utf16le").swap16();
  return Buffer.from(`<FEFF${utf16be.toString("hex").toUpperCase()}>`, "latin1");
}

function pdfDate(d: Date): string {
  const p = (n: number): string => String(n).padStart(2, "0");
  return `D:${d.getUTCFullYear()}${p(d.getUTCMonth() + 1)}${p(d.getUTCDate())}${p(d.getUTCHours())}${p(d.getUTCMinutes())}${p(d.getUTCSeconds())}Z`;
}

export function makePdf(opts: PdfOptions): Buffer {
  const pages: string[][] = [];
  for (let i = 0; i < Math.max(1, opts.lines.length); i += LINES_PER_PAGE) pages.push(opts.lines.slice(i, i + LINES_PER_PAGE));

  // Object numbers: 1 catalog, 2 pages, 3 font, 4 bold font, 5 info, then (page, content) pairs.
  const objects: Buffer[] = [];
  const pageIds = pages.map((_, i) => 6 + i * 2);
  objects[1] = Buffer.from("<< /Type /Catalog /Pages 2 0 R >>");
  objects[2] = Buffer.from(`<< /Type /Pages /Kids [${pageIds.map((id) => `${id} 0 R`).join(" ")}] /Count ${pages.length} >>`);
  objects[3] = Buffer.from("<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>");
  objects[4] = Buffer.from("<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica-Bold /Encoding /WinAnsiEncoding >>");
  objects[5] = Buffer.concat([
    Buffer.from("<< /Title "),
    pdfTextString(opts.title),
    Buffer.from(" /Author "),
    pdfTextString(opts.author ?? "Lifeboat demo account"),
    Buffer.from(` /Producer (Lifeboat demo seed) /CreationDate (${pdfDate(opts.created)}) >>`),
  ]);
  pages.forEach((lines, i) => {
    const parts: Buffer[] = [Buffer.from("BT\n/F2 16 Tf\n56 790 Td\n"), pdfString(opts.title), Buffer.from(" Tj\n/F1 10 Tf\n0 -28 Td\n14 TL\n")];
    for (const line of lines) {
      const heading = line.startsWith("# ");
      if (heading) parts.push(Buffer.from("/F2 11 Tf\n"));
      parts.push(pdfString(heading ? line.slice(2) : line), Buffer.from(" '\n"));
      if (heading) parts.push(Buffer.from("/F1 10 Tf\n"));
    }
    parts.push(Buffer.from(`ET\nBT\n/F1 8 Tf\n56 40 Td\n(Page ${i + 1} of ${pages.length}) Tj\nET\n`));
    const stream = Buffer.concat(parts);
    objects[pageIds[i]!] = Buffer.from(
      `<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /Font << /F1 3 0 R /F2 4 0 R >> >> /Contents ${pageIds[i]! + 1} 0 R >>`,
    );
    objects[pageIds[i]! + 1] = Buffer.concat([Buffer.from(`<< /Length ${stream.length} >>\nstream\n`), stream, Buffer.from("\nendstream")]);
  });

  // Header with a binary comment line, so transfer tools treat the file as binary (PDF 1.7 §7.5.2).
  const chunks: Buffer[] = [Buffer.from("%PDF-1.4\n%\xe2\xe3\xcf\xd3\n", "latin1")];
  let offset = chunks[0]!.length;
  const offsets: number[] = [];
  for (let id = 1; id < objects.length; id++) {
    offsets[id] = offset;
    const obj = Buffer.concat([Buffer.from(`${id} 0 obj\n`), objects[id]!, Buffer.from("\nendobj\n")]);
    chunks.push(obj);
    offset += obj.length;
  }
  // Cross-reference entries are exactly 20 bytes: 10-digit offset, 5-digit generation, type, EOL.
  let xref = `xref\n0 ${objects.length}\n0000000000 65535 f \n`;
  for (let id = 1; id < objects.length; id++) xref += `${String(offsets[id]).padStart(10, "0")} 00000 n \n`;
  xref += `trailer\n<< /Size ${objects.length} /Root 1 0 R /Info 5 0 R >>\nstartxref\n${offset}\n%%EOF\n`;
  chunks.push(Buffer.from(xref, "latin1"));
  return Buffer.concat(chunks);
}
