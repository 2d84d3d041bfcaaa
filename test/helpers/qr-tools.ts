// Independent readers for the QR codes and PDFs Lifeboat writes: Debian's zbarimg (zbar-tools)
// decodes, poppler's pdftoppm renders and pdftotext extracts. None of them shares code with the
// engine (qrcode/pdfkit), so a code they read back is a code a phone reads back.
import { execFileSync, spawnSync } from "node:child_process";
import { promises as fsp } from "node:fs";
import path from "node:path";
import { PNG } from "pngjs";

/** Every QR code zbarimg finds in the image, as text (empty when it finds none). */
export function zbarDecode(file: string): string[] {
  const r = spawnSync("zbarimg", ["--xml", "-q", "-Sdisable", "-Sqrcode.enable", file], { encoding: "utf8" });
  // Exit 4: no symbol found. Anything else but 0 is a failure of the tool itself.
  if (r.status === 4) return [];
  if (r.status !== 0) throw new Error(`zbarimg failed on ${file} (exit ${r.status}): ${r.stderr}`);
  // --xml rather than --raw: a code's text cannot be confused with the separator between codes.
  return [...r.stdout.matchAll(/<data><!\[CDATA\[([\s\S]*?)\]\]><\/data>/g)].map((m) => m[1]!);
}

/** `zbarimg --raw -q`, as the acceptance criterion states it: one code per image. */
export function zbarRaw(file: string): string {
  return execFileSync("zbarimg", ["--raw", "-q", file], { encoding: "utf8", stdio: ["ignore", "pipe", "ignore"] }).replace(/\n$/, "");
}

/** Renders each page of a PDF to PNG at `dpi`; returns the files in page order. */
export async function pdfPages(pdf: string, outDir: string, dpi: number): Promise<string[]> {
  await fsp.mkdir(outDir, { recursive: true });
  execFileSync("pdftoppm", ["-r", String(dpi), "-png", pdf, path.join(outDir, "page")], { stdio: ["ignore", "ignore", "pipe"] });
  const names = (await fsp.readdir(outDir)).filter((n) => /^page-\d+\.png$/.test(n));
  names.sort((a, b) => Number(/(\d+)/.exec(a)![1]) - Number(/(\d+)/.exec(b)![1]));
  return names.map((n) => path.join(outDir, n));
}

/** pdftotext's text, one string per page (it separates pages with form feeds). */
export function pdfTextPages(pdf: string): string[] {
  const text = execFileSync("pdftotext", ["-layout", pdf, "-"], { encoding: "utf8" });
  return text.split("\f").filter((p, i, all) => i < all.length - 1 || p.trim() !== "");
}

export interface Gray {
  width: number;
  height: number;
  /** One byte per pixel, 0 black … 255 white. */
  at(x: number, y: number): number;
}

export function readPng(bytes: Buffer): Gray {
  const png = PNG.sync.read(bytes);
  return {
    width: png.width,
    height: png.height,
    at: (x, y) => {
      const i = (y * png.width + x) * 4;
      return Math.round((png.data[i]! + png.data[i + 1]! + png.data[i + 2]!) / 3);
    },
  };
}

/** A crop of a PNG (pixel rectangle, clipped to the image) as a new PNG. */
export function cropPng(bytes: Buffer, x: number, y: number, w: number, h: number): Buffer {
  const src = PNG.sync.read(bytes);
  const x0 = Math.max(0, Math.floor(x));
  const y0 = Math.max(0, Math.floor(y));
  const x1 = Math.min(src.width, Math.ceil(x + w));
  const y1 = Math.min(src.height, Math.ceil(y + h));
  const out = new PNG({ width: x1 - x0, height: y1 - y0 });
  PNG.bitblt(src, out, x0, y0, x1 - x0, y1 - y0, 0, 0);
  return PNG.sync.write(out);
}
