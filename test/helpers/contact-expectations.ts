// The comparable form of a vCard as the round-trip test checks it: the contact fields Graph v1.0
// holds, each filled the way Outlook fills its slots (the rules vcf-to-graph-contacts.ts documents,
// restated here on the Python reading so they are checked, not assumed). The same projection reads
// the fixture and the exported vCard 4.0, so an export that says the same thing differently (TYPE
// spellings, BDAY formats, a composed FN) compares equal, and `contactLosses` lists, per card, what
// the projection had to drop from the fixture.

import type { PyCard } from "./pim-normalise.js";

export interface ComparableContact {
  displayName: string;
  n: string[];
  nickname: string;
  company: string;
  department: string;
  jobTitle: string;
  profession: string;
  birthday: string | null;
  notes: string;
  emails: string[];
  mobile: string;
  homePhones: string[];
  businessPhones: string[];
  addresses: Record<"home" | "business" | "other", Record<string, string> | null>;
  url: string;
  ims: string[];
  categories: string[];
  manager: string;
  assistant: string;
  spouse: string;
  yomi: string[];
  photo: string | null;
}

const NOT_A_PHONE_SLOT = ["FAX", "PAGER", "TEXTPHONE", "MODEM", "CAR", "ISDN", "VIDEO", "BBS", "TEXT", "OTHER", "MAIN", "X-EVOLUTION-CALLBACK"];

function clean(s: string | undefined): string {
  return (s ?? "").replace(/\r\n?/g, "\n").trim();
}

function firstX(card: PyCard, ...names: string[]): string {
  for (const n of names) {
    const v = card.x[n]?.[0]?.value;
    if (v !== undefined && clean(v).length > 0) return clean(v);
  }
  return "";
}

/** "1980-03-22" or "--03-22" (no year), or null when BDAY is not a real date. */
export function birthdayOf(raw: string | undefined): string | null {
  const s = clean(raw);
  let m = /^(\d{4})-?(\d{2})-?(\d{2})(?:T.*)?$/.exec(s);
  let y: string, mo: string, d: string;
  if (m) [, y = "", mo = "", d = ""] = m;
  else if ((m = /^--(\d{2})-?(\d{2})$/.exec(s))) [y, mo, d] = ["", m[1] ?? "", m[2] ?? ""];
  else return null;
  const check = new Date(`${y || "2000"}-${mo}-${d}T00:00:00Z`);
  if (Number.isNaN(check.getTime()) || check.getUTCDate() !== Number(d)) return null;
  return y ? `${y}-${mo}-${d}` : `--${mo}-${d}`;
}

function phones(card: PyCard): { mobile: string; home: string[]; business: string[]; lost: string[] } {
  let mobile = "";
  const home: string[] = [];
  const business: string[] = [];
  const lost: string[] = [];
  for (const t of card.tel) {
    const types = new Set(t.types);
    const other = NOT_A_PHONE_SLOT.find((k) => types.has(k));
    if (other) lost.push(`tel:${other.toLowerCase()}`);
    else if (types.has("CELL") || types.has("MOBILE") || types.has("IPHONE")) {
      if (!mobile) mobile = clean(t.value);
      else lost.push("tel:extra");
    } else if (types.has("HOME")) {
      if (home.length < 2) home.push(clean(t.value));
      else lost.push("tel:extra");
    } else if (types.has("WORK")) {
      if (business.length < 2) business.push(clean(t.value));
      else lost.push("tel:extra");
    } else {
      // A number of no kind takes the first free business, then home slot: it comes back typed.
      lost.push("tel:untyped");
      if (business.length < 2) business.push(clean(t.value));
      else if (home.length < 2) home.push(clean(t.value));
      else lost.push("tel:extra");
    }
  }
  return { mobile, home, business, lost };
}

function addresses(card: PyCard): { slots: ComparableContact["addresses"]; lost: string[] } {
  const slots: ComparableContact["addresses"] = { home: null, business: null, other: null };
  const lost: string[] = [];
  for (const a of card.adr) {
    const types = new Set(a.types);
    const slot = types.has("HOME") ? "home" : types.has("WORK") ? "business" : "other";
    if (slots[slot]) {
      lost.push("adr:extra");
      continue;
    }
    const [box = "", ext = "", street = "", city = "", state = "", postalCode = "", country = ""] = a.fields.map(clean);
    if (box || ext) lost.push("adr:pobox-extended");
    const value = { street: [box, ext, street].filter((s) => s.length > 0).join("\n"), city, state, postalCode, country };
    slots[slot] = Object.values(value).some((v) => v.length > 0) ? value : null;
  }
  return { slots, lost };
}

