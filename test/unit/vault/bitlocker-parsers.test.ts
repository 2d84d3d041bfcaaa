// BitLocker key importers: the .TXT Windows saves (encodings, line ends, languages), manage-bde and
// Get-BitLockerVolume output, Graph JSON, the Microsoft account page, detection, and errors.
import assert from "node:assert/strict";
import { describe, test } from "node:test";
import type { BitLockerKey } from "../../../shared/vault-types.js";
import { BitLockerImportError, MAX_IMPORT_BYTES, detectBitLockerFormat, importBitLockerKeys, importBitLockerText } from "../../../electron/engine/vault/bitlocker/import-bitlocker-file.js";
import { decodeText } from "../../../electron/engine/vault/bitlocker/decode-text.js";
import { keyIdFromFileName } from "../../../electron/engine/vault/bitlocker/parse-windows-txt.js";
import { parseManageBde } from "../../../electron/engine/vault/bitlocker/parse-manage-bde.js";
import { parseGetBitLockerVolumeList, parsePowerShellList } from "../../../electron/engine/vault/bitlocker/parse-get-bitlockervolume.js";
import { parseGraphJson } from "../../../electron/engine/vault/bitlocker/parse-graph-json.js";
import { pageDate, parsePastedText } from "../../../electron/engine/vault/bitlocker/parse-pasted-text.js";
import { findPasswordCandidates } from "../../../electron/engine/vault/bitlocker/text-scan.js";
import { recoveryKeyText } from "../../../electron/engine/providers/microsoft/bitlocker/bitlocker-sync.js";
import {
  CSV_ID,
  CSV_PASSWORD,
  CTF_ID,
  CTF_PASSWORD,
  GET_BLV_DOCS,
  GET_BLV_EXPANDED,
  GET_BLV_INTERLEAVED,
  GET_BLV_VOLUMES_FIRST,
  GET_BLV_WRAPPED,
  GRAPH_PAGE,
  GRAPH_SINGLE,
  MANAGE_BDE_ALCHEMY,
  MANAGE_BDE_DE,
  MANAGE_BDE_EN,
  MANAGE_BDE_ES,
  MANAGE_BDE_FR,
  PASTED_CARDS_DE,
  PASTED_CELLS_EN,
  PASTED_LABELS_FR,
  PASTED_TABLE_EN,
  PW,
  READER_OUTPUT_PS51,
  englishTxt,
  frenchTxt,
  germanTxt,
  spanishTxt,
  utf16beBom,
  utf16leBom,
  windows7Txt,
} from "../../helpers/bitlocker-samples.js";

const WINDOWS_NAME = `BitLocker Recovery Key ${CTF_ID}.TXT`;

function only(keys: BitLockerKey[]): BitLockerKey {
  assert.equal(keys.length, 1, JSON.stringify(keys.map((k) => k.keyId)));
  return keys[0]!;
}

function rejects(fn: () => unknown, reason: string, re?: RegExp): BitLockerImportError {
  let caught: unknown;
  try {
    fn();
  } catch (err) {
    caught = err;
  }
  assert.ok(caught instanceof BitLockerImportError, `expected a BitLockerImportError, got ${String(caught)}`);
  assert.equal(caught.reason, reason, caught.message);
  if (re) assert.match(caught.message, re);
  return caught;
}

