import { randomBytes } from "node:crypto";
import { promises as fsp } from "node:fs";
import path from "node:path";
import { z } from "zod";
import type { SourceConfig } from "../../../shared/archive-types.js";
import { MicrosoftAccountSettingsSchema } from "../../../shared/microsoft-account.js";
import { DEFAULT_SCHEDULE, type ScheduleSettings } from "../../../shared/schedule-types.js";
import { LifeboatError } from "../errors.js";
import { appHome } from "./app-home.js";

/**
 * Settings kept in LIFEBOAT_HOME/settings.json: the default archive and, per archive, its sources.
 * Nothing secret lives here (tokens and keys go to the OS keychain).
 */
const SourceSchema = z.discriminatedUnion("kind", [
  z.object({ name: z.string().min(1), kind: z.literal("folder"), path: z.string().min(1), added: z.string() }),
  z.object({ name: z.string().min(1), kind: z.literal("microsoft"), added: z.string(), account: MicrosoftAccountSettingsSchema }),
]);
/** The desktop app's own settings (the CLI ignores them); every part optional for older files. */
const AppPrefsSchema = z.object({
  schedule: z.object({ enabled: z.boolean(), everyHours: z.number() }).partial().optional(),
  retention: z.object({ keepLast: z.number(), keepDaily: z.number(), keepWeekly: z.number(), keepMonthly: z.number(), keepYearly: z.number() }).partial().optional(),
  notifications: z.object({ onFailure: z.boolean(), onSuccess: z.boolean(), whenStaleHours: z.number() }).partial().optional(),
});
export type AppPrefs = z.infer<typeof AppPrefsSchema>;
const LastVerifySchema = z.object({ time: z.string(), level: z.enum(["files", "structure", "data"]), ok: z.boolean(), problems: z.number() });
const ClockSchema = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/);
/** Per-archive schedule (issue 7); every field optional, DEFAULT_SCHEDULE fills the rest. */
const ScheduleSchema = z
  .object({
    enabled: z.boolean(),
    mode: z.enum(["interval", "daily"]),
    everyHours: z.number().min(1).max(24 * 7),
    atTime: ClockSchema,
    jitterMinutes: z.number().min(0).max(24 * 60),
    quiet: z.object({ from: ClockSchema, to: ClockSchema }).nullable(),
    pauseOnBatterySaver: z.boolean(),
    verifySamplePercent: z.number().min(0).max(100),
    monthlyFullVerify: z.boolean(),
    staleHours: z.number().min(1),
  })
  .partial();
const ArchiveEntrySchema = z.object({
  sources: z.array(SourceSchema),
  lastVerify: LastVerifySchema.optional(),
  schedule: ScheduleSchema.optional(),
  /** Consecutive failed runs per source (reset by a good one): "failing" in the health report. */
  failures: z.record(z.string(), z.number().int().min(0)).optional(),
  /** When the last full data verify ran (the monthly one after scheduled runs). */
  lastFullVerify: z.string().optional(),
});
const SettingsSchema = z.object({
  version: z.literal(1),
  defaultArchive: z.string().nullable(),
  archives: z.record(z.string(), ArchiveEntrySchema),
  app: AppPrefsSchema.optional(),
});
export type Settings = z.infer<typeof SettingsSchema>;

export class SettingsStore {
  constructor(readonly home: string = appHome()) {}

  get file(): string {
    return path.join(this.home, "settings.json");
  }

