// Seeds the Graph emulator's contact folders from .vcf files: the Graph `contact` resources Outlook
// would hold after importing the cards (v1.0 shape), each with its photo apart, as Graph serves it
// from /contacts/{id}/photo/$value.
//
// Outlook's contact has fixed slots, so the mapping decides what fits (everything else is dropped
// and reported in `notes`):
//   N -> surname, givenName, middleName (additional names joined by spaces), title (the prefix),
//   generation (the suffix); FN -> displayName (else built from N, else ORG, else the first email);
//   NICKNAME -> nickName (the first); ORG -> companyName, department; TITLE -> jobTitle;
//   ROLE -> profession; BDAY -> birthday (a date without year in year 1604, as Outlook stores it;
//   an invalid date is dropped); NOTE -> personalNotes (several joined by blank lines);
//   EMAIL -> emailAddresses (three, in file order); TEL -> mobilePhone (the first CELL), homePhones
//   (two HOME), businessPhones (two WORK); a number with no kind goes to the first free business,
//   then home slot; FAX, PAGER and the like have no v1.0 slot; ADR -> homeAddress (HOME),
//   businessAddress (WORK), otherAddress (anything else), one each, with PO box and extended
//   address as extra street lines; URL -> businessHomePage (the first WORK one, else the first);
//   IMPP and X-MS-IMADDRESS -> imAddresses (three); CATEGORIES -> categories; X-MS-MANAGER,
//   X-MS-ASSISTANT, X-MS-SPOUSE (and the Evolution/RELATED spellings) -> manager, assistantName,
//   spouseName; X-PHONETIC-FIRST-NAME / -LAST-NAME / -ORG -> yomi names; PHOTO -> the photo (the
//   first inline one; photos by URL are not fetched).

import ICAL from "ical.js";

import type { ContactPhoto, EmailAddress, GraphContact, PhysicalAddress } from "../../../../shared/graph-types.js";
import { graphTimestamp, stampChangeKey } from "./graph-item-stamps.js";
import { decodeVcfBytes, modernizeVcard } from "./vcard-legacy-text.js";

export interface VcfToGraphOptions {
  parentFolderId: string;
  newId: () => string;
  /** The ANSI code page of the importing Windows, for files that are not UTF-8. Default windows-1252. */
  ansiCharset?: string;
  /** Clock for cards without REV. */
  now?: () => number;
}

export interface SeededContact {
  contact: GraphContact;
  photo?: ContactPhoto;
  /** What Outlook could not keep of this card. */
  dropped: string[];
}

const MAX_EMAILS = 3;
const MAX_PHONES = 2;
const MAX_IMS = 3;

/** The contacts a .vcf file becomes in Outlook. */
export function vcfToGraphContacts(vcf: string | Uint8Array, opts: VcfToGraphOptions): SeededContact[] {
  const decoded = decodeVcfBytes(vcf, opts.ansiCharset);
  const text = modernizeVcard(decoded.text, decoded.charset);
  if (!/BEGIN:VCARD/i.test(text)) return [];
  const parsed = ICAL.parse(text) as unknown;
  const jcards = Array.isArray(parsed) && Array.isArray(parsed[0]) ? (parsed as unknown[][]) : [parsed as unknown[]];
  return jcards.map((j) => cardToContact(new ICAL.Component(j), opts));
}

function types(p: ICAL.Property): Set<string> {
  const t = p.getParameter("type");
  const list = Array.isArray(t) ? t : typeof t === "string" ? t.split(",") : [];
  return new Set(list.map((x) => String(x).trim().toUpperCase()));
}

/**
 * The text of a property: ical.js splits TEXT at unescaped commas (which vCard 2.1 never meant), so
 * the pieces are joined again, and it leaves "\;" escaped in unstructured TEXT (RFC 6350 §3.4
 * escapes it everywhere), so that is undone.
 */
function valueText(p: ICAL.Property): string {
  return p.getValues().map((v) => (Array.isArray(v) ? v.join(",") : String(v))).join(",").replace(/\\;/g, ";");
}