describe("the .TXT Windows saves", () => {
  test("UTF-16LE with BOM and CRLF, exactly as Windows writes it (1348 bytes like the real file)", () => {
    const bytes = utf16leBom(englishTxt(CTF_ID, CTF_PASSWORD));
    assert.equal(bytes.length, 1348);
    assert.deepEqual([...bytes.subarray(0, 4)], [0xff, 0xfe, 0x42, 0x00]);
    const r = importBitLockerKeys(bytes, WINDOWS_NAME);
    assert.equal(r.format, "windows-txt");
    assert.deepEqual(r.keys, [{ keyId: CTF_ID, recoveryPassword: CTF_PASSWORD, origin: "windows-txt" }]);
    assert.deepEqual(r.skipped, []);
  });

  const text = englishTxt(CSV_ID, CSV_PASSWORD);
  const encodings: [string, Buffer][] = [
    ["UTF-8 without BOM, CRLF", Buffer.from(text)],
    ["UTF-8 with BOM", Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(text)])],
    ["UTF-8, LF (re-saved on a Mac)", Buffer.from(text.replace(/\r\n/g, "\n"))],
    ["old Mac CR line ends", Buffer.from(text.replace(/\r\n/g, "\r"))],
    ["UTF-16BE with BOM", utf16beBom(text)],
    ["UTF-16LE without BOM", Buffer.from(text, "utf16le")],
    ["UTF-16LE with a byte cut off the end", utf16leBom(text).subarray(0, utf16leBom(text).length - 1)],
  ];
  for (const [name, bytes] of encodings) {
    test(name, () => {
      const r = importBitLockerKeys(bytes, "recovery.txt");
      assert.equal(r.format, "windows-txt");
      assert.deepEqual(only(r.keys), { keyId: CSV_ID, recoveryPassword: CSV_PASSWORD, origin: "windows-txt" });
    });
  }

  test("decodeText tells the encodings apart and keeps the labels' accents", () => {
    const de = germanTxt(CTF_ID, CTF_PASSWORD);
    assert.deepEqual({ ...decodeText(utf16leBom(de)), text: "" }, { text: "", encoding: "utf-16le", bom: true });
    assert.equal(decodeText(utf16leBom(de)).text, de);
    assert.equal(decodeText(utf16beBom(de)).text, de);
    assert.equal(decodeText(Buffer.from(de, "utf16le")).encoding, "utf-16le");
    assert.equal(decodeText(Buffer.from(de)).text, de);
    const ansi = decodeText(Buffer.from(de, "latin1"));
    assert.equal(ansi.encoding, "windows-1252");
    assert.equal(ansi.text, de);
  });

  const languages: [string, string][] = [
    ["German", germanTxt(CTF_ID, CTF_PASSWORD)],
    ["French", frenchTxt(CTF_ID, CTF_PASSWORD)],
    ["Spanish", spanishTxt(CTF_ID, CTF_PASSWORD)],
    ["Windows 7 layout (8-digit and full identification)", windows7Txt(CTF_ID, CTF_PASSWORD)],
  ];
  for (const [name, content] of languages) {
    test(name, () => {
      for (const bytes of [utf16leBom(content), Buffer.from(content), Buffer.from(content, "latin1")]) {
        const r = importBitLockerKeys(bytes, "key.txt");
        assert.equal(r.format, "windows-txt");
        assert.deepEqual(only(r.keys), { keyId: CTF_ID, recoveryPassword: CTF_PASSWORD, origin: "windows-txt" });
      }
    });
  }

  test("several saved files pasted together", () => {
    const all = [englishTxt(CTF_ID, CTF_PASSWORD), germanTxt(CSV_ID, CSV_PASSWORD), frenchTxt("E41062B6-9330-459D-BCF0-16A975AE27E2", PW[0])].join("\r\n");
    const r = importBitLockerText(all);
    assert.deepEqual(
      r.keys.map((k) => [k.keyId, k.recoveryPassword]),
      [
        [CTF_ID, CTF_PASSWORD],
        [CSV_ID, CSV_PASSWORD],
        ["E41062B6-9330-459D-BCF0-16A975AE27E2", PW[0]],
      ],
    );
  });

  test("the id comes from the file name when the content lost it; a cut-off name gives the 8-digit prefix", () => {
    const noId = englishTxt("", CTF_PASSWORD);
    assert.equal(only(importBitLockerKeys(Buffer.from(noId), WINDOWS_NAME).keys).keyId, CTF_ID);
    assert.equal(only(importBitLockerKeys(Buffer.from(noId), "BitLocker Recovery Key AC9D5655-F7CA-4D1D-902F.TXT").keys).keyId, "AC9D5655");
    assert.equal(keyIdFromFileName("C:\\Users\\zoë\\Desktop\\BitLocker-Wiederherstellungsschlüssel ac9d5655-f7ca-4d1d-902f-1b6087118138.TXT"), CTF_ID);
    assert.equal(keyIdFromFileName("notes.txt"), undefined);
  });

  test("a mistyped group in the file: nothing imported, the error names the group and not the digits", () => {
    const typo = CTF_PASSWORD.replace("689172", "689173");
    const err = rejects(() => importBitLockerKeys(utf16leBom(englishTxt(CTF_ID, typo)), WINDOWS_NAME), "invalid-password", /group 3 \(the third block of 6 digits\) fails its checksum/);
    assert.equal(err.group, 3);
    for (const g of typo.split("-")) assert.ok(!err.message.includes(g), err.message);
    assert.match(err.message, /BitLocker Recovery Key AC9D5655/, "names the file");
  });
});

