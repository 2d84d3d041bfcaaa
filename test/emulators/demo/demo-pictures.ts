// Procedural pictures for the demo account: landscapes for the camera roll, identicon avatars for
// contact photos, screenshots, charts and scanned pages. Each is a pure function of its size and a
// DemoRandom, so the bytes never change. Photos get film grain on purpose: without it a JPEG of a
// smooth gradient is a few KB, and the demo wants photo-sized files.
import type { DemoRandom } from "./demo-random.js";
import type { RgbImage } from "./png-image.js";

type Rgb = readonly [number, number, number];

const SCENES: ReadonlyArray<{ skyTop: Rgb; skyBottom: Rgb; far: Rgb; near: Rgb; ground: Rgb; sun: Rgb }> = [
  { skyTop: [40, 90, 170], skyBottom: [170, 210, 240], far: [110, 130, 160], near: [60, 100, 70], ground: [90, 140, 70], sun: [255, 250, 220] },
  { skyTop: [60, 40, 110], skyBottom: [250, 150, 90], far: [120, 70, 100], near: [60, 40, 60], ground: [40, 50, 60], sun: [255, 210, 120] },
  { skyTop: [20, 30, 60], skyBottom: [80, 110, 160], far: [50, 60, 90], near: [30, 40, 50], ground: [30, 60, 90], sun: [240, 240, 255] },
  { skyTop: [90, 160, 220], skyBottom: [220, 235, 245], far: [150, 160, 170], near: [200, 190, 150], ground: [40, 120, 170], sun: [255, 255, 240] },
  { skyTop: [200, 120, 80], skyBottom: [250, 220, 160], far: [170, 110, 90], near: [120, 80, 60], ground: [210, 180, 120], sun: [255, 240, 200] },
];

/** A small xorshift32 for per-pixel grain (a method call per pixel on DemoRandom is much slower). */
function grainSource(seed: number): () => number {
  let s = seed >>> 0 || 0x9e3779b9;
  return () => {
    s ^= s << 13;
    s ^= s >>> 17;
    s ^= s << 5;
    return (s >>> 0) / 4294967296;
  };
}

function clamp(v: number): number {
  return v < 0 ? 0 : v > 255 ? 255 : v;
}

/** A ridge line as a sum of sines with random phases: smooth, cheap, never the same twice. */
function ridge(rnd: DemoRandom, width: number, base: number, amplitude: number): Float64Array {
  const waves = Array.from({ length: 4 }, (_, k) => ({ f: (2 + k * 3 + rnd.float() * 3) * Math.PI / width, p: rnd.float() * 6.28, a: amplitude / (k + 1) }));
  const line = new Float64Array(width);
  for (let x = 0; x < width; x++) {
    let y = base;
    for (const w of waves) y += w.a * Math.sin(w.f * x + w.p);
    line[x] = y;
  }
  return line;
}

/**
 * A landscape "photo". `grain` is the luma noise amplitude, `chroma` the colour noise: together
 * they decide how large the JPEG gets, as sensor noise does for a real camera.
 */
