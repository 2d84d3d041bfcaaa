// /me and /users/{id}: the signed-in user's profile. Personal accounts show their quirks: the id is
// the 16-hex-digit cid, not the oid, and `mail` is null (use userPrincipalName).
import { SCOPES } from "./auth-check.js";
import { jsonResponse, requireAccount, serviceRoot } from "./graph-context.js";
import type { RouteDef } from "./graph-router.js";
import { applySelect, queryOption } from "./odata-query.js";

export function userRoutes(): RouteDef[] {
  return [
    {
      method: "GET",
      pattern: "",
      scope: "user",
      workload: "directory",
      scopes: SCOPES.userRead,
      handler: (ctx) => {
        const account = requireAccount(ctx);
        const a = account.account;
        const [given = null, ...rest] = a.displayName.split(" ");
        const body: Record<string, unknown> = {
          businessPhones: [],
          displayName: a.displayName,
          givenName: given,
          jobTitle: null,
          mail: a.kind === "personal" ? null : a.address,
          mobilePhone: null,
          officeLocation: null,
          preferredLanguage: a.kind === "personal" ? "en-US" : null,
          surname: rest.length > 0 ? rest.join(" ") : null,
          userPrincipalName: a.address,
          id: account.userId,
        };
        const select = queryOption(ctx.query, "$select")?.split(",").map((s) => s.trim());
        return jsonResponse({ "@odata.context": `${serviceRoot(ctx)}/$metadata#users/$entity`, ...applySelect(body, select) });
      },
    },
  ];
}
