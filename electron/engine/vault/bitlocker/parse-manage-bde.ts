// Output of `manage-bde -protectors -get C:` (several runs pasted together, or with -status output
// around it), in whatever language Windows speaks (research notes §2.5):
//
//   Volume C: [OS]                            Volume "C:" [OS]            Volume D: [Étiquette inconnue]
//   All Key Protectors                        Alle Schlüsselschutzvorr…   Tous les protecteurs de clés
//       Numerical Password:                       Numerisches Kennwort:       Mot de passe numérique :
//         ID: {DFA26333-…}                          ID: {802C7373-…}            ID : {…}
//         Password:                                 Kennwort:                   Mot de passe :
//           471207-278498-…                           …                           …
//
// Structure, not words: a protector is a line with a braced GUID (its "ID"), its type is the line
// before, and it runs to the next protector or volume. Only "Numerical Password" protectors carry
// a recovery password, so a protector with one is one, whatever its type line says; the type's
// translations are used only to explain a numerical password shown without its digits (a locked
// volume, or output that was not elevated). Volumes are "<word> <drive letter>: [label]".

import type { BitLockerVolumeType } from "../../../../shared/vault-types.js";
import { KeyCollector, entryName, type BitLockerParseResult, type KeyCandidate } from "./key-collector.js";
import { findGuids, findPasswordCandidates, splitLines } from "./text-scan.js";
import { volumeTypeFromBracket } from "./volume-type.js";

export const MANAGE_BDE_ORIGIN = "manage-bde";

/**
 * "Numerical Password" in Windows display languages (English, German and French from real output
 * quoted in public notes and MeshCentral's parser; the rest from Microsoft's localised docs). All
 * share a stem, which is what is matched.
 */
export const NUMERICAL_PASSWORD_LABELS = [
  "Numerical Password",
  "Numerisches Kennwort",
  "Mot de passe numérique",
  "Contraseña numérica",
  "Password numerica",
  "Numeriek wachtwoord",
  "Senha numérica",
  "Hasło numeryczne",
  "Numeriskt lösenord",
  "Числовой пароль",
  "数字密码",
  "数字パスワード",
];
const NUMERICAL = /num[eé]r|числов|数字|數字|数値/iu;

// "Volume C: [label] [type]", 'Volume "C:" [label]', "Volumen E: […]", "Том C: […]", or a volume
// GUID path / mount folder in place of the letter.
const VOLUME_LINE = /^\s{0,2}[\p{L}][\p{L}\p{M}.]*(?:\s[\p{L}\p{M}.]+)?\s+"?([A-Za-z]:(?:\\[^"[\]]*)?|\\\\\?\\Volume\{[0-9A-Fa-f-]{36}\}\\?)"?\s*((?:\[[^\]\r\n]*\]\s*)*)$/u;
const BRACKETS = /\[([^\]\r\n]*)\]/g;
// "Computer Name: X" (manage-bde -status, and -cn runs) in a few languages; enrichment only.
const COMPUTER_LINE = /^\s*(?:computer\s*name|computername|nom de l.ordinateur|nombre del equipo|nome computer|computernaam|nazwa komputera|имя компьютера)\s*:\s*(\S.*?)\s*$/iu;

interface Volume {
  line: number;
  volume: string;
  volumeType?: BitLockerVolumeType;
}

function volumeAt(lines: string[], i: number): Volume | undefined {
  const m = VOLUME_LINE.exec(lines[i] ?? "");
  if (!m) return undefined;
  const letter = m[1] ?? "";
  const v: Volume = { line: i, volume: /^[A-Za-z]:$/.test(letter) ? letter.toUpperCase() : letter };
  // The type is a later bracket on the same line (the first is the label) or the next line alone.
  const brackets = [...(m[2] ?? "").matchAll(BRACKETS)].map((b) => b[1] ?? "").slice(1);
  const next = /^\s*\[([^\]]*)\]\s*$/.exec(lines[i + 1] ?? "")?.[1];
  if (next !== undefined) brackets.push(next);
  for (const b of brackets) v.volumeType ??= volumeTypeFromBracket(b);
  return v;
}

/** True when the text has manage-bde's shape: a volume line and at least one braced protector id. */
export function looksLikeManageBde(text: string): boolean {
  const lines = splitLines(text);
  return lines.some((_, i) => volumeAt(lines, i) !== undefined) && findGuids(text).some((g) => g.braced);
}

export function parseManageBde(text: string): BitLockerParseResult {
  const collector = new KeyCollector(MANAGE_BDE_ORIGIN);
  const lines = splitLines(text);
  let volume: Volume | undefined;
  let device: string | undefined;

  interface Protector {
    id: string;
    type: string;
    volume?: Volume;
    device?: string;
    body: string[];
    firstLine: number;
  }
  const protectors: Protector[] = [];
  const loose: { text: string; line: number; volume?: Volume; device?: string }[] = [];
  let current: Protector | undefined;

  lines.forEach((line, i) => {
    const v = volumeAt(lines, i);
    if (v) {
      volume = v;
      current = undefined;
      return;
    }
    const computer = COMPUTER_LINE.exec(line)?.[1];
    if (computer) device = computer;
    const braced = findGuids(line).find((g) => g.braced);
    if (braced) {
      // The type is the nearest non-empty line above ("Numerical Password:"), unless that line is
      // the previous protector's content, which is indented deeper than this ID line.
      let j = i - 1;
      while (j >= 0 && (lines[j] ?? "").trim() === "") j--;
      const above = lines[j] ?? "";
      const type = above.trim().replace(/\s*:\s*$/, "");
      if (current) {
        const k = current.body.lastIndexOf(above);
        if (k >= 0 && current.body.slice(k + 1).every((s) => s.trim() === "")) current.body.length = k;
      }
      current = { id: braced.id, type, body: [], firstLine: i + 1 };
      if (volume) current.volume = volume;
      if (device) current.device = device;
      protectors.push(current);
      // Text after the id on the same line (some tools print "ID: {…} Password: …").
      current.body.push(line.slice(line.indexOf(braced.text) + braced.text.length));
      return;
    }
    if (current) current.body.push(line);
    else if (line.trim() !== "") loose.push({ text: line, line: i + 1, ...(volume ? { volume } : {}), ...(device ? { device } : {}) });
  });

  for (const p of protectors) {
    const body = p.body.join("\n");
    const found = findPasswordCandidates(body);
    const base: Omit<KeyCandidate, "password"> = { keyId: p.id, where: `line ${p.firstLine}` };
    if (p.volume) {
      base.volume = p.volume.volume;
      if (p.volume.volumeType) base.volumeType = p.volume.volumeType;
    }
    if (p.device) base.device = p.device;
    if (found.length === 0) {
      if (NUMERICAL.test(p.type)) {
        collector.skip(
          entryName(base),
          "manage-bde listed this recovery password without its digits: the drive is locked, or the command was not run as administrator. Unlock the drive and run `manage-bde -protectors -get` from an elevated prompt.",
        );
      }
      continue;
    }
    for (const pw of found) collector.add({ ...base, password: pw.text });
  }
  // A password outside any protector (output cut at the top, or edited): report it, it has no id.
  for (const l of loose) {
    for (const pw of findPasswordCandidates(l.text)) {
      const c: KeyCandidate = { password: pw.text, where: `line ${l.line}` };
      if (l.volume) c.volume = l.volume.volume;
      collector.add(c);
    }
  }
  return collector.result();
}
