import { promises as fsp } from "node:fs";
import path from "node:path";
import { scrubMessage } from "./scrub.js";

export interface RunLogOptions {
  /** Rotate when the current file passes this size. */
  maxBytes?: number;
  /** Files kept: the current one plus `keep - 1` rotated ones (`.1` newest). */
  keep?: number;
}

export type LogValue = string | number | boolean | null | undefined;

/**
 * The log of scheduled runs, per archive: `logs/<archive id>.log` under the app home, size-bounded
 * and rotated, so a user can attach it to a bug report. A line is a timestamp, an event and
 * key=value fields: counts, codes and scrubbed messages; never secrets, paths or item names.
 */
export class RunLog {
  readonly file: string;
  private readonly maxBytes: number;
  private readonly keep: number;

  constructor(home: string, archiveId: string, opts: RunLogOptions = {}) {
    this.file = path.join(home, "logs", `${archiveId}.log`);
    this.maxBytes = opts.maxBytes ?? 256 * 1024;
    this.keep = Math.max(1, opts.keep ?? 5);
  }

  static line(event: string, fields: Record<string, LogValue> = {}, now = new Date()): string {
    const parts = [now.toISOString(), event.replace(/\s+/g, "-")];
    for (const [k, v] of Object.entries(fields)) {
      if (v === undefined) continue;
      const text = typeof v === "string" ? scrubMessage(v) : String(v);
      parts.push(`${k}=${/[\s"=]/.test(text) ? JSON.stringify(text) : text}`);
    }
    return parts.join(" ") + "\n";
  }

  async write(event: string, fields: Record<string, LogValue> = {}): Promise<void> {
    await fsp.mkdir(path.dirname(this.file), { recursive: true, mode: 0o700 });
    const size = await fsp.stat(this.file).then((s) => s.size, () => 0);
    if (size >= this.maxBytes) await this.rotate();
    await fsp.appendFile(this.file, RunLog.line(event, fields), { mode: 0o600 });
  }

  private async rotate(): Promise<void> {
    await fsp.rm(`${this.file}.${this.keep - 1}`, { force: true });
    for (let i = this.keep - 2; i >= 1; i--) await fsp.rename(`${this.file}.${i}`, `${this.file}.${i + 1}`).catch(() => undefined);
    if (this.keep > 1) await fsp.rename(this.file, `${this.file}.1`).catch(() => undefined);
    else await fsp.rm(this.file, { force: true });
  }

  /** The log files, current first. */
  async files(): Promise<string[]> {
    const all = [this.file, ...Array.from({ length: this.keep - 1 }, (_, i) => `${this.file}.${i + 1}`)];
    const out: string[] = [];
    for (const f of all) if (await fsp.stat(f).then(() => true, () => false)) out.push(f);
    return out;
  }
}
