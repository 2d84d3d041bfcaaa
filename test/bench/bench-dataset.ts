// The benchmark data sets, deterministic from a seed and generated once into .bench/datasets/
// (reused while a marker file says the same generator version, seed and scale made them).
//
// "account": shaped like a personal account export. At BENCH_SCALE=1, about 3.5 GiB (22,242 files):
//   - 20,000 RFC 822 e-mails of 1-20 KB in nested folders (Mail/<account>/<folder>/<year>/...),
//   - 2,000 "photos" of 0.3-3 MB (JPEG-like header, incompressible body) in year folders,
//   - two large files of 200-300 MiB: an incompressible video and a compressible mbox,
//   - duplicates (2% of the photos and 1% of the mails copied under other names),
//   - empty folders, non-ASCII names, and mtimes with sub-second (nanosecond-field) parts on
//     files and folders.
// Every file is written piece by piece, so generation runs in little memory.
import { createReadStream } from "node:fs";
import { copyFile, mkdir, readFile, readdir, rm, stat, utimes, writeFile } from "node:fs/promises";
import { createHash } from "node:crypto";
import path from "node:path";
import { clampUtf8, mailText, mboxDate } from "./bench-mail.js";
import { Rng, keystream, writePieces } from "./bench-rng.js";

/** Bump when the generator's output changes, so old data sets are regenerated. */
const GENERATOR_VERSION = 1;

const MiB = 1024 * 1024;
const START_MS = Date.UTC(2012, 0, 1);
const END_MS = Date.UTC(2025, 9, 1);

export interface DatasetInfo {
  name: string;
  dir: string;
  generator: number;
  seed: string;
  scale: number;
  files: number;
  dirs: number;
  emptyDirs: number;
  bytes: number;
  mails: number;
  photos: number;
  duplicates: number;
  largeFiles: Array<{ path: string; size: number; compressible: boolean }>;
  generatedAt: string;
  generationSeconds: number;
}

export interface SingleFileInfo {
  dir: string;
  file: string;
  size: number;
  sha256: string;
  generator: number;
  seed: string;
}

type Log = (msg: string) => void;

/** mtime as seconds with a sub-second part: `ms` plus a pseudo-random nanosecond field. */
function secondsWithNs(r: Rng, ms: number): number {
  return Math.floor(ms / 1000) + r.int(1, 999_999_999) / 1e9;
}

async function pool(concurrency: number, count: number, fn: (i: number) => Promise<void>): Promise<void> {
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(concurrency, count) }, async () => {
      while (next < count) await fn(next++);
    }),
  );
}

async function readMarker<T extends { generator: number; seed: string }>(markerPath: string, matches: (m: T) => boolean): Promise<T | null> {
  try {
    const m = JSON.parse(await readFile(markerPath, "utf8")) as T;
    return m.generator === GENERATOR_VERSION && matches(m) ? m : null;
  } catch {
    return null;
  }
}

async function sha256File(file: string): Promise<string> {
  const h = createHash("sha256");
  for await (const c of createReadStream(file, { highWaterMark: 4 * MiB })) h.update(c as Buffer);
  return h.digest("hex");
}

function scaleTag(scale: number): string {
  return String(scale).replace(/[^0-9.]/g, "_");
}

// ---- the pieces of the account data set ----

const MAIL_ACCOUNTS: ReadonlyArray<readonly [string, number]> = [
  ["anna.berg@example.com", 7],
  ["anna@work.example.org", 3],
];
const MAIL_FOLDERS: ReadonlyArray<readonly [string, number]> = [
  ["INBOX", 30],
  ["Sent", 12],
  ["Archive", 10],
  ["Archive/Receipts", 4],
  ["Archive/Travel", 3],
  ["Family", 5],
  ["Lists/rust-users", 6],
  ["Lists/photo-club", 4],
  ["Projects/Apollo/Design", 4],
  ["Projects/Apollo/Vendors", 2],
  ["Projects/Zephyr", 3],
  ["Newsletters", 6],
  ["Notifications/GitHub", 6],
  ["Notifications/Bank", 2],
];
const PHOTO_EVENTS = ["Summer holiday", "Birthday", "Christmas", "Hiking", "Wedding of Sam & Alex", "Ferien in Zürich"];
const EMPTY_DIRS = [
  "Mail/anna.berg@example.com/Drafts",
  "Mail/anna.berg@example.com/Junk",
  "Mail/anna@work.example.org/Outbox",
  "Photos/Imports",
  "Documents/Scans/To sort",
  "Documents/Taxes/2025",
  "Documents/Reçus",
  "Projects/old/build/cache/empty",
  "Desktop/New Folder",
  "Desktop/New Folder (2)",
];

function mailSize(r: Rng): number {
  return Math.round(1024 + 19 * 1024 * Math.pow(r.float(), 2.5));
}

