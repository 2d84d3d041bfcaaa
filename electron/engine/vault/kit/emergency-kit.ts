// `lifeboat kit --out kit.pdf`: the printable emergency kit. One paper document that, on the day
// the phone, the laptop or the Microsoft/Google account is gone, gives back:
//   1. the way to restore the archive, with and without Lifeboat;
//   2. the archive's recovery key, as text and as a QR code;
//   3. every BitLocker recovery key (device, key id, the 48 digits);
//   4. every authenticator account as a QR code any authenticator app scans.
// It is as secret as everything it opens, so every page says so, and the file is written 0600.
//
// Printing: A4, only the PDF standard fonts (see pdf-text.ts for what happens to non-Latin
// names), QR codes drawn as vector squares (sharp at any printer resolution) at least 4 cm wide
// with modules of at least 0.5 mm, which phone cameras read off paper without trouble. The margin
// above the 3 cm minimum leaves room for "fit to page" on US Letter (about 94 %).
import PDFDocument from "pdfkit";
import type { BitLockerVolumeType, OtpEntry, SkippedEntry } from "../../../../shared/vault-types.js";
import { UsageError } from "../../errors.js";
import { checkEntries } from "../export/export-entry.js";
import { writePrivateFile } from "../export/private-file.js";
import { darkRuns, QR_QUIET_ZONE, qrMatrix, type QrMatrix } from "../export/qr-code.js";
import { formatOtpauthUri } from "../otp/otpauth-uri.js";
import type { VaultBitLocker, VaultData } from "../vault-data.js";
import { pdfText } from "./pdf-text.js";

export interface EmergencyKitInput {
  /** The PDF to write. */
  out: string;
  /** The archive's recovery key (AGE-SECRET-KEY-1…), as `lifeboat init` printed it. */
  recoveryKey: string;
  /** Where the archive is, printed so the reader knows what the key opens. */
  archivePath: string;
  vault: VaultData;
  createdAt: Date;
}

export interface EmergencyKitResult {
  path: string;
  pages: number;
  otpAccounts: number;
  bitlockerKeys: number;
  /** OTP entries that could not be printed (damaged), with the reason. */
  skipped: SkippedEntry[];
}

/** Where a QR code was drawn: page (1-based), top-left corner and side in points, quiet zone included. */
export interface KitQrPlacement {
  /** The code's text. Secret: for tests and checks, never for logs. */
  text: string;
  kind: "recovery-key" | "otp";
  page: number;
  x: number;
  y: number;
  size: number;
}

export const SECRET_BANNER = "SECRET — keep this like cash";

const MM = 72 / 25.4;
const PAGE = { width: 595.28, height: 841.89 };
const MARGIN = { top: 78, bottom: 62, left: 50, right: 50 };
const CONTENT_WIDTH = PAGE.width - MARGIN.left - MARGIN.right;
const BOTTOM = PAGE.height - MARGIN.bottom;

/** A printed QR code is never smaller than this, quiet zone included. */
const MIN_QR_SIZE = 40 * MM;
/** ...nor are its modules. */
const MIN_MODULE = 0.5 * MM;

const BODY = { font: "Helvetica", size: 10.5 };
const BOLD = "Helvetica-Bold";
const MONO = "Courier";
const MONO_BOLD = "Courier-Bold";

/** The recovery key, canonical: upper case without spaces (archive-keys reads it the same way). */
function normalizeRecoveryKey(key: string): string {
  const k = key.trim().toUpperCase().replace(/\s+/g, "");
  if (!/^AGE-SECRET-KEY-1[02-9AC-HJ-NP-Z]{58}$/.test(k)) {
    throw new UsageError("That is not a Lifeboat recovery key: it starts with AGE-SECRET-KEY-1 and has 74 characters.");
  }
  return k;
}

const VOLUME: Record<BitLockerVolumeType, string> = {
  operatingSystem: "Windows (system) drive",
  fixedData: "data drive",
  removableData: "removable drive (USB)",
  unknown: "drive",
};

function otpDetails(e: OtpEntry): string {
  if (e.type === "steam") return "Steam Guard · 5 characters";
  const base = `${e.digits} digits · ${e.algorithm}`;
  return e.type === "hotp" ? `counter-based (HOTP) · ${base} · counter ${e.counter}` : `${base} · every ${e.period} s`;
}