describe("round trip of the Microsoft provider's .txt (recoveryKeyText)", () => {
  test("Graph key → .txt as the provider stores it → the same key with device, type and date", () => {
    const text = recoveryKeyText({ id: "b465e4e8-e4e8-b465-e8e4-65b4e8e465b4", key: PW[2], deviceId: "1ab40ab2-32a8-4b00-b828-1e6a2a2a2a2a", createdDateTime: "2020-06-15T13:44:26Z", volumeType: "fixedDataVolume" });
    const r = importBitLockerKeys(Buffer.from(text), "1ab40ab2-32a8-4b00-b828-1e6a2a2a2a2a-b465e4e8-e4e8-b465-e8e4-65b4e8e465b4.txt");
    assert.equal(r.format, "windows-txt");
    assert.deepEqual(only(r.keys), {
      keyId: "B465E4E8-E4E8-B465-E8E4-65B4E8E465B4",
      recoveryPassword: PW[2],
      device: "1ab40ab2-32a8-4b00-b828-1e6a2a2a2a2a",
      volumeType: "fixedData",
      created: "2020-06-15T13:44:26Z",
      origin: "windows-txt",
    });
  });

  test("the vault's restored files (vault names, unknown fields) read back, also several at once", () => {
    const vaultKeys: BitLockerKey[] = [
      { keyId: CTF_ID, recoveryPassword: CTF_PASSWORD, device: "Zoë's PC, upstairs", volumeType: "operatingSystem", created: "2024-03-14T10:01:22" },
      { keyId: CSV_ID, recoveryPassword: CSV_PASSWORD },
      { keyId: "0F1E2D3C", recoveryPassword: PW[1], volumeType: "removableData" },
    ];
    // As vault-files.ts renders them.
    const files = vaultKeys.map((k) => recoveryKeyText({ id: k.keyId, key: k.recoveryPassword, deviceId: k.device, createdDateTime: k.created, volumeType: k.volumeType }));
    for (const [i, file] of files.entries()) {
      const back = only(importBitLockerKeys(Buffer.from(file), `${vaultKeys[i]!.keyId}.txt`).keys);
      assert.deepEqual({ ...back, origin: undefined }, { ...vaultKeys[i], origin: undefined }, `file ${i}`);
    }
    const together = importBitLockerText(files.join(""));
    assert.deepEqual(
      together.keys.map((k) => [k.keyId, k.device, k.volumeType]),
      [
        [CTF_ID, "Zoë's PC, upstairs", "operatingSystem"],
        [CSV_ID, undefined, undefined],
        ["0F1E2D3C", undefined, "removableData"],
      ],
    );
  });
});

