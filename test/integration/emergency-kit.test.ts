// The printable emergency kit, checked with the tools a sceptical user has: pdftotext finds every
// BitLocker recovery password, key id and the recovery key in the text, and the SECRET banner on
// every page; the pages rendered by pdftoppm and read by zbarimg hold exactly one QR code per OTP
// account (its otpauth:// URI) plus the recovery key, nothing else; each code is at least 3 cm
// (4 cm by design) where the layout says it is. The file is 0600 and the result it returns for
// the CLI carries no secret.
import assert from "node:assert/strict";
import { promises as fsp } from "node:fs";
import os from "node:os";
import path from "node:path";
import { after, before, describe, test } from "node:test";
import type { OtpEntry } from "../../shared/vault-types.js";
import { generateIdentity } from "../../electron/engine/crypto/age-bytes.js";
import { UsageError } from "../../electron/engine/errors.js";
import { renderEmergencyKit, SECRET_BANNER, writeEmergencyKit } from "../../electron/engine/vault/kit/emergency-kit.js";
import { formatOtpauthUri } from "../../electron/engine/vault/otp/otpauth-uri.js";
import type { VaultBitLocker, VaultData, VaultOtp } from "../../electron/engine/vault/vault-data.js";
import { ALL_AEGIS_VECTORS } from "../helpers/otp-aegis-vectors.js";
import { cropPng, pdfPages, pdfTextPages, zbarDecode } from "../helpers/qr-tools.js";

let dir: string;
let recoveryKey: string;

const DPI = 150;
const CM = 72 / 2.54;

/** A recovery password that passes BitLocker's check: 8 groups, each a multiple of 11 below 720896. */
function recoveryPassword(seed: number): string {
  return Array.from({ length: 8 }, (_, i) => String(((seed * 7919 + i * 104729) % 65535) * 11).padStart(6, "0")).join("-");
}

const KEYS: VaultBitLocker[] = [
  { keyId: "1F3A5B7C-2D4E-4F60-8192-A3B4C5D6E7F8", recoveryPassword: recoveryPassword(1), device: "LAPTOP-MALIK", volumeType: "operatingSystem", created: "2025-03-01T10:00:00Z", added: "2026-01-01T00:00:00.000Z", account: "malik@contoso.example" },
  { keyId: "9A8B7C6D-5E4F-4321-9876-FEDCBA987654", recoveryPassword: recoveryPassword(2), volumeType: "removableData", added: "2026-01-01T00:00:00.000Z" },
  { keyId: "0B1C2D3E-4F50-4617-A8B9-C0D1E2F3A4B5", recoveryPassword: recoveryPassword(3), device: "Ноутбук-Łódź", added: "2026-01-01T00:00:00.000Z" },
];

function otp(entries: OtpEntry[]): VaultOtp[] {
  return entries.map((x, i) => ({ ...x, id: `otp-${i}`, added: "2026-01-01T00:00:00.000Z" }));
}

const OTP: OtpEntry[] = [
  ...ALL_AEGIS_VECTORS,
  { type: "totp", issuer: "中文银行", account: "王", secret: "7KSQL2JTUDIS5EF65KLMRQIIGY", algorithm: "SHA1", digits: 6, period: 30, counter: 0 },
  { type: "totp", issuer: "Łódź Bank", account: "józef@example.pl", secret: "JBSWY3DPEHPK3PXP", algorithm: "SHA256", digits: 8, period: 60, counter: 0 },
  ...Array.from({ length: 20 }, (_, i): OtpEntry => ({ type: "totp", issuer: `Service ${String(i).padStart(2, "0")}`, account: `someone.with.a.long.address.${i}@example.com`, secret: "GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ", algorithm: "SHA1", digits: 6, period: 30, counter: 0 })),
];

before(async () => {
  dir = await fsp.mkdtemp(path.join(os.tmpdir(), "lifeboat-kit-"));
  recoveryKey = await generateIdentity();
});

after(async () => {
  await fsp.rm(dir, { recursive: true, force: true });
});

