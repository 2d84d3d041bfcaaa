// The demo account's address books as vCard files: ~40 people in "Contacts" (one card per file,
// vCard 3.0 as Outlook and most phones export, 4.0 for a few), and a "Bücherclub" address book as
// one file holding several cards. Cards carry what a contacts backup must keep: several emails,
// phones and addresses, birthdays with and without a year, organisations, notes with line breaks,
// embedded PNG and JPEG photos, a relation, non-Latin names, and a person with no email at all.
import type { DemoRandom } from "./demo-random.js";
import { COLLEAGUES, PEOPLE, type Circle, type Person, type PostalAddress } from "./demo-people.js";
import { avatar, landscape } from "./demo-pictures.js";
import { encodeJpeg } from "./jpeg-image.js";
import { encodePng } from "./png-image.js";
import { slug } from "./demo-text.js";
import { card, escapeText, structured } from "./vcard-lines.js";

export interface ContactFile {
  book: string;
  name: string;
  vcf: string;
  cards: number;
  withPhoto: number;
  modified: Date;
}

const CATEGORY: Record<Circle, string> = {
  family: "Family",
  friend: "Friends",
  bookclub: "Book club",
  service: "Services",
  colleague: "Work",
  company: "Business",
};

function photoBytes(p: Person, rnd: DemoRandom): Buffer {
  // PNG: an identicon like a default avatar; JPEG: a small grainy "photo", as a phone camera makes.
  return p.photo === "png" ? encodePng(avatar(160, rnd), 9) : encodeJpeg(landscape(240, 240, rnd, 10), 82);
}

function iso(d: Date): string {
  return d.toISOString().replace(/\.\d{3}Z$/, "Z");
}

function adr(a: PostalAddress): string {
  return structured(["", "", a.street, a.city, a.region, a.postcode, a.country]);
}

function vcard3(p: Person, uid: string, rev: Date, photo: Buffer | undefined): string {
  const isOrg = !p.given && !p.family;
  const lines = ["VERSION:3.0", "PRODID:-//Lifeboat//Demo account//EN", `UID:${uid}`, `FN:${escapeText(p.display)}`, `N:${structured([p.family, p.given, "", "", ""])}`];
  if (p.nickname) lines.push(`NICKNAME:${escapeText(p.nickname)}`);
  if (p.org) lines.push(`ORG:${structured([p.org])}`);
  if (p.title) lines.push(`TITLE:${escapeText(p.title)}`);
  if (p.email) lines.push(`EMAIL;TYPE=INTERNET,${p.circle === "colleague" || p.circle === "service" || isOrg ? "WORK" : "HOME"},PREF:${p.email}`);
  for (const e of p.otherEmails ?? []) lines.push(`EMAIL;TYPE=INTERNET,${e.type.toUpperCase()}:${e.address}`);
  for (const t of p.phones ?? []) lines.push(`TEL;TYPE=${t.type.toUpperCase()},VOICE:${t.number}`);
  if (p.address) lines.push(`ADR;TYPE=HOME:${adr(p.address)}`);
  if (p.workAddress) lines.push(`ADR;TYPE=WORK:${adr(p.workAddress)}`);
  if (p.birthday) lines.push(`BDAY:${p.birthday}`);
  if (p.url) lines.push(`URL:${p.url}`);
  if (p.note) lines.push(`NOTE:${escapeText(p.note)}`);
  lines.push(`CATEGORIES:${escapeText(CATEGORY[p.circle])}`);
  if (isOrg) lines.push("X-ABShowAs:COMPANY");
  if (photo) lines.push(`PHOTO;ENCODING=b;TYPE=${p.photo === "png" ? "PNG" : "JPEG"}:${photo.toString("base64")}`);
  lines.push(`REV:${iso(rev)}`);
  return card(lines);
}

function tel4(number: string): string {
  return `tel:${number.replace(/\s+/g, "-")}`;
}