describe("manage-bde -protectors -get", () => {
  test("English, two volumes, several protector types: only numerical passwords are keys", () => {
    const r = importBitLockerText(MANAGE_BDE_EN);
    assert.equal(r.format, "manage-bde");
    assert.deepEqual(r.keys, [
      { keyId: "DFA26333-5A0B-402C-9C1E-A8C40AF3B2D7", recoveryPassword: PW[0], volume: "C:", origin: "manage-bde" },
      { keyId: "DAC7EEA6-DD1F-4CA7-B68A-8A8B14D83866", recoveryPassword: PW[1], volume: "D:", origin: "manage-bde" },
    ]);
    assert.deepEqual(r.skipped, []);
  });

  test("German (Volume \"C:\" [OS], Numerisches Kennwort, Sicherungstyp), as UTF-16LE from PowerShell 5's > redirection", () => {
    const r = importBitLockerKeys(utf16leBom(MANAGE_BDE_DE), "bde.txt");
    assert.equal(r.format, "manage-bde");
    assert.deepEqual(only(r.keys), { keyId: "5E1F2A3B-4C5D-4E6F-8A9B-0C1D2E3F4A5B", recoveryPassword: PW[2], volume: "C:", origin: "manage-bde" });
  });

  test("French (ID :, Mot de passe numérique :, no-break space in the banner), two volumes", () => {
    const r = importBitLockerKeys(Buffer.from(MANAGE_BDE_FR), "bde.txt");
    assert.deepEqual(
      r.keys.map((k) => [k.keyId, k.volume, k.recoveryPassword]),
      [
        ["0A1B2C3D-4E5F-4061-8273-94A5B6C7D8E9", "C:", PW[3]],
        ["F1E2D3C4-B5A6-4978-8695-A4B3C2D1E0F9", "E:", PW[4]],
      ],
    );
  });

  test("Spanish (Volumen, Id.:): a locked volume's numerical password without digits is reported, not invented", () => {
    const r = parseManageBde(MANAGE_BDE_ES);
    assert.deepEqual(
      r.keys.map((k) => [k.keyId, k.volume]),
      [["3C4D5E6F-7A8B-4C9D-AE0F-1A2B3C4D5E6F", "C:"]],
    );
    assert.equal(r.skipped.length, 1);
    assert.equal(r.skipped[0]!.name, "key DAC7EEA6-DD1F-4CA7-B68A-8A8B14D83866 (E:)");
    assert.match(r.skipped[0]!.reason, /without its digits.*locked.*administrator/);
  });

  test("with -status output around it: the volume type is picked up from the bracket that names a volume", () => {
    const text = ["Volume C: [Windows]", "[OS Volume]", "", MANAGE_BDE_EN.split("\r\n").slice(4).join("\r\n")].join("\r\n");
    const r = parseManageBde(text);
    assert.equal(r.keys[0]!.volumeType, "operatingSystem");
    const fr = parseManageBde(MANAGE_BDE_FR.replace("Volume C: [Windows]", "Volume C: [Windows ] [Volume du système d’exploitation]"));
    assert.equal(fr.keys[0]!.volumeType, "operatingSystem");
    assert.equal(parseManageBde(MANAGE_BDE_DE).keys[0]!.volumeType, undefined, 'the label "[OS]" is a label, not a type');
  });

  test("the research notes' AlchemyInsights sample: a redacted id and an invalid password → error at group 2", () => {
    const err = rejects(() => importBitLockerText(MANAGE_BDE_ALCHEMY), "invalid-password", /group 2 .*has 5 digits/);
    assert.equal(err.group, 2);
  });

  test("without its indentation (pasted into a chat and back) it still reads", () => {
    const flat = MANAGE_BDE_EN.split("\r\n").map((l) => l.trim()).join("\n");
    assert.deepEqual(
      importBitLockerText(flat).keys.map((k) => k.keyId),
      ["DFA26333-5A0B-402C-9C1E-A8C40AF3B2D7", "DAC7EEA6-DD1F-4CA7-B68A-8A8B14D83866"],
    );
  });
});

