import type { Command } from "commander";
import type { MicrosoftSourceConfig } from "../../../shared/archive-types.js";
import type { MicrosoftAccountSettings } from "../../../shared/microsoft-account.js";
import { LifeboatError } from "../../engine/errors.js";
import { tokenCacheEntryName } from "../../engine/providers/microsoft/auth/keychain-cache-plugin.js";
import { newMicrosoftAccountSettings } from "../../engine/providers/microsoft/auth/new-account-settings.js";
import type { SecretStore } from "../../engine/secrets/secret-store.js";
import type { CliContext } from "../cli-context.js";
import { signInMicrosoft, type SignInPrompt } from "../../engine/providers/microsoft/auth/sign-in-account.js";
import { openInBrowser } from "../open-browser.js";

interface AddMicrosoftOptions {
  deviceCode?: boolean;
  clientId?: string;
  authority?: string;
  graph?: string;
  bitlocker?: boolean;
}

export { signInMicrosoft, type SignInPrompt } from "../../engine/providers/microsoft/auth/sign-in-account.js";

export function registerAddMicrosoft(add: Command, ctx: () => CliContext): void {
  add
    .command("microsoft")
    .description("sign in to a Microsoft account (Outlook.com/Hotmail or work/school) and back up its mail, calendars, contacts, OneDrive and BitLocker keys")
    .option("--device-code", "sign in on another device with a code (for machines without a browser)")
    .option("--client-id <id>", "your own app registration's client id (see README)")
    .option("--authority <url>", "sign-in authority, e.g. https://login.microsoftonline.com/common, a tenant, or a national cloud")
    .option("--graph <url>", "Microsoft Graph endpoint, e.g. https://graph.microsoft.com (national clouds differ)")
    .option("--no-bitlocker", "do not ask for permission to read BitLocker recovery keys (work/school accounts)")
    .action(async (o: AddMicrosoftOptions) => {
      const c = ctx();
      const archive = await c.archivePath();
      const secrets = c.keychain();
      if (!secrets) throw new LifeboatError("Microsoft sign-ins are kept in the OS keychain, which is switched off (LIFEBOAT_NO_KEYCHAIN=1).", 4, "needs-sign-in");
      const fresh = newMicrosoftAccountSettings({ clientId: o.clientId ?? process.env.LIFEBOAT_MS_CLIENT_ID, authority: o.authority, graphEndpoint: o.graph });
      const abort = new AbortController();
      const onSignal = (): void => abort.abort();
      process.once("SIGINT", onSignal);
      let signed: MicrosoftAccountSettings;
      try {
        const prompt: SignInPrompt = o.deviceCode ? { deviceCode: { onCode: (p) => c.note(p.message) } } : { interactive: { openBrowser: (url) => openInBrowser(url, (s) => c.note(s)) } };
        signed = await signInMicrosoft(fresh, secrets, prompt, o.bitlocker !== false, abort.signal);
      } finally {
        process.off("SIGINT", onSignal);
      }
      const address = signed.username ?? signed.id;
      const existing = (await c.settings.sources(archive)).find((s) => s.kind === "microsoft" && s.account.username?.toLowerCase() === address.toLowerCase());
      let src: MicrosoftSourceConfig;
      if (existing && existing.kind === "microsoft") {
        // Signing in again to an account already configured: keep its id, so the keychain entry
        // and the archive's history stay the same; drop the new entry.
        const kept = { ...signed, id: existing.account.id };
        src = (await c.settings.updateSource(archive, existing.name, (s) => ({ ...s, account: kept }) as MicrosoftSourceConfig)) as MicrosoftSourceConfig;
        await moveCache(secrets, signed.id, existing.account.id);
      } else {
        src = { name: address, kind: "microsoft", added: new Date().toISOString(), account: signed };
        await c.settings.addSource(archive, src);
      }
      const bl = src.account.bitLocker;
      c.result(
        { source: src.name, kind: "microsoft", account: { username: src.account.username, accountKind: src.account.accountKind, tenantId: src.account.tenantId, bitLocker: bl } },
        [
          `${existing ? "Signed in again to" : "Added"} ${src.account.accountKind === "work" ? "work/school" : "personal"} Microsoft account ${address}.`,
          bl === "needs-admin-consent" ? "BitLocker keys: your organisation's administrator must allow Lifeboat to read them; everything else is backed up." : "",
          `Back it up with: lifeboat backup ${JSON.stringify(src.name)}`,
        ]
          .filter(Boolean)
          .join("\n"),
      );
    });
}

/** Moves the MSAL cache from the sign-in's new keychain entry to the existing account's one. */
async function moveCache(secrets: SecretStore, from: string, to: string): Promise<void> {
  const value = await secrets.get(tokenCacheEntryName(from));
  if (value !== null) {
    await secrets.set(tokenCacheEntryName(to), value);
    await secrets.delete(tokenCacheEntryName(from));
  }
}
