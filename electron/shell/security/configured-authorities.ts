import type { Settings } from "../../engine/settings/settings-store.js";
import { DEFAULT_MICROSOFT_AUTHORITY } from "../../../shared/microsoft-account.js";

/** The env variable that points new Microsoft sign-ins elsewhere (a national cloud, the emulators). */
export const AUTHORITY_ENV = "LIFEBOAT_MS_AUTHORITY";

/**
 * The sign-in authorities Lifeboat is configured with: Microsoft's default, the one new accounts
 * use (LIFEBOAT_MS_AUTHORITY), and every saved account's own. Their hosts may be opened in the
 * browser (see external-url-policy.ts).
 */
export function configuredAuthorities(settings: Settings | null, env: NodeJS.ProcessEnv): string[] {
  const out = new Set<string>([DEFAULT_MICROSOFT_AUTHORITY]);
  const fromEnv = env[AUTHORITY_ENV];
  if (fromEnv) out.add(fromEnv);
  for (const archive of Object.values(settings?.archives ?? {})) {
    for (const source of archive.sources) if (source.kind === "microsoft") out.add(source.account.authority);
  }
  return [...out];
}
