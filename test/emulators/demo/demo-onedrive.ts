// The demo account's OneDrive: camera-roll JPEGs by year, trip albums with non-ASCII names,
// screenshots and wallpapers (PNG), documents (text, Markdown, CSV, hand-written PDFs, a .docx),
// nested and empty folders, names with spaces, '#', '(', accents, CJK and an emoji, and one ~20 MiB
// ZIP of scanned pages so uploads and backups cross chunk boundaries. The work account gets a
// small OneDrive for Business.
import type { DemoRandom } from "./demo-random.js";
import { landscape, chart, screenshot, scannedPage, wallpaper } from "./demo-pictures.js";
import { makeDocx } from "./docx-document.js";
import { encodeJpeg } from "./jpeg-image.js";
import { makePdf } from "./pdf-document.js";
import { encodePng } from "./png-image.js";
import type { SeedWriter } from "./seed-writer.js";
import { makeZip } from "./zip-archive.js";
import * as att from "./demo-attachments.js";
import { OWNER } from "./demo-people.js";

export interface DriveSummary {
  files: number;
  /** Every folder below the drive root, the empty ones included. */
  folders: number;
  emptyFolders: number;
  bytes: number;
  images: number;
  largestFile: { path: string; bytes: number };
}

class DriveWriter {
  readonly summary: DriveSummary = { files: 0, folders: 0, emptyFolders: 0, bytes: 0, images: 0, largestFile: { path: "", bytes: 0 } };
  private readonly folders = new Set<string>();

  constructor(
    private readonly out: SeedWriter,
    private readonly root: string,
  ) {}

  async file(rel: string, data: string | Uint8Array, mtime: Date): Promise<void> {
    this.count(rel, await this.out.file(`${this.root}/${rel}`, data, mtime));
  }

  async pieces(rel: string, pieces: Iterable<Uint8Array>, mtime: Date): Promise<void> {
    this.count(rel, await this.out.stream(`${this.root}/${rel}`, pieces, mtime));
  }

  async emptyFolder(rel: string): Promise<void> {
    await this.out.emptyDir(`${this.root}/${rel}`);
    this.addFolders(`${rel}/x`);
    this.summary.emptyFolders++;
  }

  done(): DriveSummary {
    this.summary.folders = this.folders.size;
    return this.summary;
  }

  private count(rel: string, bytes: number): void {
    this.summary.files++;
    this.summary.bytes += bytes;
    if (/\.(jpe?g|png)$/i.test(rel)) this.summary.images++;
    if (bytes > this.summary.largestFile.bytes) this.summary.largestFile = { path: rel, bytes };
    this.addFolders(rel);
  }

  private addFolders(rel: string): void {
    const parts = rel.split("/");
    for (let i = 1; i < parts.length; i++) this.folders.add(parts.slice(0, i).join("/"));
  }
}

const p2 = (n: number): string => String(n).padStart(2, "0");
const cameraName = (d: Date): string =>
  `IMG_${d.getUTCFullYear()}${p2(d.getUTCMonth() + 1)}${p2(d.getUTCDate())}_${p2(d.getUTCHours())}${p2(d.getUTCMinutes())}${p2(d.getUTCSeconds())}.jpg`;

