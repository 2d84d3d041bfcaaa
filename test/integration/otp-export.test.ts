// OTP exports go back in: each format written by exportOtp is read again by Lifeboat's own
// importers, picked by the import registry's format detection (otpauth list, Aegis plain and
// encrypted, Google migration from the QR pictures via the importer's QR reader), and gives the
// same entries; every QR PNG decodes with zbarimg to the
// account's URI; each SVG is well-formed XML (python3's parser), has exactly the PNG's modules,
// and, drawn by a different renderer (pdfkit's SVG path parser, rasterised by poppler), decodes
// with zbarimg to the same URI. The encrypted Aegis vault is also opened by hand, following
// Aegis's docs/vault.md step by step, independently of the importer.
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { createDecipheriv, scryptSync } from "node:crypto";
import { createWriteStream, promises as fsp } from "node:fs";
import os from "node:os";
import path from "node:path";
import { after, before, describe, test } from "node:test";
import PDFDocument from "pdfkit";
import type { OtpEntry } from "../../shared/vault-types.js";
import { AEGIS_SCRYPT, exportAegis } from "../../electron/engine/vault/export/export-aegis.js";
import { exportGoogleMigration, GOOGLE_MIGRATION_BATCH } from "../../electron/engine/vault/export/export-google-migration.js";
import { exportOtp } from "../../electron/engine/vault/export/export-otp.js";
import { qrBaseName } from "../../electron/engine/vault/export/export-qr.js";
import { QR_QUIET_ZONE, qrMatrix } from "../../electron/engine/vault/export/qr-code.js";
import { importOtpFile } from "../../electron/engine/vault/otp/import-otp-file.js";
import { aegisImporter } from "../../electron/engine/vault/otp/importers/aegis.js";
import { decodeMigrationPayload, migrationUriData } from "../../electron/engine/vault/otp/importers/google-migration-payload.js";
import { importGoogleMigration } from "../../electron/engine/vault/otp/importers/google-migration.js";
import { OtpImportError } from "../../electron/engine/vault/otp/importers/otp-import-error.js";
import { formatOtpauthUri, parseOtpauthUri } from "../../electron/engine/vault/otp/otpauth-uri.js";
import type { VaultData } from "../../electron/engine/vault/vault-data.js";
import { renderVaultFiles } from "../../electron/engine/vault/vault-files.js";
import { ALL_AEGIS_VECTORS, AEGIS_VECTORS, core, sorted } from "../helpers/otp-aegis-vectors.js";
import { pdfPages, readPng, zbarDecode, zbarRaw } from "../helpers/qr-tools.js";

let dir: string;

function e(p: Partial<OtpEntry>): OtpEntry {
  return { type: "totp", issuer: "", account: "", secret: "JBSWY3DPEHPK3PXP", algorithm: "SHA1", digits: 6, period: 30, counter: 0, ...p };
}

/** The Aegis vectors (TOTP/HOTP/Steam, SHA1/256/512, 5–8 digits, 20/30/50 s) plus awkward names. */
const EXTRA: OtpEntry[] = [
  e({ issuer: "Ключ & Co", account: "mäx+1@example.com", note: "recovery codes are in the safe" }),
  e({ issuer: "", account: "no-issuer@example.com", secret: "GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ", algorithm: "SHA256", digits: 8 }),
  e({ type: "hotp", issuer: "Bank: Main", account: "a/b?c=d#e", secret: "KUVJJOM753IHTNDSZVCNKL7GII", algorithm: "SHA1", digits: 6, counter: 42 }),
  e({ issuer: "中文银行", account: "王", secret: "7KSQL2JTUDIS5EF65KLMRQIIGY" }),
];
const ENTRIES: OtpEntry[] = [...ALL_AEGIS_VECTORS, ...EXTRA];

/** What Google's format can hold: 6 or 8 digits, TOTP at 30 s or HOTP, not Steam, not MD5. */
const GOOGLE_OK = ENTRIES.filter((x) => x.type !== "steam" && (x.digits === 6 || x.digits === 8) && (x.type === "hotp" || x.period === 30));

async function mode(p: string): Promise<number> {
  return (await fsp.stat(p)).mode & 0o777;
}

before(async () => {
  dir = await fsp.mkdtemp(path.join(os.tmpdir(), "lifeboat-otp-export-"));
});

after(async () => {
  await fsp.rm(dir, { recursive: true, force: true });
});

