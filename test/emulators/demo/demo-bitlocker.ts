// BitLocker recovery keys of the demo account. The work account's devices are Entra-joined, so
// Graph holds their keys (research/microsoft.md §3.9): bitlockerRecoveryKey objects with id,
// createdDateTime, volumeType, deviceId and key. Graph gives no device name with a key, only its
// deviceId; the name comes from the directory's device object (GET /devices?$filter=deviceId eq
// '…'), so the seed carries those device objects too. Personal accounts have no BitLocker API:
// their keys reach Lifeboat as the .TXT file Windows saves, which the vault export includes.
import type { DemoRandom } from "./demo-random.js";

export type VolumeType = "operatingSystemVolume" | "fixedDataVolume" | "removableDataVolume";

export interface DemoDevice {
  /** Directory object id of the device. */
  objectId: string;
  /** The device's deviceId, which bitlockerRecoveryKey.deviceId refers to. */
  deviceId: string;
  displayName: string;
  manufacturer: string;
  model: string;
  operatingSystemVersion: string;
  registered: Date;
  /** The key protector id (bitlockerRecoveryKey.id). */
  keyId: string;
  volumeType: VolumeType;
  /** How a person names the volume ("system drive (C:)"). */
  volumeLabel: string;
  /** The 48-digit recovery password. */
  key: string;
  keyCreated: Date;
}

/**
 * A valid recovery password: eight 6-digit groups, each 11 × a 16-bit value (so divisible by 11
 * and below 720896), which is how BitLocker derives them from a random 128-bit key.
 */
export function recoveryPassword(rnd: DemoRandom): string {
  return Array.from({ length: 8 }, () => String(11 * rnd.int(0, 65535)).padStart(6, "0")).join("-");
}

export function workDevices(rnd: DemoRandom): DemoDevice[] {
  const device = (displayName: string, manufacturer: string, model: string, os: string, registered: Date, volumeType: VolumeType, volumeLabel: string): DemoDevice => ({
    objectId: rnd.guid(),
    deviceId: rnd.guid(),
    displayName,
    manufacturer,
    model,
    operatingSystemVersion: os,
    registered,
    keyId: rnd.guid(),
    volumeType,
    volumeLabel,
    key: recoveryPassword(rnd),
    keyCreated: new Date(registered.getTime() + 47 * 60_000),
  });
  return [
    device("CONTOSO-LT-0421", "Microsoft Corporation", "Surface Laptop 5", "10.0.22631.4460", new Date(Date.UTC(2023, 1, 14, 9, 12, 44)), "operatingSystemVolume", "system drive (C:)"),
    device("CONTOSO-WS-1187", "Dell Inc.", "OptiPlex 7010", "10.0.26100.2314", new Date(Date.UTC(2024, 4, 2, 13, 40, 5)), "fixedDataVolume", "data drive (D:)"),
  ];
}

const iso = (d: Date): string => d.toISOString().replace(/\.\d{3}Z$/, "Z");

/** The key as Graph returns it from GET /informationProtection/bitlocker/recoveryKeys/{id}?$select=key. */
export function recoveryKeyObject(d: DemoDevice): Record<string, string> {
  return {
    "@odata.type": "#microsoft.graph.bitlockerRecoveryKey",
    id: d.keyId,
    createdDateTime: iso(d.keyCreated),
    volumeType: d.volumeType,
    deviceId: d.deviceId,
    key: d.key,
  };
}

/** The directory's device object, the only place Graph names the device a key belongs to. */
export function deviceObject(d: DemoDevice): Record<string, string | boolean> {
  return {
    "@odata.type": "#microsoft.graph.device",
    id: d.objectId,
    deviceId: d.deviceId,
    displayName: d.displayName,
    operatingSystem: "Windows",
    operatingSystemVersion: d.operatingSystemVersion,
    manufacturer: d.manufacturer,
    model: d.model,
    trustType: "AzureAd",
    accountEnabled: true,
    isManaged: true,
    isCompliant: true,
    registrationDateTime: iso(d.registered),
  };
}

/**
 * The file Windows saves with "Back up your recovery key → Save to a file" (research
 * otp_bitlocker.md §2.3): UTF-16LE with a BOM, CRLF line ends, TAB-indented identifier and key.
 */
export function recoveryKeyTxt(keyId: string, key: string): Buffer {
  const text = [
    "BitLocker Drive Encryption recovery key",
    "",
    "To verify that this is the correct recovery key, compare the start of the following identifier with the identifier value displayed on your PC.",
    "",
    "Identifier:",
    "",
    `\t${keyId.toUpperCase()}`,
    "",
    "If the above identifier matches the one displayed by your PC, then use the following key to unlock your drive.",
    "",
    "Recovery Key:",
    "",
    `\t${key}`,
    "",
    "If the above identifier doesn't match the one displayed by your PC, then this isn't the right key to unlock your drive.",
    "Try another recovery key, or refer to https://go.microsoft.com/fwlink/?LinkID=260589 for additional assistance.",
    "",
  ].join("\r\n");
  return Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, "utf16le")]);
}
