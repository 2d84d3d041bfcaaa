// Conversations for the demo mailboxes: a thread of replies back and forth between the owner and
// one person, with "Re:" subjects, In-Reply-To/References chains, quoted originals, the owner's
// side in Sent Items and the other side filed by the caller's rule, as a real mailbox has them.
import type { AttachmentSpec } from "./demo-attachments.js";
import type { DemoRandom } from "./demo-random.js";
import type { Lang, Person } from "./demo-people.js";
import { letter, quoted, subjectFor, textToHtml, type AttachmentHint, type Topic } from "./demo-text.js";
import type { MailAddress, MessageSpec } from "./eml-writer.js";
import { rfc5322Date } from "./rfc5322-date.js";

export function address(p: Person): MailAddress {
  return { name: p.display, address: p.email };
}

/** Message-IDs shaped like the sending system's: Exchange Online for the owner, a plain one otherwise. */
export function messageId(rnd: DemoRandom, from: MailAddress, exchange: boolean): string {
  if (exchange) {
    const host = `${rnd.pick(["AM0PR09MB", "DB9PR02MB", "VI1PR08MB", "LO2P265MB"])}${rnd.int(1000, 9999)}`;
    return `<${host}${rnd.hex(20).toUpperCase()}@${host}.eurprd0${rnd.int(1, 9)}.prod.outlook.com>`;
  }
  const domain = from.address.split("@")[1] ?? "example.com";
  return `<${rnd.hex(24)}.${rnd.int(100000, 999999)}@${domain}>`;
}

/** The trace header the receiving server adds; the documentation address block keeps it unroutable. */
export function receivedHeader(rnd: DemoRandom, from: MailAddress, date: Date, tz: string, by: string): { key: string; value: string } {
  const domain = from.address.split("@")[1] ?? "example.com";
  return {
    key: "Received",
    value: `from mail.${domain} (mail.${domain} [192.0.2.${rnd.int(1, 254)}]) by ${by} with ESMTPS id ${rnd.hex(12)}; ${rfc5322Date(date, tz)}`,
  };
}

export interface ThreadOptions {
  owner: MailAddress;
  ownerFirstName: string;
  ownerTz: string;
  counterpart: Person;
  topic: Topic;
  start: Date;
  messages: number;
  ownerStarts: boolean;
  /** Copied on every message of the thread. */
  cc?: MailAddress[];
  /** Where a message the owner received is filed. */
  inboundFolder: (date: Date) => string;
  /** Attachments for the first message of the thread (the topic says what kind). */
  attachments: (hint: AttachmentHint, date: Date, sender: MailAddress) => AttachmentSpec[];
  /** The server name in the owner's Received headers. */
  mx: string;
}

export function thread(rnd: DemoRandom, o: ThreadOptions): MessageSpec[] {
  const them = o.counterpart;
  const themAddress = address(them);
  // Bilingual friends: the owner answers French and German speakers in their language now and then.
  const ownerLang: Lang = (them.lang === "fr" || them.lang === "de") && rnd.chance(0.4) ? them.lang : "en";
  // The book club writes German whatever the member's own language.
  const subjectLang: Lang = o.ownerStarts ? ownerLang : o.topic.key === "books" ? "de" : them.lang;
  const subject = subjectFor(rnd, o.topic, subjectLang);
  const themHtml = rnd.chance(0.45);
  const out: MessageSpec[] = [];
  let date = o.start;
  const refs: string[] = [];
  for (let i = 0; i < o.messages; i++) {
    const fromOwner = (i % 2 === 0) === o.ownerStarts;
    const from = fromOwner ? o.owner : themAddress;
    const tz = fromOwner ? o.ownerTz : them.tz;
    const body0 = letter(rnd, {
      topic: o.topic,
      toName: fromOwner ? them.nickname ?? (them.given || them.display) : o.ownerFirstName,
      fromName: fromOwner ? o.ownerFirstName : them.given || them.display,
      lang: fromOwner ? ownerLang : them.lang,
      reply: i > 0,
    });
    const prev = out[out.length - 1];
    const text = prev ? body0 + quoted(prev.text ?? "", prev.from.name, prev.date) : body0;
    const id = messageId(rnd, from, fromOwner);
    const attachments = i === 0 ? o.attachments(o.topic.attach, date, from) : o.topic.attach === "photos" && rnd.chance(0.25) ? o.attachments("photos", date, from) : [];
    const m: MessageSpec = {
      folder: fromOwner ? "Sent Items" : o.inboundFolder(date),
      from,
      to: [fromOwner ? themAddress : o.owner],
      ...(o.cc?.length ? { cc: o.cc } : {}),
      date,
      tz,
      subject: i === 0 ? subject : `Re: ${subject}`,
      text,
      ...((fromOwner ? rnd.chance(0.3) : themHtml) ? { html: textToHtml(text) } : {}),
      attachments,
      messageId: id,
      ...(prev ? { inReplyTo: prev.messageId, references: [...refs] } : {}),
      ...(fromOwner ? {} : { headers: [receivedHeader(rnd, from, date, o.ownerTz, o.mx)] }),
    };
    out.push(m);
    refs.push(id);
    date = new Date(date.getTime() + rnd.int(20 * 60, 3 * 86400) * 1000);
  }
  return out;
}