/**
 * The components of a structured value (N, ADR, ORG), each a string. A component's list is joined by
 * `sep`: " " for names (N's "Richter,James" is two middle names), "," elsewhere, which restores
 * vCard 2.1 text that merely contained a comma ("Silicon Alley 5,").
 */
function structured(p: ICAL.Property, sep: string): string[] {
  const v = p.getFirstValue() as unknown;
  const list = Array.isArray(v) ? v : typeof v === "string" ? v.split(";") : [];
  return list.map((x) => (Array.isArray(x) ? x.map(String).filter((y) => sep === "," || y.length > 0).join(sep) : String(x ?? "")));
}

function orNull(s: string | undefined): string | null {
  const t = (s ?? "").trim();
  return t.length > 0 ? t : null;
}

/** "1980-03-22T00:00:00Z" from BDAY's many spellings; yearless dates in 1604 (Outlook's marker). */
function birthdayOf(raw: string): string | null {
  const s = raw.trim();
  let m = /^(\d{4})-?(\d{2})-?(\d{2})(?:T.*)?$/.exec(s);
  let year: string, month: string, day: string;
  if (m) [, year = "", month = "", day = ""] = m;
  else if ((m = /^--(\d{2})-?(\d{2})$/.exec(s))) [year, month, day] = ["1604", m[1] ?? "", m[2] ?? ""];
  else return null;
  const d = new Date(`${year}-${month}-${day}T00:00:00Z`);
  if (Number.isNaN(d.getTime()) || d.getUTCDate() !== Number(day) || d.getUTCMonth() + 1 !== Number(month)) return null;
  return `${year}-${month}-${day}T00:00:00Z`;
}

const PHOTO_TYPES: Record<string, string> = { JPEG: "image/jpeg", JPG: "image/jpeg", PNG: "image/png", GIF: "image/gif", BMP: "image/bmp" };

function sniff(bytes: Uint8Array): string | undefined {
  if (bytes[0] === 0xff && bytes[1] === 0xd8) return "image/jpeg";
  if (bytes[0] === 0x89 && bytes[1] === 0x50) return "image/png";
  if (bytes[0] === 0x47 && bytes[1] === 0x49) return "image/gif";
  return undefined;
}