function qrSideFor(m: QrMatrix): number {
  return Math.max(MIN_QR_SIZE, (m.size + 2 * QR_QUIET_ZONE) * MIN_MODULE);
}

class KitWriter {
  readonly doc: PDFKit.PDFDocument;
  readonly placements: KitQrPlacement[] = [];

  constructor(createdAt: Date) {
    this.doc = new PDFDocument({
      size: "A4",
      margins: MARGIN,
      bufferPages: true,
      autoFirstPage: true,
      info: { Title: "Lifeboat emergency kit", Subject: SECRET_BANNER, Creator: "Lifeboat", CreationDate: createdAt },
    });
    this.doc.font(BODY.font).fontSize(BODY.size);
  }

  get y(): number {
    return this.doc.y;
  }

  /** Starts a new page when fewer than `height` points are left on this one. */
  need(height: number): void {
    if (this.doc.y + height > BOTTOM) this.doc.addPage();
  }

  heading(text: string): void {
    this.need(60);
    this.doc.moveDown(0.8);
    this.doc.font(BOLD).fontSize(14).fillColor("#000000").text(text, MARGIN.left, this.doc.y, { width: CONTENT_WIDTH });
    this.doc.moveDown(0.3);
    this.body();
  }

  body(): void {
    this.doc.font(BODY.font).fontSize(BODY.size).fillColor("#000000");
  }

  para(text: string, options: PDFKit.Mixins.TextOptions = {}): void {
    const t = pdfText(text).text;
    this.need(this.doc.heightOfString(t, { width: CONTENT_WIDTH, ...options }));
    this.doc.text(t, MARGIN.left, this.doc.y, { width: CONTENT_WIDTH, ...options });
    this.doc.moveDown(0.35);
  }

  /** A command to type: monospace, indented, never hyphenated or justified. */
  command(text: string): void {
    this.doc.font(MONO).fontSize(9);
    const t = pdfText(text).text;
    const width = CONTENT_WIDTH - 16;
    this.need(this.doc.heightOfString(t, { width }) + 4);
    this.doc.text(t, MARGIN.left + 16, this.doc.y, { width });
    this.doc.moveDown(0.25);
    this.body();
  }

  /** Dark modules as one filled path of squares: no seams between modules when rasterised. */
  qr(m: QrMatrix, x: number, y: number, side: number, what: Pick<KitQrPlacement, "text" | "kind">): void {
    const range = this.doc.bufferedPageRange();
    this.placements.push({ ...what, page: range.count, x, y, size: side });
    const unit = side / (m.size + 2 * QR_QUIET_ZONE);
    const doc = this.doc;
    doc.save();
    doc.rect(x, y, side, side).fill("#ffffff");
    for (const r of darkRuns(m)) doc.rect(x + (r.col + QR_QUIET_ZONE) * unit, y + (r.row + QR_QUIET_ZONE) * unit, r.length * unit, unit);
    doc.fill("#000000");
    doc.restore();
  }

  /** The banner on top and the footer on every page, once the page count is known. */
  finishPages(createdAt: Date): number {
    const doc = this.doc;
    const range = doc.bufferedPageRange();
    for (let i = range.start; i < range.start + range.count; i++) {
      doc.switchToPage(i);
      // Writing in the margins must not trigger pdfkit's automatic page break.
      const margins = { ...doc.page.margins };
      doc.page.margins = { top: 0, bottom: 0, left: 0, right: 0 };
      doc.save();
      doc.lineWidth(2).rect(MARGIN.left, 24, CONTENT_WIDTH, 30).stroke("#000000");
      doc.font(BOLD).fontSize(15).fillColor("#000000").text(SECRET_BANNER, MARGIN.left, 32, { width: CONTENT_WIDTH, align: "center", lineBreak: false });
      doc
        .font(BODY.font)
        .fontSize(8.5)
        .text(`${SECRET_BANNER} · Lifeboat emergency kit · made ${createdAt.toISOString().slice(0, 10)} · page ${i - range.start + 1} of ${range.count}`, MARGIN.left, PAGE.height - 40, {
          width: CONTENT_WIDTH,
          align: "center",
          lineBreak: false,
        });
      doc.restore();
      doc.page.margins = margins;
    }
    return range.count;
  }
}

