// How long until a planned time, in people's words: the tray (main process) and the UI say it alike.

/** "in 3 h 20 min" / "in 5 min" / "now", for the next planned run. */
export function untilWords(iso: string, nowMs: number): string {
  const ms = Date.parse(iso) - nowMs;
  if (Number.isNaN(ms)) return "at an unknown time";
  if (ms < 60_000) return "now";
  const min = Math.round(ms / 60_000);
  const h = Math.floor(min / 60);
  const m = min % 60;
  if (h === 0) return `in ${m} min`;
  if (h >= 48) return `in ${Math.round(h / 24)} days`;
  return m ? `in ${h} h ${m} min` : `in ${h} h`;
}
