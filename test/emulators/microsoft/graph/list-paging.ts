// Non-delta collections ($top/$skip paging with an @odata.nextLink that carries $skip), as Graph
// pages mail folders, message lists, contacts, events and drive children.
import { jsonResponse, serviceRoot, type GraphRequestContext, type GraphResponse } from "./graph-context.js";
import { parseSkip, parseTop, withQuery } from "./odata-query.js";

export interface ListPageOptions {
  defaultSize: number;
  max: number;
  contextUrl: string;
  headers?: Record<string, string>;
}

/** One page of `items` (rendered lazily) with a nextLink when more remain. */
export function listPage<T>(ctx: GraphRequestContext, items: readonly T[], render: (item: T) => object, opts: ListPageOptions): GraphResponse {
  const top = parseTop(ctx.query, { defaultSize: opts.defaultSize, max: opts.max });
  const skip = parseSkip(ctx.query);
  const page = items.slice(skip, skip + top);
  const body: Record<string, unknown> = { "@odata.context": opts.contextUrl };
  if (skip + top < items.length) {
    const base = `${serviceRoot(ctx)}${ctx.path.split("?")[0] ?? ""}`;
    body["@odata.nextLink"] = withQuery(base, ctx.query, { $top: String(top), $skip: String(skip + top) });
  }
  body.value = page.map(render);
  return jsonResponse(body, 200, opts.headers ?? {});
}