describe("emergency kit", () => {
  const createdAt = new Date("2026-05-01T10:00:00Z");
  let vault: VaultData;
  let pdf: string;
  let pages: string[];

  before(async () => {
    vault = { version: 1, otp: otp(OTP), bitlocker: KEYS };
    pdf = path.join(dir, "out", "kit.pdf");
    const r = await writeEmergencyKit({ out: pdf, recoveryKey, archivePath: "/home/malik/Lifeboat", vault, createdAt });
    assert.equal(r.path, pdf);
    assert.equal(r.otpAccounts, OTP.length);
    assert.equal(r.bitlockerKeys, KEYS.length);
    assert.deepEqual(r.skipped, []);
    const json = JSON.stringify(r);
    for (const secret of [recoveryKey, ...KEYS.map((k) => k.recoveryPassword), ...OTP.map((o) => o.secret)]) assert.ok(!json.includes(secret), "the result holds no secret");
    pages = await pdfPages(pdf, path.join(dir, "pages"), DPI);
    assert.equal(pages.length, r.pages);
  });

  test("the file is readable by its owner only", async () => {
    assert.equal((await fsp.stat(pdf)).mode & 0o777, 0o600);
  });

  test("pdftotext: every recovery password, key id and the recovery key; the banner on every page; the instructions", () => {
    const texts = pdfTextPages(pdf);
    assert.equal(texts.length, pages.length);
    for (const [i, t] of texts.entries()) assert.ok(t.includes(SECRET_BANNER), `banner on page ${i + 1}`);
    const all = texts.join("\n");
    for (const k of KEYS) {
      assert.ok(all.includes(k.recoveryPassword), `recovery password of ${k.keyId}`);
      assert.ok(all.includes(k.keyId), `key id ${k.keyId}`);
    }
    assert.ok(all.includes("LAPTOP-MALIK"));
    assert.ok(all.includes(recoveryKey), "the recovery key, on one line");
    for (const needle of ["--recovery-key-file recovery-key.txt restore latest", "sh recover.sh ARCHIVE recovery-key.txt OUT", "age -d -i recovery-key.txt", "README-RESTORE.txt", "Scan a QR code"]) {
      assert.ok(all.includes(needle), `instructions mention ${needle}`);
    }
    // Names outside the standard fonts: accents dropped, other scripts replaced and flagged.
    assert.ok(all.includes("Lódz Bank"), "Łódź → Lódz");
    assert.ok(all.includes("some letters not printable"), "a non-Latin name is flagged");
    assert.ok(!all.includes("中文"), "no glyphs the standard fonts cannot show");
  });

  test("zbarimg on the rendered pages finds exactly the OTP URIs and the recovery key", () => {
    const found = pages.flatMap((p) => zbarDecode(p));
    const expected = [recoveryKey, ...OTP.map((o) => formatOtpauthUri(o))];
    assert.deepEqual([...found].sort(), [...expected].sort());
  });

  test("each code is at least 3 cm and is where the layout puts it", async () => {
    const r = await renderEmergencyKit({ recoveryKey, archivePath: "/home/malik/Lifeboat", vault, createdAt });
    assert.equal(r.pages, pages.length);
    assert.equal(r.qrCodes.length, OTP.length + 1);
    assert.equal(r.qrCodes.filter((q) => q.kind === "recovery-key").length, 1);
    const px = DPI / 72;
    for (const q of r.qrCodes) {
      assert.ok(q.size >= 3 * CM, `QR of ${(q.size / CM).toFixed(1)} cm`);
      const page = await fsp.readFile(pages[q.page - 1]!);
      const crop = path.join(dir, `crop-${q.page}-${Math.round(q.x)}-${Math.round(q.y)}.png`);
      const pad = 4;
      await fsp.writeFile(crop, cropPng(page, (q.x - pad) * px, (q.y - pad) * px, (q.size + 2 * pad) * px, (q.size + 2 * pad) * px));
      assert.deepEqual(zbarDecode(crop), [q.text], `the code at page ${q.page} (${Math.round(q.x)}, ${Math.round(q.y)})`);
    }
  });

  test("an empty vault still gives the instructions and the recovery key", async () => {
    const out = path.join(dir, "empty.pdf");
    const r = await writeEmergencyKit({ out, recoveryKey, archivePath: "/a", vault: { version: 1, otp: [], bitlocker: [] }, createdAt });
    assert.deepEqual([r.otpAccounts, r.bitlockerKeys], [0, 0]);
    const text = pdfTextPages(out).join("\n");
    assert.match(text, /holds no BitLocker recovery keys/);
    assert.match(text, /holds no authenticator accounts/);
    const found = (await pdfPages(out, path.join(dir, "empty-pages"), DPI)).flatMap((p) => zbarDecode(p));
    assert.deepEqual(found, [recoveryKey]);
  });

  test("a damaged OTP entry is listed as not printed, the rest is printed", async () => {
    const bad: VaultOtp = { ...otp([ALL_AEGIS_VECTORS[0]!])[0]!, id: "bad", issuer: "Broken", account: "x", secret: "not base32!" };
    const r = await renderEmergencyKit({ recoveryKey, archivePath: "/a", vault: { version: 1, otp: [bad, ...otp([ALL_AEGIS_VECTORS[1]!])], bitlocker: [] }, createdAt });
    assert.equal(r.otpAccounts, 1);
    assert.deepEqual(r.skipped.map((s) => s.name), ["Broken / x"]);
  });

  test("a recovery key that is not one is refused", async () => {
    await assert.rejects(
      renderEmergencyKit({ recoveryKey: "AGE-SECRET-KEY-1NOTAKEY", archivePath: "/a", vault: { version: 1, otp: [], bitlocker: [] }, createdAt }),
      (err: unknown) => err instanceof UsageError,
    );
  });
});
