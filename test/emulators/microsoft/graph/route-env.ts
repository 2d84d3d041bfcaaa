// What route handlers share beyond the request: the delta machinery (token codec, quirks, how an
// expired token is answered) and the pre-authenticated download URLs. Fault settings live here so
// the control API changes them while the emulator runs.
import type { DeltaEnvironment } from "./delta-paging.js";
import type { DownloadUrls } from "./download-urls.js";
import { requireAccount, serviceRoot, type GraphRequestContext } from "./graph-context.js";

export interface RouteEnv {
  delta: DeltaEnvironment;
  downloads: DownloadUrls;
}

/** "https://…/v1.0/$metadata#users('id')/<suffix>", Graph's @odata.context for user-scoped data. */
export function userContextUrl(ctx: GraphRequestContext, suffix: string): string {
  const account = requireAccount(ctx);
  return `${serviceRoot(ctx)}/$metadata#users('${encodeURIComponent(account.userId)}')/${suffix}`;
}

/** "https://…/v1.0/me" (or /users/{id}): the base of links the client follows. */
export function userLinkBase(ctx: GraphRequestContext): string {
  return `${serviceRoot(ctx)}${ctx.userRoot ?? "/me"}`;
}
