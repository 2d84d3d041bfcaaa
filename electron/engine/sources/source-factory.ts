import type { SourceConfig } from "../../../shared/archive-types.js";
import type { BackupSource } from "../backup/backup-source.js";
import { FolderSource } from "./folder/folder-source.js";

/** Turns a configured source into the object that backs it up. Providers register here later. */
export function createSource(cfg: SourceConfig): BackupSource {
  switch (cfg.kind) {
    case "folder":
      return new FolderSource(cfg.name, cfg.path);
  }
}