export function comparableContact(card: PyCard): ComparableContact {
  const n = (card.n ?? ["", "", "", "", ""]).map(clean);
  const [surname = "", given = "", middle = "", prefix = "", suffix = ""] = n;
  const org = card.org[0]?.map(clean) ?? [];
  const emails = card.email.slice(0, 3).map((e) => clean(e.value));
  const composed = [prefix, given, middle, surname, suffix].filter((s) => s).join(" ");
  const p = phones(card);
  const urls = card.url;
  const url = (urls.find((u) => u.types.includes("WORK")) ?? urls[0])?.value ?? "";
  const ims = [...card.impp, ...(card.x["X-MS-IMADDRESS"] ?? []).map((x) => x.value)].map(clean).filter((s) => s).slice(0, 3);
  const spouseRelated = (card.x.RELATED ?? []).find((r) => r.types.includes("SPOUSE") && !/^[a-z][a-z0-9+.-]*:/i.test(r.value));
  return {
    displayName: clean(card.fn[0]) || composed || org[0] || emails[0] || "",
    n,
    nickname: clean(card.nickname[0]),
    company: org[0] ?? "",
    department: org[1] ?? "",
    jobTitle: clean(card.title[0]),
    profession: clean(card.role[0]),
    birthday: card.bday.length ? birthdayOf(card.bday[0]) : null,
    notes: card.note.map((x) => x.replace(/\r\n?/g, "\n")).join("\n\n").trim(),
    emails,
    mobile: p.mobile,
    homePhones: p.home,
    businessPhones: p.business,
    addresses: addresses(card).slots,
    url: clean(url),
    ims,
    categories: card.categories.map(clean).filter((s) => s),
    manager: firstX(card, "X-MS-MANAGER", "X-EVOLUTION-MANAGER", "X-MANAGER"),
    assistant: firstX(card, "X-MS-ASSISTANT", "X-EVOLUTION-ASSISTANT", "X-ASSISTANT"),
    spouse: firstX(card, "X-MS-SPOUSE", "X-EVOLUTION-SPOUSE", "X-SPOUSE") || clean(spouseRelated?.value),
    yomi: [firstX(card, "X-PHONETIC-FIRST-NAME"), firstX(card, "X-PHONETIC-LAST-NAME"), firstX(card, "X-PHONETIC-ORG")],
    photo: card.photo.find((ph) => ph.sha256 !== null)?.sha256 ?? null,
  };
}

/** Properties the projection reads (others are lost: Graph v1.0 contacts have no field for them). */
const MAPPED = new Set([
  "VERSION", "FN", "N", "NICKNAME", "ORG", "TITLE", "ROLE", "BDAY", "NOTE", "EMAIL", "TEL", "ADR", "URL", "IMPP", "CATEGORIES", "PHOTO",
  "X-MS-IMADDRESS", "X-MS-MANAGER", "X-EVOLUTION-MANAGER", "X-MANAGER", "X-MS-ASSISTANT", "X-EVOLUTION-ASSISTANT", "X-ASSISTANT",
  "X-MS-SPOUSE", "X-EVOLUTION-SPOUSE", "X-SPOUSE", "X-PHONETIC-FIRST-NAME", "X-PHONETIC-LAST-NAME", "X-PHONETIC-ORG", "REV",
  // RELATED: the spouse is kept (others are "related:other"); X-EVOLUTION-FILE-AS becomes fileAs
  // (exported as X-MICROSOFT-GRAPH-FILEAS, Graph-only, so not compared).
  "RELATED", "X-EVOLUTION-FILE-AS",
  // The producer of the file; the export names its own.
  "PRODID",
]);

/** What a fixture card holds that Graph v1.0 cannot, as loss codes. */
export function contactLosses(card: PyCard): string[] {
  const out = new Set<string>();
  for (const p of card.properties) if (!MAPPED.has(p)) out.add(`property:${p}`);
  if (card.email.length > 3) out.add("email:extra");
  if (card.email.some((e) => e.types.some((t) => !["INTERNET", "PREF", "X400"].includes(t)))) out.add("email:types");
  for (const l of phones(card).lost) out.add(l);
  for (const l of addresses(card).lost) out.add(l);
  if (card.url.length > 1) out.add("url:extra");
  const ims = card.impp.length + (card.x["X-MS-IMADDRESS"]?.length ?? 0);
  if (ims > 3) out.add("impp:extra");
  if (card.nickname.length > 1) out.add("nickname:extra");
  if (card.fn.length > 1) out.add("fn:extra");
  if ((card.counts.N ?? 0) > 1) out.add("n:extra");
  if (card.org.length > 1) out.add("org:extra");
  if (card.org.some((o) => o.slice(2).some((u) => u.trim().length > 0))) out.add("org:units");
  if (card.title.length > 1) out.add("title:extra");
  if (card.role.length > 1) out.add("role:extra");
  if (card.bday.length > 0 && birthdayOf(card.bday[0]) === null) out.add("bday:invalid");
  if (card.bday.length > 1) out.add("bday:extra");
  if (card.note.length > 1) out.add("note:joined");
  const inline = card.photo.filter((p) => p.sha256 !== null).length;
  if (card.photo.some((p) => p.sha256 === null)) out.add("photo:uri");
  if (inline > 1) out.add("photo:extra");
  const related = card.x.RELATED ?? [];
  if (related.some((r) => !(r.types.includes("SPOUSE") && !/^[a-z][a-z0-9+.-]*:/i.test(r.value)))) out.add("related:other");
  return [...out];
}
