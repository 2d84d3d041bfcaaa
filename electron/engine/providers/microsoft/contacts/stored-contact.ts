import type { ContactPhoto, GraphContact } from "../../../../../shared/graph-types.js";

// How a contact is kept in the archive: `contacts/<book>/<n>-<name>.json` is the Graph contact as
// Graph sent it (the source of truth; the .vcf is derived from these files), with one member added
// when the contact has a photo:
//   "@lifeboat.photo": { "contentType": "image/jpeg", "base64": "..." }
// Inside rather than beside the JSON, so one file is the whole contact (a photo cannot be separated
// from its contact by a partial restore) and the address book is rebuilt from the JSON files alone.
// The name is an OData instance-annotation name, which no Graph property can ever take.

export const PHOTO_MEMBER = "@lifeboat.photo";

/** Response annotations that describe the request, not the contact. */
const DROPPED = new Set(["@odata.context", "@odata.type", "@odata.nextLink", "@odata.deltaLink"]);

export function storedContactJson(contact: GraphContact, photo: ContactPhoto | undefined): Buffer {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(contact)) if (!DROPPED.has(k) && k !== PHOTO_MEMBER) out[k] = v;
  if (photo && photo.bytes.length > 0) out[PHOTO_MEMBER] = { contentType: photo.contentType, base64: Buffer.from(photo.bytes).toString("base64") };
  return Buffer.from(`${JSON.stringify(out, null, 2)}\n`);
}

export function parseStoredContact(bytes: Buffer): { contact: GraphContact; photo?: ContactPhoto } {
  const parsed = JSON.parse(bytes.toString("utf8")) as GraphContact & { [PHOTO_MEMBER]?: { contentType?: string; base64?: string } };
  const { [PHOTO_MEMBER]: p, ...contact } = parsed;
  if (p && typeof p.base64 === "string") return { contact, photo: { contentType: p.contentType ?? "application/octet-stream", bytes: new Uint8Array(Buffer.from(p.base64, "base64")) } };
  return { contact };
}

/**
 * The media type of a photo from its first bytes: `/photo/$value` answers with the type in a
 * header the client does not keep, and Outlook stores JPEG, PNG, GIF or BMP.
 */
export function sniffImageType(b: Uint8Array): string {
  if (b[0] === 0xff && b[1] === 0xd8) return "image/jpeg";
  if (b[0] === 0x89 && b[1] === 0x50 && b[2] === 0x4e && b[3] === 0x47) return "image/png";
  if (b[0] === 0x47 && b[1] === 0x49 && b[2] === 0x46) return "image/gif";
  if (b[0] === 0x42 && b[1] === 0x4d) return "image/bmp";
  if (b[0] === 0x52 && b[1] === 0x49 && b[2] === 0x46 && b[3] === 0x46 && b[8] === 0x57 && b[9] === 0x45) return "image/webp";
  return "application/octet-stream";
}
