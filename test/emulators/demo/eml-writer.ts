// One demo message to RFC 5322 bytes with nodemailer's MailComposer. Everything MailComposer would
// otherwise pick at random or from the clock (Message-ID, Date, MIME boundaries) is given, so the
// .eml is the same on every run.
import { createHash } from "node:crypto";
import MailComposer from "nodemailer/lib/mail-composer/index.js";
import type Mail from "nodemailer/lib/mailer/index.js";

import type { AttachmentSpec } from "./demo-attachments.js";
import { rfc5322Date } from "./rfc5322-date.js";

export interface MailAddress {
  name: string;
  address: string;
}

export interface MessageSpec {
  /** Folder path with "/" between levels, e.g. "Inbox/Receipts/Taxes". */
  folder: string;
  from: MailAddress;
  to: MailAddress[];
  cc?: MailAddress[];
  /** Kept in the header, as in the sender's Sent Items. */
  bcc?: MailAddress[];
  date: Date;
  /** The sender's zone: the Date header's offset. */
  tz: string;
  subject: string;
  text?: string;
  html?: string;
  attachments: AttachmentSpec[];
  messageId: string;
  inReplyTo?: string;
  references?: string[];
  headers?: Array<{ key: string; value: string }>;
  /** Further folders holding a byte-identical copy (the same message filed twice). */
  alsoIn?: string[];
}

export async function composeEml(m: MessageSpec): Promise<Buffer> {
  const options: Mail.Options & { baseBoundary: string } = {
    from: m.from,
    to: m.to,
    ...(m.cc?.length ? { cc: m.cc } : {}),
    ...(m.bcc?.length ? { bcc: m.bcc } : {}),
    subject: m.subject,
    date: rfc5322Date(m.date, m.tz),
    messageId: m.messageId,
    ...(m.inReplyTo ? { inReplyTo: m.inReplyTo } : {}),
    ...(m.references?.length ? { references: m.references } : {}),
    ...(m.text !== undefined ? { text: m.text.replace(/\r?\n/g, "\r\n") } : {}),
    ...(m.html !== undefined ? { html: m.html } : {}),
    ...(m.headers?.length ? { headers: m.headers } : {}),
    attachments: m.attachments.map((a) => ({
      filename: a.filename,
      content: a.content,
      contentType: a.contentType,
      ...(a.cid ? { cid: a.cid, contentDisposition: "inline" as const } : { contentDisposition: "attachment" as const }),
    })),
    // MailComposer's MIME boundaries are random unless given: derive them from the Message-ID.
    baseBoundary: createHash("sha256").update(m.messageId).digest("hex").slice(0, 16),
  };
  const node = new MailComposer(options).compile();
  node.keepBcc = true;
  return node.build();
}
