import { decideRun } from "../engine/schedule/schedule-plan.js";
import { archiveIdFor } from "../engine/schedule/run-history.js";
import { AppScheduler } from "./app-scheduler.js";
import type { PowerEvent } from "./app-service-host.js";
import { startRecordedBackup } from "./scheduled-job.js";
import type { ServiceContext } from "./service-context.js";

/**
 * The in-app scheduler on top of the service: it runs while the archive is unlocked, starts backups
 * as ordinary app jobs, and follows the host's power events (suspend cancels a running backup so it
 * writes its checkpoint; resume and power-source changes re-decide at once).
 */
export function startScheduler(ctx: ServiceContext): { scheduler: AppScheduler; stop(): void } {
  const scheduler = new AppScheduler({
    clock: ctx.clock,
    schedule: async () => (await ctx.appSettings()).schedule,
    blocked: async () => {
      if (!ctx.session.root) return "No archive yet.";
      if (!ctx.session.unlocked) return "The archive is locked: unlock it (or let the keychain remember it) for backups to run.";
      if ((await ctx.sources()).length === 0) return "Nothing to back up yet: add an account or a folder.";
      return null;
    },
    history: () => ctx.runs(50),
    seed: () => (ctx.session.root ? archiveIdFor(ctx.session.root) : "lifeboat"),
    decide: decideRun,
    busy: () => ctx.jobs.running !== null,
    isOnBatterySaver: () => ctx.host.isOnBatterySaver?.() ?? false,
    run: async (trigger) => {
      const label = trigger === "catch-up" ? "Catching up a missed backup" : "Scheduled backup";
      return startRecordedBackup(ctx, trigger, label).record;
    },
    onChange: () => {
      ctx.nextRun = scheduler.status.nextRun;
      ctx.pushState();
    },
    tick: () => ctx.pushStateNow(),
    log: (m) => console.warn(`Lifeboat ${m}`),
  });
  ctx.pokeScheduler = () => scheduler.poke();
  ctx.schedulerStatus = () => {
    const s = scheduler.status;
    return { state: s.state, reason: s.reason };
  };
  const offPower = ctx.host.onPowerEvent?.((event: PowerEvent) => {
    if (event === "suspend") {
      scheduler.suspend();
      const job = ctx.jobs.running;
      // A backup cancelled now writes its checkpoint; the next run resumes from it.
      if (job?.kind === "backup") ctx.jobs.cancel(job.id);
      return;
    }
    if (event === "resume") scheduler.resume();
    else scheduler.poke();
  });
  scheduler.poke();
  return {
    scheduler,
    stop: () => {
      offPower?.();
      scheduler.stop();
    },
  };
}
