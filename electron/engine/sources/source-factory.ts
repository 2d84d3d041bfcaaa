import type { SourceConfig } from "../../../shared/archive-types.js";
import type { BackupSource } from "../backup/backup-source.js";
import { LifeboatError } from "../errors.js";
import type { MicrosoftSourceOptions } from "../providers/microsoft/microsoft-source-factory.js";
import type { SecretStore } from "../secrets/secret-store.js";
import { FolderSource } from "./folder/folder-source.js";

export interface SourceDeps {
  /** The OS keychain; account sources keep their sign-in there. Null when it is switched off. */
  secrets: SecretStore | null;
  signal?: AbortSignal;
  onWait?: MicrosoftSourceOptions["onWait"];
}

/** Turns a configured source into the object that backs it up. */
export async function createSource(cfg: SourceConfig, deps: SourceDeps): Promise<BackupSource> {
  switch (cfg.kind) {
    case "folder":
      return new FolderSource(cfg.name, cfg.path);
    case "microsoft": {
      if (!deps.secrets) {
        return failingSource(cfg.name, "microsoft", cfg.account.username ?? cfg.name, new LifeboatError("Microsoft accounts keep their sign-in in the OS keychain, which is switched off (LIFEBOAT_NO_KEYCHAIN=1). Run with the keychain available.", 4, "needs-sign-in"));
      }
      // Loaded on demand: MSAL and the calendar/contact converters are large, and a folder-only
      // archive never needs them.
      const { createMicrosoftSource } = await import("../providers/microsoft/microsoft-source-factory.js");
      return createMicrosoftSource(cfg, { secrets: deps.secrets, signal: deps.signal, onWait: deps.onWait });
    }
  }
}

/** A source that cannot run this time: the orchestrator keeps all its previous items. */
function failingSource(name: string, kind: string, location: string, err: Error): BackupSource {
  return {
    name,
    kind,
    location,
    run: () => Promise.reject(err),
  };
}
