import type { BlobEntry } from "./blob-index.js";

/** One tar member of a pack: a blob of its own, or a bundle holding several (bundle-format.ts). */
export interface PackMember {
  /** Offset of the member's data in the pack's tar stream. */
  offset: number;
  /** Stored length. */
  length: number;
  gz: boolean;
  bundled: boolean;
  blobs: BlobEntry[];
}

/** A pack's index entries grouped by the member they sit in, in pack order. */
export function packMembers(blobs: BlobEntry[]): PackMember[] {
  const byOffset = new Map<number, PackMember>();
  for (const b of blobs) {
    const m = byOffset.get(b[1]);
    if (m) m.blobs.push(b);
    else byOffset.set(b[1], { offset: b[1], length: b[2], gz: b[4] === 1, bundled: b[5] !== undefined, blobs: [b] });
  }
  return [...byOffset.values()].sort((a, b) => a.offset - b.offset);
}

/**
 * Stored bytes of a pack and how many of them live blobs use. A bundle counts by the share of its
 * blobs' raw bytes that is live, so a bundle of dead mails makes its pack worth repacking.
 */
export function packUsage(blobs: BlobEntry[], isLive: (id: string) => boolean): { stored: number; used: number } {
  let stored = 0;
  let used = 0;
  for (const m of packMembers(blobs)) {
    stored += m.length;
    let raw = 0;
    let liveRaw = 0;
    let live = 0;
    for (const [id, , , rawLength] of m.blobs) {
      raw += rawLength;
      if (isLive(id)) {
        liveRaw += rawLength;
        live++;
      }
    }
    if (live > 0) used += raw > 0 ? Math.round((m.length * liveRaw) / raw) : m.length;
  }
  return { stored, used };
}
