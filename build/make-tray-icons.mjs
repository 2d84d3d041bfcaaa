// The tray's state icons: Lifeboat's 32 px icon (build/icons/32x32.png, from make-icons.mjs) with a
// small badge in the lower right: none for "ok", amber "!" for "warning", red for "error", blue
// for "running". Writes build/tray/tray-{ok,warning,error,running}.png. Run after make-icons.mjs:
// node build/make-tray-icons.mjs. Anti-aliased by 4x4 supersampling; no dependencies beyond pngjs.
/* global process */
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { PNG } from "pngjs";

const here = dirname(fileURLToPath(import.meta.url));
const BADGES = {
  ok: null,
  warning: { fill: [230, 150, 0], mark: "bang" },
  error: { fill: [200, 30, 30], mark: "bang" },
  running: { fill: [20, 100, 210], mark: "dot" },
};
const WHITE = [255, 255, 255];

/** The badge's colour (RGBA, alpha 0-1) at a point, in pixels of a size x size image. */
function badge(spec, x, y, size) {
  const r = size * 0.24;
  const cx = size - r - 0.5;
  const cy = size - r - 0.5;
  const d = Math.hypot(x - cx, y - cy);
  if (d > r + 1) return null;
  if (d > r) return [0, 0, 0, 0.35];
  const u = (x - cx) / r;
  const v = (y - cy) / r;
  if (spec.mark === "bang" && Math.abs(u) < 0.18 && ((v > -0.7 && v < 0.2) || (v > 0.4 && v < 0.72))) return [...WHITE, 1];
  if (spec.mark === "dot" && Math.hypot(u, v) < 0.38) return [...WHITE, 1];
  return [...spec.fill, 1];
}

function render(base, spec) {
  const png = new PNG({ width: base.width, height: base.height });
  base.data.copy(png.data);
  if (!spec) return PNG.sync.write(png);
  const n = 4;
  for (let py = 0; py < png.height; py++) {
    for (let px = 0; px < png.width; px++) {
      let r = 0, g = 0, b = 0, a = 0, hit = 0;
      for (let sy = 0; sy < n; sy++) {
        for (let sx = 0; sx < n; sx++) {
          const c = badge(spec, px + (sx + 0.5) / n, py + (sy + 0.5) / n, png.width);
          if (!c) continue;
          hit++;
          r += c[0] * c[3]; g += c[1] * c[3]; b += c[2] * c[3]; a += c[3];
        }
      }
      if (!hit) continue;
      // The badge over the icon, by the share of samples it covers.
      const i = (py * png.width + px) * 4;
      const cover = a / (n * n);
      const under = png.data[i + 3] / 255;
      const outA = cover + under * (1 - cover);
      const mix = (k, v) => (outA ? Math.round(((v / (a || 1)) * cover + png.data[i + k] * under * (1 - cover)) / outA) : 0);
      png.data[i] = mix(0, r);
      png.data[i + 1] = mix(1, g);
      png.data[i + 2] = mix(2, b);
      png.data[i + 3] = Math.round(outA * 255);
    }
  }
  return PNG.sync.write(png);
}

const base = PNG.sync.read(readFileSync(join(here, "icons", "32x32.png")));
mkdirSync(join(here, "tray"), { recursive: true });
for (const [name, spec] of Object.entries(BADGES)) writeFileSync(join(here, "tray", `tray-${name}.png`), render(base, spec));
process.stdout.write("wrote build/tray/tray-{ok,warning,error,running}.png\n");
