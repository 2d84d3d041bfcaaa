// One QR symbol, computed once by `qrcode` and drawn by every output from the same module matrix
// (PNG, SVG, the emergency kit's PDF), so the PNG and the SVG of an account are provably the same
// code. Rendering is done here rather than by qrcode's own renderers because those each re-encode
// the text and the kit needs the raw modules to draw vectors anyway.
import { PNG } from "pngjs";
import QRCode from "qrcode";

/** Error correction: M (15 %) is what authenticator setup pages use; the kit may ask for more. */
export type QrLevel = "L" | "M" | "Q" | "H";

/** Light modules around the code. The QR spec asks for 4; scanners fail more often with less. */
export const QR_QUIET_ZONE = 4;

export interface QrMatrix {
  /** Modules per side, without the quiet zone. */
  size: number;
  /** Row-major, 1 = dark. */
  modules: Uint8Array;
}

/** The symbol for `text` (byte/alphanumeric/numeric segments as qrcode picks them). */
export function qrMatrix(text: string, level: QrLevel = "M"): QrMatrix {
  const qr = QRCode.create(text, { errorCorrectionLevel: level });
  const size = qr.modules.size;
  const modules = new Uint8Array(size * size);
  for (let r = 0; r < size; r++) for (let c = 0; c < size; c++) modules[r * size + c] = qr.modules.get(r, c) ? 1 : 0;
  return { size, modules };
}

export function isDark(m: QrMatrix, row: number, col: number): boolean {
  return m.modules[row * m.size + col] === 1;
}

/** Horizontal runs of dark modules, row by row: what every renderer draws (few shapes, no seams). */
export function darkRuns(m: QrMatrix): Array<{ row: number; col: number; length: number }> {
  const runs: Array<{ row: number; col: number; length: number }> = [];
  for (let row = 0; row < m.size; row++) {
    let col = 0;
    while (col < m.size) {
      if (!isDark(m, row, col)) {
        col++;
        continue;
      }
      const start = col;
      while (col < m.size && isDark(m, row, col)) col++;
      runs.push({ row, col: start, length: col - start });
    }
  }
  return runs;
}

/**
 * A grayscale PNG, `scale` pixels per module, with the quiet zone. 8 px per module keeps even a
 * dense code sharp on a phone screen and under a camera.
 */
export function qrPng(m: QrMatrix, scale = 8): Buffer {
  const side = (m.size + 2 * QR_QUIET_ZONE) * scale;
  const png = new PNG({ width: side, height: side, colorType: 0, inputColorType: 0, inputHasAlpha: false });
  // Grayscale input: one byte per pixel.
  const data = Buffer.alloc(side * side, 0xff);
  for (const run of darkRuns(m)) {
    const y0 = (run.row + QR_QUIET_ZONE) * scale;
    const x0 = (run.col + QR_QUIET_ZONE) * scale;
    for (let y = y0; y < y0 + scale; y++) data.fill(0x00, y * side + x0, y * side + x0 + run.length * scale);
  }
  png.data = data;
  return PNG.sync.write(png, { colorType: 0, inputColorType: 0, inputHasAlpha: false });
}

function xmlEscape(text: string): string {
  return text.replace(/[<>&"']/g, (c) => ({ "<": "&lt;", ">": "&gt;", "&": "&amp;", '"': "&quot;", "'": "&apos;" })[c] ?? c);
}

/**
 * A standalone SVG in module units (viewBox includes the quiet zone): one white square and one
 * black path of unit-high rectangles, `crispEdges` so no renderer anti-aliases seams between
 * modules. `title` names the account for screen readers and file browsers (it is not secret).
 */
export function qrSvg(m: QrMatrix, title?: string, pixelsPerModule = 8): string {
  const side = m.size + 2 * QR_QUIET_ZONE;
  const d = darkRuns(m)
    .map((r) => `M${r.col + QR_QUIET_ZONE} ${r.row + QR_QUIET_ZONE}h${r.length}v1h-${r.length}z`)
    .join("");
  const px = side * pixelsPerModule;
  return [
    `<?xml version="1.0" encoding="UTF-8"?>`,
    `<svg xmlns="http://www.w3.org/2000/svg" version="1.1" width="${px}" height="${px}" viewBox="0 0 ${side} ${side}" shape-rendering="crispEdges">`,
    ...(title !== undefined ? [`<title>${xmlEscape(title)}</title>`] : []),
    `<rect x="0" y="0" width="${side}" height="${side}" fill="#ffffff"/>`,
    `<path fill="#000000" d="${d}"/>`,
    `</svg>`,
    ``,
  ].join("\n");
}
