import { createHash } from "node:crypto";
import { type Dirent, promises as fsp } from "node:fs";
import path from "node:path";

async function* walk(dir: string, rel = ""): AsyncGenerator<{ rel: string; abs: string }> {
  let list: Dirent[];
  try {
    list = await fsp.readdir(path.join(dir, rel), { withFileTypes: true });
  } catch {
    return;
  }
  for (const d of list) {
    const r = rel ? `${rel}/${d.name}` : d.name;
    if (d.isDirectory()) yield* walk(dir, r);
    else if (d.isFile()) yield { rel: r, abs: path.join(dir, r) };
  }
}

async function sha(file: string): Promise<string> {
  return createHash("sha256").update(await fsp.readFile(file)).digest("hex");
}

export interface AccountComparison {
  account: string;
  messages: { seed: number; identical: number; missing: string[] };
  files: { seed: number; identical: number; missing: string[] };
  bitlockerKeys: number;
  calendars: number;
  contactBooks: number;
}

/**
 * Checks a restore against the seed the emulator served: every seeded message must come back as a
 * byte-identical .eml (counted as a multiset of hashes, since restored names are `<n>-<subject>`),
 * and every OneDrive file byte-identical at the same path under `files/`.
 */
export async function compareAccountRestore(seedAccountDir: string, restoredAccountDir: string, account: string): Promise<AccountComparison> {
  const restoredMail = new Map<string, number>();
  for await (const f of walk(path.join(restoredAccountDir, "mail"))) {
    if (!f.rel.endsWith(".eml")) continue;
    const h = await sha(f.abs);
    restoredMail.set(h, (restoredMail.get(h) ?? 0) + 1);
  }
  const messages = { seed: 0, identical: 0, missing: [] as string[] };
  for await (const f of walk(path.join(seedAccountDir, "mail"))) {
    if (!f.rel.endsWith(".eml")) continue;
    messages.seed++;
    const h = await sha(f.abs);
    const n = restoredMail.get(h) ?? 0;
    if (n > 0) {
      messages.identical++;
      restoredMail.set(h, n - 1);
    } else messages.missing.push(f.rel);
  }
  const files = { seed: 0, identical: 0, missing: [] as string[] };
  for await (const f of walk(path.join(seedAccountDir, "onedrive"))) {
    files.seed++;
    const restored = path.join(restoredAccountDir, "files", f.rel);
    const same = await fsp
      .readFile(restored)
      .then(async (b) => b.equals(await fsp.readFile(f.abs)))
      .catch(() => false);
    if (same) files.identical++;
    else files.missing.push(f.rel);
  }
  let bitlockerKeys = 0;
  for await (const f of walk(path.join(restoredAccountDir, "bitlocker"))) if (f.rel.endsWith(".txt")) bitlockerKeys++;
  let calendars = 0;
  for await (const f of walk(path.join(restoredAccountDir, "calendars"))) if (f.rel.endsWith(".ics") && !f.rel.includes("/")) calendars++;
  let contactBooks = 0;
  for await (const f of walk(path.join(restoredAccountDir, "contacts"))) if (f.rel.endsWith(".vcf") && !f.rel.includes("/")) contactBooks++;
  return { account, messages, files, bitlockerKeys, calendars, contactBooks };
}
