// Finds and reads a QR code in a PNG or JPEG: a screenshot of Google Authenticator's "Transfer
// accounts" screen, or a photo of it, with the code anywhere in the picture. jsQR scans the whole
// image; big photos are first shrunk (jsQR's time grows with pixels, and a phone screen photo
// still has a QR hundreds of pixels wide), then tried at other sizes if that fails.

import jpeg from "jpeg-js";
import jsQRModule from "jsqr";
import { PNG } from "pngjs";

// jsqr is a CommonJS bundle whose d.ts declares an ES default export: under NodeNext the default
// import is module.exports, which carries the function both as itself and as `.default`.
type JsQr = typeof jsQRModule.default;
const jsQR: JsQr = (jsQRModule as unknown as { default?: JsQr }).default ?? (jsQRModule as unknown as JsQr);

/** Larger pictures are refused: decoding them would take too much memory (RGBA, 4 B/pixel). */
export const MAX_IMAGE_MEGAPIXELS = 50;

export type ImageKind = "png" | "jpeg";

export function imageKind(bytes: Uint8Array): ImageKind | undefined {
  if (bytes.length >= 8 && bytes[0] === 0x89 && bytes[1] === 0x50 && bytes[2] === 0x4e && bytes[3] === 0x47) return "png";
  if (bytes.length >= 3 && bytes[0] === 0xff && bytes[1] === 0xd8 && bytes[2] === 0xff) return "jpeg";
  return undefined;
}

interface Rgba {
  width: number;
  height: number;
  data: Uint8Array;
}

export class QrImageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "QrImageError";
  }
}

function decodePng(bytes: Buffer): Rgba {
  // IHDR is the first chunk: width and height at bytes 16–23. Checked before pngjs allocates.
  if (bytes.length < 24) throw new QrImageError("The PNG image is cut short.");
  const width = bytes.readUInt32BE(16);
  const height = bytes.readUInt32BE(20);
  if (width * height > MAX_IMAGE_MEGAPIXELS * 1e6) throw new QrImageError("The image is too large to scan.");
  try {
    const png = PNG.sync.read(bytes);
    return { width: png.width, height: png.height, data: png.data };
  } catch {
    throw new QrImageError("The PNG image is damaged or cut short.");
  }
}

function decodeJpeg(bytes: Buffer): Rgba {
  try {
    const img = jpeg.decode(bytes, { useTArray: true, formatAsRGBA: true, maxResolutionInMP: MAX_IMAGE_MEGAPIXELS, maxMemoryUsageInMB: 1024 });
    return { width: img.width, height: img.height, data: img.data };
  } catch (err) {
    const tooBig = err instanceof Error && /maxResolutionInMP|maxMemoryUsageInMB/i.test(err.message);
    throw new QrImageError(tooBig ? "The image is too large to scan." : "The JPEG image is damaged or cut short.");
  }
}

/** Box-filter downscale by an integer factor (keeps edges sharp enough for QR modules). */
function shrink(img: Rgba, factor: number): Rgba {
  if (factor <= 1) return img;
  const width = Math.floor(img.width / factor);
  const height = Math.floor(img.height / factor);
  const data = new Uint8Array(width * height * 4);
  const area = factor * factor;
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      let r = 0;
      let g = 0;
      let b = 0;
      for (let dy = 0; dy < factor; dy++) {
        let i = ((y * factor + dy) * img.width + x * factor) * 4;
        for (let dx = 0; dx < factor; dx++, i += 4) {
          r += img.data[i] ?? 0;
          g += img.data[i + 1] ?? 0;
          b += img.data[i + 2] ?? 0;
        }
      }
      const o = (y * width + x) * 4;
      data[o] = r / area;
      data[o + 1] = g / area;
      data[o + 2] = b / area;
      data[o + 3] = 255;
    }
  }
  return { width, height, data };
}

function scan(img: Rgba): string | undefined {
  const clamped = new Uint8ClampedArray(img.data.buffer, img.data.byteOffset, img.width * img.height * 4);
  // attemptBoth: dark-mode screenshots show a light-on-dark code.
  return jsQR(clamped, img.width, img.height, { inversionAttempts: "attemptBoth" })?.data ?? undefined;
}

/**
 * The text of the QR code in the image, or undefined when none is found. Throws QrImageError for
 * an image that cannot be decoded or is too large.
 */
export function readQrFromImage(bytes: Buffer): string | undefined {
  const kind = imageKind(bytes);
  if (!kind) throw new QrImageError("Not a PNG or JPEG image.");
  const img = kind === "png" ? decodePng(bytes) : decodeJpeg(bytes);
  const pixels = img.width * img.height;
  // Start near 1.5 MP, then the other sizes, as long as the picture stays ≥ 200 px a side.
  const first = Math.max(1, Math.round(Math.sqrt(pixels / 1.5e6)));
  const factors = [...new Set([first, 1, 2, 3, 4, 6, 8])].filter((f) => f === 1 || (img.width / f >= 200 && img.height / f >= 200));
  for (const factor of factors) {
    const text = scan(shrink(img, factor));
    if (text !== undefined && text !== "") return text;
  }
  return undefined;
}
