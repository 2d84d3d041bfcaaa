import { promises as fsp } from "node:fs";
import os from "node:os";
import path from "node:path";
import type { MicrosoftSourceConfig, SnapshotSummary } from "../../../shared/archive-types.js";
import { emulatedBrowser } from "../../../test/emulators/microsoft/emulated-user.js";
import { startMicrosoftEmulators } from "../../../test/emulators/microsoft/start-microsoft-emulators.js";
import { writeDemoSeed } from "../../../test/emulators/demo/write-demo-seed.js";
import { Archive } from "../../engine/archive/archive.js";
import { MARKER_FILE } from "../../engine/archive/archive-layout.js";
import { verifyArchive } from "../../engine/archive/verify.js";
import { LifeboatError } from "../../engine/errors.js";
import { addTrustedCaPem } from "../../engine/net/tls-trust.js";
import { newMicrosoftAccountSettings } from "../../engine/providers/microsoft/auth/new-account-settings.js";
import { createMicrosoftSource } from "../../engine/providers/microsoft/microsoft-source-factory.js";
import { loadSnapshotEntries, restoreSnapshot } from "../../engine/restore/restore-snapshot.js";
import { backupWithVault } from "../../engine/vault/vault-service.js";
import { MemorySecretStore } from "../../engine/secrets/memory-secret-store.js";
import type { CliContext } from "../cli-context.js";
import { compareAccountRestore, type AccountComparison } from "./compare-restore.js";
import { formatBytes } from "../format.js";
import { signInMicrosoft } from "../commands/add-microsoft.js";

const DEMO_PASSPHRASE = "lifeboat demo passphrase";

/** Items of one account in a snapshot, per part ("mail", "files"...). */
function countsByKind(entries: Array<{ source: string; path: string; type: string }>, source: string): Record<string, number> {
  const out: Record<string, number> = {};
  for (const e of entries) {
    if (e.source !== source || e.type !== "file") continue;
    const k = e.path.split("/")[0]!;
    out[k] = (out[k] ?? 0) + 1;
  }
  return out;
}

/**
 * `lifeboat demo`: the emulated Microsoft cloud with the built-in demo accounts (or a seed folder),
 * signed in through its pages as a user would, backed up, changed, backed up again, verified,
 * restored and compared.
 */
