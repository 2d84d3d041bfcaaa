import { crc32, deflateSync } from "node:zlib";
import { promises as fsp } from "node:fs";
import path from "node:path";

/**
 * The built-in demo data: a small, deterministic "personal folder" written by the project itself
 * (documents, photos as real PNG images, nested and empty folders, a duplicate, a symlink).
 * The account emulators of later issues extend the demo with mail, calendars and contacts.
 */
function png(width: number, height: number, seed: number): Buffer {
  const chunk = (type: string, data: Buffer): Buffer => {
    const len = Buffer.alloc(4);
    len.writeUInt32BE(data.length);
    const td = Buffer.concat([Buffer.from(type, "ascii"), data]);
    const crc = Buffer.alloc(4);
    crc.writeUInt32BE(crc32(td) >>> 0);
    return Buffer.concat([len, td, crc]);
  };
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(width, 0);
  ihdr.writeUInt32BE(height, 4);
  ihdr[8] = 8; // bit depth
  ihdr[9] = 2; // RGB
  const raw = Buffer.alloc((width * 3 + 1) * height);
  for (let y = 0; y < height; y++) {
    const row = y * (width * 3 + 1);
    for (let x = 0; x < width; x++) {
      raw[row + 1 + x * 3] = (x * 4 + seed * 37) & 255;
      raw[row + 2 + x * 3] = (y * 4 + seed * 11) & 255;
      raw[row + 3 + x * 3] = ((x ^ y) * 2 + seed * 5) & 255;
    }
  }
  return Buffer.concat([Buffer.from([137, 80, 78, 71, 13, 10, 26, 10]), chunk("IHDR", ihdr), chunk("IDAT", deflateSync(raw)), chunk("IEND", Buffer.alloc(0))]);
}

const TOPICS = ["garden", "taxes", "holiday", "recipes", "car", "school", "insurance", "birthday", "moving", "books"];

export async function writeSampleFolder(dir: string): Promise<{ files: number; dirs: number }> {
  let files = 0;
  let dirs = 0;
  const write = async (rel: string, data: string | Buffer, mtime: Date): Promise<void> => {
    const abs = path.join(dir, rel);
    await fsp.mkdir(path.dirname(abs), { recursive: true });
    await fsp.writeFile(abs, data);
    await fsp.utimes(abs, mtime, mtime);
    files++;
  };
  const base = Date.UTC(2013, 0, 1);
  for (let i = 0; i < 40; i++) {
    const topic = TOPICS[i % TOPICS.length]!;
    const body = `Notes on ${topic} (${i + 1})\n\n` + Array.from({ length: 20 + (i % 7) * 10 }, (_, k) => `${k + 1}. Remember the ${topic} item number ${k} — déjà vu, naïve café, 東京, emoji 🛟.`).join("\n") + "\n";
    await write(`Documents/${topic}/note-${String(i + 1).padStart(3, "0")}.txt`, body, new Date(base + i * 86400_000 * 30));
  }
  for (let y = 2013; y <= 2026; y++) {
    for (let k = 0; k < 3; k++) {
      await write(`Photos/${y}/IMG_${y}_${String(k + 1).padStart(4, "0")}.png`, png(96 + k * 16, 64 + k * 8, y * 3 + k), new Date(Date.UTC(y, k * 4, 15, 12)));
    }
  }
  await write("Documents/README.md", "# My documents\n\nBacked up by Lifeboat.\n", new Date(base));
  // An identical copy: stored once.
  await write("Documents/taxes/note-002-copy.txt", await fsp.readFile(path.join(dir, "Documents/taxes/note-002.txt")), new Date(base + 86400_000));
  for (const d of ["Empty folder", "Projects/Archive/Old"]) {
    await fsp.mkdir(path.join(dir, d), { recursive: true });
    dirs++;
  }
  await fsp.symlink("Documents/README.md", path.join(dir, "README-link.md")).catch(() => undefined);
  return { files, dirs };
}
