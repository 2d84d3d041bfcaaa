import { createHash } from "node:crypto";
import { createReadStream, promises as fsp } from "node:fs";
import path from "node:path";

export interface TreeEntry {
  type: "file" | "dir" | "symlink";
  size: number;
  mtimeMs: number;
  sha256?: string;
  target?: string;
}

async function hashFile(p: string): Promise<string> {
  const h = createHash("sha256");
  for await (const c of createReadStream(p, { highWaterMark: 1 << 20 })) h.update(c as Buffer);
  return h.digest("hex");
}

/** Every entry below `root`, keyed by relative path: type, size, mtime, content hash. */
export async function readTree(root: string): Promise<Map<string, TreeEntry>> {
  const out = new Map<string, TreeEntry>();
  const walk = async (rel: string): Promise<void> => {
    for (const n of (await fsp.readdir(path.join(root, rel))).sort()) {
      const r = rel ? `${rel}/${n}` : n;
      const abs = path.join(root, r);
      const st = await fsp.lstat(abs);
      if (st.isDirectory()) {
        out.set(r, { type: "dir", size: 0, mtimeMs: st.mtimeMs });
        await walk(r);
      } else if (st.isSymbolicLink()) out.set(r, { type: "symlink", size: 0, mtimeMs: st.mtimeMs, target: await fsp.readlink(abs) });
      else if (st.isFile()) out.set(r, { type: "file", size: st.size, mtimeMs: st.mtimeMs, sha256: await hashFile(abs) });
    }
  };
  await walk("");
  return out;
}

/** Differences between two trees (content, type, mtime to the millisecond, presence); empty when identical. */
export async function compareTrees(a: string, b: string): Promise<string[]> {
  const [ta, tb] = await Promise.all([readTree(a), readTree(b)]);
  const diffs: string[] = [];
  for (const [p, ea] of ta) {
    const eb = tb.get(p);
    if (!eb) diffs.push(`missing: ${p}`);
    else if (ea.type !== eb.type) diffs.push(`type differs: ${p}`);
    else if (ea.sha256 !== eb.sha256 || ea.size !== eb.size) diffs.push(`content differs: ${p}`);
    else if (ea.target !== eb.target) diffs.push(`link target differs: ${p}`);
    else if (ea.type !== "symlink" && Math.abs(ea.mtimeMs - eb.mtimeMs) >= 1) diffs.push(`mtime differs: ${p} (${ea.mtimeMs} vs ${eb.mtimeMs})`);
  }
  for (const p of tb.keys()) if (!ta.has(p)) diffs.push(`extra: ${p}`);
  return diffs;
}
