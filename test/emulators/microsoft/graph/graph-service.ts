// The request pipeline every Graph call (and every part of a $batch) goes through: route, count,
// authenticate, resolve the addressed account, check scopes, injected faults, the mailbox
// concurrency cap, test holds, then the handler. Failures become Graph-shaped error responses.
import type { AccessTokenVerifier } from "../emulator-contract.js";
import type { AccountData, AccountStore } from "./account-store.js";
import { authenticate, hasAnyScope } from "./auth-check.js";
import { resourceUnits, type DriveBudget } from "./drive-budget.js";
import type { FaultRules, RequestInfo } from "./fault-injection.js";
import { jsonResponse, type GraphRequestContext, type GraphResponse } from "./graph-context.js";
import { accessDeniedOutlook, authorizationDenied, driveAccessDenied, GraphError, graphErrorBody } from "./graph-errors.js";
import type { GraphRouter, RouteMatch } from "./graph-router.js";
import type { MailboxConcurrency } from "./mailbox-concurrency.js";
import type { RequestCounter } from "./request-counter.js";

export interface GraphServiceParts {
  store: AccountStore;
  verifier: AccessTokenVerifier;
  router: GraphRouter;
  faults: FaultRules;
  counter: RequestCounter;
  concurrency: MailboxConcurrency;
  driveBudget: DriveBudget;
}

function deniedFor(m: RouteMatch): GraphError {
  switch (m.route.workload) {
    case "outlook":
      return accessDeniedOutlook();
    case "drive":
      return driveAccessDenied();
    default:
      return authorizationDenied();
  }
}

export class GraphService {
  constructor(private readonly parts: GraphServiceParts) {}

  private resolveAccount(ctx: GraphRequestContext, m: RouteMatch): AccountData {
    const grant = ctx.grant;
    if (!grant) throw new Error("resolveAccount before authentication");
    const own = this.parts.store.get(grant.account);
    if (!own) throw new GraphError(401, "InvalidAuthenticationToken", "The token's user does not exist.");
    const user = m.user;
    if (!user || user.kind === "me") return own;
    if (user.kind === "drive") {
      const target = this.parts.store.byDriveId(user.driveId);
      if (!target) throw new GraphError(404, "itemNotFound", "The resource could not be found.");
      if (target !== own) throw driveAccessDenied();
      return own;
    }
    const target = this.parts.store.get(decodeURIComponent(user.id));
    if (!target) {
      throw m.route.workload === "outlook"
        ? new GraphError(404, "ErrorInvalidUser", `The requested user '${user.id}' is invalid.`)
        : new GraphError(404, "Request_ResourceNotFound", `Resource '${user.id}' does not exist or one of its queried reference-property objects are not present.`);
    }
    // Delegated access reaches the signed-in user's own data only.
    if (target !== own) throw deniedFor(m);
    return own;
  }

  errorResponse(ctx: GraphRequestContext, err: unknown): GraphResponse {
    const graphErr =
      err instanceof GraphError
        ? err
        : new GraphError(500, "InternalServerError", `Emulator failure: ${err instanceof Error ? err.message : String(err)}`);
    const headers = { ...(graphErr.options.headers ?? {}) };
    if (graphErr.options.emptyBody) return { status: graphErr.status, headers };
    return jsonResponse(graphErrorBody(graphErr, ctx, ctx.now), graphErr.status, { ...headers, "content-type": "application/json" });
  }

  async dispatch(ctx: GraphRequestContext): Promise<GraphResponse> {
    let slot: string | undefined;
    try {
      const m = this.parts.router.match(ctx);
      const info: RequestInfo = { routeKey: m.routeKey, workload: m.route.workload, method: ctx.method, inBatch: ctx.inBatch };
      this.parts.counter.record(m.routeKey);
      if (!ctx.grant) ctx.grant = authenticate(this.parts.verifier, ctx.headers.authorization);
      ctx.account = this.resolveAccount(ctx, m);
      if (m.userRoot) ctx.userRoot = m.userRoot;
      if (m.route.scopes && !hasAnyScope(ctx.grant, m.route.scopes)) throw deniedFor(m);
      const injected = this.parts.faults.check(info);
      if (injected) throw injected;
      if (m.route.workload === "outlook") {
        this.parts.concurrency.acquire(ctx.account.address.toLowerCase());
        slot = ctx.account.address.toLowerCase();
      }
      const budgetHeaders = m.route.workload === "drive" ? this.parts.driveBudget.charge(ctx.account.address.toLowerCase(), resourceUnits(m.routeKey, ctx.query.has("token"))) : {};
      await this.parts.faults.passHolds(info);
      const response = await m.route.handler(ctx, m.params);
      return Object.keys(budgetHeaders).length > 0 ? { ...response, headers: { ...response.headers, ...budgetHeaders } } : response;
    } catch (err) {
      if (!(err instanceof GraphError)) console.error("graph emulator: handler failed:", err);
      return this.errorResponse(ctx, err);
    } finally {
      if (slot !== undefined) this.parts.concurrency.release(slot);
    }
  }
}
