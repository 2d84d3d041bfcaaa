// The desktop app's API contract: every request the UI may make (channel → zod schema of its one
// argument, and the type of its answer) and every event the engine pushes. Both transports use it:
// the Electron shell validates each IPC message against these schemas (after checking the sender),
// and the test-only WebSocket bridge does the same, so the renderer cannot tell them apart.
import { z } from "zod";
import type { SnapshotSummary } from "./archive-types.js";
import type { OsScheduleStatus, RunRecord } from "./schedule-types.js";
import { ApiError } from "./api-error.js";
import type {
  AboutView,
  AppSettings,
  AppState,
  ApiErrorInfo,
  AutostartView,
  DetailView,
  ImportReport,
  ItemPage,
  JobOutcome,
  JobView,
  MessageView,
  OtpCode,
  SearchResult,
  VaultView,
} from "./app-types.js";

const text = (max = 4096) => z.string().max(max);
const name = z.string().min(1).max(512);
const absolutePath = z.string().min(1).max(4096);
const snapshotRef = z.string().regex(/^(latest|[0-9a-f]{4,64})$/, "a snapshot id (hex) or latest");
const itemPath = z.string().max(4096);
/** A local clock time, "HH:MM" (24 h). */
const clockTime = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, "a time like 09:30");

export const SettingsPatchSchema = z
  .object({
    schedule: z
      .object({
        enabled: z.boolean(),
        everyHours: z.number().int().min(1).max(24 * 7),
        mode: z.enum(["interval", "daily"]),
        atTime: clockTime,
        jitterMinutes: z.number().int().min(0).max(240),
        quiet: z.object({ from: clockTime, to: clockTime }).strict().nullable(),
        pauseOnBatterySaver: z.boolean(),
        verifySamplePercent: z.number().min(0).max(100),
        monthlyFullVerify: z.boolean(),
        staleHours: z.number().int().min(1).max(24 * 90),
      })
      .partial(),
    retention: z
      .object({
        keepLast: z.number().int().min(1).max(10_000),
        keepDaily: z.number().int().min(0).max(10_000),
        keepWeekly: z.number().int().min(0).max(10_000),
        keepMonthly: z.number().int().min(0).max(10_000),
        keepYearly: z.number().int().min(0).max(1000),
      })
      .partial(),
    notifications: z.object({ onFailure: z.boolean(), onSuccess: z.boolean(), whenStaleHours: z.number().int().min(1).max(24 * 90) }).partial(),
  })
  .partial()
  .strict();

/** Which items a restore takes: everything, or sources / paths (a path selects itself and everything below it). */
export const RestoreSelectionSchema = z
  .object({
    sources: z.array(name).max(1000).optional(),
    /** "source/path" strings as listed by browse and search. */
    items: z.array(z.object({ source: name, path: itemPath })).max(100_000).optional(),
    /** Only these kinds ("email", "event", "contact", "file", ...). */
    kinds: z.array(text(64)).max(32).optional(),
  })
  .strict();

