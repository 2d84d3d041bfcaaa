import type { CatalogEntry } from "../../../../../shared/archive-types.js";
import type { BitLockerKey, BitLockerVolumeType } from "../../../../../shared/vault-types.js";
import { GraphError } from "../graph/graph-error.js";
import type { GraphClient } from "../graph/graph-client.js";
import type { KindContext, KindSync } from "../kind-sync.js";
import { safeSegment } from "../item-names.js";

interface RecoveryKey {
  id: string;
  createdDateTime?: string;
  volumeType?: string | number;
  deviceId?: string;
  key?: string;
}

export interface BitLockerCursor {
  v: 1;
}

const VOLUME_TYPES: Record<string, string> = { "1": "operating system volume", "2": "fixed data volume", "3": "removable data volume", operatingSystemVolume: "operating system volume", fixedDataVolume: "fixed data volume", removableDataVolume: "removable data volume", operatingSystem: "operating system volume", fixedData: "fixed data volume", removableData: "removable data volume" };

export const PERSONAL_BITLOCKER_ADVICE =
  "Microsoft offers no API for the BitLocker recovery keys of personal accounts. Open https://aka.ms/myrecoverykey, save the keys shown there, and bring them in with `lifeboat bitlocker import FILE`.";

/** The text Windows writes when it saves a recovery key to a file, so the restored file is familiar. */
export function recoveryKeyText(k: RecoveryKey): string {
  const lines = [
    "BitLocker Drive Encryption recovery key",
    "",
    "To verify that this is the correct recovery key, compare the start of the following identifier with the identifier value displayed on your PC.",
    "",
    "Identifier:",
    "",
    `\t${k.id.toUpperCase()}`,
    "",
    "If the above identifier matches the one displayed by your PC, then use the following key to unlock your drive.",
    "",
    "Recovery Key:",
    "",
    `\t${k.key ?? ""}`,
    "",
    "If the above identifier doesn't match the one displayed by your PC, then this isn't the right key to unlock your drive.",
    "Try another recovery key, or refer to https://go.microsoft.com/fwlink/?LinkID=260589 for additional assistance.",
    "",
    `(Saved by Lifeboat from Microsoft Entra ID: device ${k.deviceId ?? "unknown"}, ${VOLUME_TYPES[String(k.volumeType)] ?? "volume type " + String(k.volumeType ?? "unknown")}, created ${k.createdDateTime ?? "unknown"}.)`,
    "",
  ];
  return lines.join("\r\n");
}

/**
 * BitLocker recovery keys escrowed in a work or school account (Graph has them for those only).
 * A key never changes, so a key already in the archive is not fetched again: each `$select=key`
 * read is an audited event in the tenant, and should happen once per key, not once per run.
 */
const VAULT_VOLUME: Record<string, BitLockerVolumeType> = { "1": "operatingSystem", "2": "fixedData", "3": "removableData", operatingSystemVolume: "operatingSystem", fixedDataVolume: "fixedData", removableDataVolume: "removableData" };

export class BitLockerSync implements KindSync<BitLockerCursor> {
  readonly kind = "bitlocker";
  /** Keys read in this run, for the vault (which keeps every key ever seen). */
  readonly fetched: BitLockerKey[] = [];

  /**
   * `graph` carries tokens with the BitLocker permission (asked for separately, see
   * microsoft-scopes.ts); null with `unavailable` saying why when the account does not have it.
   */
  constructor(
    private readonly graph: GraphClient | null,
    private readonly unavailable?: string,
  ) {}

  async run(ctx: KindContext, _cursor: BitLockerCursor | undefined): Promise<BitLockerCursor> {
    const { run } = ctx;
    if (ctx.accountKind === "personal") {
      run.skip("bitlocker", PERSONAL_BITLOCKER_ADVICE);
      return { v: 1 };
    }
    const graph = this.graph;
    if (!graph) {
      for (const e of ctx.previousEntries()) run.reuse(e);
      run.skip("bitlocker", this.unavailable ?? "BitLocker keys are not being read for this account.");
      return { v: 1 };
    }
    const prev = new Map<string, CatalogEntry[]>();
    for (const e of ctx.previousEntries()) {
      const id = e.state?.keyId;
      if (typeof id === "string") prev.set(id, [...(prev.get(id) ?? []), e]);
    }
    const keys: RecoveryKey[] = [];
    try {
      for await (const page of graph.pages<RecoveryKey>("/informationProtection/bitlocker/recoveryKeys")) keys.push(...page.value);
    } catch (err) {
      if (err instanceof GraphError && err.status === 403) {
        run.skip("bitlocker", `This account may not read BitLocker keys (${err.code}): it needs an administrator's consent to BitLockerKey.Read.All and must own the devices. Keep the keys some other way, e.g. \`lifeboat bitlocker import\`.`);
        for (const list of prev.values()) for (const e of list) run.reuse(e);
        return { v: 1 };
      }
      throw err;
    }
    ctx.plan(keys.filter((k) => !prev.has(k.id)).length, 0);
    for (const meta of keys) {
      const base = `bitlocker/${safeSegment(meta.deviceId ?? "unknown-device")}-${safeSegment(meta.id)}`;
      const had = prev.get(meta.id);
      if (had) {
        for (const e of had) run.reuse(e);
        continue;
      }
      try {
        const full = await graph.json<RecoveryKey & { value?: RecoveryKey }>(`/informationProtection/bitlocker/recoveryKeys/${encodeURIComponent(meta.id)}?$select=key`);
        // The docs' example wraps the entity in "value"; a plain entity GET does not. Accept both.
        const k: RecoveryKey = { ...meta, ...(full.value && typeof full.value === "object" ? full.value : full) };
        if (!k.key) throw new GraphError(200, "malformedResponse", "Graph returned the recovery key object without its key.");
        const state = { keyId: k.id, deviceId: k.deviceId ?? "" };
        const m = { device: k.deviceId ?? "", keyId: k.id, created: k.createdDateTime ?? "" };
        this.fetched.push({ keyId: k.id.toUpperCase(), recoveryPassword: k.key, ...(k.deviceId ? { device: k.deviceId } : {}), volumeType: VAULT_VOLUME[String(k.volumeType)] ?? "unknown", ...(k.createdDateTime ? { created: k.createdDateTime } : {}), origin: "microsoft-account" });
        await run.addItem({ path: `${base}.txt`, type: "file", kind: "bitlocker-key", meta: m, state }, Buffer.from(recoveryKeyText(k)));
        await run.addItem({ path: `${base}.json`, type: "file", kind: "bitlocker-key-json", state }, Buffer.from(`${JSON.stringify(k, null, 2)}\n`));
      } catch (err) {
        if (err instanceof GraphError && err.status === 401) throw err;
        run.fail(`${base}.txt`, err);
      }
    }
    return { v: 1 };
  }
}