export async function writePersonalDrive(out: SeedWriter, root: string, rnd: DemoRandom): Promise<DriveSummary> {
  const w = new DriveWriter(out, root);
  // Camera roll: phone photos, landscape and portrait.
  for (const [year, count] of [[2023, 3], [2024, 3], [2025, 2]] as const) {
    for (let i = 0; i < count; i++) {
      const taken = rnd.dayTime(Date.UTC(year, 0, 1), Date.UTC(year, 10, 25), 7, 19);
      const portrait = rnd.chance(0.3);
      await w.file(`Pictures/Camera Roll/${year}/${cameraName(taken)}`, encodeJpeg(landscape(portrait ? 1200 : 1600, portrait ? 1600 : 1200, rnd, 34, 16), 95), taken);
    }
  }
  const albums: Array<[string, string[], number]> = [
    ["Pictures/Tōkyō 2019", ["東京タワー.jpg", "浅草寺.jpg", "Shibuya crossing.jpg"], Date.UTC(2019, 9, 22, 9)],
    ["Pictures/Lisboa 2023", ["Alfama.jpg", "Belém.jpg", "Pastéis de nata.jpg"], Date.UTC(2023, 5, 12, 10)],
  ];
  for (const [folder, names, start] of albums) {
    for (const [i, name] of names.entries()) {
      await w.file(`${folder}/${name}`, encodeJpeg(landscape(1280, 960, rnd, 24, 10), 92), new Date(start + i * 5_400_000));
    }
  }
  // A stitched panorama: the one "few MB" photo.
  await w.file("Pictures/Lisboa 2023/Panorama — Tejo.jpg", encodeJpeg(landscape(3200, 900, rnd, 30, 14), 94), new Date(Date.UTC(2023, 5, 14, 18, 40)));
  for (let i = 0; i < 3; i++) {
    const d = new Date(Date.UTC(2024, 2 + i * 3, 2 + i, 10, 15, 12));
    await w.file(`Pictures/Screenshots/Screenshot ${d.toISOString().slice(0, 10)} ${p2(d.getUTCHours())}${p2(d.getUTCMinutes())}${p2(d.getUTCSeconds())}.png`, encodePng(screenshot(1280, 800, rnd), 6), d);
  }
  await w.file("Pictures/Wallpapers/Harbourside dusk.png", encodePng(wallpaper(1920, 1080, rnd), 6), new Date(Date.UTC(2022, 0, 3)));
  await w.file("Pictures/Wallpapers/Downs (phone).png", encodePng(wallpaper(1080, 1920, rnd), 6), new Date(Date.UTC(2022, 0, 3)));

  // Documents.
  const created = (y: number, m: number, d: number): Date => new Date(Date.UTC(y, m - 1, d, 10, 0));
  await w.file("Documents/README.md", `# ${OWNER.display}'s documents\n\nFiled by topic. Scans of paper documents are in Archives/.\n`, created(2019, 6, 20));
  await w.file(
    "Documents/Finances/Budget 2025.csv",
    att.csv("x", [["Category", "Monthly (GBP)", "Yearly (GBP)"], ["Rent/mortgage", 1150, 13800], ["Energy", 142.5, 1710], ["Food", 420, 5040], ["Transport", 96, 1152], ["Savings", 500, 6000], ["Fun", 180, 2160]]).content,
    created(2025, 1, 4),
  );
  await w.file("Documents/Finances/Budget (final) #2.csv", att.csv("x", [["Month", "Spent", "Budget"], ["Jan", 2312.4, 2488.5], ["Feb", 2205.1, 2488.5], ["Mar", 2590.75, 2488.5]]).content, created(2025, 4, 2));
  for (const month of [8, 9, 10]) {
    await w.file(`Documents/Finances/Bank statements/2025-${p2(month)}.csv`, att.csv("x", att.statementRows(rnd, 2025, month)).content, created(2025, month + 1, 2));
  }
  for (const [year, next] of [[2022, 23], [2023, 24]] as const) {
    const when = created(year + 1, 1, 20);
    await w.file(`Documents/Finances/Taxes/${year}-${next}/Tax return ${year}-${next}.pdf`, makePdf({ title: `Self Assessment ${year}-${next}`, lines: ["# Summary", "Employment income: Contoso Ltd", "Savings interest: see bank statement", "# Submitted", `Submitted by Proseware Accounting on ${when.toISOString().slice(0, 10)}`], created: when }), when);
  }
  await w.file("Documents/Finances/Taxes/2023-24/P60 2024.pdf", makePdf({ title: "P60 End of Year Certificate 2023-24", lines: ["Employer: Contoso Ltd", "Employee: Malik Haddad", "Pay and tax: see payslips"], created: created(2024, 5, 28) }), created(2024, 5, 28));
  await w.file("Documents/Home/Moving checklist.txt", "Moving checklist\r\n\r\n[x] Book van (8 am)\r\n[x] Meter readings\r\n[ ] Redirect post\r\n[ ] Council tax\r\n[ ] Keys back to Ian\r\n", created(2019, 5, 30));
  await w.file("Documents/Home/Recipes/Grandma's lentil soup.md", "# Grandma's lentil soup\n\n- 250 g red lentils\n- 1 onion, 2 carrots\n- 1 tsp cumin, toasted first\n- 1 l stock, juice of a lemon\n\nSimmer 20 minutes, blend, lemon to taste.\n", created(2018, 2, 11));
  await w.file("Documents/Home/Recipes/Pâte brisée.md", "# Pâte brisée (Brigitte)\n\n- 250 g de farine\n- 125 g de beurre froid\n- 1 pincée de sel\n- 5 cl d'eau glacée\n\nSabler la farine et le beurre, ajouter l'eau, ne pas trop travailler. Repos : 30 min au frais.\n", created(2022, 4, 20));
  await w.file("Documents/Letters/Letter to the council.txt", `${OWNER.display}\r\n${OWNER.home.street}\r\nBristol ${OWNER.home.postcode}\r\n\r\nDear Sir or Madam,\r\n\r\nI am writing about the missed bin collections on Cotham Vale...\r\n\r\nYours faithfully,\r\nMalik Haddad\r\n`, created(2021, 11, 8));
  const cv = ["Product engineer with ten years of experience in data-heavy web products.", "Contoso (2021–): Project Aurora, search and APIs.", "Litware (2015–2021): analytics platform.", "MSc Computer Science, University of Bristol."];
  await w.file("Documents/CV — Malik Haddad.docx", makeDocx("Malik Haddad — CV", cv, created(2024, 9, 1), OWNER.display), created(2024, 9, 1));
  await w.file("Documents/CV — Malik Haddad.pdf", makePdf({ title: "Malik Haddad — CV", lines: cv, created: created(2024, 9, 1), author: OWNER.display }), created(2024, 9, 1));
  await w.file("Documents/Résumé (français).pdf", makePdf({ title: "Malik Haddad — Curriculum vitæ", lines: ["Ingénieur produit, dix ans d'expérience.", "Contoso (depuis 2021) : projet Aurora.", "Litware (2015–2021) : plateforme d'analyse."], created: created(2024, 9, 2), author: OWNER.display }), created(2024, 9, 2));
  await w.file("Documents/Notes/Ideas 💡.md", "# Ideas\n\n- Photo book of Lisbon for Léa\n- Learn to make proper bread\n- Run the Bath half in 2026\n", created(2025, 2, 14));
  await w.file("Documents/Notes/Books to read.md", "# To read\n\n1. Der Turm — Uwe Tellkamp\n2. 雪国 (Snow Country) — Kawabata\n3. Мастер и Маргарита — Bulgakov\n", created(2024, 12, 30));
  await w.file("Documents/Notes/Packing list.txt", "Passport\r\nCharger\r\nRunning shoes\r\nBook\r\n", created(2023, 6, 8));
  await w.emptyFolder("Documents/Projects/Old");
  await w.emptyFolder("Attachments");

  // ~20 MiB: a ZIP of three uncompressed scans (stored, as scanners' "save as archive" does).
  const scanned = new Date(Date.UTC(2020, 2, 29, 15, 0));
  const pages = [0, 1, 2].map((i) => ({ name: `Photo scans 2009/scan-${p2(i + 1)}.png`, data: encodePng(scannedPage(2400, 950, rnd), 0), mtime: new Date(scanned.getTime() + i * 60_000) }));
  const index = { name: "Photo scans 2009/index.txt", data: Buffer.from("Scans of the 2009 family album, pages 1–3.\r\n", "utf8"), mtime: scanned, compress: true };
  await w.pieces("Archives/Photo scans 2009.zip", makeZip([...pages, index]), scanned);
  return w.done();
}