export function landscape(width: number, height: number, rnd: DemoRandom, grain = 14, chroma = 0): RgbImage {
  const scene = rnd.pick(SCENES);
  const rgb = new Uint8Array(width * height * 3);
  const far = ridge(rnd, width, height * (0.45 + rnd.float() * 0.1), height * 0.08);
  const near = ridge(rnd, width, height * (0.62 + rnd.float() * 0.08), height * 0.06);
  const horizon = height * 0.8;
  const sunX = width * (0.15 + rnd.float() * 0.7);
  const sunY = height * (0.15 + rnd.float() * 0.25);
  const sunR = Math.min(width, height) * (0.04 + rnd.float() * 0.04);
  const noise = grainSource(rnd.u32());
  // Layers from the back: sky with the sun's glow, far ridge, near ridge, water or ground. Colours
  // are blended in scalars (a per-pixel array would make this the slowest part of the demo).
  let a: Rgb;
  let b: Rgb;
  let t: number;
  for (let y = 0; y < height; y++) {
    const skyT = y / horizon > 1 ? 1 : y / horizon;
    const skyR = scene.skyTop[0] + (scene.skyBottom[0] - scene.skyTop[0]) * skyT;
    const skyG = scene.skyTop[1] + (scene.skyBottom[1] - scene.skyTop[1]) * skyT;
    const skyB = scene.skyTop[2] + (scene.skyBottom[2] - scene.skyTop[2]) * skyT;
    for (let x = 0; x < width; x++) {
      let r: number;
      let g: number;
      let bl: number;
      if (y >= horizon || y >= near[x]! || y >= far[x]!) {
        if (y >= horizon) {
          a = scene.ground;
          b = scene.skyBottom;
          t = ((y - horizon) / (height - horizon)) * 0.3;
        } else if (y >= near[x]!) {
          a = scene.near;
          b = scene.ground;
          t = (y - near[x]!) / (horizon - near[x]!);
        } else {
          a = scene.far;
          b = scene.near;
          t = ((y - far[x]!) / (height - far[x]!)) * 0.5;
        }
        r = a[0] + (b[0] - a[0]) * t;
        g = a[1] + (b[1] - a[1]) * t;
        bl = a[2] + (b[2] - a[2]) * t;
      } else {
        const d = Math.sqrt((x - sunX) * (x - sunX) + (y - sunY) * (y - sunY));
        if (d < sunR) {
          r = scene.sun[0];
          g = scene.sun[1];
          bl = scene.sun[2];
        } else {
          const glow = Math.max(0, 1 - (d - sunR) / (sunR * 6)) * 0.5;
          r = skyR + (scene.sun[0] - skyR) * glow;
          g = skyG + (scene.sun[1] - skyG) * glow;
          bl = skyB + (scene.sun[2] - skyB) * glow;
        }
      }
      const p = (y * width + x) * 3;
      const n = (noise() - 0.5) * grain * 2;
      const cn = chroma ? (noise() - 0.5) * chroma * 2 : 0;
      rgb[p] = clamp(r + n + cn);
      rgb[p + 1] = clamp(g + n);
      rgb[p + 2] = clamp(bl + n - cn);
    }
  }
  return { width, height, rgb };
}

/** A 5×5 mirrored identicon on a pastel background: the look of a default contact photo. */
export function avatar(size: number, rnd: DemoRandom): RgbImage {
  const hue = rnd.float();
  const fg = hsl(hue, 0.55, 0.45);
  const bg = hsl(hue, 0.35, 0.9);
  const cells: boolean[] = [];
  for (let i = 0; i < 15; i++) cells.push(rnd.chance(0.5));
  const rgb = new Uint8Array(size * size * 3);
  const margin = Math.floor(size / 8);
  const cell = (size - 2 * margin) / 5;
  for (let y = 0; y < size; y++) {
    for (let x = 0; x < size; x++) {
      const cx = Math.floor((x - margin) / cell);
      const cy = Math.floor((y - margin) / cell);
      const inside = cx >= 0 && cx < 5 && cy >= 0 && cy < 5;
      const col = cx < 3 ? cx : 4 - cx;
      const on = inside && cells[cy * 3 + col]!;
      const c = on ? fg : bg;
      const p = (y * size + x) * 3;
      rgb[p] = c[0];
      rgb[p + 1] = c[1];
      rgb[p + 2] = c[2];
    }
  }
  return { width: size, height: size, rgb };
}

function hsl(h: number, s: number, l: number): Rgb {
  const f = (n: number): number => {
    const k = (n + h * 12) % 12;
    const a = s * Math.min(l, 1 - l);
    return Math.round(255 * (l - a * Math.max(-1, Math.min(k - 3, 9 - k, 1))));
  };
  return [f(0), f(8), f(4)];
}

function fillRect(img: RgbImage, x0: number, y0: number, w: number, h: number, c: Rgb): void {
  for (let y = Math.max(0, y0); y < Math.min(img.height, y0 + h); y++) {
    for (let x = Math.max(0, x0); x < Math.min(img.width, x0 + w); x++) {
      const p = (y * img.width + x) * 3;
      img.rgb[p] = c[0];
      img.rgb[p + 1] = c[1];
      img.rgb[p + 2] = c[2];
    }
  }
}

/** A desktop window: title bar, sidebar, lines of "text" and a card or two. Compresses like a real screenshot. */
export function screenshot(width: number, height: number, rnd: DemoRandom): RgbImage {
  const img: RgbImage = { width, height, rgb: new Uint8Array(width * height * 3) };
  const accent = hsl(rnd.float(), 0.6, 0.45);
  fillRect(img, 0, 0, width, height, [243, 243, 243]);
  fillRect(img, 0, 0, width, 32, accent);
  fillRect(img, 0, 32, Math.floor(width * 0.22), height - 32, [230, 232, 236]);
  for (let i = 0; i < 12; i++) fillRect(img, 16, 56 + i * 28, Math.floor(width * 0.22) - 40 - rnd.int(0, 60), 10, [150, 155, 165]);
  let y = 60;
  const left = Math.floor(width * 0.22) + 32;
  while (y < height - 40) {
    if (rnd.chance(0.15)) {
      fillRect(img, left, y, width - left - 32, 90, [255, 255, 255]);
      fillRect(img, left + 16, y + 16, 60, 60, hsl(rnd.float(), 0.5, 0.6));
      fillRect(img, left + 96, y + 24, rnd.int(150, 400), 12, [60, 64, 72]);
      fillRect(img, left + 96, y + 48, rnd.int(100, 300), 10, [140, 145, 150]);
      y += 110;
    } else {
      fillRect(img, left, y, rnd.int(Math.floor((width - left) * 0.3), width - left - 48), 9, [90, 94, 100]);
      y += rnd.chance(0.2) ? 30 : 18;
    }
  }
  return img;
}

