// The built-in demo account, written as an emulator seed folder (../shared/CLI.md, "Emulator seed
// folder"): a personal Outlook.com account and a Contoso work account with mail, calendars,
// contacts and OneDrive, the work account's BitLocker keys, and an authenticator export for the
// vault. Everything is the project's own data, generated from a seeded PRNG: the same seed gives
// the same files, byte for byte and with the same mtimes, on every run. It never reads ../shared.
import { promises as fsp } from "node:fs";
import path from "node:path";

import { personalCalendars, workCalendars, type CalendarFile } from "./demo-calendar.js";
import { personalContacts, workContacts, type ContactFile } from "./demo-contacts.js";
import { deviceObject, recoveryKeyObject, recoveryKeyTxt, recoveryPassword, workDevices } from "./demo-bitlocker.js";
import { writePersonalDrive, writeWorkDrive, type DriveSummary } from "./demo-onedrive.js";
import { OWNER } from "./demo-people.js";
import { DemoRandom } from "./demo-random.js";
import { slug } from "./demo-text.js";
import { REFERENCE_TIME, aegisPlainExport, base32, otpCode, otpEntries, otpauthUri } from "./demo-vault.js";
import { composeEml, type MessageSpec } from "./eml-writer.js";
import { personalMailbox } from "./personal-mailbox.js";
import { SeedWriter } from "./seed-writer.js";
import { workMailbox } from "./work-mailbox.js";

/** The password both demo accounts' sign-in pages accept (the identity emulator reads account.json). */
export const DEMO_PASSWORD = "lifeboat-demo";
export const DEFAULT_DEMO_SEED = 1;

export interface DemoAttachmentRecord {
  filename: string;
  contentType: string;
  size: number;
  /** An inline image the HTML refers to by cid:, rather than a listed attachment. */
  inline: boolean;
}

export interface DemoMessageRecord {
  account: string;
  /** Relative to the seed folder, with "/". */
  path: string;
  folder: string;
  messageId: string;
  subject: string;
  date: string;
  html: boolean;
  attachments: DemoAttachmentRecord[];
  /** True for the second copy of a message filed in two folders. */
  copy: boolean;
}

export interface DemoAccountSummary {
  address: string;
  kind: "personal" | "work";
  displayName: string;
  password: string;
  tenantName?: string;
  mail: { folders: string[]; messages: number; copies: number; withAttachments: number; attachments: number; html: number; bytes: number };
  calendars: { calendars: string[]; files: number; events: number; series: number; overrides: number; exdates: number };
  contacts: { addressBooks: string[]; files: number; cards: number; withPhoto: number };
  onedrive: DriveSummary;
  bitlocker: { keys: number; devices: number };
}

export interface DemoSeedSummary {
  dir: string;
  seed: number;
  accounts: DemoAccountSummary[];
  vault: { otpEntries: number; bitlockerKeyFiles: number; files: string[] };
  /** Every file written, and their total size. */
  files: number;
  bytes: number;
  /** Every .eml written, with what a parser must find in it. */
  messages: DemoMessageRecord[];
}

const p4 = (n: number): string => String(n).padStart(4, "0");

