// mail/<folder path>/*.eml → the mailbox. Directory nesting is folder nesting; a top-level name
// such as "Inbox", "Sent Items" or "sentitems" means the well-known folder; an optional
// folder.json ({"hidden": true}) makes a hidden folder; an optional "<file>.eml.json" sidecar sets
// the Outlook state MIME does not carry (isRead, flag, categories, importance, receivedDateTime).
// The .eml bytes are stored untouched and served by $value.
import { promises as fsp } from "node:fs";
import path from "node:path";
import { z } from "zod";
import type { MailStore } from "../graph/mail-store.js";
import { listDir, readJsonIfPresent } from "./seed-files.js";

const FolderJson = z.object({ hidden: z.boolean().optional() });

const MessageJson = z.object({
  isRead: z.boolean().optional(),
  flag: z
    .object({
      flagStatus: z.enum(["notFlagged", "flagged", "complete"]),
      startDateTime: z.object({ dateTime: z.string(), timeZone: z.string() }).optional(),
      dueDateTime: z.object({ dateTime: z.string(), timeZone: z.string() }).optional(),
      completedDateTime: z.object({ dateTime: z.string(), timeZone: z.string() }).optional(),
    })
    .optional(),
  categories: z.array(z.string()).optional(),
  importance: z.enum(["low", "normal", "high"]).optional(),
  receivedDateTime: z.string().optional(),
});

export async function seedMail(mail: MailStore, mailDir: string): Promise<number> {
  let count = 0;
  const walk = async (dir: string, folderPath: string): Promise<void> => {
    const folderJson = await readJsonIfPresent(path.join(dir, "folder.json"), FolderJson);
    const folderId = folderPath === "" ? undefined : mail.ensureFolderPath(folderPath, folderJson?.hidden !== undefined ? { hidden: folderJson.hidden } : {});
    for (const e of await listDir(dir)) {
      const full = path.join(dir, e.name);
      if (e.isDir) {
        await walk(full, folderPath ? `${folderPath}/${e.name}` : e.name);
        continue;
      }
      if (!e.name.toLowerCase().endsWith(".eml")) continue;
      // Messages directly under mail/ (no folder) go to the Inbox.
      const target = folderId ?? "inbox";
      const sidecar = await readJsonIfPresent(`${full}.json`, MessageJson);
      const opts: Parameters<MailStore["addMessage"]>[2] = {};
      if (sidecar?.isRead !== undefined) opts.isRead = sidecar.isRead;
      if (sidecar?.flag) opts.flag = sidecar.flag;
      if (sidecar?.categories) opts.categories = sidecar.categories;
      if (sidecar?.importance) opts.importance = sidecar.importance;
      if (sidecar?.receivedDateTime) {
        const t = Date.parse(sidecar.receivedDateTime);
        if (!Number.isFinite(t)) throw new Error(`${full}.json: receivedDateTime is not a date`);
        opts.receivedAt = t;
      }
      await mail.addMessage(target, await fsp.readFile(full), opts);
      count += 1;
    }
  };
  await walk(mailDir, "");
  return count;
}
