// PowerShell's BitLocker module (research notes §2.6): `Get-BitLockerVolume` volumes and their
// `KeyProtector` objects, as list output (`| Format-List`, or what `(Get-BitLockerVolume C:).KeyProtector`
// prints by default) or as JSON (`| ConvertTo-Json`, which is what Lifeboat's local reader uses).
// Property names are not translated, so this format is read by its names:
//
//   ComputerName : DESKTOP-1                     KeyProtectorId      : {26935AC3-…}
//   MountPoint   : C:                            KeyProtectorType    : RecoveryPassword
//   VolumeType   : OperatingSystem               RecoveryPassword    : 271733-258533-…
//   LockStatus   : Unlocked
//
// `Select-Object MountPoint, … -ExpandProperty KeyProtector` puts both in one record.

import type { SkippedEntry } from "../../../../shared/vault-types.js";
import { KeyCollector, entryName, type BitLockerParseResult, type KeyCandidate } from "./key-collector.js";
import { splitLines } from "./text-scan.js";
import { volumeTypeFromPowerShell } from "./volume-type.js";

export const GET_BITLOCKERVOLUME_ORIGIN = "get-bitlockervolume";

type PsRecord = Map<string, string>;

const PROPERTY_LINE = /^([A-Za-z][A-Za-z0-9_]*)\s*:(?:\s(.*))?$/;
const PROTECTOR_FIELDS = ["KeyProtectorId", "KeyProtectorType", "RecoveryPassword"];
const VOLUME_FIELDS = ["MountPoint"];

/** Records of "Name : Value" lines separated by blank lines; wrapped values are joined back. */
export function parsePowerShellList(text: string): PsRecord[] {
  const records: PsRecord[] = [];
  let current: PsRecord | undefined;
  let last: string | undefined;
  for (const raw of splitLines(text)) {
    const line = raw.replace(/\s+$/, "");
    if (line.trim() === "") {
      current = undefined;
      last = undefined;
      continue;
    }
    const m = PROPERTY_LINE.exec(line);
    if (m) {
      if (!current) records.push((current = new Map()));
      last = m[1] ?? "";
      current.set(last.toLowerCase(), (m[2] ?? "").trim());
    } else if (current && last !== undefined && /^\s/.test(raw)) {
      // Format-List wraps a long value onto lines indented to the value column.
      const key = last.toLowerCase();
      current.set(key, `${current.get(key) ?? ""}${line.trim()}`);
    } else {
      current = undefined;
      last = undefined;
    }
  }
  return records;
}

function has(r: PsRecord, fields: string[]): boolean {
  return fields.some((f) => r.has(f.toLowerCase()));
}

function get(r: PsRecord, field: string): string | undefined {
  const v = r.get(field.toLowerCase());
  return v === undefined || v === "" ? undefined : v;
}

/** True when the text is list output with protector (or volume) records. */
export function looksLikeGetBitLockerVolume(text: string): boolean {
  return /^\s*(KeyProtectorId|KeyProtectorType|RecoveryPassword)\s*:/m.test(text) && /^\s*(KeyProtectorId|MountPoint)\s*:/m.test(text);
}

interface VolumeInfo {
  computer?: string | undefined;
  mountPoint?: string | undefined;
  volumeType?: string | undefined;
  driveType?: string | undefined;
  lockStatus?: string | undefined;
}

interface ProtectorInfo {
  id?: string | undefined;
  type?: string | undefined;
  password?: string | undefined;
}

function volumeName(v: VolumeInfo): string {
  return [v.computer, v.mountPoint].filter(Boolean).join(" ") || "a volume";
}