function vcard4(p: Person, uid: string, rev: Date, photo: Buffer | undefined, related?: string): string {
  const isOrg = !p.given && !p.family;
  const lines = ["VERSION:4.0", "PRODID:-//Lifeboat//Demo account//EN", `UID:${uid}`, `KIND:${isOrg ? "org" : "individual"}`, `FN:${escapeText(p.display)}`];
  if (!isOrg) lines.push(`N:${structured([p.family, p.given, "", "", ""])}`);
  if (p.nickname) lines.push(`NICKNAME:${escapeText(p.nickname)}`);
  if (p.org) lines.push(`ORG:${structured([p.org])}`);
  if (p.title) lines.push(`TITLE:${escapeText(p.title)}`);
  if (p.email) lines.push(`EMAIL;TYPE=${p.circle === "colleague" || p.circle === "service" || isOrg ? "work" : "home"};PREF=1:${p.email}`);
  for (const e of p.otherEmails ?? []) lines.push(`EMAIL;TYPE=${e.type}:${e.address}`);
  for (const t of p.phones ?? []) lines.push(`TEL;VALUE=uri;TYPE="${t.type},voice":${tel4(t.number)}`);
  if (p.address) lines.push(`ADR;TYPE=home:${adr(p.address)}`);
  if (p.workAddress) lines.push(`ADR;TYPE=work:${adr(p.workAddress)}`);
  if (p.birthday) lines.push(`BDAY:${p.birthday.startsWith("--") ? p.birthday.replace(/-/g, "").replace(/^/, "--") : p.birthday.replace(/-/g, "")}`);
  if (p.url) lines.push(`URL:${p.url}`);
  if (p.note) lines.push(`NOTE:${escapeText(p.note)}`);
  if (related) lines.push(`RELATED;TYPE=spouse:${related}`);
  lines.push(`CATEGORIES:${escapeText(CATEGORY[p.circle])}`);
  if (photo) lines.push(`PHOTO:data:image/${p.photo === "png" ? "png" : "jpeg"};base64,${photo.toString("base64")}`);
  lines.push(`REV:${iso(rev).replace(/[-:]/g, "")}`);
  return card(lines);
}

function cardsFor(people: readonly Person[], rnd: DemoRandom): Map<string, { text: string; photo: boolean; rev: Date }> {
  const uids = new Map(people.map((p) => [p.id, `urn:uuid:${rnd.guid()}`]));
  const out = new Map<string, { text: string; photo: boolean; rev: Date }>();
  for (const p of people) {
    const rev = rnd.dateBetween(Date.UTC(2014, 0, 1), Date.UTC(2025, 10, 1));
    const photo = p.photo ? photoBytes(p, rnd) : undefined;
    // Nadia's 4.0 card points at Tom's card: RELATED is a 4.0-only property.
    const related = p.id === "nadia-fletcher" ? uids.get("tom-fletcher") : undefined;
    const uid = uids.get(p.id)!;
    const text = p.vcard === "4.0" ? vcard4(p, uid, rev, photo, related) : vcard3(p, uid.replace(/^urn:uuid:/, ""), rev, photo);
    out.set(p.id, { text, photo: !!photo, rev });
  }
  return out;
}

function group(book: string, people: readonly Person[], rnd: DemoRandom, oneFile?: string): ContactFile[] {
  const cards = cardsFor(people, rnd);
  if (oneFile) {
    const all = people.map((p) => cards.get(p.id)!);
    return [{ book, name: oneFile, vcf: all.map((c) => c.text).join(""), cards: all.length, withPhoto: all.filter((c) => c.photo).length, modified: new Date(Math.max(...all.map((c) => c.rev.getTime()))) }];
  }
  return people.map((p) => {
    const c = cards.get(p.id)!;
    return { book, name: `${slug(p.display, 40, p.id)}.vcf`, vcf: c.text, cards: 1, withPhoto: c.photo ? 1 : 0, modified: c.rev };
  });
}

export function personalContacts(rnd: DemoRandom): ContactFile[] {
  const main = PEOPLE.filter((p) => !p.book);
  const club = PEOPLE.filter((p) => p.book === "Bücherclub");
  return [...group("Contacts", main, rnd), ...group("Bücherclub", club, rnd, "buecherclub.vcf")];
}

export function workContacts(rnd: DemoRandom): ContactFile[] {
  return group("Contacts", COLLEAGUES, rnd);
}