function jpegHeader(r: Rng, dateMs: number, width: number, height: number): Buffer {
  const d = new Date(dateMs);
  const p2 = (n: number): string => String(n).padStart(2, "0");
  const exifDate = `${d.getUTCFullYear()}:${p2(d.getUTCMonth() + 1)}:${p2(d.getUTCDate())} ${p2(d.getUTCHours())}:${p2(d.getUTCMinutes())}:${p2(d.getUTCSeconds())}`;
  const camera = r.pick(["Canon\0Canon EOS 80D", "Apple\0iPhone 12 mini", "SONY\0ILCE-7M3", "Google\0Pixel 7", "FUJIFILM\0X-T30"]);
  const exifBody = Buffer.concat([
    Buffer.from("Exif\0\0II*\0\x08\0\0\0", "latin1"),
    Buffer.from(`Make\0${camera}\0DateTimeOriginal\0${exifDate}\0Software\0Lifeboat bench\0`, "latin1"),
    r.bytes(r.int(200, 900)), // thumbnail-ish noise
  ]);
  const seg = (marker: number, body: Buffer): Buffer => {
    const h = Buffer.alloc(4);
    h.writeUInt16BE(marker, 0);
    h.writeUInt16BE(body.length + 2, 2);
    return Buffer.concat([h, body]);
  };
  const sof = Buffer.from([0x08, height >> 8, height & 0xff, width >> 8, width & 0xff, 0x03, 0x01, 0x22, 0x00, 0x02, 0x11, 0x01, 0x03, 0x11, 0x01]);
  return Buffer.concat([
    Buffer.from([0xff, 0xd8]),
    seg(0xffe0, Buffer.from("JFIF\0\x01\x01\0\0\x48\0\x48\0\0", "latin1")),
    seg(0xffe1, exifBody),
    seg(0xffdb, Buffer.concat([Buffer.from([0]), r.bytes(64)])),
    seg(0xffdb, Buffer.concat([Buffer.from([1]), r.bytes(64)])),
    seg(0xffc0, sof),
    seg(0xffda, Buffer.from([0x03, 0x01, 0x00, 0x02, 0x11, 0x03, 0x11, 0x00, 0x3f, 0x00])),
  ]);
}

function* photoPieces(seed: string, i: number, header: Buffer, size: number): Generator<Buffer> {
  yield header;
  yield* keystream(seed, `photo-${i}`, Math.max(0, size - header.length - 2));
  yield Buffer.from([0xff, 0xd9]);
}

function* mboxPieces(seed: string, size: number): Generator<Buffer> {
  const r = new Rng(seed, "mbox");
  let left = size;
  let dateMs = START_MS;
  let acc: string[] = [];
  let accLen = 0;
  while (left > 0) {
    dateMs += r.int(60, 4 * 3600) * 1000;
    if (dateMs > END_MS) dateMs = START_MS + r.int(0, 86400) * 1000;
    const sent = r.chance(0.2);
    const body = mailText(r, { targetBytes: mailSize(r), dateMs, owner: "anna.berg@example.com", sent }).replace(/^From /gm, ">From ");
    const m = `From ${sent ? "anna.berg@example.com" : "MAILER-DAEMON"} ${mboxDate(dateMs)}\n${body}\n`;
    acc.push(m);
    accLen += m.length;
    if (accLen >= MiB) {
      let b = Buffer.from(acc.join(""), "utf8");
      acc = [];
      accLen = 0;
      if (b.length > left) b = b.subarray(0, left);
      left -= b.length;
      yield b;
    }
  }
}

async function walkStats(root: string): Promise<{ files: number; dirs: number; emptyDirs: number; bytes: number; dirList: string[] }> {
  let files = 0;
  let dirs = 0;
  let emptyDirs = 0;
  let bytes = 0;
  const dirList: string[] = [];
  const walk = async (rel: string): Promise<void> => {
    const names = await readdir(path.join(root, rel), { withFileTypes: true });
    if (names.length === 0 && rel) emptyDirs++;
    for (const d of names) {
      const r = rel ? `${rel}/${d.name}` : d.name;
      if (d.isDirectory()) {
        dirs++;
        await walk(r);
        dirList.push(r); // post-order: children before parents
      } else if (d.isFile()) {
        files++;
        bytes += (await stat(path.join(root, r))).size;
      }
    }
  };
  await walk("");
  return { files, dirs, emptyDirs, bytes, dirList };
}

