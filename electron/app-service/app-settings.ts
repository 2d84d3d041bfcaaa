import type { z } from "zod";
import type { SettingsPatchSchema } from "../../shared/app-api.js";
import type { AppSettings } from "../../shared/app-types.js";
import { DEFAULT_SCHEDULE, type ScheduleSettings } from "../../shared/schedule-types.js";
import { DEFAULT_STALE_HOURS } from "../engine/backup/source-status.js";
import type { AppPrefs } from "../engine/settings/settings-store.js";

export const DEFAULT_APP_SETTINGS: AppSettings = {
  schedule: { ...DEFAULT_SCHEDULE, staleHours: DEFAULT_STALE_HOURS },
  retention: { keepLast: 10, keepDaily: 7, keepWeekly: 4, keepMonthly: 12, keepYearly: 5 },
  notifications: { onFailure: true, onSuccess: false, whenStaleHours: DEFAULT_STALE_HOURS },
};

/**
 * The stale threshold lives in two places (the schedule's `staleHours`, and the older
 * `notifications.whenStaleHours` the first app version wrote): whichever was set last wins for both.
 */
function syncStale(s: AppSettings, scheduleSet: boolean, notificationsSet: boolean): AppSettings {
  if (scheduleSet && !notificationsSet) s.notifications.whenStaleHours = s.schedule.staleHours;
  else s.schedule.staleHours = s.notifications.whenStaleHours;
  return s;
}

/**
 * The stored preferences over the defaults (a settings file from before the app has none). The
 * schedule is the archive's own (shared with the CLI and the OS timer) over the app's older
 * `{ enabled, everyHours }`.
 */
export function appSettingsOf(prefs: AppPrefs | undefined, archiveSchedule?: Partial<ScheduleSettings>): AppSettings {
  const d = DEFAULT_APP_SETTINGS;
  const stored: Partial<ScheduleSettings> = { ...prefs?.schedule, ...archiveSchedule };
  return syncStale(
    {
      schedule: { ...d.schedule, ...stored },
      retention: { ...d.retention, ...prefs?.retention },
      notifications: { ...d.notifications, ...prefs?.notifications },
    },
    stored?.staleHours !== undefined,
    prefs?.notifications?.whenStaleHours !== undefined,
  );
}

export function mergeSettings(current: AppSettings, patch: z.output<typeof SettingsPatchSchema>): AppSettings {
  return syncStale(
    {
      schedule: { ...current.schedule, ...patch.schedule },
      retention: { ...current.retention, ...patch.retention },
      notifications: { ...current.notifications, ...patch.notifications },
    },
    patch.schedule?.staleHours !== undefined,
    patch.notifications?.whenStaleHours !== undefined,
  );
}
