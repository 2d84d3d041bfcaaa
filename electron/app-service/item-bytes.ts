import { ApiError } from "../../shared/app-api.js";
import type { CatalogEntry } from "../../shared/archive-types.js";
import type { ServiceContext } from "./service-context.js";

/** Items bigger than this are not opened in the viewer (restore them instead). */
const MAX_VIEW_BYTES = 64 * 1024 * 1024;

/** One item of a snapshot and its decrypted bytes. */
export async function readItem(ctx: ServiceContext, ref: string, source: string, p: string): Promise<{ entry: CatalogEntry; bytes: Buffer }> {
  const archive = ctx.session.require();
  const { index } = await ctx.index(ref);
  const entry = index.get(source, p.replace(/^\/+|\/+$/g, ""));
  if (!entry) throw new ApiError("not-found", `${source}/${p} is not in this snapshot. It may exist only in another snapshot.`);
  if (entry.type !== "file") return { entry, bytes: Buffer.alloc(0) };
  if ((entry.size ?? 0) > MAX_VIEW_BYTES) throw new ApiError("invalid", `${entry.path} is too big to show here (${Math.round((entry.size ?? 0) / 1024 / 1024)} MiB). Restore it to open it.`);
  const reader = await archive.reader();
  const bytes = Buffer.concat(await reader.readMany(entry.content ?? []));
  return { entry, bytes };
}