function collect(collector: KeyCollector, volume: VolumeInfo | undefined, protectors: ProtectorInfo[], where: (i: number) => string): void {
  let found = 0;
  protectors.forEach((p, i) => {
    const base: Omit<KeyCandidate, "password"> = { where: where(i) };
    if (p.id) base.keyId = p.id;
    if (volume?.computer) base.device = volume.computer;
    if (volume?.mountPoint) base.volume = /^[A-Za-z]:\\?$/.test(volume.mountPoint) ? volume.mountPoint.slice(0, 2).toUpperCase() : volume.mountPoint;
    const vt = volume ? volumeTypeFromPowerShell(volume.volumeType, volume.driveType) : undefined;
    if (vt) base.volumeType = vt;
    if (p.password) {
      found++;
      collector.add({ ...base, password: p.password });
    } else if (p.type && /^(RecoveryPassword|NumericalPassword|3)$/i.test(p.type)) {
      collector.skip(entryName(base), "PowerShell listed this recovery password without its digits: the drive is locked, or PowerShell was not run as administrator.");
    }
  });
  if (volume && found === 0 && /^locked$/i.test(volume.lockStatus ?? "")) {
    collector.skip(volumeName(volume), "the drive is locked, so Windows does not show its recovery password: unlock it and read it again.");
  }
}

/** List output: volume records, protector records, or records with both. */
export function parseGetBitLockerVolumeList(text: string): BitLockerParseResult {
  const collector = new KeyCollector(GET_BITLOCKERVOLUME_ORIGIN);
  const records = parsePowerShellList(text).filter((r) => has(r, PROTECTOR_FIELDS) || has(r, VOLUME_FIELDS));
  const volumeOf = (r: PsRecord): VolumeInfo => ({
    computer: get(r, "ComputerName"),
    mountPoint: get(r, "MountPoint"),
    volumeType: get(r, "VolumeType"),
    driveType: get(r, "DriveType"),
    lockStatus: get(r, "LockStatus"),
  });
  const protectorOf = (r: PsRecord): ProtectorInfo => ({ id: get(r, "KeyProtectorId"), type: get(r, "KeyProtectorType"), password: get(r, "RecoveryPassword") });

  // A protector record belongs to the volume record before it only when the output interleaves
  // them (volume, its protectors, next volume…). `Get-BitLockerVolume | fl; (Get-BitLockerVolume).KeyProtector`
  // prints all volumes first: then only a single volume can be attributed.
  const kinds = records.map((r) => (has(r, PROTECTOR_FIELDS) ? (has(r, VOLUME_FIELDS) ? "both" : "protector") : "volume"));
  const volumeIdx = kinds.flatMap((k, i) => (k === "volume" ? [i] : []));
  const interleaved = volumeIdx.every((v, n) => n === 0 || kinds.slice(volumeIdx[n - 1]! + 1, v).includes("protector"));
  const single = volumeIdx.length === 1;

  const volumes = records.map((r, i) => (kinds[i] === "volume" ? volumeOf(r) : undefined));
  const only = single ? volumes[volumeIdx[0]!] : undefined;
  const groups = new Map<VolumeInfo | undefined, ProtectorInfo[]>();
  const add = (volume: VolumeInfo | undefined, protector?: ProtectorInfo): void => {
    const g = groups.get(volume) ?? [];
    if (protector) g.push(protector);
    groups.set(volume, g);
  };
  let owner: VolumeInfo | undefined;
  records.forEach((r, i) => {
    if (kinds[i] === "volume") {
      owner = volumes[i];
      add(owner);
    } else if (kinds[i] === "both") {
      add(volumeOf(r), protectorOf(r));
    } else {
      add(single ? only : interleaved ? owner : undefined, protectorOf(r));
    }
  });
  let n = 0;
  for (const [volume, protectors] of groups) collect(collector, volume, protectors, () => `protector ${++n}`);
  return collector.result();
}

// ---- JSON (ConvertTo-Json): enums come out as numbers unless the script cast them to strings. ----

function field(o: Record<string, unknown>, name: string): unknown {
  if (name in o) return o[name];
  const lower = name.toLowerCase();
  for (const [k, v] of Object.entries(o)) if (k.toLowerCase() === lower) return v;
  return undefined;
}

