import type { MicrosoftSourceConfig } from "../../../../shared/archive-types.js";
import { httpsAgent } from "../../net/tls-trust.js";
import type { SecretStore } from "../../secrets/secret-store.js";
import { MICROSOFT_BITLOCKER_SCOPES } from "./auth/microsoft-scopes.js";
import { MicrosoftTokenProvider } from "./auth/microsoft-token-provider.js";
import { BitLockerSync } from "./bitlocker/bitlocker-sync.js";
import { CalendarSync } from "./calendars/calendar-sync.js";
import { ContactsSync } from "./contacts/contacts-sync.js";
import { DriveSync } from "./drive/drive-sync.js";
import { GraphClient, type GraphClientOptions } from "./graph/graph-client.js";
import type { KindSync } from "./kind-sync.js";
import { MailSync } from "./mail/mail-sync.js";
import { MicrosoftSource } from "./microsoft-source.js";

export interface MicrosoftSourceOptions {
  secrets: SecretStore;
  signal?: AbortSignal;
  onWait?: GraphClientOptions["onWait"];
  log?: (line: string) => void;
}

const BITLOCKER_STATES: Record<string, string> = {
  "not-requested": "Reading BitLocker keys was not requested for this work account. Run `lifeboat add microsoft` again and allow it, or import the keys with `lifeboat bitlocker import`.",
  "needs-admin-consent": "Reading BitLocker keys needs a tenant administrator's consent (BitLockerKey.Read.All). Ask your IT department, or import the keys with `lifeboat bitlocker import`.",
  unavailable: "BitLocker keys cannot be read for this account.",
};

/** The backup source for a configured Microsoft account: its token provider, Graph client and kinds. */
export function createMicrosoftSource(cfg: MicrosoftSourceConfig, opts: MicrosoftSourceOptions): MicrosoftSource {
  const account = cfg.account;
  const tokens = new MicrosoftTokenProvider(account, { secrets: opts.secrets, log: opts.log });
  const base = `${account.graphEndpoint.replace(/\/+$/, "")}/v1.0`;
  const common = { baseUrl: base, agent: httpsAgent(), signal: opts.signal, onWait: opts.onWait };
  const graph = new GraphClient({ ...common, getToken: tokens.graphTokenGetter() });
  const bitlocker = account.accountKind === "work" && account.bitLocker === "granted" ? new GraphClient({ ...common, getToken: tokens.graphTokenGetter(MICROSOFT_BITLOCKER_SCOPES) }) : null;
  const kinds: Array<KindSync<unknown>> = [
    new MailSync() as KindSync<unknown>,
    new ContactsSync() as KindSync<unknown>,
    new CalendarSync() as KindSync<unknown>,
    new DriveSync() as KindSync<unknown>,
    new BitLockerSync(bitlocker, BITLOCKER_STATES[account.bitLocker ?? "not-requested"]) as KindSync<unknown>,
  ];
  return new MicrosoftSource(cfg.name, account.username ?? cfg.name, { graph, accountKind: account.accountKind ?? "personal", kinds });
}