async function writeMailbox(out: SeedWriter, account: string, messages: readonly MessageSpec[]): Promise<{ records: DemoMessageRecord[]; summary: DemoAccountSummary["mail"] }> {
  const placed: Array<{ folder: string; m: MessageSpec; copy: boolean }> = [];
  for (const m of messages) {
    placed.push({ folder: m.folder, m, copy: false });
    for (const f of m.alsoIn ?? []) placed.push({ folder: f, m, copy: true });
  }
  const byFolder = new Map<string, typeof placed>();
  for (const p of placed) byFolder.set(p.folder, [...(byFolder.get(p.folder) ?? []), p]);
  const bytesOf = new Map<string, Buffer>();
  const records: DemoMessageRecord[] = [];
  let bytes = 0;
  for (const folder of [...byFolder.keys()].sort()) {
    const items = byFolder.get(folder)!.sort((a, b) => a.m.date.getTime() - b.m.date.getTime() || (a.m.messageId < b.m.messageId ? -1 : 1));
    for (const [i, { m, copy }] of items.entries()) {
      let eml = bytesOf.get(m.messageId);
      if (!eml) {
        eml = await composeEml(m);
        bytesOf.set(m.messageId, eml);
      }
      const rel = `microsoft/${account}/mail/${folder}/${p4(i + 1)}-${slug(m.subject, 40)}.eml`;
      bytes += await out.file(rel, eml, m.date);
      records.push({
        account,
        path: rel,
        folder,
        messageId: m.messageId,
        subject: m.subject,
        date: m.date.toISOString(),
        html: m.html !== undefined,
        attachments: m.attachments.map((a) => ({ filename: a.filename, contentType: a.contentType.split(";")[0]!, size: a.content.length, inline: !!a.cid })),
        copy,
      });
    }
  }
  const folders = new Set<string>();
  for (const f of byFolder.keys()) {
    const parts = f.split("/");
    for (let i = 1; i <= parts.length; i++) folders.add(parts.slice(0, i).join("/"));
  }
  return {
    records,
    summary: {
      folders: [...folders].sort(),
      messages: records.length,
      copies: records.filter((r) => r.copy).length,
      withAttachments: records.filter((r) => r.attachments.length > 0).length,
      attachments: records.reduce((n, r) => n + r.attachments.length, 0),
      html: records.filter((r) => r.html).length,
      bytes,
    },
  };
}

async function writeCalendars(out: SeedWriter, account: string, files: readonly CalendarFile[]): Promise<DemoAccountSummary["calendars"]> {
  for (const f of files) await out.file(`microsoft/${account}/calendars/${f.calendar}/${f.name}`, f.ics, f.modified);
  return {
    calendars: [...new Set(files.map((f) => f.calendar))].sort(),
    files: files.length,
    events: files.reduce((n, f) => n + f.components, 0),
    series: files.reduce((n, f) => n + f.series, 0),
    overrides: files.reduce((n, f) => n + f.overrides, 0),
    exdates: files.reduce((n, f) => n + f.exdates, 0),
  };
}

async function writeContacts(out: SeedWriter, account: string, files: readonly ContactFile[]): Promise<DemoAccountSummary["contacts"]> {
  for (const f of files) await out.file(`microsoft/${account}/contacts/${f.book}/${f.name}`, f.vcf, f.modified);
  return {
    addressBooks: [...new Set(files.map((f) => f.book))].sort(),
    files: files.length,
    cards: files.reduce((n, f) => n + f.cards, 0),
    withPhoto: files.reduce((n, f) => n + f.withPhoto, 0),
  };
}

const ACCOUNT_MTIME = new Date(Date.UTC(2025, 10, 30, 12, 0, 0));

