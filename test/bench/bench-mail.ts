// Synthetic but realistic e-mail text: RFC 822 / 5322 headers (Received chains, Message-ID,
// MIME), prose drawn from a Zipf-skewed vocabulary (so it compresses about like real mail), quoted
// replies, signatures, and now and then a small base64 attachment (which does not compress well).
import type { Rng } from "./bench-rng.js";

const FIRST = ["Anna", "Ben", "Clara", "David", "Elif", "Farid", "Greta", "Hugo", "Ines", "Jonas", "Kemal", "Lena", "Marta", "Nils", "Olga", "Pablo", "Quinn", "Rosa", "Sven", "Tara", "Ugo", "Vera", "Wen", "Yusuf", "Zoë", "Chloé", "Søren", "José", "Mateusz", "Aiko"];
const LAST = ["Berg", "Schmidt", "Novak", "García", "Rossi", "Dubois", "Nielsen", "Kowalski", "Yilmaz", "Tanaka", "Okafor", "Murphy", "Lindqvist", "Moreau", "Fischer", "Silva", "Hansen", "Ivanova", "Chen", "Patel"];
const DOMAINS = ["example.com", "example.org", "mail.example.net", "acme.example", "university.example.edu", "photo-club.example", "bank.example", "shop.example", "lists.example.org", "work.example.org"];
const MAILERS = ["Apple Mail (2.3696.120.41.1.1)", "Mozilla Thunderbird 115.6.0", "Microsoft Outlook 16.0", "Roundcube Webmail/1.6.5", "K-9 Mail for Android", "Evolution 3.44.4"];

// Common words first: picked with a skew, so frequencies are Zipf-like.
const WORDS = (
  "the of and to a in that is for it as was with be by on not he this are or his from at which but have an they you were " +
  "her she there been one all we their has would when if so no will can more about said what out up them some only into time " +
  "could new like other then than first any now may our these people also well just over after two very years how most back " +
  "think see work make get much good way know want day week meeting please thanks thank let me your us here next project " +
  "update attached document schedule tomorrow monday friday morning afternoon evening call team plan budget review draft final " +
  "version deadline client invoice payment order delivery shipping account password report notes agenda question answer idea " +
  "photos holiday trip flight hotel train ticket booking dinner lunch coffee weekend family kids school garden house kitchen " +
  "apartment rent contract insurance doctor appointment birthday party present wedding christmas summer winter spring autumn " +
  "weather rain snow sunny mountain lake beach city museum concert book film series recipe cake bread soup vegetables market " +
  "running cycling hiking football training match season club member newsletter subscription unsubscribe offer discount sale " +
  "release server database backup storage migration deploy pipeline issue ticket bug feature request merge branch commit test " +
  "performance latency throughput memory disk network cluster incident postmortem customer support priority estimate sprint " +
  "roadmap quarter revenue forecast hiring interview candidate offer onboarding laptop access permission security audit policy " +
  "compliance privacy encryption certificate renewal domain license vendor quote purchase approval signature scan receipt tax " +
  "return refund statement balance transfer card statement pension savings mortgage loan interest rate bill electricity heating " +
  "internet phone plan upgrade repair warranty manual instructions configuration settings installation problem solution however " +
  "therefore although because meanwhile unfortunately fortunately actually basically probably definitely certainly perhaps " +
  "quickly slowly carefully exactly roughly nearly almost already still again soon later today yesterday earlier afterwards " +
  "Grüße café naïve Zürich São Paulo Kraków smörgåsbord jalapeño façade déjà vu"
).split(" ");

const TOPICS = ["quarterly report", "weekend plans", "your order", "project Apollo", "the new schedule", "holiday photos", "invoice", "flat viewing", "dentist appointment", "club meeting", "server migration", "release notes", "tax return", "birthday party", "train tickets", "contract renewal", "budget review", "recipe", "book club", "garden"];
const SIGNATURES = ["Best regards,", "Cheers,", "Thanks,", "Kind regards,", "Liebe Grüße,", "Talk soon,", "--\nSent from my phone"];

const MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];
const DAYS = ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"];

const pad2 = (n: number): string => String(n).padStart(2, "0");

