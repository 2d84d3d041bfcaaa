// Finds the route for a request path. Graph addresses the same mailbox or drive as "/me/…",
// "/users/{id or userPrincipalName}/…" or, for OneDrive, "/drives/{drive-id}/…"; routes are
// written once relative to that root ("user" routes) or to the service root ("service" routes such
// as $batch and BitLocker). Folder chains ("mailFolders/{a}/childFolders/{b}/messages") collapse to
// the last folder, as every Outlook folder is addressable by id alone.
import type { GraphRequestContext, GraphResponse } from "./graph-context.js";
import { methodNotAllowed, segmentNotFound } from "./graph-errors.js";
import { matchSegments, parseGraphPath, type PathSegment } from "./graph-path.js";
import type { Workload } from "./fault-injection.js";

export type RouteHandler = (ctx: GraphRequestContext, params: Record<string, string>) => GraphResponse | Promise<GraphResponse>;

export interface RouteDef {
  method: "GET" | "POST" | "PATCH" | "DELETE";
  /** Relative to the user root ("user") or the service root ("service"), e.g. "/mailFolders/{id}/messages/delta". */
  pattern: string;
  scope: "user" | "service";
  workload: Workload;
  /** Delegated scopes of which the token needs any. */
  scopes?: readonly string[];
  handler: RouteHandler;
}

/** How the request named its account. */
export type UserSelector = { kind: "me" } | { kind: "user"; id: string } | { kind: "drive"; driveId: string };

export interface RouteMatch {
  route: RouteDef;
  params: Record<string, string>;
  /** "GET /mailFolders/{id}/messages/delta" — for request counting and fault matching. */
  routeKey: string;
  user?: UserSelector;
  /** "/me", "/users/{id}" or "/drives/{id}" as the client wrote it. */
  userRoot?: string;
}

const FOLDER_COLLECTIONS = new Set(["mailfolders", "contactfolders"]);

/** "mailFolders/a/childFolders/b/…" → "mailFolders/b/…" (any depth). */
function collapseFolderChains(segments: PathSegment[]): PathSegment[] {
  const out = [...segments];
  for (let i = 2; i < out.length - 1; i++) {
    if (out[i]?.lower === "childfolders" && FOLDER_COLLECTIONS.has(out[i - 2]?.lower ?? "")) {
      out.splice(i - 1, 2);
      i -= 2;
    }
  }
  return out;
}

export class GraphRouter {
  constructor(private readonly routes: readonly RouteDef[]) {}

  match(ctx: GraphRequestContext): RouteMatch {
    const parsed = parseGraphPath(ctx.path);
    for (const [k, v] of parsed.params) if (!ctx.query.has(k)) ctx.query.set(k, v);
    let segments = parsed.segments;
    let user: UserSelector | undefined;
    let userRoot: string | undefined;
    const first = segments[0];
    if (first?.lower === "me") {
      user = { kind: "me" };
      userRoot = "/me";
      segments = segments.slice(1);
    } else if (first?.lower === "users" && segments[1]) {
      user = { kind: "user", id: segments[1].text };
      userRoot = `/users/${segments[1].text}`;
      segments = segments.slice(2);
    } else if (first?.lower === "drives" && segments[1]) {
      user = { kind: "drive", driveId: segments[1].text };
      userRoot = `/drives/${segments[1].text}`;
      // "/drives/{id}/root/…" is "/drive/root/…" of that drive's owner.
      segments = [{ text: "drive", lower: "drive" }, ...segments.slice(2)];
    }
    segments = collapseFolderChains(segments);
    const scope = user ? "user" : "service";
    let methodMismatch = false;
    for (const route of this.routes) {
      if (route.scope !== scope) continue;
      const params = matchSegments(segments, route.pattern);
      if (!params) continue;
      if (route.method !== ctx.method) {
        methodMismatch = true;
        continue;
      }
      const m: RouteMatch = { route, params, routeKey: `${route.method} ${route.pattern === "" ? "/" : route.pattern}` };
      if (user) m.user = user;
      if (userRoot) m.userRoot = userRoot;
      return m;
    }
    if (methodMismatch) throw methodNotAllowed();
    const unknown = segments.find((s, i) => !this.routes.some((r) => r.scope === scope && r.pattern.split("/").filter((p) => p.length > 0)[i]?.toLowerCase() === s.lower)) ?? segments[segments.length - 1];
    throw segmentNotFound(unknown?.text ?? (first?.text ?? ""));
  }
}