export async function writeWorkDrive(out: SeedWriter, root: string, rnd: DemoRandom): Promise<DriveSummary> {
  const w = new DriveWriter(out, root);
  const d = (y: number, m: number, day: number): Date => new Date(Date.UTC(y, m - 1, day, 9, 30));
  await w.file("Documents/Project Aurora/Aurora API v2.md", "# Aurora API v2\n\n## Pagination\nOpaque cursor tokens; 200 items per page.\n\n## Errors\nRFC 9457 problem details.\n", d(2024, 2, 1));
  await w.file("Documents/Project Aurora/Architecture.png", encodePng(chart(800, 400, [3, 7, 4, 9, 6, 8], rnd), 9), d(2024, 2, 2));
  await w.file("Documents/Project Aurora/Roadmap.csv", att.csv("x", [["Quarter", "Milestone", "Owner"], ["2025 Q1", "API v2 beta", "Malik"], ["2025 Q2", "Search ranking", "Johanna"], ["2025 Q3", "Settings redesign", "Adele"]]).content, d(2025, 1, 10));
  await w.file("Documents/Project Aurora/Spec — v3.pdf", makePdf({ title: "Project Aurora — specification v3", lines: ["# Scope", "Search, items API, settings.", "# Non-goals", "Mobile apps (2026)."], created: d(2024, 11, 4), author: OWNER.display }), d(2024, 11, 4));
  for (const [i, date] of [d(2025, 9, 4), d(2025, 10, 2), d(2025, 11, 6)].entries()) {
    await w.file(`Documents/Project Aurora/Meeting notes/${date.toISOString().slice(0, 10)} sprint review.md`, `# Sprint review ${i + 1}\n\n- Demo: settings page\n- p95 latency back to 180 ms\n- Next: API v2 GA\n`, date);
  }
  await w.file("Documents/Personal/Expenses 2025.csv", att.csv("x", [["Date", "What", "GBP"], ["2025-01-15", "Train to Munich airport", 38.2], ["2025-05-20", "Taxi SEA", 61.0]]).content, d(2025, 6, 1));
  await w.emptyFolder("Desktop");
  return w.done();
}
