// Structural checks of the file formats the demo account writes by hand (PNG, JPEG, PDF, ZIP) and
// of BitLocker recovery passwords, for the tests: the demo must be real files, and a backup test
// that restores them can use the same checks. Each check throws with the reason on bad input.
import { crc32, inflateRawSync, inflateSync } from "node:zlib";

const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

/** PNG: signature, chunk CRCs, IHDR first and IEND last, and IDAT inflating to exactly the pixel rows. */
export function checkPng(buf: Buffer): { width: number; height: number } {
  if (!buf.subarray(0, 8).equals(PNG_SIGNATURE)) throw new Error("PNG: bad signature");
  let off = 8;
  let width = 0;
  let height = 0;
  let bytesPerPixel = 0;
  const idat: Buffer[] = [];
  const types: string[] = [];
  while (off < buf.length) {
    if (off + 12 > buf.length) throw new Error("PNG: truncated chunk");
    const len = buf.readUInt32BE(off);
    const type = buf.toString("latin1", off + 4, off + 8);
    const end = off + 12 + len;
    if (end > buf.length) throw new Error(`PNG: chunk ${type} runs past the end`);
    const crc = buf.readUInt32BE(off + 8 + len);
    if ((crc32(buf.subarray(off + 4, off + 8 + len)) >>> 0) !== crc) throw new Error(`PNG: CRC mismatch in ${type}`);
    const data = buf.subarray(off + 8, off + 8 + len);
    if (type === "IHDR") {
      width = data.readUInt32BE(0);
      height = data.readUInt32BE(4);
      const depth = data[8]!;
      const colour = data[9]!;
      const channels = { 0: 1, 2: 3, 4: 2, 6: 4 }[colour as 0 | 2 | 4 | 6];
      if (depth !== 8 || channels === undefined) throw new Error(`PNG: unexpected depth ${depth} / colour type ${colour}`);
      bytesPerPixel = channels;
    }
    if (type === "IDAT") idat.push(data);
    types.push(type);
    off = end;
  }
  if (types[0] !== "IHDR" || types[types.length - 1] !== "IEND") throw new Error(`PNG: chunk order ${types.join(",")}`);
  const raw = inflateSync(Buffer.concat(idat));
  const stride = width * bytesPerPixel + 1;
  if (raw.length !== stride * height) throw new Error(`PNG: ${raw.length} bytes of pixel data, expected ${stride * height}`);
  for (let y = 0; y < height; y++) if (raw[y * stride]! > 4) throw new Error(`PNG: bad filter type on row ${y}`);
  return { width, height };
}

/**
 * JPEG: SOI, well-formed marker segments (lengths in bounds), a baseline or progressive frame
 * header, a scan whose entropy-coded data only holds 0xFF as stuffed bytes or restart markers, EOI.
 */
export function checkJpeg(buf: Buffer): { width: number; height: number } {
  if (buf[0] !== 0xff || buf[1] !== 0xd8) throw new Error("JPEG: no SOI");
  let off = 2;
  let width = 0;
  let height = 0;
  const seen = new Set<number>();
  while (off < buf.length) {
    if (buf[off] !== 0xff) throw new Error(`JPEG: expected a marker at ${off}`);
    const marker = buf[off + 1]!;
    seen.add(marker);
    if (marker === 0xd9) {
      if (off + 2 !== buf.length) throw new Error("JPEG: data after EOI");
      break;
    }
    const len = buf.readUInt16BE(off + 2);
    if (len < 2 || off + 2 + len > buf.length) throw new Error(`JPEG: segment ${marker.toString(16)} length out of bounds`);
    if (marker === 0xc0 || marker === 0xc2) {
      height = buf.readUInt16BE(off + 5);
      width = buf.readUInt16BE(off + 7);
    }
    off += 2 + len;
    if (marker === 0xda) {
      // Entropy-coded data up to the next marker that is neither a stuffed 0x00 nor a restart.
      while (off < buf.length) {
        if (buf[off] === 0xff) {
          const next = buf[off + 1]!;
          if (next === 0x00 || (next >= 0xd0 && next <= 0xd7)) {
            off += 2;
            continue;
          }
          break;
        }
        off++;
      }
    }
  }
  for (const required of [0xdb, 0xc4, 0xda, 0xd9]) if (!seen.has(required)) throw new Error(`JPEG: no ${required.toString(16)} marker`);
  if (!seen.has(0xc0) && !seen.has(0xc2)) throw new Error("JPEG: no frame header");
  if (width < 1 || height < 1) throw new Error("JPEG: empty frame");
  return { width, height };
}

