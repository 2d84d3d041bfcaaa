import cliProgress from "cli-progress";
import type { BackupProgress } from "../../shared/archive-types.js";
import { formatBytes, formatDuration } from "./format.js";

/**
 * Progress for long work: a bar with counts, bytes, rate and ETA on a terminal (stderr, so stdout
 * stays clean for results), JSON lines on stdout with --json-events, nothing otherwise.
 */
export class ProgressReporter {
  private bar: cliProgress.SingleBar | null = null;
  private started = Date.now();

  constructor(
    private readonly label: string,
    private readonly mode: "bar" | "events" | "none",
  ) {}

  update = (p: BackupProgress): void => {
    if (this.mode === "events") {
      process.stdout.write(JSON.stringify({ type: "progress", task: this.label, ...p }) + "\n");
      return;
    }
    if (this.mode !== "bar") return;
    const byBytes = (p.totalBytes ?? 0) > 0;
    const total = byBytes ? p.totalBytes! : Math.max(p.totalItems ?? 0, 1);
    const value = Math.min(byBytes ? p.bytes : p.items, total);
    const elapsed = (Date.now() - this.started) / 1000;
    const rate = elapsed > 0 ? p.bytes / elapsed : 0;
    const eta = byBytes && rate > 0 ? (total - value) / rate : elapsed > 0 && value > 0 ? ((total - value) * elapsed) / value : NaN;
    const payload = {
      items: `${p.items}${p.totalItems ? `/${p.totalItems}` : ""}`,
      size: `${formatBytes(p.bytes)}${byBytes ? `/${formatBytes(p.totalBytes!)}` : ""}`,
      rate: `${formatBytes(rate)}/s`,
      etaText: formatDuration(eta),
      // "backup alex@outlook.com mail": which account and which part of it is being copied.
      phase: p.phase === "copy" ? [this.label, p.source, p.kind].filter(Boolean).join(" ") : p.phase,
    };
    if (!this.bar) {
      this.bar = new cliProgress.SingleBar(
        {
          stream: process.stderr,
          format: "{phase} [{bar}] {percentage}% | {items} items | {size} | {rate} | ETA {etaText}",
          barsize: 24,
          hideCursor: true,
          clearOnComplete: true,
          etaBuffer: 50,
        },
        cliProgress.Presets.shades_classic,
      );
      this.bar.start(total, value, payload);
    } else {
      this.bar.setTotal(total);
      this.bar.update(value, payload);
    }
  };

  stop(): void {
    this.bar?.stop();
    this.bar = null;
  }
}