/** RFC 5322 date-time with a numeric zone. */
export function rfc5322Date(ms: number, zoneMinutes: number): string {
  const d = new Date(ms + zoneMinutes * 60_000);
  const sign = zoneMinutes < 0 ? "-" : "+";
  const z = Math.abs(zoneMinutes);
  return `${DAYS[d.getUTCDay()]}, ${d.getUTCDate()} ${MONTHS[d.getUTCMonth()]} ${d.getUTCFullYear()} ${pad2(d.getUTCHours())}:${pad2(d.getUTCMinutes())}:${pad2(d.getUTCSeconds())} ${sign}${pad2(Math.floor(z / 60))}${pad2(z % 60)}`;
}

/** The asctime-style date of an mbox "From " line. */
export function mboxDate(ms: number): string {
  const d = new Date(ms);
  return `${DAYS[d.getUTCDay()]} ${MONTHS[d.getUTCMonth()]} ${String(d.getUTCDate()).padStart(2, " ")} ${pad2(d.getUTCHours())}:${pad2(d.getUTCMinutes())}:${pad2(d.getUTCSeconds())} ${d.getUTCFullYear()}`;
}

function person(r: Rng): { name: string; addr: string } {
  const f = r.pick(FIRST);
  const l = r.pick(LAST);
  const local = `${f}.${l}`.toLowerCase().normalize("NFD").replace(/[^a-z.]/g, "");
  return { name: `${f} ${l}`, addr: `${local}@${r.pick(DOMAINS)}` };
}

function sentence(r: Rng): string {
  const n = r.int(5, 22);
  const words: string[] = [];
  for (let i = 0; i < n; i++) words.push(r.skewed(WORDS));
  if (r.chance(0.05)) words.push(String(r.int(2, 5000)));
  const s = words.join(" ");
  return s.charAt(0).toUpperCase() + s.slice(1) + r.pick([".", ".", ".", "?", "!"]);
}

function paragraph(r: Rng, width = 72): string {
  const n = r.int(1, 6);
  const text: string[] = [];
  for (let i = 0; i < n; i++) text.push(sentence(r));
  // Wrap like a mail client does (format=flowed-ish, hard wraps at ~72 columns).
  const out: string[] = [];
  let line = "";
  for (const w of text.join(" ").split(" ")) {
    if (line.length + w.length + 1 > width && line) {
      out.push(line);
      line = w;
    } else line = line ? `${line} ${w}` : w;
  }
  if (line) out.push(line);
  return out.join("\n");
}

function base64Lines(b: Buffer): string {
  return (b.toString("base64").match(/.{1,76}/g) ?? []).join("\n");
}

export interface MailOptions {
  /** Approximate size in bytes (UTF-8) of the whole message. */
  targetBytes: number;
  dateMs: number;
  /** The mailbox owner's address (To for received mail, From for sent). */
  owner: string;
  sent: boolean;
}

