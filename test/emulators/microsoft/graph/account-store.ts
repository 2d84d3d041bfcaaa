// All emulated accounts and their data. The store is the one object the Graph emulator serves and
// tests mutate while it runs (add, change, move, delete items); the identity emulator gets its
// account list (addresses, passwords, oids, tids) from here too.
import { createHash } from "node:crypto";
import { CONSUMERS_TENANT_ID, systemClock, type AccountKind, type EmulatedAccount, type EmulatorClock } from "../emulator-contract.js";
import { BitLockerStore } from "./bitlocker-store.js";
import { CalendarStore } from "./calendar-store.js";
import { ContactStore } from "./contact-store.js";
import { DriveStore } from "./drive-store.js";
import { OutlookIdCodec, stableGuid } from "./graph-ids.js";
import { MailStore } from "./mail-store.js";
import type { StoreContext } from "./store-context.js";

/** The password every emulated account accepts unless its account.json names one (documented for the demo). */
export const DEFAULT_EMULATED_PASSWORD = "lifeboat-demo";

export interface NewAccount {
  address: string;
  kind?: AccountKind;
  displayName?: string;
  password?: string;
  /** Defaults derived from the address, so they are stable across runs. */
  oid?: string;
  tid?: string;
}

export class AccountData {
  readonly account: EmulatedAccount;
  /** /me's "id": the oid for work accounts, the 16-hex-digit cid for personal ones. */
  readonly userId: string;
  readonly cid: string;
  readonly ids: OutlookIdCodec;
  readonly mail: MailStore;
  readonly contacts: ContactStore;
  readonly calendar: CalendarStore;
  readonly drive: DriveStore;
  readonly bitlocker = new BitLockerStore();
  private seq = 0;

  constructor(account: EmulatedAccount, readonly clock: EmulatorClock) {
    this.account = account;
    this.cid = createHash("sha256").update(`cid:${account.oid}`).digest("hex").slice(0, 16);
    this.userId = account.kind === "personal" ? this.cid : account.oid;
    this.ids = new OutlookIdCodec(account.oid, account.kind === "personal");
    const ctx: StoreContext = {
      account,
      ids: this.ids,
      clock,
      nextSeq: () => ++this.seq,
      currentSeq: () => this.seq,
    };
    this.mail = new MailStore(ctx);
    this.contacts = new ContactStore(ctx);
    this.calendar = new CalendarStore(ctx);
    this.drive = new DriveStore(ctx, account.kind === "personal" ? "personal" : "business", this.cid);
  }

  get address(): string {
    return this.account.address;
  }

  get kind(): AccountKind {
    return this.account.kind;
  }

  /** The account's change counter now (every change to any of its data increments it). */
  currentSeq(): number {
    return this.seq;
  }

  /** Whether `ref` (oid, cid, or address, case-insensitive) names this account. */
  matches(ref: string): boolean {
    const r = ref.toLowerCase();
    return r === this.account.oid.toLowerCase() || r === this.userId.toLowerCase() || r === this.account.address.toLowerCase();
  }
}

export class AccountStore {
  private readonly byAddress = new Map<string, AccountData>();

  constructor(readonly clock: EmulatorClock = systemClock) {}

  addAccount(spec: NewAccount): AccountData {
    const address = spec.address.trim();
    const key = address.toLowerCase();
    if (this.byAddress.has(key)) throw new Error(`account ${address} already exists`);
    const kind = spec.kind ?? "personal";
    const domain = key.split("@")[1] ?? "example.com";
    const account: EmulatedAccount = {
      address,
      kind,
      displayName: spec.displayName ?? address.split("@")[0] ?? address,
      password: spec.password ?? DEFAULT_EMULATED_PASSWORD,
      oid: spec.oid ?? stableGuid(`oid:${key}`),
      tid: spec.tid ?? (kind === "personal" ? CONSUMERS_TENANT_ID : stableGuid(`tenant:${domain}`)),
    };
    const data = new AccountData(account, this.clock);
    this.byAddress.set(key, data);
    return data;
  }

  /** By address, oid or personal cid. */
  get(ref: string): AccountData | undefined {
    const direct = this.byAddress.get(ref.toLowerCase());
    if (direct) return direct;
    for (const a of this.byAddress.values()) if (a.matches(ref)) return a;
    return undefined;
  }

  require(ref: string): AccountData {
    const a = this.get(ref);
    if (!a) throw new Error(`no emulated account ${ref}`);
    return a;
  }

  byDriveId(driveId: string): AccountData | undefined {
    for (const a of this.byAddress.values()) if (a.drive.driveId.toLowerCase() === driveId.toLowerCase()) return a;
    return undefined;
  }

  list(): AccountData[] {
    return [...this.byAddress.values()];
  }

  /** What the identity emulator needs to sign these accounts in. */
  emulatedAccounts(): EmulatedAccount[] {
    return this.list().map((a) => ({ ...a.account }));
  }
}