/** PDF: header, %%EOF, startxref pointing at the xref table, and every in-use entry at its "N 0 obj". */
export function checkPdf(buf: Buffer): { objects: number } {
  const text = buf.toString("latin1");
  if (!text.startsWith("%PDF-1.")) throw new Error("PDF: no header");
  if (!/%%EOF\s*$/.test(text)) throw new Error("PDF: no %%EOF");
  const m = /startxref\s+(\d+)\s+%%EOF\s*$/.exec(text);
  if (!m) throw new Error("PDF: no startxref");
  const xrefAt = Number(m[1]);
  if (!text.startsWith("xref", xrefAt)) throw new Error("PDF: startxref does not point at xref");
  const head = /^xref\s+0 (\d+)\s+/.exec(text.slice(xrefAt));
  if (!head) throw new Error("PDF: bad xref header");
  const count = Number(head[1]);
  let at = xrefAt + head[0].length;
  for (let id = 0; id < count; id++) {
    const entry = text.slice(at, at + 20);
    if (!/^\d{10} \d{5} [nf][ \r][\n\r]$/.test(entry)) throw new Error(`PDF: xref entry ${id} is not 20 bytes`);
    if (entry[17] === "n") {
      const offset = Number(entry.slice(0, 10));
      if (!text.startsWith(`${id} 0 obj`, offset)) throw new Error(`PDF: object ${id} is not at ${offset}`);
    }
    at += 20;
  }
  for (const s of text.matchAll(/<< \/Length (\d+) >>\nstream\n/g)) {
    const start = s.index + s[0].length;
    if (!text.startsWith("\nendstream", start + Number(s[1]))) throw new Error("PDF: stream length does not match");
  }
  return { objects: count - 1 };
}

export interface ZipMember {
  name: string;
  data: Buffer;
}

/** ZIP: end record, central directory, local headers agreeing with it, sizes and CRC-32 of every member. */
export function readZip(buf: Buffer): ZipMember[] {
  const eocd = buf.lastIndexOf(Buffer.from([0x50, 0x4b, 0x05, 0x06]));
  if (eocd < 0) throw new Error("ZIP: no end of central directory record");
  const entries = buf.readUInt16LE(eocd + 10);
  const cdSize = buf.readUInt32LE(eocd + 12);
  let cd = buf.readUInt32LE(eocd + 16);
  if (cd + cdSize !== eocd) throw new Error("ZIP: central directory does not end at the end record");
  const out: ZipMember[] = [];
  for (let i = 0; i < entries; i++) {
    if (buf.readUInt32LE(cd) !== 0x02014b50) throw new Error(`ZIP: bad central directory entry ${i}`);
    const method = buf.readUInt16LE(cd + 10);
    const crc = buf.readUInt32LE(cd + 16);
    const compSize = buf.readUInt32LE(cd + 20);
    const size = buf.readUInt32LE(cd + 24);
    const nameLen = buf.readUInt16LE(cd + 28);
    const extraLen = buf.readUInt16LE(cd + 30);
    const commentLen = buf.readUInt16LE(cd + 32);
    const local = buf.readUInt32LE(cd + 42);
    const name = buf.toString("utf8", cd + 46, cd + 46 + nameLen);
    if (buf.readUInt32LE(local) !== 0x04034b50) throw new Error(`ZIP: no local header for ${name}`);
    const localName = buf.toString("utf8", local + 30, local + 30 + buf.readUInt16LE(local + 26));
    if (localName !== name) throw new Error(`ZIP: local header names ${localName}, directory ${name}`);
    const dataAt = local + 30 + buf.readUInt16LE(local + 26) + buf.readUInt16LE(local + 28);
    const body = buf.subarray(dataAt, dataAt + compSize);
    const data = method === 0 ? body : method === 8 ? inflateRawSync(body) : undefined;
    if (!data) throw new Error(`ZIP: method ${method} in ${name}`);
    if (data.length !== size) throw new Error(`ZIP: ${name} is ${data.length} bytes, directory says ${size}`);
    if ((crc32(data) >>> 0) !== crc) throw new Error(`ZIP: CRC mismatch in ${name}`);
    out.push({ name, data });
    cd += 46 + nameLen + extraLen + commentLen;
  }
  return out;
}

/**
 * A BitLocker recovery password: eight groups of six digits, each divisible by 11 and below
 * 720896 (= 65536 × 11), research/otp_bitlocker.md §2.1.
 */
export function isValidRecoveryPassword(key: string): boolean {
  if (!/^\d{6}(-\d{6}){7}$/.test(key)) return false;
  return key.split("-").every((g) => Number(g) % 11 === 0 && Number(g) < 720896);
}
