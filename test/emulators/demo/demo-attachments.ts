// Files the demo mail carries: camera photos (JPEG) and phone screenshots (PNG), PDFs (receipts,
// bills, tickets, statements, itineraries), bank statement CSVs, recipes and reading lists as text,
// meeting requests (.ics), and a Word document. Real formats, so a restore can be opened.
import type { DemoRandom } from "./demo-random.js";
import { chart, landscape, screenshot } from "./demo-pictures.js";
import { makeDocx } from "./docx-document.js";
import { encodeJpeg } from "./jpeg-image.js";
import { makePdf } from "./pdf-document.js";
import { encodePng } from "./png-image.js";

export interface AttachmentSpec {
  filename: string;
  contentType: string;
  content: Buffer;
  /** Content-ID of an inline image referenced by the HTML body (cid:...). */
  cid?: string;
}

const p2 = (n: number): string => String(n).padStart(2, "0");

function stamp(d: Date): string {
  return `${d.getUTCFullYear()}${p2(d.getUTCMonth() + 1)}${p2(d.getUTCDate())}_${p2(d.getUTCHours())}${p2(d.getUTCMinutes())}${p2(d.getUTCSeconds())}`;
}

/** Photos as a phone sends them: mostly JPEG, sometimes a PNG; a few with non-ASCII names. */
export function photos(rnd: DemoRandom, taken: Date, count: number, names?: readonly string[]): AttachmentSpec[] {
  const out: AttachmentSpec[] = [];
  for (let i = 0; i < count; i++) {
    const at = new Date(taken.getTime() + i * 73_000);
    const name = names?.[i];
    if (rnd.chance(0.8)) {
      const [w, h] = rnd.pick([[800, 600], [600, 800], [640, 480], [720, 540]] as const);
      out.push({ filename: name ? `${name}.jpg` : `IMG_${stamp(at)}.jpg`, contentType: "image/jpeg", content: encodeJpeg(landscape(w, h, rnd, 24, 12), 90) });
    } else {
      out.push({ filename: name ? `${name}.png` : `Screenshot_${stamp(at)}.png`, contentType: "image/png", content: encodePng(landscape(360, 240, rnd, 6), 6) });
    }
  }
  return out;
}

/** One JPEG photo of the given size (newsletter banners, inline images). */
export function jpegPhoto(rnd: DemoRandom, name: string, width: number, height: number, cid?: string): AttachmentSpec {
  return { filename: name, contentType: "image/jpeg", content: encodeJpeg(landscape(width, height, rnd, 10, 4), 85), ...(cid ? { cid } : {}) };
}

export function screenshotPng(rnd: DemoRandom, name: string): AttachmentSpec {
  return { filename: name, contentType: "image/png", content: encodePng(screenshot(1024, 640, rnd), 6) };
}

export function chartPng(rnd: DemoRandom, name: string, values: readonly number[], cid?: string): AttachmentSpec {
  return { filename: name, contentType: "image/png", content: encodePng(chart(560, 280, values, rnd), 9), ...(cid ? { cid } : {}) };
}

export function pdf(name: string, title: string, lines: string[], created: Date, author?: string): AttachmentSpec {
  return { filename: name, contentType: "application/pdf", content: makePdf({ title, lines, created, ...(author ? { author } : {}) }) };
}

export function text(name: string, body: string): AttachmentSpec {
  return { filename: name, contentType: "text/plain; charset=utf-8", content: Buffer.from(body.replace(/\n/g, "\r\n"), "utf8") };
}

export function csv(name: string, rows: ReadonlyArray<ReadonlyArray<string | number>>): AttachmentSpec {
  const quote = (v: string | number): string => (typeof v === "number" ? v.toFixed(2) : /[",\n]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v);
  return { filename: name, contentType: "text/csv; charset=utf-8", content: Buffer.from(rows.map((r) => r.map(quote).join(",")).join("\r\n") + "\r\n", "utf8") };
}

export function ics(name: string, calendar: string): AttachmentSpec {
  return { filename: name, contentType: "text/calendar; method=REQUEST; charset=UTF-8", content: Buffer.from(calendar, "utf8") };
}

export function docx(name: string, title: string, paragraphs: string[], created: Date, author: string): AttachmentSpec {
  return { filename: name, contentType: "application/vnd.openxmlformats-officedocument.wordprocessingml.document", content: makeDocx(title, paragraphs, created, author) };
}

/** A month of bank transactions, as the bank's "export to CSV" writes it. */
export function statementRows(rnd: DemoRandom, year: number, month: number): Array<Array<string | number>> {
  const payees = ["Tesco Stores", "Fabrikam Energy", "Bristol Book Café", "Northwind Rail", "Council Tax", "Wide World Importers", "Café Zoë", "Salary — Contoso Ltd", "Adventure Works Cycles", "Pharmacy"];
  const rows: Array<Array<string | number>> = [["Date", "Description", "Amount (GBP)", "Balance (GBP)"]];
  let balance = 1200 + rnd.int(0, 3000);
  for (let d = 1; d <= 28; d += rnd.int(1, 4)) {
    const payee = rnd.pick(payees);
    const amount = payee.startsWith("Salary") ? 3150 : -(rnd.int(200, 12000) / 100);
    balance += amount;
    rows.push([`${year}-${p2(month)}-${p2(d)}`, payee, amount, balance]);
  }
  return rows;
}
