// A seed folder for the Microsoft emulators built from ../shared/fixtures (real mail written by
// other projects and clients) plus generated OneDrive files and a work account's BitLocker key, in
// the layout of CLI.md's "Emulator seed folder".
import { createHash, randomBytes } from "node:crypto";
import { promises as fsp } from "node:fs";
import path from "node:path";
import { FIXTURES_DIR } from "./fixtures-dir.js";

export const FIXTURES = FIXTURES_DIR;
export const PERSONAL = "alex.lindqvist@outlook.com";
export const WORK = "sam.okafor@contoso.com";
export const PASSWORD = "correct horse";
export const BITLOCKER_KEY = "111111-222222-333333-444444-555555-666666-777777-888888".replace(/\d{6}/g, (_g, i: number) => String(11 * (1000 + i * 7)).padStart(6, "0"));

export interface TestSeed {
  dir: string;
  /** sha256 of every seeded message, with its seed path. */
  messages: Array<{ account: string; folder: string; file: string; sha256: string }>;
  /** Every OneDrive file: path under onedrive/, bytes. */
  files: Array<{ account: string; path: string; bytes: Buffer }>;
}

export async function writeTestSeed(dir: string): Promise<TestSeed> {
  const seed: TestSeed = { dir, messages: [], files: [] };
  const mailDir = path.join(FIXTURES, "mail");
  const fixtures = (await fsp.readdir(mailDir)).filter((f) => !f.startsWith("MANIFEST")).sort();
  const folders = ["Inbox", "Inbox/Receipts", "Archive", "Sent Items"];
  const personal = path.join(dir, "microsoft", PERSONAL);
  await fsp.mkdir(personal, { recursive: true });
  await fsp.writeFile(path.join(personal, "account.json"), JSON.stringify({ kind: "personal", displayName: "Alex Lindqvist", password: PASSWORD }));
  for (const [i, f] of fixtures.entries()) {
    const folder = folders[i % folders.length]!;
    const bytes = await fsp.readFile(path.join(mailDir, f));
    const target = path.join(personal, "mail", folder, `${f.replace(/\.[^.]+$/, "")}.eml`);
    await fsp.mkdir(path.dirname(target), { recursive: true });
    await fsp.writeFile(target, bytes);
    seed.messages.push({ account: PERSONAL, folder, file: path.relative(dir, target), sha256: sha(bytes) });
  }
  const drive: Array<[string, Buffer]> = [
    ["Documents/notes.txt", Buffer.from("Shopping list\n- milk\n- bread\n")],
    ["Documents/Taxes/2024 return.pdf", randomBytes(70_000)],
    ["Pictures/Camera Roll/IMG_0001.jpg", randomBytes(3 * 1024 * 1024 + 17)],
    ["Pictures/Camera Roll/IMG_0002.jpg", randomBytes(200_000)],
    ["Pictures/Camera Roll/IMG_0002 copy.jpg", Buffer.alloc(0)],
    ["Ünïcödé folder/résumé.md", Buffer.from("# Résumé\n")],
  ];
  for (const [p, b] of drive) {
    const target = path.join(personal, "onedrive", p);
    await fsp.mkdir(path.dirname(target), { recursive: true });
    await fsp.writeFile(target, b);
    seed.files.push({ account: PERSONAL, path: p, bytes: b });
  }
  await fsp.mkdir(path.join(personal, "onedrive", "Empty folder"), { recursive: true });
  // What the API cannot hand out: the Personal Vault's content and a OneNote notebook.
  for (const [p, b] of [
    ["Personal Vault/passport.jpg", randomBytes(5000)],
    ["Notebooks/Recipes/Open Notebook.onetoc2", randomBytes(300)],
    ["Notebooks/Recipes/Soups.one", randomBytes(900)],
  ] as const) {
    const target = path.join(personal, "onedrive", p);
    await fsp.mkdir(path.dirname(target), { recursive: true });
    await fsp.writeFile(target, b);
  }

  const work = path.join(dir, "microsoft", WORK);
  await fsp.mkdir(path.join(work, "mail", "Inbox"), { recursive: true });
  await fsp.writeFile(path.join(work, "account.json"), JSON.stringify({ kind: "work", displayName: "Sam Okafor", password: PASSWORD }));
  const one = fixtures[0]!;
  const bytes = await fsp.readFile(path.join(mailDir, one));
  await fsp.writeFile(path.join(work, "mail", "Inbox", "first.eml"), bytes);
  seed.messages.push({ account: WORK, folder: "Inbox", file: `microsoft/${WORK}/mail/Inbox/first.eml`, sha256: sha(bytes) });
  await fsp.mkdir(path.join(work, "bitlocker"), { recursive: true });
  await fsp.writeFile(
    path.join(work, "bitlocker", "laptop.json"),
    JSON.stringify({ id: "b465e4e8-e4e8-b465-e8e4-65b4e8e465b4", createdDateTime: "2024-06-15T13:45:30Z", volumeType: "1", deviceId: "1ab40ab2-32a8-4b00-b828-12a3b1a2b3c4", key: BITLOCKER_KEY }),
  );
  return seed;
}

export function sha(b: Buffer): string {
  return createHash("sha256").update(b).digest("hex");
}