/** A bar chart on white with axes, for the work documents and newsletters. */
export function chart(width: number, height: number, values: readonly number[], rnd: DemoRandom): RgbImage {
  const img: RgbImage = { width, height, rgb: new Uint8Array(width * height * 3).fill(255) };
  const max = Math.max(...values, 1);
  const left = 40;
  const bottom = height - 30;
  fillRect(img, left, 10, 2, bottom - 10, [60, 60, 60]);
  fillRect(img, left, bottom, width - left - 10, 2, [60, 60, 60]);
  for (let g = 1; g <= 4; g++) fillRect(img, left + 2, bottom - Math.round(((bottom - 20) * g) / 4), width - left - 12, 1, [220, 220, 220]);
  const slot = (width - left - 20) / values.length;
  const color = hsl(rnd.float(), 0.55, 0.5);
  values.forEach((v, i) => {
    const h = Math.round(((bottom - 20) * v) / max);
    fillRect(img, Math.round(left + 10 + i * slot), bottom - h, Math.max(2, Math.round(slot * 0.7)), h, color);
  });
  return img;
}

/** A scanned page: off-white paper, grey lines of text, scanner noise. */
export function scannedPage(width: number, height: number, rnd: DemoRandom): RgbImage {
  const rgb = new Uint8Array(width * height * 3);
  const noise = grainSource(rnd.u32());
  const lines: Array<[number, number, number]> = [];
  for (let y = Math.round(height * 0.08); y < height * 0.92; y += Math.round(height / 40)) {
    lines.push([y, Math.round(width * 0.1), Math.round(width * (0.5 + rnd.float() * 0.4))]);
  }
  for (let y = 0; y < height; y++) {
    const line = lines.find(([ly]) => y >= ly && y < ly + Math.max(2, Math.round(height / 160)));
    for (let x = 0; x < width; x++) {
      const ink = line !== undefined && x >= line[1] && x < line[2] && noise() < 0.7;
      const base = ink ? 70 : 238;
      const g = (noise() - 0.5) * 12;
      const p = (y * width + x) * 3;
      rgb[p] = clamp(base + g + 4);
      rgb[p + 1] = clamp(base + g + 2);
      rgb[p + 2] = clamp(base + g - 6);
    }
  }
  return { width, height, rgb };
}

/** Soft overlapping circles on a gradient: a desktop wallpaper (compresses well as PNG). */
export function wallpaper(width: number, height: number, rnd: DemoRandom): RgbImage {
  const rgb = new Uint8Array(width * height * 3);
  const a = hsl(rnd.float(), 0.5, 0.3);
  const b = hsl(rnd.float(), 0.5, 0.7);
  const circles = Array.from({ length: 6 }, () => ({ x: rnd.float() * width, y: rnd.float() * height, r: (0.1 + rnd.float() * 0.3) * width, c: hsl(rnd.float(), 0.6, 0.6) }));
  const row = new Float64Array(width * 3);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const t = (x / width + y / height) / 2;
      row[x * 3] = a[0] + (b[0] - a[0]) * t;
      row[x * 3 + 1] = a[1] + (b[1] - a[1]) * t;
      row[x * 3 + 2] = a[2] + (b[2] - a[2]) * t;
    }
    // Each circle tints the span of this row it covers (solved per row, not tested per pixel).
    for (const k of circles) {
      const dy = y - k.y;
      if (dy * dy >= k.r * k.r) continue;
      const half = Math.sqrt(k.r * k.r - dy * dy);
      const x0 = Math.max(0, Math.ceil(k.x - half));
      const x1 = Math.min(width - 1, Math.floor(k.x + half));
      for (let x = x0; x <= x1; x++) {
        for (let c = 0; c < 3; c++) row[x * 3 + c] = row[x * 3 + c]! + (k.c[c]! - row[x * 3 + c]!) * 0.25;
      }
    }
    rgb.set(row, y * width * 3);
  }
  return { width, height, rgb };
}
