// The .TXT Windows saves ("Save to a file" when BitLocker is turned on, or "Back up your recovery
// key" later): "BitLocker Recovery Key <GUID>.TXT", UTF-16LE with BOM and CRLF, a tab-indented
// identifier and a tab-indented recovery password between paragraphs of localised prose (research
// notes §2.3). Lifeboat restores keys in the same layout with a footer line of its own (bitlocker-
// sync.ts `recoveryKeyText`), which this parser reads back.
//
// The keys are found by shape (a GUID, then 8 groups of digits), never by the prose, which changes
// with the Windows display language and between Windows versions (Windows 7 wrote "Recovery key
// identification: 6A0DFD36" and "Full recovery key identification: <GUID>"). The labels below only
// help choose between several GUIDs, and tell this file apart from other text.

import type { BitLockerVolumeType } from "../../../../shared/vault-types.js";
import { KeyCollector, type BitLockerParseResult, type KeyCandidate } from "./key-collector.js";
import { GUID_SOURCE, KEY_ID_PREFIX_LENGTH, normaliseKeyId } from "./key-id.js";
import { findGuids, findPasswordCandidates, lineCounter, type GuidHit } from "./text-scan.js";
import { volumeTypeFrom } from "./volume-type.js";

export const WINDOWS_TXT_ORIGIN = "windows-txt";

/**
 * The file's labels in some Windows display languages. English is the real file (research notes
 * §2.3); German is from a script that reproduces the file; the others follow the vocabulary of the
 * localised BitLocker UI and documentation and are not verified against real files, which is why
 * nothing depends on them.
 */
export const WINDOWS_TXT_LABELS: Record<string, { title: string; identifier: string; recoveryKey: string }> = {
  en: { title: "BitLocker Drive Encryption recovery key", identifier: "Identifier:", recoveryKey: "Recovery Key:" },
  de: { title: "Wiederherstellungsschlüssel für die BitLocker-Laufwerkverschlüsselung", identifier: "Bezeichner:", recoveryKey: "Wiederherstellungsschlüssel:" },
  fr: { title: "Clé de récupération du Chiffrement de lecteur BitLocker", identifier: "Identificateur :", recoveryKey: "Clé de récupération :" },
  es: { title: "Clave de recuperación de Cifrado de unidad BitLocker", identifier: "Identificador:", recoveryKey: "Clave de recuperación:" },
  it: { title: "Chiave di ripristino di Crittografia unità BitLocker", identifier: "Identificatore:", recoveryKey: "Chiave di ripristino:" },
  nl: { title: "Herstelsleutel voor BitLocker-stationsversleuteling", identifier: "Id:", recoveryKey: "Herstelsleutel:" },
  pt: { title: "Chave de recuperação da Criptografia de Unidade de Disco BitLocker", identifier: "Identificador:", recoveryKey: "Chave de Recuperação:" },
};

// "Identifier:" and its translations, and Windows 7's "Full recovery key identification:", alone
// on a line (the id follows on the next line) or followed by the id. A bare "ID:" counts for a
// GUID only: before 8 hex digits it is the account page's "Key ID:", which is not this file.
const IDENTIFIER_WORDS = "identifier|identification|bezeichner|kennung|identificateur|identifiant|identificador|identificatore|identyfikator|идентификатор|tunniste|azonosító|kimlik|識別子|标识符|識別碼";
const IDENTIFIER_LABEL = new RegExp(`(${IDENTIFIER_WORDS}|\\bid)\\s*[:：]\\s*$`, "iu");
const PREFIX_LABEL = new RegExp(`(${IDENTIFIER_WORDS})\\s*[:：]\\s*$`, "iu");

// Lifeboat's footer: "(Saved by Lifeboat from Microsoft Entra ID: device X, fixed data volume, created 2024-…)".
const LIFEBOAT_FOOTER = /\(Saved by Lifeboat from [^:]*: device (.*), ([^,]*), created ([^,]*?)\.\)[ \t]*$/gm;

interface IdHit {
  index: number;
  end: number;
  id: string;
  /** Announced by an identifier label, on its own line above or just before it. */
  labelled: boolean;
  full: boolean;
}

function isLabelled(text: string, index: number, label = IDENTIFIER_LABEL): boolean {
  const before = text.slice(Math.max(0, index - 200), index).replace(/[\s\r\n]+$/, "");
  return label.test(before);
}

/**
 * The ids in the text: GUIDs, and the 8-hex-digit prefix when an identifier label announces it
 * (Windows 7's "Recovery key identification", or a Lifeboat file for a key known by its prefix).
 */
function findIds(text: string): IdHit[] {
  const out: IdHit[] = findGuids(text).map((g: GuidHit) => ({ index: g.index, end: g.end, id: g.id, labelled: isLabelled(text, g.index), full: true }));
  // Both lists are in text order, so "inside a GUID" is checked by walking them together.
  let g = 0;
  const guids = out.slice();
  for (const m of text.matchAll(/(?<![0-9A-Za-z-])[0-9A-Fa-f]{8}(?![0-9A-Za-z-])/g)) {
    while (g < guids.length && guids[g]!.end <= m.index) g++;
    const inside = g < guids.length && m.index >= guids[g]!.index;
    if (inside || !isLabelled(text, m.index, PREFIX_LABEL)) continue;
    const id = normaliseKeyId(m[0]);
    if (id) out.push({ index: m.index, end: m.index + 8, id, labelled: true, full: false });
  }
  return out.sort((a, b) => a.index - b.index);
}

