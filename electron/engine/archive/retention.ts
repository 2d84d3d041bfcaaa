/**
 * Retention rules, with restic's and borg's meaning: keep-last N keeps the N newest snapshots;
 * keep-daily N keeps the newest snapshot of each of the N most recent days that have one (likewise
 * weekly, monthly, yearly). A snapshot kept by any rule stays. The newest complete snapshot always
 * stays, whatever the rules say.
 */
export interface RetentionPolicy {
  keepLast?: number;
  keepDaily?: number;
  keepWeekly?: number;
  keepMonthly?: number;
  keepYearly?: number;
}

export interface Dated {
  id: string;
  time: string;
}

function isoWeek(d: Date): string {
  const t = new Date(Date.UTC(d.getFullYear(), d.getMonth(), d.getDate()));
  const day = t.getUTCDay() || 7;
  t.setUTCDate(t.getUTCDate() + 4 - day);
  const year = t.getUTCFullYear();
  const week = Math.ceil(((t.getTime() - Date.UTC(year, 0, 1)) / 86400000 + 1) / 7);
  return `${year}-W${week}`;
}

const pad = (n: number): string => String(n).padStart(2, "0");
// Buckets use local time: "daily" means the user's days.
const buckets: Record<Exclude<keyof RetentionPolicy, "keepLast">, (d: Date) => string> = {
  keepDaily: (d) => `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}`,
  keepWeekly: isoWeek,
  keepMonthly: (d) => `${d.getFullYear()}-${pad(d.getMonth() + 1)}`,
  keepYearly: (d) => `${d.getFullYear()}`,
};

export function hasRule(p: RetentionPolicy): boolean {
  return Object.values(p).some((v) => typeof v === "number" && v > 0);
}

/** Returns the ids to keep, with the reasons, for snapshots given in any order. */
export function applyRetention<T extends Dated>(snapshots: T[], policy: RetentionPolicy): { keep: Map<string, string[]>; forget: T[] } {
  const newestFirst = [...snapshots].sort((a, b) => b.time.localeCompare(a.time));
  const keep = new Map<string, string[]>();
  const mark = (id: string, why: string): void => {
    const r = keep.get(id) ?? [];
    r.push(why);
    keep.set(id, r);
  };
  if (newestFirst[0]) mark(newestFirst[0].id, "newest");
  newestFirst.slice(0, policy.keepLast ?? 0).forEach((s) => mark(s.id, "last"));
  for (const [rule, bucketOf] of Object.entries(buckets) as Array<[keyof typeof buckets, (d: Date) => string]>) {
    const n = policy[rule] ?? 0;
    if (n <= 0) continue;
    const seen = new Set<string>();
    for (const s of newestFirst) {
      const b = bucketOf(new Date(s.time));
      if (seen.has(b)) continue;
      seen.add(b);
      if (seen.size > n) break;
      mark(s.id, rule.replace("keep", "").toLowerCase());
    }
  }
  return { keep, forget: newestFirst.filter((s) => !keep.has(s.id)) };
}
