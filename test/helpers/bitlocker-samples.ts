// BitLocker recovery key samples for the importer tests, written from the documented formats
// (research notes otp_bitlocker.md §2). The passwords and ids are the public examples listed there
// (libbde, dislocker, John the Ripper, Microsoft Docs, a CTF write-up), or made up here; none is a
// key of anyone's. English layouts follow real output quoted in the notes; the German and French
// manage-bde layouts follow real output quoted in public notes and MeshCentral's parser; the
// other translations of labels are best effort, which is why the parsers find keys by shape.

/** Research notes §2.1: valid recovery passwords, with where they come from. */
export const VALID_PASSWORDS: [string, string][] = [
  ["471207-278498-422125-177177-561902-537405-468006-693451", "libbde format documentation"],
  ["599907-126192-034078-378543-435050-262383-683309-100661", "libbde test image (libbde.ini)"],
  ["563200-557084-108284-218900-019151-415437-694144-239976", "dislocker man page"],
  ["111683-110022-683298-209352-468105-648483-571252-334455", "John the Ripper bitlocker test vector"],
  ["271733-258533-688985-480293-713394-034012-061963-682044", "Microsoft Docs, BitLocker on CSV (Windows Server 2022)"],
  ["132858-327525-689172-680790-354607-080454-642268-377564", "CTF write-up, saved .TXT"],
  ["531058-303050-716078-383614-460922-106975-083446-139161", "SuperUser, accepted by Add-BitLockerKeyProtector"],
];

/** Research notes §2.1: invalid ones, the first wrong group, and why. */
export const INVALID_PASSWORDS: { password: string; group: number; problem: string; source: string }[] = [
  { password: "123456-123456-123456-123456-123456-123456-123456-123456", group: 1, problem: "not-divisible-by-11", source: "SuperUser (0x80310035), '123456-123456-…'" },
  { password: "393943-22222-281721-555554-577984-77777-194700-99999", group: 2, problem: "not-6-digits", source: "AlchemyInsights redacted manage-bde sample" },
  { password: "123456-231453-873456-213546-654678-765689-123456-324565", group: 1, problem: "not-divisible-by-11", source: "Microsoft Graph docs dummy key" },
];

/** Ids paired with passwords in the research notes. */
export const CTF_ID = "AC9D5655-F7CA-4D1D-902F-1B6087118138";
export const CTF_PASSWORD = "132858-327525-689172-680790-354607-080454-642268-377564";
export const CSV_ID = "26935AC3-8B17-482D-BA3F-D373C7954D29";
export const CSV_PASSWORD = "271733-258533-688985-480293-713394-034012-061963-682044";

export const PW = VALID_PASSWORDS.map(([p]) => p) as [string, string, string, string, string, string, string];

/** The .TXT Windows writes: UTF-16LE with a BOM, CRLF line ends. */
export function utf16leBom(text: string): Buffer {
  return Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, "utf16le")]);
}

export function utf16beBom(text: string): Buffer {
  const le = Buffer.from(text, "utf16le");
  le.swap16();
  return Buffer.concat([Buffer.from([0xfe, 0xff]), le]);
}

export function crlf(lines: string[]): string {
  return lines.join("\r\n");
}

/**
 * The English .TXT as in the CTF write-up (research notes §2.3), with the trailing space after the
 * first line some copies show and a blank line at the end: that makes 673 characters, 1348 bytes
 * in UTF-16LE with BOM, which is the size the write-up lists for the real file.
 */
export function englishTxt(id: string, password: string): string {
  return crlf([
    "BitLocker Drive Encryption recovery key ",
    "",
    "To verify that this is the correct recovery key, compare the start of the following identifier with the identifier value displayed on your PC.",
    "",
    "Identifier:",
    "",
    `\t${id}`,
    "",
    "If the above identifier matches the one displayed by your PC, then use the following key to unlock your drive.",
    "",
    "Recovery Key:",
    "",
    `\t${password}`,
    "",
    "If the above identifier doesn't match the one displayed by your PC, then this isn't the right key to unlock your drive.",
    "Try another recovery key, or refer to https://go.microsoft.com/fwlink/?LinkID=260589 for additional assistance.",
    "",
    "",
  ]);
}