/** The account data set for (seed, scale), generated if missing or stale. */
export async function ensureAccountDataset(datasetsRoot: string, seed: string, scale: number, log: Log): Promise<DatasetInfo> {
  const name = `account-seed${seed}-scale${scaleTag(scale)}`;
  const dir = path.join(datasetsRoot, name);
  const markerPath = `${dir}.json`;
  const existing = await readMarker<DatasetInfo>(markerPath, (m) => m.seed === seed && m.scale === scale);
  if (existing && (await stat(dir).catch(() => null))?.isDirectory()) {
    log(`reusing data set ${name} (${existing.files} files, ${(existing.bytes / 2 ** 30).toFixed(2)} GiB)`);
    return { ...existing, dir };
  }
  await rm(markerPath, { force: true });
  await rm(dir, { recursive: true, force: true });
  const t0 = performance.now();

  const nMails = Math.max(50, Math.round(20_000 * scale));
  const nPhotos = Math.max(10, Math.round(2_000 * scale));
  const nDupPhotos = Math.max(1, Math.round(nPhotos * 0.02));
  const nDupMails = Math.max(1, Math.round(nMails * 0.01));
  log(`generating data set ${name}: ${nMails} mails, ${nPhotos} photos, 2 large files, ${nDupPhotos + nDupMails} duplicates`);

  const made = new Set<string>();
  const ensureDir = async (rel: string): Promise<void> => {
    if (made.has(rel)) return;
    await mkdir(path.join(dir, rel), { recursive: true });
    made.add(rel);
  };

  // Mails.
  const mailPaths: string[] = new Array<string>(nMails);
  let lastReport = performance.now();
  await pool(8, nMails, async (i) => {
    const r = new Rng(seed, "mail", i);
    const account = r.weighted(MAIL_ACCOUNTS);
    const folder = r.weighted(MAIL_FOLDERS);
    const dateMs = START_MS + Math.floor((END_MS - START_MS) * Math.pow(r.float(), 0.7));
    const year = new Date(dateMs).getUTCFullYear();
    const relDir = `Mail/${account}/${folder}/${year}`;
    const rel = `${relDir}/${String(i).padStart(6, "0")}-${r.hex(8)}.eml`;
    const text = mailText(r, { targetBytes: mailSize(r), dateMs, owner: account, sent: folder === "Sent" });
    await ensureDir(relDir);
    const abs = path.join(dir, rel);
    await writeFile(abs, clampUtf8(text, 1024, 20 * 1024));
    const t = secondsWithNs(r, dateMs + r.int(1, 600) * 1000);
    await utimes(abs, t, t);
    mailPaths[i] = rel;
    if (performance.now() - lastReport > 5000) {
      lastReport = performance.now();
      log(`  mails: ${i}/${nMails}`);
    }
  });

  // Photos.
  const photoPaths: string[] = new Array<string>(nPhotos);
  await pool(4, nPhotos, async (i) => {
    const r = new Rng(seed, "photo", i);
    const year = r.int(2012, 2025);
    const dateMs = Date.UTC(year, 0, 1) + r.int(0, 364 * 86400 - 1) * 1000;
    const relDir = r.chance(0.25) ? `Photos/${year}/${r.pick(PHOTO_EVENTS)}` : `Photos/${year}`;
    const rel = `${relDir}/IMG_${String(1000 + i).padStart(5, "0")}.JPG`;
    const size = Math.round(300_000 + 2_700_000 * Math.pow(r.float(), 1.3));
    const landscape = r.chance(0.7);
    const header = jpegHeader(r, dateMs, landscape ? 4032 : 3024, landscape ? 3024 : 4032);
    await ensureDir(relDir);
    const abs = path.join(dir, rel);
    await writePieces(abs, photoPieces(seed, i, header, size));
    const t = secondsWithNs(r, dateMs);
    await utimes(abs, t, t);
    photoPaths[i] = rel;
    if (performance.now() - lastReport > 5000) {
      lastReport = performance.now();
      log(`  photos: ${i}/${nPhotos}`);
    }
  });

  // Large files: one incompressible (video), one compressible (mbox).
  const rl = new Rng(seed, "large");
  const largeFiles: DatasetInfo["largeFiles"] = [];
  const videoSize = Math.max(MiB, Math.round((200 + 100 * rl.float()) * MiB * scale));
  const mboxSize = Math.max(MiB, Math.round((200 + 100 * rl.float()) * MiB * scale));
  {
    const rel = "Videos/2019 summer holiday.mov";
    log(`  ${rel}: ${(videoSize / MiB).toFixed(0)} MiB`);
    await ensureDir("Videos");
    await writePieces(path.join(dir, rel), keystream(seed, "video", videoSize));
    const t = secondsWithNs(rl, Date.UTC(2019, 7, 20, 18, 3, 11));
    await utimes(path.join(dir, rel), t, t);
    largeFiles.push({ path: rel, size: videoSize, compressible: false });
  }
  {
    const rel = "Mail/Takeout/All mail Including Spam and Trash.mbox";
    log(`  ${rel}: ${(mboxSize / MiB).toFixed(0)} MiB`);
    await ensureDir("Mail/Takeout");
    await writePieces(path.join(dir, rel), mboxPieces(seed, mboxSize));
    const t = secondsWithNs(rl, Date.UTC(2025, 8, 30, 7, 12, 0));
    await utimes(path.join(dir, rel), t, t);
    largeFiles.push({ path: rel, size: mboxSize, compressible: true });
  }

  // Duplicates: the same bytes under other names, with their own mtimes.
  const rd = new Rng(seed, "duplicates");
  const pickDistinct = (n: number, of: number): number[] => {
    const s = new Set<number>();
    while (s.size < Math.min(n, of)) s.add(rd.int(0, of - 1));
    return [...s].sort((a, b) => a - b);
  };
  let duplicates = 0;
  for (const [k, i] of pickDistinct(nDupPhotos, nPhotos).entries()) {
    const src = photoPaths[i];
    if (!src) continue;
    const base = path.posix.basename(src, ".JPG");
    const relDir = k % 2 === 0 ? `Photos/Shared albums/Best of ${src.split("/")[1]}` : "Desktop/Wallpapers";
    const rel = k % 2 === 0 ? `${relDir}/${base}.JPG` : `${relDir}/${base} (1).JPG`;
    await ensureDir(relDir);
    await copyFile(path.join(dir, src), path.join(dir, rel));
    const t = secondsWithNs(rd, Date.UTC(2024, 0, 1) + rd.int(0, 600 * 86400) * 1000);
    await utimes(path.join(dir, rel), t, t);
    duplicates++;
  }
  for (const i of pickDistinct(nDupMails, nMails)) {
    const src = mailPaths[i];
    if (!src) continue;
    const relDir = `Mail/Local backup 2020/${src.split("/")[2] ?? "misc"}`;
    const rel = `${relDir}/${path.posix.basename(src)}`;
    await ensureDir(relDir);
    await copyFile(path.join(dir, src), path.join(dir, rel));
    const t = secondsWithNs(rd, Date.UTC(2020, 5, 1) + rd.int(0, 86400) * 1000);
    await utimes(path.join(dir, rel), t, t);
    duplicates++;
  }

  for (const rel of EMPTY_DIRS) await mkdir(path.join(dir, rel), { recursive: true });

  // Folder mtimes last (writing into a folder changes its mtime), deepest first.
  const stats = await walkStats(dir);
  for (const rel of stats.dirList) {
    const r = new Rng(seed, "dir", rel);
    const t = secondsWithNs(r, START_MS + Math.floor((END_MS - START_MS) * r.float()));
    await utimes(path.join(dir, rel), t, t);
  }

  const info: DatasetInfo = {
    name,
    dir,
    generator: GENERATOR_VERSION,
    seed,
    scale,
    files: stats.files,
    dirs: stats.dirs,
    emptyDirs: stats.emptyDirs,
    bytes: stats.bytes,
    mails: nMails,
    photos: nPhotos,
    duplicates,
    largeFiles,
    generatedAt: new Date().toISOString(),
    generationSeconds: (performance.now() - t0) / 1000,
  };
  await writeFile(markerPath, JSON.stringify(info, null, 2) + "\n");
  log(`generated ${name}: ${info.files} files, ${info.dirs} folders (${info.emptyDirs} empty), ${(info.bytes / 2 ** 30).toFixed(2)} GiB in ${info.generationSeconds.toFixed(0)} s`);
  return info;
}

