import assert from "node:assert/strict";
import { describe, test } from "node:test";
import jpeg from "jpeg-js";
import { PNG } from "pngjs";
import QRCode from "qrcode";
import { base32Decode } from "../../../electron/engine/vault/otp/base32.js";
import { formatMigrationUri, type MigrationOtp, type MigrationPayload } from "../../../electron/engine/vault/otp/importers/google-migration-payload.js";
import { googleMigrationImporter, importGoogleMigration } from "../../../electron/engine/vault/otp/importers/google-migration.js";
import { OtpImportError } from "../../../electron/engine/vault/otp/importers/otp-import-error.js";
import { readQrFromImage } from "../../../electron/engine/vault/otp/importers/qr-image.js";
import { ALL_AEGIS_VECTORS, AEGIS_VECTORS as V, sorted } from "../../helpers/otp-aegis-vectors.js";
import type { OtpEntry } from "../../../shared/vault-types.js";

const ALGO = { SHA1: 1, SHA256: 2, SHA512: 3, MD5: 4 } as const;

/** What Google Authenticator would write for an entry (it has no period; digits 6 or 8 only). */
function toMigration(e: OtpEntry): MigrationOtp {
  return {
    secret: base32Decode(e.secret),
    name: `${e.issuer}:${e.account}`,
    issuer: e.issuer,
    algorithm: ALGO[e.algorithm],
    digits: e.digits === 8 ? 2 : 1,
    type: e.type === "hotp" ? 1 : 2,
    counter: String(e.counter),
  };
}

/** The entry as it comes back through Google's format. */
function coerced(e: OtpEntry): OtpEntry {
  return { ...e, type: e.type === "hotp" ? "hotp" : "totp", digits: e.digits === 8 ? 8 : 6, period: 30, counter: e.type === "hotp" ? e.counter : 0 };
}

function batches(entries: OtpEntry[], perBatch: number, batchId = -2115474809): MigrationPayload[] {
  const size = Math.ceil(entries.length / perBatch);
  return Array.from({ length: size }, (_, i) => ({
    otpParameters: entries.slice(i * perBatch, (i + 1) * perBatch).map(toMigration),
    version: 1,
    batchSize: size,
    batchIndex: i,
    batchId,
  }));
}

/** A QR code drawn into a bigger "screenshot" at an offset, as RGBA. */
function screenshot(text: string, o: { width: number; height: number; x: number; y: number; scale: number; dark?: boolean }): { width: number; height: number; data: Buffer } {
  const qr = QRCode.create(text, { errorCorrectionLevel: "M" });
  const size = qr.modules.size;
  const data = Buffer.alloc(o.width * o.height * 4);
  const [bg, fg] = o.dark ? [20, 235] : [240, 10];
  data.fill(bg);
  const quiet = 4 * o.scale;
  for (let y = -quiet; y < size * o.scale + quiet; y++) {
    for (let x = -quiet; x < size * o.scale + quiet; x++) {
      const mx = Math.floor(x / o.scale);
      const my = Math.floor(y / o.scale);
      const on = mx >= 0 && my >= 0 && mx < size && my < size && qr.modules.get(my, mx) === 1;
      const i = ((o.y + y) * o.width + (o.x + x)) * 4;
      const v = on ? fg : o.dark ? 0 : 255;
      data[i] = data[i + 1] = data[i + 2] = v;
    }
  }
  for (let i = 3; i < data.length; i += 4) data[i] = 255;
  return { width: o.width, height: o.height, data };
}

function png(img: { width: number; height: number; data: Buffer }): Buffer {
  const p = new PNG({ width: img.width, height: img.height });
  img.data.copy(p.data);
  return PNG.sync.write(p);
}

const reason = (r: string) => (err: unknown) => err instanceof OtpImportError && err.reason === r;

