// The Graph message resource, member order and all, as Outlook returns it, and its attachments.
import { createHash } from "node:crypto";
import { conversationId, weakEtag } from "./graph-ids.js";
import type { MailStore, MessageRecord } from "./mail-store.js";
import type { AttachmentInfo } from "./message-content.js";
import { applySelect } from "./odata-query.js";
import { outlookTime } from "./store-context.js";

export const MESSAGE_PROPERTIES: ReadonlySet<string> = new Set([
  "id",
  "createdDateTime",
  "lastModifiedDateTime",
  "changeKey",
  "categories",
  "receivedDateTime",
  "sentDateTime",
  "hasAttachments",
  "internetMessageId",
  "subject",
  "bodyPreview",
  "importance",
  "parentFolderId",
  "conversationId",
  "conversationIndex",
  "isDeliveryReceiptRequested",
  "isReadReceiptRequested",
  "isRead",
  "isDraft",
  "webLink",
  "inferenceClassification",
  "body",
  "uniqueBody",
  "sender",
  "from",
  "toRecipients",
  "ccRecipients",
  "bccRecipients",
  "replyTo",
  "flag",
  "internetMessageHeaders",
  "attachments",
]);

/** Members that are only returned when asked for with $select (as in Graph). */
const SELECT_ONLY = new Set(["uniqueBody", "internetMessageHeaders"]);

export interface RenderMessageOptions {
  immutableIds: boolean;
  select?: readonly string[];
  /** Delta responses annotate every item with @odata.type. */
  withType?: boolean;
  bodyContentType?: "text" | "html";
  /** Include attachments inline ($expand=attachments). */
  expandAttachments?: boolean;
  accountSeed: string;
}

function conversationIndex(threadKey: string, receivedAt: number): string {
  // 22-byte header (time + GUID) as Exchange writes for a thread's first message.
  const header = Buffer.alloc(22);
  header.writeUInt8(0x01, 0);
  header.writeUIntBE(Math.floor(receivedAt / 1000) & 0xffffffffff, 1, 5);
  createHash("md5").update(threadKey).digest().copy(header, 6);
  return header.toString("base64");
}

export function renderMessage(
  store: MailStore,
  m: MessageRecord,
  changeKey: string,
  opts: RenderMessageOptions,
): Record<string, unknown> {
  const select = opts.select;
  const id = store.messageId(m, opts.immutableIds);
  // A delta page asked for ids only must not pay for building content (100k-item rounds).
  if (select && select.every((s) => s === "id")) {
    const minimal: Record<string, unknown> = {};
    if (opts.withType) minimal["@odata.type"] = "#microsoft.graph.message";
    minimal["@odata.etag"] = weakEtag(changeKey);
    minimal.id = id;
    return minimal;
  }
  const c = store.content(m);
  const importance = m.state.importance ?? c.importance;
  const wantText = opts.bodyContentType === "text" || (opts.bodyContentType === undefined && c.bodyType === "text");
  const body = wantText ? { contentType: "text", content: c.textBody } : { contentType: "html", content: c.bodyType === "html" ? c.body : `<html><body><pre>${escapeHtml(c.textBody)}</pre></body></html>` };
  const r: Record<string, unknown> = {};
  if (opts.withType) r["@odata.type"] = "#microsoft.graph.message";
  r["@odata.etag"] = weakEtag(changeKey);
  r.id = id;
  r.createdDateTime = outlookTime(m.createdAt);
  r.lastModifiedDateTime = outlookTime(m.modifiedAt);
  r.changeKey = changeKey;
  r.categories = [...m.state.categories];
  r.receivedDateTime = outlookTime(c.receivedAt);
  r.sentDateTime = outlookTime(c.sentAt ?? c.receivedAt);
  r.hasAttachments = c.hasAttachments;
  r.internetMessageId = c.internetMessageId;
  r.subject = c.subject;
  r.bodyPreview = c.bodyPreview;
  r.importance = importance;
  r.parentFolderId = store.folderId(m.folder);
  r.conversationId = conversationId(opts.accountSeed, c.threadKey);
  r.conversationIndex = conversationIndex(c.threadKey, c.receivedAt);
  r.isDeliveryReceiptRequested = false;
  r.isReadReceiptRequested = c.isReadReceiptRequested;
  r.isRead = m.state.isRead;
  r.isDraft = m.state.isDraft;
  r.webLink = `https://outlook.office365.com/owa/?ItemID=${encodeURIComponent(store.restId(m))}&exvsurl=1&viewmodel=ReadMessageItem`;
  r.inferenceClassification = "focused";
  r.body = body;
  if (select?.includes("uniqueBody")) r.uniqueBody = body;
  if (c.sender) r.sender = c.sender;
  if (c.from) r.from = c.from;
  r.toRecipients = c.to;
  r.ccRecipients = c.cc;
  r.bccRecipients = c.bcc;
  r.replyTo = c.replyTo;
  r.flag = m.state.flag;
  if (select?.includes("internetMessageHeaders")) r.internetMessageHeaders = c.headers;
  if (opts.expandAttachments) r.attachments = c.attachments.map((a) => renderAttachment(store, m, a, { withContent: true }));
  for (const k of SELECT_ONLY) if (!select?.includes(k)) delete r[k];
  return applySelect(r, select);
}

function escapeHtml(text: string): string {
  return text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
}

/** Attachment ids are the message's immutable id bytes plus the attachment's position. */
export function attachmentId(store: MailStore, m: MessageRecord, a: AttachmentInfo): string {
  const base = store.immutableId(m);
  const suffix = Buffer.from([0x00, 0x01, 0x12, 0x00, 0x10, a.index & 0xff]).toString("base64").replace(/\//g, "-").replace(/\+/g, "_");
  return `${base.replace(/=+$/, "")}${suffix}`;
}

export function findAttachment(store: MailStore, m: MessageRecord, id: string): AttachmentInfo | undefined {
  return store.content(m).attachments.find((a) => attachmentId(store, m, a) === id);
}

export function renderAttachment(store: MailStore, m: MessageRecord, a: AttachmentInfo, opts: { withContent: boolean; expandItem?: Record<string, unknown> }): Record<string, unknown> {
  const r: Record<string, unknown> = {
    "@odata.type": a.isItem ? "#microsoft.graph.itemAttachment" : "#microsoft.graph.fileAttachment",
    id: attachmentId(store, m, a),
    lastModifiedDateTime: outlookTime(m.modifiedAt),
    name: a.name,
    contentType: a.contentType,
    size: a.size,
    isInline: a.isInline,
  };
  if (!a.isItem) {
    r.contentId = a.contentId ?? null;
    r.contentLocation = null;
    if (opts.withContent) r.contentBytes = a.content.toString("base64");
  } else if (opts.expandItem) {
    r.item = opts.expandItem;
  }
  return r;
}
