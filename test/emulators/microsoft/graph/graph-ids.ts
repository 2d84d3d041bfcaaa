// Ids that look and behave like Exchange's: long, case-sensitive, URL-safe base64 strings with "="
// padding, different for the "REST" format (changes when an item moves to another folder) and the
// immutable format (Prefer: IdType="ImmutableId"). They are decodable by the emulator alone: the
// item's serial number and move count are masked with a per-account key and authenticated with a
// short MAC, so looking an id up needs no map even for a 100k-item mailbox, and a forged or stale
// id is simply "not found".
import { createHash, createHmac } from "node:crypto";

export type OutlookKind = "message" | "mailFolder" | "contact" | "contactFolder" | "event" | "calendar";

const KIND_CODE: Record<OutlookKind, number> = {
  message: 1,
  mailFolder: 2,
  contact: 3,
  contactFolder: 4,
  event: 5,
  calendar: 6,
};

// Leading bytes chosen so the base64 text starts like real ids: "AAMkA…" for REST item ids,
// "AAkALg…" for immutable ids, "AQMkA…" for folders of consumer mailboxes.
const REST_PREFIX = Buffer.from([0x00, 0x03, 0x24, 0x00]);
const IMMUTABLE_PREFIX = Buffer.from([0x00, 0x09, 0x00, 0x2e, 0x00, 0x00, 0x00, 0x00]);
const FOLDER_PREFIX_PERSONAL = Buffer.from([0x01, 0x03, 0x24, 0x00]);

export interface DecodedOutlookId {
  kind: OutlookKind;
  serial: number;
  moveCount: number;
  immutable: boolean;
}

export function toUrlSafe(b64: string): string {
  // Exchange ids use "-" and "_" for "/" and "+" but keep the "=" padding.
  return b64.replace(/\//g, "-").replace(/\+/g, "_");
}

export function fromUrlSafe(id: string): Buffer | undefined {
  if (!/^[A-Za-z0-9\-_=]+$/.test(id)) return undefined;
  return Buffer.from(id.replace(/-/g, "/").replace(/_/g, "+"), "base64");
}

export class OutlookIdCodec {
  private readonly mailboxGuid: Buffer;
  private readonly key: Buffer;

  constructor(accountSeed: string, private readonly personal: boolean) {
    this.mailboxGuid = createHash("sha256").update("mailbox:" + accountSeed).digest().subarray(0, 16);
    this.key = createHash("sha256").update("id-key:" + accountSeed).digest();
  }

  private readonly masks = new Map<string, Buffer>();

  private mask(kindCode: number, immutable: boolean): Buffer {
    const name = `mask:${kindCode}:${immutable ? 1 : 0}`;
    let m = this.masks.get(name);
    if (!m) {
      m = createHmac("sha256", this.key).update(name).digest().subarray(0, 8);
      this.masks.set(name, m);
    }
    return m;
  }

  private tag(payload: Buffer): Buffer {
    return createHmac("sha256", this.key).update(payload).digest().subarray(0, 10);
  }

  encode(kind: OutlookKind, serial: number, moveCount: number, immutable: boolean): string {
    const kindCode = KIND_CODE[kind];
    const isFolder = kind === "mailFolder" || kind === "contactFolder" || kind === "calendar";
    const payload = Buffer.alloc(8);
    payload.writeUInt32BE(serial >>> 0, 0);
    payload.writeUInt16BE(moveCount & 0xffff, 4);
    payload.writeUInt8(kindCode, 6);
    payload.writeUInt8(immutable ? 1 : 0, 7);
    const masked = Buffer.alloc(8);
    const m = this.mask(kindCode, immutable);
    for (let i = 0; i < 8; i++) masked[i] = (payload[i] ?? 0) ^ (m[i] ?? 0);
    const prefix = immutable ? IMMUTABLE_PREFIX : isFolder && this.personal ? FOLDER_PREFIX_PERSONAL : REST_PREFIX;
    // The filler between guid and payload mimics the entry-id structure's fixed parts and makes the
    // ids as long as real ones (~150 characters) so that clients do not assume short keys.
    const filler = Buffer.from([0x46, 0x00, 0x00, 0x00, 0x00, 0x00, kindCode, 0x00, 0x07, 0x00]);
    const bytes = Buffer.concat([prefix, this.mailboxGuid, filler, this.mailboxGuid, Buffer.from([0x00, kindCode]), masked, this.tag(Buffer.concat([Buffer.from([kindCode]), payload]))]);
    return toUrlSafe(bytes.toString("base64"));
  }

  decode(id: string): DecodedOutlookId | undefined {
    const bytes = fromUrlSafe(id);
    if (!bytes || bytes.length < 30) return undefined;
    const masked = bytes.subarray(bytes.length - 18, bytes.length - 10);
    const tag = bytes.subarray(bytes.length - 10);
    const kindCode = bytes[bytes.length - 19] ?? 0;
    const kind = (Object.keys(KIND_CODE) as OutlookKind[]).find((k) => KIND_CODE[k] === kindCode);
    if (!kind) return undefined;
    for (const immutable of [false, true]) {
      const m = this.mask(kindCode, immutable);
      const payload = Buffer.alloc(8);
      for (let i = 0; i < 8; i++) payload[i] = (masked[i] ?? 0) ^ (m[i] ?? 0);
      if (payload.readUInt8(7) !== (immutable ? 1 : 0) || payload.readUInt8(6) !== kindCode) continue;
      if (!this.tag(Buffer.concat([Buffer.from([kindCode]), payload])).equals(tag)) continue;
      // Re-encoding must give the same text: ids are case-sensitive and exact.
      const decoded = { kind, serial: payload.readUInt32BE(0), moveCount: payload.readUInt16BE(4), immutable };
      if (this.encode(kind, decoded.serial, decoded.moveCount, immutable) !== id) return undefined;
      return decoded;
    }
    return undefined;
  }

  /** An Outlook changeKey for an item version; the @odata.etag is W/"<changeKey>". */
  changeKey(kind: OutlookKind, serial: number, version: number): string {
    const bytes = Buffer.alloc(8 + 16 + 8);
    bytes.writeUInt32LE(KIND_CODE[kind] === 1 ? 9 : 10 + KIND_CODE[kind], 0);
    bytes.writeUInt32LE(0x16, 4);
    this.mailboxGuid.copy(bytes, 8);
    bytes.writeUInt32BE(serial >>> 0, 24);
    bytes.writeUInt32BE(version >>> 0, 28);
    return bytes.toString("base64");
  }
}

export function weakEtag(changeKey: string): string {
  return `W/"${changeKey}"`;
}

/** A conversationId: one per thread root, shaped like Exchange's "AAQkA…" ids. */
export function conversationId(accountSeed: string, threadKey: string): string {
  const digest = createHash("sha256").update(`conv:${accountSeed}:${threadKey}`).digest();
  return toUrlSafe(Buffer.concat([Buffer.from([0x00, 0x04, 0x24, 0x00]), digest.subarray(0, 16), Buffer.from([0x00, 0x10, 0x00]), digest.subarray(16, 32)]).toString("base64"));
}

/** A GUID-shaped string derived from text, for tenant-style ids that must stay stable across runs. */
export function stableGuid(text: string): string {
  const h = createHash("sha256").update(text).digest("hex");
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-a${h.slice(17, 20)}-${h.slice(20, 32)}`;
}
