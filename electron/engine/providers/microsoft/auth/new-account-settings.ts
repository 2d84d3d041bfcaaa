/** Settings for a Microsoft account about to be signed in for the first time. */
import { randomUUID } from "node:crypto";
import {
  DEFAULT_GRAPH_ENDPOINT,
  DEFAULT_MICROSOFT_AUTHORITY,
  DEFAULT_MICROSOFT_CLIENT_ID,
  MicrosoftAccountSettingsSchema,
} from "../../../../../shared/microsoft-account.js";
import type { MicrosoftAccountSettings } from "../../../../../shared/microsoft-account.js";
import { UsageError } from "../../../errors.js";
import { MICROSOFT_BACKUP_SCOPES } from "./microsoft-scopes.js";

export interface NewMicrosoftAccountOptions {
  id?: string;
  clientId?: string;
  authority?: string;
  graphEndpoint?: string;
}

export function newMicrosoftAccountSettings(opts: NewMicrosoftAccountOptions = {}): MicrosoftAccountSettings {
  const candidate = {
    id: opts.id ?? randomUUID(),
    clientId: opts.clientId ?? DEFAULT_MICROSOFT_CLIENT_ID,
    authority: (opts.authority ?? DEFAULT_MICROSOFT_AUTHORITY).replace(/\/+$/, ""),
    graphEndpoint: (opts.graphEndpoint ?? DEFAULT_GRAPH_ENDPOINT).replace(/\/+$/, ""),
    scopes: [...MICROSOFT_BACKUP_SCOPES],
  };
  const parsed = MicrosoftAccountSettingsSchema.safeParse(candidate);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new UsageError(`Invalid Microsoft account setting ${issue?.path.join(".") ?? ""}: ${issue?.message ?? "invalid"}.`);
  }
  return parsed.data;
}
