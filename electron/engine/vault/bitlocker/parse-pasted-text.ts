// Text copied from the Microsoft account's recovery-key page (account.microsoft.com/devices/recoverykey,
// aka.ms/myrecoverykey; research notes §2.9), the only place a personal account's keys can be read:
// there is no API. The page lists, per key, the device name, the Key ID (its first 8 hex digits),
// the recovery key, the drive (OSV, FDV, RDV) and the key upload date. What a copy looks like depends
// on the browser and the page's layout of the day: a tab-separated table with a header row, one cell
// per line, or "Label: value" lines, in the account's language. So values are recognised by shape
// (password, id, drive code, date), labels only settle what shape cannot (which text is the device
// name, how to read 03/04/2024), and the record a value belongs to follows from the page's order:
// device, id, recovery key, drive, date. This is also the fallback for any other text with keys in it.

import type { BitLockerVolumeType } from "../../../../shared/vault-types.js";
import { KeyCollector, type BitLockerParseResult, type KeyCandidate } from "./key-collector.js";
import { GUID_SOURCE } from "./key-id.js";
import { findPasswordCandidates, splitLines } from "./text-scan.js";
import { volumeTypeFrom } from "./volume-type.js";

export const PASTED_ORIGIN = "pasted";

type LabelKind = "device" | "keyId" | "recoveryKey" | "drive" | "date" | "heading";

interface Field {
  kind: "password" | "id" | "drive" | "date" | "text";
  value: string;
  label?: LabelKind;
  line: number;
}

/** The page's labels in English (from the page itself), folded (see `fold`). */
const ENGLISH_LABELS: Record<string, LabelKind> = {
  "device name": "device",
  device: "device",
  "computer name": "device",
  "key id": "keyId",
  "recovery key id": "keyId",
  "recovery key": "recoveryKey",
  "recovery password": "recoveryKey",
  drive: "drive",
  "key upload date": "date",
  "upload date": "date",
  date: "date",
};

/** The same in other languages, best effort (nothing depends on them being exact). */
const OTHER_LABELS: Record<string, LabelKind> = {
  geratename: "device",
  "nom de l'appareil": "device",
  "nombre del dispositivo": "device",
  "nome del dispositivo": "device",
  "nome do dispositivo": "device",
  apparaatnaam: "device",
  "nazwa urzadzenia": "device",
  "schlussel-id": "keyId",
  "id de cle": "keyId",
  "id de la cle": "keyId",
  "id. de clave": "keyId",
  "id de clave": "keyId",
  "id chiave": "keyId",
  "id della chiave": "keyId",
  "sleutel-id": "keyId",
  "id da chave": "keyId",
  "identyfikator klucza": "keyId",
  wiederherstellungsschlussel: "recoveryKey",
  "cle de recuperation": "recoveryKey",
  "clave de recuperacion": "recoveryKey",
  "chiave di ripristino": "recoveryKey",
  herstelsleutel: "recoveryKey",
  "chave de recuperacao": "recoveryKey",
  "klucz odzyskiwania": "recoveryKey",
  laufwerk: "drive",
  lecteur: "drive",
  unidad: "drive",
  unita: "drive",
  station: "drive",
  unidade: "drive",
  dysk: "drive",
  "datum des schlusseluploads": "date",
  "date de chargement de la cle": "date",
  "fecha de carga de la clave": "date",
  "data di caricamento della chiave": "date",
  "data de carregamento da chave": "date",
  "uploaddatum van sleutel": "date",
  "data przekazania klucza": "date",
};