export function germanTxt(id: string, password: string): string {
  return crlf([
    "Wiederherstellungsschlüssel für die BitLocker-Laufwerkverschlüsselung ",
    "",
    "Um zu überprüfen, ob es sich um den richtigen Wiederherstellungsschlüssel handelt, vergleichen Sie den Beginn des folgenden Bezeichners mit dem auf dem PC angezeigten Bezeichnerwert.",
    "",
    "Bezeichner:",
    "",
    `\t${id}`,
    "",
    "Falls der obige Bezeichner mit dem auf dem PC angezeigten Bezeichner übereinstimmt, sollten Sie den folgenden Schlüssel zum Entsperren des Laufwerks verwenden.",
    "",
    "Wiederherstellungsschlüssel:",
    "",
    `\t${password}`,
    "",
    "Falls der obige Bezeichner nicht mit dem auf dem PC angezeigten Bezeichner übereinstimmt, ist dies nicht der richtige Schlüssel zum Entsperren des Laufwerks.",
    "Versuchen Sie es mit einem anderen Wiederherstellungsschlüssel, oder finden Sie unter https://go.microsoft.com/fwlink/?LinkID=260589 weitere Hilfe.",
    "",
  ]);
}

export function frenchTxt(id: string, password: string): string {
  return crlf([
    "Clé de récupération du Chiffrement de lecteur BitLocker ",
    "",
    "Pour vérifier qu’il s’agit de la bonne clé de récupération, comparez le début de l’identificateur suivant avec la valeur de l’identificateur affichée sur votre PC.",
    "",
    "Identificateur :",
    "",
    `\t${id}`,
    "",
    "Si l’identificateur ci-dessus correspond à celui affiché par votre PC, utilisez la clé suivante pour déverrouiller votre lecteur.",
    "",
    "Clé de récupération :",
    "",
    `\t${password}`,
    "",
    "Si l’identificateur ci-dessus ne correspond pas à celui affiché par votre PC, cette clé ne permet pas de déverrouiller votre lecteur.",
    "Essayez une autre clé de récupération ou consultez https://go.microsoft.com/fwlink/?LinkID=260589 pour obtenir de l’aide.",
    "",
  ]);
}

export function spanishTxt(id: string, password: string): string {
  return crlf([
    "Clave de recuperación de Cifrado de unidad BitLocker ",
    "",
    "Para comprobar que esta es la clave de recuperación correcta, compare el comienzo del siguiente identificador con el valor del identificador que se muestra en el equipo.",
    "",
    "Identificador:",
    "",
    `\t${id}`,
    "",
    "Si el identificador anterior coincide con el que se muestra en el equipo, use la siguiente clave para desbloquear la unidad.",
    "",
    "Clave de recuperación:",
    "",
    `\t${password}`,
    "",
    "Si el identificador anterior no coincide con el que se muestra en el equipo, esta no es la clave correcta para desbloquear la unidad.",
    "Pruebe con otra clave de recuperación o consulte https://go.microsoft.com/fwlink/?LinkID=260589 para obtener ayuda adicional.",
    "",
  ]);
}

/** Windows 7 wrote the 8-digit id and the full one (from memory of the format; not in the notes). */
export function windows7Txt(id: string, password: string): string {
  return crlf([
    "BitLocker Drive Encryption Recovery Key",
    "",
    "The recovery key is used to recover the data on a BitLocker protected drive.",
    "",
    "To verify that this is the correct recovery key compare the identification with what is presented on the recovery screen.",
    "",
    `Recovery key identification: ${id.slice(0, 8)}`,
    `Full recovery key identification: ${id}`,
    "",
    "BitLocker Recovery Key:",
    password,
    "",
  ]);
}

export const MANAGE_BDE_EN = [
  "BitLocker Drive Encryption: Configuration Tool version 10.0.19041",
  "Copyright (C) 2013 Microsoft Corporation. All rights reserved.",
  "",
  "Volume C: [OS]",
  "All Key Protectors",
  "",
  "    TPM:",
  "      ID: {8A5D13D6-7ED9-46C8-A74F-AC3ADF016EC8}",
  "      PCR Validation Profile:",
  "        7, 11",
  "        (Uses Secure Boot for integrity validation)",
  "",
  "    Numerical Password:",
  "      ID: {DFA26333-5A0B-402C-9C1E-A8C40AF3B2D7}",
  "      Password:",
  `        ${PW[0]}`,
  "      Backup type:",
  "        Microsoft account backup",
  "",
  "BitLocker Drive Encryption: Configuration Tool version 10.0.19041",
  "Copyright (C) 2013 Microsoft Corporation. All rights reserved.",
  "",
  "Volume D: [Data]",
  "All Key Protectors",
  "",
  "    Password:",
  "      ID: {9FFF4471-E895-46A4-A69F-9D3856F78ED3}",
  "",
  "    Numerical Password:",
  "      ID: {DAC7EEA6-DD1F-4CA7-B68A-8A8B14D83866}",
  "      Password:",
  `        ${PW[1]}`,
  "",
  "    External Key:",
  "      ID: {08F750D7-0483-4F0E-847B-174119BD2896}",
  "      External Key File Name:",
  "        08F750D7-0483-4F0E-847B-174119BD2896.BEK",
  "",
].join("\r\n");