/** One RFC 822 message. */
export function mailText(r: Rng, o: MailOptions): string {
  const other = person(r);
  const ownerName = "Anna Berg";
  const zone = r.pick([0, 60, 120, -300, -240, 330, 540]);
  const date = rfc5322Date(o.dateMs, zone);
  const topic = r.pick(TOPICS);
  const subject = r.weighted<string>([
    [`Re: ${topic}`, 4],
    [`Fwd: ${topic}`, 1],
    [topic.charAt(0).toUpperCase() + topic.slice(1), 3],
    [`Invoice #${r.int(10000, 99999)}`, 1],
    [`Your order ${r.int(100, 999)}-${r.int(1000000, 9999999)} has shipped`, 1],
    [`[photo-club] ${topic}`, 1],
  ]);
  const msgId = `<${r.hex(16)}.${r.hex(8)}@${r.pick(DOMAINS)}>`;
  const from = o.sent ? `${ownerName} <${o.owner}>` : `${other.name} <${other.addr}>`;
  const to = o.sent ? `${other.name} <${other.addr}>` : `${ownerName} <${o.owner}>`;
  const hops = r.int(1, 3);
  const head: string[] = [`Return-Path: <${o.sent ? o.owner : other.addr}>`, `Delivered-To: ${o.owner}`];
  for (let i = 0; i < hops; i++) {
    head.push(
      `Received: from mail-${r.hex(4)}.${r.pick(DOMAINS)} (mail-${r.hex(4)}.${r.pick(DOMAINS)} [198.51.100.${r.int(1, 254)}])\n` +
        `\tby mx${r.int(1, 9)}.${r.pick(DOMAINS)} with ESMTPS id ${r.hex(12)}\n\tfor <${o.owner}>; ${date}`,
    );
  }
  head.push(
    `DKIM-Signature: v=1; a=rsa-sha256; c=relaxed/relaxed; d=${r.pick(DOMAINS)}; s=s${r.int(1, 4)};\n\th=from:to:subject:date:message-id; bh=${r.bytes(32).toString("base64")};\n\tb=${base64Lines(r.bytes(96)).replace(/\n/g, "\n\t ")}`,
    `Date: ${date}`,
    `From: ${from}`,
    `To: ${to}`,
  );
  if (r.chance(0.25)) head.push(`Cc: ${person(r).name} <${person(r).addr}>`);
  head.push(`Subject: ${subject}`, `Message-ID: ${msgId}`);
  if (subject.startsWith("Re:")) head.push(`In-Reply-To: <${r.hex(16)}@${r.pick(DOMAINS)}>`);
  head.push(`X-Mailer: ${r.pick(MAILERS)}`, "MIME-Version: 1.0");

  const attach = o.targetBytes > 4096 && r.chance(0.12);
  const boundary = `----=_Part_${r.int(100000, 999999)}_${r.hex(10)}`;
  if (attach) head.push(`Content-Type: multipart/mixed; boundary="${boundary}"`);
  else head.push("Content-Type: text/plain; charset=utf-8; format=flowed", "Content-Transfer-Encoding: 8bit");

  let msg = head.join("\n") + "\n\n";
  if (attach) msg += `This is a multi-part message in MIME format.\n\n--${boundary}\nContent-Type: text/plain; charset=utf-8\nContent-Transfer-Encoding: 8bit\n\n`;
  const attachBytes = attach ? Math.floor(o.targetBytes * r.int(30, 60) / 100) : 0;
  const textTarget = o.targetBytes - attachBytes * 1.4;
  const greet = `${r.pick(["Hi", "Hello", "Dear", "Hey"])} ${o.sent ? other.name.split(" ")[0] : "Anna"},\n\n`;
  const parts = [greet];
  let len = msg.length + greet.length;
  let quoting = false;
  while (len < textTarget) {
    let p = paragraph(r);
    if (!quoting && r.chance(0.08)) {
      quoting = true;
      parts.push(`On ${rfc5322Date(o.dateMs - r.int(3600, 864000) * 1000, zone)}, ${other.name} wrote:\n`);
    }
    if (quoting) p = p.replace(/^/gm, "> ");
    parts.push(p + "\n\n");
    len += p.length + 2;
  }
  parts.push(`${r.pick(SIGNATURES)}\n${o.sent ? ownerName : other.name}\n`);
  msg += parts.join("");
  if (attach) {
    const name = r.pick(["scan.pdf", "IMG_2231.jpg", "statement.pdf", "ticket.pdf", "photo.heic"]);
    msg +=
      `\n--${boundary}\nContent-Type: application/octet-stream; name="${name}"\n` +
      `Content-Disposition: attachment; filename="${name}"\nContent-Transfer-Encoding: base64\n\n` +
      base64Lines(r.bytes(attachBytes)) +
      `\n--${boundary}--\n`;
  }
  return msg;
}

/** Cuts `s` to at most `maxBytes` UTF-8 bytes at a line end, keeping at least `minBytes`. */
export function clampUtf8(s: string, minBytes: number, maxBytes: number): Buffer {
  let b = Buffer.from(s, "utf8");
  if (b.length > maxBytes) {
    const nl = b.lastIndexOf(0x0a, maxBytes - 1);
    b = b.subarray(0, nl >= minBytes ? nl + 1 : maxBytes);
  }
  return b;
}
