import { createHash } from "node:crypto";
import type { CatalogEntry } from "../../../shared/archive-types.js";
import type { BackupSource, SourceRunContext, SourceRunResult } from "../backup/backup-source.js";
import { renderVaultFiles } from "./vault-files.js";
import { emptyVault, mergeIntoVault, type MergeReport, type VaultData } from "./vault-data.js";
import type { BitLockerKey, OtpEntry } from "../../../shared/vault-types.js";

export const VAULT_SOURCE = "vault";
export const VAULT_JSON = "vault.json";

/** What a run adds to the vault: imported files, and keys the account sources copied this run. */
export interface VaultAdditions {
  otp?: OtpEntry[];
  /** New HOTP counters by entry id (after a code was shown). */
  counters?: Record<string, number>;
  bitlocker?: Array<BitLockerKey & { account?: string }>;
}

/**
 * The vault as a source of the archive: `vault.json` (the source of truth) plus the same data in
 * open formats (`otp.txt` with otpauth:// URIs, `bitlocker/<key id>.txt` as Windows writes them),
 * so a restore or recover.sh hands back usable files. Each run starts from the previous
 * snapshot's vault and adds; unchanged files are kept as they were.
 */
export class VaultSource implements BackupSource {
  readonly name = VAULT_SOURCE;
  readonly kind = "vault";
  readonly location = "OTP seeds and BitLocker keys";
  /** The vault as written by the last run, and what the merge did. */
  result: { vault: VaultData; report: MergeReport } | null = null;

  constructor(private readonly additions: () => VaultAdditions) {}

  async run(ctx: SourceRunContext): Promise<SourceRunResult> {
    const prevJson = ctx.previous(VAULT_JSON);
    let vault = emptyVault();
    if (prevJson) vault = JSON.parse((await ctx.readPrevious(prevJson)).toString("utf8")) as VaultData;
    const merged = mergeIntoVault(vault, this.additions());
    this.result = merged;
    // Nothing to keep yet: an archive without OTP accounts or keys gets no vault at all.
    if (!prevJson && merged.vault.otp.length === 0 && merged.vault.bitlocker.length === 0) return {};
    const files = await renderVaultFiles(merged.vault);
    const prev = new Map<string, CatalogEntry>();
    for (const e of ctx.previousEntries()) prev.set(e.path, e);
    for (const f of files) {
      const old = prev.get(f.path);
      if (old && old.type === "file" && old.sha256 === createHash("sha256").update(f.bytes).digest("hex")) {
        ctx.reuse(old);
        continue;
      }
      await ctx.addItem({ path: f.path, type: "file", kind: f.kind, mode: 0o600, ...(f.meta ? { meta: f.meta } : {}) }, f.bytes);
    }
    for (const dir of new Set(files.map((f) => f.path.split("/").slice(0, -1).join("/")).filter(Boolean))) {
      const old = prev.get(dir);
      if (old) ctx.reuse(old);
      else await ctx.addItem({ path: dir, type: "dir", kind: "folder", mode: 0o700 });
    }
    return {};
  }
}