export const MANAGE_BDE_DE = [
  "BitLocker-Laufwerkverschlüsselung: Konfigurationstool, Version 10.0.26100",
  "Copyright (C) 2013 Microsoft Corporation. Alle Rechte vorbehalten.",
  "",
  'Volume "C:" [OS]',
  "Alle Schlüsselschutzvorrichtungen",
  "",
  "    TPM:",
  "      ID: {C32931A6-2CE5-43F4-89EC-3FCEA4FD3554}",
  "      PCR-Validierungsprofil:",
  "        7, 11",
  "        (Verwendet den sicheren Start für die Integritätsüberprüfung)",
  "",
  "    Numerisches Kennwort:",
  "      ID: {5E1F2A3B-4C5D-4E6F-8A9B-0C1D2E3F4A5B}",
  "      Kennwort:",
  `        ${PW[2]}`,
  "      Sicherungstyp:",
  "        Microsoft-Kontosicherung",
  "",
].join("\r\n");

export const MANAGE_BDE_FR = [
  "Chiffrement de lecteur BitLocker\u00a0: outil de configuration version 10.0.19041",
  "Copyright (C) 2013 Microsoft Corporation. Tous droits réservés.",
  "",
  "Volume C: [Windows]",
  "Tous les protecteurs de clés",
  "",
  "    TPM :",
  "      ID : {1B2C3D4E-5F60-4718-92A3-B4C5D6E7F809}",
  "",
  "    Mot de passe numérique :",
  "      ID : {0A1B2C3D-4E5F-4061-8273-94A5B6C7D8E9}",
  "      Mot de passe :",
  `        ${PW[3]}`,
  "",
  "Chiffrement de lecteur BitLocker\u00a0: outil de configuration version 10.0.19041",
  "Copyright (C) 2013 Microsoft Corporation. Tous droits réservés.",
  "",
  "Volume E: [Étiquette inconnue]",
  "Tous les protecteurs de clés",
  "",
  "    Mot de passe numérique :",
  "      ID : {F1E2D3C4-B5A6-4978-8695-A4B3C2D1E0F9}",
  "      Mot de passe :",
  `        ${PW[4]}`,
  "",
].join("\r\n");

/** Spanish, with a locked volume whose numerical password is listed without digits. */
export const MANAGE_BDE_ES = [
  "Cifrado de unidad BitLocker: versión de la herramienta de configuración 10.0.19041",
  "Copyright (C) 2013 Microsoft Corporation. Todos los derechos reservados.",
  "",
  "Volumen C: [Windows]",
  "Todos los protectores de clave",
  "",
  "    Contraseña numérica:",
  "      Id.:      {3C4D5E6F-7A8B-4C9D-AE0F-1A2B3C4D5E6F}",
  "      Contraseña:",
  `        ${PW[5]}`,
  "",
  "Volumen E: [Etiqueta desconocida]",
  "Todos los protectores de clave",
  "",
  "    Contraseña:",
  "      Id.:      {9FFF4471-E895-46A4-A69F-9D3856F78ED3}",
  "      Salt:     9f 0a ba 66 70 c6 cb 0c b0 75 d4 84 f0 ad 68 34",
  "",
  "    Contraseña numérica:",
  "      Id.:      {DAC7EEA6-DD1F-4CA7-B68A-8A8B14D83866}",
  "      Salt:     69 24 b5 21 f3 1c 8d 4e 97 b3 c0 86 36 a0 56 0a",
  "",
].join("\r\n");

