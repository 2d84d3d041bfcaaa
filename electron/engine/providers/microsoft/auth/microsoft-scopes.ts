/**
 * The delegated Microsoft Graph permissions Lifeboat asks for. Read-only on purpose: a backup
 * never needs to change the account.
 *
 * BitLocker is not in the sign-in set. Reading a recovery key (`GET .../recoveryKeys/{id}?$select=key`)
 * needs BitLockerKey.Read.All — BitLockerKey.ReadBasic.All only lists key metadata, never the key —
 * and both are "Admin consent required: Yes; Microsoft Account supported: No" in the Graph
 * permissions reference (research microsoft.md §3.9). Asking for it at sign-in would make every
 * personal sign-in fail and stop a work user without an admin at the "Need admin approval"
 * page, for all data. So it is requested separately, for work accounts only (requestBitLockerAccess),
 * and a refusal only switches the BitLocker part off.
 */

/** Read the profile (address, name) and mail, calendars, contacts and files; keep access (refresh token). */
export const MICROSOFT_BACKUP_SCOPES: readonly string[] = Object.freeze([
  "User.Read",
  "Mail.Read",
  "Calendars.Read",
  "Contacts.Read",
  "Files.Read.All",
  "offline_access",
]);

/** Reads BitLocker recovery keys including the key itself (work/school accounts, admin consent). */
export const MICROSOFT_BITLOCKER_SCOPES: readonly string[] = Object.freeze(["BitLockerKey.Read.All"]);
