import { createHash } from "node:crypto";
import { promises as fsp } from "node:fs";
import path from "node:path";
import type { RunRecord } from "../../../shared/schedule-types.js";
import { scrubMessage } from "./scrub.js";

/** Records kept per archive; older ones are dropped when the file is compacted. */
export const HISTORY_KEEP = 500;
/** Lines (a run writes two: start and end) before the file is compacted to HISTORY_KEEP records. */
const COMPACT_AT_LINES = HISTORY_KEEP * 3;

/** A short, stable name for an archive's per-archive state files (history, logs): no path in it. */
export function archiveIdFor(archivePath: string): string {
  return createHash("sha256").update(path.resolve(archivePath)).digest("hex").slice(0, 16);
}

/** Only counts, codes and scrubbed messages: a record never carries user content. */
function clean(r: RunRecord): RunRecord {
  return {
    ...r,
    reason: r.reason === null ? null : scrubMessage(r.reason),
    errors: r.errors.map((e) => ({ source: e.source, code: e.code, message: scrubMessage(e.message) })),
  };
}

function isRecord(v: unknown): v is RunRecord {
  const r = v as Partial<RunRecord> | null;
  return !!r && typeof r === "object" && typeof r.id === "string" && typeof r.started === "string" && typeof r.outcome === "string";
}

/**
 * Every run of one archive, as JSON lines under the app home: `history/<archive id>.jsonl`.
 * Append-only: a run's start is one line and its end another with the same id (the later line
 * wins), so a run killed mid-way stays visible as "interrupted" with no end. A torn last line
 * (crash during a write) is skipped when reading and never glued to the next record.
 */
export class RunHistory {
  readonly file: string;

  constructor(home: string, archiveId: string) {
    this.file = path.join(home, "history", `${archiveId}.jsonl`);
  }

  async append(r: RunRecord): Promise<void> {
    await this.write(clean(r));
  }

  async update(r: RunRecord): Promise<void> {
    await this.write(clean(r));
  }

  private async write(r: RunRecord): Promise<void> {
    await fsp.mkdir(path.dirname(this.file), { recursive: true, mode: 0o700 });
    const fh = await fsp.open(this.file, "a+", 0o600);
    let lines = 0;
    try {
      const { size } = await fh.stat();
      let prefix = "";
      if (size > 0) {
        const last = Buffer.alloc(1);
        await fh.read(last, 0, 1, size - 1);
        if (last[0] !== 0x0a) prefix = "\n";
      }
      // One write per record (O_APPEND): concurrent runs never interleave within a line.
      await fh.write(prefix + JSON.stringify(r) + "\n");
      if (size > COMPACT_AT_LINES * 200) lines = (await fsp.readFile(this.file, "utf8")).split("\n").length;
    } finally {
      await fh.close();
    }
    if (lines > COMPACT_AT_LINES) await this.compact();
  }

  /** Rewrites the file with the newest HISTORY_KEEP records (atomically: rename over it). */
  private async compact(): Promise<void> {
    const keep = (await this.list({ limit: HISTORY_KEEP })).reverse();
    const tmp = `${this.file}.${process.pid}.tmp`;
    await fsp.writeFile(tmp, keep.map((r) => JSON.stringify(r) + "\n").join(""), { mode: 0o600 });
    await fsp.rename(tmp, this.file);
  }

  /** Newest first (by start time). */
  async list(opts: { limit?: number } = {}): Promise<RunRecord[]> {
    let text: string;
    try {
      text = await fsp.readFile(this.file, "utf8");
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === "ENOENT") return [];
      throw err;
    }
    const byId = new Map<string, RunRecord>();
    for (const line of text.split("\n")) {
      if (!line.trim()) continue;
      let v: unknown;
      try {
        v = JSON.parse(line);
      } catch {
        continue;
      }
      if (isRecord(v)) byId.set(v.id, v);
    }
    const all = [...byId.values()].sort((a, b) => (a.started < b.started ? 1 : a.started > b.started ? -1 : 0));
    return opts.limit !== undefined ? all.slice(0, Math.max(0, opts.limit)) : all;
  }

  /** The newest record that matches. */
  async last(filter: (r: RunRecord) => boolean = () => true): Promise<RunRecord | null> {
    return (await this.list()).find(filter) ?? null;
  }
}
