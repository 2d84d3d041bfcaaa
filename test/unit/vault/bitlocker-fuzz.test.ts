// Fuzzing the BitLocker importers: thousands of mutations of every sample (bytes flipped, cut,
// inserted, digits changed, lines repeated, encodings broken). Whatever comes in, the importer
// returns valid, normalised keys or throws its own error; any other exception is a bug. Seeded, so
// a failure can be replayed.
import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { BitLockerImportError, MAX_IMPORT_BYTES, MAX_IMPORT_KEYS, importBitLockerKeys, importBitLockerText } from "../../../electron/engine/vault/bitlocker/import-bitlocker-file.js";
import { normaliseKeyId } from "../../../electron/engine/vault/bitlocker/key-id.js";
import { RecoveryPasswordError, checkRecoveryPassword, validateRecoveryPassword } from "../../../electron/engine/vault/bitlocker/recovery-password.js";
import { parseReaderOutput, WindowsKeyReaderError } from "../../../electron/engine/vault/bitlocker/windows-key-reader.js";
import { recoveryKeyText } from "../../../electron/engine/providers/microsoft/bitlocker/bitlocker-sync.js";
import {
  CSV_ID,
  CSV_PASSWORD,
  CTF_ID,
  CTF_PASSWORD,
  GET_BLV_DOCS,
  GET_BLV_EXPANDED,
  GET_BLV_INTERLEAVED,
  GRAPH_PAGE,
  GRAPH_SINGLE,
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
  utf16leBom,
} from "../../helpers/bitlocker-samples.js";
import { seededRandom } from "../../helpers/robustness-util.js";

const SEEDS: [string, Buffer][] = [
  ["txt utf-16le", utf16leBom(englishTxt(CTF_ID, CTF_PASSWORD))],
  ["txt de utf-8", Buffer.from(germanTxt(CSV_ID, CSV_PASSWORD))],
  ["txt fr utf-16le", utf16leBom(frenchTxt(CTF_ID, PW[0]))],
  ["provider txt", Buffer.from(recoveryKeyText({ id: CSV_ID.toLowerCase(), key: CSV_PASSWORD, deviceId: "dev", createdDateTime: "2024-01-01T00:00:00Z", volumeType: "fixedDataVolume" }))],
  ["manage-bde en", Buffer.from(MANAGE_BDE_EN)],
  ["manage-bde de utf-16le", utf16leBom(MANAGE_BDE_DE)],
  ["manage-bde fr", Buffer.from(MANAGE_BDE_FR)],
  ["manage-bde es", Buffer.from(MANAGE_BDE_ES)],
  ["get-bitlockervolume docs", Buffer.from(GET_BLV_DOCS)],
  ["get-bitlockervolume interleaved", Buffer.from(GET_BLV_INTERLEAVED)],
  ["get-bitlockervolume expanded", Buffer.from(GET_BLV_EXPANDED)],
  ["reader json", Buffer.from(READER_OUTPUT_PS51)],
  ["graph single", Buffer.from(GRAPH_SINGLE)],
  ["graph page", Buffer.from(GRAPH_PAGE)],
  ["pasted table", Buffer.from(PASTED_TABLE_EN)],
  ["pasted cells", Buffer.from(PASTED_CELLS_EN)],
  ["pasted cards de", Buffer.from(PASTED_CARDS_DE)],
  ["pasted fr", Buffer.from(PASTED_LABELS_FR)],
];

const SNIPPETS = ["-", "\r\n", "\t", " ", "{", "}", ":", "\"", "[", "]", ",", "\u0000", "\uFEFF", "ID: {", "Password:", "KeyProtectorId : ", "Volume C: [OS]", "Key ID: ", "123456-", PW[1], CSV_ID, "0F1E2D3C", "720896", "ÿþ", "\uD800"];