/** Research notes §2.5: the AlchemyInsights sample (redacted id, invalid password). */
export const MANAGE_BDE_ALCHEMY = [
  "Volume C: []",
  "All Key Protectors",
  "    TPM:",
  "      ID: {8A5D13D6-7ED9-46C8-A74F-AC3ADF016EC8}",
  "      PCR Validation Profile:",
  "        0, 2, 4, 8, 9, 10, 11",
  "    Numerical Password:",
  "      ID: {DFA26333-XXXX-402C-YYYY-A8C40AF3ZZZZ}",
  "      Password:",
  "        393943-22222-281721-555554-577984-77777-194700-99999",
].join("\n");

/** Research notes §2.6: `(Get-BitLockerVolume).KeyProtector` as Microsoft Docs shows it. */
export const GET_BLV_DOCS = [
  "KeyProtectorId : {26935AC3-8B17-482D-BA3F-D373C7954D29}",
  "AutoUnlockProtector :",
  "KeyProtectorType : RecoveryPassword",
  "KeyFileName :",
  `RecoveryPassword : ${CSV_PASSWORD}`,
  "KeyCertificateType :",
  "Thumbprint :",
  "",
  "KeyProtectorId : {F03EB4C1-073C-4E41-B43E-B9298B6B27EC}",
  "AutoUnlockProtector :",
  "KeyProtectorType : ExternalKey",
  "KeyFileName : F03EB4C1-073C-4E41-B43E-B9298B6B27EC.BEK",
  "RecoveryPassword :",
  "KeyCertificateType :",
  "Thumbprint :",
].join("\r\n");

function volumeRecord(computer: string, mount: string, type: string, lock = "Unlocked"): string[] {
  return [
    `ComputerName         : ${computer}`,
    `MountPoint           : ${mount}`,
    "EncryptionMethod     : XtsAes128",
    "AutoUnlockEnabled    :",
    "AutoUnlockKeyStored  : False",
    "MetadataVersion      : 2",
    "VolumeStatus         : FullyEncrypted",
    "ProtectionStatus     : On",
    `LockStatus           : ${lock}`,
    "EncryptionPercentage : 100",
    "WipePercentage       : 0",
    `VolumeType           : ${type}`,
    "CapacityGB           : 237.85",
    "KeyProtector         : {Tpm, RecoveryPassword}",
  ];
}

function protectorRecord(id: string, type: string, password = ""): string[] {
  return [
    `KeyProtectorId      : {${id}}`,
    "AutoUnlockProtector :",
    `KeyProtectorType    : ${type}`,
    "KeyFileName         :",
    `RecoveryPassword    :${password ? ` ${password}` : ""}`,
    "KeyCertificateType  :",
    "Thumbprint          :",
  ];
}

/**
 * `Get-BitLockerVolume | % { $_ | fl *; $_.KeyProtector | fl }` on a PC with three volumes: each
 * volume's record, then its protectors (PowerShell's list output starts and ends with blank lines).
 */
export const GET_BLV_INTERLEAVED = [
  "",
  "",
  ...volumeRecord("DESKTOP-7H3K2LQ", "C:", "OperatingSystem"),
  "",
  ...protectorRecord("4E5F6A7B-8C9D-4EAF-B0C1-D2E3F4A5B6C7", "Tpm"),
  "",
  ...protectorRecord("A1B2C3D4-E5F6-4A7B-8C9D-0E1F2A3B4C5D", "RecoveryPassword", PW[0]),
  "",
  "",
  ...volumeRecord("DESKTOP-7H3K2LQ", "D:", "Data"),
  "",
  ...protectorRecord("B2C3D4E5-F6A7-4B8C-9D0E-1F2A3B4C5D6E", "RecoveryPassword", PW[1]),
  "",
  ...protectorRecord("C3D4E5F6-A7B8-4C9D-8E1F-2A3B4C5D6E7F", "ExternalKey"),
  "",
  "",
  ...volumeRecord("DESKTOP-7H3K2LQ", "E:", "Data", "Locked"),
  "",
  ...protectorRecord("D4E5F6A7-B8C9-4DAE-9F20-3B4C5D6E7F80", "RecoveryPassword"),
  "",
  "",
].join("\r\n");

/** `Get-BitLockerVolume | Select-Object ComputerName,MountPoint,VolumeType -ExpandProperty KeyProtector | fl` */
export const GET_BLV_EXPANDED = [
  "",
  "",
  "ComputerName        : SURFACE-MALIK",
  "MountPoint          : C:",
  "VolumeType          : OperatingSystem",
  ...protectorRecord("E5F6A7B8-C9D0-4E1F-A2B3-C4D5E6F7A8B9", "RecoveryPassword", PW[2]),
  "",
  "ComputerName        : SURFACE-MALIK",
  "MountPoint          : F:",
  "VolumeType          : Data",
  ...protectorRecord("F6A7B8C9-D0E1-4F2A-B3C4-D5E6F7A8B9C0", "RecoveryPassword", PW[3]),
  "",
  "",
].join("\r\n");