describe("Get-BitLockerVolume", () => {
  test("the research notes' sample: RecoveryPassword protector imported, ExternalKey ignored", () => {
    const r = importBitLockerText(GET_BLV_DOCS);
    assert.equal(r.format, "get-bitlockervolume");
    assert.deepEqual(r.keys, [{ keyId: CSV_ID, recoveryPassword: CSV_PASSWORD, origin: "get-bitlockervolume" }]);
    assert.deepEqual(r.skipped, []);
  });

  test("three volumes, each followed by its protectors: computer, mount point, type; a locked one reported", () => {
    const r = importBitLockerText(GET_BLV_INTERLEAVED);
    assert.deepEqual(r.keys, [
      { keyId: "A1B2C3D4-E5F6-4A7B-8C9D-0E1F2A3B4C5D", recoveryPassword: PW[0], device: "DESKTOP-7H3K2LQ", volume: "C:", volumeType: "operatingSystem", origin: "get-bitlockervolume" },
      { keyId: "B2C3D4E5-F6A7-4B8C-9D0E-1F2A3B4C5D6E", recoveryPassword: PW[1], device: "DESKTOP-7H3K2LQ", volume: "D:", volumeType: "unknown", origin: "get-bitlockervolume" },
    ]);
    assert.deepEqual(
      r.skipped.map((s) => s.name),
      ["key D4E5F6A7-B8C9-4DAE-9F20-3B4C5D6E7F80 (DESKTOP-7H3K2LQ E:)", "DESKTOP-7H3K2LQ E:"],
    );
    assert.match(r.skipped[1]!.reason, /locked/);
  });

  test("Select-Object … -ExpandProperty KeyProtector: volume fields in each protector record", () => {
    const r = importBitLockerText(GET_BLV_EXPANDED);
    assert.deepEqual(
      r.keys.map((k) => [k.keyId, k.device, k.volume, k.volumeType]),
      [
        ["E5F6A7B8-C9D0-4E1F-A2B3-C4D5E6F7A8B9", "SURFACE-MALIK", "C:", "operatingSystem"],
        ["F6A7B8C9-D0E1-4F2A-B3C4-D5E6F7A8B9C0", "SURFACE-MALIK", "F:", "unknown"],
      ],
    );
  });

  test("all volumes first, then all protectors: the keys, but no guess at which volume", () => {
    const r = parseGetBitLockerVolumeList(GET_BLV_VOLUMES_FIRST);
    assert.deepEqual(
      r.keys.map((k) => [k.keyId, k.volume]),
      [
        ["A1B2C3D4-E5F6-4A7B-8C9D-0E1F2A3B4C5D", undefined],
        ["B2C3D4E5-F6A7-4B8C-9D0E-1F2A3B4C5D6E", undefined],
      ],
    );
  });

  test("a password wrapped by a narrow console is joined back", () => {
    assert.deepEqual(parsePowerShellList(GET_BLV_WRAPPED)[0]?.get("recoverypassword"), CSV_PASSWORD);
    assert.equal(only(importBitLockerText(GET_BLV_WRAPPED).keys).recoveryPassword, CSV_PASSWORD);
  });

  test("ConvertTo-Json output (Windows PowerShell 5.1 formatting): removable drives told apart", () => {
    const r = importBitLockerText(READER_OUTPUT_PS51);
    assert.equal(r.format, "get-bitlockervolume");
    assert.deepEqual(
      r.keys.map((k) => [k.keyId, k.volume, k.volumeType]),
      [
        ["A1B2C3D4-E5F6-4A7B-8C9D-0E1F2A3B4C5D", "C:", "operatingSystem"],
        ["B2C3D4E5-F6A7-4B8C-9D0E-1F2A3B4C5D6E", "E:", "removableData"],
      ],
    );
  });

  test("ConvertTo-Json without string casts (enums as numbers; a single protector as an object)", () => {
    const json = JSON.stringify({ ComputerName: "PC", MountPoint: "C:", VolumeType: 0, KeyProtector: { KeyProtectorId: `{${CSV_ID}}`, KeyProtectorType: 3, RecoveryPassword: CSV_PASSWORD } });
    assert.deepEqual(only(importBitLockerText(json).keys), { keyId: CSV_ID, recoveryPassword: CSV_PASSWORD, device: "PC", volume: "C:", origin: "get-bitlockervolume" });
    const bare = JSON.stringify([{ KeyProtectorId: `{${CSV_ID}}`, KeyProtectorType: 3, RecoveryPassword: CSV_PASSWORD }]);
    assert.equal(only(importBitLockerText(bare).keys).keyId, CSV_ID);
  });
});

