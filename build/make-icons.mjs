// Draws Lifeboat's icon, a lifebuoy (a white ring with four red bands, a rope edge, a soft shadow
// on transparent ground), and writes build/icon.png (512, for macOS/Windows) and
// build/icons/<n>x<n>.png (Linux, and the tray's 32 px). Run: node build/make-icons.mjs
// Anti-aliased by 4x4 supersampling; no dependencies beyond pngjs.
/* global process */
import { mkdirSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { PNG } from "pngjs";

const here = dirname(fileURLToPath(import.meta.url));
const RED = [214, 48, 49];
const WHITE = [250, 250, 247];
const ROPE = [196, 160, 110];
const OUTLINE = [60, 40, 40];

/** The colour (RGBA, 0-1 alpha) at a point in a unit square centred on 0,0 (radius 0.5). */
function sample(x, y) {
  const r = Math.hypot(x, y);
  const outer = 0.46;
  const inner = 0.22;
  if (r > outer + 0.02) {
    // Soft drop shadow below-right of the ring.
    const rs = Math.hypot(x - 0.015, y - 0.025);
    if (rs <= outer + 0.02 && rs >= inner) return [0, 0, 0, 0.18];
    return [0, 0, 0, 0];
  }
  if (r < inner - 0.012) return [0, 0, 0, 0];
  if (r > outer || r < inner) return [...OUTLINE, 1];
  // Four red bands centred on the diagonals, white between them.
  const angle = Math.atan2(y, x) + Math.PI / 4;
  const quadrant = Math.floor(((angle + 2 * Math.PI) % (2 * Math.PI)) / (Math.PI / 4));
  let colour = quadrant % 2 === 0 ? RED : WHITE;
  // The rope: a thin band across the ring's middle, interrupted where it is tied on the bands.
  const mid = (outer + inner) / 2;
  if (Math.abs(r - mid) < 0.012 && colour === WHITE) colour = ROPE;
  // A little shading: lighter towards the top-left.
  const shade = 1 - 0.12 * ((x + y) / (outer * 2) + 0.5);
  return [colour[0] * shade, colour[1] * shade, colour[2] * shade, 1];
}

function render(size) {
  const png = new PNG({ width: size, height: size });
  const n = 4;
  for (let py = 0; py < size; py++) {
    for (let px = 0; px < size; px++) {
      let r = 0, g = 0, b = 0, a = 0;
      for (let sy = 0; sy < n; sy++) {
        for (let sx = 0; sx < n; sx++) {
          const x = (px + (sx + 0.5) / n) / size - 0.5;
          const y = (py + (sy + 0.5) / n) / size - 0.5;
          const [cr, cg, cb, ca] = sample(x, y);
          r += cr * ca; g += cg * ca; b += cb * ca; a += ca;
        }
      }
      const i = (py * size + px) * 4;
      const alpha = a / (n * n);
      const channel = (v) => (a ? Math.min(255, Math.max(0, Math.round(v / a))) : 0);
      png.data[i] = channel(r);
      png.data[i + 1] = channel(g);
      png.data[i + 2] = channel(b);
      png.data[i + 3] = Math.round(alpha * 255);
    }
  }
  return PNG.sync.write(png);
}

mkdirSync(join(here, "icons"), { recursive: true });
for (const size of [512, 256, 32]) writeFileSync(join(here, "icons", `${size}x${size}.png`), render(size));
writeFileSync(join(here, "icon.png"), render(512));
process.stdout.write("wrote build/icon.png and build/icons/{512x512,256x256,32x32}.png\n");
