import fs, { promises as fsp } from "node:fs";

/**
 * A file a restore writes, with the few calls it needs, either through Node's thread pool (async:
 * the main thread must never block) or as plain blocking calls (sync: a restore worker's own thread
 * may block, and 22k small files each cost five thread-pool round trips otherwise, which measured
 * as several seconds of futex and epoll time).
 */
export interface OutputFile {
  write(data: Buffer): Promise<void> | void;
  /** The permission bits the file has now. */
  mode(): Promise<number> | number;
  chmod(mode: number): Promise<void> | void;
  utimes(seconds: number): Promise<void> | void;
  close(): Promise<void> | void;
}

/** The folder and name operations around an OutputFile, in the same style. */
export interface OutputFs {
  /** Creates `file` exclusively ("wx": never clobbers) with permission bits `perm`. */
  create(file: string, perm: number): Promise<OutputFile> | OutputFile;
  mkdirp(dir: string): Promise<unknown> | unknown;
  rename(from: string, to: string): Promise<void> | void;
  unlink(file: string): Promise<void> | void;
}

export const asyncOutput: OutputFs = {
  async create(file, perm) {
    const fh = await fsp.open(file, "wx", perm);
    return {
      write: async (data) => void (await fh.write(data)),
      mode: async () => (await fh.stat()).mode & 0o7777,
      chmod: (mode) => fh.chmod(mode),
      utimes: (t) => fh.utimes(t, t),
      close: () => fh.close(),
    };
  },
  mkdirp: (dir) => fsp.mkdir(dir, { recursive: true }),
  rename: (from, to) => fsp.rename(from, to),
  unlink: (file) => fsp.unlink(file),
};

export const syncOutput: OutputFs = {
  create(file, perm) {
    const fd = fs.openSync(file, "wx", perm);
    return {
      write: (data) => {
        for (let off = 0; off < data.length; ) off += fs.writeSync(fd, data, off, data.length - off);
      },
      mode: () => fs.fstatSync(fd).mode & 0o7777,
      chmod: (mode) => fs.fchmodSync(fd, mode),
      utimes: (t) => fs.futimesSync(fd, t, t),
      close: () => fs.closeSync(fd),
    };
  },
  mkdirp: (dir) => fs.mkdirSync(dir, { recursive: true }),
  rename: (from, to) => fs.renameSync(from, to),
  unlink: (file) => fs.unlinkSync(file),
};