function mutate(input: Buffer, r: () => number): Buffer {
  const pick = (n: number): number => Math.floor(r() * n);
  let b = Buffer.from(input);
  const rounds = 1 + pick(4);
  for (let i = 0; i < rounds; i++) {
    const at = pick(b.length + 1);
    switch (pick(9)) {
      case 0: // flip a byte
        if (b.length) b[Math.min(at, b.length - 1)] = pick(256);
        break;
      case 1: // delete a range
        b = Buffer.concat([b.subarray(0, at), b.subarray(Math.min(b.length, at + 1 + pick(40)))]);
        break;
      case 2: // insert a snippet (as UTF-8, or UTF-16LE, whatever the file is)
        b = Buffer.concat([b.subarray(0, at), Buffer.from(SNIPPETS[pick(SNIPPETS.length)]!, r() < 0.5 ? "utf8" : "utf16le"), b.subarray(at)]);
        break;
      case 3: // change a digit (most of what a typo is)
        {
          const digits = [...b.keys()].filter((j) => b[j]! >= 0x30 && b[j]! <= 0x39);
          if (digits.length) b[digits[pick(digits.length)]!] = 0x30 + pick(10);
        }
        break;
      case 4: // truncate
        b = b.subarray(0, at);
        break;
      case 5: // repeat a stretch (a line pasted twice)
        {
          const len = pick(200);
          b = Buffer.concat([b.subarray(0, at), b.subarray(at, at + len), b.subarray(at)]);
        }
        break;
      case 6: // random bytes
        b = Buffer.concat([b.subarray(0, at), Buffer.from(Array.from({ length: 1 + pick(16) }, () => pick(256))), b.subarray(at)]);
        break;
      case 7: // drop every CR, or every other byte (a UTF-16 file read as 8-bit)
        b = r() < 0.5 ? Buffer.from(b.toString("latin1").replace(/\r/g, ""), "latin1") : Buffer.from(b.filter((_, j) => j % 2 === 0));
        break;
      case 8: // swap a digit for a look-alike letter
        {
          const j = b.indexOf(0x30 + pick(10), at);
          if (j >= 0) b[j] = "OlIZSB".charCodeAt(pick(6));
        }
        break;
    }
  }
  return b;
}

function checkOutcome(label: string, run: () => { format: string; keys: { keyId: string; recoveryPassword: string }[]; skipped: { name: string; reason: string }[] }): "keys" | "error" {
  let result: ReturnType<typeof run>;
  try {
    result = run();
  } catch (err) {
    if (err instanceof BitLockerImportError) {
      assert.ok(err.message.length > 0 && err.message.length < 2000, label);
      return "error";
    }
    throw new Error(`${label}: unexpected ${err instanceof Error ? `${err.name}: ${err.message}\n${err.stack}` : String(err)}`);
  }
  assert.ok(result.keys.length > 0, `${label}: a result has keys (else it is an error)`);
  for (const k of result.keys) {
    assert.equal(validateRecoveryPassword(k.recoveryPassword), k.recoveryPassword, `${label}: password normalised and valid`);
    assert.equal(normaliseKeyId(k.keyId), k.keyId, `${label}: key id normalised`);
  }
  for (const s of result.skipped) assert.ok(typeof s.name === "string" && typeof s.reason === "string" && s.reason.length > 0, label);
  return "keys";
}

