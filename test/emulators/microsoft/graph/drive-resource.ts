// driveItem and drive resources as OneDrive personal and OneDrive for Business send them; they
// differ (ids, eTag/cTag spellings, which hashes exist, createdBy, webUrl), and delta leaves out
// different properties on each (research §3.5): no parentReference.path anywhere, no cTag for
// business items, and for deleted items no cTag/size (personal) or no cTag/name (business).
import type { AccountData } from "./account-store.js";
import { stableGuid } from "./graph-ids.js";
import { fileSize, type DriveItemRecord, type DriveStore, type DriveTombstone } from "./drive-store.js";
import { outlookTime } from "./store-context.js";

export const DRIVE_ITEM_PROPERTIES: ReadonlySet<string> = new Set([
  "id",
  "name",
  "size",
  "eTag",
  "cTag",
  "createdDateTime",
  "lastModifiedDateTime",
  "webUrl",
  "createdBy",
  "lastModifiedBy",
  "parentReference",
  "fileSystemInfo",
  "file",
  "folder",
  "package",
  "root",
  "deleted",
  "specialFolder",
  "malware",
  "reactions",
  "shared",
  "photo",
  "image",
  "content.downloadUrl",
  "@microsoft.graph.downloadUrl",
]);

export interface RenderDriveOptions {
  /** Delta leaves out parentReference.path (and business cTags). */
  delta: boolean;
  downloadUrl?: (item: DriveItemRecord) => string;
}

function tags(account: AccountData, item: DriveItemRecord): { eTag: string; cTag: string } {
  if (account.drive.driveType === "personal") {
    // "a" + base64("<id>.<version>") and "a" + base64("t:<id>.<content version>"), as consumer OneDrive.
    return {
      eTag: "a" + Buffer.from(`${item.id}.${item.version}`).toString("base64").replace(/=+$/, ""),
      cTag: "a" + Buffer.from(`t:${item.id}.${item.contentVersion}`).toString("base64").replace(/=+$/, ""),
    };
  }
  const guid = stableGuid(`${account.drive.driveId}:${item.id}`).toUpperCase();
  return { eTag: `"{${guid}},${item.version}"`, cTag: `"c:{${guid}},${item.contentVersion}"` };
}

export function driveETag(account: AccountData, item: DriveItemRecord): string {
  return tags(account, item).eTag;
}

export function driveCTag(account: AccountData, item: DriveItemRecord): string {
  return tags(account, item).cTag;
}

function sizeOf(drive: DriveStore, item: DriveItemRecord): number {
  if (item.kind === "file") return fileSize(item);
  if (item.kind === "vault") return 0;
  let total = 0;
  for (const child of drive.childrenOf(item)) total += sizeOf(drive, child);
  if (item.kind === "notebook") total += [...item.children].length * 2048;
  return total;
}

function identity(account: AccountData): Record<string, unknown> {
  if (account.drive.driveType === "personal") {
    return { application: { displayName: "OneDrive", id: "481710a4" }, user: { displayName: account.account.displayName, id: account.cid } };
  }
  return { user: { email: account.address, id: account.account.oid, displayName: account.account.displayName } };
}

function webUrl(account: AccountData, item: DriveItemRecord): string {
  if (account.drive.driveType === "personal") return `https://onedrive.live.com/?cid=${account.cid.toUpperCase()}&id=${encodeURIComponent(item.id)}`;
  const [user = "user", domain = "contoso.com"] = account.address.split("@");
  const tenant = domain.split(".")[0] ?? "contoso";
  const path = account.drive.pathOf(item).split("/").map(encodeURIComponent).join("/");
  return `https://${tenant}-my.sharepoint.com/personal/${user.replace(/\W/g, "_")}_${domain.replace(/\W/g, "_")}/Documents${path}`;
}

function parentReference(account: AccountData, item: DriveItemRecord, withPath: boolean): Record<string, unknown> {
  const drive = account.drive;
  const ref: Record<string, unknown> = { driveType: drive.driveType, driveId: drive.driveId };
  if (item.parent === undefined) return ref;
  const parent = drive.bySerial(item.parent);
  if (!parent) return ref;
  ref.id = parent.id;
  if (parent.kind !== "root") ref.name = parent.name;
  if (withPath) {
    const base = drive.driveType === "personal" ? "/drive/root:" : `/drives/${drive.driveId}/root:`;
    ref.path = `${base}${drive.pathOf(parent)}`;
  }
  return ref;
}