function text(value: unknown): string | undefined {
  if (typeof value === "string") return value.trim() || undefined;
  if (typeof value === "number" && Number.isFinite(value)) return String(value);
  return undefined;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function list(value: unknown): unknown[] {
  if (Array.isArray(value)) return value;
  return value === undefined || value === null ? [] : [value];
}

/** True for ConvertTo-Json output of volumes or protectors. */
export function looksLikeGetBitLockerVolumeJson(value: unknown): boolean {
  return list(isObject(value) && Array.isArray(field(value, "value")) ? field(value, "value") : value).some(
    (o) => isObject(o) && (field(o, "KeyProtector") !== undefined || field(o, "KeyProtectorId") !== undefined || field(o, "MountPoint") !== undefined),
  );
}

// PowerShell's KeyProtectorType enum as numbers (it mirrors WMI's GetKeyProtectors types): 3 is
// the numerical (recovery) password.
const PROTECTOR_TYPES: Record<string, string> = { "0": "Unknown", "1": "Tpm", "2": "ExternalKey", "3": "RecoveryPassword", "4": "TpmPin", "5": "TpmStartupKey", "6": "TpmPinStartupKey", "7": "PublicKey", "8": "Password", "9": "TpmNetworkKey", "10": "AdAccountOrGroup" };

export function parseGetBitLockerVolumeJson(value: unknown): BitLockerParseResult {
  const collector = new KeyCollector(GET_BITLOCKERVOLUME_ORIGIN);
  const items = list(isObject(value) && Array.isArray(field(value, "value")) ? field(value, "value") : value);
  let n = 0;
  const protectorOf = (p: Record<string, unknown>): ProtectorInfo => {
    const type = text(field(p, "KeyProtectorType"));
    return { id: text(field(p, "KeyProtectorId")), type: type === undefined ? undefined : (PROTECTOR_TYPES[type] ?? type), password: text(field(p, "RecoveryPassword")) };
  };
  for (const item of items) {
    if (!isObject(item)) continue;
    const hasVolume = field(item, "MountPoint") !== undefined || field(item, "KeyProtector") !== undefined;
    const volume: VolumeInfo | undefined = hasVolume
      ? {
          computer: text(field(item, "ComputerName")),
          mountPoint: text(field(item, "MountPoint")),
          // VolumeType as a number would be an enum whose values are not documented: left out.
          volumeType: typeof field(item, "VolumeType") === "string" ? text(field(item, "VolumeType")) : undefined,
          driveType: typeof field(item, "DriveType") === "string" ? text(field(item, "DriveType")) : undefined,
          lockStatus: typeof field(item, "LockStatus") === "string" ? text(field(item, "LockStatus")) : undefined,
        }
      : undefined;
    const protectors = hasVolume ? list(field(item, "KeyProtector")).filter(isObject).map(protectorOf) : [protectorOf(item)];
    collect(collector, volume, protectors, () => `protector ${++n}`);
  }
  return collector.result();
}

/** Volumes the local reader found encrypted but without any recovery password protector. */
export function volumesWithoutRecoveryPassword(value: unknown): SkippedEntry[] {
  const out: SkippedEntry[] = [];
  for (const item of list(value)) {
    if (!isObject(item)) continue;
    const status = text(field(item, "VolumeStatus")) ?? "";
    const locked = /^locked$/i.test(text(field(item, "LockStatus")) ?? "");
    const protectors = list(field(item, "KeyProtector")).filter(isObject);
    if (locked || status === "" || /^FullyDecrypted$/i.test(status) || protectors.some((p) => text(field(p, "RecoveryPassword")))) continue;
    const name = volumeName({ computer: text(field(item, "ComputerName")), mountPoint: text(field(item, "MountPoint")) });
    out.push({ name, reason: "BitLocker is on, but this drive has no recovery password, so there is nothing to back up. Add one (as administrator: `manage-bde -protectors -add <drive> -RecoveryPassword`) and read the keys again." });
  }
  return out;
}