function fold(s: string): string {
  return s
    .normalize("NFD")
    .replace(/\p{M}/gu, "")
    .replace(/[’']/g, "'")
    .toLowerCase()
    .replace(/\s+/g, " ")
    .replace(/\s*[:：]\s*$/, "")
    .trim();
}

/**
 * What a label names. `loose` also accepts variants by their stem: for text that is known to be a
 * label (before a colon, in a header row). A line alone is a label only when it is one exactly, so
 * that a device called "Malik's PC" stays a device name.
 */
function labelKind(text: string, loose = false): LabelKind | undefined {
  const t = fold(text);
  if (t === "" || t.length > 40 || /\d/.test(t)) return undefined;
  const exact = ENGLISH_LABELS[t] ?? OTHER_LABELS[t];
  if (exact) return exact;
  if (/bitlocker/.test(t) && t.split(" ").length <= 5) return "heading";
  if (!loose) return undefined;
  if (/upload|\bdate\b|datum|fecha|\bdata\b|caricamento|chargement|carregamento/.test(t)) return "date";
  if (/\bid\b|kennung|identif/.test(t)) return "keyId";
  if (/recovery|wiederherstell|recupera|ripristino|herstel|odzyskiw/.test(t)) return "recoveryKey";
  if (/device|computer|gerat|appareil|dispositivo|apparaat|urzadzen|\bpc\b/.test(t)) return "device";
  if (/\bdrive\b|laufwerk|lecteur|unidad|unita|station|unidade|stacja/.test(t)) return "drive";
  return undefined;
}

// Shapes, in the order they are tried on a piece of text.
const ID_RE = new RegExp(`\\{?${GUID_SOURCE}\\}?|(?<![0-9A-Za-z-])[0-9A-Fa-f]{8}(?![0-9A-Za-z-])`, "g");
const DRIVE_RE = /(?<![A-Za-z])(?:OSV|FDV|RDV)(?![A-Za-z])/g;
const DATE_RE =
  /(?<!\d)(?:\d{4}-\d{2}-\d{2}(?:[T ]\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:?\d{2})?)?|\d{1,4}[./]\d{1,2}[./]\d{1,4}\.?(?:,?\s+\d{1,2}:\d{2}(?::\d{2})?(?:\s*[AaPp]\.?\s?[Mm]\.?)?)?)(?!\d)/g;

interface Hit {
  index: number;
  end: number;
  kind: Field["kind"];
  value: string;
}

/** A piece of text as fields, in order: passwords, ids, drive codes and dates found in it, and text between. */
function classify(piece: string, line: number, label: LabelKind | undefined, out: Field[]): void {
  const hits: Hit[] = [];
  // Which characters an earlier (stronger) shape already took: a mask keeps this linear.
  const used = new Uint8Array(piece.length);
  const take = (index: number, end: number, kind: Field["kind"], value: string): void => {
    for (let i = index; i < end; i++) if (used[i]) return;
    used.fill(1, index, end);
    hits.push({ index, end, kind, value });
  };
  for (const p of findPasswordCandidates(piece)) take(p.index, p.end, "password", p.text);
  for (const [re, kind] of [[ID_RE, "id"], [DATE_RE, "date"], [DRIVE_RE, "drive"]] as const) {
    for (const m of piece.matchAll(re)) take(m.index, m.index + m[0].length, kind, m[0]);
  }
  hits.sort((a, b) => a.index - b.index);
  let at = 0;
  const text = (s: string): void => {
    // Punctuation around a value goes, except the colon of a drive letter ("C:").
    const t = /^\s*[A-Za-z]:\\?\s*$/.test(s) ? s.trim() : s.replace(/^[\s|,;:()[\]-]+|[\s|,;:()[\]-]+$/g, "");
    if (t !== "") out.push({ kind: "text", value: t, line, ...(label ? { label } : {}) });
  };
  for (const h of hits) {
    text(piece.slice(at, h.index));
    out.push({ kind: h.kind, value: h.value, line, ...(label ? { label } : {}) });
    at = h.end;
  }
  text(piece.slice(at));
}

/** The text as a flat list of fields, with the labels that announce them. */
function fieldsOf(text: string): { fields: Field[]; english: boolean; otherLanguage: boolean } {
  const fields: Field[] = [];
  let columns: (LabelKind | undefined)[] | undefined;
  let pending: LabelKind | undefined;
  let labelRun = false;
  let english = false;
  let otherLanguage = false;
  // Which language the labels are in decides how "03/04/2024" is read; headings do not count.
  const noteLabel = (s: string): void => {
    if (labelKind(s, true) === "heading") return;
    if (ENGLISH_LABELS[fold(s)]) english = true;
    else otherLanguage = true;
  };
  splitLines(text).forEach((raw, n) => {
    const line = n + 1;
    const trimmed = raw.trim();
    if (trimmed === "") return;
    const cells = trimmed.split(/\t+| {2,}/).map((c) => c.trim()).filter((c) => c !== "");
    if (cells.length >= 2) {
      labelRun = false;
      const kinds = cells.map((c) => labelKind(c, true));
      if (kinds.filter((k) => k !== undefined && k !== "heading").length >= 2) {
        // A header row: it names the columns of the rows below.
        columns = kinds;
        cells.forEach(noteLabel);
        return;
      }
      // A row; a cell may also be "Label:" naming the cell after it.
      let cellLabel: LabelKind | undefined;
      cells.forEach((c, j) => {
        const lk = /[:：]$/.test(c) ? labelKind(c, true) : undefined;
        if (lk) {
          noteLabel(c);
          cellLabel = lk === "heading" ? undefined : lk;
          return;
        }
        classify(c, line, cellLabel ?? (columns && columns.length === cells.length ? columns[j] : undefined), fields);
        cellLabel = undefined;
      });
      pending = undefined;
      return;
    }
    const kind = labelKind(trimmed);
    if (kind) {
      // A label alone on its line names the next value (a card layout). Several in a row are a
      // table's header copied one cell per line: the values then follow in that order, but a cell
      // left empty would shift them, so they are read by shape alone.
      noteLabel(trimmed);
      pending = kind === "heading" || labelRun ? undefined : kind;
      labelRun = kind !== "heading";
      return;
    }
    labelRun = false;
    // Some other label alone on its line ("Password:", a language not listed): a caption, not a value.
    if (/^[^:：\d]+[:：]$/u.test(trimmed)) {
      pending = undefined;
      return;
    }
    const lv = /^([^:：\d]{1,40}?)\s*[:：]\s*(\S.*)$/u.exec(trimmed);
    const lk = lv ? labelKind(lv[1] ?? "", true) : undefined;
    if (lv && lk) {
      noteLabel(lv[1] ?? "");
      classify(lv[2] ?? "", line, lk === "heading" ? undefined : lk, fields);
      pending = undefined;
      return;
    }
    classify(trimmed, line, pending, fields);
    pending = undefined;
  });
  return { fields, english, otherLanguage };
}

/** A date as the page shows it, as ISO 8601 (local time: the page gives no zone), when unambiguous. */
export function pageDate(value: string, order: "mdy" | "dmy" | undefined): string | undefined {
  const iso = /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{1,2}):(\d{2})(?::(\d{2}))?.*)?$/.exec(value);
  let y: number, mo: number, d: number;
  let time = "";
  const hms = (h: number, mi: number, s: number): string => `T${String(h).padStart(2, "0")}:${String(mi).padStart(2, "0")}:${String(s).padStart(2, "0")}`;
  if (iso) {
    if (/[T ]\d.*(Z|[+-]\d{2}:?\d{2})$/.test(value) && !Number.isNaN(Date.parse(value))) return new Date(value).toISOString();
    [y, mo, d] = [Number(iso[1]), Number(iso[2]), Number(iso[3])];
    if (iso[4] !== undefined) time = hms(Number(iso[4]), Number(iso[5]), Number(iso[6] ?? 0));
  } else {
    const m = /^(\d{1,4})([./])(\d{1,2})\2(\d{1,4})\.?(?:,?\s+(\d{1,2}):(\d{2})(?::(\d{2}))?(?:\s*([AaPp])\.?\s?[Mm]\.?)?)?$/.exec(value);
    if (!m) return undefined;
    const a = Number(m[1]);
    const b = Number(m[3]);
    const c = Number(m[4]);
    if ((m[1] ?? "").length === 4) [y, mo, d] = [a, b, c];
    else {
      if ((m[4] ?? "").length !== 4) return undefined;
      y = c;
      // Dots are day-first everywhere; slashes depend on the language unless a number is over 12.
      const dayFirst = m[2] === "." || a > 12 ? true : b > 12 ? false : order === undefined ? undefined : order === "dmy";
      if (dayFirst === undefined) return undefined;
      [d, mo] = dayFirst ? [a, b] : [b, a];
    }
    if (m[5] !== undefined) {
      let h = Number(m[5]);
      const pm = (m[8] ?? "").toLowerCase();
      if (pm === "p" && h < 12) h += 12;
      if (pm === "a" && h === 12) h = 0;
      time = hms(h, Number(m[6]), Number(m[7] ?? 0));
    }
  }
  const check = new Date(Date.UTC(y, mo - 1, d));
  if (mo < 1 || mo > 12 || check.getUTCFullYear() !== y || check.getUTCMonth() !== mo - 1 || check.getUTCDate() !== d || y < 2000) return undefined;
  if (time && !/^T([01]\d|2[0-3]):[0-5]\d:[0-5]\d$/.test(time)) time = "";
  return `${String(y).padStart(4, "0")}-${String(mo).padStart(2, "0")}-${String(d).padStart(2, "0")}${time}`;
}