describe("Google Authenticator migration", () => {
  test("dim13's example link decodes (defaults: TOTP SHA1/6/30)", async () => {
    const bytes = Buffer.from("otpauth-migration://offline?data=CjEKCkhlbGxvId6tvu8SGEV4YW1wbGU6YWxpY2VAZ29vZ2xlLmNvbRoHRXhhbXBsZTAC\n");
    assert.ok(googleMigrationImporter.detect({ bytes }));
    const r = await googleMigrationImporter.read({ bytes });
    assert.deepEqual(r.skipped, []);
    assert.deepEqual(sorted(r.entries), [{ type: "totp", issuer: "Example", account: "alice@google.com", secret: "JBSWY3DPEHPK3PXP", algorithm: "SHA1", digits: 6, period: 30, counter: 0 }]);
  });

  test("a text file of several links (raw '+' and '/' unencoded, as some scanners give them)", async () => {
    const links = batches(ALL_AEGIS_VECTORS, 3).map((b) => decodeURIComponent(formatMigrationUri(b)));
    const r = await googleMigrationImporter.read({ bytes: Buffer.from(links.join("\r\n")) });
    assert.deepEqual(r.skipped, []);
    assert.deepEqual(sorted(r.entries), sorted(ALL_AEGIS_VECTORS.map(coerced)));
    assert.ok(r.entries.every((e) => e.origin === "google-migration"));
  });

  test("round trip through a QR PNG and a JPEG screenshot/photo, two batches", async () => {
    const [b1, b2] = batches(ALL_AEGIS_VECTORS, 4);
    assert.ok(b1 && b2);
    const pngBytes = await QRCode.toBuffer(formatMigrationUri(b1), { type: "png", errorCorrectionLevel: "M", margin: 4, scale: 4 });
    // The second QR code sits off-centre in a larger, dark-mode "screenshot", saved as JPEG.
    const shot = screenshot(formatMigrationUri(b2), { width: 900, height: 1400, x: 260, y: 700, scale: 5, dark: true });
    const jpegBytes = jpeg.encode(shot, 85).data;
    assert.ok(googleMigrationImporter.detect({ bytes: pngBytes }));
    assert.ok(googleMigrationImporter.detect({ bytes: jpegBytes }));

    const both = await importGoogleMigration([{ bytes: pngBytes, fileName: "1.png" }, { bytes: jpegBytes, fileName: "2.jpg" }, { bytes: pngBytes, fileName: "1-again.png" }]);
    assert.deepEqual(both.skipped, []);
    assert.deepEqual(sorted(both.entries), sorted(ALL_AEGIS_VECTORS.map(coerced)));

    // Only the first picture: its accounts, and the missing QR code named.
    const one = await googleMigrationImporter.read({ bytes: pngBytes });
    assert.equal(one.entries.length, 4);
    assert.deepEqual(one.skipped.map((s) => s.name), ["QR code 2 of 2"]);
    assert.match(one.skipped[0]!.reason, /not given/);
  });

  test("a picture of a single-account setup QR code imports that account", async () => {
    const bytes = await QRCode.toBuffer("otpauth://totp/Deno:Mason?secret=4SJHB4GSD43FZBAI7C2HLRJGPQ&issuer=Deno", { type: "png" });
    const r = await googleMigrationImporter.read({ bytes });
    assert.deepEqual(sorted(r.entries), [V.deno]);
  });

  test("a big photo-sized picture is shrunk and still read", () => {
    const text = formatMigrationUri(batches([V.deno], 1)[0]!);
    const shot = screenshot(text, { width: 2400, height: 3200, x: 900, y: 2000, scale: 10 });
    const started = Date.now();
    assert.equal(readQrFromImage(jpeg.encode(shot, 80).data), text);
    assert.ok(Date.now() - started < 5000);
  });

  test("unknown enum values and empty secrets are skipped with reasons; MD5 kept", async () => {
    const payload: MigrationPayload = {
      otpParameters: [
        { ...toMigration(V.deno), algorithm: 9 },
        { ...toMigration(V.spdx), digits: 7 },
        { ...toMigration(V.airbnb), type: 5 },
        { ...toMigration(V.issuu), secret: Buffer.alloc(0) },
        { ...toMigration(V.deno), algorithm: 4, name: "NoIssuer", issuer: "" },
      ],
      version: 1,
      batchSize: 1,
      batchIndex: 0,
      batchId: 7,
    };
    const r = await googleMigrationImporter.read({ bytes: Buffer.from(formatMigrationUri(payload)) });
    assert.deepEqual(r.skipped.map((s) => [s.name, s.reason]), [
      ["Deno / Deno:Mason", "Unknown algorithm (9) in the export."],
      ["SPDX / SPDX:James", "Unknown digit count (7) in the export."],
      ["Airbnb / Airbnb:Elijah", "Unknown account type (5) in the export."],
      ["Issuu / Issuu:James", "The secret is empty."],
    ]);
    assert.deepEqual(r.entries.map((e) => [e.issuer, e.account, e.algorithm]), [["", "NoIssuer", "MD5"]]);
  });

  test("damaged links, non-QR pictures and pictures without QR codes fail clearly", async () => {
    await assert.rejects(googleMigrationImporter.read({ bytes: Buffer.from("otpauth-migration://offline?data=CjEKCkhlbGxv") }), reason("corrupt"));
    await assert.rejects(googleMigrationImporter.read({ bytes: Buffer.from("otpauth-migration://offline?data=%%%") }), reason("corrupt"));
    await assert.rejects(googleMigrationImporter.read({ bytes: Buffer.from("otpauth-migration://online?x=1") }), reason("corrupt"));
    await assert.rejects(googleMigrationImporter.read({ bytes: Buffer.from("hello") }), reason("unknown-format"));
    const notOtp = await QRCode.toBuffer("https://example.com/", { type: "png" });
    await assert.rejects(googleMigrationImporter.read({ bytes: notOtp }), reason("unknown-format"));
    const blank = png({ width: 300, height: 300, data: Buffer.alloc(300 * 300 * 4, 255) });
    await assert.rejects(googleMigrationImporter.read({ bytes: blank }), (err: unknown) => reason("unknown-format")(err) && /No QR code/.test((err as Error).message));
    await assert.rejects(googleMigrationImporter.read({ bytes: blank.subarray(0, 60) }), reason("corrupt"));
    // A PNG header claiming a gigapixel image is refused before decoding.
    const huge = Buffer.from(blank);
    huge.writeUInt32BE(40000, 16);
    huge.writeUInt32BE(40000, 20);
    await assert.rejects(googleMigrationImporter.read({ bytes: huge }), (err: unknown) => reason("corrupt")(err) && /too large/.test((err as Error).message));
  });
});
