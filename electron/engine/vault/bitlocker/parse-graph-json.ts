// Microsoft Graph bitlockerRecoveryKey objects (research notes §2.9): `{ id, createdDateTime,
// volumeType, deviceId, key }`, one object (GET …/recoveryKeys/{id}?$select=key, which is also the
// `.json` the Microsoft provider stores next to each `.txt`), an array, or a `{ value: [...] }`
// page (the docs' example even wraps a single key in "value"). Also reads Lifeboat's own shape
// (`keyId`, `recoveryPassword`, as in vault.json and `bitlocker list --json --show-secrets`).

import { KeyCollector, entryName, type BitLockerParseResult, type KeyCandidate } from "./key-collector.js";
import { volumeTypeFrom } from "./volume-type.js";

export const GRAPH_ORIGIN = "graph";

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function str(value: unknown): string | undefined {
  return typeof value === "string" && value.trim() !== "" ? value.trim() : undefined;
}

function isGraphKey(o: Record<string, unknown>): boolean {
  return typeof o.id === "string" && ("key" in o || "deviceId" in o || "volumeType" in o || "createdDateTime" in o);
}

function isLifeboatKey(o: Record<string, unknown>): boolean {
  return typeof o.keyId === "string" && "recoveryPassword" in o;
}

/** The key objects in whatever wrapping the JSON has. */
function keyObjects(value: unknown): Record<string, unknown>[] {
  if (Array.isArray(value)) return value.flatMap((v) => keyObjects(v));
  if (!isObject(value)) return [];
  if (isGraphKey(value) || isLifeboatKey(value)) return [value];
  const inner = value.value ?? value.bitlocker ?? value.keys;
  return inner === undefined ? [] : keyObjects(inner);
}

/** "lifeboat-json" when every key object is in Lifeboat's shape, else "graph". */
export function graphJsonFormat(value: unknown): "graph" | "lifeboat-json" {
  const objects = keyObjects(value);
  return objects.length > 0 && objects.every(isLifeboatKey) ? "lifeboat-json" : "graph";
}

/** True when the parsed JSON holds Graph recovery keys (or Lifeboat's BitLocker keys). */
export function looksLikeGraphJson(value: unknown): boolean {
  return keyObjects(value).length > 0;
}

function created(value: unknown): string | undefined {
  const s = str(value);
  return s && !Number.isNaN(Date.parse(s)) ? s : undefined;
}

export function parseGraphJson(value: unknown): BitLockerParseResult {
  const collector = new KeyCollector(GRAPH_ORIGIN);
  keyObjects(value).forEach((o, i) => {
    const lifeboat = isLifeboatKey(o);
    const base: Omit<KeyCandidate, "password"> = { where: `entry ${i + 1}` };
    const id = str(lifeboat ? o.keyId : o.id);
    if (id) base.keyId = id;
    const device = str(lifeboat ? o.device : o.deviceId);
    if (device) base.device = device;
    const volume = lifeboat ? str(o.volume) : undefined;
    if (volume) base.volume = volume;
    const volumeType = volumeTypeFrom(o.volumeType);
    if (volumeType) base.volumeType = volumeType;
    const when = created(lifeboat ? o.created : o.createdDateTime);
    if (when) base.created = when;
    const password = str(lifeboat ? o.recoveryPassword : o.key);
    if (!password) {
      collector.skip(
        entryName(base),
        lifeboat
          ? "this entry has no recovery password (it was listed without --show-secrets)."
          : "Graph lists recovery keys without the key itself: it comes only from GET /informationProtection/bitlocker/recoveryKeys/{id}?$select=key.",
      );
      return;
    }
    const key = collector.add({ ...base, password });
    // Lifeboat's own entries say where they first came from; keep that.
    const origin = lifeboat ? str(o.origin) : undefined;
    if (key && origin) key.origin = origin;
  });
  return collector.result();
}
