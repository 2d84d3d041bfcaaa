// Formatting the results: one table per peer, raw numbers for both sides plus a ratio oriented so
// that >= 1 always means "Lifeboat is as good or better", with the formula spelled out per row.

export interface Row {
  metric: string;
  lifeboat: string;
  peer: string;
  /** >= 1 means Lifeboat is as good or better; null when not comparable. */
  ratio: number | null;
  /** How the ratio is computed, e.g. "lifeboat MiB/s / restic MiB/s". */
  ratioIs: string;
}

export interface Section {
  title: string;
  peerName: string;
  rows: Row[];
}

const MiB = 1024 * 1024;
const GiB = 1024 * MiB;

export function fmtBytes(n: number): string {
  if (n >= GiB) return `${(n / GiB).toFixed(2)} GiB`;
  if (n >= MiB) return `${(n / MiB).toFixed(1)} MiB`;
  return `${(n / 1024).toFixed(0)} KiB`;
}

export function fmtSeconds(s: number): string {
  return s >= 100 ? `${s.toFixed(0)} s` : s >= 10 ? `${s.toFixed(1)} s` : `${s.toFixed(2)} s`;
}

export function mibps(bytes: number, seconds: number): number {
  return bytes / MiB / seconds;
}

export function fmtRate(bytes: number, seconds: number): string {
  return `${mibps(bytes, seconds).toFixed(1)} MiB/s`;
}

export function fmtRatio(r: number | null): string {
  if (r === null || !Number.isFinite(r)) return "-";
  return r >= 10 ? r.toFixed(1) : r.toFixed(2);
}

function table(headers: string[], rows: string[][]): string {
  const widths = headers.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? "").length)));
  const line = (cells: string[]): string => cells.map((c, i) => c.padEnd(widths[i] ?? 0)).join("  ").trimEnd();
  return [line(headers), widths.map((w) => "-".repeat(w)).join("  "), ...rows.map(line)].join("\n");
}

export function formatSection(s: Section): string {
  const rows = s.rows.map((r) => [r.metric, r.lifeboat, r.peer, fmtRatio(r.ratio), r.ratioIs]);
  return `${s.title}\n${table(["metric", "Lifeboat", s.peerName, "ratio (>=1: Lifeboat better)", "ratio ="], rows)}`;
}

export function formatPlain(title: string, headers: string[], rows: string[][]): string {
  return `${title}\n${table(headers, rows)}`;
}
