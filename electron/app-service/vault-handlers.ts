import { ApiError } from "../../shared/app-api.js";
import type { OtpCode, VaultView } from "../../shared/app-types.js";
import { resolveSnapshot } from "../engine/archive/snapshot-store.js";
import { sameKeyId } from "../engine/vault/bitlocker/key-id.js";
import { codeFor, hotp } from "../engine/vault/otp/otp-codes.js";
import type { VaultData, VaultOtp } from "../engine/vault/vault-data.js";
import { readVault } from "../engine/vault/vault-store.js";
import type { Handlers } from "./handler-types.js";
import type { ServiceContext } from "./service-context.js";

/** The vault of a snapshot (newest by default) and which snapshot that is. */
async function vaultOf(ctx: ServiceContext, ref = "latest"): Promise<{ vault: VaultData; snapshot: string | null }> {
  const archive = ctx.session.require();
  const snapshots = await ctx.session.snapshots();
  if (!snapshots.some((s) => s.data.complete)) return { vault: { version: 1, otp: [], bitlocker: [] }, snapshot: null };
  const snap = resolveSnapshot(snapshots, ref);
  return { vault: await readVault(archive, snap.id), snapshot: snap.id };
}

function codeOf(e: VaultOtp, at: number): OtpCode {
  try {
    if (e.type === "hotp") {
      // Shown, not used: the counter only moves on when the person uses a code in another app, so
      // the vault keeps it (the CLI's `otp code` advances it because printing a code means using it).
      return { id: e.id, code: hotp(e, e.counter), validUntil: null, next: hotp(e, e.counter + 1) };
    }
    const now = codeFor(e, at);
    const next = codeFor(e, now.validUntil!);
    return { id: e.id, code: now.code, validUntil: now.validUntil ?? null, next: next.code };
  } catch {
    // MD5 or a damaged secret: kept in the vault, but no code Lifeboat could vouch for.
    return { id: e.id, code: "", validUntil: null, next: null };
  }
}

export const vaultHandlers: Handlers = {
  "vault:get": async (ctx, req) => {
    const { vault, snapshot } = await vaultOf(ctx, req.snapshot);
    const view: VaultView = {
      otp: vault.otp.map((e) => ({ id: e.id, issuer: e.issuer, account: e.account, type: e.type, digits: e.digits, period: e.period })),
      bitlocker: vault.bitlocker.map((k) => ({
        keyId: k.keyId,
        device: k.device ?? null,
        volume: k.volume ?? null,
        volumeType: k.volumeType ?? null,
        created: k.created ?? null,
        origin: k.origin ?? null,
      })),
      snapshot,
    };
    return view;
  },

  "vault:codes": async (ctx, req) => {
    const at = req.at ?? Date.now();
    const { vault } = await vaultOf(ctx);
    return vault.otp.map((e) => codeOf(e, at));
  },

  "vault:reveal-bitlocker": async (ctx, req) => {
    const { vault } = await vaultOf(ctx);
    const key = vault.bitlocker.find((k) => sameKeyId(k.keyId, req.keyId));
    if (!key) throw new ApiError("not-found", `No recovery key with id ${req.keyId} is in the vault. Import it first (the .TXT file Windows saved, or your account page).`);
    return { keyId: key.keyId, recoveryPassword: key.recoveryPassword };
  },
};
