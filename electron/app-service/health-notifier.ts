import type { HealthReport } from "../../shared/schedule-types.js";
import { FAILING_AFTER } from "../engine/schedule/health.js";

type SourceHealth = HealthReport["sources"][number];
export type Problem = "stale" | "needs-sign-in" | "failing";

export interface HealthNotice {
  problem: Problem;
  source: string;
  title: string;
  body: string;
}

const isProblem = (s: SourceHealth["state"]): s is Problem => s === "stale" || s === "needs-sign-in" || s === "failing";

function notice(source: SourceHealth, staleHours: number): Pick<HealthNotice, "title" | "body"> {
  switch (source.state as Problem) {
    case "stale": {
      const days = Math.round(staleHours / 24);
      return { title: "Lifeboat: backup out of date", body: `${source.name} has had no good copy for more than ${days >= 2 ? `${days} days` : `${staleHours} hours`}. Open Lifeboat to back it up.` };
    }
    case "needs-sign-in":
      return { title: "Lifeboat: sign in again", body: `${source.name} asked for a new sign-in. Open Lifeboat to sign in; nothing already saved is lost.` };
    case "failing":
      return { title: "Lifeboat: backups keep failing", body: `${source.name} failed ${source.failures} time(s) in a row${source.message ? `: ${source.message}` : ""}. Open Lifeboat to see why.` };
  }
}

/**
 * One notification per transition into trouble (a source turning stale, needing sign-in, failing
 * repeatedly), not one per check: the last state seen per source is remembered, and only a change
 * into a problem state speaks. A source that recovers and breaks again is told again.
 */
export class HealthNotifier {
  private readonly seen = new Map<string, SourceHealth["state"]>();

  /** The notices `report` calls for, given what was seen before. */
  observe(report: HealthReport, staleHours: number): HealthNotice[] {
    const out: HealthNotice[] = [];
    const names = new Set<string>();
    for (const s of report.sources) {
      names.add(s.name);
      const before = this.seen.get(s.name);
      // A single failure is not remembered as "failing" yet, so the repeated one is told when it comes.
      this.seen.set(s.name, s.state === "failing" && s.failures < FAILING_AFTER ? "ok" : s.state);
      // "failing" speaks when it is repeated (one failed run already told its own story).
      const tell = isProblem(s.state) && before !== s.state && (s.state !== "failing" || s.failures >= FAILING_AFTER);
      if (tell) out.push({ problem: s.state as Problem, source: s.name, ...notice(s, staleHours) });
    }
    for (const name of [...this.seen.keys()]) if (!names.has(name)) this.seen.delete(name);
    return out;
  }
}