  async load(): Promise<Settings> {
    let text: string;
    try {
      text = await fsp.readFile(this.file, "utf8");
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === "ENOENT") return { version: 1, defaultArchive: null, archives: {} };
      throw err;
    }
    const parsed = SettingsSchema.safeParse(JSON.parse(text));
    if (!parsed.success) throw new LifeboatError(`${this.file} is not valid (${parsed.error.issues[0]?.message}). Fix or delete it; your archive is not affected.`);
    return parsed.data;
  }

  /** Writes atomically, so a crash never leaves half a settings file. */
  async save(s: Settings): Promise<void> {
    await fsp.mkdir(this.home, { recursive: true, mode: 0o700 });
    const tmp = `${this.file}.${randomBytes(4).toString("hex")}.tmp`;
    await fsp.writeFile(tmp, JSON.stringify(s, null, 2) + "\n", { mode: 0o600 });
    await fsp.rename(tmp, this.file);
  }

  async update(fn: (s: Settings) => void): Promise<Settings> {
    const s = await this.load();
    fn(s);
    await this.save(s);
    return s;
  }

  async sources(archive: string): Promise<SourceConfig[]> {
    return (await this.load()).archives[path.resolve(archive)]?.sources ?? [];
  }

  async addSource(archive: string, src: SourceConfig): Promise<void> {
    await this.update((s) => {
      const key = path.resolve(archive);
      const entry = (s.archives[key] ??= { sources: [] });
      if (entry.sources.some((x) => x.name === src.name)) throw new LifeboatError(`A source named "${src.name}" already exists. Pick another with --name.`, 2, "exists");
      entry.sources.push(src);
    });
  }

  /** Changes one source's settings in place (e.g. what a sign-in learned about the account). */
  async updateSource(archive: string, name: string, fn: (src: SourceConfig) => SourceConfig): Promise<SourceConfig> {
    let out: SourceConfig | undefined;
    await this.update((s) => {
      const entry = s.archives[path.resolve(archive)];
      const i = entry?.sources.findIndex((x) => x.name === name) ?? -1;
      if (!entry || i < 0) throw new LifeboatError(`No source named "${name}". See \`lifeboat sources\`.`, 2, "not-found");
      out = fn(entry.sources[i]!);
      entry.sources[i] = out;
    });
    return out!;
  }

  /** The archive's schedule: its saved fields over DEFAULT_SCHEDULE. */
  async schedule(archive: string): Promise<ScheduleSettings> {
    const saved = (await this.load()).archives[path.resolve(archive)]?.schedule ?? {};
    return { ...DEFAULT_SCHEDULE, ...saved };
  }

  async setSchedule(archive: string, patch: Partial<ScheduleSettings>): Promise<ScheduleSettings> {
    const parsed = ScheduleSchema.safeParse(patch);
    if (!parsed.success) throw new LifeboatError(`Invalid schedule: ${parsed.error.issues[0]?.path.join(".")} ${parsed.error.issues[0]?.message}`, 2, "usage");
    await this.update((s) => {
      const entry = (s.archives[path.resolve(archive)] ??= { sources: [] });
      entry.schedule = { ...entry.schedule, ...parsed.data };
    });
    return this.schedule(archive);
  }

  /** Consecutive failed runs per source name. */
  async failures(archive: string): Promise<Record<string, number>> {
    return { ...((await this.load()).archives[path.resolve(archive)]?.failures ?? {}) };
  }

  /** After a run: a failed source's counter goes up by one, a good one's back to 0. */
  async recordSourceOutcomes(archive: string, outcomes: Record<string, "ok" | "failed">): Promise<Record<string, number>> {
    let out: Record<string, number> = {};
    await this.update((s) => {
      const entry = (s.archives[path.resolve(archive)] ??= { sources: [] });
      const f = { ...entry.failures };
      for (const [name, o] of Object.entries(outcomes)) f[name] = o === "ok" ? 0 : (f[name] ?? 0) + 1;
      entry.failures = f;
      out = f;
    });
    return out;
  }

  async lastFullVerify(archive: string): Promise<string | null> {
    return (await this.load()).archives[path.resolve(archive)]?.lastFullVerify ?? null;
  }

  async setLastFullVerify(archive: string, time: string): Promise<void> {
    await this.update((s) => {
      (s.archives[path.resolve(archive)] ??= { sources: [] }).lastFullVerify = time;
    });
  }

  async removeSource(archive: string, name: string): Promise<void> {
    await this.update((s) => {
      const entry = s.archives[path.resolve(archive)];
      if (!entry?.sources.some((x) => x.name === name)) throw new LifeboatError(`No source named "${name}". See \`lifeboat sources\`.`, 2, "not-found");
      entry.sources = entry.sources.filter((x) => x.name !== name);
    });
  }
}
