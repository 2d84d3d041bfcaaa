import { promises as fsp } from "node:fs";
import path from "node:path";
import type { Archive } from "../archive/archive.js";
import { vaultFileName } from "../archive/archive-layout.js";
import { writeOnce } from "../archive/durable-file.js";
import { encryptBytes } from "../crypto/age-bytes.js";
import { loadSnapshotEntries } from "../restore/restore-snapshot.js";
import { emptyVault, type VaultData } from "./vault-data.js";
import { VAULT_JSON, VAULT_SOURCE } from "./vault-source.js";

/** Emergency copies kept besides the newest (older ones are still inside older snapshots). */
const KEEP_EMERGENCY_COPIES = 3;

/** The vault of the newest complete snapshot (empty when there is none yet). */
export async function readVault(archive: Archive, ref = "latest"): Promise<VaultData> {
  const { snapshots } = await archive.snapshots();
  if (!snapshots.some((s) => s.data.complete)) return emptyVault();
  const { entries } = await loadSnapshotEntries(archive, ref);
  const e = entries.find((x) => x.source === VAULT_SOURCE && x.path === VAULT_JSON);
  if (!e) return emptyVault();
  const reader = await archive.reader();
  const bytes = Buffer.concat(await reader.readMany(e.content ?? []));
  return JSON.parse(bytes.toString("utf8")) as VaultData;
}

/**
 * Writes the vault on its own as `vault/<time>-<sha256>.json.age`: age-encrypted to the archive
 * recipient, so on the worst day `age -d -i identity.txt vault/<newest>` shows every OTP seed and
 * BitLocker key without Lifeboat, tar or jq. Write-once like every archive file; the oldest
 * copies beyond a few are removed (their content is in older snapshots anyway).
 */
export async function writeEmergencyVault(archive: Archive, vault: VaultData, now = new Date()): Promise<string> {
  const layout = archive.layout;
  const enc = await encryptBytes([archive.secrets.recipient], Buffer.from(`${JSON.stringify(vault, null, 2)}\n`));
  await fsp.mkdir(layout.vaultDir, { recursive: true });
  const written = await writeOnce(layout.tmpDir, layout.vaultDir, enc, (sha) => vaultFileName(now, sha));
  const all = (await fsp.readdir(layout.vaultDir)).filter((n) => n.endsWith(".json.age")).sort();
  for (const old of all.slice(0, Math.max(0, all.length - KEEP_EMERGENCY_COPIES))) {
    if (old !== path.basename(written.path)) await fsp.unlink(path.join(layout.vaultDir, old)).catch(() => undefined);
  }
  return written.path;
}

export async function hasEmergencyVault(archive: Archive): Promise<boolean> {
  const names = await fsp.readdir(archive.layout.vaultDir).catch(() => [] as string[]);
  return names.some((n) => n.endsWith(".json.age"));
}