function readme(summary: Omit<DemoSeedSummary, "files" | "bytes" | "messages">): string {
  const lines = [
    "Lifeboat demo account",
    "=====================",
    "",
    "The built-in demo data that `lifeboat demo` backs up: an emulator seed folder (see CLI.md,",
    "\"Emulator seed folder\"), generated by the Lifeboat project itself from a seeded PRNG",
    `(seed ${summary.seed}). Every person, company, address, phone number, key and secret in it is made up.`,
    "The owner's own addresses are at outlook.com and contoso.com, as emulated Microsoft accounts;",
    "everyone else writes from reserved example domains, with phone numbers from the ranges set aside",
    "for drama. Nothing in it reaches a real person.",
    "",
    "Regenerate it with:  node dist/test/emulators/demo/demo-seed-main.js OUT_DIR [--seed N]",
    "",
    "Accounts (sign in to the emulators with these):",
  ];
  for (const a of summary.accounts) {
    lines.push(
      "",
      `  ${a.address}  (${a.kind}${a.tenantName ? `, tenant ${a.tenantName}` : ""})`,
      `    password:  ${a.password}`,
      `    mail:      ${a.mail.messages} messages (${a.mail.copies} filed twice) in ${a.mail.folders.length} folders, ${a.mail.attachments} attachments`,
      `    calendars: ${a.calendars.calendars.join(", ")}: ${a.calendars.events} events in ${a.calendars.files} files (${a.calendars.series} series, ${a.calendars.overrides} moved occurrences, ${a.calendars.exdates} cancelled)`,
      `    contacts:  ${a.contacts.cards} cards (${a.contacts.withPhoto} with photos) in ${a.contacts.addressBooks.join(", ")}`,
      `    onedrive:  ${a.onedrive.files} files in ${a.onedrive.folders} folders (${a.onedrive.emptyFolders} empty), ${(a.onedrive.bytes / 1048576).toFixed(1)} MiB`,
    );
    if (a.bitlocker.keys) lines.push(`    bitlocker: ${a.bitlocker.keys} recovery keys (bitlocker/*.json, Graph bitlockerRecoveryKey objects) for ${a.bitlocker.devices} devices (devices/*.json, Graph device objects: the names)`);
  }
  lines.push(
    "",
    "Layout:",
    "  microsoft/<address>/account.json           kind, displayName, password (and tenantName, tenantId for work)",
    "  microsoft/<address>/mail/<folder path>/    one RFC 5322 message per .eml; nested folders are directories",
    "  microsoft/<address>/calendars/<calendar>/  iCalendar files; a series and its moved occurrences share a file",
    "  microsoft/<address>/contacts/<book>/       vCard 3.0 and 4.0 files, one or more cards each",
    "  microsoft/<address>/onedrive/              the drive's files and folders as they are",
    "  microsoft/<address>/bitlocker/             work account only: recovery keys as Graph returns them",
    "  microsoft/<address>/devices/               work account only: the devices the keys belong to",
    "  vault/                                     an authenticator export and a BitLocker key file (vault/README.txt)",
    "",
  );
  return lines.join("\n");
}