describe("otpauth:// URI list", () => {
  test("re-imports to the same entries; the file is 0600", async () => {
    const out = path.join(dir, "uris", "accounts.txt");
    const r = await exportOtp(ENTRIES, { format: "uris", out });
    assert.deepEqual(r, { written: [out], skipped: [] });
    assert.equal(await mode(out), 0o600);
    assert.equal(await mode(path.dirname(out)), 0o700, "a folder the export created is 0700");
    const text = await fsp.readFile(out, "utf8");
    assert.deepEqual(text.trimEnd().split("\n"), ENTRIES.map((x) => formatOtpauthUri(x)), "one URI per line, nothing else");
    const back = await importOtpFile({ bytes: Buffer.from(text), fileName: "accounts.txt" });
    assert.equal(back.format, "otpauth-list");
    assert.deepEqual(back.skipped, []);
    assert.deepEqual(sorted(back.entries), sorted(ENTRIES));
  });

  test("a folder as OUT gets otpauth-uris.txt inside", async () => {
    const out = await fsp.mkdtemp(path.join(dir, "uris-dir-"));
    const r = await exportOtp([AEGIS_VECTORS.deno], { format: "uris", out });
    assert.deepEqual(r.written, [path.join(out, "otpauth-uris.txt")]);
  });

  test("a password is refused for formats that cannot be encrypted", async () => {
    await assert.rejects(exportOtp(ENTRIES, { format: "uris", out: path.join(dir, "x.txt"), password: "pw" }), /Only the Aegis export/);
  });
});