describe("BitLocker import fuzz", () => {
  test("every sample imports as it is", () => {
    for (const [name, bytes] of SEEDS) assert.equal(checkOutcome(name, () => importBitLockerKeys(bytes, "sample.txt")), "keys", name);
  });

  test("4000 mutated files: valid keys or a BitLockerImportError, nothing else", () => {
    const r = seededRandom(0x5eed_b17);
    const counts = { keys: 0, error: 0 };
    const started = Date.now();
    for (let i = 0; i < 4000; i++) {
      const [name, seed] = SEEDS[i % SEEDS.length]!;
      const bytes = mutate(seed, r);
      const fileName = r() < 0.3 ? `BitLocker Recovery Key ${CTF_ID}.TXT` : r() < 0.5 ? undefined : "paste.txt";
      counts[checkOutcome(`#${i} (${name})`, () => importBitLockerKeys(bytes, fileName))]++;
    }
    // Both outcomes are exercised, and it stays fast (these parsers run on the UI's paste box).
    assert.ok(counts.keys > 1000 && counts.error > 100, JSON.stringify(counts));
    assert.ok(Date.now() - started < 60_000, `took ${Date.now() - started} ms`);
  });

  test("the local reader's output parser: keys or its own error", () => {
    const r = seededRandom(42);
    for (let i = 0; i < 1000; i++) {
      const text = mutate(Buffer.from(READER_OUTPUT_PS51), r).toString("utf8");
      try {
        const out = parseReaderOutput(text);
        for (const k of out.keys) assert.equal(validateRecoveryPassword(k.recoveryPassword), k.recoveryPassword);
      } catch (err) {
        if (!(err instanceof WindowsKeyReaderError)) throw err;
      }
    }
  });

  test("validateRecoveryPassword on random strings: a 55-character password or a RecoveryPasswordError", () => {
    const r = seededRandom(7);
    const alphabet = "0123456789012345678901234567890123456789-- \n\t–Oo.";
    for (let i = 0; i < 5000; i++) {
      const base = i % 3 === 0 ? PW[i % 7]! : "";
      let s = base;
      const n = base ? 1 + Math.floor(r() * 3) : Math.floor(r() * 70);
      for (let j = 0; j < n; j++) {
        const at = Math.floor(r() * (s.length + 1));
        const c = alphabet[Math.floor(r() * alphabet.length)]!;
        s = base && r() < 0.5 ? s.slice(0, at) + c + s.slice(at + 1) : s.slice(0, at) + c + s.slice(at);
      }
      const out = checkRecoveryPassword(s);
      if (out.ok) assert.match(out.password, /^\d{6}(-\d{6}){7}$/);
      else {
        assert.ok(out.error instanceof RecoveryPasswordError);
        if (out.error.group !== undefined) assert.ok(out.error.group >= 1 && out.error.group <= 8);
      }
    }
  });

  test("hostile inputs near the limits stay fast (the parsers also run on the app's paste box)", () => {
    const guid = (i: number): string => `${i.toString(16).padStart(8, "0").toUpperCase()}-0000-4000-8000-000000000000`;
    const cases: [string, string][] = [
      ["100k hex tokens and one key", `${"ABCDEF12 ".repeat(100_000)}\nKey ID: A1B2C3D4\nRecovery key: ${PW[0]}`],
      ["20k labelled GUIDs around 900 keys", Array.from({ length: 20_000 }, (_, i) => `Identifier:\n\t${guid(i)}\n${i % 22 === 0 ? `\t${PW[i % 7]}\n` : ""}`).join("").slice(0, MAX_IMPORT_BYTES - 100)],
      [`${MAX_IMPORT_KEYS} saved files in one`, Array.from({ length: MAX_IMPORT_KEYS }, (_, i) => englishTxt(guid(i), PW[i % 7]!)).join("")],
      ["a megabyte of dashes and digits", "1-".repeat(MAX_IMPORT_BYTES / 2 - 10)],
      ["a megabyte of spaced 6-digit groups", "123453 ".repeat(MAX_IMPORT_BYTES / 7 - 10)],
      ["a megabyte of digits", "7".repeat(MAX_IMPORT_BYTES - 10)],
      ["a megabyte of braces and white space", "{ \n".repeat(MAX_IMPORT_BYTES / 3 - 10)],
      ["manage-bde with 30k protectors", `Volume C: [OS]\n${"    TPM:\n      ID: {8A5D13D6-7ED9-46C8-A74F-AC3ADF016EC8}\n".repeat(15_000)}    Numerical Password:\n      ID: {${CSV_ID}}\n      Password:\n        ${CSV_PASSWORD}\n`],
      ["too many keys", `${PW[0]}\n`.repeat(MAX_IMPORT_KEYS + 1)],
    ];
    for (const [name, text] of cases) {
      const started = Date.now();
      try {
        importBitLockerText(text);
      } catch (err) {
        if (!(err instanceof BitLockerImportError)) throw err;
      }
      const ms = Date.now() - started;
      assert.ok(ms < 5000, `${name}: ${ms} ms`);
    }
    assert.throws(() => importBitLockerText(`${PW[0]}\n`.repeat(MAX_IMPORT_KEYS + 1)), (e: unknown) => e instanceof BitLockerImportError && e.reason === "too-large");
    assert.equal(importBitLockerText(Array.from({ length: MAX_IMPORT_KEYS }, (_, i) => englishTxt(guid(i), PW[i % 7]!)).join("")).keys.length, MAX_IMPORT_KEYS);
  });
});
