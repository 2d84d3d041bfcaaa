// The kind of volume a key unlocks, from however a source spells it: Graph's enum names and numbers,
// the names Lifeboat's own .TXT footer writes, PowerShell's `VolumeType`, the account page's drive
// codes (OSV, FDV, RDV), and manage-bde's localised "[OS Volume]" brackets.

import type { BitLockerVolumeType } from "../../../../shared/vault-types.js";

const EXACT: Record<string, BitLockerVolumeType> = {
  // Graph volumeType (names, and the numbers older responses used).
  operatingsystemvolume: "operatingSystem",
  fixeddatavolume: "fixedData",
  removabledatavolume: "removableData",
  unknownfuturevalue: "unknown",
  "1": "operatingSystem",
  "2": "fixedData",
  "3": "removableData",
  // Lifeboat's own names (vault, BitLockerKey) and the words its .TXT footer writes.
  operatingsystem: "operatingSystem",
  fixeddata: "fixedData",
  removabledata: "removableData",
  unknown: "unknown",
  "operating system volume": "operatingSystem",
  "fixed data volume": "fixedData",
  "removable data volume": "removableData",
  // The Microsoft account's recovery-key page, column "Drive".
  osv: "operatingSystem",
  fdv: "fixedData",
  rdv: "removableData",
};

/** A source's spelling of the volume type, or undefined when it is not one of the known ones. */
export function volumeTypeFrom(value: unknown): BitLockerVolumeType | undefined {
  if (typeof value === "number" && Number.isInteger(value)) return EXACT[String(value)];
  if (typeof value !== "string") return undefined;
  return EXACT[value.trim().toLowerCase().replace(/\s+/g, " ")];
}

/**
 * PowerShell's BitLockerVolumeType is only "OperatingSystem" or "Data"; whether a data volume is
 * fixed or removable comes from the drive type (System.IO.DriveType: "Fixed", "Removable"), which
 * the local reader adds. "Data" alone stays "unknown" rather than a guess.
 */
export function volumeTypeFromPowerShell(volumeType: unknown, driveType?: unknown): BitLockerVolumeType | undefined {
  const v = typeof volumeType === "string" ? volumeType.trim().toLowerCase() : "";
  const d = typeof driveType === "string" ? driveType.trim().toLowerCase() : "";
  if (v === "operatingsystem") return "operatingSystem";
  if (v === "data") return d === "removable" ? "removableData" : d === "fixed" ? "fixedData" : "unknown";
  return volumeTypeFrom(volumeType);
}

// manage-bde -status prints the type in brackets after the volume's label: "[OS Volume]",
// "[Data Volume]", and in other languages e.g. "[Volume du système d'exploitation]",
// "[Betriebssystemvolume]", "[Volumen del sistema operativo]". A bracket is taken as a type only
// when it names a volume, because the first bracket is the volume's own label, and Dell names the
// Windows partition "OS".
const VOLUME_WORD = /volume|volumen|wolumin|том/iu;
const OS_WORDS = /\bOS\b|operating system|système d.exploitation|betriebssystem|sistema operativo|besturingssysteem|systemu operacyjnego|операционной системы/iu;
const DATA_WORDS = /\bdata\b|données|daten|\bdatos\b|\bdati\b|gegevens|\bdados\b|danych|данных/iu;

export function volumeTypeFromBracket(bracket: string): BitLockerVolumeType | undefined {
  if (!VOLUME_WORD.test(bracket)) return undefined;
  if (OS_WORDS.test(bracket)) return "operatingSystem";
  if (DATA_WORDS.test(bracket)) return "unknown";
  return undefined;
}