describe("Aegis vault", () => {
  test("plain: Aegis's JSON layout, re-imports to the same entries (notes included)", async () => {
    const out = path.join(dir, "aegis-plain.json");
    const r = await exportOtp(ENTRIES, { format: "aegis", out });
    assert.deepEqual(r.skipped, []);
    assert.equal(await mode(out), 0o600);
    const text = await fsp.readFile(out, "utf8");
    assert.match(text, /^\{\n {4}"version": 1,\n {4}"header": \{\n {8}"slots": null,\n {8}"params": null\n {4}\},\n {4}"db": \{/, "4-space indentation and key order as Aegis writes");
    const doc = JSON.parse(text) as { db: { version: number; entries: Array<Record<string, unknown>>; groups: unknown[]; icons_optimized: boolean } };
    assert.deepEqual(Object.keys(doc.db), ["version", "entries", "groups", "icons_optimized"]);
    assert.equal(doc.db.version, 3);
    const steam = doc.db.entries.find((x) => x.type === "steam")!;
    assert.deepEqual(Object.keys(steam), ["type", "uuid", "name", "issuer", "note", "favorite", "icon", "info", "groups", "archived"]);
    assert.deepEqual(steam.info, { secret: AEGIS_VECTORS.boeing.secret, algo: "SHA1", digits: 5, period: 30 });
    const wwe = doc.db.entries.find((x) => x.issuer === "WWE")!;
    assert.deepEqual(wwe.info, { secret: AEGIS_VECTORS.wwe.secret, algo: "SHA512", digits: 8, counter: 10300 });
    for (const x of doc.db.entries) assert.match(String(x.uuid), /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);

    const back = await importOtpFile({ bytes: Buffer.from(text), fileName: "aegis-plain.json" });
    assert.equal(back.format, "aegis-plain");
    assert.deepEqual(back.skipped, []);
    assert.deepEqual(sorted(back.entries), sorted(ENTRIES));
    assert.equal(back.entries.find((x) => x.issuer === "Ключ & Co")?.note, "recovery codes are in the safe");
  });

  test("encrypted: opens by Aegis's documented steps and with the importer; wrong password refused", async () => {
    const out = path.join(dir, "aegis-encrypted.json");
    const r = await exportOtp(ENTRIES, { format: "aegis", out, password: "correct horse" });
    assert.deepEqual(r.skipped, []);
    assert.equal(await mode(out), 0o600);
    const text = await fsp.readFile(out, "utf8");
    assert.ok(!text.includes(AEGIS_VECTORS.deno.secret), "no secret in the clear");
    const doc = JSON.parse(text) as {
      version: number;
      header: { slots: Array<Record<string, unknown>>; params: { nonce: string; tag: string } };
      db: string;
    };
    assert.equal(doc.version, 1);
    assert.equal(doc.header.slots.length, 1);
    const slot = doc.header.slots[0]!;
    assert.deepEqual(Object.keys(slot), ["type", "uuid", "key", "key_params", "n", "r", "p", "salt", "repaired"]);
    assert.deepEqual([slot.type, slot.n, slot.r, slot.p, slot.repaired], [1, 32768, 8, 1, true]);
    assert.equal(AEGIS_SCRYPT.N, 32768);
    assert.match(String(slot.key), /^[0-9a-f]{64}$/);
    assert.match(String(slot.salt), /^[0-9a-f]{64}$/);
    const kp = slot.key_params as { nonce: string; tag: string };
    assert.match(kp.nonce, /^[0-9a-f]{24}$/);
    assert.match(kp.tag, /^[0-9a-f]{32}$/);
    assert.match(doc.db, /^[A-Za-z0-9+/]+={0,2}$/);

    // docs/vault.md by hand: scrypt → unwrap the master key → decrypt db (tag kept apart).
    const slotKey = scryptSync(Buffer.from("correct horse", "utf8"), Buffer.from(String(slot.salt), "hex"), 32, { N: 32768, r: 8, p: 1, maxmem: 64 << 20 });
    const unwrap = createDecipheriv("aes-256-gcm", slotKey, Buffer.from(kp.nonce, "hex"));
    unwrap.setAuthTag(Buffer.from(kp.tag, "hex"));
    const masterKey = Buffer.concat([unwrap.update(Buffer.from(String(slot.key), "hex")), unwrap.final()]);
    const dec = createDecipheriv("aes-256-gcm", masterKey, Buffer.from(doc.header.params.nonce, "hex"));
    dec.setAuthTag(Buffer.from(doc.header.params.tag, "hex"));
    const dbText = Buffer.concat([dec.update(Buffer.from(doc.db, "base64")), dec.final()]).toString("utf8");
    assert.match(dbText, /^\{\n {4}"version": 3,/, "the db is encrypted as Aegis writes it (toString(4))");
    assert.equal((JSON.parse(dbText) as { entries: unknown[] }).entries.length, ENTRIES.length);

    const back = await importOtpFile({ bytes: Buffer.from(text), fileName: "aegis-encrypted.json", password: "correct horse" });
    assert.equal(back.format, "aegis-encrypted");
    assert.deepEqual(sorted(back.entries), sorted(ENTRIES));
    await assert.rejects(aegisImporter.read({ bytes: Buffer.from(text), password: "wrong" }), (err: unknown) => err instanceof OtpImportError && err.reason === "wrong-password");
  });

  test("an empty password is refused; MD5 entries are reported, not exported", async () => {
    await assert.rejects(exportAegis(ENTRIES, { password: "" }), /password that is not empty/);
    const md5 = e({ issuer: "Old", account: "md5", algorithm: "MD5" });
    const r = await exportAegis([AEGIS_VECTORS.deno, md5]);
    assert.equal(r.exported, 1);
    assert.deepEqual(r.skipped.map((s) => s.name), ["Old / md5"]);
    assert.match(r.skipped[0]!.reason, /MD5/);
  });

  test("the vault's own aegis.json: only with OTP accounts, stable between backups, importable", async () => {
    const vault: VaultData = { version: 1, otp: ENTRIES.map((x, i) => ({ ...x, id: `otp-${i}`, added: "2026-01-01T00:00:00.000Z" })), bitlocker: [] };
    const a = await renderVaultFiles(vault);
    const b = await renderVaultFiles(vault);
    const aegisA = a.find((f) => f.path === "aegis.json");
    assert.ok(aegisA, "aegis.json is among the vault files");
    assert.equal(aegisA.kind, "otp-aegis");
    assert.ok(aegisA.bytes.equals(b.find((f) => f.path === "aegis.json")!.bytes), "byte-identical for an unchanged vault (stored once)");
    const back = await aegisImporter.read({ bytes: aegisA.bytes });
    assert.deepEqual(sorted(back.entries), sorted(ENTRIES));
    const none = await renderVaultFiles({ version: 1, otp: [], bitlocker: [] });
    assert.equal(
      none.find((f) => f.path === "aegis.json"),
      undefined,
    );
  });
});

interface SvgInfo {
  width: string;
  height: string;
  viewBox: string;
  title: string | null;
  d: string;
}

/** Parses the SVG with python3's XML parser (fails on malformed XML) and pulls out what is drawn. */
function parseSvg(file: string): SvgInfo {
  const script = [
    "import json, sys, xml.etree.ElementTree as ET",
    "ns = '{http://www.w3.org/2000/svg}'",
    "root = ET.parse(sys.argv[1]).getroot()",
    "assert root.tag == ns + 'svg', root.tag",
    "paths = root.findall(ns + 'path')",
    "assert len(paths) == 1",
    "t = root.find(ns + 'title')",
    "print(json.dumps({'width': root.get('width'), 'height': root.get('height'), 'viewBox': root.get('viewBox'), 'title': t.text if t is not None else None, 'd': paths[0].get('d')}))",
  ].join("\n");
  return JSON.parse(execFileSync("python3", ["-c", script, file], { encoding: "utf8" })) as SvgInfo;
}

/** The dark modules the path draws (it is a sequence of unit-high rectangles). */
function svgModules(d: string, side: number): boolean[][] {
  const grid = Array.from({ length: side }, () => Array<boolean>(side).fill(false));
  const re = /M(\d+) (\d+)h(\d+)v1h-(\d+)z/g;
  let consumed = 0;
  for (const m of d.matchAll(re)) {
    const [x, y, w, back] = [Number(m[1]), Number(m[2]), Number(m[3]), Number(m[4])];
    assert.equal(w, back, "each rectangle closes on itself");
    for (let i = 0; i < w; i++) grid[y]![x + i] = true;
    consumed += m[0].length;
  }
  assert.equal(consumed, d.length, "the path is only such rectangles");
  return grid;
}

/** The PNG's modules, sampled at each module's centre (8 px per module, quiet zone included). */
function pngModules(png: Buffer, side: number): boolean[][] {
  const img = readPng(png);
  const scale = img.width / side;
  assert.equal(img.width, img.height);
  assert.ok(Number.isInteger(scale), "whole pixels per module");
  return Array.from({ length: side }, (_, y) => Array.from({ length: side }, (_, x) => img.at(Math.floor((x + 0.5) * scale), Math.floor((y + 0.5) * scale)) < 128));
}

/** Draws each SVG's path (pdfkit parses SVG path data) on its own PDF page; returns the PDF. */
async function svgPathsToPdf(svgs: SvgInfo[], file: string): Promise<void> {
  const doc = new PDFDocument({ autoFirstPage: false });
  const done = new Promise<void>((resolve, reject) => {
    const s = createWriteStream(file);
    s.on("finish", resolve);
    s.on("error", reject);
    doc.pipe(s);
  });
  for (const svg of svgs) {
    const side = Number(svg.viewBox.split(" ")[3]);
    const pt = 200;
    doc.addPage({ size: [pt, pt], margin: 0 });
    doc.save().scale(pt / side).path(svg.d).fill("#000000").restore();
  }
  doc.end();
  await done;
}

describe("QR codes (PNG and SVG)", () => {
  test("one PNG and one SVG per account, safe unique names, 0600/0700; each PNG decodes to the account's URI and re-imports", async () => {
    const out = path.join(dir, "qr");
    const r = await exportOtp(ENTRIES, { format: "qr", out });
    assert.deepEqual(r.skipped, []);
    assert.equal(r.written.length, ENTRIES.length * 2);
    assert.equal(await mode(out), 0o700);
    const names = r.written.map((f) => path.basename(f));
    assert.equal(new Set(names).size, names.length, "unique names");
    for (const n of names) {
      // eslint-disable-next-line no-control-regex -- control characters must not appear
      assert.match(n, /^\d{2}-[^/\\:*?"<>|\u0000-\u001f\s]+\.(png|svg)$/, `safe name: ${n}`);
    }
    assert.equal(qrBaseName(0, ENTRIES.length, EXTRA[2]!), "01-Bank_Main-a_b_c=d#e");

    for (const [i, entry] of ENTRIES.entries()) {
      const base = qrBaseName(i, ENTRIES.length, entry);
      const png = path.join(out, `${base}.png`);
      assert.equal(await mode(png), 0o600);
      assert.equal(await mode(path.join(out, `${base}.svg`)), 0o600);
      const uri = zbarRaw(png);
      assert.equal(uri, formatOtpauthUri(entry), `${base}.png decodes to its URI`);
      assert.deepEqual(core(parseOtpauthUri(uri)), core(entry));
      // And Lifeboat's own import of a QR picture (jsQR, another decoder) gives the entry back.
      const back = await importOtpFile({ bytes: await fsp.readFile(png), fileName: path.basename(png) });
      assert.deepEqual(back.entries.map(core), [core(entry)], `${base}.png re-imports`);
    }
  });

  test("each SVG is well-formed and has exactly its PNG's modules; rendered by another renderer it decodes to the same URI", async () => {
    const out = path.join(dir, "qr");
    const svgs: SvgInfo[] = [];
    for (const [i, entry] of ENTRIES.entries()) {
      const base = qrBaseName(i, ENTRIES.length, entry);
      const svg = parseSvg(path.join(out, `${base}.svg`));
      const size = qrMatrix(formatOtpauthUri(entry)).size;
      const side = size + 2 * QR_QUIET_ZONE;
      assert.equal(svg.viewBox, `0 0 ${side} ${side}`);
      assert.equal(svg.title, [entry.issuer, entry.account].filter((s) => s !== "").join(": "));
      const png = await fsp.readFile(path.join(out, `${base}.png`));
      assert.deepEqual(svgModules(svg.d, side), pngModules(png, side), `${base}: SVG and PNG draw the same modules`);
      svgs.push(svg);
    }
    const pdf = path.join(dir, "svg-render.pdf");
    await svgPathsToPdf(svgs, pdf);
    const pages = await pdfPages(pdf, path.join(dir, "svg-render"), 150);
    assert.equal(pages.length, ENTRIES.length);
    for (const [i, page] of pages.entries()) assert.deepEqual(zbarDecode(page), [formatOtpauthUri(ENTRIES[i]!)], `SVG ${i + 1} renders to a readable code`);
  });
});

describe("Google Authenticator migration QR codes", () => {
  test("re-import from the PNGs (the importer's QR reader) gives the accounts Google can hold; the rest is reported", async () => {
    const out = path.join(dir, "google");
    const r = await exportOtp(ENTRIES, { format: "google", out });
    assert.equal(await mode(out), 0o700);
    assert.deepEqual(r.written.map((f) => path.basename(f)), ["google-migration-1-of-1.png"]);
    assert.equal(await mode(r.written[0]!), 0o600);
    const skippedNames = r.skipped.map((s) => s.name).sort();
    assert.deepEqual(skippedNames, ["Air Canada / Benjamin", "Airbnb / Elijah", "Boeing / Sophia", "SPDX / James"]);
    assert.match(r.skipped.find((s) => s.name === "Boeing / Sophia")!.reason, /Steam/);
    assert.match(r.skipped.find((s) => s.name === "Airbnb / Elijah")!.reason, /50 seconds/);
    assert.match(r.skipped.find((s) => s.name === "SPDX / James")!.reason, /6 or 8 digits; this account uses 7/);

    // zbarimg reads the code too, and it is a well-formed migration payload.
    const uri = zbarRaw(r.written[0]!);
    assert.match(uri, /^otpauth-migration:\/\/offline\?data=[A-Za-z0-9%]+$/);
    const payload = decodeMigrationPayload(migrationUriData(uri));
    assert.deepEqual([payload.version, payload.batchSize, payload.batchIndex], [1, 1, 0]);
    assert.equal(payload.otpParameters.length, GOOGLE_OK.length);

    const back = await importOtpFile({ bytes: await fsp.readFile(r.written[0]!), fileName: path.basename(r.written[0]!) });
    assert.equal(back.format, "google-migration");
    assert.deepEqual(back.skipped, []);
    assert.deepEqual(sorted(back.entries), sorted(GOOGLE_OK));
  });

  test("many accounts: batches of at most 10 sharing one batch id, every code readable, all re-imported", async () => {
    const many = Array.from({ length: 23 }, (_, i) => e({ issuer: `Service ${i}`, account: `user${i}@example.com`, secret: "GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ".slice(0, 16 + (i % 3) * 8) }));
    const out = path.join(dir, "google-many");
    const r = await exportOtp(many, { format: "google", out });
    assert.deepEqual(r.skipped, []);
    assert.deepEqual(r.written.map((f) => path.basename(f)), ["google-migration-1-of-3.png", "google-migration-2-of-3.png", "google-migration-3-of-3.png"]);
    const payloads = r.written.map((f) => decodeMigrationPayload(migrationUriData(zbarRaw(f))));
    assert.deepEqual(payloads.map((p) => p.otpParameters.length), [10, 10, 3]);
    assert.deepEqual(payloads.map((p) => p.batchIndex), [0, 1, 2]);
    assert.ok(payloads.every((p) => p.batchSize === 3 && p.batchId === payloads[0]!.batchId && p.batchId !== 0));
    const back = await importGoogleMigration(await Promise.all(r.written.map(async (f) => ({ bytes: await fsp.readFile(f) }))));
    assert.deepEqual(sorted(back.entries), sorted(many));
  });

  test("long names make smaller batches, so no code gets too dense", () => {
    const long = Array.from({ length: 12 }, (_, i) => e({ issuer: `Issuer with a rather long name number ${i}`, account: `${"very.long.account.name.".repeat(5)}${i}@example.com` }));
    const r = exportGoogleMigration(long);
    assert.ok(r.batches.length > 2, `${r.batches.length} batches`);
    for (const b of r.batches) {
      assert.ok(b.entries.length <= GOOGLE_MIGRATION_BATCH);
      assert.ok(b.uri.length < 1400, `URI of ${b.uri.length} characters`);
    }
    assert.deepEqual(
      r.batches.flatMap((b) => b.entries.map(core)),
      long.map(core),
    );
  });
});
