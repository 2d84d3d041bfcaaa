import type { z } from "zod";
import type { SettingsPatchSchema } from "../../shared/app-api.js";
import type { AppSettings } from "../../shared/app-types.js";
import { DEFAULT_STALE_HOURS } from "../engine/backup/source-status.js";
import type { AppPrefs } from "../engine/settings/settings-store.js";

export const DEFAULT_APP_SETTINGS: AppSettings = {
  schedule: { enabled: true, everyHours: 24 },
  retention: { keepLast: 10, keepDaily: 7, keepWeekly: 4, keepMonthly: 12, keepYearly: 5 },
  notifications: { onFailure: true, onSuccess: false, whenStaleHours: DEFAULT_STALE_HOURS },
};

/** The stored preferences over the defaults (a settings file from before the app has none). */
export function appSettingsOf(prefs: AppPrefs | undefined): AppSettings {
  const d = DEFAULT_APP_SETTINGS;
  return {
    schedule: { ...d.schedule, ...prefs?.schedule },
    retention: { ...d.retention, ...prefs?.retention },
    notifications: { ...d.notifications, ...prefs?.notifications },
  };
}

export function mergeSettings(current: AppSettings, patch: z.output<typeof SettingsPatchSchema>): AppSettings {
  return {
    schedule: { ...current.schedule, ...patch.schedule },
    retention: { ...current.retention, ...patch.retention },
    notifications: { ...current.notifications, ...patch.notifications },
  };
}