describe("Graph JSON", () => {
  test("a single key ($select=key), lower-case id normalised", () => {
    const r = importBitLockerText(GRAPH_SINGLE);
    assert.equal(r.format, "graph");
    assert.deepEqual(r.keys, [
      { keyId: "B465E4E8-E4E8-B465-E8E4-65B4E8E465B4", recoveryPassword: PW[0], device: "1ab40ab2-32a8-4b00-b828-1e6a2a2a2a2a", volumeType: "operatingSystem", created: "2020-06-15T13:44:26Z", origin: "graph" },
    ]);
  });

  test("{ value: [...] }: keys read, a listed key without its key reported with how to get it", () => {
    const r = importBitLockerText(GRAPH_PAGE);
    assert.deepEqual(
      r.keys.map((k) => [k.keyId, k.volumeType, k.device]),
      [
        ["C1D2E3F4-0000-4000-8000-000000000001", "fixedData", "dev-1"],
        ["C1D2E3F4-0000-4000-8000-000000000002", "removableData", "dev-1"],
      ],
    );
    assert.equal(r.skipped.length, 1);
    assert.match(r.skipped[0]!.reason, /\$select=key/);
  });

  test("an array, the docs' { value: {…} } wrapping, and the .json the Microsoft provider stores", () => {
    const one = JSON.parse(GRAPH_SINGLE) as Record<string, unknown>;
    assert.equal(importBitLockerText(JSON.stringify([one])).keys.length, 1);
    assert.equal(importBitLockerText(JSON.stringify({ value: one })).keys.length, 1);
    const provider = `${JSON.stringify({ id: "b465e4e8-e4e8-b465-e8e4-65b4e8e465b4", createdDateTime: "2020-06-15T13:44:26Z", volumeType: 1, deviceId: "d", key: PW[0] }, null, 2)}\n`;
    assert.deepEqual(only(importBitLockerKeys(Buffer.from(provider), "d-b465e4e8.json").keys).volumeType, "operatingSystem");
  });

  test("Lifeboat's own JSON (vault.json, bitlocker list --json --show-secrets) keeps its origin", () => {
    const vault = { version: 1, otp: [], bitlocker: [{ keyId: CTF_ID, recoveryPassword: CTF_PASSWORD, device: "PC", volume: "C:", origin: "manage-bde", added: "2024-01-01T00:00:00Z" }] };
    const r = importBitLockerText(JSON.stringify(vault));
    assert.equal(r.format, "lifeboat-json");
    assert.deepEqual(r.keys, [{ keyId: CTF_ID, recoveryPassword: CTF_PASSWORD, device: "PC", volume: "C:", origin: "manage-bde" }]);
    const listed = parseGraphJson([{ keyId: CTF_ID, device: "PC" }]);
    assert.equal(listed.keys.length, 0, "a listing without --show-secrets has no password");
  });

  test("a Graph key whose key is mistyped points at the group", () => {
    const bad = JSON.stringify({ id: CSV_ID, key: CSV_PASSWORD.replace("713394", "713395") });
    assert.equal(rejects(() => importBitLockerText(bad), "invalid-password").group, 5);
  });
});

