// What a message's Graph resource is derived from: either a real .eml (parsed once with mailparser;
// the bytes are kept verbatim for $value) or a generated message (built on demand from a few
// numbers, so a 100k-message mailbox costs a few megabytes and no parsing).
import { createHash } from "node:crypto";
import { simpleParser, type AddressObject, type ParsedMail } from "mailparser";

export interface EmailAddressJson {
  emailAddress: { name: string; address: string };
}

export interface AttachmentInfo {
  /** Position among the message's attachments; the Graph attachment id is derived from it. */
  index: number;
  name: string;
  contentType: string;
  size: number;
  isInline: boolean;
  contentId?: string;
  content: Buffer;
  /** message/rfc822 parts are itemAttachments in Graph. */
  isItem: boolean;
}

export interface MessageContent {
  subject: string;
  from?: EmailAddressJson;
  sender?: EmailAddressJson;
  to: EmailAddressJson[];
  cc: EmailAddressJson[];
  bcc: EmailAddressJson[];
  replyTo: EmailAddressJson[];
  sentAt?: number;
  receivedAt: number;
  internetMessageId: string;
  /** Root of the thread (first References id, else In-Reply-To, else own Message-ID). */
  threadKey: string;
  importance: "low" | "normal" | "high";
  bodyType: "html" | "text";
  body: string;
  textBody: string;
  bodyPreview: string;
  hasAttachments: boolean;
  attachments: AttachmentInfo[];
  headers: Array<{ name: string; value: string }>;
  isReadReceiptRequested: boolean;
  mime: Buffer;
}

export interface GeneratedMessageSpec {
  seed: string;
  index: number;
  receivedAt: number;
  to: { name: string; address: string };
  subject?: string;
  /** Approximate body size in bytes (default ~300). */
  bodyBytes?: number;
}

function addresses(value: AddressObject | AddressObject[] | undefined): EmailAddressJson[] {
  const list = value === undefined ? [] : Array.isArray(value) ? value : [value];
  const out: EmailAddressJson[] = [];
  for (const obj of list) {
    for (const a of obj.value) {
      if (a.group) {
        for (const g of a.group) out.push({ emailAddress: { name: g.name || g.address || "", address: g.address ?? "" } });
      } else {
        out.push({ emailAddress: { name: a.name || a.address || "", address: a.address ?? "" } });
      }
    }
  }
  return out;
}

/** Graph's bodyPreview: the first 255 characters of the text body, whitespace runs collapsed. */
export function previewOf(text: string): string {
  return text.replace(/\s+/g, " ").trim().slice(0, 255);
}

function receivedTime(parsed: ParsedMail): number | undefined {
  // The topmost Received header's date is when the mailbox got the message.
  const received = parsed.headers.get("received");
  const first = Array.isArray(received) ? received[0] : received;
  if (typeof first === "string") {
    const semi = first.lastIndexOf(";");
    if (semi >= 0) {
      const t = Date.parse(first.slice(semi + 1).trim());
      if (Number.isFinite(t)) return t;
    }
  }
  return undefined;
}

function headerList(parsed: ParsedMail): Array<{ name: string; value: string }> {
  return parsed.headerLines.map((h) => {
    const colon = h.line.indexOf(":");
    return { name: colon >= 0 ? h.line.slice(0, colon).trim() : h.key, value: colon >= 0 ? h.line.slice(colon + 1).replace(/\r?\n[ \t]+/g, " ").trim() : "" };
  });
}

/** Outlook's importance from Importance / X-Priority / Priority headers (mailparser's own rules). */
function importanceOf(parsed: ParsedMail): "low" | "normal" | "high" {
  const priority = (parsed as ParsedMail & { priority?: string }).priority;
  if (priority === "high" || priority === "low") return priority;
  const importance = String(parsed.headers.get("importance") ?? "").toLowerCase();
  if (importance === "high" || importance === "low") return importance;
  return "normal";
}

function firstReference(parsed: ParsedMail): string | undefined {
  const refs = parsed.references;
  if (Array.isArray(refs)) return refs[0];
  if (typeof refs === "string") return refs.split(/\s+/)[0];
  return parsed.inReplyTo;
}

