// POSIX ustar headers for pack files.
//
// A pack's plaintext is a plain ustar stream that GNU tar, bsdtar and Python's tarfile read:
//   for each member: tarHeader(name, size) || data || tarPadding(size)
//   then tarEnd()
// The writer therefore knows each member's data offset exactly: header offset + 512.
// readTarMembers() walks such a stream by headers only, for rebuilding an index from packs.

export const TAR_BLOCK = 512;

/** Largest size the 11-digit octal size field can hold: 8 GiB - 1. */
const MAX_OCTAL_11 = 8 ** 11 - 1;

function writeString(buf: Buffer, offset: number, length: number, value: string): void {
  buf.write(value, offset, length, "ascii");
}

/** Zero-padded octal digits, NUL-terminated, filling exactly `length` bytes. */
function writeOctal(buf: Buffer, offset: number, length: number, value: number): void {
  const digits = value.toString(8).padStart(length - 1, "0");
  if (digits.length > length - 1) throw new Error(`tar: value ${value} does not fit in ${length - 1} octal digits`);
  buf.write(digits, offset, length - 1, "ascii");
  buf[offset + length - 1] = 0;
}

function validateName(name: string): void {
  if (typeof name !== "string" || name.length === 0) throw new Error("tar: member name must be a non-empty string");
  // Printable ASCII only: no NUL, no control characters, no non-ASCII (byte length == char length).
  if (!/^[\x20-\x7e]+$/.test(name)) throw new Error(`tar: member name must be printable ASCII: ${JSON.stringify(name)}`);
  if (name.length > 100) throw new Error(`tar: member name longer than 100 bytes (${name.length}): ${name}`);
  if (name.startsWith("/") || name.endsWith("/")) throw new Error(`tar: member name must be a relative file path: ${name}`);
  if (name.split("/").some((part) => part === "" || part === "." || part === "..")) {
    throw new Error(`tar: member name has an empty, "." or ".." component: ${name}`);
  }
}

/** Sum of the header bytes with the checksum field counted as eight spaces. */
function headerChecksum(header: Uint8Array): { unsigned: number; signed: number } {
  let unsigned = 0;
  let signed = 0;
  for (let i = 0; i < TAR_BLOCK; i++) {
    const b = i >= 148 && i < 156 ? 0x20 : (header[i] as number);
    unsigned += b;
    signed += b >= 0x80 ? b - 0x100 : b;
  }
  return { unsigned, signed };
}

/**
 * A 512-byte ustar header for a regular file: mode 0644, uid/gid 0, empty uname/gname,
 * magic "ustar\0" version "00". `mtimeSec` defaults to 0 (packs carry no timestamps of their own).
 */
export function tarHeader(name: string, size: number, mtimeSec = 0): Buffer {
  validateName(name);
  if (!Number.isSafeInteger(size) || size < 0) throw new Error(`tar: member size must be a non-negative integer, got ${size}`);
  if (size > MAX_OCTAL_11) throw new Error(`tar: member size ${size} exceeds the ustar limit of 8 GiB - 1`);
  if (!Number.isSafeInteger(mtimeSec) || mtimeSec < 0 || mtimeSec > MAX_OCTAL_11) {
    throw new Error(`tar: mtime must be an integer in [0, 8^11), got ${mtimeSec}`);
  }

  const h = Buffer.alloc(TAR_BLOCK);
  writeString(h, 0, 100, name); // name
  writeOctal(h, 100, 8, 0o644); // mode
  writeOctal(h, 108, 8, 0); // uid
  writeOctal(h, 116, 8, 0); // gid
  writeOctal(h, 124, 12, size); // size
  writeOctal(h, 136, 12, mtimeSec); // mtime
  h[156] = 0x30; // typeflag '0': regular file
  // linkname (157..257) stays empty
  writeString(h, 257, 6, "ustar\0"); // magic
  writeString(h, 263, 2, "00"); // version
  // uname (265..297) and gname (297..329) stay empty
  writeOctal(h, 329, 8, 0); // devmajor
  writeOctal(h, 337, 8, 0); // devminor
  // prefix (345..500) stays empty

  // Checksum: six octal digits, NUL, space (the historical layout every tar accepts).
  const sum = headerChecksum(h).unsigned;
  h.write(sum.toString(8).padStart(6, "0"), 148, 6, "ascii");
  h[154] = 0;
  h[155] = 0x20;
  return h;
}

/** Zero bytes from the end of a member's data of `size` bytes to the next 512-byte boundary (0..511 bytes). */
export function tarPadding(size: number): Buffer {
  if (!Number.isSafeInteger(size) || size < 0) throw new Error(`tar: size must be a non-negative integer, got ${size}`);
  const rem = size % TAR_BLOCK;
  return Buffer.alloc(rem === 0 ? 0 : TAR_BLOCK - rem);
}