/** True when the text has at least one thing shaped like a recovery password. */
export function looksLikePastedText(text: string): boolean {
  return findPasswordCandidates(text).length > 0;
}

function looksLikeName(f: Field): boolean {
  return f.kind === "text" && (f.label === "device" || (f.label === undefined && f.value.length <= 64 && f.value.split(/\s+/).length <= 6 && labelKind(f.value) === undefined));
}

export function parsePastedText(text: string): BitLockerParseResult {
  const collector = new KeyCollector(PASTED_ORIGIN);
  const { fields, english, otherLanguage } = fieldsOf(text);
  const order = english && !otherLanguage ? "mdy" : otherLanguage && !english ? "dmy" : undefined;
  const pw = fields.flatMap((f, i) => (f.kind === "password" ? [i] : []));
  if (pw.length === 0) return collector.result();

  // The page puts the id before the key; a note written by hand may put it after. Decided once,
  // from the first key, so that one record's id is never taken for its neighbour's.
  const idIn = (lo: number, hi: number): number[] => fields.slice(lo, hi).flatMap((f, j) => (f.kind === "id" ? [lo + j] : []));
  const idFirst = idIn(0, pw[0]!).length > 0 || idIn(pw[0]! + 1, pw[1] ?? fields.length).length === 0;

  // Where each record starts: at its id (id first) or at its password.
  const pick = (ids: number[]): number | undefined => ids.filter((i) => fields[i]?.label === "keyId").pop() ?? ids[ids.length - 1];
  const idOf: (number | undefined)[] = pw.map((p, k) => {
    const lo = k === 0 ? 0 : pw[k - 1]! + 1;
    const hi = pw[k + 1] ?? fields.length;
    if (idFirst) return pick(idIn(lo, p));
    const after = idIn(p + 1, hi);
    return after.find((i) => fields[i]?.label === "keyId") ?? after[0];
  });
  const startOf = pw.map((p, k) => (idFirst ? Math.min(idOf[k] ?? p, p) : p));

  let device: string | undefined;
  pw.forEach((p, k) => {
    const lo = k === 0 ? 0 : pw[k - 1]! + 1;
    const start = startOf[k]!;
    const end = startOf[k + 1] ?? fields.length;
    // The device: a labelled device name before the record, else the last short text there that
    // follows the previous record's drive and date; else the device of the previous record (the
    // page lists a device's keys under one heading).
    const before = fields.slice(lo, start);
    const lastAttr = before.map((f) => f.kind === "drive" || f.kind === "date").lastIndexOf(true);
    const named = before.filter((f) => f.kind === "text" && f.label === "device").pop() ?? before.slice(lastAttr + 1).filter(looksLikeName).pop();
    if (named) device = named.value;
    const own = fields.slice(start, end);
    const drive = own.find((f) => f.kind === "drive" || (f.label === "drive" && f.kind === "text"));
    const date = own.find((f) => f.kind === "date");
    const c: KeyCandidate = { password: fields[p]!.value, where: `line ${fields[p]!.line}` };
    const id = idOf[k];
    if (id !== undefined) c.keyId = fields[id]!.value;
    if (device) c.device = device;
    if (drive) {
      const type: BitLockerVolumeType | undefined = volumeTypeFrom(drive.value);
      if (type) c.volumeType = type;
      else if (/^[A-Za-z]:\\?$/.test(drive.value)) c.volume = drive.value.slice(0, 2).toUpperCase();
    }
    const created = date ? pageDate(date.value, order) : undefined;
    if (created) c.created = created;
    collector.add(c);
  });
  return collector.result();
}