/** Channel → schema of the request's single argument. Unknown keys are rejected (strict). */
export const requestSchemas = {
  "app:get-state": z.object({}).strict(),
  "app:about": z.object({}).strict(),
  "archive:default-path": z.object({}).strict(),
  /** Create a new archive; answers the printable recovery key (shown once). */
  "archive:create": z.object({ path: absolutePath, passphrase: z.string().min(1).max(1024), remember: z.boolean() }).strict(),
  /** Choose an existing archive (it stays locked until `archive:unlock`). */
  "archive:open": z.object({ path: absolutePath }).strict(),
  "archive:unlock": z
    .object({ passphrase: z.string().min(1).max(1024).optional(), recoveryKey: z.string().min(1).max(256).optional(), remember: z.boolean() })
    .strict()
    .refine((v) => (v.passphrase === undefined) !== (v.recoveryKey === undefined), "give either the passphrase or the recovery key"),
  "archive:lock": z.object({}).strict(),
  "archive:change-passphrase": z.object({ current: z.string().min(1).max(1024), next: z.string().min(1).max(1024) }).strict(),
  /** Write the emergency kit (PDF: recovery key, OTP QR codes, BitLocker keys) to this file. */
  "archive:save-kit": z.object({ to: absolutePath, recoveryKey: z.string().max(256).optional() }).strict(),
  "accounts:add-folder": z.object({ path: absolutePath, name: name.optional() }).strict(),
  /** Sign in to a Microsoft account in the system browser and add it. */
  "accounts:add-microsoft": z.object({ accountType: z.enum(["personal", "work"]), loginHint: text(320).optional() }).strict(),
  "accounts:sign-in-again": z.object({ name }).strict(),
  /** Forget the account's tokens (keychain); its data stays in the archive. */
  "accounts:sign-out": z.object({ name }).strict(),
  /** Stop backing up a source; its data stays in earlier snapshots. */
  "accounts:remove": z.object({ name }).strict(),
  "backup:start": z.object({ sources: z.array(name).max(1000).optional() }).strict(),
  "job:cancel": z.object({ id: z.string().min(1).max(64) }).strict(),
  "snapshots:list": z.object({}).strict(),
  /** The direct children of a folder (path "" = the source's root; source omitted = list the sources). */
  "browse:list": z
    .object({ snapshot: snapshotRef, source: name.optional(), path: itemPath, offset: z.number().int().min(0), limit: z.number().int().min(1).max(5000) })
    .strict(),
  "browse:search": z
    .object({ snapshot: snapshotRef, query: text(512), kinds: z.array(text(64)).max(32).optional(), limit: z.number().int().min(1).max(5000) })
    .strict(),
  "browse:message": z.object({ snapshot: snapshotRef, source: name, path: itemPath }).strict(),
  "browse:detail": z.object({ snapshot: snapshotRef, source: name, path: itemPath }).strict(),
  "restore:start": z
    .object({
      snapshot: snapshotRef,
      selection: RestoreSelectionSchema,
      to: absolutePath,
      mailFormat: z.enum(["eml", "mbox"]),
    })
    .strict(),
  "verify:start": z.object({ level: z.enum(["files", "structure", "data"]) }).strict(),
  "vault:get": z.object({ snapshot: snapshotRef.optional() }).strict(),
  "vault:codes": z.object({ at: z.number().int().min(0).optional() }).strict(),
  /** The one answer that carries a secret: shown because the user clicked "Reveal". */
  "vault:reveal-bitlocker": z.object({ keyId: z.string().min(1).max(64) }).strict(),
  /** Import an OTP or BitLocker export (dropped on the window). Base64 keeps the bytes exact. */
  "vault:import": z
    .object({ fileName: text(512), dataBase64: z.string().max(64 * 1024 * 1024), password: z.string().max(1024).optional(), what: z.enum(["auto", "otp", "bitlocker"]) })
    .strict(),
  "settings:update": SettingsPatchSchema,
  /** The archive's run history (scheduled, manual, OS timer), newest first. */
  "history:list": z.object({ limit: z.number().int().min(1).max(10_000).optional() }).strict(),
  /** The OS scheduler entry that runs backups while the app is closed (systemd timer, launchd agent, Windows task). */
  "schedule:os-status": z.object({}).strict(),
  "schedule:os-install": z.object({}).strict(),
  "schedule:os-remove": z.object({}).strict(),
  /** "Start Lifeboat when I log in" (answered by the Electron shell: XDG autostart / login item). */
  "app:get-autostart": z.object({}).strict(),
  "app:set-autostart": z.object({ enabled: z.boolean() }).strict(),
  /**
   * Native pickers: answered by the Electron shell itself (never reaches the engine). Over the test
   * bridge they answer { path: null } and the UI falls back to a typed path.
   */
  "dialog:choose-folder": z.object({ title: text(200), defaultPath: absolutePath.optional() }).strict(),
  "dialog:save-file": z.object({ title: text(200), defaultName: text(255) }).strict(),
  /** Open an https link (help, Microsoft's pages) in the system browser; the shell checks an allowlist. */
  "app:open-external": z.object({ url: z.string().url().max(2048) }).strict(),
} as const;