export function renderDriveItem(account: AccountData, item: DriveItemRecord, opts: RenderDriveOptions): Record<string, unknown> {
  const drive = account.drive;
  const business = drive.driveType === "business";
  const { eTag, cTag } = tags(account, item);
  const r: Record<string, unknown> = {};
  if (business) r["@odata.etag"] = eTag;
  if (item.kind === "file" && opts.downloadUrl && !item.hidden) r["@microsoft.graph.downloadUrl"] = opts.downloadUrl(item);
  r.createdDateTime = outlookTime(item.createdAt);
  if (!(business && opts.delta)) r.cTag = cTag;
  r.eTag = eTag;
  r.id = item.id;
  r.lastModifiedDateTime = outlookTime(item.modifiedAt);
  r.name = item.name;
  r.size = sizeOf(drive, item);
  r.webUrl = webUrl(account, item);
  if (!business) r.reactions = { commentCount: 0 };
  r.createdBy = identity(account);
  r.lastModifiedBy = identity(account);
  r.parentReference = parentReference(account, item, !opts.delta);
  r.fileSystemInfo = { createdDateTime: outlookTime(item.fsCreatedAt), lastModifiedDateTime: outlookTime(item.fsModifiedAt) };
  switch (item.kind) {
    case "root":
      r.folder = business ? { childCount: drive.childrenOf(item).length } : { childCount: drive.childrenOf(item).length, view: { viewType: "thumbnails", sortBy: "name", sortOrder: "ascending" } };
      r.root = {};
      break;
    case "folder":
      r.folder = business ? { childCount: drive.childrenOf(item).length } : { childCount: drive.childrenOf(item).length, view: { viewType: "thumbnails", sortBy: "name", sortOrder: "ascending" } };
      break;
    case "vault":
      // Listed like a folder; anything below it answers "ObjectHandle is Invalid".
      r.folder = { childCount: 0 };
      break;
    case "notebook":
      r.package = { type: "oneNote" };
      break;
    case "file": {
      const h = drive.hashes(item);
      r.file = { mimeType: item.mimeType ?? "application/octet-stream", hashes: business ? { quickXorHash: h.quickXorHash } : { quickXorHash: h.quickXorHash, sha1Hash: h.sha1Hash, sha256Hash: h.sha256Hash } };
      if (item.malware) r.malware = { description: item.malware };
      break;
    }
  }
  return r;
}

export function renderDeletedDriveItem(account: AccountData, t: DriveTombstone): Record<string, unknown> {
  const drive = account.drive;
  const ref: Record<string, unknown> = { driveType: drive.driveType, driveId: drive.driveId };
  if (t.parentId) ref.id = t.parentId;
  if (drive.driveType === "business") {
    return { "@odata.type": "#microsoft.graph.driveItem", id: t.id, parentReference: ref, ...(t.isFolder ? { folder: {} } : { file: {} }), deleted: { state: "deleted" } };
  }
  return { id: t.id, name: t.name, parentReference: ref, ...(t.isFolder ? { folder: { childCount: 0 } } : { file: {} }), deleted: {} };
}

export function renderDrive(account: AccountData): Record<string, unknown> {
  const drive = account.drive;
  let used = 0;
  for (const item of drive.allItems()) if (item.kind === "file") used += fileSize(item);
  // Free OneDrive has 5 GB; a drive holding more (a test's generated 10 GiB file) is one with a
  // Microsoft 365 subscription's 1 TB, so the quota stays consistent.
  const total = drive.driveType === "personal" && used <= 5 * 1024 ** 3 ? 5 * 1024 ** 3 : 1024 ** 4;
  return {
    createdDateTime: outlookTime(drive.root().createdAt),
    description: "",
    id: drive.driveId,
    lastModifiedDateTime: outlookTime(drive.root().modifiedAt),
    name: "OneDrive",
    webUrl: drive.driveType === "personal" ? `https://onedrive.live.com/?cid=${account.cid.toUpperCase()}` : webUrl(account, drive.root()),
    driveType: drive.driveType,
    createdBy: { user: { displayName: drive.driveType === "personal" ? account.account.displayName : "System Account" } },
    owner: { user: drive.driveType === "personal" ? { displayName: account.account.displayName, id: account.cid } : { email: account.address, id: account.account.oid, displayName: account.account.displayName } },
    quota: { deleted: 0, remaining: total - used, state: "normal", total, used },
  };
}
