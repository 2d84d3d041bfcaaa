import type { Reply } from "../../../shared/app-api.js";

/** Turns anything thrown into a Reply, keeping an ApiError's code (or any error's string `code`). */
export function errorReply(error: unknown, fallbackCode = "failed"): Reply<never> {
  if (error instanceof Error) {
    const code = (error as Error & { code?: unknown }).code;
    return { ok: false, error: { code: typeof code === "string" && code !== "" ? code : fallbackCode, message: error.message || "Something went wrong." } };
  }
  return { ok: false, error: { code: fallbackCode, message: String(error) } };
}

/** Whether `value` has the shape of a Reply (what the engine process sends back is checked too). */
export function isReply(value: unknown): value is Reply<unknown> {
  if (typeof value !== "object" || value === null) return false;
  const v = value as { ok?: unknown; value?: unknown; error?: unknown };
  if (v.ok === true) return "value" in v;
  if (v.ok !== false || typeof v.error !== "object" || v.error === null) return false;
  const e = v.error as { code?: unknown; message?: unknown };
  return typeof e.code === "string" && typeof e.message === "string";
}