function introduction(w: KitWriter, input: Omit<EmergencyKitInput, "out">): void {
  const doc = w.doc;
  doc.font(BOLD).fontSize(24).text("Lifeboat emergency kit", MARGIN.left, MARGIN.top, { width: CONTENT_WIDTH });
  doc.moveDown(0.2);
  w.body();
  const path = pdfText(input.archivePath);
  w.para(`Made ${input.createdAt.toISOString().replace("T", " ").slice(0, 16)} UTC for the Lifeboat backup archive in:`);
  w.command(path.text);
  if (path.lossy) w.para("(Some characters of the folder name cannot be printed here and show as \"?\".)");
  w.para(
    "This paper opens your backup and your accounts. Anyone who holds it can open them too. Keep it like cash: in a safe, a locked drawer, " +
      "or a sealed envelope with someone you trust. Do not photograph it, scan it or keep it on a computer or in the cloud. " +
      "If it is lost or seen by someone else, make a new archive (it gets a new recovery key), set up two-step sign-in again on the accounts in part 4, and destroy this copy.",
  );
  w.heading("When do I need this?");
  w.para("•  Your computer is broken, lost or stolen, and you want your files, mail, calendars, contacts and photos back: part 1, with the key of part 2.");
  w.para("•  Your phone is gone, and with it the app that showed your sign-in codes: part 4. Scan the codes into an authenticator app on a new phone.");
  w.para("•  A Windows PC shows a blue \"BitLocker recovery\" screen and asks for a recovery key: part 3.");
}

function restoreInstructions(w: KitWriter): void {
  w.heading("1. Restore your backup");
  w.para("First, put the recovery key of part 2 in a text file, for example recovery-key.txt, exactly as printed, on one line (or scan its QR code to copy it).");
  w.para("With Lifeboat (install it again from its web site if it is gone). ARCHIVE is the archive folder, OUT an empty folder for what comes back:");
  w.command("lifeboat --archive ARCHIVE --recovery-key-file recovery-key.txt restore latest --to OUT");
  w.para(
    "Without Lifeboat: you need only the free tools age, jq, tar and gzip, and recover.sh, the small script that comes with Lifeboat " +
      "(keep a copy next to the archive). It writes the same folders:",
  );
  w.command("sh recover.sh ARCHIVE recovery-key.txt OUT");
  w.para("The archive's README-RESTORE.txt explains every step by hand, should recover.sh be gone too.");
  w.para("Only the sign-in codes and BitLocker keys, fast: the archive keeps them in one small file, two commands away (use the newest file in the vault folder):");
  w.command("age -d -i recovery-key.txt ARCHIVE/keys/recovery-*.age > identity.txt");
  w.command("age -d -i identity.txt ARCHIVE/vault/NEWEST.json.age");
  w.para("This prints every authenticator secret and BitLocker key as text. Delete identity.txt afterwards: it unlocks the whole archive.");
}

function recoveryKeySection(w: KitWriter, key: string): void {
  const m = qrMatrix(key, "Q");
  const side = qrSideFor(m);
  w.heading("2. The archive's recovery key");
  w.need(side + 60);
  w.para("It starts with AGE-SECRET-KEY-1 and has 74 characters. It contains no letters I, O or B and no digit 1 after the start, so nothing can be misread; a typing mistake is detected.");
  const doc = w.doc;
  // 11-point Courier: 74 characters fit on one line of the page, so the key is never broken.
  doc.font(MONO_BOLD).fontSize(11).text(key, MARGIN.left, doc.y + 4, { width: CONTENT_WIDTH, lineBreak: false });
  doc.moveDown(0.8);
  const top = doc.y;
  w.qr(m, MARGIN.left, top, side, { text: key, kind: "recovery-key" });
  w.body();
  doc.text("The same key as a QR code: scan it to copy the key instead of typing it. It is not an authenticator account.", MARGIN.left + side + 16, top + 8, {
    width: CONTENT_WIDTH - side - 16,
  });
  doc.y = top + side + 8;
  doc.x = MARGIN.left;
}

