// A Graph contact as a vCard 4.0 (RFC 6350), built with ical.js, which escapes values and folds
// lines at 75 octets' worth of characters. The Graph JSON stays the source of truth in the archive;
// the .vcf is the portable copy, so standard properties come first and Microsoft-only fields use the
// X- names Outlook itself writes (X-MS-MANAGER, X-MS-ASSISTANT, X-MS-IMADDRESS) or X-MICROSOFT-GRAPH-*.
//
// Mapping (Graph -> vCard): displayName -> FN; surname/givenName/middleName/title/generation -> N;
// nickName -> NICKNAME; companyName/department -> ORG; jobTitle -> TITLE; profession -> ROLE;
// birthday -> BDAY (year 1604, Outlook's "no year", -> --MMDD); personalNotes -> NOTE;
// emailAddresses -> EMAIL; mobilePhone/homePhones/businessPhones -> TEL;TYPE=cell/home/work;
// home/business/otherAddress -> ADR;TYPE=home/work/(none); businessHomePage -> URL;TYPE=work;
// imAddresses -> IMPP (URIs) or X-MS-IMADDRESS (bare handles); categories -> CATEGORIES;
// spouseName/children -> RELATED;VALUE=text;TYPE=spouse/child; manager/assistantName -> X-MS-MANAGER/
// X-MS-ASSISTANT; yomi names -> X-PHONETIC-FIRST-NAME/-LAST-NAME/-ORG (Apple's and Android's names);
// photo -> PHOTO as a data: URI; id, changeKey, parentFolderId, fileAs, initials, officeLocation ->
// X-MICROSOFT-GRAPH-*; lastModifiedDateTime -> REV; UID = urn:uuid derived from the Graph id.

import { createHash } from "node:crypto";

import ICAL from "ical.js";

import type { ContactPhoto, GraphContact, PhysicalAddress } from "../../../../../shared/graph-types.js";
import { rewriteLines } from "./content-line-folding.js";
import { LIFEBOAT_PRODID } from "./graph-events-to-ics.js";

/** A stable urn:uuid (RFC 4122 name-based, SHA-1) for a Graph id, so re-exports keep their UID. */
function uidFor(id: string): string {
  const h = createHash("sha1").update("lifeboat:microsoft-graph:contact:").update(id).digest();
  h[6] = ((h[6] ?? 0) & 0x0f) | 0x50;
  h[8] = ((h[8] ?? 0) & 0x3f) | 0x80;
  const x = h.subarray(0, 16).toString("hex");
  return `urn:uuid:${x.slice(0, 8)}-${x.slice(8, 12)}-${x.slice(12, 16)}-${x.slice(16, 20)}-${x.slice(20, 32)}`;
}

/** ical.js escapes LF but writes CR raw (a line end to every reader); Outlook text is CRLF. */
function lf(s: string): string {
  return s.replace(/\r\n?/g, "\n");
}

function has(s: string | null | undefined): s is string {
  return typeof s === "string" && s.trim().length > 0;
}

const LIST_PROPERTIES = new Set(["categories", "nickname"]);

function add(card: ICAL.Component, name: string, value: string | string[], params: Record<string, string> = {}, type?: string): void {
  const p = new ICAL.Property(name);
  for (const [k, v] of Object.entries(params)) p.setParameter(k, v);
  // X- properties are "unknown" to ical.js and would not be escaped; their values are text.
  if (type) p.resetType(type);
  else if (name.startsWith("x-")) p.resetType("text");
  // A list is one structured value (N, ADR, ORG), except for the comma-separated list properties.
  if (Array.isArray(value) && LIST_PROPERTIES.has(name)) p.setValues(value.map(lf));
  else if (Array.isArray(value)) p.setValue(value.map(lf));
  else p.setValue(lf(value));
  card.addProperty(p);
}

function addText(card: ICAL.Component, name: string, value: string | null | undefined, params: Record<string, string> = {}): void {
  if (has(value)) add(card, name, value, params);
}

function addAddress(card: ICAL.Component, a: PhysicalAddress | undefined, type: string | undefined): void {
  if (!a) return;
  const fields = [a.street, a.city, a.state, a.postalCode, a.countryOrRegion].map((f) => f ?? "");
  if (fields.every((f) => f.trim().length === 0)) return;
  add(card, "adr", ["", "", ...fields], type ? { type } : {});
}

function birthday(b: string | null): string | undefined {
  const m = b ? /^(\d{4})-(\d{2})-(\d{2})/.exec(b) : null;
  if (!m) return undefined;
  return m[1] === "1604" ? `--${m[2]}${m[3]}` : `${m[1]}${m[2]}${m[3]}`;
}