function photoOf(p: ICAL.Property): ContactPhoto | undefined {
  const raw = valueText(p).trim();
  const data = /^data:([^;,]*)(;base64)?,(.*)$/is.exec(raw);
  if (data) {
    const bytes = data[2] ? Buffer.from(data[3] ?? "", "base64") : Buffer.from(decodeURIComponent(data[3] ?? ""), "utf8");
    return { contentType: data[1] || sniff(bytes) || "application/octet-stream", bytes: new Uint8Array(bytes) };
  }
  const encoding = String(p.getParameter("encoding") ?? "").toUpperCase();
  // Inline data says ENCODING=b (BASE64 in 2.1); ical.js types every vCard 3 PHOTO "binary", URLs too.
  if (encoding !== "B" && encoding !== "BASE64") return undefined;
  const bytes = new Uint8Array(Buffer.from(raw.replace(/\s+/g, ""), "base64"));
  const declared = [...types(p)].map((t) => PHOTO_TYPES[t.replace(/^IMAGE\//, "")]).find((t) => t !== undefined);
  return { contentType: sniff(bytes) ?? declared ?? "image/jpeg", bytes };
}

const IGNORED = new Set(["VERSION", "PRODID", "REV", "X-ABLABEL"]);

function cardToContact(card: ICAL.Component, opts: VcfToGraphOptions): SeededContact {
  const dropped: string[] = [];
  const props = card.getAllProperties();
  const named = (name: string): ICAL.Property[] => props.filter((p) => p.name === name);
  const first = (name: string): ICAL.Property | undefined => named(name)[0];
  const dropExtra = (name: string, keep: number, why: string): void => {
    const n = named(name).length;
    if (n > keep) dropped.push(`${n - keep} ${name.toUpperCase()}: ${why}`);
  };

  const n = first("n") ? structured(first("n") as ICAL.Property, " ") : [];
  const [surname = null, givenName = null, middleName = null, prefix = null, suffix = null] = [0, 1, 2, 3, 4].map((i) => orNull(n[i]));
  const org = first("org") ? structured(first("org") as ICAL.Property, ",") : [];
  dropExtra("n", 1, "Outlook keeps one name");
  dropExtra("org", 1, "Outlook keeps one company");
  if (org.length > 2 && org.slice(2).some((u) => u.length > 0)) dropped.push("ORG units below the department");

  const emails: EmailAddress[] = named("email").slice(0, MAX_EMAILS).map((p) => {
    const address = valueText(p).trim();
    return { name: address, address };
  });
  dropExtra("email", MAX_EMAILS, "Outlook keeps three email addresses");

  let mobilePhone: string | null = null;
  const homePhones: string[] = [];
  const businessPhones: string[] = [];
  for (const p of named("tel")) {
    const t = types(p);
    const number = valueText(p).trim().replace(/^tel:/i, "");
    const other = ["FAX", "PAGER", "TEXTPHONE", "MODEM", "CAR", "ISDN", "VIDEO", "BBS", "TEXT", "OTHER", "MAIN", "X-EVOLUTION-CALLBACK"].find((k) => t.has(k));
    if (other) dropped.push(`TEL ${other}: no such phone in Graph v1.0 contacts`);
    else if (t.has("CELL") || t.has("MOBILE") || t.has("IPHONE")) {
      if (mobilePhone === null) mobilePhone = number;
      else dropped.push("TEL CELL: Outlook keeps one mobile number");
    } else if (t.has("HOME")) {
      if (homePhones.length < MAX_PHONES) homePhones.push(number);
      else dropped.push("TEL HOME: Outlook keeps two home numbers");
    } else if (t.has("WORK")) {
      if (businessPhones.length < MAX_PHONES) businessPhones.push(number);
      else dropped.push("TEL WORK: Outlook keeps two business numbers");
    } else if (businessPhones.length < MAX_PHONES) businessPhones.push(number);
    else if (homePhones.length < MAX_PHONES) homePhones.push(number);
    else dropped.push("TEL: no free phone slot");
  }

  const addresses: Record<"home" | "business" | "other", PhysicalAddress | undefined> = { home: undefined, business: undefined, other: undefined };
  for (const p of named("adr")) {
    const t = types(p);
    const slot = t.has("HOME") ? "home" : t.has("WORK") ? "business" : "other";
    if (addresses[slot]) {
      dropped.push(`ADR (${slot}): Outlook keeps one ${slot} address`);
      continue;
    }
    const [box = "", ext = "", street = "", city = "", state = "", postalCode = "", country = ""] = structured(p, ",").map((f) => f.trim());
    addresses[slot] = {
      street: [box, ext, street].filter((s) => s.length > 0).join("\n"),
      city,
      state,
      postalCode,
      countryOrRegion: country,
    };
  }

  const urls = named("url");
  const work = urls.find((p) => types(p).has("WORK")) ?? urls[0];
  if (urls.length > 1) dropped.push(`${urls.length - 1} URL: Outlook keeps one web page in Graph v1.0`);

  const ims = [...named("impp"), ...named("x-ms-imaddress")].map((p) => valueText(p).trim()).filter((s) => s.length > 0);
  if (ims.length > MAX_IMS) dropped.push(`${ims.length - MAX_IMS} IM addresses: Outlook keeps three`);

  const xText = (...names: string[]): string | null => {
    for (const name of names) {
      const p = first(name);
      if (p) return orNull(valueText(p));
    }
    return null;
  };
  const spouseRelated = named("related").find((p) => types(p).has("SPOUSE") && !/^[a-z][a-z0-9+.-]*:/i.test(valueText(p)));

  const fnValue = orNull(first("fn") ? valueText(first("fn") as ICAL.Property) : "");
  dropExtra("fn", 1, "Outlook keeps one display name");
  const composed = orNull([prefix, givenName, middleName, surname, suffix].filter((s) => s).join(" "));
  const displayName = fnValue ?? composed ?? orNull(org[0]) ?? emails[0]?.address ?? "";

  const bdayRaw = first("bday") ? valueText(first("bday") as ICAL.Property) : "";
  const birthday = bdayRaw ? birthdayOf(bdayRaw) : null;
  if (bdayRaw && !birthday) dropped.push(`BDAY ${bdayRaw}: not a date Outlook can store`);

  const notes = named("note").map(valueText);
  const nick = named("nickname").flatMap((p) => p.getValues().map(String)).filter((s) => s.trim().length > 0);
  if (nick.length > 1) dropped.push(`${nick.length - 1} NICKNAME: Outlook keeps one`);
  dropExtra("title", 1, "Outlook keeps one job title");
  dropExtra("role", 1, "Outlook keeps one profession");

  const photos = named("photo").map(photoOf);
  const photo = photos.find((p) => p !== undefined);
  if (named("photo").length > (photo ? 1 : 0)) dropped.push("PHOTO: Outlook keeps one photo, and none by URL");

  const mapped = new Set(["n", "fn", "nickname", "org", "title", "role", "bday", "note", "email", "tel", "adr", "url", "impp", "x-ms-imaddress",
    "categories", "photo", "x-ms-manager", "x-evolution-manager", "x-manager", "x-ms-assistant", "x-evolution-assistant", "x-assistant",
    "x-ms-spouse", "x-evolution-spouse", "x-spouse", "x-phonetic-first-name", "x-phonetic-last-name", "x-phonetic-org", "x-evolution-file-as"]);
  for (const p of props) {
    if (!mapped.has(p.name) && !IGNORED.has(p.name.toUpperCase()) && !(p.name === "related" && p === spouseRelated)) dropped.push(`${p.name.toUpperCase()}: no Graph contact field`);
  }

  const rev = first("rev") ? valueText(first("rev") as ICAL.Property) : "";
  const revMs = Date.parse(rev.replace(/^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z$/, "$1-$2-$3T$4:$5:$6Z"));
  const stamp = graphTimestamp(Number.isFinite(revMs) ? revMs : (opts.now ?? (() => Date.now()))());
  const empty: PhysicalAddress = {};
  const contact: GraphContact = {
    id: opts.newId(),
    createdDateTime: stamp,
    lastModifiedDateTime: stamp,
    categories: named("categories").flatMap((p) => p.getValues().map(String)).filter((s) => s.length > 0),
    parentFolderId: opts.parentFolderId,
    birthday,
    // Outlook's default "File as": "Surname, Given", else the display name.
    fileAs: xText("x-evolution-file-as") ?? (surname && givenName ? `${surname}, ${givenName}` : displayName),
    displayName,
    givenName,
    initials: null,
    middleName,
    nickName: orNull(nick[0]),
    surname,
    title: prefix,
    yomiGivenName: xText("x-phonetic-first-name"),
    yomiSurname: xText("x-phonetic-last-name"),
    yomiCompanyName: xText("x-phonetic-org"),
    generation: suffix,
    imAddresses: ims.slice(0, MAX_IMS),
    jobTitle: first("title") ? orNull(valueText(first("title") as ICAL.Property)) : null,
    companyName: orNull(org[0]),
    department: orNull(org[1]),
    officeLocation: null,
    profession: first("role") ? orNull(valueText(first("role") as ICAL.Property)) : null,
    businessHomePage: work ? orNull(valueText(work)) : null,
    assistantName: xText("x-ms-assistant", "x-evolution-assistant", "x-assistant"),
    manager: xText("x-ms-manager", "x-evolution-manager", "x-manager"),
    homePhones,
    mobilePhone,
    businessPhones,
    spouseName: xText("x-ms-spouse", "x-evolution-spouse", "x-spouse") ?? (spouseRelated ? orNull(valueText(spouseRelated)) : null),
    personalNotes: notes.join("\n\n"),
    children: [],
    emailAddresses: emails,
    homeAddress: addresses.home ?? empty,
    businessAddress: addresses.business ?? { ...empty },
    otherAddress: addresses.other ?? { ...empty },
  };
  if (notes.length > 1) dropped.push(`${notes.length} NOTEs joined into one`);
  stampChangeKey(opts.parentFolderId, contact);
  return photo ? { contact, photo, dropped } : { contact, dropped };
}
