// bitlocker/*.json → recovery keys: each file holds one Graph bitlockerRecoveryKey object (with
// its "key"), an array of them, or a collection ({"value": [...]}).
import path from "node:path";
import { z } from "zod";
import type { BitLockerStore } from "../graph/bitlocker-store.js";
import { listDir, readJsonIfPresent } from "./seed-files.js";

const KeyJson = z.object({
  id: z.string().min(1),
  createdDateTime: z.string().optional(),
  volumeType: z.union([z.string(), z.number()]).optional(),
  deviceId: z.string().min(1),
  key: z.string().regex(/^\d{6}(-\d{6}){7}$/, "key must be 8 groups of 6 digits"),
});

const KeyFile = z.union([KeyJson, z.array(KeyJson), z.object({ value: z.array(KeyJson) })]);

export async function seedBitLocker(store: BitLockerStore, dir: string): Promise<number> {
  let count = 0;
  for (const e of await listDir(dir)) {
    if (e.isDir || !e.name.toLowerCase().endsWith(".json")) continue;
    const parsed = await readJsonIfPresent(path.join(dir, e.name), KeyFile);
    if (!parsed) continue;
    const keys = Array.isArray(parsed) ? parsed : "value" in parsed ? parsed.value : [parsed];
    for (const k of keys) {
      store.addKey(k);
      count += 1;
    }
  }
  return count;
}
