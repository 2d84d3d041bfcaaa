import type { Command } from "commander";
import { tokenCacheEntryName } from "../../engine/providers/microsoft/auth/keychain-cache-plugin.js";
import { sourceStatuses } from "../../engine/backup/source-status.js";
import type { SourceStatus } from "../../../shared/archive-types.js";
import type { CliContext } from "../cli-context.js";
import { localTime, table } from "../format.js";

/** Each configured source's health, from the archive's snapshots (`status` adds runs and failures). */
async function statusesOf(c: CliContext): Promise<SourceStatus[]> {
  const configs = await c.settings.sources(await c.archivePath());
  const archive = await c.open();
  return sourceStatuses(configs, (await archive.snapshots()).snapshots);
}

export function registerSources(program: Command, ctx: () => CliContext): void {
  program
    .command("sources")
    .description("each source with its kind, state and last good copy")
    .action(async () => {
      const c = ctx();
      const statuses = await statusesOf(c);
      c.result(statuses, () =>
        statuses.length === 0
          ? "No sources yet. Add one with: lifeboat add folder PATH"
          : table([["NAME", "KIND", "STATE", "LAST GOOD COPY", "LOCATION"], ...statuses.map((s) => [s.name, s.kind, s.state, s.lastGoodCopy ? localTime(s.lastGoodCopy) : "never", s.location])]),
      );
    });
  program
    .command("remove <source>")
    .description("stop backing up a source (its data stays in older snapshots)")
    .action(async (name: string) => {
      const c = ctx();
      const archive = await c.archivePath();
      const cfg = (await c.settings.sources(archive)).find((s) => s.name === name);
      await c.settings.removeSource(archive, name);
      // An account's sign-in goes with it: nothing of it stays in the keychain.
      let signedOut = false;
      const kc = c.keychain();
      if (cfg?.kind === "microsoft" && kc) signedOut = await kc.delete(tokenCacheEntryName(cfg.account.id)).catch(() => false);
      c.result(cfg?.kind === "microsoft" ? { removed: name, signedOut } : { removed: name }, `Removed source "${name}"${signedOut ? " and its sign-in" : ""}. Its data stays in the existing snapshots until they are pruned.`);
    });
}
