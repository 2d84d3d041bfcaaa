// Writes the seed folder's files, each with a fixed modification time (OneDrive and folder sources
// report mtimes, so they are part of "the same bytes every run"), and counts what it wrote.
import { promises as fsp } from "node:fs";
import path from "node:path";

export class SeedWriter {
  files = 0;
  bytes = 0;
  /** Relative paths (with "/") of the empty directories made on purpose. */
  readonly emptyDirs: string[] = [];
  /** Every path written: two generators choosing the same name is a bug, not an overwrite. */
  private readonly written = new Set<string>();

  constructor(readonly root: string) {}

  async file(rel: string, data: string | Uint8Array, mtime: Date): Promise<number> {
    const abs = this.abs(rel);
    await fsp.mkdir(path.dirname(abs), { recursive: true });
    const bytes = typeof data === "string" ? Buffer.from(data, "utf8") : data;
    await fsp.writeFile(abs, bytes);
    await fsp.utimes(abs, mtime, mtime);
    this.files++;
    this.bytes += bytes.length;
    return bytes.length;
  }

  /** Writes a large file piece by piece, so memory stays at one piece. */
  async stream(rel: string, pieces: Iterable<Uint8Array>, mtime: Date): Promise<number> {
    const abs = this.abs(rel);
    await fsp.mkdir(path.dirname(abs), { recursive: true });
    const fh = await fsp.open(abs, "w", 0o644);
    let size = 0;
    try {
      for (const piece of pieces) {
        for (let off = 0; off < piece.length; ) off += (await fh.write(piece, off, piece.length - off)).bytesWritten;
        size += piece.length;
      }
    } finally {
      await fh.close();
    }
    await fsp.utimes(abs, mtime, mtime);
    this.files++;
    this.bytes += size;
    return size;
  }

  async emptyDir(rel: string): Promise<void> {
    await fsp.mkdir(this.abs(rel), { recursive: true });
    this.emptyDirs.push(rel);
  }

  private abs(rel: string): string {
    if (path.isAbsolute(rel) || rel.split("/").includes("..")) throw new Error(`seed path escapes the seed folder: ${rel}`);
    if (this.written.has(rel)) throw new Error(`seed file written twice: ${rel}`);
    this.written.add(rel);
    return path.join(this.root, ...rel.split("/"));
  }
}