/** Writes the demo account into `dir` (created if missing; existing files are overwritten). */
export async function writeDemoSeed(dir: string, opts: { seed?: number } = {}): Promise<DemoSeedSummary> {
  const seed = opts.seed ?? DEFAULT_DEMO_SEED;
  await fsp.mkdir(dir, { recursive: true });
  const out = new SeedWriter(path.resolve(dir));
  const rnd = (stream: string): DemoRandom => new DemoRandom(seed, stream);

  const devices = workDevices(rnd("bitlocker"));
  const accounts: DemoAccountSummary[] = [];
  const messages: DemoMessageRecord[] = [];

  // Personal (Outlook.com) account.
  {
    const a = OWNER.personalAddress;
    await out.file(`microsoft/${a}/account.json`, JSON.stringify({ kind: "personal", displayName: OWNER.display, password: DEMO_PASSWORD }, null, 2) + "\n", ACCOUNT_MTIME);
    const mail = await writeMailbox(out, a, personalMailbox(rnd("mail-personal")));
    messages.push(...mail.records);
    accounts.push({
      address: a,
      kind: "personal",
      displayName: OWNER.display,
      password: DEMO_PASSWORD,
      mail: mail.summary,
      calendars: await writeCalendars(out, a, personalCalendars(rnd("calendar-personal"))),
      contacts: await writeContacts(out, a, personalContacts(rnd("contacts-personal"))),
      onedrive: await writePersonalDrive(out, `microsoft/${a}/onedrive`, rnd("drive-personal")),
      bitlocker: { keys: 0, devices: 0 },
    });
  }

  // Work (Contoso, Microsoft 365) account.
  {
    const a = OWNER.workAddress;
    const tenantId = rnd("tenant").guid();
    await out.file(`microsoft/${a}/account.json`, JSON.stringify({ kind: "work", displayName: OWNER.display, password: DEMO_PASSWORD, tenantName: "Contoso", tenantId }, null, 2) + "\n", ACCOUNT_MTIME);
    const mail = await writeMailbox(out, a, workMailbox(rnd("mail-work"), devices));
    messages.push(...mail.records);
    for (const d of devices) {
      await out.file(`microsoft/${a}/bitlocker/${d.keyId}.json`, JSON.stringify(recoveryKeyObject(d), null, 2) + "\n", d.keyCreated);
      await out.file(`microsoft/${a}/devices/${d.deviceId}.json`, JSON.stringify(deviceObject(d), null, 2) + "\n", d.registered);
    }
    accounts.push({
      address: a,
      kind: "work",
      displayName: OWNER.display,
      password: DEMO_PASSWORD,
      tenantName: "Contoso",
      mail: mail.summary,
      calendars: await writeCalendars(out, a, workCalendars(rnd("calendar-work"))),
      contacts: await writeContacts(out, a, workContacts(rnd("contacts-work"))),
      onedrive: await writeWorkDrive(out, `microsoft/${a}/onedrive`, rnd("drive-work")),
      bitlocker: { keys: devices.length, devices: devices.length },
    });
  }

  // The vault: authenticator export and the personal PC's BitLocker key file.
  const vrnd = rnd("vault");
  const entries = otpEntries(vrnd);
  const pcKeyId = vrnd.guid().toUpperCase();
  const pcKey = recoveryPassword(vrnd);
  const vaultFiles = ["vault/otpauth-uris.txt", "vault/aegis-export-plain.json", `vault/BitLocker Recovery Key ${pcKeyId}.TXT`, "vault/README.txt"];
  const exported = new Date(Date.UTC(2025, 10, 29, 20, 15));
  await out.file(vaultFiles[0]!, entries.map(otpauthUri).join("\n") + "\n", exported);
  await out.file(vaultFiles[1]!, aegisPlainExport(entries), exported);
  await out.file(vaultFiles[2]!, recoveryKeyTxt(pcKeyId, pcKey), new Date(Date.UTC(2022, 6, 3, 18, 2)));
  const codeAt = REFERENCE_TIME.toISOString().replace(/\.000Z$/, "Z");
  const vaultReadme = [
    "Authenticator export of the Lifeboat demo account",
    "",
    "otpauth-uris.txt          one otpauth:// URI per line (Google Authenticator's Key Uri Format)",
    "aegis-export-plain.json   the same entries as an unencrypted Aegis vault (db version 3)",
    `BitLocker Recovery Key ${pcKeyId}.TXT`,
    "                          the recovery key file Windows saved for the owner's personal PC",
    "                          (UTF-16LE with BOM, CRLF); personal accounts have no BitLocker API",
    "",
    `Entries, and the code each shows at ${codeAt} (HOTP: at its stored counter):`,
    "",
    ...entries.map((e) => {
      const kind = e.type === "hotp" ? `HOTP ${e.algorithm} ${e.digits} digits, counter ${e.counter}` : e.type === "steam" ? "Steam Guard (TOTP SHA1, 5 characters, 30 s)" : `TOTP ${e.algorithm} ${e.digits} digits, ${e.period} s`;
      return `  ${`${e.issuer} / ${e.account}`.padEnd(44)} ${kind.padEnd(44)} ${otpCode(e, REFERENCE_TIME)}   secret ${base32(e.secret)}`;
    }),
    "",
    `BitLocker: device MALIK-DESKTOP, operating system volume, identifier ${pcKeyId}, key ${pcKey}`,
    "",
  ].join("\n");
  await out.file(vaultFiles[3]!, vaultReadme, exported);

  const partial = { dir: path.resolve(dir), seed, accounts, vault: { otpEntries: entries.length, bitlockerKeyFiles: 1, files: vaultFiles } };
  await out.file("README.txt", readme(partial), ACCOUNT_MTIME);
  return { ...partial, files: out.files, bytes: out.bytes, messages };
}
