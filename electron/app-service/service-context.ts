import path from "node:path";
import { ApiError } from "../../shared/app-api.js";
import type { AppSettings, AppState } from "../../shared/app-types.js";
import type { SourceConfig } from "../../shared/archive-types.js";
import type { HealthReport, RunRecord } from "../../shared/schedule-types.js";
import { resolveSnapshot, type SnapshotRecord } from "../engine/archive/snapshot-store.js";
import { archiveIdFor, RunHistory } from "../engine/schedule/run-history.js";
import { SettingsStore } from "../engine/settings/settings-store.js";
import { realClock, type SchedulerClock } from "./app-scheduler.js";
import type { AppServiceHost } from "./app-service-host.js";
import { appSettingsOf } from "./app-settings.js";
import { ArchiveSession } from "./archive-session.js";
import { CatalogCache } from "./catalog-cache.js";
import type { CatalogIndex } from "./catalog-index.js";
import { EventHub } from "./event-hub.js";
import { HealthNotifier } from "./health-notifier.js";
import { JobRunner } from "./job-runner.js";
import { buildState } from "./state-builder.js";

/** What every handler shares: the host, settings, the archive session, caches, jobs and events. */
export class ServiceContext {
  readonly settings: SettingsStore;
  readonly session: ArchiveSession;
  readonly catalogs = new CatalogCache();
  readonly events = new EventHub();
  readonly jobs: JobRunner;
  /** The clock the scheduler, health and history use (simulated in tests). */
  readonly clock: SchedulerClock;
  /** Set by the service once the scheduler exists: re-decide now (after unlock, settings, a job). */
  pokeScheduler: () => void = () => undefined;
  /** The scheduler's status for the state (see app-scheduler.ts), when it runs. */
  schedulerStatus: () => AppState["scheduler"] = () => null;
  /** The scheduler's planned next run (ISO), when it waits for one. */
  nextRun: string | null = null;
  private readonly healthNotifier = new HealthNotifier();
  /** Sources the running backup copies (shown as "backing-up"). */
  backingUp = new Set<string>();
  private statePending: Promise<void> | null = null;
  private stateAgain = false;

  constructor(readonly host: AppServiceHost) {
    this.settings = new SettingsStore(host.home);
    this.session = new ArchiveSession(this.settings, host.secrets, host.scryptLogN);
    this.clock = host.clock ?? realClock;
    this.jobs = new JobRunner(this.events, () => {
      this.pushState();
      this.pokeScheduler();
    });
  }

  /** The open archive's run history (shared with the OS timer and the CLI); null without an archive. */
  history(): RunHistory | null {
    return this.session.root ? new RunHistory(this.settings.home, archiveIdFor(this.session.root)) : null;
  }

  async runs(limit?: number): Promise<RunRecord[]> {
    return (await this.history()?.list(limit !== undefined ? { limit } : {})) ?? [];
  }

  async appSettings(): Promise<AppSettings> {
    const s = await this.settings.load();
    const root = this.session.root;
    return appSettingsOf(s.app, root ? s.archives[path.resolve(root)]?.schedule : undefined);
  }

  async sources(): Promise<SourceConfig[]> {
    const root = this.session.root;
    return root ? this.settings.sources(root) : [];
  }

  async snapshot(ref: string): Promise<SnapshotRecord> {
    const list = await this.session.snapshots();
    try {
      return resolveSnapshot(list, ref);
    } catch (err) {
      if (ref === "latest") throw new ApiError("not-found", "The archive has no complete backup yet. Run a backup first.");
      throw new ApiError("not-found", `${(err as Error).message.replace(/ List them with.*$/, "")} Choose one from the list of snapshots.`);
    }
  }

  async index(ref: string): Promise<{ snapshot: SnapshotRecord; index: CatalogIndex }> {
    const archive = this.session.require();
    const snapshot = await this.snapshot(ref);
    return { snapshot, index: await this.catalogs.get(archive, snapshot) };
  }

  async lock(): Promise<void> {
    this.catalogs.clear();
    await this.session.lock();
  }

  /** Pushes the state; changes that come in while it is being built are sent once more after. */
  pushState(): void {
    if (this.statePending) {
      this.stateAgain = true;
      return;
    }
    this.statePending = buildState(this)
      .then((s) => this.events.emit("state", s))
      .catch(() => undefined)
      .finally(() => {
        this.statePending = null;
        if (this.stateAgain) {
          this.stateAgain = false;
          this.pushState();
        }
      });
  }

  /** Tells the user once when a source turns stale, needs sign-in or keeps failing. */
  observeHealth(report: HealthReport, settings: AppSettings): void {
    for (const n of this.healthNotifier.observe(report, settings.schedule.staleHours)) {
      if (n.problem !== "stale" && !settings.notifications.onFailure) continue;
      // The run that just ended may have said the same already ("sign in again").
      if (n.title === this.lastNoticeTitle) continue;
      this.notify(n.title, n.body);
    }
  }

  /** Builds and pushes the state now (the scheduler's periodic health check waits for it). */
  async pushStateNow(): Promise<void> {
    try {
      this.events.emit("state", await buildState(this));
    } catch {
      // The next push tries again.
    }
  }

  private lastNoticeTitle: string | null = null;

  notify(title: string, body: string): void {
    this.lastNoticeTitle = title;
    this.host.notify?.(title, body);
  }

  archiveName(): string {
    return this.session.root ? path.basename(this.session.root) : "";
  }
}
