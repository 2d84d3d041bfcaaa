import { promises as fsp } from "node:fs";
import path from "node:path";
import { ApiError } from "../../shared/app-api.js";
import type { MicrosoftSourceConfig, SourceConfig } from "../../shared/archive-types.js";
import type { MicrosoftAccountSettings } from "../../shared/microsoft-account.js";
import { signInMicrosoft } from "../engine/providers/microsoft/auth/sign-in-account.js";
import { tokenCacheEntryName } from "../engine/providers/microsoft/auth/keychain-cache-plugin.js";
import { newMicrosoftAccountSettings } from "../engine/providers/microsoft/auth/new-account-settings.js";
import type { SecretStore } from "../engine/secrets/secret-store.js";
import { VAULT_SOURCE } from "../engine/vault/vault-source.js";
import { noArchive } from "./api-errors.js";
import type { Handlers } from "./handler-types.js";
import type { ServiceContext } from "./service-context.js";

// The CLI's rule for source names (add-command.ts), so both accept the same names.
const NAME = /^[A-Za-z0-9@._+-][A-Za-z0-9@._+ -]{0,99}$/;

function archiveRoot(ctx: ServiceContext): string {
  if (!ctx.session.root) throw noArchive();
  return ctx.session.root;
}

function keychain(ctx: ServiceContext): SecretStore {
  if (!ctx.host.secrets) throw new ApiError("needs-sign-in", "Microsoft sign-ins are kept in the system keychain, and this computer has none available. Set up a keychain (GNOME Keyring, KWallet) and try again.");
  return ctx.host.secrets;
}

async function findSource(ctx: ServiceContext, name: string): Promise<SourceConfig> {
  const cfg = (await ctx.sources()).find((s) => s.name === name);
  if (!cfg) throw new ApiError("not-found", `There is no account or folder named "${name}". It may have been removed; refresh the list.`);
  return cfg;
}

/** Moves the MSAL cache from the new sign-in's keychain entry to the existing account's one. */
async function moveCache(secrets: SecretStore, from: string, to: string): Promise<void> {
  const value = await secrets.get(tokenCacheEntryName(from));
  if (value !== null) {
    await secrets.set(tokenCacheEntryName(to), value);
    await secrets.delete(tokenCacheEntryName(from));
  }
}

/**
 * Signs in through the user's own browser; the loopback redirect brings the answer back here. It
 * runs as a "sign-in" job meanwhile, so the UI can offer Cancel (a closed browser tab never answers).
 */
async function signIn(ctx: ServiceContext, settings: MicrosoftAccountSettings, loginHint?: string): Promise<MicrosoftAccountSettings> {
  const secrets = keychain(ctx);
  const openBrowser = (url: string): Promise<void> => {
    const u = new URL(url);
    if (loginHint && !u.searchParams.has("login_hint")) u.searchParams.set("login_hint", loginHint);
    return ctx.host.openExternal(u.toString());
  };
  const label = loginHint ? `Signing in to ${loginHint} in your browser` : "Signing in to Microsoft in your browser";
  return ctx.jobs.runInline("sign-in", label, (job) => signInMicrosoft(settings, secrets, { interactive: { openBrowser } }, true, job.signal), (s) => `Signed in as ${s.username ?? s.id}.`);
}

/** Saves a signed-in account: a new source, or (same address) the existing one with its id kept. */
async function saveAccount(ctx: ServiceContext, signed: MicrosoftAccountSettings): Promise<MicrosoftSourceConfig> {
  const root = archiveRoot(ctx);
  const address = signed.username ?? signed.id;
  const existing = (await ctx.sources()).find((s) => s.kind === "microsoft" && s.account.username?.toLowerCase() === address.toLowerCase());
  if (existing && existing.kind === "microsoft") {
    const kept = { ...signed, id: existing.account.id };
    const src = (await ctx.settings.updateSource(root, existing.name, (s) => ({ ...s, account: kept }) as MicrosoftSourceConfig)) as MicrosoftSourceConfig;
    if (signed.id !== existing.account.id) await moveCache(keychain(ctx), signed.id, existing.account.id);
    return src;
  }
  const src: MicrosoftSourceConfig = { name: address, kind: "microsoft", added: new Date().toISOString(), account: signed };
  await ctx.settings.addSource(root, src);
  return src;
}

export const accountHandlers: Handlers = {
  "accounts:add-folder": async (ctx, req) => {
    const root = archiveRoot(ctx);
    const abs = path.resolve(req.path);
    const st = await fsp.stat(abs).catch(() => null);
    if (!st?.isDirectory()) throw new ApiError("not-found", `${abs} is not a folder. Choose an existing folder.`);
    const name = req.name ?? path.basename(abs);
    if (!NAME.test(name) || name === "." || name === ".." || name === VAULT_SOURCE) throw new ApiError("invalid", `"${name}" cannot be a name: use letters, digits, space, @ . _ + - (and not "vault").`);
    if ((await ctx.sources()).some((s) => s.name === name)) throw new ApiError("exists", `A source named "${name}" already exists. Choose another name.`);
    await ctx.settings.addSource(root, { name, kind: "folder", path: abs, added: new Date().toISOString() });
    ctx.pushState();
    return { name };
  },

  "accounts:add-microsoft": async (ctx, req) => {
    archiveRoot(ctx);
    const m = ctx.host.microsoft ?? {};
    const fresh = newMicrosoftAccountSettings({ clientId: m.clientId, authority: m.authority, graphEndpoint: m.graphEndpoint });
    const signed = await signIn(ctx, fresh, req.loginHint);
    const src = await saveAccount(ctx, signed);
    ctx.pushState();
    return { name: src.name, username: src.account.username ?? src.name };
  },

  "accounts:sign-in-again": async (ctx, req) => {
    const cfg = await findSource(ctx, req.name);
    if (cfg.kind !== "microsoft") throw new ApiError("invalid", `"${req.name}" is a folder; only accounts sign in.`);
    const signed = await signIn(ctx, cfg.account, cfg.account.username);
    await ctx.settings.updateSource(archiveRoot(ctx), cfg.name, (s) => ({ ...s, account: { ...signed, id: cfg.account.id } }) as MicrosoftSourceConfig);
    ctx.pushState();
    return { name: cfg.name };
  },

  "accounts:sign-out": async (ctx, req) => {
    const cfg = await findSource(ctx, req.name);
    if (cfg.kind !== "microsoft") throw new ApiError("invalid", `"${req.name}" is a folder; there is no sign-in to forget.`);
    if (ctx.host.secrets) await ctx.host.secrets.delete(tokenCacheEntryName(cfg.account.id)).catch(() => false);
    ctx.pushState();
    return { name: cfg.name };
  },

  "accounts:remove": async (ctx, req) => {
    const cfg = await findSource(ctx, req.name);
    if (ctx.backingUp.has(cfg.name)) throw new ApiError("busy", `"${cfg.name}" is being backed up right now. Cancel the backup or wait, then remove it.`);
    await ctx.settings.removeSource(archiveRoot(ctx), cfg.name);
    // As `lifeboat remove`: an account's sign-in goes with it.
    if (cfg.kind === "microsoft" && ctx.host.secrets) await ctx.host.secrets.delete(tokenCacheEntryName(cfg.account.id)).catch(() => false);
    ctx.pushState();
    return { name: cfg.name };
  },
};