export type Channel = keyof typeof requestSchemas;
export type RequestOf<C extends Channel> = z.input<(typeof requestSchemas)[C]>;

/** Channel → the answer's type. */
export interface ResultMap {
  "app:get-state": AppState;
  "app:about": AboutView;
  "archive:default-path": { path: string };
  "archive:create": { recoveryKey: string };
  "archive:open": AppState;
  "archive:unlock": AppState;
  "archive:lock": AppState;
  "archive:change-passphrase": { changed: true };
  "archive:save-kit": { path: string; bytes: number };
  "accounts:add-folder": { name: string };
  "accounts:add-microsoft": { name: string; username: string };
  "accounts:sign-in-again": { name: string };
  "accounts:sign-out": { name: string };
  "accounts:remove": { name: string };
  "backup:start": { jobId: string };
  "job:cancel": { cancelled: boolean };
  "snapshots:list": SnapshotSummary[];
  "browse:list": ItemPage;
  "browse:search": SearchResult;
  "browse:message": MessageView;
  "browse:detail": DetailView;
  "restore:start": { jobId: string };
  "verify:start": { jobId: string };
  "vault:get": VaultView;
  "vault:codes": OtpCode[];
  "vault:reveal-bitlocker": { keyId: string; recoveryPassword: string };
  "vault:import": ImportReport;
  "settings:update": AppSettings;
  "history:list": RunRecord[];
  "schedule:os-status": OsScheduleStatus;
  "schedule:os-install": OsScheduleStatus;
  "schedule:os-remove": OsScheduleStatus;
  "app:get-autostart": AutostartView;
  "app:set-autostart": AutostartView;
  "app:open-external": { opened: boolean };
  "dialog:choose-folder": { path: string | null };
  "dialog:save-file": { path: string | null };
}
export type ResultOf<C extends Channel> = ResultMap[C];

/** Events the engine pushes to the UI. */
export interface EventMap {
  state: AppState;
  "job-progress": JobView;
  "job-finished": JobOutcome;
}
export type EventName = keyof EventMap;

/** What travels back for every request: an answer, or an error people can act on. */
export type Reply<T> = { ok: true; value: T } | { ok: false; error: ApiErrorInfo };

/**
 * The whole surface the renderer gets (`window.lifeboat`). The Electron preload and the test
 * bridge both implement it (`satisfies LifeboatApi`), so they cannot drift apart. Listeners get the
 * payload only, never the transport's event object.
 */
export interface LifeboatApi {
  invoke<C extends Channel>(channel: C, request: RequestOf<C>): Promise<ResultOf<C>>;
  on<E extends EventName>(event: E, listener: (payload: EventMap[E]) => void): () => void;
  /** "electron" in the app, "bridge" in the browser tests and `npm run ui:preview`. */
  readonly transport: "electron" | "bridge";
}

/** Validates a request against its channel's schema; throws ApiError("invalid") with the reason. */
export function parseRequest<C extends Channel>(channel: string, request: unknown): { channel: C; request: z.output<(typeof requestSchemas)[C]> } {
  if (!Object.prototype.hasOwnProperty.call(requestSchemas, channel)) throw new ApiError("invalid", `Unknown request: ${String(channel).slice(0, 64)}`);
  const r = requestSchemas[channel as C].safeParse(request);
  if (!r.success) throw new ApiError("invalid", `Bad request for ${channel}: ${r.error.issues.map((i) => `${i.path.join(".") || "(argument)"}: ${i.message}`).join("; ")}`);
  return { channel: channel as C, request: r.data as z.output<(typeof requestSchemas)[C]> };
}

// Re-exported so existing imports keep working; the preload imports the zod-free modules directly
// (importing this file would bundle zod into it).
export { ApiError, apiErrorFromUnknown, encodeApiErrorMessage } from "./api-error.js";
export { IPC_INVOKE, eventNames, ipcEventChannel } from "./ipc-channels.js";