export async function runDemo(c: CliContext, o: { seed?: string }): Promise<void> {
  const work = await fsp.mkdtemp(path.join(os.tmpdir(), "lifeboat-demo-"));
  const root = path.resolve(c.opts.archive ?? path.join(work, "archive"));
  const passphrase = process.env.LIFEBOAT_PASSPHRASE ?? DEMO_PASSPHRASE;
  const say = (s: string): void => c.note(s);

  let seedDir: string;
  if (o.seed) {
    seedDir = path.resolve(o.seed);
    const st = await fsp.stat(path.join(seedDir, "microsoft")).catch(() => null);
    if (!st?.isDirectory()) throw new LifeboatError(`--seed ${o.seed} has no microsoft/ folder (see the seed layout in the README).`, 2, "usage");
    say(`1. Using the seed folder ${seedDir}`);
  } else {
    seedDir = path.join(work, "seed");
    const made = await writeDemoSeed(seedDir);
    say(`1. Wrote the built-in demo accounts: ${made.files} files, ${formatBytes(made.bytes)} in ${seedDir}`);
  }

  const emulators = await startMicrosoftEmulators({ seedDir });
  try {
    // Lifeboat trusts the emulators' local CA as it trusts Microsoft's; nothing else differs.
    addTrustedCaPem(emulators.caCertPem, "the emulators' local CA");
    say(`2. Started the Microsoft emulators: sign-in at ${emulators.authorityBase}, Graph at ${emulators.graphUrl}`);

    const existing = await fsp.stat(path.join(root, MARKER_FILE)).catch(() => null);
    let recoveryKey: string | null = null;
    let archive: Archive;
    if (existing) {
      archive = await c.open();
      say(`3. Opened the archive ${root}`);
    } else {
      const made = await Archive.init(root, passphrase, { scryptLogN: 16 });
      archive = made.archive;
      recoveryKey = made.recoveryKey;
      say(`3. Created an encrypted archive in ${root}`);
    }

    // The demo's sign-ins stay in memory: the accounts are emulated and vanish with the demo.
    const secrets = new MemorySecretStore();
    const configs: MicrosoftSourceConfig[] = [];
    for (const acct of emulators.accounts) {
      // The demo company's administrator has allowed Lifeboat to read BitLocker keys.
      if (acct.kind === "work") emulators.identity.grantAdminConsent(acct.tid, ["BitLockerKey.Read.All"]);
      const fresh = newMicrosoftAccountSettings({ authority: emulators.identity.authority("common"), graphEndpoint: emulators.graphUrl });
      const signed = await signInMicrosoft(fresh, secrets, { interactive: { openBrowser: emulatedBrowser({ address: acct.address, password: acct.password }, emulators.caCertPem) } }, true);
      configs.push({ name: signed.username ?? acct.address, kind: "microsoft", added: new Date().toISOString(), account: signed });
      say(`4. Signed in to ${signed.username} (${signed.accountKind === "work" ? "work/school" : "personal"}) through the emulator's sign-in and consent pages${signed.bitLocker === "granted" ? ", BitLocker keys allowed" : ""}`);
    }

    let vaultKeys = 0;
    const backup = async (label: string): Promise<SnapshotSummary> => {
      const progress = c.progress(label);
      const sources = configs.map((cfg) => createMicrosoftSource(cfg, { secrets }));
      const r = await backupWithVault(archive, sources, { onProgress: progress.update });
      progress.stop();
      vaultKeys = r.vault?.bitlocker.length ?? vaultKeys;
      for (const f of r.failed) say(`   FAILED ${f.source}/${f.path}: ${f.error}`);
      return r.snapshot;
    };
    emulators.graph.control.requests.reset();
    const first = await backup("first backup");
    const firstRequests = emulators.graph.control.requests.count();
    const { entries } = await loadSnapshotEntries(archive, first.id);
    say(`5. First backup: snapshot ${first.shortId}, ${first.stats.items} items, ${formatBytes(first.stats.bytes)} -> ${formatBytes(first.stats.newBytesStored)} stored, ${firstRequests} Graph requests`);
    for (const cfg of configs) {
      const k = countsByKind(entries, cfg.name);
      say(`   ${cfg.name}: ${Object.entries(k).map(([kind, n]) => `${kind} ${n}`).join(", ")}`);
      for (const s of first.sources[cfg.name]?.skipped ?? []) say(`   (skipped ${s.path}: ${s.reason})`);
    }
    if (vaultKeys > 0) say(`   vault: ${vaultKeys} BitLocker recovery keys, also readable in an emergency with one \`age -d\` (see FORMAT.md)`);

    // Life goes on in the account: new mail arrives, one is filed away, a file is renamed.
    const personal = emulators.store.list().find((a) => a.kind === "personal") ?? emulators.store.list()[0]!;
    const changed = configs.find((cfg) => cfg.name.toLowerCase() === personal.address.toLowerCase()) ?? configs[0]!;
    const inbox = personal.mail.messageIds("inbox");
    personal.mail.addGeneratedMessages("inbox", 3, { seed: "demo-second-run" });
    if (inbox[0]) personal.mail.moveMessage(inbox[0], "archive");
    // (a moved message is recognised by its immutable id: its MIME is not downloaded again)
    emulators.graph.control.requests.reset();
    const second = await backup("incremental backup");
    const res = second.sources[changed.name]!;
    say(`6. In ${changed.name} three new messages arrived and one was moved to Archive. Incremental backup of both accounts: ${res.newItems} new, ${res.changedItems} changed, ${res.unchangedItems} unchanged items, ${emulators.graph.control.requests.count()} Graph requests, ${formatBytes(second.stats.newBytesStored)} new data`);

    const v = await verifyArchive(archive, { level: "data" });
    say(`7. Full verify: ${v.ok ? "no damage" : "DAMAGE FOUND"} (${v.checkedFiles} files, ${v.checkedBlobs} pieces decrypted and checked)`);

    const out = path.join(work, "restored");
    const r = await restoreSnapshot(archive, first.id, out);
    const comparisons: AccountComparison[] = [];
    for (const cfg of configs) comparisons.push(await compareAccountRestore(path.join(seedDir, "microsoft", cfg.name), path.join(out, cfg.name), cfg.name));
    say(`8. Restored the first snapshot (${r.items} items) into ${out}:`);
    for (const cmp of comparisons) {
      say(`   ${cmp.account}: ${cmp.messages.identical}/${cmp.messages.seed} messages byte-identical, ${cmp.files.identical}/${cmp.files.seed} OneDrive files identical, ${cmp.calendars} calendars, ${cmp.contactBooks} address books, ${cmp.bitlockerKeys} BitLocker keys`);
    }
    await archive.close();
    const ok = v.ok && r.failed.length === 0 && comparisons.every((x) => x.messages.missing.length === 0 && x.files.missing.length === 0);
    c.result(
      { ok, archive: root, passphrase, recoveryKey, seed: seedDir, restoredTo: out, snapshots: [first, second], requests: { first: firstRequests }, verify: v, restore: comparisons },
      () =>
        [
          ok ? "Demo complete: both accounts were backed up, verified and restored exactly." : "Demo finished with problems (see above).",
          "",
          `Archive:      ${root}`,
          `Passphrase:   ${passphrase}`,
          ...(recoveryKey ? [`Recovery key: ${recoveryKey}`] : []),
          "",
          "Look inside it (the emulated accounts are gone, the archive stays):",
          `  export LIFEBOAT_ARCHIVE='${root}' LIFEBOAT_PASSPHRASE='${passphrase}'`,
          "  lifeboat snapshots",
          `  lifeboat ls latest '${configs[0]?.name ?? ""}/mail'`,
          "  lifeboat search invoice",
          "  lifeboat restore latest --to /tmp/my-restore",
          ...(recoveryKey ? ["Or without Lifeboat (age, tar, gzip and jq only):", `  echo '${recoveryKey}' > key.txt && sh recover.sh '${root}' key.txt /tmp/my-restore`] : []),
        ].join("\n"),
    );
    if (!ok) process.exitCode = 1;
  } finally {
    await emulators.close();
  }
}