describe("text copied from the Microsoft account's recovery-key page", () => {
  test("a table with a header row (tab-separated), US dates with AM/PM", () => {
    const r = importBitLockerText(PASTED_TABLE_EN);
    assert.equal(r.format, "pasted");
    assert.deepEqual(r.keys, [
      { keyId: "A1B2C3D4", recoveryPassword: PW[0], device: "DESKTOP-7H3K2LQ", volumeType: "operatingSystem", created: "2024-03-14T10:01:22", origin: "pasted" },
      { keyId: "0F1E2D3C", recoveryPassword: PW[1], device: "DESKTOP-7H3K2LQ", volumeType: "fixedData", created: "2024-03-14T14:15:07", origin: "pasted" },
      { keyId: "9A8B7C6D", recoveryPassword: PW[2], device: "Malik's Surface", volumeType: "removableData", created: "2023-11-02T09:00:00", origin: "pasted" },
    ]);
  });

  test("the same table copied one cell per line", () => {
    const r = importBitLockerText(PASTED_CELLS_EN);
    assert.deepEqual(
      r.keys.map((k) => [k.keyId, k.device, k.volumeType, k.created]),
      [
        ["A1B2C3D4", "DESKTOP-7H3K2LQ", "operatingSystem", "2024-03-14T10:01:22"],
        ["9A8B7C6D", "Malik's Surface", "removableData", "2023-11-02T09:00:00"],
      ],
    );
  });

  test("German card layout: the device once for its keys, day-first dates", () => {
    const r = parsePastedText(PASTED_CARDS_DE);
    assert.deepEqual(
      r.keys.map((k) => [k.keyId, k.device, k.volumeType, k.created]),
      [
        ["5C6D7E8F", "LAPTOP-ANNA", "operatingSystem", "2024-04-03T08:30:00"],
        ["6D7E8F90", "LAPTOP-ANNA", "fixedData", "2024-04-05T18:45:10"],
      ],
    );
  });

  test("French labels (curly apostrophe, space before the colon), d/m/y", () => {
    assert.deepEqual(only(importBitLockerText(PASTED_LABELS_FR).keys), {
      keyId: "7E8F9012",
      recoveryPassword: PW[5],
      device: "PC-SALON",
      volumeType: "operatingSystem",
      created: "2024-03-04T09:12:00",
      origin: "pasted",
    });
  });

  test("label layouts are not mistaken for a saved .TXT, though both say BitLocker and have ids", () => {
    assert.equal(importBitLockerText(PASTED_CARDS_DE).format, "pasted");
    const en = `BitLocker recovery keys\nDevice name: OFFICE-PC\nKey ID: A1B2C3D4\nRecovery key: ${PW[0]}\nDrive: C:\nKey upload date: 1/31/2024`;
    assert.deepEqual(only(importBitLockerText(en).keys), { keyId: "A1B2C3D4", recoveryPassword: PW[0], device: "OFFICE-PC", volume: "C:", created: "2024-01-31", origin: "pasted" });
  });

  test("a saved .TXT in a language the labels do not know is still read, by shape", () => {
    const ja = crlfJoin(["BitLocker ドライブ暗号化の回復キー", "", "回復キーの ID:", "", `\t${CTF_ID}`, "", "回復キー:", "", `\t${CTF_PASSWORD}`, ""]);
    const r = importBitLockerKeys(utf16leBom(ja), "回復キー.TXT");
    assert.deepEqual(only(r.keys), { keyId: CTF_ID, recoveryPassword: CTF_PASSWORD, origin: "pasted" }, "captions are not taken for a device name");
  });

  test("a full id, a key after its id on the same line, and the 8-digit prefix merged with the full id", () => {
    const text = `Key ID: ${CTF_ID}\nRecovery key: ${CTF_PASSWORD}\n\nKey ID: AC9D5655\nRecovery key: ${CTF_PASSWORD}\n`;
    assert.deepEqual(only(importBitLockerText(text).keys).keyId, CTF_ID);
  });

  test("a password with no id at all is reported, not imported under a made-up id", () => {
    const err = rejects(() => importBitLockerText(`my laptop: ${PW[0]}`), "no-usable-key", /no key id/);
    assert.ok(!err.message.includes(PW[0].slice(0, 6)));
    const mixed = importBitLockerText(`Key ID: A1B2C3D4\nRecovery key: ${PW[0]}\n\nsomething else ${PW[1]}`);
    assert.equal(mixed.keys.length, 1);
    assert.equal(mixed.skipped.length, 1);
  });

  test("one good and one mistyped key: the good one imported, the other skipped with its group", () => {
    const text = `Key ID: A1B2C3D4\nRecovery key: ${PW[0]}\nKey ID: B2C3D4E5\nRecovery key: ${withTypo(PW[1], 7)}\n`;
    const r = importBitLockerText(text);
    assert.deepEqual(r.keys.map((k) => k.keyId), ["A1B2C3D4"]);
    assert.equal(r.skipped[0]!.name, "key B2C3D4E5");
    assert.match(r.skipped[0]!.reason, /group 7/);
  });

  test("dates: unambiguous ones always, ambiguous ones by the labels' language, nonsense never", () => {
    assert.equal(pageDate("2024-03-14", undefined), "2024-03-14");
    assert.equal(pageDate("2024-03-14T10:01:22Z", undefined), "2024-03-14T10:01:22.000Z");
    assert.equal(pageDate("14/03/2024", undefined), "2024-03-14");
    assert.equal(pageDate("03/14/2024", undefined), "2024-03-14");
    assert.equal(pageDate("03/04/2024", undefined), undefined);
    assert.equal(pageDate("03/04/2024", "mdy"), "2024-03-04");
    assert.equal(pageDate("03/04/2024", "dmy"), "2024-04-03");
    assert.equal(pageDate("2024/04/03", undefined), "2024-04-03");
    assert.equal(pageDate("12/1/2024 12:05:00 AM", "mdy"), "2024-12-01T00:05:00");
    assert.equal(pageDate("31/02/2024", "dmy"), undefined);
    assert.equal(pageDate("13/13/2024", "dmy"), undefined);
  });
});

