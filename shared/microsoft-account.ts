/**
 * The non-secret settings of one Microsoft account in Lifeboat. They live in settings.json and
 * cross the API boundary to the UI; the tokens never do (they stay in the OS keychain, in the
 * entry named by `id`).
 *
 * Everything that differs between the public cloud, a national cloud (e.g.
 * login.microsoftonline.us + graph.microsoft.us) and the test emulators is here: the client id,
 * the authority and the Graph endpoint. The code paths are the same for all of them.
 */
import { z } from "zod";

/**
 * Lifeboat's application (client) id at Microsoft: a public client ("Mobile and desktop
 * applications", redirect http://localhost, public client flows allowed) for work/school and
 * personal accounts. PLACEHOLDER until the app is registered; an account can name its own.
 */
export const DEFAULT_MICROSOFT_CLIENT_ID = "cdb23a77-85ef-405c-bc17-b32cd6b6ede2";

/** Sign-in works for work/school and personal accounts through `common`. */
export const DEFAULT_MICROSOFT_AUTHORITY = "https://login.microsoftonline.com/common";

export const DEFAULT_GRAPH_ENDPOINT = "https://graph.microsoft.com";

/** The tenant id of every personal Microsoft account (the `tid` claim). */
export const MICROSOFT_CONSUMERS_TENANT_ID = "9188040d-6c67-4c5b-b112-36a304b66dad";

export const MicrosoftAccountKindSchema = z.enum(["personal", "work"]);
export type MicrosoftAccountKind = z.infer<typeof MicrosoftAccountKindSchema>;

// MSAL refuses non-https authorities, and a token must never travel in the clear.
const httpsUrl = z.url({ protocol: /^https$/, error: "must be an https:// URL" });

export const MicrosoftAccountSettingsSchema = z.object({
  /** Lifeboat's own id for the account; names its keychain entry. Stable across renames. */
  id: z.string().min(1).max(100).regex(/^[A-Za-z0-9._-]+$/),
  clientId: z.string().min(1),
  /** The sign-in authority, e.g. https://login.microsoftonline.com/common (or a tenant, or an emulator). */
  authority: httpsUrl,
  /** Graph's base URL without the version, e.g. https://graph.microsoft.com. */
  graphEndpoint: httpsUrl,
  /** Delegated permissions requested at sign-in (without the OpenID scopes MSAL adds). */
  scopes: z.array(z.string().min(1)),
  /** Filled in by the first sign-in. */
  homeAccountId: z.string().optional(),
  username: z.string().optional(),
  tenantId: z.string().optional(),
  accountKind: MicrosoftAccountKindSchema.optional(),
  /**
   * Work accounts only: whether BitLocker recovery keys can be read. The permission needs a
   * tenant administrator's consent, so it is asked for separately and its absence does not stop
   * the rest of the backup.
   */
  bitLocker: z.enum(["not-requested", "granted", "needs-admin-consent", "unavailable"]).optional(),
});
export type MicrosoftAccountSettings = z.infer<typeof MicrosoftAccountSettingsSchema>;