/** `Get-BitLockerVolume | fl; (Get-BitLockerVolume).KeyProtector | fl`: volumes first, then all protectors. */
export const GET_BLV_VOLUMES_FIRST = [
  ...volumeRecord("DESKTOP-7H3K2LQ", "C:", "OperatingSystem"),
  "",
  ...volumeRecord("DESKTOP-7H3K2LQ", "D:", "Data"),
  "",
  ...protectorRecord("A1B2C3D4-E5F6-4A7B-8C9D-0E1F2A3B4C5D", "RecoveryPassword", PW[0]),
  "",
  ...protectorRecord("B2C3D4E5-F6A7-4B8C-9D0E-1F2A3B4C5D6E", "RecoveryPassword", PW[1]),
  "",
].join("\r\n");

/** A narrow console: Format-List wraps the password onto the next line, indented to the value column. */
export const GET_BLV_WRAPPED = [
  "KeyProtectorId      : {26935AC3-8B17-482D-BA3F-D373C7954D29}",
  "KeyProtectorType    : RecoveryPassword",
  `RecoveryPassword    : ${CSV_PASSWORD.slice(0, 35)}`,
  `                      ${CSV_PASSWORD.slice(35)}`,
  "",
].join("\r\n");

/**
 * What Lifeboat's local reader's elevated script writes, as Windows PowerShell 5.1's ConvertTo-Json
 * formats it (4-space indents, two spaces after the colon, nested arrays aligned under their key).
 */
export const READER_OUTPUT_PS51 = `[
    {
        "ComputerName":  "DESKTOP-7H3K2LQ",
        "MountPoint":  "C:",
        "VolumeType":  "OperatingSystem",
        "DriveType":  "Fixed",
        "VolumeStatus":  "FullyEncrypted",
        "LockStatus":  "Unlocked",
        "KeyProtector":  [
                             {
                                 "KeyProtectorId":  "{4E5F6A7B-8C9D-4EAF-B0C1-D2E3F4A5B6C7}",
                                 "KeyProtectorType":  "Tpm",
                                 "RecoveryPassword":  ""
                             },
                             {
                                 "KeyProtectorId":  "{A1B2C3D4-E5F6-4A7B-8C9D-0E1F2A3B4C5D}",
                                 "KeyProtectorType":  "RecoveryPassword",
                                 "RecoveryPassword":  "${PW[0]}"
                             }
                         ]
    },
    {
        "ComputerName":  "DESKTOP-7H3K2LQ",
        "MountPoint":  "E:",
        "VolumeType":  "Data",
        "DriveType":  "Removable",
        "VolumeStatus":  "FullyEncrypted",
        "LockStatus":  "Unlocked",
        "KeyProtector":  [
                             {
                                 "KeyProtectorId":  "{B2C3D4E5-F6A7-4B8C-9D0E-1F2A3B4C5D6E}",
                                 "KeyProtectorType":  "RecoveryPassword",
                                 "RecoveryPassword":  "${PW[1]}"
                             }
                         ]
    },
    {
        "ComputerName":  "DESKTOP-7H3K2LQ",
        "MountPoint":  "F:",
        "VolumeType":  "Data",
        "DriveType":  "Fixed",
        "VolumeStatus":  "FullyEncrypted",
        "LockStatus":  "Locked",
        "KeyProtector":  [
                             {
                                 "KeyProtectorId":  "{D4E5F6A7-B8C9-4DAE-9F20-3B4C5D6E7F80}",
                                 "KeyProtectorType":  "RecoveryPassword",
                                 "RecoveryPassword":  ""
                             }
                         ]
    },
    {
        "ComputerName":  "DESKTOP-7H3K2LQ",
        "MountPoint":  "G:",
        "VolumeType":  "Data",
        "DriveType":  "Fixed",
        "VolumeStatus":  "FullyEncrypted",
        "LockStatus":  "Unlocked",
        "KeyProtector":  [
                             {
                                 "KeyProtectorId":  "{C3D4E5F6-A7B8-4C9D-8E1F-2A3B4C5D6E7F}",
                                 "KeyProtectorType":  "Password",
                                 "RecoveryPassword":  ""
                             }
                         ]
    },
    {
        "ComputerName":  "DESKTOP-7H3K2LQ",
        "MountPoint":  "\\\\\\\\?\\\\Volume{0e9c3a4f-0000-0000-0000-100000000000}\\\\",
        "VolumeType":  "Data",
        "DriveType":  "",
        "VolumeStatus":  "FullyDecrypted",
        "LockStatus":  "Unlocked",
        "KeyProtector":  [

                         ]
    }
]`;

