import { promises as fsp } from "node:fs";
import path from "node:path";
import { ApiError } from "../../shared/app-api.js";
import { identityFromRecoveryKey } from "../engine/archive/archive-keys.js";
import { NeedsPassphraseError } from "../engine/errors.js";
import { defaultArchiveDir } from "../engine/settings/app-home.js";
import { readVault } from "../engine/vault/vault-store.js";
import { buildState } from "./state-builder.js";
import type { Handlers } from "./handler-types.js";

export const archiveHandlers: Handlers = {
  "archive:default-path": async (ctx) => ({ path: ctx.host.defaultArchiveDir ?? defaultArchiveDir() }),

  "archive:create": async (ctx, req) => {
    if (ctx.jobs.running) throw new ApiError("busy", "Wait for the running job to finish before creating another archive.");
    ctx.catalogs.clear();
    const recoveryKey = await ctx.session.create(req.path, req.passphrase, req.remember);
    ctx.pushState();
    return { recoveryKey };
  },

  "archive:open": async (ctx, req) => {
    if (ctx.jobs.running) throw new ApiError("busy", "Wait for the running job to finish before opening another archive.");
    ctx.catalogs.clear();
    await ctx.session.open(req.path);
    const s = await buildState(ctx);
    ctx.pushState();
    return s;
  },

  "archive:unlock": async (ctx, req) => {
    ctx.catalogs.clear();
    await ctx.session.unlock(req.passphrase !== undefined ? { passphrase: req.passphrase } : { recoveryKey: req.recoveryKey! }, req.remember);
    const s = await buildState(ctx);
    ctx.pushState();
    return s;
  },

  "archive:lock": async (ctx) => {
    if (ctx.jobs.running) throw new ApiError("busy", "A job is running; cancel it or wait for it before locking the archive.");
    await ctx.lock();
    const s = await buildState(ctx);
    ctx.pushState();
    return s;
  },

  "archive:change-passphrase": async (ctx, req) => {
    await ctx.session.changePassphrase(req.current, req.next);
    return { changed: true };
  },

  "archive:save-kit": async (ctx, req) => {
    const archive = ctx.session.require();
    // Lifeboat never keeps the recovery key; the kit prints it, so it must come from the user,
    // and it is checked against this archive first: a kit with a wrong key fails on the worst day.
    if (!req.recoveryKey) throw new ApiError("invalid", "The emergency kit prints your recovery key, which Lifeboat does not keep. Type it in (it starts with AGE-SECRET-KEY-1) to write the kit.");
    let identity: string;
    try {
      identity = await identityFromRecoveryKey(archive.layout, req.recoveryKey);
    } catch (err) {
      if (err instanceof NeedsPassphraseError) throw new ApiError("wrong-passphrase", err.message);
      throw err;
    }
    if (identity !== archive.secrets.identity) throw new ApiError("wrong-passphrase", "That recovery key belongs to another archive. Check the printed copy.");
    const vault = await readVault(archive);
    const { writeEmergencyKit } = await import("../engine/vault/kit/emergency-kit.js");
    const out = path.resolve(req.to);
    await writeEmergencyKit({ out, recoveryKey: req.recoveryKey, archivePath: archive.root, vault, createdAt: new Date() });
    return { path: out, bytes: (await fsp.stat(out)).size };
  },
};
