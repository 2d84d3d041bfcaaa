// Reads an emulator seed folder (layout in ../shared/CLI.md, "Emulator seed folder") into an
// account store:
//
//   DIR/microsoft/<address>/
//     account.json                      optional {"kind": "personal"|"work", "displayName", "password"}
//     mail/<folder path>/*.eml          (+ optional folder.json {"hidden": true}, <file>.eml.json state)
//     calendars/<calendar>/*.ics        "Calendar" is the default calendar
//     contacts/<book>/*.vcf             "Contacts" is the default folder
//     onedrive/**                       "Personal Vault/" and notebooks (folders with *.onetoc2) are special
//     bitlocker/*.json                  bitlockerRecoveryKey objects with "key" (work accounts)
//
// Accounts default to kind "personal" and the password DEFAULT_EMULATED_PASSWORD ("lifeboat-demo").
import path from "node:path";
import { z } from "zod";
import { systemClock, type EmulatorClock } from "../emulator-contract.js";
import { AccountStore, type AccountData, type NewAccount } from "../graph/account-store.js";
import { seedBitLocker } from "./seed-bitlocker.js";
import { seedCalendars } from "./seed-calendars.js";
import { seedContacts } from "./seed-contacts.js";
import { seedDrive } from "./seed-drive.js";
import { isDirectory, listDir, readJsonIfPresent } from "./seed-files.js";
import { seedMail } from "./seed-mail.js";

export { DEFAULT_EMULATED_PASSWORD } from "../graph/account-store.js";

const AccountJson = z.object({
  kind: z.enum(["personal", "work"]).optional(),
  displayName: z.string().min(1).optional(),
  password: z.string().min(1).optional(),
});

export interface AccountSeedReport {
  address: string;
  messages: number;
  events: number;
  contacts: number;
  files: number;
  bitlockerKeys: number;
  /** What could not be seeded as written (calendar conversions, unreadable files...). */
  notes: string[];
}

export interface LoadSeedOptions {
  clock?: EmulatorClock;
  /** Seed into an existing store (default: a new one). */
  store?: AccountStore;
}

export interface LoadedSeed {
  store: AccountStore;
  reports: AccountSeedReport[];
}

/** Seeds one account from DIR/microsoft/<address>/ (creating the account). */
export async function loadAccountSeed(store: AccountStore, address: string, dir: string): Promise<{ account: AccountData; report: AccountSeedReport }> {
  const json = await readJsonIfPresent(path.join(dir, "account.json"), AccountJson);
  const spec: NewAccount = { address };
  if (json?.kind) spec.kind = json.kind;
  if (json?.displayName) spec.displayName = json.displayName;
  if (json?.password) spec.password = json.password;
  const account = store.addAccount(spec);
  const report: AccountSeedReport = { address, messages: 0, events: 0, contacts: 0, files: 0, bitlockerKeys: 0, notes: [] };
  report.messages = await seedMail(account.mail, path.join(dir, "mail"));
  const calendars = await seedCalendars(account, path.join(dir, "calendars"));
  report.events = calendars.events;
  report.notes.push(...calendars.notes);
  const contacts = await seedContacts(account.contacts, path.join(dir, "contacts"), () => account.clock.now());
  report.contacts = contacts.contacts;
  report.notes.push(...contacts.notes);
  report.files = await seedDrive(account.drive, path.join(dir, "onedrive"));
  report.bitlockerKeys = await seedBitLocker(account.bitlocker, path.join(dir, "bitlocker"));
  return { account, report };
}

/** Reads every DIR/microsoft/<address>/ into a store. */
export async function loadSeed(seedDir: string, opts: LoadSeedOptions = {}): Promise<LoadedSeed> {
  const store = opts.store ?? new AccountStore(opts.clock ?? systemClock);
  const root = path.join(seedDir, "microsoft");
  if (!(await isDirectory(root))) throw new Error(`${seedDir} has no microsoft/ folder (see the seed folder layout in CLI.md)`);
  const reports: AccountSeedReport[] = [];
  for (const e of await listDir(root)) {
    if (!e.isDir) continue;
    if (!e.name.includes("@")) throw new Error(`${path.join(root, e.name)}: account folders are named by address (name@domain)`);
    reports.push((await loadAccountSeed(store, e.name, path.join(root, e.name))).report);
  }
  return { store, reports };
}