/** A single Graph key as GET …/recoveryKeys/{id}?$select=key returns it. */
export const GRAPH_SINGLE = JSON.stringify({
  "@odata.context": "https://graph.microsoft.com/v1.0/$metadata#informationProtection/bitlocker/recoveryKeys(key)/$entity",
  id: "b465e4e8-e4e8-b465-e8e4-65b4e8e465b4",
  createdDateTime: "2020-06-15T13:44:26Z",
  volumeType: "operatingSystemVolume",
  deviceId: "1ab40ab2-32a8-4b00-b828-1e6a2a2a2a2a",
  key: PW[0],
});

/** A page of the list (no keys: the list never returns them) mixed with two read keys. */
export const GRAPH_PAGE = JSON.stringify({
  "@odata.context": "https://graph.microsoft.com/v1.0/$metadata#informationProtection/bitlocker/recoveryKeys",
  value: [
    { id: "c1d2e3f4-0000-4000-8000-000000000001", createdDateTime: "2021-01-02T03:04:05Z", volumeType: "fixedDataVolume", deviceId: "dev-1", key: PW[1] },
    { id: "c1d2e3f4-0000-4000-8000-000000000002", createdDateTime: "2021-02-03T04:05:06Z", volumeType: 3, deviceId: "dev-1", key: PW[2] },
    { id: "c1d2e3f4-0000-4000-8000-000000000003", createdDateTime: "2021-03-04T05:06:07Z", volumeType: "operatingSystemVolume", deviceId: "dev-2" },
  ],
});

/** The account page as a table copied from the browser (tab-separated, a header row, en-US dates). */
export const PASTED_TABLE_EN = [
  "BitLocker recovery keys",
  "Device name\tKey ID\tRecovery key\tDrive\tKey upload date",
  `DESKTOP-7H3K2LQ\tA1B2C3D4\t${PW[0]}\tOSV\t3/14/2024 10:01:22 AM`,
  `DESKTOP-7H3K2LQ\t0F1E2D3C\t${PW[1]}\tFDV\t3/14/2024 2:15:07 PM`,
  `Malik's Surface\t9A8B7C6D\t${PW[2]}\tRDV\t11/2/2023 9:00:00 AM`,
].join("\n");

/** The same table copied one cell per line (what some browsers produce). */
export const PASTED_CELLS_EN = [
  "BitLocker recovery keys",
  "Device name",
  "Key ID",
  "Recovery key",
  "Drive",
  "Key upload date",
  "DESKTOP-7H3K2LQ",
  "A1B2C3D4",
  PW[0],
  "OSV",
  "3/14/2024 10:01:22 AM",
  "Malik's Surface",
  "9A8B7C6D",
  PW[2],
  "RDV",
  "11/2/2023 9:00:00 AM",
].join("\r\n");

/** A German account, card layout: the device once, then its keys as "Label: value" lines. */
export const PASTED_CARDS_DE = [
  "BitLocker-Wiederherstellungsschlüssel",
  "",
  "Gerätename: LAPTOP-ANNA",
  "Schlüssel-ID: 5C6D7E8F",
  `Wiederherstellungsschlüssel: ${PW[3]}`,
  "Laufwerk: OSV",
  "Datum des Schlüsseluploads: 03.04.2024 08:30:00",
  "",
  "Schlüssel-ID: 6D7E8F90",
  `Wiederherstellungsschlüssel: ${PW[4]}`,
  "Laufwerk: FDV",
  "Datum des Schlüsseluploads: 05.04.2024 18:45:10",
].join("\n");

/** A French account, label lines per key, d/m/y dates. */
export const PASTED_LABELS_FR = [
  "Clés de récupération BitLocker",
  "Nom de l’appareil : PC-SALON",
  "ID de clé : 7E8F9012",
  `Clé de récupération : ${PW[5]}`,
  "Lecteur : OSV",
  "Date de chargement de la clé : 04/03/2024 09:12:00",
].join("\n");