/**
 * A folder holding one incompressible file of `size` bytes (dir/<fileName>), with a marker beside
 * the folder. Used for the large-file RSS check and the raw crypto comparison.
 */
export async function ensureSingleFile(datasetsRoot: string, label: string, seed: string, size: number, log: Log): Promise<SingleFileInfo> {
  const dir = path.join(datasetsRoot, `${label}-seed${seed}-${size}`);
  const file = path.join(dir, `${label}.bin`);
  const markerPath = `${dir}.json`;
  const existing = await readMarker<SingleFileInfo>(markerPath, (m) => m.seed === seed && m.size === size);
  if (existing && (await stat(file).catch(() => null))?.size === size) {
    log(`reusing ${label} file (${(size / MiB).toFixed(0)} MiB)`);
    return { ...existing, dir, file };
  }
  await rm(markerPath, { force: true });
  await rm(dir, { recursive: true, force: true });
  log(`generating ${label} file (${(size / MiB).toFixed(0)} MiB, incompressible)`);
  await mkdir(dir, { recursive: true });
  await writePieces(file, keystream(seed, label, size, 4 * MiB));
  const t = Date.UTC(2023, 4, 5, 6, 7, 8) / 1000 + 0.123456789;
  await utimes(file, t, t);
  const info: SingleFileInfo = { dir, file, size, sha256: await sha256File(file), generator: GENERATOR_VERSION, seed };
  await writeFile(markerPath, JSON.stringify(info, null, 2) + "\n");
  return info;
}

export { sha256File };
