// onedrive/** → the drive, files and folders as they are (file times become fileSystemInfo).
// Two conventions mark what OneDrive treats specially:
//   - a top-level folder named "Personal Vault" (personal accounts) becomes the Vault: listed, but
//     its content unreachable through the API;
//   - a folder holding a "*.onetoc2" file (how an exported OneNote notebook looks on disk) becomes
//     a OneNote notebook package, which cannot be downloaded.
// A file containing the EICAR test signature is flagged as malware.
import { promises as fsp } from "node:fs";
import path from "node:path";
import type { DriveStore } from "../graph/drive-store.js";
import { listDir } from "./seed-files.js";

export const VAULT_FOLDER_NAME = "Personal Vault";

async function isNotebook(dir: string): Promise<boolean> {
  return (await listDir(dir)).some((e) => !e.isDir && e.name.toLowerCase().endsWith(".onetoc2"));
}

export async function seedDrive(drive: DriveStore, onedriveDir: string): Promise<number> {
  let files = 0;
  const walk = async (dir: string, drivePath: string, concealed: boolean): Promise<void> => {
    for (const e of await listDir(dir)) {
      const full = path.join(dir, e.name);
      const itemPath = `${drivePath}/${e.name}`;
      if (e.isDir) {
        if (drivePath === "" && e.name === VAULT_FOLDER_NAME && drive.driveType === "personal") {
          drive.ensureVault(e.name);
          await walk(full, itemPath, true);
        } else if (!concealed && (await isNotebook(full))) {
          const st = await fsp.stat(full);
          drive.addNotebook(itemPath, { modifiedAt: st.mtimeMs });
        } else {
          drive.ensureFolder(itemPath);
          await walk(full, itemPath, concealed);
        }
        continue;
      }
      const st = await fsp.stat(full);
      drive.addFile(itemPath, await fsp.readFile(full), { modifiedAt: Math.floor(st.mtimeMs), createdAt: Math.floor(st.birthtimeMs || st.mtimeMs) });
      files += 1;
    }
  };
  await walk(onedriveDir, "", false);
  return files;
}
