import type { Archive } from "../archive/archive.js";
import { runBackup, type BackupOptions, type BackupResult } from "../backup/backup-run.js";
import type { BackupSource } from "../backup/backup-source.js";
import type { VaultData } from "./vault-data.js";
import type { MergeReport } from "./vault-data.js";
import { type VaultAdditions, VaultSource, VAULT_SOURCE } from "./vault-source.js";
import { hasEmergencyVault, writeEmergencyVault } from "./vault-store.js";

/** Anything that can hand the vault BitLocker keys it read in a run (Microsoft accounts). */
interface KeyContributor {
  vaultKeys(): NonNullable<VaultAdditions["bitlocker"]>;
}

function contributes(s: BackupSource): s is BackupSource & KeyContributor {
  return typeof (s as Partial<KeyContributor>).vaultKeys === "function";
}

/**
 * A backup run with the vault as its last source: the account sources run first, and the vault
 * then takes the BitLocker keys they read plus `extra` (an import), so one snapshot holds both.
 * After the commit the vault's emergency copy is written.
 */
export async function backupWithVault(archive: Archive, sources: BackupSource[], opts: BackupOptions & { extra?: VaultAdditions } = {}): Promise<BackupResult & { vault: VaultData | null; vaultReport: MergeReport | null }> {
  // Archives without OTP accounts or keys get no vault source at all (not even an empty one).
  const extra = opts.extra ?? {};
  const wanted =
    (extra.otp?.length ?? 0) > 0 ||
    (extra.bitlocker?.length ?? 0) > 0 ||
    Object.keys(extra.counters ?? {}).length > 0 ||
    sources.some(contributes) ||
    (await archive.snapshots()).snapshots.some((s) => s.data.complete && s.data.sources[VAULT_SOURCE] !== undefined);
  if (!wanted) {
    const r = await runBackup(archive, sources, opts);
    return { ...r, vault: null, vaultReport: null };
  }
  const vaultSource = new VaultSource(() => ({
    otp: opts.extra?.otp ?? [],
    counters: opts.extra?.counters ?? {},
    bitlocker: [...(opts.extra?.bitlocker ?? []), ...sources.filter(contributes).flatMap((s) => s.vaultKeys())],
  }));
  const keep = opts.keepSources ? [...opts.keepSources, VAULT_SOURCE] : undefined;
  const r = await runBackup(archive, [...sources, vaultSource], { ...opts, keepSources: keep });
  const vault = vaultSource.result?.vault ?? null;
  const report = vaultSource.result?.report;
  const changed = report ? report.addedOtp + report.addedKeys + report.updatedKeys + report.updatedCounters > 0 : false;
  if (vault && !r.interrupted && (vault.otp.length > 0 || vault.bitlocker.length > 0) && (changed || !(await hasEmergencyVault(archive)))) await writeEmergencyVault(archive, vault);
  return { ...r, vault, vaultReport: vaultSource.result?.report ?? null };
}
