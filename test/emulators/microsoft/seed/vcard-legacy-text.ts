// Real .vcf files before a vCard 3.0/4.0 parser can read them, as Outlook's importer reads them:
//   - bytes: a UTF-16 (LE/BE) or UTF-8 BOM decides the encoding; else UTF-8 if the bytes are valid
//     UTF-8, else the importing machine's ANSI code page (Windows-1252 unless told otherwise; a
//     Greek Windows reads Windows-1253);
//   - line ends: CR LF, LF, CR and the iPhone's CR CR LF are all one line end;
//   - vCard 2.1: QUOTED-PRINTABLE values (soft line breaks joined, bytes decoded with the value's
//     CHARSET or the file's encoding), bare parameters (TEL;WORK;VOICE -> TYPE=WORK,VOICE),
//     ENCODING=BASE64 -> ENCODING=b, VERSION:2.1 -> 3.0.
// The result is vCard 3.0/4.0 text that ical.js parses.

const QP = /(?:^|;)(?:ENCODING=)?QUOTED-PRINTABLE(?:;|$)/i;

export interface DecodedVcf {
  text: string;
  /** What the bytes were read as: "utf-8", "utf-16le", "utf-16be" or the ANSI code page. */
  charset: string;
}

export function decodeVcfBytes(input: string | Uint8Array, ansiCharset = "windows-1252"): DecodedVcf {
  if (typeof input === "string") return { text: input.replace(/^\uFEFF/, ""), charset: "utf-8" };
  const b = input;
  if (b[0] === 0xff && b[1] === 0xfe) return { text: new TextDecoder("utf-16le").decode(b.subarray(2)), charset: "utf-16le" };
  if (b[0] === 0xfe && b[1] === 0xff) return { text: new TextDecoder("utf-16be").decode(b.subarray(2)), charset: "utf-16be" };
  if (b[0] === 0xef && b[1] === 0xbb && b[2] === 0xbf) return { text: new TextDecoder("utf-8").decode(b.subarray(3)), charset: "utf-8" };
  try {
    return { text: new TextDecoder("utf-8", { fatal: true }).decode(b), charset: "utf-8" };
  } catch {
    return { text: new TextDecoder(ansiCharset).decode(b), charset: ansiCharset };
  }
}

/** Splits "group.NAME;params:value" at the first colon outside a quoted parameter value. */
function splitLine(line: string): { head: string; value: string } | undefined {
  let quoted = false;
  for (let i = 0; i < line.length; i++) {
    const c = line[i];
    if (c === '"') quoted = !quoted;
    else if (c === ":" && !quoted) return { head: line.slice(0, i), value: line.slice(i + 1) };
  }
  return undefined;
}

function decodeQuotedPrintable(value: string, charset: string): string {
  const bytes: number[] = [];
  for (let i = 0; i < value.length; i++) {
    const c = value.charCodeAt(i);
    if (value[i] === "=" && /^[0-9A-Fa-f]{2}$/.test(value.slice(i + 1, i + 3))) {
      bytes.push(parseInt(value.slice(i + 1, i + 3), 16));
      i += 2;
    } else if (c < 0x80) {
      bytes.push(c);
    } else {
      // An already-decoded non-ASCII character (UTF-16 files): keep it as UTF-8.
      bytes.push(...new TextEncoder().encode(value[i]));
    }
  }
  try {
    return new TextDecoder(charset).decode(new Uint8Array(bytes));
  } catch {
    return new TextDecoder("windows-1252").decode(new Uint8Array(bytes));
  }
}

/** Logical lines: unfolded, with quoted-printable soft line breaks joined. */
function logicalLines(text: string): string[] {
  const raw = text.replace(/\r*\n/g, "\n").replace(/\r/g, "\n").split("\n");
  const out: string[] = [];
  for (const line of raw) {
    const prev = out.length > 0 ? out[out.length - 1] : undefined;
    const prevHead = prev !== undefined ? splitLine(prev)?.head ?? "" : "";
    if (prev !== undefined && QP.test(prevHead) && prev.endsWith("=")) {
      out[out.length - 1] = prev.slice(0, -1) + line;
    } else if (prev !== undefined && (line.startsWith(" ") || line.startsWith("\t"))) {
      out[out.length - 1] = prev + line.slice(1);
    } else if (line.length > 0) {
      out.push(line);
    }
  }
  return out;
}

const BARE_ENCODINGS = new Set(["QUOTED-PRINTABLE", "BASE64", "B", "8BIT", "7BIT"]);

/** vCard 3.0/4.0 text for ical.js from any vCard text (see the module comment). */
export function modernizeVcard(text: string, fileCharset: string): string {
  const out: string[] = [];
  for (const line of logicalLines(text)) {
    const parts = splitLine(line);
    if (!parts) continue; // not a content line (stray base64 tail, junk): readers skip it too
    const [nameWithGroup = "", ...rawParams] = parts.head.split(";");
    const name = nameWithGroup.replace(/^.*\./, "").toUpperCase();
    let value = parts.value;
    const params: string[] = [];
    const types: string[] = [];
    let encoding = "";
    let charset = "";
    for (const p of rawParams) {
      const eq = p.indexOf("=");
      if (eq < 0) {
        const bare = p.trim().toUpperCase();
        if (BARE_ENCODINGS.has(bare)) encoding = bare;
        else if (bare.length > 0) types.push(bare);
        continue;
      }
      const key = p.slice(0, eq).trim().toUpperCase();
      const v = p.slice(eq + 1).trim();
      if (key === "ENCODING") encoding = v.toUpperCase();
      else if (key === "CHARSET") charset = v;
      else if (key === "TYPE") types.push(...v.replace(/^"|"$/g, "").split(",").filter((t) => t.length > 0));
      else params.push(`${key}=${v}`);
    }
    if (encoding === "QUOTED-PRINTABLE") {
      value = decodeQuotedPrintable(value, charset || (fileCharset.startsWith("utf-16") ? "utf-8" : fileCharset)).replace(/\r\n|\r|\n/g, "\\n");
    } else if (encoding === "BASE64" || encoding === "B") {
      value = value.replace(/\s+/g, "");
      params.push("ENCODING=b");
    }
    if (name === "VERSION" && value.trim() === "2.1") value = "3.0";
    if (types.length > 0) params.unshift(`TYPE=${types.join(",")}`);
    out.push(`${nameWithGroup}${params.map((p) => `;${p}`).join("")}:${value}`);
  }
  return out.join("\r\n") + "\r\n";
}