function bitlockerBlock(w: KitWriter, k: VaultBitLocker): void {
  const doc = w.doc;
  w.need(92);
  const device = pdfText(k.device ?? "");
  const what = [device.text ? `${device.text}${device.lossy ? " (some letters not printable)" : ""}` : "Device name unknown", k.volumeType ? VOLUME[k.volumeType] : undefined, k.volume].filter((s) => s !== undefined && s !== "").join(" · ");
  doc.font(BOLD).fontSize(12).text(what, MARGIN.left, doc.y, { width: CONTENT_WIDTH });
  w.body();
  const extra = [k.account ? `from ${pdfText(k.account).text}` : undefined, k.created ? `created ${k.created.slice(0, 10)}` : undefined].filter(Boolean).join(", ");
  if (extra !== "") doc.fontSize(9).text(extra, { width: CONTENT_WIDTH });
  doc.moveDown(0.2);
  // Label and id on one line, placed by hand: pdfkit's `continued` text mixes fonts badly.
  const idTop = doc.y;
  doc.font(BODY.font).fontSize(9.5).text("Key ID:", MARGIN.left, idTop + 1.5, { lineBreak: false });
  doc.font(MONO).fontSize(11).text(k.keyId.toUpperCase(), MARGIN.left + 62, idTop, { lineBreak: false });
  doc.x = MARGIN.left;
  doc.y = idTop + 17;
  doc.font(BODY.font).fontSize(9.5).text("Recovery key:", MARGIN.left, doc.y);
  // 14-point Courier: the 55 characters fit one line; digits only, no 0/O or 1/l confusion.
  doc.font(MONO_BOLD).fontSize(14).text(k.recoveryPassword, MARGIN.left, doc.y + 1, { width: CONTENT_WIDTH, lineBreak: false });
  doc.moveDown(0.4);
  doc.save().lineWidth(0.5).moveTo(MARGIN.left, doc.y).lineTo(MARGIN.left + CONTENT_WIDTH, doc.y).stroke("#888888").restore();
  doc.moveDown(0.6);
  w.body();
}

function bitlockerSection(w: KitWriter, keys: VaultBitLocker[]): void {
  w.heading("3. BitLocker recovery keys");
  if (keys.length === 0) {
    w.para("This archive holds no BitLocker recovery keys.");
    return;
  }
  w.para(
    "When a PC asks for its BitLocker recovery key, it shows a Key ID. Find the key below whose Key ID starts the same way, " +
      "and type its 48 digits (the PC adds the dashes). Each key opens only its own drive.",
  );
  w.doc.moveDown(0.3);
  for (const k of keys) bitlockerBlock(w, k);
}

interface PrintedOtp {
  entry: OtpEntry;
  uri: string;
  matrix: QrMatrix;
}