function crlfJoin(lines: string[]): string {
  return lines.join("\r\n");
}

function withTypo(password: string, group: number): string {
  const g = password.split("-");
  const s = g[group - 1]!;
  g[group - 1] = s.slice(0, 5) + String((Number(s[5]) + 1) % 10);
  return g.join("-");
}

describe("detection and errors", () => {
  test("each sample is detected as its format", () => {
    const cases: [string, string][] = [
      [englishTxt(CTF_ID, CTF_PASSWORD), "windows-txt"],
      [MANAGE_BDE_EN, "manage-bde"],
      [MANAGE_BDE_FR, "manage-bde"],
      [GET_BLV_DOCS, "get-bitlockervolume"],
      [READER_OUTPUT_PS51, "get-bitlockervolume"],
      [GRAPH_SINGLE, "graph"],
      [PASTED_TABLE_EN, "pasted"],
      [PW[0], "pasted"],
    ];
    for (const [text, format] of cases) assert.equal(detectBitLockerFormat(text), format, text.slice(0, 40));
    assert.equal(detectBitLockerFormat("hello"), undefined);
  });

  test("nothing recognisable: says what Lifeboat reads", () => {
    rejects(() => importBitLockerKeys(Buffer.from("Dear diary, today I turned on BitLocker."), "diary.txt"), "unknown-format", /\.TXT file Windows saves.*8 groups of 6 digits/);
    rejects(() => importBitLockerKeys(Buffer.alloc(0)), "unknown-format");
    rejects(() => importBitLockerKeys(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0, 0, 0, 13, 0xff, 0x00, 0x10])), "unknown-format");
    rejects(() => importBitLockerText(JSON.stringify({ hello: "world" })), "unknown-format");
  });

  test("a .BEK startup key is explained, not parsed", () => {
    rejects(() => importBitLockerKeys(Buffer.alloc(148, 1), "F03EB4C1-073C-4E41-B43E-B9298B6B27EC.BEK"), "unknown-format", /startup key \(\.BEK\), not a recovery password/);
  });

  test("a file too big to be any of these", () => {
    rejects(() => importBitLockerKeys(Buffer.alloc(MAX_IMPORT_BYTES + 1, 0x20)), "too-large");
  });

  test("the same key twice is one key; the same id with two passwords keeps the first and says so", () => {
    const twice = importBitLockerText(`${englishTxt(CTF_ID, CTF_PASSWORD)}\r\n${englishTxt(CTF_ID, CTF_PASSWORD)}`);
    assert.equal(twice.keys.length, 1);
    const clash = importBitLockerText(`${englishTxt(CTF_ID, CTF_PASSWORD)}\r\n${englishTxt(CTF_ID, PW[0])}`);
    assert.equal(clash.keys.length, 1);
    assert.equal(clash.keys[0]!.recoveryPassword, CTF_PASSWORD);
    assert.match(clash.skipped[0]!.reason, /same key id/);
  });

  test("password shapes: dates, GUIDs and phone numbers are not candidates; wrapped and spaced passwords are", () => {
    assert.deepEqual(findPasswordCandidates("2024-03-14 10:01 +49-40-5550-100 12345678-1234-1234-1234-123456789012"), []);
    assert.equal(findPasswordCandidates(`x ${PW[0].replace("177177-", "177177-\r\n   ")} y`).length, 1);
    assert.equal(findPasswordCandidates(PW[0].replace(/-/g, " ")).length, 1);
    assert.equal(findPasswordCandidates(`1 ${PW[0].replace(/-/g, " ")}`).length, 0, "part of a longer run of numbers");
    assert.equal(findPasswordCandidates(PW[0].replace(/-/g, "")).length, 1);
  });
});
