import type { EventMap, EventName, Reply } from "../../shared/app-api.js";
import type { SecretStore } from "../engine/secrets/secret-store.js";

/**
 * What the engine's app service needs from whoever hosts it: the Electron shell (in a
 * utilityProcess) or the test bridge (plain Node). Everything platform-specific comes in here, so
 * the service itself stays plain Node and testable.
 */
export interface AppServiceHost {
  /** Opens a sign-in page in the user's browser (Electron: shell.openExternal behind an allowlist). */
  openExternal(url: string): Promise<void>;
  /** The OS keychain (tokens, the remembered archive key); null when there is none. */
  secrets: SecretStore | null;
  /** A desktop notification (backup failed, account needs sign-in...); optional. */
  notify?(title: string, body: string): void;
  /** Where settings live (defaults to the CLI's app home, so the CLI and the app share sources). */
  home?: string;
  /** Where "archive:default-path" points (default: ~/Lifeboat Archive). */
  defaultArchiveDir?: string;
  /** Where new Microsoft accounts sign in (default Microsoft's own; tests: the emulators). */
  microsoft?: { authority?: string; graphEndpoint?: string; clientId?: string };
  /** scrypt work factor (log2 N) for new archives and passphrases (default the CLI's; tests use less). */
  scryptLogN?: number;
}

/** The engine side of the app's API: one handler for every channel of shared/app-api.ts. */
export interface AppServiceApi {
  /** Validates `request` against the channel's schema, runs it, and never throws: errors come back as Reply. */
  handle(channel: string, request: unknown): Promise<Reply<unknown>>;
  /** Push events (state, job progress, job finished). Returns the unsubscribe function. */
  subscribe(listener: <E extends EventName>(event: E, payload: EventMap[E]) => void): () => void;
  /** Cancels running jobs (checkpointing backups) and closes the archive. */
  close(): Promise<void>;
}