function otpSection(w: KitWriter, accounts: PrintedOtp[], skipped: SkippedEntry[]): void {
  w.heading("4. Authenticator accounts (two-step sign-in codes)");
  if (accounts.length === 0 && skipped.length === 0) {
    w.para("This archive holds no authenticator accounts.");
    return;
  }
  w.para(
    "To put an account back: install an authenticator app on your phone (Google Authenticator, Microsoft Authenticator, Aegis, 2FAS, Ente Auth or any other), " +
      "choose \"Add account\" and then \"Scan a QR code\", and scan the account's code below. The app shows the same codes as before. " +
      "Each QR code holds the account's secret: whoever scans it gets the codes too.",
  );
  if (accounts.some((a) => a.entry.type === "steam")) w.para("Steam Guard codes need an app that knows Steam (Aegis, 2FAS, Ente Auth, Stratum); other apps show wrong codes for them.");
  if (accounts.some((a) => a.entry.type === "hotp")) {
    w.para("Counter-based (HOTP) accounts: if the first code is refused, ask the app for the next one a few times: the service may have seen some codes already.");
  }
  for (const s of skipped) w.para(`Could not be printed: ${s.name} (${s.reason})`);

  const doc = w.doc;
  const columns = 3;
  const cell = CONTENT_WIDTH / columns;
  let col = 0;
  let rowTop = doc.y + 6;
  let rowHeight = 0;
  const captionWidth = cell - 10;
  for (const a of accounts) {
    const side = Math.min(qrSideFor(a.matrix), CONTENT_WIDTH);
    const span = Math.min(columns, Math.ceil(side / cell));
    if (col + span > columns) {
      rowTop += rowHeight;
      col = 0;
      rowHeight = 0;
    }
    const issuer = pdfText(a.entry.issuer || a.entry.account || "(no name)");
    const account = pdfText(a.entry.issuer ? a.entry.account : "");
    const lossy = issuer.lossy || account.lossy;
    const width = Math.max(captionWidth, span * cell - 10);
    doc.font(BOLD).fontSize(10.5);
    let caption = doc.heightOfString(issuer.text, { width });
    doc.font(BODY.font).fontSize(9);
    if (account.text) caption += doc.heightOfString(account.text, { width });
    caption += doc.heightOfString(otpDetails(a.entry), { width });
    if (lossy) caption += doc.heightOfString("(some letters not printable; the app shows the full name)", { width });
    const height = side + caption + 22;
    if (rowTop + height > BOTTOM) {
      doc.addPage();
      rowTop = MARGIN.top;
      col = 0;
      rowHeight = 0;
    }
    const x = MARGIN.left + col * cell;
    const qrX = x + (span * cell - side) / 2;
    w.qr(a.matrix, qrX, rowTop, side, { text: a.uri, kind: "otp" });
    let y = rowTop + side + 2;
    doc.font(BOLD).fontSize(10.5).fillColor("#000000").text(issuer.text, x + 5, y, { width, align: "center" });
    y = doc.y;
    doc.font(BODY.font).fontSize(9);
    if (account.text) {
      doc.text(account.text, x + 5, y, { width, align: "center" });
      y = doc.y;
    }
    doc.fillColor("#444444").text(otpDetails(a.entry), x + 5, y, { width, align: "center" });
    if (lossy) doc.text("(some letters not printable; the app shows the full name)", x + 5, doc.y, { width, align: "center" });
    doc.fillColor("#000000");
    rowHeight = Math.max(rowHeight, height);
    col += span;
    if (col >= columns) {
      rowTop += rowHeight;
      col = 0;
      rowHeight = 0;
    }
  }
  doc.x = MARGIN.left;
  doc.y = rowTop + rowHeight;
}

function collect(doc: PDFKit.PDFDocument): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    doc.on("data", (c: Buffer) => chunks.push(c));
    doc.on("end", () => resolve(Buffer.concat(chunks)));
    doc.on("error", reject);
  });
}

/** The kit as PDF bytes (nothing written). */
export async function renderEmergencyKit(
  input: Omit<EmergencyKitInput, "out">,
): Promise<{ pdf: Buffer; pages: number; otpAccounts: number; bitlockerKeys: number; skipped: SkippedEntry[]; qrCodes: KitQrPlacement[] }> {
  const key = normalizeRecoveryKey(input.recoveryKey);
  const { valid, skipped } = checkEntries(input.vault.otp);
  // Sorted by name: on paper, people look an account up by its name, not by when it was added.
  const accounts: PrintedOtp[] = valid
    .map((entry) => {
      const uri = formatOtpauthUri(entry);
      return { entry, uri, matrix: qrMatrix(uri, "M") };
    })
    .sort((a, b) => `${a.entry.issuer}\u0000${a.entry.account}`.localeCompare(`${b.entry.issuer}\u0000${b.entry.account}`));
  const keys = [...input.vault.bitlocker].sort((a, b) => `${a.device ?? ""}\u0000${a.keyId}`.localeCompare(`${b.device ?? ""}\u0000${b.keyId}`));

  const w = new KitWriter(input.createdAt);
  const done = collect(w.doc);
  introduction(w, input);
  restoreInstructions(w);
  recoveryKeySection(w, key);
  bitlockerSection(w, keys);
  otpSection(w, accounts, skipped);
  const pages = w.finishPages(input.createdAt);
  w.doc.end();
  return { pdf: await done, pages, otpAccounts: accounts.length, bitlockerKeys: keys.length, skipped, qrCodes: w.placements };
}

/** Renders the kit and writes it to `out` (mode 0600). The result holds no secret (fit for --json). */
export async function writeEmergencyKit(input: EmergencyKitInput): Promise<EmergencyKitResult> {
  const r = await renderEmergencyKit(input);
  await writePrivateFile(input.out, r.pdf);
  return { path: input.out, pages: r.pages, otpAccounts: r.otpAccounts, bitlockerKeys: r.bitlockerKeys, skipped: r.skipped };
}