/** End-of-archive marker: two zero blocks. */
export function tarEnd(): Buffer {
  return Buffer.alloc(2 * TAR_BLOCK);
}

export interface TarMember {
  name: string;
  size: number;
  /** Offset of the member's data from the start of the stream. */
  dataOffset: number;
}

/** Parses a numeric header field: octal digits (leading spaces, NUL/space terminated) or GNU base-256. */
function parseNumber(header: Buffer, offset: number, length: number, field: string, at: number): number {
  const first = header[offset] as number;
  if (first & 0x80) {
    // GNU base-256: big-endian two's complement with the top bit of the first byte as marker.
    if (first & 0x40) throw new Error(`tar: negative ${field} in header at offset ${at}`);
    let v = first & 0x3f;
    for (let i = 1; i < length; i++) v = v * 256 + (header[offset + i] as number);
    if (!Number.isSafeInteger(v)) throw new Error(`tar: ${field} too large in header at offset ${at}`);
    return v;
  }
  const raw = header.toString("latin1", offset, offset + length);
  const nul = raw.indexOf("\0");
  const digits = (nul < 0 ? raw : raw.slice(0, nul)).trim();
  if (!/^[0-7]+$/.test(digits)) {
    throw new Error(`tar: invalid ${field} field ${JSON.stringify(raw)} in header at offset ${at}`);
  }
  return parseInt(digits, 8);
}

function cString(header: Buffer, offset: number, length: number): string {
  const end = header.indexOf(0, offset);
  return header.toString("latin1", offset, end < 0 || end > offset + length ? offset + length : end);
}

function isZeroBlock(b: Buffer): boolean {
  for (let i = 0; i < b.length; i++) if (b[i] !== 0) return false;
  return true;
}

/**
 * Walks a tar stream by its headers (data is skipped by offset, never read) and yields the regular
 * file members. Validates every header checksum and stops at the end-of-archive blocks.
 *
 * `read(offset, length)` must return exactly `length` bytes (a shorter result is treated as a
 * truncated stream). Throws an Error naming the offset on a bad checksum, a truncated stream, a
 * missing end-of-archive marker, or a pax/GNU extension header (packs never contain those).
 */
export async function* readTarMembers(
  read: (offset: number, length: number) => Promise<Buffer>,
  totalSize: number,
): AsyncGenerator<TarMember> {
  if (!Number.isSafeInteger(totalSize) || totalSize < 0) throw new Error(`tar: invalid stream size ${totalSize}`);
  let offset = 0;
  for (;;) {
    if (offset + TAR_BLOCK > totalSize) {
      throw new Error(`tar: truncated stream: no header or end-of-archive marker at offset ${offset} (stream is ${totalSize} bytes)`);
    }
    const header = await read(offset, TAR_BLOCK);
    if (header.length !== TAR_BLOCK) {
      throw new Error(`tar: truncated stream: short read of header at offset ${offset} (${header.length} of ${TAR_BLOCK} bytes)`);
    }

    if (isZeroBlock(header)) {
      // End of archive: a second zero block must follow.
      if (offset + 2 * TAR_BLOCK > totalSize) {
        throw new Error(`tar: truncated stream: end-of-archive marker at offset ${offset} is incomplete`);
      }
      const second = await read(offset + TAR_BLOCK, TAR_BLOCK);
      if (second.length !== TAR_BLOCK || !isZeroBlock(second)) {
        throw new Error(`tar: corrupt stream: zero block at offset ${offset} not followed by a second zero block`);
      }
      return;
    }

    const stored = parseNumber(header, 148, 8, "checksum", offset);
    const { unsigned, signed } = headerChecksum(header);
    if (stored !== unsigned && stored !== signed) {
      throw new Error(`tar: bad header checksum at offset ${offset}: stored ${stored.toString(8)}, computed ${unsigned.toString(8)}`);
    }

    const size = parseNumber(header, 124, 12, "size", offset);
    const type = String.fromCharCode(header[156] as number);
    const dataOffset = offset + TAR_BLOCK;
    if (dataOffset + size > totalSize) {
      throw new Error(`tar: truncated stream: member at offset ${offset} declares ${size} bytes but the stream ends at ${totalSize}`);
    }

    if (type === "x" || type === "g" || type === "L" || type === "K") {
      throw new Error(`tar: unsupported extension header (type '${type}') at offset ${offset}`);
    }
    if (type === "0" || type === "\0" || type === "7") {
      let name = cString(header, 0, 100);
      const magic = header.toString("latin1", 257, 263);
      if (magic === "ustar\0") {
        const prefix = cString(header, 345, 155);
        if (prefix !== "") name = `${prefix}/${name}`;
      }
      yield { name, size, dataOffset };
    }
    // Other types (directories, links, devices) are skipped along with any data they declare.

    offset = dataOffset + size + ((TAR_BLOCK - (size % TAR_BLOCK)) % TAR_BLOCK);
  }
}