/** Parses real .eml bytes. Never throws: unparseable input still becomes a (mostly empty) message. */
export async function contentFromEml(mime: Buffer, fallbackTime: number): Promise<MessageContent> {
  let parsed: ParsedMail | undefined;
  try {
    parsed = await simpleParser(mime, { skipTextToHtml: true, skipImageLinks: true, keepCidLinks: true });
  } catch {
    parsed = undefined;
  }
  const digest = createHash("sha256").update(mime).digest("hex");
  const internetMessageId = parsed?.messageId ?? `<${digest.slice(0, 32)}@emulator.lifeboat.invalid>`;
  if (!parsed) {
    return {
      subject: "",
      to: [],
      cc: [],
      bcc: [],
      replyTo: [],
      receivedAt: fallbackTime,
      internetMessageId,
      threadKey: internetMessageId,
      importance: "normal",
      bodyType: "text",
      body: "",
      textBody: "",
      bodyPreview: "",
      hasAttachments: false,
      attachments: [],
      headers: [],
      isReadReceiptRequested: false,
      mime,
    };
  }
  const text = parsed.text ?? "";
  const html = typeof parsed.html === "string" ? parsed.html : undefined;
  const attachments: AttachmentInfo[] = parsed.attachments.map((a, index) => {
    const isItem = a.contentType.toLowerCase() === "message/rfc822";
    const isInline = !isItem && (a.related === true || (a.contentDisposition === "inline" && a.cid !== undefined));
    const info: AttachmentInfo = {
      index,
      name: a.filename ?? (isItem ? "Attached message" : `attachment${index + 1}`),
      contentType: a.contentType,
      size: a.size,
      isInline,
      content: a.content,
      isItem,
    };
    if (a.cid) info.contentId = a.cid;
    return info;
  });
  const from = addresses(parsed.from)[0];
  const senderHeader = parsed.headers.get("sender") as AddressObject | undefined;
  const sender = senderHeader && typeof senderHeader === "object" && "value" in senderHeader ? addresses(senderHeader)[0] : from;
  const sentAt = parsed.date?.getTime();
  const content: MessageContent = {
    subject: parsed.subject ?? "",
    to: addresses(parsed.to),
    cc: addresses(parsed.cc),
    bcc: addresses(parsed.bcc),
    replyTo: addresses(parsed.replyTo),
    receivedAt: receivedTime(parsed) ?? sentAt ?? fallbackTime,
    internetMessageId,
    threadKey: firstReference(parsed) ?? internetMessageId,
    importance: importanceOf(parsed),
    bodyType: html !== undefined ? "html" : "text",
    body: html ?? text,
    textBody: text,
    bodyPreview: previewOf(text),
    hasAttachments: attachments.some((a) => !a.isInline),
    attachments,
    headers: headerList(parsed),
    isReadReceiptRequested: parsed.headers.has("disposition-notification-to"),
    mime,
  };
  if (from) content.from = from;
  if (sender) content.sender = sender;
  if (sentAt !== undefined && Number.isFinite(sentAt)) content.sentAt = sentAt;
  return content;
}

function rfc2822(t: number): string {
  return new Date(t).toUTCString().replace("GMT", "+0000");
}

const WORDS = ["invoice", "meeting", "project", "update", "travel", "photos", "report", "family", "receipt", "schedule", "newsletter", "weekend"];

/** Builds a generated message; deterministic in its spec, so $value is byte-stable. */
export function contentFromSpec(spec: GeneratedMessageSpec): MessageContent {
  const n = spec.index;
  const word = WORDS[n % WORDS.length] ?? "note";
  const fromAddress = `sender${n % 97}@example.net`;
  const fromName = `Sender ${n % 97}`;
  const subject = spec.subject ?? `Generated ${word} #${n}`;
  const messageId = `<gen-${spec.seed}-${n}@example.net>`;
  const line = `Message ${n} about the ${word}. `;
  const target = spec.bodyBytes ?? 300;
  const text = line.repeat(Math.max(1, Math.ceil(target / line.length))).trim();
  const mimeText =
    [
      `Received: from mail.example.net by mx.emulator.lifeboat.invalid; ${rfc2822(spec.receivedAt)}`,
      `Date: ${rfc2822(spec.receivedAt - 60_000)}`,
      `From: ${fromName} <${fromAddress}>`,
      `To: ${spec.to.name} <${spec.to.address}>`,
      `Subject: ${subject}`,
      `Message-ID: ${messageId}`,
      "MIME-Version: 1.0",
      "Content-Type: text/plain; charset=utf-8",
      "Content-Transfer-Encoding: 8bit",
      "",
      text,
      "",
    ].join("\r\n");
  const fromJson = { emailAddress: { name: fromName, address: fromAddress } };
  return {
    subject,
    from: fromJson,
    sender: fromJson,
    to: [{ emailAddress: { name: spec.to.name, address: spec.to.address } }],
    cc: [],
    bcc: [],
    replyTo: [],
    sentAt: spec.receivedAt - 60_000,
    receivedAt: spec.receivedAt,
    internetMessageId: messageId,
    threadKey: messageId,
    importance: "normal",
    bodyType: "text",
    body: text,
    textBody: text,
    bodyPreview: previewOf(text),
    hasAttachments: false,
    attachments: [],
    headers: [],
    isReadReceiptRequested: false,
    mime: Buffer.from(mimeText, "utf8"),
  };
}