/**
 * The id of the key in the file name Windows gives it ("BitLocker Recovery Key <GUID>.TXT", in the
 * display language), or the 8-digit prefix of a name cut short (seen in the wild: "…AC9D5655-F7CA-4D1D-902F.TXT").
 */
export function keyIdFromFileName(fileName: string | undefined): string | undefined {
  if (!fileName) return undefined;
  const base = fileName.replace(/^.*[\\/]/, "");
  const full = new RegExp(GUID_SOURCE).exec(base)?.[0];
  if (full) return normaliseKeyId(full);
  const cut = /(?<![0-9A-Fa-f])([0-9A-Fa-f]{8})-[0-9A-Fa-f]{4}(?:-[0-9A-Fa-f]{1,4}){0,3}(?![0-9A-Fa-f])/.exec(base)?.[1];
  if (cut) return normaliseKeyId(cut);
  // Lifeboat restores a key known only by its prefix as "<8 hex digits>.txt".
  const prefix = new RegExp(`^([0-9A-Fa-f]{${KEY_ID_PREFIX_LENGTH}})\\.txt$`, "i").exec(base)?.[1];
  return prefix ? normaliseKeyId(prefix) : undefined;
}

/**
 * True when the text is plausibly a saved recovery key file (or several pasted together): the word
 * BitLocker and an id under an "Identifier:" label (not the account page's "Key ID:"), or the name
 * Windows gives the file. A file in a language missing from the labels above is still read, by the
 * pasted-text parser, which finds the same id and password by shape.
 */
export function looksLikeWindowsTxt(text: string, fileName?: string): boolean {
  if (findPasswordCandidates(text).length === 0) return false;
  const named = !!fileName && /\.txt$/i.test(fileName) && keyIdFromFileName(fileName) !== undefined;
  const titled = /BitLocker/i.test(text) || Object.values(WINDOWS_TXT_LABELS).some((l) => text.includes(l.title));
  const identified = findIds(text).some((h) => !h.full || isLabelled(text, h.index, PREFIX_LABEL));
  return (titled && identified) || named;
}

interface Footer {
  index: number;
  device?: string;
  volumeType?: BitLockerVolumeType;
  created?: string;
}

function footers(text: string): Footer[] {
  const out: Footer[] = [];
  for (const m of text.matchAll(LIFEBOAT_FOOTER)) {
    const f: Footer = { index: m.index };
    const device = m[1]?.trim();
    if (device && device !== "unknown") f.device = device;
    const volumeType = volumeTypeFrom(m[2]);
    if (volumeType) f.volumeType = volumeType;
    const created = m[3]?.trim();
    if (created && created !== "unknown" && !Number.isNaN(Date.parse(created))) f.created = created;
    out.push(f);
  }
  return out;
}

export function parseWindowsTxt(text: string, fileName?: string): BitLockerParseResult {
  const collector = new KeyCollector(WINDOWS_TXT_ORIGIN);
  const passwords = findPasswordCandidates(text);
  const ids = findIds(text);
  const notes = footers(text);
  const claimed = new Set<IdHit>();
  const lineAt = lineCounter(text);
  passwords.forEach((pw, i) => {
    const from = i === 0 ? 0 : (passwords[i - 1]?.end ?? 0);
    const to = passwords[i + 1]?.index ?? text.length;
    // The identifier comes before its key in the file; an id after it only when none came before
    // (someone's notes, or a file edited by hand). Among several, one under an identifier label,
    // and a full GUID rather than its 8-digit prefix.
    const rank = (h: IdHit): number => (h.labelled ? 2 : 0) + (h.full ? 1 : 0);
    const best = (hits: IdHit[], last: boolean): IdHit | undefined =>
      hits.reduce<IdHit | undefined>((a, h) => (a === undefined || rank(h) > rank(a) || (last && rank(h) === rank(a)) ? h : a), undefined);
    const before = ids.filter((g) => g.index >= from && g.end <= pw.index && !claimed.has(g));
    const after = ids.filter((g) => g.index >= pw.end && g.end <= to && !claimed.has(g));
    const pick = best(before, true) ?? best(after, false);
    // The prefix shown with a full id in the same file (Windows 7) is the same key's.
    for (const h of before) if (pick && !h.full && pick.id.startsWith(h.id)) claimed.add(h);
    if (pick) claimed.add(pick);
    const footer = notes.find((f) => f.index >= pw.end && f.index < to);
    const candidate: KeyCandidate = { password: pw.text, where: `line ${lineAt(pw.index)}` };
    const keyId = pick?.id ?? (passwords.length === 1 ? keyIdFromFileName(fileName) : undefined);
    if (keyId) candidate.keyId = keyId;
    if (footer?.device) candidate.device = footer.device;
    if (footer?.volumeType) candidate.volumeType = footer.volumeType;
    if (footer?.created) candidate.created = footer.created;
    collector.add(candidate);
  });
  return collector.result();
}