function revOf(s: string | undefined): string | undefined {
  const ms = s ? Date.parse(s) : NaN;
  return Number.isFinite(ms) ? new Date(ms).toISOString().replace(/[-:]/g, "").replace(/\.\d{3}Z$/, "Z") : undefined;
}

/**
 * URI values are not TEXT: a comma in them is part of the URI ("data:image/jpeg;base64,..."), and
 * readers do not unescape it, but ical.js escapes it anyway, so it is undone on these lines.
 */
const URI_PROPERTIES = new Set(["PHOTO", "URL", "IMPP", "UID"]);

/** One contact as a vCard 4.0 text (CRLF line ends, folded at 75 octets). */
export function graphContactToVcard(contact: GraphContact, photo?: ContactPhoto): string {
  return rewriteLines(buildCard(contact, photo).toString(), URI_PROPERTIES, (line) => line.replace(/\\,/g, ","));
}

/** An address book file: the contacts' vCards one after another. */
export function graphContactsToVcf(list: Array<{ contact: GraphContact; photo?: ContactPhoto }>): string {
  return list.map((c) => graphContactToVcard(c.contact, c.photo)).join("");
}

function buildCard(c: GraphContact, photo: ContactPhoto | undefined): ICAL.Component {
  const card = new ICAL.Component("vcard");
  add(card, "version", "4.0");
  add(card, "prodid", LIFEBOAT_PRODID);
  add(card, "uid", uidFor(c.id), {}, "uri");
  const composed = [c.title, c.givenName, c.middleName, c.surname, c.generation].filter(has).join(" ");
  // FN is required; Outlook allows a contact with no name at all.
  add(card, "fn", has(c.displayName) ? c.displayName : composed || c.emailAddresses[0]?.address || c.companyName || "");
  if ([c.surname, c.givenName, c.middleName, c.title, c.generation].some(has)) {
    add(card, "n", [c.surname ?? "", c.givenName ?? "", c.middleName ?? "", c.title ?? "", c.generation ?? ""]);
  }
  addText(card, "nickname", c.nickName);
  if (has(c.companyName) || has(c.department)) {
    add(card, "org", has(c.department) ? [c.companyName ?? "", c.department] : [c.companyName ?? ""]);
  }
  addText(card, "title", c.jobTitle);
  addText(card, "role", c.profession);
  const bday = birthday(c.birthday);
  if (bday) add(card, "bday", bday, {}, "date-and-or-time");
  addText(card, "note", c.personalNotes);
  for (const e of c.emailAddresses ?? []) if (has(e.address)) add(card, "email", e.address);
  if (has(c.mobilePhone)) add(card, "tel", c.mobilePhone, { type: "cell" }, "text");
  for (const t of c.homePhones ?? []) if (has(t)) add(card, "tel", t, { type: "home" }, "text");
  for (const t of c.businessPhones ?? []) if (has(t)) add(card, "tel", t, { type: "work" }, "text");
  addAddress(card, c.homeAddress, "home");
  addAddress(card, c.businessAddress, "work");
  addAddress(card, c.otherAddress, undefined);
  if (has(c.businessHomePage)) add(card, "url", c.businessHomePage, { type: "work" }, "uri");
  for (const im of c.imAddresses ?? []) {
    if (!has(im)) continue;
    if (/^[a-z][a-z0-9+.-]*:/i.test(im)) add(card, "impp", im, {}, "uri");
    else add(card, "x-ms-imaddress", im);
  }
  if (c.categories?.length) add(card, "categories", c.categories);
  if (has(c.spouseName)) add(card, "related", c.spouseName, { type: "spouse" }, "text");
  for (const child of c.children ?? []) if (has(child)) add(card, "related", child, { type: "child" }, "text");
  addText(card, "x-ms-manager", c.manager);
  addText(card, "x-ms-assistant", c.assistantName);
  addText(card, "x-phonetic-first-name", c.yomiGivenName);
  addText(card, "x-phonetic-last-name", c.yomiSurname);
  addText(card, "x-phonetic-org", c.yomiCompanyName);
  if (photo && photo.bytes.length > 0) {
    add(card, "photo", `data:${photo.contentType || "application/octet-stream"};base64,${Buffer.from(photo.bytes).toString("base64")}`, {}, "uri");
  }
  const rev = revOf(c.lastModifiedDateTime);
  if (rev) add(card, "rev", rev, {}, "timestamp");
  addText(card, "x-microsoft-graph-id", c.id);
  addText(card, "x-microsoft-graph-changekey", c.changeKey);
  addText(card, "x-microsoft-graph-parentfolderid", c.parentFolderId);
  addText(card, "x-microsoft-graph-fileas", c.fileAs);
  addText(card, "x-microsoft-graph-initials", c.initials);
  addText(card, "x-microsoft-graph-officelocation", c.officeLocation);
  return card;
}
